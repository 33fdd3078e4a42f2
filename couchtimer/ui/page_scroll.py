"""Today's page, scrolled up and down when the window is too short for it (``PageScroll``).

Imported just after the first frame (``TodayScreen.add_start_keys``), never on its path: so is
``QEvent``, whose Python type PySide6 makes, 170-odd event types and all, the first time it is
looked up (13 M instructions, benchmarks/startup.py).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtWidgets import QScrollArea, QWidget


class PageScroll(QScrollArea):
    """Today's page, scrolled up and down when the window is too short for it: a wrapped label
    (the red-flag advice above all) then keeps every line instead of being squeezed to one, as
    Qt's minimum window size does not count wrapped labels' heights. The window's smallest size
    stays the page's own (plus the scroll bar's width), so the page never scrolls sideways.
    When the page's layout changes (the guidance panel shown, say), the window asks again for
    this smallest size, as it would for an unscrolled page.

    The page goes into it just after the first frame (``TodayScreen.add_start_keys``): that frame,
    at the window's first size, draws the page whole without a scroll bar either way, and the
    scroll area, the layout passes it adds and its Python ``minimumSizeHint`` cost 7 M
    instructions before it (benchmarks/startup.py). So does a filter that sees every event the
    page gets (a call into Python each)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("today_scroll")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)

    def take_page(self, page: QWidget) -> None:
        """Scroll ``page`` from now on, and watch its layout."""
        self.setWidget(page)
        page.installEventFilter(_LayoutWatch(self))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        page = self.widget()
        if page is None:
            return super().minimumSizeHint()
        wanted = page.minimumSizeHint()
        return QSize(wanted.width() + self.verticalScrollBar().sizeHint().width(), wanted.height())


class _LayoutWatch(QObject):
    """Asks its scroll area to update its geometry when the watched page's layout changes."""

    def __init__(self, scroll: QScrollArea) -> None:
        super().__init__(scroll)
        self._scroll = scroll
        self._layout_request = QEvent.Type.LayoutRequest

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == self._layout_request:
            self._scroll.updateGeometry()
        return False
