"""Placing cues at their limits (issue 23): a pip at the chime's instant, and a schedule that is
not in time order (each cue is judged on its own time)."""

from __future__ import annotations

from couchtimer.core.cue_track import PlacedCue, ScheduledCue, place_cues

LENGTHS = {"tone-run": 0.5, "tone-walk": 0.5, "tone-pip": 0.125, "say-run-for": 0.75}


def test_a_pip_due_at_the_chimes_instant_has_not_started_and_goes() -> None:
    schedule = [ScheduledCue(5.0, "tone-pip"), ScheduledCue(5.0, "tone-walk")]
    assert place_cues(schedule, LENGTHS, 100.0) == [PlacedCue(5.0, 5.5, "tone-walk")]


def test_a_cue_due_at_the_end_does_not_stop_an_earlier_one_listed_after_it() -> None:
    schedule = [ScheduledCue(10.0, "tone-run"), ScheduledCue(1.0, "say-run-for")]
    assert place_cues(schedule, LENGTHS, 10.0) == [PlacedCue(1.0, 1.75, "say-run-for")]
