"""Small widgets of the post-run and check-in dialogs: the 0–10 box, the scroll area that asks
for its content's size, and the urgent-advice panel."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from couchtimer.charts import theme
from couchtimer.core.pain import MAX_INTENSITY
from couchtimer.core.redflags import Advice

NOT_GIVEN = -1  # the spin boxes' "–": the runner did not say
SCALE_WORDS = "0 none – 10 worst imaginable"


class IntensityBox(QSpinBox):
    """A 0–10 box that selects its text on focus, so typing a number replaces the "–"."""

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        super().focusInEvent(event)
        # after the click that gave focus has placed the cursor
        QTimer.singleShot(0, self.selectAll)


def intensity_box(accessible_name: str) -> QSpinBox:
    """0–10 by typing a number; "–" (not given) until the runner says."""
    box = IntensityBox()
    box.setRange(NOT_GIVEN, MAX_INTENSITY)
    box.setSpecialValueText("–")
    box.setValue(NOT_GIVEN)
    box.setAccessibleName(accessible_name)
    box.setMinimumWidth(64)
    return box


def intensity_value(box: QSpinBox) -> int | None:
    return None if box.value() == NOT_GIVEN else box.value()


def set_intensity(box: QSpinBox, value: int | None) -> None:
    box.setValue(NOT_GIVEN if value is None else value)


def with_scale(box: QSpinBox) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(box)
    hint = QLabel(SCALE_WORDS)
    hint.setBuddy(box)
    layout.addWidget(hint, 1)
    return row


def labelled(text: str, buddy: QWidget) -> QLabel:
    """A form label whose Alt key (the letter after "&") reaches ``buddy``."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def heading(text: str, scale: float, bold: bool = True) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(bold)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


class FittingScrollArea(QScrollArea):
    """A scroll area that asks for its content's full size; it scrolls only when the screen
    (or the user) makes it smaller."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        content = self.widget()
        if content is None:
            return super().sizeHint()
        frame = 2 * self.frameWidth()
        bar = self.verticalScrollBar().sizeHint().width()
        return content.sizeHint() + QSize(frame + bar, frame)


class AdvicePanel(QFrame):
    """The urgent advice, big and impossible to miss, in the urgent colours of the palette."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("advice")
        layout = QVBoxLayout(self)
        self.headline = heading("", 1.25)
        self.headline.setWordWrap(True)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.headline)
        layout.addWidget(self.body)
        self.setAccessibleName("Urgent medical advice")
        self.advice: Advice | None = None
        self.hide()

    def show_advice(self, advice: Advice | None, dark: bool) -> None:
        self.advice = advice
        if advice is None:
            self.hide()
            return
        self.apply_colours(dark)
        self.headline.setText(advice.headline)
        self.body.setText("\n\n".join(advice.lines))
        self.setAccessibleDescription(advice.text)
        self.show()

    def apply_colours(self, dark: bool) -> None:
        background, text = theme.urgent_colours(dark)
        self.setStyleSheet(
            f"#advice {{ background: {background.name()}; border: 2px solid {theme.VERMILLION}; "
            f"border-radius: 4px; }} #advice QLabel {{ color: {text.name()}; }}"
        )
