"""Cue rules pinned on both sides of each threshold (found by mutation testing)."""

from __future__ import annotations

import pytest

from couchtimer.core.cues import (
    FORM_REMINDER_QUIET_SECONDS,
    FORM_REMINDERS,
    CueMode,
    CuePolicy,
    CueSettings,
    text_of,
)
from couchtimer.core.engine import Countdown
from couchtimer.core.errors import SettingsError
from couchtimer.core.programme import Workout
from tests.helpers.text import exactly
from tests.helpers.workouts import RUN, WALK, workout


def policy(w: Workout, **settings: object) -> CuePolicy:
    return CuePolicy(w, CueSettings(**settings))  # type: ignore[arg-type]


def test_every_form_reminder_is_scheduled_not_only_the_first() -> None:
    """A timer set from next_timed_cue finds the second and third reminders too."""
    p = policy(workout((RUN, 600)), form_reminders=True)
    assert p.next_timed_cue(0, 0.0) == 180.0
    assert p.next_timed_cue(0, 180.0) == 360.0
    assert p.next_timed_cue(0, 200.0) == 360.0
    assert p.next_timed_cue(0, 360.0) == 540.0
    assert p.next_timed_cue(0, 540.0) is None  # 720 s is past the end
    every_two = policy(workout((RUN, 600)), form_reminders=True, form_reminder_minutes=2)
    assert every_two.next_timed_cue(0, 130.0) == 240.0


@pytest.mark.parametrize(
    ("run_seconds", "reminded"),
    [
        pytest.param(196, True, id="16 s before the end"),
        pytest.param(195, True, id="exactly 15 s before the end"),
        pytest.param(194, False, id="14 s before the end"),
    ],
)
def test_a_form_reminder_may_come_15_seconds_before_the_end_but_not_later(
    run_seconds: int, reminded: bool
) -> None:
    """The last 15 s of a run belong to the countdown and the next segment's cue."""
    assert FORM_REMINDER_QUIET_SECONDS == 15
    p = policy(workout((RUN, run_seconds)), form_reminders=True)
    assert p.timed_cues(0, 179.0, 180.0) == (["say-form-tall"] if reminded else [])
    assert p.next_timed_cue(0, 0.0) == (180.0 if reminded else None)


def test_reminders_rotate_through_all_three_and_start_again() -> None:
    """Tall, steps, soft, then tall again; each exactly once when its minute comes."""
    p = policy(workout((RUN, 1000)), form_reminders=True, form_reminder_minutes=1)
    said = [p.timed_cues(0, 60.0 * n - 0.5, 60.0 * n) for n in range(1, 5)]
    assert said == [
        [FORM_REMINDERS[0]],
        [FORM_REMINDERS[1]],
        [FORM_REMINDERS[2]],
        ["say-form-tall"],
    ]
    assert p.timed_cues(0, 0.0, 59.9) == []  # nothing at the start of the run
    assert p.timed_cues(0, 60.0, 119.9) == []  # once per minute
    assert p.timed_cues(0, 30.0, 60.0) == ["say-form-tall"]


def test_form_reminders_only_in_runs_and_only_when_asked() -> None:
    """Walks get none; with the setting off there are none; the metronome alone still clicks."""
    w = workout((WALK, 600), (RUN, 600))
    assert policy(w, form_reminders=True).timed_cues(0, 179.0, 180.0) == []
    assert policy(w, form_reminders=True).next_timed_cue(0, 0.0) is None
    assert policy(w).timed_cues(1, 179.0, 180.0) == []
    assert policy(w).next_timed_cue(1, 0.0) is None
    clicks = policy(w, metronome=True, metronome_spm=120)
    assert clicks.next_timed_cue(1, 179.9) == pytest.approx(180.0)


def test_the_repeat_count_is_left_out_when_either_number_cannot_be_said() -> None:
    """In a workout of 100 runs, run 5 is announced without "of 100" (and does not crash)."""
    w = workout(*[(RUN, 10)] * 100)
    assert policy(w).announcement(4) == ["say-run-for", "num-10", "say-seconds"]
    w99 = workout(*[(RUN, 10)] * 99)
    assert text_of(policy(w99).announcement(98)) == (
        "Run for | ten | seconds | Run | ninety | nine | of | ninety | nine"
    )


@pytest.mark.parametrize(("run_seconds", "pip"), [(2, []), (3, ["tone-pip"])])
def test_countdown_pips_from_segments_of_3_seconds(run_seconds: int, pip: list[str]) -> None:
    """A segment under 3 s has no pips; one of 3 s has them."""
    p = policy(workout((RUN, run_seconds)))
    assert p.cues_for(Countdown(1, 0, run_seconds - 1.0)) == pip


@pytest.mark.parametrize("volume", [0.0, 0.5, 1.0])
def test_volume_from_0_to_1_inclusive(volume: float) -> None:
    """Silent (0.0) and full (1.0) volume are both allowed."""
    assert CueSettings(volume=volume).volume == volume


@pytest.mark.parametrize("volume", [-0.01, 1.01])
def test_volume_outside_0_to_1_is_refused(volume: float) -> None:
    with pytest.raises(
        SettingsError, match=exactly(f"volume {volume} is outside 0..1; use 0.8 for 80 %")
    ):
        CueSettings(volume=volume)


@pytest.mark.parametrize("spm", [100, 220])
def test_metronome_rate_at_both_ends_is_allowed(spm: int) -> None:
    """100 and 220 steps per minute are the ends of the range, both allowed."""
    assert CueSettings(metronome_spm=spm).metronome_spm == spm


def test_metronome_rate_error_says_what_runners_do() -> None:
    with pytest.raises(
        SettingsError,
        match=exactly(
            "metronome 99 steps per minute is outside 100..220; "
            "most runners step 160 to 185 times a minute"
        ),
    ):
        CueSettings(metronome_spm=99)


def test_form_reminders_every_minute_is_allowed() -> None:
    """One minute is the shortest period; the error for 0 says what to use."""
    assert CueSettings(form_reminder_minutes=1).form_reminder_minutes == 1
    with pytest.raises(
        SettingsError, match=exactly("form reminders every 0 minutes: use 1 or more")
    ):
        CueSettings(form_reminder_minutes=0)


def test_tones_mode_has_no_spoken_reminders_but_keeps_the_click() -> None:
    p = policy(workout((RUN, 600)), mode=CueMode.TONES, form_reminders=True, metronome=True)
    assert p.next_timed_cue(0, 179.9) == pytest.approx(60 / 170 * 510)
    assert p.timed_cues(0, 179.0, 180.0) == ["tone-click"]
