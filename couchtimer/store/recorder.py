"""SqliteRecorder: writes a run as it happens, and keeps it in memory when the disk says no."""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from couchtimer import __version__
from couchtimer.core.engine import Event, SegmentEnded, WorkoutFinished
from couchtimer.core.history import RunStatus, planned_to_json, utc_text
from couchtimer.core.pain import PainMark
from couchtimer.core.programme import Workout
from couchtimer.core.recording import MemoryRecorder, RecordedRun
from couchtimer.store.errors import explain

if TYPE_CHECKING:
    from couchtimer.store.database import HistoryStore

log = logging.getLogger(__name__)

#: Progress is written when it has moved on by this many active seconds.
PROGRESS_STEP_SECONDS = 1.0


@dataclass
class _Run:
    """The run being written; ``id`` is known once its row is in the file."""

    uuid: str
    id: int | None = None


Write = Callable[[sqlite3.Connection, _Run], None]


class SqliteRecorder:
    """The core ``Recorder``, writing each event in its own small transaction.

    Everything is also kept in memory. A write that fails (file locked, read-only, disk full)
    stays queued and is retried, in order, on the next call (or :meth:`flush`); ``problem``
    then says what is wrong with the file and what to do (one sentence or two, for the UI to
    show), and goes back to None once everything is written.
    """

    def __init__(self, store: HistoryStore, utc_now: Callable[[], datetime]) -> None:
        self._store = store
        self._memory = MemoryRecorder(utc_now)
        self._pending: list[tuple[_Run, Write, str]] = []
        self._run: _Run | None = None
        self._segment_seq = 0
        self._progress_written = -PROGRESS_STEP_SECONDS
        self._progress_index = -1
        #: Why the run is not yet all in the file (None when it is).
        self.problem: str | None = None

    # --- the Recorder protocol ---

    def start(self, programme_id: str, workout: Workout, started_at: datetime) -> None:
        self._memory.start(programme_id, workout, started_at)
        self._run = _Run(str(uuid.uuid4()))
        self._segment_seq = 0
        self._progress_written = -PROGRESS_STEP_SECONDS
        self._progress_index = -1
        row = {
            "uuid": self._run.uuid,
            "programme_id": programme_id,
            "week": workout.week,
            "run": workout.run,
            "planned": planned_to_json(workout.segments),
            "started_at": utc_text(started_at),
            "status": RunStatus.IN_PROGRESS.value,
            "app_version": __version__,
        }

        def insert(conn: sqlite3.Connection, run: _Run) -> None:
            cursor = conn.execute(
                "INSERT INTO runs (uuid, programme_id, week, run, planned, started_at, status,"
                " app_version) VALUES (:uuid, :programme_id, :week, :run, :planned,"
                " :started_at, :status, :app_version)",
                row,
            )
            run.id = cursor.lastrowid
            if run.id is not None:
                self._store._live_runs.add(run.id)

        self._queue(insert, "run")
        self.flush()

    def record_events(self, events: Sequence[Event]) -> None:
        self._memory.record_events(events)
        workout = self._memory.snapshot().workout if self._run is not None else None
        for event in events:
            if isinstance(event, SegmentEnded) and workout is not None:
                timing = event.timing
                segment = workout.segments[timing.index]
                values = (
                    self._segment_seq,
                    timing.index,
                    segment.kind.value,
                    float(workout.start_offset(timing.index)),
                    timing.planned_seconds,
                    timing.start_offset,
                    timing.duration,
                    int(timing.skipped),
                    timing.ended.value,
                )
                self._segment_seq += 1
                self._queue(_segment_writer(values), "segment")
            elif isinstance(event, WorkoutFinished):
                status = RunStatus.COMPLETED if event.completed else RunStatus.ENDED_EARLY
                ended_at = self._memory.snapshot().ended_at
                assert ended_at is not None
                self._queue(_finish_writer(status, utc_text(ended_at), self._store), "end")
        self.flush()

    def add_mark(self, mark: PainMark) -> int:
        handle = self._memory.add_mark(mark)
        values = (handle, mark.offset_ms, mark.segment_index, mark.intensity)

        def insert(conn: sqlite3.Connection, run: _Run) -> None:
            conn.execute(
                "INSERT INTO marks (run_id, seq, offset_ms, segment_index, intensity)"
                " VALUES (?, ?, ?, ?, ?)",
                (run.id, *values),
            )

        self._queue(insert, "mark")
        self.flush()
        return handle

    def update_mark(self, handle: int, intensity: int | None) -> None:
        self._memory.update_mark(handle, intensity)

        def update(conn: sqlite3.Connection, run: _Run) -> None:
            conn.execute(
                "UPDATE marks SET intensity = ? WHERE run_id = ? AND seq = ?",
                (intensity, run.id, handle),
            )

        self._queue(update, "mark intensity")
        self.flush()

    def progress(self, index: int, active_seconds: float) -> None:
        self._memory.progress(index, active_seconds)
        moved = active_seconds - self._progress_written >= PROGRESS_STEP_SECONDS
        if not moved and index == self._progress_index:
            return
        self._progress_written, self._progress_index = active_seconds, index

        def update(conn: sqlite3.Connection, run: _Run) -> None:
            conn.execute(
                "UPDATE runs SET progress_index = ?, progress_seconds = ? WHERE id = ?",
                (index, active_seconds, run.id),
            )

        # Only the latest progress matters: drop an older one still waiting.
        self._pending = [p for p in self._pending if p[2] != "progress" or p[0] is not self._run]
        self._queue(update, "progress")
        self.flush()

    # --- the rest ---

    @property
    def run_id(self) -> int | None:
        """The run's id in the file, once its first row is written."""
        return None if self._run is None else self._run.id

    @property
    def pending_writes(self) -> int:
        return len(self._pending)

    def snapshot(self) -> RecordedRun:
        """The run as kept in memory (complete even when the file could not be written)."""
        return self._memory.snapshot()

    def flush(self) -> bool:
        """Write whatever is waiting, in order; True when nothing is left waiting."""
        while self._pending:
            run, write, what = self._pending[0]
            try:
                with self._store.transaction() as conn:
                    write(conn, run)
            except sqlite3.IntegrityError:
                # A bug, not the disk: this write can never succeed, so it must not block the
                # ones after it. The run stays whole in memory (snapshot()).
                log.exception("dropped the %s write of run %s", what, run.uuid)
                self._pending.pop(0)
                continue
            except sqlite3.DatabaseError as exc:
                # Locked, read-only, full, or an I/O error: keep it for the next call.
                message = explain(exc, self._store.path)
                if message != self.problem:
                    log.warning("could not write the %s yet: %s", what, exc)
                self.problem = message  # the run screen adds that the run goes on in memory
                return False
            self._pending.pop(0)
        self.problem = None
        return True

    def _queue(self, write: Write, what: str) -> None:
        if self._run is None:
            raise RuntimeError("the recorder has not started a run")
        self._pending.append((self._run, write, what))


def _segment_writer(values: tuple[object, ...]) -> Write:
    def insert(conn: sqlite3.Connection, run: _Run) -> None:
        conn.execute(
            "INSERT INTO segments (run_id, seq, segment_index, kind, planned_start,"
            " planned_seconds, actual_start, actual_seconds, skipped, ended)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (run.id, *values),
        )

    return insert


def _finish_writer(status: RunStatus, ended_at: str, store: HistoryStore) -> Write:
    def finish(conn: sqlite3.Connection, run: _Run) -> None:
        conn.execute(
            "UPDATE runs SET status = ?, ended_at = ? WHERE id = ?",
            (status.value, ended_at, run.id),
        )
        if run.id is not None:
            store._live_runs.discard(run.id)

    return finish
