"""WorkoutEngine on a FakeClock: exact boundaries, controls, suspend, late ticks, invariants."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from couchtimer.core.engine import (
    EngineState,
    Paused,
    Resumed,
    RunOutcome,
    SegmentEnd,
    SegmentStarted,
    WorkoutEngine,
    WorkoutFinished,
)
from couchtimer.core.programme import Workout
from tests.helpers.events import names
from tests.helpers.stubs import FakeClock
from tests.helpers.workouts import COOLDOWN, RUN, WALK, WARMUP, workout


@pytest.fixture
def c25k_w1() -> Workout:
    return workout((WARMUP, 300), *[(RUN, 60), (WALK, 90)] * 8, (COOLDOWN, 300))


def test_boundaries_are_exact_to_the_millisecond_after_30_minutes(
    clock: FakeClock, c25k_w1: Workout
) -> None:
    """Ticking every 250 ms for 30 minutes, each segment starts exactly at its planned second."""
    engine = WorkoutEngine(c25k_w1, clock)
    starts: dict[int, float] = {}
    for event in engine.start():
        if isinstance(event, SegmentStarted):
            starts[event.index] = event.due
    begin = clock.monotonic()
    while engine.state is EngineState.RUNNING:
        now = clock.advance(0.25)
        for event in engine.tick(now):
            if isinstance(event, SegmentStarted):
                starts[event.index] = event.due
                assert now - begin - event.due == pytest.approx(0.0, abs=1e-3)
    assert starts == {i: float(c25k_w1.start_offset(i)) for i in range(18)}
    assert engine.active_seconds() == 1800.0
    assert [t.duration for t in engine.timings] == [s.seconds for s in c25k_w1.segments]


def test_next_deadline_points_at_the_next_event(clock: FakeClock) -> None:
    """The caller can sleep until next_deadline and wake exactly on each cue."""
    engine = WorkoutEngine(workout((RUN, 120), (WALK, 5)), clock)
    begin = clock.monotonic()
    engine.start()
    seen = []
    while (deadline := engine.next_deadline()) is not None:
        clock.advance(deadline - clock.monotonic())
        seen.append((round(deadline - begin, 6), names(engine.tick())))
    assert seen == [
        (60.0, ["half0", "1min0"]),
        (117.0, ["cd3@0"]),
        (118.0, ["cd2@0"]),
        (119.0, ["cd1@0"]),
        (120.0, ["end0", "start1"]),
        (122.0, ["cd3@1"]),
        (122.5, ["half1"]),
        (123.0, ["cd2@1"]),
        (124.0, ["cd1@1"]),
        (125.0, ["end1", "finish"]),
    ]


def test_a_late_tick_yields_every_due_event_once_in_order(clock: FakeClock) -> None:
    """A tick 700 ms late (and one 100 s late) loses and doubles nothing."""
    engine = WorkoutEngine(workout((RUN, 4), (WALK, 4), (RUN, 100)), clock)
    assert names(engine.start()) == ["start0"]
    assert names(engine.tick(clock.advance(1.7))) == ["cd3@0"]
    assert names(engine.tick(clock.advance(2.0))) == ["half0", "cd2@0", "cd1@0"]
    assert names(engine.tick(clock.advance(0.7))) == ["end0", "start1"]
    assert names(engine.tick(clock.advance(0.0))) == []
    assert names(engine.tick(clock.advance(100.0))) == [
        "cd3@1", "half1", "cd2@1", "cd1@1", "end1", "start2", "1min2", "half2",
    ]  # fmt: skip
    late = engine.tick(clock.advance(10.0))
    assert names(late) == ["cd3@2", "cd2@2", "cd1@2", "end2", "finish"]
    assert [e.due for e in late] == [105.0, 106.0, 107.0, 108.0, 108.0]


def test_short_segments_get_only_the_countdown_that_fits(clock: FakeClock) -> None:
    """A 2 s segment has pips at -1 and (halfway) 1 s; a 1 s segment has none."""
    engine = WorkoutEngine(workout((RUN, 2), (WALK, 1), (RUN, 3)), clock)
    engine.start()
    assert names(engine.tick(clock.advance(6))) == [
        "half0", "cd1@0", "end0", "start1", "end1", "start2", "cd2@2", "half2", "cd1@2",
        "end2", "finish",
    ]  # fmt: skip


def test_pause_stops_time_and_resume_continues(clock: FakeClock) -> None:
    """Paused time is not active time; boundaries shift by exactly the pause."""
    engine = WorkoutEngine(workout((RUN, 10), (WALK, 10)), clock)
    engine.start()
    clock.advance(4)
    assert names(engine.pause()) == ["paused"]
    assert engine.next_deadline() is None
    assert names(engine.pause()) == []
    clock.advance(30)
    assert names(engine.tick()) == []
    assert engine.seconds_left() == 6.0
    assert engine.paused_seconds() == 30.0
    assert names(engine.resume()) == ["resumed"]
    assert names(engine.resume()) == []
    assert engine.next_deadline() == clock.monotonic() + 1.0  # halfway at 5 s
    assert names(engine.tick(clock.advance(6))) == ["half0", "cd3@0", "cd2@0", "cd1@0", "end0",
                                                     "start1"]  # fmt: skip
    assert engine.active_seconds() == 10.0
    assert engine.paused_seconds() == 30.0
    assert names(engine.toggle_pause()) == ["paused"]
    assert engine.state is EngineState.PAUSED
    assert names(engine.toggle_pause()) == ["resumed"]


def test_skip_moves_on_and_marks_the_segment_skipped(clock: FakeClock) -> None:
    """Skip ends the segment now; the next one runs its full planned length from here."""
    engine = WorkoutEngine(workout((RUN, 60), (WALK, 90), (RUN, 60)), clock)
    engine.start()
    clock.advance(20)
    assert names(engine.skip()) == ["end0", "start1"]
    assert engine.index == 1
    assert engine.seconds_left() == 90.0
    assert engine.timings[0].ended is SegmentEnd.SKIPPED
    assert engine.timings[0].skipped
    assert engine.timings[0].duration == 20.0
    assert engine.fraction_done() == pytest.approx(60 / 210)
    engine.skip()
    assert names(engine.skip()) == ["end2", "finish-early"]
    assert engine.state is EngineState.FINISHED
    assert engine.fraction_done() == 1.0
    assert engine.seconds_left() == 0.0
    assert names(engine.skip()) == []


def test_back_restarts_or_goes_to_the_previous_segment(clock: FakeClock) -> None:
    """Back restarts the segment; within 3 s of its start it goes one further back."""
    engine = WorkoutEngine(workout((RUN, 60), (WALK, 90)), clock)
    engine.start()
    clock.advance(65)
    engine.tick()
    assert engine.index == 1
    assert names(engine.back()) == ["end1", "start1"]  # 5 s in: restart the walk
    assert engine.index == 1
    assert engine.seconds_left() == 90.0
    clock.advance(1)
    assert names(engine.back()) == ["end1", "start0"]  # 1 s in: back to the run
    assert engine.index == 0
    assert engine.seconds_left() == 60.0
    assert names(engine.back()) == ["end0", "start0"]  # first segment: restart
    assert [t.ended for t in engine.timings] == [
        SegmentEnd.COMPLETED, SegmentEnd.RESTARTED, SegmentEnd.RESTARTED, SegmentEnd.RESTARTED,
    ]  # fmt: skip


def test_controls_while_paused_keep_the_pause(clock: FakeClock) -> None:
    """Skip and back during a pause change segment but do not start the clock."""
    engine = WorkoutEngine(workout((RUN, 60), (WALK, 90)), clock)
    engine.start()
    clock.advance(10)
    engine.pause()
    clock.advance(100)
    assert names(engine.skip()) == ["end0", "start1"]
    assert engine.state is EngineState.PAUSED
    assert engine.timings[0].duration == 10.0
    clock.advance(5)
    assert engine.seconds_left() == 90.0
    engine.resume()
    clock.advance(5)
    assert engine.seconds_left() == 85.0
    assert engine.active_seconds() == 15.0


def test_finish_early_records_what_was_done(clock: FakeClock) -> None:
    """Ending early closes the current segment and reports the actual timings."""
    engine = WorkoutEngine(workout((RUN, 60), (WALK, 90)), clock)
    engine.start()
    clock.advance(75)
    engine.tick()
    clock.advance(5)
    engine.pause()
    clock.advance(50)
    events = engine.finish_early()
    assert names(events) == ["end1", "finish"]  # the only run segment was done: completed
    finished = events[-1]
    assert isinstance(finished, WorkoutFinished)
    assert [(t.index, t.duration, t.ended) for t in finished.timings] == [
        (0, 60.0, SegmentEnd.COMPLETED), (1, 20.0, SegmentEnd.ENDED_EARLY),
    ]  # fmt: skip
    assert engine.active_seconds() == 80.0
    assert engine.finish_early() == []
    assert engine.tick() == []


COMPLETION_WORKOUT = workout((WARMUP, 30), (RUN, 60), (WALK, 45), (RUN, 60), (COOLDOWN, 20))


def play(engine: WorkoutEngine, clock: FakeClock, steps: str) -> WorkoutFinished | None:
    """Drive ``engine`` by words: 'run' (to the segment's end), 'skip', 'back' (to the previous
    segment) and 'finish' (finish early), each 1 s in, and 'again' (back 5 s in: restart).
    Returns the WorkoutFinished event, if one came."""
    finished: WorkoutFinished | None = None
    controls = {"skip": engine.skip, "back": engine.back, "finish": engine.finish_early}
    for step in steps.split():
        if step == "run":
            events = engine.tick(clock.advance(engine.seconds_left()))
        elif step == "again":
            clock.advance(5)
            events = engine.back()
        else:
            clock.advance(1)
            events = controls[step]()
        finished = next((e for e in events if isinstance(e, WorkoutFinished)), finished)
    return finished


@pytest.mark.parametrize(
    ("steps", "outcome"),
    [
        pytest.param("run run run run run", RunOutcome.COMPLETED, id="every segment to its end"),
        pytest.param(
            "skip run skip run skip", RunOutcome.COMPLETED_WITH_SKIPS, id="non-runs skipped"
        ),
        pytest.param(
            "run skip run skip run", RunOutcome.COMPLETED_WITH_SKIPS, id="cool-down reached its end"
        ),
        pytest.param(
            "run run run run skip", RunOutcome.COMPLETED_WITH_SKIPS, id="cool-down skipped"
        ),
        pytest.param(
            "run run run run finish", RunOutcome.COMPLETED_WITH_SKIPS, id="ended in the cool-down"
        ),
        pytest.param("run run run finish", RunOutcome.ENDED_EARLY, id="ended in the last run"),
        pytest.param("run run finish", RunOutcome.ENDED_EARLY, id="ended in the walk before a run"),
        pytest.param("run skip back run run run run", RunOutcome.COMPLETED, id="skipped, redone"),
        pytest.param(
            "run again skip run run run", RunOutcome.COMPLETED_WITH_SKIPS, id="restarted, skipped"
        ),
    ],
)
def test_how_a_run_ended_in_words_a_runner_accepts(
    clock: FakeClock, steps: str, outcome: RunOutcome
) -> None:
    """Completed: every segment run to its end. Completed with skips: the end of the cool-down
    was reached (or every run segment was done) with something skipped or cut short on the way;
    such a run is never "ended early". Ended early: stopped before either."""
    engine = WorkoutEngine(COMPLETION_WORKOUT, clock)
    engine.start()
    finished = play(engine, clock, steps)
    assert engine.state is EngineState.FINISHED
    assert finished is not None
    assert finished.outcome is outcome
    assert finished.completed is (outcome is not RunOutcome.ENDED_EARLY)


def test_a_workout_without_runs_needs_every_segment_completed(clock: FakeClock) -> None:
    """With no run segment to judge by, the last one must run to its end."""
    walk_only = workout((WARMUP, 30), (WALK, 60))
    engine = WorkoutEngine(walk_only, clock)
    engine.start()
    assert play(engine, clock, "run run") == WorkoutFinished(
        engine.timings, RunOutcome.COMPLETED, 90.0
    )
    other_clock = FakeClock()
    engine = WorkoutEngine(walk_only, other_clock)
    engine.start()
    finished = play(engine, other_clock, "run skip")
    assert finished is not None
    assert finished.outcome is RunOutcome.ENDED_EARLY


def test_suspend_pauses_at_the_moment_of_suspend(clock: FakeClock) -> None:
    """Ten minutes asleep mid-run: nothing is skipped; the run waits, paused, where it was."""
    engine = WorkoutEngine(workout((RUN, 60), (WALK, 90)), clock)
    engine.start()
    engine.tick(clock.advance(20))
    clock.suspend(600)
    clock.advance(0.5)  # awake again for half a second before the next tick
    events = engine.tick()
    assert names(events) == ["paused-suspend"]
    paused = events[0]
    assert isinstance(paused, Paused)
    assert paused.suspended_seconds == pytest.approx(600.0)
    assert engine.index == 0
    assert engine.seconds_left() == 40.0
    engine.resume()
    assert engine.seconds_left() == 40.0


def test_small_clock_differences_are_not_a_suspend(clock: FakeClock) -> None:
    """A boot-clock lead under the threshold (NTP slew, jitter) does not pause the run."""
    engine = WorkoutEngine(
        workout(
            (RUN, 60),
        ),
        clock,
    )
    engine.start()
    clock.suspend(1.5)
    assert names(engine.tick(clock.advance(1))) == []
    assert engine.state is EngineState.RUNNING


def test_suspend_noticed_by_pause_still_pauses_once(clock: FakeClock) -> None:
    """Pressing pause right after wake-up gives the suspend pause, not two pauses."""
    engine = WorkoutEngine(
        workout(
            (RUN, 60),
        ),
        clock,
    )
    engine.start()
    clock.suspend(60)
    assert names(engine.pause()) == ["paused-suspend"]


def test_snapshot_describes_the_screen(clock: FakeClock) -> None:
    """One call gives everything the run screen shows."""
    engine = WorkoutEngine(workout((WARMUP, 100), (RUN, 60), (COOLDOWN, 40)), clock)
    assert engine.snapshot().state is EngineState.READY
    assert engine.active_seconds() == 0.0
    assert engine.next_deadline() is None
    engine.start()
    clock.advance(130)
    engine.tick()
    snap = engine.snapshot()
    assert (snap.index, snap.seconds_left, snap.segment_elapsed) == (1, 30.0, 30.0)
    assert (snap.active_seconds, snap.total_left, snap.fraction_done) == (130.0, 70.0, 0.65)
    with pytest.raises(RuntimeError):
        engine.start()


OPS = st.lists(
    st.one_of(
        st.tuples(st.just("tick"), st.floats(0, 200, allow_nan=False)),
        st.tuples(
            st.sampled_from(["pause", "resume", "skip", "back", "suspend", "finish_early"]),
            st.floats(0, 30, allow_nan=False),
        ),
    ),
    max_size=60,
)
INVARIANT_WORKOUT = workout((WARMUP, 30), (RUN, 60), (WALK, 45), (COOLDOWN, 20))


def segment_start(engine: WorkoutEngine) -> float:
    """Where the current segment began: where the last recorded visit ended (0 for the first)."""
    timings = engine.timings
    return timings[-1].start_offset + timings[-1].duration if timings else 0.0


@settings(max_examples=300, deadline=None)
@given(OPS)
@example(  # back during a long pause: fraction_done() once came out at -7e-16
    [("pause", 1.708365755103486), *[("tick", t) for t in (196.0, 200.0, 200.0)], ("back", 30.0)]
)
def test_any_sequence_of_operations_keeps_the_invariants(ops: list[tuple[str, float]]) -> None:
    """Time is monotone, only back goes back, time left = the segment's planned end minus the
    active time, active + paused = elapsed, and 'completed' means every run segment was done."""
    clock = FakeClock()
    engine = WorkoutEngine(INVARIANT_WORKOUT, clock)
    begin = clock.monotonic()
    engine.start()
    last_active = 0.0
    finished: list[WorkoutFinished] = []
    for op, amount in ops:
        before = engine.index
        if op == "suspend":
            clock.suspend(amount)
            events = engine.tick()
        else:
            clock.advance(amount)
            events = getattr(engine, op)()
        finished += [e for e in events if isinstance(e, WorkoutFinished)]
        if op != "back":
            assert engine.index >= before
        active = engine.active_seconds()
        assert 0.0 <= engine.fraction_done() <= 1.0
        assert active >= last_active - 1e-9
        last_active = active
        # Bring the engine up to date (a no-op unless events fell due, e.g. after a no-op resume).
        finished += [e for e in engine.tick() if isinstance(e, WorkoutFinished)]
        if engine.state is EngineState.FINISHED:
            assert engine.seconds_left() == 0.0
        else:
            elapsed = clock.monotonic() - begin
            assert active + engine.paused_seconds() == pytest.approx(elapsed)
            # Up to date, the segment's planned end is never behind: no clamping hides an overrun.
            planned_end = segment_start(engine) + INVARIANT_WORKOUT.segments[engine.index].seconds
            assert engine.seconds_left() == pytest.approx(planned_end - active, abs=1e-9)
        dues = [e.due for e in events if not isinstance(e, Paused | Resumed)]
        assert dues == sorted(dues)
    assert len(finished) == (1 if engine.state is EngineState.FINISHED else 0)
    if finished:
        assert sum(t.duration for t in engine.timings) == pytest.approx(engine.active_seconds())
        run_done = any(t.index == 1 and t.ended is SegmentEnd.COMPLETED for t in engine.timings)
        last = len(INVARIANT_WORKOUT.segments) - 1
        reached_end = any(
            t.index == last and t.ended is SegmentEnd.COMPLETED for t in engine.timings
        )
        assert finished[0].completed is (run_done or reached_end)
