"""The report's charts painted with QPainter straight onto the PDF page, as vector graphics.

Each chart's content comes from ``charts/figures.py`` (the same rules as the History tab's
pyqtgraph charts); this module only draws it, in the frame the History tab's charts have: a
chart 820 x 360 pixels (title, left and bottom axes, a legend at the top right) scaled onto
its place on the page. Ticks are chosen as pyqtgraph chooses them (the spacing for the
axis's length, then each finer level's labels only while they fit), so the same numbers are
written under the same charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QTransform,
)

from couchtimer.charts.figures import Bars, Figure, Item, Marks, Rule, Strokes, Ticks
from couchtimer.charts.spacing import GAP, clear_of
from couchtimer.report.layout import FONT, fill_rect
from couchtimer.report.ticks import auto_ticks

WIDTH, HEIGHT = 820.0, 360.0  # the chart's own pixels, as the History tab lays it out
PLOT = QRectF(38.85, 31.0, 780.65, 290.9)  # where the data goes (pyqtgraph's view box)
TEXT_PX = 12.0  # 9 pt at 96 dpi: ticks, axis words, legend, labels
TITLE_PX = 11 * 96 / 72  # 11 pt
TICK_TEXT_HEIGHT = 18.0  # the room the bottom axis keeps for its words (pyqtgraph's default)
TEXT_MARGIN = 4.0  # round the words of a label (a QGraphicsTextItem's document margin)
INK = QColor("#000000")
BACKDROP = QColor("#FFFFFF")
FILL_LIMITS = ((0, 0.8), (2, 0.6), (4, 0.4), (6, 0.2))  # pyqtgraph's textFillLimits
# How words sit in their boxes, as the int flags drawText takes, worked out once (each a few
# Python enum look-ups and a Flag union otherwise, for every label).
_ALIGN, _NO_CLIP = Qt.AlignmentFlag, Qt.TextFlag.TextDontClip
CENTRE = int(_ALIGN.AlignCenter)
MIDDLE = int(_ALIGN.AlignHCenter | _ALIGN.AlignVCenter)
RIGHT = int(_ALIGN.AlignRight | _ALIGN.AlignVCenter | _NO_CLIP)  # the left axis's numbers
UNDER = int(_ALIGN.AlignHCenter | _ALIGN.AlignTop | _NO_CLIP)  # the bottom axis's words
LEFT = int(_ALIGN.AlignLeft | _ALIGN.AlignVCenter | _NO_CLIP)  # a legend's words


def _symbols() -> dict[str, QPainterPath]:
    """pyqtgraph's symbols, in a unit square round the point (y downwards)."""
    paths = {}
    circle = QPainterPath()
    circle.addEllipse(QRectF(-0.5, -0.5, 1, 1))
    paths["o"] = circle
    shapes = {
        "s": [(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)],
        "t": [(-0.5, -0.5), (0, 0.5), (0.5, -0.5)],
        "d": [(0, -0.5), (-0.4, 0), (0, 0.5), (0.4, 0)],
        "x": [
            (-0.2828, -0.4243),
            (-0.4243, -0.2828),
            (-0.1414, 0),
            (-0.4243, 0.2828),
            (-0.2828, 0.4243),
            (0, 0.1414),
            (0.2828, 0.4243),
            (0.4243, 0.2828),
            (0.1414, 0),
            (0.4243, -0.2828),
            (0.2828, -0.4243),
            (0, -0.1414),
        ],
    }
    for name, corners in shapes.items():
        path = QPainterPath()
        path.moveTo(*corners[0])
        for corner in corners[1:]:
            path.lineTo(*corner)
        path.closeSubpath()
        paths[name] = path
    return paths


SYMBOLS = _symbols()


class ChartPainter:
    """Paints figures onto one painter (a PDF page), each into a rectangle of the page."""

    def __init__(self, painter: QPainter) -> None:
        self.painter = painter
        dpi = painter.device().logicalDpiY()
        self.text = QFont(FONT)
        self.text.setPointSizeF(TEXT_PX * 72 / dpi)
        self.title = QFont(FONT)
        self.title.setPointSizeF(TITLE_PX * 72 / dpi)
        self.metrics = QFontMetricsF(self.text, painter.device())
        self._written: list[QRectF] = []  # the boxes of the words of the chart being drawn
        self._sizes: dict[str, tuple[float, float]] = {}  # each tick label measured once

    def label_room(self, words: Sequence[str], lines: int = 2) -> tuple[float, float]:
        """A label of ``lines`` of the widest of ``words`` (with its margins and the gap to
        the next), as shares of the plot's width and height: for ``timeline_figure``."""
        widest = max(self.metrics.horizontalAdvance(w) for w in words) + 2 * TEXT_MARGIN + GAP
        height = lines * self.metrics.lineSpacing() + 2 * TEXT_MARGIN
        left_axis = self._size("10")[0]  # the plot is narrower by a wider axis: allowed for
        return widest / (PLOT.width() - left_axis), height / (PLOT.height() - TICK_TEXT_HEIGHT)

    def draw(self, figure: Figure, target: QRectF) -> None:
        p = self.painter
        p.save()
        p.translate(target.topLeft())
        p.scale(target.width() / WIDTH, target.height() / HEIGHT)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        y_ticks = figure.y_ticks or auto_ticks(*figure.y_range, PLOT.height())
        left_words = self._labels(y_ticks, View(PLOT, figure.x_range, figure.y_range), True)
        widest = max((rect.width() for rect, _ in left_words), default=0.0)
        plot = QRectF(PLOT)
        # the left axis is as wide as its widest number: PLOT is laid out for "10"
        plot.setLeft(PLOT.left() + widest - self._size("10")[0])
        x_ticks = figure.x_ticks or auto_ticks(*figure.x_range, plot.width())
        # the bottom axis keeps 18 px for its words and grows for taller ones (two lines)
        under = self._labels(
            x_ticks, View(plot, figure.x_range, figure.y_range), False, figure.x_fill
        )
        tallest = max((rect.height() for rect, _ in under), default=0.0)
        plot.setBottom(PLOT.bottom() - max(0.0, tallest - TICK_TEXT_HEIGHT))
        view = View(plot, figure.x_range, figure.y_range)
        if figure.empty:
            view = View(plot, (0.0, 1.0), (0.0, 1.0))
        else:
            p.save()
            p.setClipRect(plot)
            self._written = []  # the words of this chart's items so far
            for item in figure.items:
                self._item(item, view)
            p.restore()
        self._axes(figure, view, x_ticks, y_ticks)
        if figure.empty:
            self._words(view.point(0.5, 0.5), figure.empty, (0.5, 0.5), INK)
        if figure.legend:  # also on an empty chart, as pyqtgraph's legend stays
            self._legend(figure.legend, plot)
        p.restore()

    # --- items -------------------------------------------------------------------------
    def _item(self, item: Item, view: View) -> None:
        if isinstance(item, Marks):
            self._marks(item, view)
        elif isinstance(item, Bars):
            self._bars(item, view)
        elif isinstance(item, Strokes):
            self._strokes(item, view)
        elif isinstance(item, Rule):
            self._rule(item, view)
        else:  # words: left out where they would overwrite words written before them
            fill = BACKDROP if item.patch else None
            box = self._box_of(view.point(item.x, item.y), item.text, item.anchor)
            if clear_of(box, self._written):
                self._written.append(box)
                self._words(view.point(item.x, item.y), item.text, item.anchor, item.colour, fill)

    def _marks(self, marks: Marks, view: View) -> None:
        p = self.painter
        # the symbol at its size once; each point draws it moved (no transform per point:
        # a third of the PDF's content, and of the time its pages take to write)
        path = QTransform.fromScale(marks.size, marks.size).map(SYMBOLS[marks.symbol])
        p.setPen(_pen(marks.edge, marks.edge_width) if marks.edge else Qt.PenStyle.NoPen)
        p.setBrush(marks.fill if marks.fill else Qt.BrushStyle.NoBrush)  # no QBrush made here:
        # its constructors would build QGradient's and QImage's Python enums (~200 names)
        draw, move = p.drawPath, path.translated
        for x, y in view.points(marks.xs, marks.ys):
            draw(move(x, y))

    def _bars(self, bars: Bars, view: View) -> None:
        p = self.painter
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # as pyqtgraph's bars
        p.setPen(Qt.PenStyle.NoPen)
        try:
            self._fill_bars(bars, view)
        finally:
            p.restore()

    def _fill_bars(self, bars: Bars, view: View) -> None:
        p = self.painter
        patterns = bars.patterns or (Qt.BrushStyle.SolidPattern,) * len(bars.fills)
        colours = {id(c): c for c in bars.fills}.values()  # a series repeats one QColor
        if (
            len({c.rgba() for c in colours}) == 1 and len(set(patterns)) == 1
        ):  # one brush: the bars in one go (rectangles the PDF fills itself, a fifth of the
            # bytes of a path: a page of dense bars is written faster; the same fill, as the
            # bars never overlap), leaving out those of no height (nothing to fill)
            boxes = [box for box in view.rects(bars) if box[2] and box[3]]
            p.setBrush(_brush(bars.fills[0], patterns[0]))
            rects = [QRectF(*box) for box in boxes]
            if _apart(boxes):
                p.drawRects(rects)
            else:  # overlapping bars: one path, filled as before (odd-even)
                path = QPainterPath()
                for rect in rects:
                    path.addRect(rect)
                p.drawPath(path)
            return
        for box, fill, pattern in zip(view.rects(bars), bars.fills, patterns, strict=True):
            if fill.alpha():
                p.setBrush(_brush(fill, pattern))
                p.drawRect(QRectF(*box))

    def _strokes(self, strokes: Strokes, view: View) -> None:
        if not strokes.xs:
            return
        p = self.painter
        p.setPen(_pen(strokes.colour, 1, Qt.PenStyle.DotLine))
        for x in strokes.xs:
            p.drawLine(view.point(x, strokes.y0), view.point(x, strokes.y1))

    def _rule(self, rule: Rule, view: View) -> None:
        p = self.painter
        p.setPen(_pen(rule.colour, 1, rule.style))
        plot = view.plot
        if rule.vertical:
            x = view.point(rule.at, 0).x()
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            return
        y = view.point(0, rule.at).y()
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        if rule.words:  # on a patch of the background, 2 % along the line
            at = QPointF(plot.left() + 0.02 * plot.width(), y)
            self._words(at, rule.words, (0.0, 1.0), rule.colour, BACKDROP)

    def _words(
        self,
        at: QPointF,
        text: str,
        anchor: tuple[float, float],
        colour: QColor,
        fill: QColor | None = None,
    ) -> None:
        """Words in a box (with a text item's margin) placed by ``anchor`` on ``at``."""
        p = self.painter
        lines = text.split("\n")
        line = self.metrics.lineSpacing()
        box = self._box_of(at, text, anchor)
        width = box.width()
        if fill is not None:
            fill_rect(p, box, fill)
        p.setFont(self.text)
        p.setPen(colour)
        for i, words in enumerate(lines):
            row = QRectF(box.left(), box.top() + TEXT_MARGIN + i * line, width, line)
            p.drawText(row, MIDDLE, words)

    def _box_of(self, at: QPointF, text: str, anchor: tuple[float, float]) -> QRectF:
        """Where ``_words`` writes ``text``: its lines with a text item's margin round them."""
        lines = text.split("\n")
        width = max(self.metrics.horizontalAdvance(t) for t in lines) + 2 * TEXT_MARGIN
        height = self.metrics.lineSpacing() * len(lines) + 2 * TEXT_MARGIN
        return QRectF(at.x() - anchor[0] * width, at.y() - anchor[1] * height, width, height)

    # --- frame -------------------------------------------------------------------------
    def _size(self, words: str) -> tuple[float, float]:
        """A tick label's width and height as pyqtgraph measures them (the font's box, 0.8 of
        its height); each label laid out once (every axis is measured, then drawn)."""
        size = self._sizes.get(words)
        if size is None:
            box = self.metrics.boundingRect(QRectF(0, 0, 100, 100), CENTRE, words)
            size = self._sizes[words] = (box.width(), box.height() * 0.8)
        return size

    def _labels(
        self, ticks: Ticks, view: View, vertical: bool, fill: float = 0.8
    ) -> list[tuple[QRectF, str]]:
        """The tick labels pyqtgraph writes, each in its box: the major level always, each
        finer one only while all the words so far fill little enough of the axis; a label
        that would stick out past the axis's ends, or overwrite one kept before it, is left
        out."""
        span = view.y_range if vertical else view.x_range
        low, high = sorted(span)
        plot = view.plot
        length = plot.height() if vertical else plot.width()
        limits = ((0, fill),) if fill != 0.8 else FILL_LIMITS
        shown: list[tuple[QRectF, str]] = []
        used = 0.0
        for level, ticks_at in enumerate(ticks[:3]):
            boxes = []
            for value, words in ticks_at:
                if not low <= value <= high:
                    continue
                box = self._size(words)
                used += box[1] if vertical else box[0]
                boxes.append((value, words, box))
            if level and any(len(shown) >= n and used / length >= most for n, most in limits):
                break
            for value, words, (width, height) in boxes:
                at = view.point(value, value)
                if vertical:
                    rect = QRectF(plot.left() - 5 - width, at.y() - height / 2, width, height)
                    inside = plot.top() - 15 <= rect.top() and rect.bottom() <= plot.bottom() + 15
                else:
                    rect = QRectF(at.x() - width / 2, plot.bottom() + 2, width, height)
                    inside = plot.left() <= rect.left() and rect.right() <= plot.right() - 0.5
                if inside and clear_of(rect, (r for r, _ in shown)):  # the History tab's rule
                    shown.append((rect, words))
        return shown

    def _axes(self, figure: Figure, view: View, x_ticks: Ticks, y_ticks: Ticks) -> None:
        p = self.painter
        plot = view.plot
        p.setPen(_pen(INK, 1))
        p.drawLine(
            QPointF(plot.left() - 1, plot.top() - 1), QPointF(plot.left() - 1, plot.bottom())
        )
        p.drawLine(QPointF(plot.left() - 1, plot.bottom()), QPointF(plot.right(), plot.bottom()))
        x_range, y_range = (view.x_range, view.y_range)
        for level, ticks in enumerate(y_ticks[:3]):
            p.setPen(_tick_pen(level))
            for value, _ in ticks:
                if y_range[0] <= value <= y_range[1]:
                    y = view.point(0, value).y()
                    p.drawLine(QPointF(plot.left(), y), QPointF(plot.left() + _tick(level), y))
        for level, ticks in enumerate(x_ticks[:3]):
            p.setPen(_tick_pen(level))
            for value, _ in ticks:
                if x_range[0] <= value <= x_range[1]:
                    x = view.point(value, 0).x()
                    p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() - _tick(level)))
        p.setFont(self.text)
        p.setPen(INK)
        for rect, words in self._labels(y_ticks, view, vertical=True):
            p.drawText(rect, RIGHT, words)
        for rect, words in self._labels(x_ticks, view, vertical=False, fill=figure.x_fill):
            p.drawText(rect, UNDER, words)
        centre = plot.center()
        p.drawText(
            QRectF(plot.left(), 341.4, plot.width(), 22.0),
            CENTRE,
            figure.bottom,
        )
        p.save()
        p.translate(7.0, centre.y())
        p.rotate(-90)
        p.drawText(
            QRectF(-plot.height() / 2, -11.0, plot.height(), 22.0),
            CENTRE,
            figure.left,
        )
        p.restore()
        p.setFont(self.title)
        p.drawText(
            QRectF(plot.left(), 1.0, plot.width(), 30.0),
            CENTRE,
            figure.title,
        )

    def _legend(self, entries: Sequence[tuple[str, Marks | Bars]], plot: QRectF) -> None:
        p = self.painter
        words = max(self.metrics.horizontalAdvance(name) for name, _ in entries)
        width = 9 + 20 + 5 + words + 2 * TEXT_MARGIN + 9
        box = QRectF(plot.right() - 10 - width, plot.top() + 10, width, 18 + 22 * len(entries))
        backdrop = copy(BACKDROP)  # not QColor(BACKDROP): see _tick_pen
        backdrop.setAlpha(215)
        p.setPen(_pen(INK, 0.5))
        p.setBrush(backdrop)
        p.drawRect(box)
        p.setFont(self.text)
        for i, (name, sample) in enumerate(entries):
            top = box.top() + 10 + 22 * i
            left = box.left() + 9
            if isinstance(sample, Bars):
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(sample.fills[0])
                p.drawRect(QRectF(left + 2, top + 2, 18, 18))
            else:
                p.save()
                p.setPen(_pen(sample.edge, sample.edge_width) if sample.edge else Qt.PenStyle.NoPen)
                p.setBrush(sample.fill if sample.fill else Qt.BrushStyle.NoBrush)
                p.translate(left + 10, top + 10)
                p.scale(sample.size, sample.size)
                p.drawPath(SYMBOLS[sample.symbol])
                p.restore()
            p.setPen(INK)
            p.drawText(
                QRectF(left + 25 + TEXT_MARGIN, top - 1, words + 1, 22),
                LEFT,
                name,
            )


class View:
    """Data to chart pixels."""

    def __init__(
        self, plot: QRectF, x_range: tuple[float, float], y_range: tuple[float, float]
    ) -> None:
        self.plot = plot
        self.x_range, self.y_range = x_range, y_range
        self._sx = plot.width() / ((x_range[1] - x_range[0]) or 1.0)
        self._sy = plot.height() / ((y_range[1] - y_range[0]) or 1.0)

    def point(self, x: float, y: float) -> QPointF:
        return QPointF(
            self.plot.left() + (x - self.x_range[0]) * self._sx,
            self.plot.bottom() - (y - self.y_range[0]) * self._sy,
        )

    def points(self, xs: Sequence[float], ys: Sequence[float]) -> list[tuple[float, float]]:
        """Many points as ``point`` places them, as plain numbers (a chart has thousands)."""
        left, bottom = self.plot.left(), self.plot.bottom()
        x0, y0, sx, sy = self.x_range[0], self.y_range[0], self._sx, self._sy
        return [(left + (x - x0) * sx, bottom - (y - y0) * sy) for x, y in zip(xs, ys, strict=True)]

    def rects(self, bars: Bars) -> list[Box]:
        """Each bar's rectangle in chart pixels, as plain numbers: exactly the
        ``QRectF(point(x0, y0 + height), point(x0 + width, y0)).normalized()`` of each (the
        same arithmetic in the same order), without three Qt objects a bar (a chart has
        thousands)."""
        left, bottom = self.plot.left(), self.plot.bottom()
        x_low, y_low, sx, sy = self.x_range[0], self.y_range[0], self._sx, self._sy
        boxes = []
        for x0, width, y0, height in zip(
            bars.x0s, bars.widths, bars.y0s, bars.heights, strict=True
        ):
            x = left + (x0 - x_low) * sx
            y = bottom - (y0 + height - y_low) * sy
            w = left + (x0 + width - x_low) * sx - x
            h = bottom - (y0 - y_low) * sy - y
            if w < 0:
                x, w = x + w, -w
            if h < 0:
                y, h = y + h, -h
            boxes.append((x, y, w, h))
        return boxes


Box = tuple[float, float, float, float]  # a rectangle: left, top, width, height


def _apart(boxes: Sequence[Box]) -> bool:
    """No two of these rectangles overlap (they may touch): left to right, each ends before
    the next begins."""
    ordered = sorted(boxes)
    return all(a[0] + a[2] <= b[0] for a, b in pairwise(ordered))


def _pen(colour: QColor | None, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    """A cosmetic pen, as pyqtgraph's: its width in the page's own pixels, whatever the scale."""
    pen = QPen(colour or INK, width, style)
    pen.setCosmetic(True)
    return pen


def _brush(colour: QColor, pattern: Qt.BrushStyle) -> QBrush:
    return QBrush(colour, pattern)


def _tick(level: int) -> float:
    return 5.0 / (level * 0.5 + 1.0)


def _tick_pen(level: int) -> QPen:
    colour = copy(INK)  # not QColor(INK): that overload makes PySide6 build QByteArray's enums
    colour.setAlpha(int(255 / (level + 1)))
    return _pen(colour, 1)
