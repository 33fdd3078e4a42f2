"""Windows and dialogs that fit the screen they open on, 1366x768 and 1280x720 included."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room for a window manager's title bar and borders, which Qt cannot know before a window shows.
FRAME = QSize(16, 48)
# A Wayland client is not told where the desktop's panels are: its screen's available geometry
# is the whole output. So room is left for one panel too (GNOME's top bar is 32 px, KDE's
# panel 44), or a window on a 768-px laptop would reach under it (issue 22).
PANEL = 48


def available(widget: QWidget) -> QRect:
    """The part of the widget's screen that windows may use (panels and docks left out)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def margin(platform: str, area: QRect, whole: QRect) -> QSize:
    """What to leave free of a screen whose windows may use ``area`` of ``whole``: the window's
    frame, and on Wayland (which never says where the panels are) a panel's height as well."""
    if platform.startswith("wayland") and area == whole:
        return FRAME + QSize(0, PANEL)
    return FRAME


def bounded(size: QSize, widget: QWidget) -> QSize:
    """``size``, made small enough for the widget's screen, frame (and panel) included."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    room = margin(QGuiApplication.platformName(), area, screen.geometry())
    return size.boundedTo(QSize(area.width() - room.width(), area.height() - room.height()))


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
