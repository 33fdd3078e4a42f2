"""A focus ring every keyboard user can see (WCAG 2.4.7 and 1.4.11).

Fusion marks a focused default button no differently from an unfocused one, draws nothing round
a focused scroll area or chart, and tints a focused page tab at 1.11:1. ``FocusRing`` draws a
2-pixel ring in the window's text colour (18:1 on the light window, 12:1 on the dark one) round
the focused button, tab bar, scroll area, table or chart, on a transparent overlay that takes no
clicks and no focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QTabBar,
    QWidget,
)
from shiboken6 import isValid

RING_WIDTH = 2
#: What gets the ring: the widgets whose own focus mark is missing or too faint.
RINGED = (QAbstractButton, QAbstractScrollArea, QTabBar)


class _Overlay(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("focus_ring")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("")

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        colour = self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(QPen(colour, RING_WIDTH))
        half = RING_WIDTH // 2
        painter.drawRect(self.rect().adjusted(half, half, -half, -half))
        painter.end()


class FocusRing(QObject):
    """Follows the focus through the app; one per application (``FocusRing.install``).

    The app installs it once the window shows (``app.after_show``): its module touches Qt's
    namespace, which the first frame does without (benchmarks/startup.py).
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.target: QWidget | None = None
        self._overlay: _Overlay | None = None
        app.focusChanged.connect(self._focus_changed)
        self._focus_changed(None, app.focusWidget())

    @classmethod
    def install(cls, app: QApplication) -> FocusRing:
        existing = app.findChild(FocusRing)
        return existing if isinstance(existing, FocusRing) else cls(app)

    def uninstall(self) -> None:
        """Stop following the focus and take the ring away (tests)."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.disconnect(self._focus_changed)
        self._focus_changed(None, None)
        self.setParent(None)
        self.deleteLater()

    @property
    def overlay(self) -> QWidget | None:
        """The ring now showing (None when the focused widget needs none)."""
        return self._overlay if self._overlay is not None and self.target is not None else None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # The focused widget may be gone already (a dialog closed and deleted with its buttons;
        # the ring, its child, went with it): then there is nothing to take down.
        if self.target is not None and isValid(self.target):
            self.target.removeEventFilter(self)
        if self._overlay is not None and isValid(self._overlay):
            self._overlay.hide()
            self._overlay.deleteLater()
        self._overlay = None
        self.target = new if isinstance(new, RINGED) else None
        if self.target is None:
            return
        self.target.installEventFilter(self)
        self._overlay = _Overlay(self.target)
        self._place()
        self._overlay.show()

    def _place(self) -> None:
        if self._overlay is not None and self.target is not None and isValid(self._overlay):
            self._overlay.setGeometry(QRect(0, 0, self.target.width(), self.target.height()))
            self._overlay.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.target and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._place()
        return False
