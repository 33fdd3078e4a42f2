"""Where a run in progress is written as it happens.

The run screens (Qt and terminal) hand every engine event and every "pain now" mark to a
``Recorder``. ``MemoryRecorder`` keeps them for the session (and is what a store falls back to
when the disk is not writable); the SQLite store implements the same protocol and writes each
segment and mark in its own small transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from couchtimer.core.engine import Event, SegmentEnded, SegmentTiming, WorkoutFinished
from couchtimer.core.pain import PainMark
from couchtimer.core.programme import Workout


class Recorder(Protocol):
    def start(self, programme_id: str, workout: Workout, started_at: datetime) -> None:
        """A run begins (``started_at`` is UTC)."""

    def record_events(self, events: Sequence[Event]) -> None:
        """Keep what the engine reported: finished segments and the end of the workout."""

    def add_mark(self, mark: PainMark) -> int:
        """Keep a pain mark at once; returns a handle for ``update_mark``."""

    def update_mark(self, handle: int, intensity: int | None) -> None:
        """Set the intensity the runner pressed a moment after the mark."""

    def progress(self, index: int, active_seconds: float) -> None:
        """Where the run is now: call it about once a second (e.g. from the repaint tick).

        A segment is written when it ends; this keeps the part of the current one, so a crash
        loses at most the last second.
        """

    # What the run screens and the app ask of a recorder while and after a run. A recorder that
    # keeps the run only in memory answers each with the null value MemoryRecorder gives.

    @property
    def problem(self) -> str | None:
        """Why the history file is not taking the run just now, in words; None when it is."""

    @property
    def reason(self) -> str | None:
        """The same, in a few words for a sentence ("the disk is full"); None when all is in."""

    @property
    def kept(self) -> str:
        """Where the last thing recorded is: "history" (in the file), "journal" (on disk,
        waiting for the file) or "memory" (nowhere else)."""

    @property
    def safe_in(self) -> Path | None:
        """The run's journal on disk while the file does not take it; None otherwise."""

    @property
    def pending_writes(self) -> int:
        """Writes this recorder still retries itself (``flush``); 0 when it has none."""

    @property
    def run_id(self) -> int | None:
        """The run's id in the history file, once there; None when it has none (yet)."""

    def flush(self, timeout: float | None = None) -> bool:
        """Retry what is waiting (``timeout``: seconds to wait for another program's lock);
        True when nothing is left for this recorder to retry."""


@dataclass(frozen=True, slots=True)
class RecordedRun:
    programme_id: str
    workout: Workout
    started_at: datetime
    timings: tuple[SegmentTiming, ...]
    marks: tuple[PainMark, ...]
    finished: WorkoutFinished | None
    ended_at: datetime | None
    progress: tuple[int, float] | None = None  # (segment index, active seconds) last reported


class MemoryRecorder:
    """Keeps the run in memory. ``utc_now`` is injected: the core never reads the wall clock.

    It saves nothing: ``kept`` is "memory", with no ``problem`` (nothing went wrong), nothing to
    retry and no id in a file."""

    problem: str | None = None
    reason: str | None = None
    kept = "memory"
    safe_in: Path | None = None
    pending_writes = 0
    run_id: int | None = None

    def __init__(self, utc_now: Callable[[], datetime]) -> None:
        self._utc_now = utc_now
        self._run: tuple[str, Workout, datetime] | None = None  # set by start()
        self._reset()

    def _reset(self) -> None:
        """What a run gathers as it goes: empty when it starts."""
        self._timings: list[SegmentTiming] = []
        self._marks: list[PainMark] = []
        self._finished: WorkoutFinished | None = None
        self._ended_at: datetime | None = None
        self._progress: tuple[int, float] | None = None

    def start(self, programme_id: str, workout: Workout, started_at: datetime) -> None:
        self._run = (programme_id, workout, started_at)
        self._reset()

    def record_events(self, events: Sequence[Event]) -> None:
        for event in events:
            if isinstance(event, SegmentEnded):
                self._timings.append(event.timing)
            elif isinstance(event, WorkoutFinished):
                self._finished = event
                self._ended_at = self._utc_now()

    def add_mark(self, mark: PainMark) -> int:
        self._marks.append(mark)
        return len(self._marks) - 1

    def update_mark(self, handle: int, intensity: int | None) -> None:
        self._marks[handle] = self._marks[handle].with_intensity(intensity)

    def progress(self, index: int, active_seconds: float) -> None:
        self._progress = (index, active_seconds)

    def flush(self, timeout: float | None = None) -> bool:
        return True

    @property
    def marks(self) -> tuple[PainMark, ...]:
        return tuple(self._marks)

    def snapshot(self) -> RecordedRun:
        if self._run is None:
            raise RuntimeError("no run has started")
        programme_id, workout, started_at = self._run
        return RecordedRun(
            programme_id=programme_id,
            workout=workout,
            started_at=started_at,
            timings=tuple(self._timings),
            marks=tuple(self._marks),
            finished=self._finished,
            ended_at=self._ended_at,
            progress=self._progress,
        )
