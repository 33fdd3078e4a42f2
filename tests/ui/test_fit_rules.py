"""How much of a screen a window leaves free (couchtimer/ui/fit.py)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

from couchtimer.ui.fit import margin

OUTPUT = QRect(0, 0, 1366, 768)
UNDER_A_PANEL = QRect(0, 32, 1366, 736)


def test_wayland_leaves_room_for_a_panel_it_is_not_told_about() -> None:
    """Issue 22: Wayland's available geometry is the whole output, panels included."""
    assert margin("wayland", OUTPUT, OUTPUT) == QSize(16, 96)
    assert margin("wayland-egl", OUTPUT, OUTPUT) == QSize(16, 96)


def test_where_the_panels_are_known_only_the_frame_is_left() -> None:
    assert margin("wayland", UNDER_A_PANEL, OUTPUT) == QSize(16, 48)
    assert margin("xcb", UNDER_A_PANEL, OUTPUT) == QSize(16, 48)
    assert margin("xcb", OUTPUT, OUTPUT) == QSize(16, 48)  # X11 without panels: none to leave
    assert margin("offscreen", OUTPUT, OUTPUT) == QSize(16, 48)
