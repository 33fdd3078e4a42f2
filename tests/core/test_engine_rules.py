"""The engine's rules pinned on both sides of each threshold (found by mutation testing).

Every test here once let a changed engine pass: pauses that replace each other instead of adding
up, events lost when a control comes without a tick, "back" at exactly its grace time, and the
READY state before ``start()``.
"""

from __future__ import annotations

import pytest

from couchtimer.core.engine import (
    BACK_GRACE_SECONDS,
    COUNTDOWN_FROM,
    SUSPEND_THRESHOLD_SECONDS,
    EngineState,
    Paused,
    Resumed,
    SegmentEnd,
    SegmentStarted,
    WorkoutEngine,
    WorkoutFinished,
)
from tests.helpers.events import names
from tests.helpers.stubs import FakeClock
from tests.helpers.text import exactly
from tests.helpers.workouts import RUN, WALK, workout


def test_the_rules_constants_are_what_the_docs_say() -> None:
    """ "Back" within 3 s of a segment's start goes one segment further back (docs/DESIGN.md);
    a boot-clock lead over 2 s is a suspend; the countdown pips 3, 2, 1."""
    assert (BACK_GRACE_SECONDS, SUSPEND_THRESHOLD_SECONDS, COUNTDOWN_FROM) == (3.0, 2.0, 3)


def test_two_pauses_add_up(clock: FakeClock) -> None:
    """Two 10 s pauses in 50 s leave 30 s of running, not 40."""
    engine = WorkoutEngine(workout((RUN, 100)), clock)
    engine.start()
    for _ in range(2):
        clock.advance(10)
        engine.pause()
        clock.advance(10)
        engine.resume()
    clock.advance(10)
    assert engine.paused_seconds() == 20.0
    assert engine.active_seconds() == 30.0
    assert engine.seconds_left() == 70.0
    assert engine.next_deadline() == clock.monotonic() + 10.0  # one minute left, at 40 s


def test_finish_early_in_a_second_pause_counts_both_pauses(clock: FakeClock) -> None:
    """Ending early during the second pause: 20 s of running were done, in one segment."""
    engine = WorkoutEngine(workout((RUN, 100)), clock)
    engine.start()
    clock.advance(10)
    engine.pause()
    clock.advance(10)
    engine.resume()
    clock.advance(10)
    engine.pause()
    clock.advance(10)
    events = engine.finish_early()
    assert names(events) == ["end0", "finish-early"]
    finished = events[-1]
    assert isinstance(finished, WorkoutFinished)
    assert finished.due == 20.0
    assert [(t.duration, t.ended) for t in finished.timings] == [(20.0, SegmentEnd.ENDED_EARLY)]
    assert engine.active_seconds() == 20.0
    assert engine.paused_seconds() == 20.0


@pytest.mark.parametrize("control", ["skip", "back", "finish_early"])
def test_a_control_without_a_tick_first_yields_the_events_due_before_it(
    clock: FakeClock, control: str
) -> None:
    """A skip, back or finish 70 s into a 120 s run that nothing ticked through still gives
    the halfway and one-minute-left cues, in order, before the segment ends."""
    engine = WorkoutEngine(workout((RUN, 120), (WALK, 60)), clock)
    engine.start()
    clock.advance(70)
    events = getattr(engine, control)()
    assert names(events)[:2] == ["half0", "1min0"]
    assert [e.due for e in events[:2]] == [60.0, 60.0]


def test_a_skip_after_the_natural_end_without_a_tick_ends_it_first(clock: FakeClock) -> None:
    """Past the run's end with no tick: the run completed on time and the skip ends the walk."""
    engine = WorkoutEngine(workout((RUN, 10), (WALK, 60), (RUN, 10)), clock)
    engine.start()
    clock.advance(12)
    events = engine.skip()
    assert names(events) == [
        "half0", "cd3@0", "cd2@0", "cd1@0", "end0", "start1", "end1", "start2",
    ]  # fmt: skip
    assert [(t.index, t.duration, t.ended) for t in engine.timings] == [
        (0, 10.0, SegmentEnd.COMPLETED), (1, 2.0, SegmentEnd.SKIPPED),
    ]  # fmt: skip


def test_a_skip_past_the_very_end_without_a_tick_finishes_once(clock: FakeClock) -> None:
    """A workout that ended by itself before the skip finishes completed; the skip does nothing."""
    engine = WorkoutEngine(workout((RUN, 5)), clock)
    engine.start()
    clock.advance(30)
    assert names(engine.skip()) == ["cd3@0", "half0", "cd2@0", "cd1@0", "end0", "finish"]
    assert engine.state is EngineState.FINISHED
    assert engine.active_seconds() == 5.0


@pytest.mark.parametrize(
    ("seconds_in", "target"),
    [
        pytest.param(2.5, 0, id="2.5 s in: back to the run"),
        pytest.param(2.999, 0, id="just under 3 s: back to the run"),
        pytest.param(3.0, 1, id="exactly 3 s: restart the walk"),
        pytest.param(3.5, 1, id="3.5 s in: restart the walk"),
    ],
)
def test_back_goes_to_the_previous_segment_only_under_3_seconds_in(
    clock: FakeClock, seconds_in: float, target: int
) -> None:
    """Under 3 s into a segment "back" goes to the previous one; from 3 s on it restarts it."""
    engine = WorkoutEngine(workout((RUN, 60), (WALK, 90)), clock)
    engine.start()
    engine.tick(clock.advance(60))
    clock.advance(seconds_in)
    assert names(engine.back()) == ["end1", f"start{target}"]
    assert engine.index == target
    assert engine.timings[-1].duration == pytest.approx(seconds_in)


@pytest.mark.parametrize(
    ("asleep", "suspended"),
    [
        pytest.param(1.5, False, id="1.5 s: jitter"),
        pytest.param(2.0, False, id="exactly 2 s: not yet a suspend"),
        pytest.param(2.5, True, id="2.5 s: a suspend"),
        pytest.param(3.5, True, id="3.5 s: a suspend"),
    ],
)
def test_a_suspend_is_a_boot_clock_lead_over_2_seconds(
    clock: FakeClock, asleep: float, suspended: bool
) -> None:
    """The boot clock running more than 2 s ahead of the monotonic clock pauses the run."""
    engine = WorkoutEngine(workout((RUN, 60)), clock)
    engine.start()
    engine.tick(clock.advance(10))
    clock.suspend(asleep)
    events = engine.tick(clock.advance(1))
    if suspended:
        assert names(events) == ["paused-suspend"]
        assert isinstance(events[0], Paused)
        assert events[0].due == 10.0
        assert events[0].suspended_seconds == pytest.approx(asleep)
        assert engine.state is EngineState.PAUSED
    else:
        assert events == []
        assert engine.state is EngineState.RUNNING
        assert engine.active_seconds() == 11.0


def test_ready_before_start(clock: FakeClock) -> None:
    """Before start() the engine shows the first segment, full, and no control does anything."""
    engine = WorkoutEngine(workout((RUN, 60), (WALK, 90)), clock)
    assert (engine.state, engine.index, engine.segment.seconds) == (EngineState.READY, 0, 60)
    assert engine.timings == ()
    for control in (
        engine.tick,
        engine.pause,
        engine.resume,
        engine.toggle_pause,
        engine.skip,
        engine.back,
        engine.finish_early,
    ):
        clock.advance(5)
        assert control() == []
    assert engine.state is EngineState.READY
    snap = engine.snapshot()
    assert (snap.index, snap.seconds_left, snap.segment_elapsed) == (0, 60.0, 0.0)
    assert (snap.active_seconds, snap.paused_seconds) == (0.0, 0.0)
    assert (snap.total_left, snap.fraction_done) == (150.0, 0.0)
    assert engine.next_deadline() is None
    # The time spent before start() is neither running nor paused time.
    assert names(engine.start()) == ["start0"]
    clock.advance(10)
    assert (engine.active_seconds(), engine.paused_seconds()) == (10.0, 0.0)


def test_snapshot_and_toggle_at_a_given_time(clock: FakeClock) -> None:
    """A caller may pass the time it read once: everything is computed for that instant."""
    engine = WorkoutEngine(workout((RUN, 60), (WALK, 40)), clock)
    begin = clock.monotonic()
    engine.start(begin)
    snap = engine.snapshot(begin + 20)
    assert (snap.seconds_left, snap.segment_elapsed, snap.active_seconds) == (40.0, 20.0, 20.0)
    assert (snap.total_left, snap.fraction_done, snap.paused_seconds) == (80.0, 0.2, 0.0)
    assert snap.segment == engine.workout.segments[0]
    assert names(engine.toggle_pause(begin + 20)) == ["paused"]
    snap = engine.snapshot(begin + 50)
    assert (snap.state, snap.active_seconds, snap.paused_seconds) == (
        EngineState.PAUSED,
        20.0,
        30.0,
    )
    assert names(engine.toggle_pause(begin + 50)) == ["resumed"]
    assert engine.snapshot(begin + 60).active_seconds == 30.0
    assert clock.monotonic() == begin  # the clock itself was never read past the start


def test_finished_early_nothing_is_left(clock: FakeClock) -> None:
    """Ended in the first of two segments: no time left, although the walk never ran."""
    engine = WorkoutEngine(workout((RUN, 60), (WALK, 40)), clock)
    engine.start()
    clock.advance(10)
    engine.finish_early()
    snap = engine.snapshot()
    assert (snap.state, snap.seconds_left, snap.total_left) == (EngineState.FINISHED, 0.0, 0.0)
    assert (snap.active_seconds, snap.fraction_done) == (10.0, 1.0)


def test_every_control_acts_at_the_time_it_is_given(clock: FakeClock) -> None:
    """The GUI passes the time it read once to each call: the engine uses it, not the clock."""
    engine = WorkoutEngine(workout((RUN, 60), (WALK, 61), (RUN, 60)), clock)
    t0 = clock.monotonic() + 5  # the clock itself stays 5 s behind
    started = engine.start(t0)
    assert isinstance(started[0], SegmentStarted)
    assert started[0].segment == engine.workout.segments[0]
    paused = engine.pause(t0 + 10)
    assert isinstance(paused[-1], Paused)
    assert paused[-1].due == 10.0
    resumed = engine.resume(t0 + 30)
    assert isinstance(resumed[-1], Resumed)
    assert resumed[-1].due == 10.0
    assert names(engine.skip(t0 + 50)) == ["half0", "end0", "start1"]
    assert (engine.timings[0].duration, engine.timings[0].planned_seconds) == (30.0, 60)
    assert names(engine.tick(t0 + 51)) == ["1min1"]  # a 61 s walk has a one-minute mark at 1 s
    assert names(engine.back(t0 + 52)) == ["end1", "start0"]
    assert engine.timings[-1].duration == 2.0
    events = engine.finish_early(t0 + 60)
    assert names(events) == ["end0", "finish-early"]
    assert engine.active_seconds() == 40.0
    assert clock.monotonic() == t0 - 5


def test_finishing_in_a_pause_at_a_given_time_ends_the_pause_then(clock: FakeClock) -> None:
    """Paused at 10 s and ended 30 s later by a call given that time: 30 s paused, although
    the clock itself still reads the start."""
    engine = WorkoutEngine(workout((RUN, 60)), clock)
    t0 = clock.monotonic()
    engine.start(t0)
    engine.pause(t0 + 10)
    assert names(engine.finish_early(t0 + 40)) == ["end0", "finish-early"]
    assert (engine.active_seconds(), engine.paused_seconds(t0 + 99)) == (10.0, 30.0)
    assert clock.monotonic() == t0


def test_one_minute_left_only_in_segments_over_a_minute(clock: FakeClock) -> None:
    engine = WorkoutEngine(workout((RUN, 60), (RUN, 61)), clock)
    engine.start()
    assert "1min0" not in names(engine.tick(clock.advance(60)))
    assert names(engine.tick(clock.advance(1))) == ["1min1"]


def test_starting_twice_is_a_programming_error(clock: FakeClock) -> None:
    engine = WorkoutEngine(workout((RUN, 60)), clock)
    engine.start()
    with pytest.raises(RuntimeError, match=exactly("the workout has already started")):
        engine.start()


def test_skipping_the_last_segment_in_a_pause_ends_the_pause_with_the_workout(
    clock: FakeClock,
) -> None:
    """Paused 5 s into the last segment, skipped, then "resume" pressed 30 s later: the
    workout stays finished (resume does not bring it back to life), and the pause ends where
    the workout did (hypothesis found this: tick, pause, skip, resume)."""
    engine = WorkoutEngine(workout((RUN, 60), (WALK, 60)), clock)
    engine.start()
    clock.advance(65)
    engine.pause()
    clock.advance(10)
    assert names(engine.skip()) == ["end1", "finish"]
    clock.advance(30)
    assert engine.resume() == []
    assert engine.state is EngineState.FINISHED
    assert engine.tick(clock.advance(100)) == []
    assert (engine.active_seconds(), engine.paused_seconds()) == (65.0, 10.0)
    assert engine.next_deadline() is None
