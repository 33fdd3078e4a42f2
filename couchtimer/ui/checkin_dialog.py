"""The next-morning check-in: "How is it this morning?" 0–10, stiffness 0–10, and a note.

It takes and returns the pure value objects of ``couchtimer.core.pain``; after ``exec()``,
``CheckinDialog.checkin()`` is the ``Checkin`` (None if the runner chose "Later").
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from couchtimer.core.pain import Checkin
from couchtimer.ui.fit import keep_on_screen
from couchtimer.ui.pain_widgets import (
    heading,
    intensity_box,
    intensity_value,
    labelled,
    with_scale,
)


class CheckinDialog(QDialog):
    """Next morning: "How is it this morning?" 0–10, stiffness 0–10, and an optional note."""

    def __init__(self, parent: QWidget | None, run_words: str = "") -> None:
        super().__init__(parent)
        self._checkin: Checkin | None = None
        self.setWindowTitle("Morning check-in")
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("How is it this morning?", 1.3))
        if run_words:
            context = QLabel(run_words)
            context.setWordWrap(True)
            layout.addWidget(context)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.intensity = intensity_box("Pain this morning, 0 to 10")
        self.stiffness = intensity_box("Stiffness this morning, 0 to 10")
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("Optional")
        self.notes.setAccessibleName("Note")
        form.addRow(labelled("&Pain now:", self.intensity), with_scale(self.intensity))
        form.addRow(labelled("S&tiffness:", self.stiffness), with_scale(self.stiffness))
        form.addRow(labelled("&Note:", self.notes), self.notes)
        layout.addLayout(form)
        self.missing = QLabel("Give both numbers to save (0 is fine).")
        layout.addWidget(self.missing)
        buttons = QHBoxLayout()
        self.later_button = QPushButton("&Later")
        self.save_button = QPushButton("&Save")
        self.save_button.setDefault(True)
        buttons.addWidget(self.later_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.later_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self._save)
        self.intensity.valueChanged.connect(self._update_save)
        self.stiffness.valueChanged.connect(self._update_save)
        QWidget.setTabOrder(self.intensity, self.stiffness)
        QWidget.setTabOrder(self.stiffness, self.notes)
        QWidget.setTabOrder(self.notes, self.save_button)
        QWidget.setTabOrder(self.save_button, self.later_button)
        self._update_save()
        self.intensity.setFocus()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return super().sizeHint().expandedTo(QSize(460, 0))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        keep_on_screen(self)

    def checkin(self) -> Checkin | None:
        """The check-in after the dialog closed; None if the runner chose "Later"."""
        return self._checkin

    def _update_save(self) -> None:
        ready = intensity_value(self.intensity) is not None
        ready = ready and intensity_value(self.stiffness) is not None
        self.save_button.setEnabled(ready)
        self.missing.setVisible(not ready)

    def _save(self) -> None:
        intensity = intensity_value(self.intensity)
        stiffness = intensity_value(self.stiffness)
        if intensity is None or stiffness is None:
            return
        self._checkin = Checkin(intensity, stiffness, self.notes.text().strip())
        self.accept()
