"""Windows and dialogs that fit the screen they open on, 1366x768 and 1280x720 included."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room for a window manager's title bar and borders, which Qt cannot know before a window shows.
FRAME = QSize(16, 48)


def available(widget: QWidget) -> QRect:
    """The part of the widget's screen that windows may use (panels and docks left out)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def bounded(size: QSize, widget: QWidget) -> QSize:
    """``size``, made small enough for the widget's screen, frame included."""
    area = available(widget)
    return size.boundedTo(QSize(area.width() - FRAME.width(), area.height() - FRAME.height()))


def keep_on_screen(widget: QWidget) -> None:
    """Shrink the window to its screen if needed, then move it wholly onto it."""
    size = bounded(widget.size(), widget)
    if size != widget.size():
        widget.resize(size)
    area = available(widget)
    frame = widget.frameGeometry()
    x = max(area.left(), min(frame.x(), area.right() + 1 - frame.width()))
    y = max(area.top(), min(frame.y(), area.bottom() + 1 - frame.height()))
    if (x, y) != (frame.x(), frame.y()):
        widget.move(x, y)
