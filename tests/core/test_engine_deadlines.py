"""One rule for "has this deadline come": ``next_deadline`` and ``time_into_segment`` report the
first float at which a tick reports the event (or the snapshot shows the segment's seconds), on
real-looking monotonic clocks (a start with all its decimals, a pause of odd length).

Summed as start + pauses + due and ticked back as now - start - pauses, a deadline came out a
hair short of ``due`` for about 1 % of deadlines: a tick at it reported nothing, and the run
session planned no cues for it (the review of 3 Dec 2026, defect 3)."""

from __future__ import annotations

import math

import pytest

from couchtimer.core.engine import (
    FIRST_FLOAT_STEPS,
    EngineState,
    Event,
    WorkoutEngine,
    _first_float,
)
from tests.helpers.events import names
from tests.helpers.stubs import FakeClock
from tests.helpers.workouts import COOLDOWN, RUN, WALK, WARMUP, workout

PLAN = workout((WARMUP, 90), (RUN, 150), (WALK, 4), (RUN, 75), (COOLDOWN, 60))

# (monotonic start, seconds in before the pause, seconds paused), found by searching random
# clocks: on the first the sum lands below the first float at which the event falls due (most of
# its deadlines after the pause, on the old arithmetic), on the second above it (a start 18 min
# after boot, a 40-minute pause), on the third both are already right (the sum is exact).
CLOCKS = [
    pytest.param(1354.9555510099772, 7.177502345425305, 701.9437204827711, id="sum-a-hair-early"),
    pytest.param(8086.518716146022, 34.56619509108987, 128.33066187038568, id="sum-early-8086"),
    pytest.param(1072.1048446833581, 2.8817265205748224, 2377.8114360035092, id="sum-a-hair-late"),
    pytest.param(1000.0, 10.0, 60.0, id="whole-seconds"),
]

EVERY_EVENT = [
    "start0", "1min0", "half0", "cd3@0", "cd2@0", "cd1@0", "end0", "start1",
    "half1", "1min1", "cd3@1", "cd2@1", "cd1@1", "end1", "start2",
    "cd3@2", "half2", "cd2@2", "cd1@2", "end2", "start3",
    "1min3", "half3", "cd3@3", "cd2@3", "cd1@3", "end3", "start4",
    "half4", "cd3@4", "cd2@4", "cd1@4", "end4", "finish",
]  # fmt: skip


def paused_once(
    start: float, pause_at: float, pause_for: float
) -> tuple[FakeClock, WorkoutEngine, list[Event]]:
    """The engine started at ``start``, paused ``pause_at`` seconds in for ``pause_for``; with
    the events reported so far."""
    clock = FakeClock(start)
    engine = WorkoutEngine(PLAN, clock)
    events = engine.start()
    events += engine.tick(clock.advance(pause_at))
    events += engine.pause()
    clock.advance(pause_for)
    events += engine.resume()
    return clock, engine, events


def before(now: float) -> float:
    """The float just below ``now``."""
    return math.nextafter(now, -math.inf)


@pytest.mark.parametrize(("start", "pause_at", "pause_for"), CLOCKS)
def test_a_tick_at_each_deadline_reports_it_and_one_a_float_earlier_does_not(
    start: float, pause_at: float, pause_for: float
) -> None:
    """A whole workout, deadline by deadline: a copy ticked at the float before the deadline
    reports nothing, at the deadline the events due there; the engine ticked at it reports those
    same events, and so every event of the workout, each once, in order."""
    clock, engine, reported = paused_once(start, pause_at, pause_for)
    while (deadline := engine.next_deadline()) is not None:
        assert engine.ahead().tick(before(deadline)) == []
        due = engine.ahead().tick(deadline)
        assert due != []
        clock.advance(max(0.0, deadline - clock.monotonic()))
        assert engine.tick(deadline) == due
        reported += due
    assert [n for n in names(reported) if n not in ("paused", "resumed")] == EVERY_EVENT
    assert engine.state is EngineState.FINISHED


@pytest.mark.parametrize(("start", "pause_at", "pause_for"), CLOCKS)
@pytest.mark.parametrize("seconds", [60 / 170, 0.5, 1.0, 60.0, 60 / 170 * 100])
def test_a_time_into_the_segment_is_the_first_float_at_which_it_shows(
    start: float, pause_at: float, pause_for: float, seconds: float
) -> None:
    """A timed cue's deadline (a metronome beat, a form reminder) into the run after the warm-up:
    the snapshot at it shows the segment that far on, the snapshot a float earlier not yet."""
    clock, engine, _ = paused_once(start, pause_at, pause_for)
    while engine.index == 0:
        deadline = engine.next_deadline()
        assert deadline is not None
        engine.tick(clock.advance(deadline + 0.001 - clock.monotonic()))
    at = engine.time_into_segment(seconds)
    assert at is not None
    assert engine.snapshot(at).segment_elapsed >= seconds
    assert engine.snapshot(before(at)).segment_elapsed < seconds
    halfway = engine.next_deadline()  # 75 s into the run
    assert halfway is not None
    assert at == pytest.approx(halfway - 75.0 + seconds, abs=1e-9)


def test_the_whole_segment_is_its_end_and_no_more(clock: FakeClock) -> None:
    """A segment's own length is the moment it ends (the boundary's deadline, once the pips
    have come); a hair more than it is no time in this segment."""
    engine = WorkoutEngine(workout((RUN, 10), (WALK, 8)), clock)
    engine.start()
    engine.tick(clock.advance(9.5))  # the last pip has come: the next deadline is the end
    assert engine.time_into_segment(10.0) == engine.next_deadline() == 1010.0
    assert engine.time_into_segment(math.nextafter(10.0, math.inf)) is None
    assert engine.time_into_segment(9.75) == 1009.75


def test_no_time_into_a_segment_unless_running(clock: FakeClock) -> None:
    """Ready, paused, finished: no deadline, as ``next_deadline`` says."""
    engine = WorkoutEngine(workout((RUN, 10)), clock)
    assert engine.time_into_segment(1.0) is None
    engine.start()
    assert engine.time_into_segment(1.0) == 1001.0
    engine.pause(clock.advance(0.5))
    assert engine.time_into_segment(1.0) is None
    engine.resume(clock.advance(2.0))
    assert engine.time_into_segment(1.0) == 1003.0
    engine.finish_early(clock.advance(1.0))
    assert engine.time_into_segment(1.0) is None


def _floats_from(x: float, steps: int) -> float:
    """``x`` moved ``steps`` floats up (down when negative)."""
    towards = math.inf if steps > 0 else -math.inf
    for _ in range(abs(steps)):
        x = math.nextafter(x, towards)
    return x


@pytest.mark.parametrize("off", [-5, -1, 0, 1, 5, 63])
def test_the_first_float_is_found_from_an_estimate_a_few_floats_off(off: int) -> None:
    """The deadline's first float, found from an estimate ``off`` floats below it (or above)."""
    estimate = 8274.964474552336
    first = _floats_from(estimate, off)
    assert _first_float(estimate, lambda now: now >= first) == first


def test_a_rule_that_always_holds_cannot_hang_the_search() -> None:
    """A deadline at or before a start the engine clamps to (every earlier float 'has come'):
    the search stops after its bound, at the last float it looked at (it ran for ever before)."""
    estimate = 1000.0
    assert FIRST_FLOAT_STEPS == 64
    assert _first_float(estimate, lambda now: True) == _floats_from(estimate, -64)


def test_a_rule_that_never_holds_cannot_hang_the_search() -> None:
    estimate = 1000.0
    assert _first_float(estimate, lambda now: False) == _floats_from(estimate, 64)


def test_no_time_into_the_first_segment_answers_at_once(clock: FakeClock) -> None:
    """Zero seconds into the first segment: every float before the start shows it too (the
    engine clamps to the start). Once it never returned (the review of 3 Dec 2026, second pass)."""
    engine = WorkoutEngine(workout((RUN, 10), (WALK, 8)), clock)
    engine.start()
    assert engine.time_into_segment(0.0) == _floats_from(1000.0, -64)
    assert engine.time_into_segment(0.25) == 1000.25
