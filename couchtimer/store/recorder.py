"""SqliteRecorder: writes a run as it happens, and keeps it in memory when the disk says no."""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from couchtimer import __version__
from couchtimer.core.engine import Event, SegmentEnded, WorkoutFinished
from couchtimer.core.history import (
    RunRecord,
    RunStatus,
    SegmentRecord,
    utc_text,
)
from couchtimer.core.pain import PainMark
from couchtimer.core.programme import Workout
from couchtimer.core.recording import MemoryRecorder, RecordedRun
from couchtimer.store import files, rows
from couchtimer.store.errors import explain, short_reason
from couchtimer.store.journal import JournalError, RunJournal
from couchtimer.store.journal_recorder import open_journal
from couchtimer.store.liveness import LiveLock, live_path

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
        self._utc_now = utc_now
        self._live: LiveLock | None = None
        self._journal: RunJournal | None = None
        #: Why the run is not yet all in the file (None when it is).
        self.problem: str | None = None
        #: The same in a few words ("the history file is busy"), for one-line messages.
        self.reason: str | None = None

    # --- the Recorder protocol ---

    def start(self, programme_id: str, workout: Workout, started_at: datetime) -> None:
        self._memory.start(programme_id, workout, started_at)
        self._release_live()
        self._run = _Run(str(uuid.uuid4()))
        self._hold_live(self._run.uuid)
        self._segment_seq = 0
        self._progress_written = -PROGRESS_STEP_SECONDS
        self._progress_index = -1
        row = rows.run_row(self._run.uuid, programme_id, workout, started_at)
        self._open_journal(row, len(workout.segments))

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
                values = rows.segment_values(workout, event.timing, self._segment_seq)
                self._segment_seq += 1
                self._journal_add({"k": "seg", "v": list(values)})
                self._queue(_segment_writer(values), "segment")
            elif isinstance(event, WorkoutFinished):
                status = RunStatus.COMPLETED if event.completed else RunStatus.ENDED_EARLY
                ended_at = self._memory.snapshot().ended_at
                assert ended_at is not None
                ended = utc_text(ended_at)
                self._journal_add({"k": "end", "status": status.value, "ended_at": ended})
                self._queue(_finish_writer(status, ended), "end")
        self.flush()

    def add_mark(self, mark: PainMark) -> int:
        handle = self._memory.add_mark(mark)
        values = (handle, mark.offset_ms, mark.segment_index, mark.intensity)
        self._journal_add(
            {
                "k": "mark",
                "seq": handle,
                "offset_ms": mark.offset_ms,
                "segment_index": mark.segment_index,
                "intensity": mark.intensity,
            }
        )

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
        self._journal_add({"k": "intensity", "seq": handle, "intensity": intensity})

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
        if self._journal is not None:
            try:
                self._journal.set_progress(index, active_seconds)
            except JournalError:
                self._lose_journal()

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

    @property
    def safe_in(self) -> Path | None:
        """The run's journal on disk (everything so far is in it), or None: memory only."""
        return None if self._journal is None else self._journal.path

    @property
    def kept(self) -> str:
        """Where the last thing recorded is now: "history" (in the file), "journal" (on disk,
        waiting for the file) or "memory" (nowhere else yet)."""
        if not self._pending:
            return "history"
        return "journal" if self._journal is not None else "memory"

    def _open_journal(self, row: dict[str, object], planned_segments: int) -> None:
        if self._journal is not None:
            self._journal.close(delete=not self._pending)
            self._journal = None
        self._journal = open_journal(self._store.path, row, planned_segments)

    def _journal_add(self, record: dict[str, object]) -> None:
        if self._journal is None:
            return
        try:
            self._journal.add(record)
        except JournalError:
            self._lose_journal()

    def _lose_journal(self) -> None:
        assert self._journal is not None
        log.error("run journal %s can no longer be written: memory only", self._journal.path)
        self._journal.close(delete=False)
        self._journal = None

    def snapshot(self) -> RecordedRun:
        """The run as kept in memory (complete even when the file could not be written)."""
        return self._memory.snapshot()

    def flush(self, timeout: float | None = None) -> bool:
        """Write whatever is waiting, in order; True when nothing is left waiting.

        ``timeout`` (seconds) is how long to wait for another program's lock this time; the
        default keeps the short wait that never freezes the run screen. After the run, call it
        with a longer one (the app does, from a timer) and show ``problem`` until it is True.
        """
        if timeout is None or not self._pending:
            return self._flush()
        conn = self._store.connection
        conn.execute(f"PRAGMA busy_timeout = {max(0, int(timeout * 1000))}")
        try:
            return self._flush()
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(self._store.busy_timeout * 1000)}")

    def _flush(self) -> bool:
        notice = None  # said once the writes are done: the run had to be written again
        while self._pending:
            run, write, what = self._pending[0]
            try:
                with self._store.transaction() as conn:
                    write(conn, run)
            except sqlite3.IntegrityError:
                if self._run_row_deleted(run):
                    notice = self.problem
                    continue  # queued the whole run again from memory
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
                self.problem = message  # the run screen adds where the run is kept meanwhile
                self.reason = short_reason(exc)
                return False
            self._pending.pop(0)
            finished = what == "end" or (
                what == "whole run" and self._memory.snapshot().finished is not None
            )
            if finished and run is self._run:
                if run.id is not None:
                    self._store._live_runs.discard(run.id)
                if self._journal is not None:
                    self._journal.close(delete=True)
                    self._journal = None
                self._release_live()  # finished and in the file: no longer live
        self.problem = notice
        self.reason = None
        return True

    def _run_row_deleted(self, run: _Run) -> bool:
        """The run's row is gone from under us (another program deleted it): queue it again.

        Its segments and marks went with it (ON DELETE CASCADE), so the whole run as kept in
        memory is written again, in place of everything still waiting for it.
        """
        if run is not self._run or run.id is None:
            return False
        conn = self._store.connection
        try:
            if conn.execute("SELECT 1 FROM runs WHERE id = ?", (run.id,)).fetchone() is not None:
                return False
        except sqlite3.Error:
            return False
        log.warning(
            "run %s (id %s) was deleted while being recorded; writing it again", run.uuid, run.id
        )
        self._store._live_runs.discard(run.id)
        run.id = None
        record = self.run_record()
        progress = self._memory.snapshot().progress

        def write_again(conn: sqlite3.Connection, again: _Run) -> None:
            again.id = rows.insert_run(conn, record)
            if progress is not None:
                conn.execute(
                    "UPDATE runs SET progress_index = ?, progress_seconds = ? WHERE id = ?",
                    (*progress, again.id),
                )
            if record.status is RunStatus.IN_PROGRESS:
                self._store._live_runs.add(again.id)

        self._pending = [(run, write_again, "whole run")] + [
            p for p in self._pending if p[0] is not run
        ]
        self.problem = (
            f"Another program deleted this run from the history file {self._store.path} while "
            "it was being recorded; CouchTimer wrote it again from memory."
        )
        return True

    def run_record(
        self, status: RunStatus | None = None, ended_at: datetime | None = None
    ) -> RunRecord:
        """The run as kept in memory, as a history record (id 0: it is not from the file)."""
        if self._run is None:
            raise RuntimeError("the recorder has not started a run")
        snap = self._memory.snapshot()
        workout = snap.workout
        segments = tuple(
            SegmentRecord(
                index=t.index,
                kind=workout.segments[t.index].kind,
                planned_start=float(workout.start_offset(t.index)),
                planned_seconds=t.planned_seconds,
                actual_start=t.start_offset,
                actual_seconds=t.duration,
                skipped=t.skipped,
                ended=t.ended,
            )
            for t in snap.timings
        )
        if snap.finished is not None:
            status = RunStatus.COMPLETED if snap.finished.completed else RunStatus.ENDED_EARLY
            ended_at = snap.ended_at
        return RunRecord(
            id=0,
            programme_id=snap.programme_id,
            week=workout.week,
            run=workout.run,
            planned=workout.segments,
            started_at=snap.started_at,
            ended_at=ended_at,
            status=status or RunStatus.IN_PROGRESS,
            app_version=__version__,
            segments=segments,
            marks=snap.marks,
            uuid=self._run.uuid,
        )

    def rescue(self, folder: Path) -> Path | None:
        """Writes still waiting: save the run from memory as ``unsaved-run-<UTC>.json`` in
        ``folder`` (0600, the format ``couchtimer import`` reads) and return its path.

        None when nothing is waiting (the file holds the whole run). A run that never finished
        is saved as ended early, at the moment of the rescue.
        """
        if not self._pending or self._run is None:
            return None
        from couchtimer.formats.history_json import export_json

        now = self._utc_now()
        record = self.run_record(RunStatus.ENDED_EARLY, now)
        files.private_dir(folder)
        base = f"unsaved-run-{files.stamp(now)}"
        target = folder / f"{base}.json"
        counter = 2
        while target.exists():
            target = folder / f"{base}-{counter}.json"
            counter += 1
        files.write_private(target, export_json([record], now).encode("utf-8"))
        log.warning(
            "run %s could not be written to %s; saved to %s",
            self._run.uuid,
            self._store.path,
            target,
        )
        return target

    @property
    def live_uuid(self) -> str | None:
        """The uuid of the run this recorder holds live (None once it is finished and written)."""
        return None if self._live is None or self._run is None else self._run.uuid

    def close(self) -> Path | None:
        """Stop being live (the store calls this on close, after flush or rescue); the journal
        kept on disk for the next start when the file still lacks part of the run, else None."""
        journal, self._journal = self._journal, None
        if journal is not None:
            journal.close(delete=not self._pending)
        self._release_live()
        return None if journal is None or not self._pending else journal.path

    def _hold_live(self, run_uuid: str) -> None:
        lock = LiveLock(live_path(self._store.path, run_uuid))
        try:
            lock.acquire()
        except OSError as exc:  # never stops a run: only a second process's recover is at risk
            log.warning("cannot mark run %s as live: %s", run_uuid, exc)
            return
        self._live = lock

    def _release_live(self) -> None:
        if self._live is not None:
            self._live.release()
            self._live = None

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


def _finish_writer(status: RunStatus, ended_at: str) -> Write:
    def finish(conn: sqlite3.Connection, run: _Run) -> None:
        conn.execute(
            "UPDATE runs SET status = ?, ended_at = ? WHERE id = ?",
            (status.value, ended_at, run.id),
        )

    return finish
