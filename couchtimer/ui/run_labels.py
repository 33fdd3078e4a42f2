"""The run screen's labels: plain ones, and the countdown that fits its space."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy


def plain_label(
    name: str, *, bold: bool = False, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter
) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setAlignment(align)
    # No accessible name: a label's text *is* the information, and a label given a name exposes
    # that name instead of its text to screen readers (issue 20).
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


class FitLabel(QLabel):
    """The countdown: its text as big as the label's space allows.

    The label's own size never depends on its font (its size hint is fixed and small), so the
    space it gets never feeds back into the font: when something else needs room, the countdown
    gives it and the window stays the size it was.
    """

    MIN_HEIGHT = 60

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # No accessible name: the time left is read from its text (see plain_label).
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(QSize(120, self.MIN_HEIGHT))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(120, self.MIN_HEIGHT)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.sizeHint()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        longer = len(text) != len(self.text())
        super().setText(text)
        if longer:  # 59:59 to 1:00:00: the width it needs changes
            self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        sample = "".join("0" if ch.isdigit() else ch for ch in self.text()) or "00:00"
        font = QFont(self.font())
        font.setPixelSize(100)
        metrics = QFontMetricsF(font)
        by_width = 100 * self.width() * 0.94 / max(1.0, metrics.horizontalAdvance(sample))
        by_height = 100 * self.height() * 0.98 / max(1.0, metrics.height())
        pixels = max(12, int(min(by_width, by_height)))
        if self.font().pixelSize() != pixels:
            font.setPixelSize(pixels)
            self.setFont(font)
