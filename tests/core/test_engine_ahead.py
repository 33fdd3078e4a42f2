"""WorkoutEngine.ahead: a copy to plan the next cues with (run/session.py). Ticking it says what
the engine will report if nothing else happens first, and changes nothing in the engine."""

from __future__ import annotations

from couchtimer.core.engine import EngineState, Paused, StillClock, WorkoutEngine
from tests.helpers.events import names
from tests.helpers.stubs import FakeClock
from tests.helpers.workouts import RUN, WALK, workout

PLAN = workout((RUN, 120), (WALK, 5))


def test_the_copy_reports_what_the_engine_reports_later(clock: FakeClock) -> None:
    """Every deadline of the workout, asked of a fresh copy just before the engine reaches it:
    the same events (equal values) and the same next deadline."""
    engine = WorkoutEngine(PLAN, clock)
    engine.start()
    while (deadline := engine.next_deadline()) is not None:
        twin = engine.ahead()
        predicted = twin.tick(deadline)
        clock.advance(deadline - clock.monotonic())
        assert engine.tick() == predicted
        assert engine.next_deadline() == twin.next_deadline()
    assert engine.state is EngineState.FINISHED


def test_ticking_the_copy_changes_nothing_in_the_engine(clock: FakeClock) -> None:
    """Run to the end on the copy: the engine is still at its first segment, its timings and
    its schedule untouched."""
    engine = WorkoutEngine(PLAN, clock)
    engine.start()
    twin = engine.ahead()
    assert names(twin.tick(clock.monotonic() + 1000)) == [
        "half0", "1min0", "cd3@0", "cd2@0", "cd1@0", "end0", "start1",
        "cd3@1", "half1", "cd2@1", "cd1@1", "end1", "finish",
    ]  # fmt: skip
    assert twin.state is EngineState.FINISHED
    assert (engine.state, engine.index, engine.timings) == (EngineState.RUNNING, 0, ())
    assert engine.next_deadline() == clock.monotonic() + 60
    assert names(engine.tick(clock.advance(60))) == ["half0", "1min0"]


def test_the_copy_never_sees_a_suspend(clock: FakeClock) -> None:
    """The engine's clock slept 10 minutes; the copy runs on a still clock and reports the run
    going on (the engine itself pauses at its next tick)."""
    engine = WorkoutEngine(PLAN, clock)
    engine.start()
    clock.suspend(600)
    twin = engine.ahead()
    assert isinstance(twin.clock, StillClock)
    assert engine.clock is clock
    assert names(twin.tick(clock.monotonic() + 60)) == ["half0", "1min0"]
    assert isinstance(engine.tick(clock.advance(1))[-1], Paused)


def test_a_copy_of_an_engine_not_started_or_paused_reports_nothing_by_itself(
    clock: FakeClock,
) -> None:
    """Ready: the copy starts like the engine would. Paused: no deadline, no events."""
    engine = WorkoutEngine(PLAN, clock)
    ready = engine.ahead()
    assert names(ready.start(5.0)) == ["start0"]
    assert engine.state is EngineState.READY
    engine.start()
    engine.pause(clock.advance(10))
    paused = engine.ahead()
    assert paused.next_deadline() is None
    assert paused.tick(clock.monotonic() + 100) == []


def test_the_still_clock_stands_still() -> None:
    still = StillClock()
    assert (still.monotonic(), still.boottime()) == (0.0, 0.0)
