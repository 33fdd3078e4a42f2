"""Cue policy: which cues play for which engine event, under every setting."""

from __future__ import annotations

import pytest

from couchtimer.core.cues import (
    CATALOGUE,
    CueChannel,
    CueMode,
    CuePolicy,
    CueSettings,
    cue_channel,
    duration_parts,
    number_parts,
    spoken_line,
    text_of,
)
from couchtimer.core.engine import (
    Countdown,
    Event,
    Halfway,
    OneMinuteLeft,
    Paused,
    Resumed,
    RunOutcome,
    SegmentEnd,
    SegmentEnded,
    SegmentStarted,
    SegmentTiming,
    WorkoutEngine,
    WorkoutFinished,
)
from couchtimer.core.errors import CouchTimerError, SettingsError
from couchtimer.core.programme import SegmentKind, Workout
from couchtimer.programmes import resolve_programme
from tests.helpers.stubs import FakeClock
from tests.helpers.workouts import COOLDOWN, RUN, WALK, WARMUP, workout

W4 = workout(
    (WARMUP, 300), (RUN, 180), (WALK, 90), (RUN, 300), (WALK, 150), (RUN, 180), (WALK, 90),
    (RUN, 300), (COOLDOWN, 300),
)  # fmt: skip


def policy(w: Workout = W4, **settings: object) -> CuePolicy:
    return CuePolicy(w, CueSettings(**settings))  # type: ignore[arg-type]


def started(w: Workout, index: int) -> SegmentStarted:
    return SegmentStarted(index, w.segments[index], float(w.start_offset(index)))


def finished(completed: bool) -> WorkoutFinished:
    outcome = RunOutcome.COMPLETED if completed else RunOutcome.ENDED_EARLY
    return WorkoutFinished((), outcome, 100.0)


# --- segment starts ---


def test_w4r1_segment_announcements_in_voice_mode() -> None:
    """Each segment of week 4 run 1 starts with its chime, then says what it is, how long, and
    which run it is."""
    p = policy()
    said = [text_of(p.cues_for(started(W4, i))[1:]) for i in range(len(W4.segments))]
    chimes = [p.cues_for(started(W4, i))[0] for i in range(len(W4.segments))]
    assert chimes == [*["tone-walk", "tone-run"] * 4, "tone-walk"]
    assert said == [
        "Warm up: brisk walk for | five | minutes",
        "Run for | three | minutes | Run | one | of | four",
        "Walk for | ninety | seconds",
        "Run for | five | minutes | Run | two | of | four",
        "Walk for | two | and a half | minutes",
        "Run for | three | minutes | Run | three | of | four",
        "Walk for | ninety | seconds",
        "Run for | five | minutes | Run | four | of | four",
        "Cool down: walk for | five | minutes",
    ]


def test_single_run_workout_does_not_say_run_1_of_1() -> None:
    """A workout with one run (weeks 5-9) gives no repeat count."""
    w = workout((WARMUP, 300), (RUN, 1200), (COOLDOWN, 300))
    assert policy(w).cues_for(started(w, 1)) == [
        "tone-run",
        "say-run-for",
        "num-20",
        "say-minutes",
    ]


def test_tones_mode_plays_only_the_chime() -> None:
    """Tones only: a run starts with the run chime, a walk with the walk chime, nothing spoken."""
    p = policy(mode=CueMode.TONES)
    assert p.cues_for(started(W4, 1)) == ["tone-run"]
    assert p.cues_for(started(W4, 2)) == ["tone-walk"]


def test_silent_mode_plays_nothing_for_any_event() -> None:
    """Silent mode: no cue for any kind of event."""
    p = policy(mode=CueMode.SILENT)
    events: list[Event] = [
        started(W4, 1),
        Countdown(3, 1, 477.0),
        Halfway(1, 390.0),
        OneMinuteLeft(3, 800.0),
        Paused(10.0),
        Resumed(10.0),
        finished(True),
    ]
    assert [p.cues_for(e) for e in events] == [[]] * 7


def test_short_segment_gets_the_chime_only_and_no_countdown() -> None:
    """Under 3 s there is no time to speak or count down: the chime alone marks it."""
    w = workout((RUN, 2), (WALK, 3), (RUN, 10))
    p = policy(w)
    assert p.cues_for(started(w, 0)) == ["tone-run"]
    assert p.cues_for(Countdown(1, 0, 1.0)) == []
    assert p.cues_for(started(w, 1)) == ["tone-walk", "say-walk-for", "num-3", "say-seconds"]
    assert p.cues_for(Countdown(2, 1, 3.0)) == ["tone-pip"]


def test_repeat_count_only_for_runs_of_ten_seconds_or_more() -> None:
    """A 9 s run is announced without "Run 1 of 2"; a 10 s run with it."""
    w = workout((RUN, 9), (WALK, 5), (RUN, 10))
    p = policy(w)
    assert text_of(p.announcement(0)) == "Run for | nine | seconds"
    assert text_of(p.announcement(2)) == "Run for | ten | seconds | Run | two | of | two"


def test_durations_of_100_minutes_or_more_fall_back_to_the_bare_word() -> None:
    """A duration the number parts cannot say is announced as "Run" / "Walk" only."""
    w = workout((WARMUP, 6000), (RUN, 6000), (COOLDOWN, 6060))
    p = policy(w)
    assert [p.announcement(i) for i in range(3)] == [["say-walk"], ["say-run"], ["say-walk"]]


# --- countdown, halfway, one minute left ---


def test_countdown_pips_on_and_off() -> None:
    """Pips 3, 2, 1 s before a change by default; none with countdown off."""
    on, off = policy(), policy(countdown=False)
    events = [Countdown(n, 1, 480.0 - n) for n in (3, 2, 1)]
    assert [on.cues_for(e) for e in events] == [["tone-pip"]] * 3
    assert [off.cues_for(e) for e in events] == [[]] * 3


@pytest.mark.parametrize(
    ("kind", "seconds", "voice", "tones"),
    [
        (RUN, 120, ["say-halfway"], ["tone-halfway"]),
        (RUN, 119, [], []),
        (WALK, 300, [], []),
    ],
)
def test_halfway_only_in_runs_of_two_minutes_or_more(
    kind: SegmentKind, seconds: int, voice: list[str], tones: list[str]
) -> None:
    """Halfway is said (voice) or belled (tones) in runs of 2 min or more, never in walks."""
    w = workout((kind, seconds))
    event = Halfway(0, seconds / 2)
    assert policy(w).cues_for(event) == voice
    assert policy(w, mode=CueMode.TONES).cues_for(event) == tones
    assert policy(w, halfway=False).cues_for(event) == []


@pytest.mark.parametrize(("seconds", "expected"), [(300, ["say-one-minute-left"]), (299, [])])
def test_one_minute_left_only_in_runs_of_five_minutes_or_more(
    seconds: int, expected: list[str]
) -> None:
    """ "One minute left" in runs of 5 minutes or more; not in tones mode, not in walks."""
    w = workout((RUN, seconds), (WALK, 600))
    assert policy(w).cues_for(OneMinuteLeft(0, seconds - 60.0)) == expected
    assert policy(w, mode=CueMode.TONES).cues_for(OneMinuteLeft(0, seconds - 60.0)) == []
    assert policy(w).cues_for(OneMinuteLeft(1, seconds + 540.0)) == []


# --- pause, finish ---


def test_pause_resume_and_finish_cues() -> None:
    """Paused/Resumed are spoken; the finish gets the fanfare and praise, or "Workout ended"."""
    voice, tones = policy(), policy(mode=CueMode.TONES)
    assert voice.cues_for(Paused(5.0)) == ["say-paused"]
    assert voice.cues_for(Paused(5.0, suspended=True, suspended_seconds=60.0)) == ["say-paused"]
    assert voice.cues_for(Resumed(5.0)) == ["say-resumed"]
    assert voice.cues_for(finished(True)) == ["tone-finish", "say-complete"]
    assert voice.cues_for(finished(False)) == ["say-ended"]
    assert tones.cues_for(Paused(5.0)) == []
    assert tones.cues_for(Resumed(5.0)) == []
    assert tones.cues_for(finished(True)) == ["tone-finish"]
    assert tones.cues_for(finished(False)) == []


def test_segment_ended_alone_plays_nothing() -> None:
    """The next segment's start speaks for a boundary; the end itself is silent."""
    timing = SegmentTiming(1, 180, 300.0, 180.0, SegmentEnd.COMPLETED)
    assert policy().cues_for(SegmentEnded(timing, 480.0)) == []


# --- batches from the engine: boundaries, skip, back ---


def test_boundary_cue_starts_exactly_at_the_boundary() -> None:
    """The tick at the boundary second returns the next segment's chime first, at that second."""
    clock = FakeClock()
    w = workout((RUN, 10), (WALK, 10))
    engine = WorkoutEngine(w, clock)
    p = policy(w)
    assert p.cues_for_events(engine.start())[0] == "tone-run"
    assert p.cues_for_events(engine.tick(clock.advance(5.0))) == []  # halfway: run too short
    assert p.cues_for_events(engine.tick(clock.advance(1.9))) == []
    assert p.cues_for_events(engine.tick(clock.advance(0.1))) == ["tone-pip"]  # 3 s before
    assert p.cues_for_events(engine.tick(clock.advance(1.0))) == ["tone-pip"]
    assert p.cues_for_events(engine.tick(clock.advance(1.0))) == ["tone-pip"]
    events = engine.tick(clock.advance(1.0))  # exactly 10.0 s
    assert [type(e).__name__ for e in events] == ["SegmentEnded", "SegmentStarted"]
    assert events[1].due == 10.0
    assert p.cues_for_events(events) == ["tone-walk", "say-walk-for", "num-10", "say-seconds"]


def test_skip_announces_the_next_segment_and_back_repeats_the_current() -> None:
    """Skip: the next segment's cue at once. Back: the restarted segment is announced again."""
    clock = FakeClock()
    w = workout((RUN, 60), (WALK, 90), (RUN, 60))
    engine = WorkoutEngine(w, clock)
    p = policy(w)
    engine.start()
    clock.advance(20)
    assert p.cues_for_events(engine.skip()) == [
        "tone-walk",
        "say-walk-for",
        "num-90",
        "say-seconds",
    ]
    clock.advance(10)
    assert p.cues_for_events(engine.back()) == [
        "tone-walk",
        "say-walk-for",
        "num-90",
        "say-seconds",
    ]
    clock.advance(1)  # within 3 s of the start: back goes to the previous run
    assert p.cues_for_events(engine.back())[:2] == ["tone-run", "say-run-for"]


def test_a_late_tick_drops_cues_made_stale_by_a_later_boundary() -> None:
    """A tick 5 s late over a boundary: the missed pips are not played after the fact."""
    clock = FakeClock()
    w = workout((RUN, 10), (WALK, 10))
    engine = WorkoutEngine(w, clock)
    p = policy(w)
    engine.start()
    events = engine.tick(clock.advance(12.0))
    assert [type(e).__name__ for e in events] == [
        "Halfway", "Countdown", "Countdown", "Countdown", "SegmentEnded", "SegmentStarted",
    ]  # fmt: skip
    assert p.cues_for_events(events) == ["tone-walk", "say-walk-for", "num-10", "say-seconds"]


def test_batch_without_a_chime_keeps_every_cue() -> None:
    """Without an interrupting cue in the batch nothing is dropped."""
    assert policy().cues_for_events([Halfway(1, 390.0), Countdown(3, 1, 477.0)]) == [
        "say-halfway",
        "tone-pip",
    ]


# --- metronome and form reminders ---


def test_metronome_clicks_on_the_beat_in_runs_only() -> None:
    """180 spm: a click every 1/3 s from the first beat after the start, none in walks."""
    w = workout((RUN, 2), (WALK, 60))
    p = policy(w, metronome=True, metronome_spm=180)
    assert p.timed_cues(0, 0.0, 0.3) == []
    assert p.timed_cues(0, 0.3, 1 / 3) == ["tone-click"]
    assert p.timed_cues(0, 1 / 3, 0.6) == []
    assert p.timed_cues(0, 0.6, 1.0) == ["tone-click"]  # 3 x (60/180) is on the beat
    assert p.timed_cues(0, 1.0, 2.0) == ["tone-click"]  # late: one click, not three
    assert p.timed_cues(0, 1.9, 2.0) == []  # 2.0 is the boundary: the chime, not a click
    assert p.timed_cues(1, 0.0, 30.0) == []
    assert p.next_timed_cue(0, 0.0) == pytest.approx(1 / 3)
    assert p.next_timed_cue(0, 1 / 3) == pytest.approx(2 / 3)
    assert p.next_timed_cue(0, 1.7) is None
    assert p.next_timed_cue(1, 0.0) is None


def test_metronome_off_by_default_and_plays_in_silent_mode() -> None:
    """No clicks unless asked for; asked for, they play even with silent cues."""
    w = workout((RUN, 60))
    assert policy(w).timed_cues(0, 0.0, 10.0) == []
    assert policy(w).next_timed_cue(0, 0.0) is None
    silent = policy(w, mode=CueMode.SILENT, metronome=True, metronome_spm=120)
    assert silent.timed_cues(0, 0.4, 0.5) == ["tone-click"]


def test_form_reminders_rotate_and_keep_clear_of_the_end() -> None:
    """Every 3 min of a run, a different reminder; none in the last 15 s; voice mode only."""
    w = workout((RUN, 560), (RUN, 554))
    p = policy(w, form_reminders=True)
    assert p.timed_cues(0, 179.0, 180.0) == ["say-form-tall"]
    assert p.timed_cues(0, 180.0, 181.0) == []
    assert p.timed_cues(0, 359.5, 360.0) == ["say-form-steps"]
    assert p.timed_cues(0, 539.5, 540.0) == ["say-form-soft"]  # 20 s before the end
    assert p.timed_cues(1, 539.5, 540.0) == []  # 14 s before the end
    assert p.next_timed_cue(0, 0.0) == 180.0
    assert p.next_timed_cue(1, 360.0) is None
    assert policy(w, form_reminders=True, mode=CueMode.TONES).timed_cues(0, 179, 180) == []


def test_timed_cues_with_metronome_and_reminder_due_together() -> None:
    """At 60 s with both on: the reminder (queued speech), then the click (sounds at once)."""
    w = workout((RUN, 300))
    p = policy(w, metronome=True, metronome_spm=120, form_reminders=True, form_reminder_minutes=1)
    assert p.timed_cues(0, 59.9, 60.0) == ["say-form-tall", "tone-click"]
    assert p.next_timed_cue(0, 59.9) == pytest.approx(60.0)
    assert p.timed_cues(0, 60.0, 59.0) == []  # time does not run backwards


# --- catalogue, numbers, settings ---


def test_every_shipped_segment_has_a_specific_announcement() -> None:
    """Every duration in the NHS plan is said in full, never with the bare fallback word."""
    programme = resolve_programme("nhs-c25k")
    for w in programme.workouts:
        p = CuePolicy(w, CueSettings())
        for index in range(len(w.segments)):
            words = p.announcement(index)
            assert words[0].endswith("-for"), (w.code, index, words)
            assert all(cue in CATALOGUE for cue in words)


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (1, "one | second"),
        (45, "forty | five | seconds"),
        (60, "sixty | seconds"),
        (99, "ninety | nine | seconds"),
        (100, "one | minute | forty | seconds"),
        (120, "two | minutes"),
        (150, "two | and a half | minutes"),
        (181, "three | minutes | one | second"),
        (5940, "ninety | nine | minutes"),
    ],
)
def test_duration_parts(seconds: int, said: str) -> None:
    """Durations are said the way a coach says them."""
    assert text_of(duration_parts(seconds) or []) == said


def test_number_parts_range() -> None:
    """Numbers 1-99 can be said; 0 and 100 cannot."""
    assert number_parts(0) is None
    assert number_parts(100) is None
    assert number_parts(19) == ["num-19"]
    assert number_parts(70) == ["num-70"]
    assert duration_parts(6000) is None
    assert duration_parts(6030) is None


def test_cue_channels() -> None:
    """Chimes interrupt, pips and clicks overlay, speech queues (also for unknown ids)."""
    assert cue_channel("tone-run") is CueChannel.INTERRUPT
    assert cue_channel("tone-finish") is CueChannel.INTERRUPT
    assert cue_channel("tone-pip") is CueChannel.OVERLAY
    assert cue_channel("tone-click") is CueChannel.OVERLAY
    assert cue_channel("say-halfway") is CueChannel.QUEUE
    assert cue_channel("no-such-cue") is CueChannel.QUEUE
    assert text_of(["say-halfway", "no-such-cue"]) == "Halfway | ?no-such-cue"
    assert len(CATALOGUE) == 54


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"volume": 1.5}, "volume 1.5 is outside 0..1"),
        ({"volume": -0.1}, "volume -0.1 is outside 0..1"),
        ({"metronome_spm": 99}, "metronome 99 steps per minute is outside 100..220"),
        ({"metronome_spm": 221}, "metronome 221 steps per minute is outside 100..220"),
        ({"form_reminder_minutes": 0}, "form reminders every 0 minutes: use 1 or more"),
    ],
)
def test_settings_out_of_range_are_user_errors(settings: dict[str, object], message: str) -> None:
    """Bad settings raise a SettingsError (a CouchTimerError) that says what to use."""
    with pytest.raises(SettingsError, match=message) as info:
        CueSettings(**settings)  # type: ignore[arg-type]
    assert isinstance(info.value, CouchTimerError)


def test_default_settings() -> None:
    """The defaults the GUI shows: voice, countdown and halfway on, 80 % volume, extras off."""
    assert CueSettings() == CueSettings(
        mode=CueMode.VOICE,
        countdown=True,
        halfway=True,
        volume=0.8,
        metronome=False,
        metronome_spm=170,
        form_reminders=False,
        form_reminder_minutes=3,
    )


def test_voice_and_tone_cues_are_told_apart() -> None:
    """Voice parts (say-, num-) are spoken by make_cues; tone- cues are synthesised."""
    voices = sorted(cue for cue, spec in CATALOGUE.items() if spec.is_voice)
    tones = sorted(cue for cue, spec in CATALOGUE.items() if not spec.is_voice)
    assert tones == [
        "tone-click",
        "tone-finish",
        "tone-halfway",
        "tone-pip",
        "tone-run",
        "tone-walk",
    ]
    assert len(voices) == 48


def test_no_repeat_count_beyond_99_runs() -> None:
    """Run 100 of 100 cannot be said with the number parts, so the count is left out."""
    w = workout(*[(RUN, 10)] * 100)
    assert policy(w).announcement(99) == ["say-run-for", "num-10", "say-seconds"]


def test_spoken_line_is_what_the_voice_says_in_one_line() -> None:
    """Issue 12, defect 12: every spoken cue also shows; tones and clicks say nothing."""
    assert spoken_line(["tone-run", "say-run-for", "num-3", "say-minutes"]) == (
        "Run for three minutes"
    )
    assert spoken_line(["say-form-tall"]) == "Form check: run tall"
    assert spoken_line(["num-20", "say-seconds"]) == "Twenty seconds"
    assert spoken_line(["tone-pip", "tone-click", "tone-finish"]) == ""
    assert spoken_line([]) == ""


def test_spoken_line_shows_each_sentence_said_as_its_own() -> None:
    """Two sentences said back to back were shown as one ("Run for eight minutes Run one of
    two"): each starts at a part that does not continue a phrase, with its own capital."""
    assert spoken_line(["tone-run", "line-run-for-eight-minutes", "line-run-one-of-two"]) == (
        "Run for eight minutes. Run one of two"
    )
    assert spoken_line(
        ["say-run-for", "num-8", "say-minutes", "say-run", "num-1", "say-of", "num-20", "num-5"]
    ) == ("Run for eight minutes. Run one of twenty five")
    assert spoken_line(["say-walk-for", "num-1", "say-minute", "num-30", "say-seconds"]) == (
        "Walk for one minute thirty seconds"
    )
    assert spoken_line(["say-run-for", "num-2", "say-and-a-half", "say-minutes"]) == (
        "Run for two and a half minutes"
    )
    assert spoken_line(["say-halfway", "tone-pip", "say-form-tall"]) == (
        "Halfway. Form check: run tall"
    )
    assert (
        spoken_line(["say-complete", "say-ended"]) == "Workout complete. Well done. Workout ended"
    )
