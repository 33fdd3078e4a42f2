"""One rule for words that could collide on a chart: the tick labels under and beside every
chart, in the History tab (pyqtgraph's axes, ``SpacedAxis``) and in the PDF
(``report/painted.py``).

Labels are taken in the order given, the most important first (the major tick level before the
finer ones, and along the axis within a level), and each is kept only when it stands ``GAP``
pixels clear of every label kept before it: a week start that would overwrite the one before is
left out, whatever the number of weeks, the chart's width or the words' length. The tick mark
itself is still drawn, and every label's figures are in the chart's table ("Chart data as
tables").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from PySide6.QtCore import QRectF

GAP = 4.0  # px between two labels' boxes

T = TypeVar("T")


def clear_of(rect: QRectF, kept: Iterable[QRectF], gap: float = GAP) -> bool:
    """``rect`` stands ``gap`` clear of each of ``kept`` (boxes that only touch collide)."""
    grown = rect.adjusted(-gap / 2, -gap / 2, gap / 2, gap / 2)
    return not any(
        grown.intersects(other.adjusted(-gap / 2, -gap / 2, gap / 2, gap / 2)) for other in kept
    )


def apart(labels: Sequence[tuple[QRectF, T]], gap: float = GAP) -> list[tuple[QRectF, T]]:
    """The labels kept, in their order: each one clear of all those kept before it."""
    kept: list[tuple[QRectF, T]] = []
    for rect, what in labels:
        if clear_of(rect, (k for k, _ in kept), gap):
            kept.append((rect, what))
    return kept
