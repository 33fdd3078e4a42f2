"""Move a run's recording against its segments by hand (issue 15): History's nudge.

When ``align()`` could not line a recording up for sure (a steady run has no run/walk pattern
to find), or the runner sees it is off, the slider under the run's timeline moves the
recording against the segments, ±``NUDGE_SECONDS`` around where it sits. Each position is
measured again at once from the kept 1 Hz samples (``recordings.measure_at``): the timeline's
gradient and cadence strips and the per-segment table follow the slider, with how well the
cadence follows the run/walk pattern there. "Keep this position" stores it (method manual);
"Put it back" returns the slider to where the recording is kept.

The samples are read only once the slider is first moved: choosing runs in the list reads one
small row per recorded run (``store.tracks.load_alignment``), never the samples.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QWidget,
)

from couchtimer.core.activity import timed_segments
from couchtimer.core.alignment import CONFIDENT, NUDGE_SECONDS, correlation, signal_of
from couchtimer.core.errors import CouchTimerError
from couchtimer.core.history import RunRecord
from couchtimer.core.track import Alignment, AlignMethod, SegmentMetrics, Track
from couchtimer.recordings import measure_at

if TYPE_CHECKING:
    from couchtimer.store import HistoryStore

SETTLE_MS = 40  # the slider's last position is measured once it rests this long
PAGE_SECONDS = 15  # Page Up / Page Down


class KeptRecordings(Protocol):
    """Where the nudge reads a run's kept recording from (the store, in the app)."""

    def alignment(self, run_id: int) -> Alignment | None: ...

    def track(self, run_id: int) -> Track | None: ...


class StoreRecordings:
    """The recordings kept in a history file (the store's thread only)."""

    def __init__(self, store: HistoryStore) -> None:
        self.store = store

    def alignment(self, run_id: int) -> Alignment | None:
        from couchtimer.store.tracks import load_alignment

        return load_alignment(self.store, run_id)

    def track(self, run_id: int) -> Track | None:
        from couchtimer.store.tracks import load_track

        kept = load_track(self.store, run_id)
        return None if kept is None else kept.track


def offset_words(seconds: float) -> str:
    return f"{seconds:+.0f} s".replace("-", "−")


class RecordingNudge(QWidget):
    """The slider under a recorded run's timeline; hidden for a run without a recording."""

    #: The figures measured with the recording where the slider has it (live).
    moved = Signal(object)  # tuple[SegmentMetrics, ...]
    #: The runner keeps the recording at this offset (run id, seconds).
    keep = Signal(int, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recording_nudge")
        self.source: KeptRecordings | None = None
        self.run: RunRecord | None = None
        self.kept: Alignment | None = None
        self._track: Track | None = None
        self._read = False  # the samples were asked for (they may be missing)

        self.status = QLabel()
        self.status.setObjectName("nudge_status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        label = QLabel("Recording &position:")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("nudge_slider")
        self.slider.setAccessibleName("Recording position against the segments (seconds)")
        self.slider.setAccessibleDescription(
            "Arrow keys move the recording a second, Page Up and Page Down 15 seconds; the "
            "figures per segment follow."
        )
        self.slider.setSingleStep(1)
        self.slider.setPageStep(PAGE_SECONDS)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(60)
        label.setBuddy(self.slider)
        self.value = QLabel()
        self.value.setObjectName("nudge_value")
        self.value.setMinimumWidth(self.value.fontMetrics().horizontalAdvance("−9999 s") + 8)
        self.keep_button = QPushButton("Keep this positio&n")
        self.keep_button.setObjectName("nudge_keep")
        self.keep_button.setToolTip("Store the recording at this position (placed by hand)")
        self.back_button = QPushButton("Put it &back")
        self.back_button.setObjectName("nudge_back")
        self.back_button.setToolTip("Move the slider back to where the recording is kept")

        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.slider, 1)
        row.addWidget(self.value)
        row.addWidget(self.keep_button)
        row.addWidget(self.back_button)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status, 0, 0)
        layout.addLayout(row, 1, 0)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SETTLE_MS)
        self.timer.timeout.connect(self.remeasure)
        self.slider.valueChanged.connect(self._slid)
        self.keep_button.clicked.connect(self._keep)
        self.back_button.clicked.connect(self.put_back)
        self.hide()

    # --- API ---

    def set_run(self, run: RunRecord | None) -> None:
        """Show the nudge for ``run`` when it has a recording kept; hide it otherwise."""
        self.timer.stop()
        self.run, self._track, self._read = run, None, False
        kept = None
        if run is not None and run.measured is not None and self.source is not None:
            kept = self.source.alignment(run.id)
        self.kept = kept
        self.setVisible(kept is not None)
        if kept is None:
            return
        centre = round(kept.offset_seconds)
        self.slider.blockSignals(True)
        self.slider.setRange(centre - NUDGE_SECONDS, centre + NUDGE_SECONDS)
        self.slider.setValue(centre)
        self.slider.blockSignals(False)
        self._show(centre, None)

    @property
    def offset(self) -> int:
        return int(self.slider.value())

    def put_back(self) -> None:
        if self.kept is not None:
            self.slider.setValue(round(self.kept.offset_seconds))

    def remeasure(self) -> tuple[SegmentMetrics, ...]:
        """Measure the recording where the slider has it, and say so (``moved``)."""
        self.timer.stop()
        run = self.run
        if run is None or self.kept is None:
            return ()
        if not self._read and self.source is not None:
            self._read = True
            try:
                self._track = self.source.track(run.id)
            except CouchTimerError as exc:  # a damaged recording: say so, keep the window
                self.status.setText(str(exc))
                return ()
        if self._track is None:
            return ()
        offset = float(self.offset)
        metrics = measure_at(run, self._track, offset)
        signal = signal_of(self._track)
        segments = timed_segments(run)
        match = correlation(segments, signal, offset) if signal is not None and segments else None
        self._show(self.offset, match)
        self.moved.emit(metrics)
        return metrics

    # --- inside ---

    def _slid(self, value: int) -> None:
        self._show(value, None)
        self.timer.start()

    def _keep(self) -> None:
        self.timer.stop()
        if self.run is not None:
            self.keep.emit(self.run.id, float(self.offset))

    def _show(self, value: int, match: float | None) -> None:
        kept = self.kept
        if kept is None:
            return
        self.value.setText(offset_words(value))
        at = round(kept.offset_seconds)
        moved = value != at
        self.keep_button.setEnabled(moved)
        self.back_button.setEnabled(moved)
        how = (
            "placed by you"
            if kept.method is AlignMethod.MANUAL
            else f"lined up by {kept.method.value}, confidence {kept.confidence:.2f}"
        )
        words = f"The recording is kept at {offset_words(kept.offset_seconds)} ({how})."
        if kept.confidence < CONFIDENT:
            words = (
                "CouchTimer could not line this recording up with the run for sure: move it "
                "until the run segments show your running cadence, then keep it. " + words
            )
        if moved:
            words += f" Shown at {offset_words(value)}: not kept yet."
        if match is not None:
            words += f" Cadence follows the run/walk pattern here: r = {match:.2f}."
        self.status.setText(words)
