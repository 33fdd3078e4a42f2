"""File > Export run as audio… and Export run for a watch…: the run Today has selected, taken
outdoors. The audio is mixed and encoded in a worker thread (an OGG of a 40-minute workout takes
seconds), with a progress dialog; the window never waits for it. The way back in: History > Add
watch or phone recording… (or a file dropped on the window) reads the recording in a worker
thread too (``AttachJob``)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtWidgets
from PySide6.QtCore import QObject, QUrl, Signal

from couchtimer.core.errors import CouchTimerError

if TYPE_CHECKING:
    from datetime import datetime

    from couchtimer.core.cues import CueSettings
    from couchtimer.core.history import RunRecord
    from couchtimer.core.programme import Programme, Workout

log = logging.getLogger(__name__)

AUDIO_FILTER = "Audio files (*.ogg *.mp3 *.flac *.wav)"
DEFAULT_AUDIO_SUFFIX = ".ogg"  # small, and every phone plays it
WATCH_HELP = (
    "Connect the watch by USB and copy the file into its GARMIN/NewFiles folder; the watch "
    "lists it with its workouts (on a Garmin: Training > Workouts)."
)


class ExportCancelledError(CouchTimerError):
    """The runner pressed Cancel: the partly written file is removed."""


class WorkerJob(QObject):
    """One job in a worker thread, its signals arriving in the window's thread: ``failed`` with
    the words to show (our errors as they are; a bug logged and said so). A subclass does the
    work in ``_work`` and emits its own result signal in ``_done``."""

    failed = Signal(str)
    thread_name = "couchtimer-job"
    what = "in the background"  # "Something went wrong <what>": "reading FILE", …

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout: float) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    # Every job gives these two (checked when its class is made, below): its work, run in the
    # worker thread, and what it does with the result (emits its own signal).
    _work: Callable[[], object]
    _done: Callable[[object], None]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        missing = [name for name in ("_work", "_done") if not callable(getattr(cls, name, None))]
        if missing:
            raise TypeError(f"{cls.__name__} must define {' and '.join(missing)}")

    def _run(self) -> None:
        try:
            result = self._work()
        except ExportCancelledError:
            self._cancelled_now()
        except CouchTimerError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: logged; the window says so and goes on
            log.exception("%s: %s", self.thread_name, self.what)
            self.failed.emit(f"Something went wrong {self.what} ({exc}); see the log.")
        else:
            self._done(result)

    def _cancelled_now(self) -> None:
        """Only jobs that can be cancelled raise ExportCancelledError (and say so here); from
        any other it is a bug: logged, and the window says so like any other."""
        log.error("%s: cancelled, but it cannot be cancelled", self.thread_name)
        self.failed.emit(f"Something went wrong {self.what} (it stopped); see the log.")


class AudioExportJob(WorkerJob):
    """Writes one audio file in a worker thread."""

    progressed = Signal(int)  # percent written
    written = Signal(object)  # AudioExport
    cancelled = Signal()
    thread_name = "couchtimer-export"
    what = "writing the audio"

    def __init__(
        self,
        workout: Workout,
        settings: CueSettings,
        target: Path,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.workout, self.settings, self.target = workout, settings, target
        self._percent = -1
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    def _progress(self, share: float) -> None:
        if self._cancelled.is_set():
            raise ExportCancelledError("Cancelled: no file was written.")
        percent = int(share * 100)
        if percent != self._percent:  # a signal a percent, not one a block
            self._percent = percent
            self.progressed.emit(percent)

    def _work(self) -> object:
        from couchtimer.audio import check_cues
        from couchtimer.export.audio import export_audio

        return export_audio(
            self.workout, self.settings, check_cues(), self.target, progress=self._progress
        )

    def _done(self, result: object) -> None:
        self.written.emit(result)

    def _cancelled_now(self) -> None:
        self.cancelled.emit()


def _ask_save_path(
    parent: QtWidgets.QWidget, title: str, default: Path, filters: str
) -> Path | None:
    """Where to write; a bare name gets ``default``'s suffix."""
    path, _ = QtWidgets.QFileDialog.getSaveFileName(parent, title, str(default), filters)
    if not path:
        return None
    chosen = Path(path)
    return chosen if chosen.suffix else chosen.with_name(chosen.name + default.suffix)


def ask_audio_path(parent: QtWidgets.QWidget, workout: Workout) -> Path | None:
    """Where to write the audio; a bare name gets .ogg."""
    default = Path.home() / f"{workout.code}{DEFAULT_AUDIO_SUFFIX}"
    return _ask_save_path(parent, f"Export {workout.code} as audio", default, AUDIO_FILTER)


def ask_workout_path(parent: QtWidgets.QWidget, workout: Workout) -> Path | None:
    """Where to write the watch workout; a bare name gets .fit."""
    default = Path.home() / f"{workout.code}.fit"
    return _ask_save_path(
        parent, f"Export {workout.code} for a watch", default, "FIT workout files (*.fit)"
    )


def write_watch_workout(
    programme: Programme, workout: Workout, target: Path, created: datetime
) -> str:
    """Write the FIT workout (a few hundred bytes: no worker needed); the status-bar line."""
    from couchtimer.export.fit_workout import export_workout

    steps = export_workout(programme, workout, target, created)
    return f"Watch workout written to {target} ({steps} steps). {WATCH_HELP}"


RECORDING_FILTER = "Watch or phone recordings (*.fit *.gpx *.tcx *.FIT *.GPX *.TCX)"
RECORDING_SUFFIXES = (".fit", ".gpx", ".tcx")


class AttachJob(WorkerJob):
    """Reads a recording and measures it against a run in a worker thread (reading a long FIT
    file takes seconds); the window stores the result in its own thread (``prepared``)."""

    prepared = Signal(object)  # recordings.Attachment
    thread_name = "couchtimer-attach"

    def __init__(
        self,
        path: Path,
        runs: Sequence[RunRecord],
        selected: RunRecord | None,
        parent: QObject | None = None,
    ) -> None:
        self.path, self.runs, self.selected = path, tuple(runs), selected
        self.what = f"reading {path}"
        super().__init__(parent)

    def _work(self) -> object:
        from couchtimer.recordings import prepare_attachment

        try:  # the run the recording overlaps first: the clocks say which run it was
            return prepare_attachment(self.path, None, self.runs)
        except CouchTimerError:
            if self.selected is None or not self.path.is_file():
                raise
            # No run at that time: the run chosen in History (the alignment says how sure)
            return prepare_attachment(self.path, self.selected)

    def _done(self, result: object) -> None:
        self.prepared.emit(result)


class PlaceJob(WorkerJob):
    """Reads a recording of a run done without the laptop and places the plan on it, in a
    worker thread (``recordings.place_recording``)."""

    placed = Signal(object)  # recordings.PlacedRecording
    thread_name = "couchtimer-place"

    def __init__(self, path: Path, workout: Workout, parent: QObject | None = None) -> None:
        self.path, self.workout = path, workout
        self.what = f"reading {path}"
        super().__init__(parent)

    def _work(self) -> object:
        from couchtimer.recordings import place_recording

        return place_recording(self.path, self.workout)

    def _done(self, result: object) -> None:
        self.placed.emit(result)


def ask_recording_path(parent: QtWidgets.QWidget) -> Path | None:
    path, _ = QtWidgets.QFileDialog.getOpenFileName(
        parent, "Add a watch or phone recording", str(Path.home()), RECORDING_FILTER
    )
    return Path(path) if path else None


def recording_paths(urls: Sequence[QUrl]) -> list[Path]:
    """The local activity files among dropped URLs (what a drop onto the window attaches)."""
    paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
    return [path for path in paths if path.suffix.lower() in RECORDING_SUFFIXES]
