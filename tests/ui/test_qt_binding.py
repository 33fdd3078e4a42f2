"""Guard against a Qt binding that leaks references: PySide6 6.12.0 crashes after a few minutes.

In PySide6-Essentials 6.12.0 every call of a QPainter method that returns nothing drops one
reference to ``None`` (CPython < 3.12 then aborts with "deallocating None" once the count runs
out; charts and the segment bar make thousands of such calls a minute). pyproject.toml excludes
that release; this test fails if an affected binding is installed anyway.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QImage, QPainter


def test_void_painter_calls_keep_references_to_none() -> None:
    """1,000 calls of a void QPainter method leave None's reference count where it was."""
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for _ in range(1000):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        after = sys.getrefcount(None)
    finally:
        painter.end()
    assert abs(after - before) < 50
