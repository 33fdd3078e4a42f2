"""A Qt-free ``RunView`` for tests of the run session: it records what the session asks it to
show, in order. Recorders that fail on purpose live here too."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from couchtimer.core.engine import Event, SegmentTiming, WorkoutFinished
from couchtimer.core.pain import PainMark
from couchtimer.core.recording import MemoryRecorder
from couchtimer.run.session import RunDisplay


class FakeView:
    """Records what the session asks a front end to show."""

    def __init__(self) -> None:
        self.display: RunDisplay | None = None
        self.events: list[Event] = []
        self.marks: tuple[PainMark, ...] = ()
        self.prompt: PainMark | None = None
        self.prompts: list[PainMark | None] = []  # every prompt shown or closed, in order
        self.notice = ""
        self.finished: WorkoutFinished | None = None
        self.sound: str | None = None
        self.save_problems: list[tuple[str | None, Path | None]] = []
        self.failures: list[tuple[str, str]] = []
        self.captions: list[str] = []

    def show_display(self, display: RunDisplay) -> None:
        self.display = display

    def show_events(self, events: Sequence[Event]) -> None:
        self.events.extend(events)

    def show_marks(self, marks: Sequence[PainMark], timings: Sequence[SegmentTiming]) -> None:
        self.marks = tuple(marks)

    def show_intensity_prompt(self, mark: PainMark | None) -> None:
        self.prompt = mark
        self.prompts.append(mark)

    def show_notice(self, text: str) -> None:
        self.notice = text

    def show_caption(self, text: str) -> None:
        self.captions.append(text)

    def show_sound_problem(self, problem: str | None) -> None:
        self.sound = problem

    def show_save_problem(self, problem: str | None, safe_in: Path | None) -> None:
        self.save_problems.append((problem, safe_in))

    def show_recording_failure(self, what: str, error: str) -> None:
        self.failures.append((what, error))

    def run_finished(self, finished: WorkoutFinished, marks: Sequence[PainMark]) -> None:
        self.finished = finished


class FailingRecorder(MemoryRecorder):
    """Raises ``OSError("disk full")`` from every write of the run (start excepted)."""

    def record_events(self, events: Sequence[Event]) -> None:
        raise OSError("disk full")

    def add_mark(self, mark: PainMark) -> int:
        raise OSError("disk full")

    def update_mark(self, handle: int, intensity: int | None) -> None:
        raise OSError("disk full")
