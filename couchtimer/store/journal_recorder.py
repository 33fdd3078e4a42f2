"""JournalRecorder: a run recorded when the history file would not even open (its journal
only, added to the history the next time the file opens for writing).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from couchtimer.core.engine import Event, SegmentEnded, WorkoutFinished
from couchtimer.core.history import (
    RunStatus,
    utc_text,
)
from couchtimer.core.pain import PainMark
from couchtimer.core.programme import Workout
from couchtimer.core.recording import MemoryRecorder, RecordedRun
from couchtimer.store.journal import JournalError, RunJournal
from couchtimer.store.rows import run_row, segment_values

log = logging.getLogger(__name__)


def open_journal(db_path: Path, row: dict[str, object], planned_segments: int) -> RunJournal | None:
    """The run's journal (see couchtimer.store.journal), or None: the run is in memory only."""
    first = {"k": "run", **row, "db": str(db_path.absolute())}
    try:
        return RunJournal.create(db_path, str(row["uuid"]), first, planned_segments)
    except OSError as exc:
        log.error("run %s has no journal (kept in memory only): %s", row["uuid"], exc)
        return None


class JournalRecorder:
    """The core ``Recorder`` when the history file would not even open (a full disk, say):
    the run goes to its journal (a fallback folder if need be) and into the history file the
    next time that opens for writing. ``problem`` says why, ``safe_in`` where the run is."""

    def __init__(self, db_path: Path, problem: str, utc_now: Callable[[], datetime]) -> None:
        self._db_path = db_path
        self._memory = MemoryRecorder(utc_now)
        self._journal: RunJournal | None = None
        self._segment_seq = 0
        self.problem: str | None = problem
        self.reason: str | None = "the history file cannot be opened"
        # Nothing this recorder can retry: the journal goes into the history file the next
        # time that opens for writing (store/journal), not from here.
        self.pending_writes = 0
        self.run_id: int | None = None

    @property
    def safe_in(self) -> Path | None:
        return None if self._journal is None else self._journal.path

    @property
    def kept(self) -> str:
        return "journal" if self._journal is not None else "memory"

    def start(self, programme_id: str, workout: Workout, started_at: datetime) -> None:
        self.close()
        self._memory.start(programme_id, workout, started_at)
        self._segment_seq = 0
        row = run_row(str(uuid.uuid4()), programme_id, workout, started_at)
        self._journal = open_journal(self._db_path, row, len(workout.segments))

    def record_events(self, events: Sequence[Event]) -> None:
        self._memory.record_events(events)
        workout = self._memory.snapshot().workout
        for event in events:
            if isinstance(event, SegmentEnded):
                values = segment_values(workout, event.timing, self._segment_seq)
                self._segment_seq += 1
                self._add({"k": "seg", "v": list(values)})
            elif isinstance(event, WorkoutFinished):
                status = RunStatus.COMPLETED if event.completed else RunStatus.ENDED_EARLY
                ended_at = self._memory.snapshot().ended_at
                assert ended_at is not None
                self._add({"k": "end", "status": status.value, "ended_at": utc_text(ended_at)})

    def add_mark(self, mark: PainMark) -> int:
        handle = self._memory.add_mark(mark)
        self._add(
            {
                "k": "mark",
                "seq": handle,
                "offset_ms": mark.offset_ms,
                "segment_index": mark.segment_index,
                "intensity": mark.intensity,
            }
        )
        return handle

    def update_mark(self, handle: int, intensity: int | None) -> None:
        self._memory.update_mark(handle, intensity)
        self._add({"k": "intensity", "seq": handle, "intensity": intensity})

    def progress(self, index: int, active_seconds: float) -> None:
        self._memory.progress(index, active_seconds)
        if self._journal is not None:
            try:
                self._journal.set_progress(index, active_seconds)
            except JournalError:
                self._lose()

    def snapshot(self) -> RecordedRun:
        return self._memory.snapshot()

    def flush(self, timeout: float | None = None) -> bool:
        """Nothing to retry from here (see ``pending_writes``)."""
        return True

    def close(self) -> Path | None:
        """Stop writing; the journal (kept for the history file's next opening), if any."""
        journal, self._journal = self._journal, None
        if journal is None:
            return None
        journal.close(delete=False)
        return journal.path

    def _add(self, record: dict[str, object]) -> None:
        if self._journal is None:
            return
        try:
            self._journal.add(record)
        except JournalError:
            self._lose()

    def _lose(self) -> None:
        assert self._journal is not None
        log.error("run journal %s can no longer be written: memory only", self._journal.path)
        self._journal.close(delete=False)
        self._journal = None
