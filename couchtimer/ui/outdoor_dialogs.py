"""File (or History) > Add a run done outdoors…: a run done away from the laptop, added from the
workout and the date and time it started, or from a watch or phone recording of it. It is
stored as run as planned (``store.outdoor``); the post-run dialog that follows lets the runner
place the pain marks on the segment bar."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from couchtimer.core.clocktext import clock_text
from couchtimer.core.programme import Workout

TITLE = "Add a run done outdoors"


class AddOutdoorRunDialog(QDialog):
    """Which workout, and when it started (local time); ``chosen()`` after it is accepted."""

    def __init__(
        self,
        parent: QWidget | None,
        workouts: Sequence[Workout],
        selected: Workout,
        now: datetime,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(480)
        self._workouts = tuple(workouts)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "A run you did without CouchTimer beside you: it is added as run as planned from "
            "the time you give, and then you can mark where it hurt."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.workout_box = QComboBox()
        for workout in self._workouts:
            self.workout_box.addItem(
                f"{workout.code}: week {workout.week}, run {workout.run} "
                f"({clock_text(workout.total_seconds)})"
            )
        self.workout_box.setCurrentIndex(self._workouts.index(selected))
        self.started = QDateTimeEdit()
        self.started.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.started.setCalendarPopup(True)
        start = now.timestamp() - selected.total_seconds
        self.started.setDateTime(QDateTime.fromSecsSinceEpoch(int(start // 60 * 60)))
        self.started.setMaximumDateTime(QDateTime.fromSecsSinceEpoch(int(now.timestamp())))
        workout_label = QLabel("&Workout:")
        workout_label.setBuddy(self.workout_box)
        started_label = QLabel("&Started at:")
        started_label.setBuddy(self.started)
        self.recording: Path | None = None
        self.recording_button = QPushButton("Choose a &recording… (optional)")
        self.recording_button.setToolTip(
            "A FIT, GPX or TCX file of this run from a watch or phone: the start time and the "
            "gradient and cadence of each segment come from it"
        )
        self.recording_button.clicked.connect(self._choose_recording)
        form.addRow(workout_label, self.workout_box)
        form.addRow(started_label, self.started)
        form.addRow(QLabel("Recording:"), self.recording_button)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Add run")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _choose_recording(self) -> None:
        from couchtimer.ui.export_actions import ask_recording_path

        path = ask_recording_path(self)
        if path is None:
            return
        self.recording = path
        self.recording_button.setText(f"Recording: {path.name}")
        self.started.setEnabled(False)  # the recording says when the run started
        self.started.setToolTip("Taken from the recording")

    def chosen(self) -> tuple[Workout, datetime, Path | None]:
        """The workout, its start (UTC; the recording's placing wins where there is one) and
        the recording chosen, if any."""
        workout = self._workouts[self.workout_box.currentIndex()]
        seconds = self.started.dateTime().toSecsSinceEpoch()
        return workout, datetime.fromtimestamp(seconds, UTC), self.recording
