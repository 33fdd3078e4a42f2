"""MemoryRecorder keeps a whole run as it happens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from couchtimer.core.engine import WorkoutEngine
from couchtimer.core.pain import PainMark
from couchtimer.core.programme import Segment, SegmentKind, Workout
from couchtimer.core.recording import MemoryRecorder, Recorder
from tests.helpers.stubs import FakeClock

START = datetime(2026, 11, 27, 7, 30, tzinfo=UTC)


def test_memory_recorder_keeps_segments_marks_and_the_end(clock: FakeClock) -> None:
    """Every finished segment, every mark (with its late intensity) and the end are kept."""
    workout = Workout(4, 1, (Segment(SegmentKind.RUN, 10), Segment(SegmentKind.WALK, 5)))
    recorder = MemoryRecorder(utc_now=lambda: START + timedelta(seconds=clock.monotonic() - 1000))
    sink: Recorder = recorder
    engine = WorkoutEngine(workout, clock)
    sink.start("nhs-c25k", workout, START)
    sink.record_events(engine.start())
    clock.advance(4)
    handle = sink.add_mark(PainMark(4000, engine.index))
    sink.update_mark(handle, 7)
    sink.record_events(engine.tick(clock.advance(11)))
    run = recorder.snapshot()
    assert run.programme_id == "nhs-c25k"
    assert run.marks == (PainMark(4000, 0, 7),)
    assert recorder.marks == run.marks
    assert [(t.index, t.duration) for t in run.timings] == [(0, 10.0), (1, 5.0)]
    assert run.finished is not None
    assert run.finished.completed
    assert run.ended_at == START + timedelta(seconds=15)


def test_snapshot_before_start_is_an_error() -> None:
    """Asking for a run that never started is a programming error."""
    with pytest.raises(RuntimeError, match="no run"):
        MemoryRecorder(utc_now=lambda: START).snapshot()


def test_memory_recorder_keeps_the_latest_progress(clock: FakeClock) -> None:
    """Progress notes replace each other; a new run starts without one."""
    workout = Workout(4, 1, (Segment(SegmentKind.RUN, 10), Segment(SegmentKind.WALK, 5)))
    recorder = MemoryRecorder(utc_now=lambda: START)
    recorder.start("nhs-c25k", workout, START)
    assert recorder.snapshot().progress is None
    recorder.progress(0, 1.0)
    recorder.progress(1, 11.5)
    assert recorder.snapshot().progress == (1, 11.5)
    recorder.start("nhs-c25k", workout, START)
    assert recorder.snapshot().progress is None


def test_memory_recorder_gives_the_null_answers_of_a_recorder_that_saves_nothing() -> None:
    """What the run screens and the app ask of any recorder: a memory recorder keeps the run
    only in memory, by design (no problem, nothing to retry, no id in a file)."""
    recorder: Recorder = MemoryRecorder(lambda: START)
    assert (recorder.problem, recorder.reason, recorder.kept, recorder.safe_in) == (
        None,
        None,
        "memory",
        None,
    )
    assert (recorder.pending_writes, recorder.run_id) == (0, None)
    assert recorder.flush() is True
    assert recorder.flush(timeout=5.0) is True
