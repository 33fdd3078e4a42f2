"""The workout's cues on one timeline (core/cue_track): when each falls due, and where it sounds
once the player's channel rules have had their say."""

from __future__ import annotations

import pytest

from couchtimer.core.cue_track import PlacedCue, ScheduledCue, cue_schedule, place_cues
from couchtimer.core.cues import CueMode, CueSettings
from tests.helpers.workouts import COOLDOWN, RUN, WALK, WARMUP, workout


def test_a_short_workout_run_as_planned_has_every_cue_at_its_time() -> None:
    """Warm-up 60 s, run 120 s, walk 30 s: chimes and words at each start, pips 3-2-1 s before
    each end, "Halfway" in the 2-minute run, and the finish exactly at the end."""
    plan = workout((WARMUP, 60), (RUN, 120), (WALK, 30))
    assert cue_schedule(plan, CueSettings()) == [
        ScheduledCue(0.0, "tone-walk"),
        ScheduledCue(0.0, "say-warmup-for"),
        ScheduledCue(0.0, "num-60"),
        ScheduledCue(0.0, "say-seconds"),
        ScheduledCue(57.0, "tone-pip"),
        ScheduledCue(58.0, "tone-pip"),
        ScheduledCue(59.0, "tone-pip"),
        ScheduledCue(60.0, "tone-run"),
        ScheduledCue(60.0, "say-run-for"),
        ScheduledCue(60.0, "num-2"),
        ScheduledCue(60.0, "say-minutes"),
        ScheduledCue(120.0, "say-halfway"),
        ScheduledCue(177.0, "tone-pip"),
        ScheduledCue(178.0, "tone-pip"),
        ScheduledCue(179.0, "tone-pip"),
        ScheduledCue(180.0, "tone-walk"),
        ScheduledCue(180.0, "say-walk-for"),
        ScheduledCue(180.0, "num-30"),
        ScheduledCue(180.0, "say-seconds"),
        ScheduledCue(207.0, "tone-pip"),
        ScheduledCue(208.0, "tone-pip"),
        ScheduledCue(209.0, "tone-pip"),
        ScheduledCue(210.0, "tone-finish"),
        ScheduledCue(210.0, "say-complete"),
    ]


def test_the_settings_decide_as_in_a_live_run() -> None:
    """Tones only: chimes and pips, no words; silent: nothing."""
    plan = workout((RUN, 10), (COOLDOWN, 5))
    assert cue_schedule(plan, CueSettings(mode=CueMode.TONES)) == [
        ScheduledCue(0.0, "tone-run"),
        ScheduledCue(7.0, "tone-pip"),
        ScheduledCue(8.0, "tone-pip"),
        ScheduledCue(9.0, "tone-pip"),
        ScheduledCue(10.0, "tone-walk"),
        ScheduledCue(12.0, "tone-pip"),
        ScheduledCue(13.0, "tone-pip"),
        ScheduledCue(14.0, "tone-pip"),
        ScheduledCue(15.0, "tone-finish"),
    ]
    assert cue_schedule(plan, CueSettings(mode=CueMode.SILENT)) == []


def test_metronome_clicks_sit_on_the_beat_of_run_segments_only() -> None:
    """At 120 spm a click every 0.5 s into each run, none at its start or end, none in walks."""
    plan = workout((WALK, 2), (RUN, 2), (WALK, 2))
    clicks = [
        cue.at
        for cue in cue_schedule(
            plan, CueSettings(mode=CueMode.SILENT, metronome=True, metronome_spm=120)
        )
    ]
    assert clicks == [2.5, 3.0, 3.5]


def test_form_reminders_come_every_period_of_a_run() -> None:
    plan = workout((WALK, 30), (RUN, 190))
    settings = CueSettings(form_reminders=True, form_reminder_minutes=1, countdown=False)
    reminders = [
        (cue.at, cue.cue_id)
        for cue in cue_schedule(plan, settings)
        if cue.cue_id.startswith("say-form")
    ]
    assert reminders == [
        (90.0, "say-form-tall"),
        (150.0, "say-form-steps"),
    ]  # 210 s: 10 s before the end


# Lengths a binary fraction exactly: the sums below are exact.
LENGTHS = {"tone-run": 0.5, "tone-walk": 0.5, "say-run-for": 0.75, "num-3": 0.25, "tone-pip": 0.125}


def test_voice_parts_follow_each_other_after_the_chime() -> None:
    at_ten = [ScheduledCue(10.0, cue) for cue in ("tone-run", "say-run-for", "num-3")]
    assert place_cues(at_ten, LENGTHS, 100.0) == [
        PlacedCue(10.0, 10.5, "tone-run"),
        PlacedCue(10.5, 11.25, "say-run-for"),
        PlacedCue(11.25, 11.5, "num-3"),
    ]


def test_a_pip_sounds_over_speech_at_once() -> None:
    schedule = [
        ScheduledCue(0.0, "say-run-for"),
        ScheduledCue(0.25, "tone-pip"),
        ScheduledCue(0.25, "num-3"),
    ]
    assert place_cues(schedule, LENGTHS, 100.0) == [
        PlacedCue(0.0, 0.75, "say-run-for"),
        PlacedCue(0.25, 0.375, "tone-pip"),
        PlacedCue(0.75, 1.0, "num-3"),
    ]


def test_a_chime_cuts_off_what_sounds_and_drops_what_waits() -> None:
    """The next segment's chime starts exactly at its boundary, as the player does."""
    schedule = [
        ScheduledCue(0.0, "say-run-for"),
        ScheduledCue(0.0, "num-3"),  # would start at 0.75: never starts
        ScheduledCue(0.4375, "tone-pip"),  # sounding at 0.5: cut there
        ScheduledCue(0.5, "tone-walk"),
    ]
    assert place_cues(schedule, LENGTHS, 100.0) == [
        PlacedCue(0.0, 0.5, "say-run-for"),
        PlacedCue(0.4375, 0.5, "tone-pip"),
        PlacedCue(0.5, 1.0, "tone-walk"),
    ]


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        pytest.param(9.25, [PlacedCue(9.25, 9.75, "tone-run")], id="ends before the track"),
        pytest.param(9.5, [PlacedCue(9.5, 10.0, "tone-run")], id="ends with the track"),
        pytest.param(9.75, [PlacedCue(9.75, 10.0, "tone-run")], id="cut by the end"),
        pytest.param(10.0, [], id="due at the end: left out"),
    ],
)
def test_the_end_of_the_track_cuts_every_cue(at: float, expected: list[PlacedCue]) -> None:
    assert place_cues([ScheduledCue(at, "tone-run")], LENGTHS, 10.0) == expected


@pytest.mark.parametrize(
    ("length", "last"),
    [
        pytest.param(10.25, None, id="would start at the end: left out"),
        pytest.param(10.375, PlacedCue(10.25, 10.375, "num-3"), id="starts, cut by the end"),
    ],
)
def test_a_queued_part_starts_only_before_the_end(length: float, last: PlacedCue | None) -> None:
    at_nine = [ScheduledCue(9.0, cue) for cue in ("tone-run", "say-run-for", "num-3")]
    assert place_cues(at_nine, LENGTHS, length) == [
        PlacedCue(9.0, 9.5, "tone-run"),
        PlacedCue(9.5, 10.25, "say-run-for"),
        *([last] if last else []),
    ]
