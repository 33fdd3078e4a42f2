"""Today's suggestion panel: what to do next and why, after a run; after red-flag answers,
"I have been seen by a doctor or physio". Built the first time there is guidance to show (after
the first frame), so it has a module of its own."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


class GuidancePanel(QFrame):
    """What to do next and why, after a run; after red-flag answers, "seen by a doctor"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guidance")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setAccessibleName("Suggestion")
        layout = QVBoxLayout(self)
        self.suggestion = QLabel()
        self.suggestion.setObjectName("guidance_suggestion")
        self.suggestion.setWordWrap(True)
        bold = self.suggestion.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.2)
        self.suggestion.setFont(bold)
        self.reason = QLabel()
        self.reason.setObjectName("guidance_reason")
        self.reason.setWordWrap(True)
        from PySide6.QtCore import Qt  # the panel is built after the first frame

        self.details = QLabel()  # what the runs show, and hints: rich text
        self.details.setObjectName("today_findings")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        # Scrolls within a few lines' height: the window must still fit a 1366x768 laptop.
        self.details_area = QScrollArea()
        self.details_area.setObjectName("today_findings_area")
        self.details_area.setAccessibleName("What your latest runs show, and hints")
        self.details_area.setWidget(self.details)
        self.details_area.setWidgetResizable(True)
        self.details_area.setFrameShape(QFrame.Shape.NoFrame)
        self.details_area.setMaximumHeight(self.fontMetrics().lineSpacing() * 11)
        self.details_area.hide()
        layout.addWidget(self.suggestion)
        layout.addWidget(self.reason)
        layout.addWidget(self.details_area)
        self.seen_button = QPushButton("I have been seen by a doctor or physio")
        self.seen_button.setObjectName("seen_professional")
        self.seen_button.setAccessibleName("I have been seen by a doctor or physio")
        self.seen_button.setToolTip(
            "Press this once a doctor or physiotherapist has checked the symptoms you reported"
        )
        self.seen_button.hide()
        seen_row = QHBoxLayout()
        seen_row.addWidget(self.seen_button)
        seen_row.addStretch(1)
        layout.addLayout(seen_row)
