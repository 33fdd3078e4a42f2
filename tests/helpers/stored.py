"""What the store tests share: the wall clock's start, a four-segment week-4 workout, and what a
kill -9 leaves of an open history file."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from couchtimer.core.engine import WorkoutEngine
from couchtimer.core.programme import Segment, SegmentKind, Workout
from couchtimer.store import HistoryStore
from couchtimer.store.recorder import SqliteRecorder
from tests.helpers.stubs import FakeClock

START = datetime(2026, 11, 27, 7, 30, tzinfo=UTC)
WORKOUT = Workout(
    4,
    1,
    (
        Segment(SegmentKind.WARMUP, 10, "Brisk walk"),
        Segment(SegmentKind.RUN, 20),
        Segment(SegmentKind.WALK, 10),
        Segment(SegmentKind.COOLDOWN, 5),
    ),
)


def die(store: HistoryStore) -> None:
    """What a kill -9 leaves: the connection gone without a clean close, and the kernel has
    dropped each recorder's live lock (its ``runs/*.live`` file stays behind)."""
    store.connection.close()
    for recorder in store._recorders:
        lock = recorder._live
        if lock is not None and lock._fd is not None:
            os.close(lock._fd)
            lock._fd = None


def begin_run(
    store: HistoryStore, clock: FakeClock | None = None
) -> tuple[SqliteRecorder, WorkoutEngine, FakeClock]:
    """WORKOUT begun at START in ``store``, as the app begins a run: its recorder, its engine
    (started, the first segment's start recorded) and the engine's clock (a new one unless
    given)."""
    clock = clock or FakeClock()
    recorder = store.recorder()
    engine = WorkoutEngine(WORKOUT, clock)
    recorder.start("nhs-c25k", WORKOUT, START)
    recorder.record_events(engine.start())
    return recorder, engine, clock
