"""MemoryRecorder across runs: each run starts empty, handles point at their own marks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from couchtimer.core.engine import WorkoutEngine
from couchtimer.core.pain import PainMark
from couchtimer.core.recording import MemoryRecorder
from tests.helpers.stubs import FakeClock
from tests.helpers.text import exactly
from tests.helpers.workouts import RUN, WALK, workout

START = datetime(2026, 11, 27, 7, 30, tzinfo=UTC)


def test_a_second_run_starts_with_nothing_from_the_first(clock: FakeClock) -> None:
    recorder = MemoryRecorder(utc_now=lambda: START + timedelta(minutes=1))
    first = workout((RUN, 5))
    engine = WorkoutEngine(first, clock)
    recorder.start("nhs-c25k", first, START)
    recorder.record_events(engine.start())
    recorder.add_mark(PainMark(1000, 0, 3))
    recorder.progress(0, 4.0)
    recorder.record_events(engine.tick(clock.advance(6)))
    done = recorder.snapshot()
    assert done.finished is not None
    assert done.ended_at == START + timedelta(minutes=1)
    second = workout((WALK, 9))
    recorder.start("my-plan", second, START + timedelta(days=1))
    fresh = recorder.snapshot()
    assert (fresh.programme_id, fresh.workout, fresh.started_at) == (
        "my-plan", second, START + timedelta(days=1),
    )  # fmt: skip
    assert (fresh.timings, fresh.marks, fresh.finished, fresh.ended_at, fresh.progress) == (
        (), (), None, None, None,
    )  # fmt: skip


def test_each_mark_gets_its_own_handle() -> None:
    recorder = MemoryRecorder(utc_now=lambda: START)
    assert recorder.marks == ()
    recorder.start("nhs-c25k", workout((RUN, 60)), START)
    handles = [recorder.add_mark(PainMark(1000 * n, 0)) for n in range(3)]
    assert handles == [0, 1, 2]
    recorder.update_mark(1, 4)
    assert recorder.marks == (PainMark(0, 0), PainMark(1000, 0, 4), PainMark(2000, 0))


def test_nothing_to_show_before_a_run_starts() -> None:
    with pytest.raises(RuntimeError, match=exactly("no run has started")):
        MemoryRecorder(utc_now=lambda: START).snapshot()
