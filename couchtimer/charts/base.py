"""The base of every chart: a titled pyqtgraph plot with palette-aware styling, a text empty
state and its figures as a table; the small items charts share.

What every chart shows (series, points, ranges, ticks, colours) comes from
``couchtimer.charts.figures``, the same figures the PDF paints; these classes draw them with
pyqtgraph (hover tips, the empty state, the palette). Items are created once and updated
with ``setData``/``setOpts`` so that switching runs is cheap. Colours come from
``couchtimer.charts.theme`` (Okabe–Ito); every series also has its own symbol, and every
chart a text empty state saying what to do.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPalette,
    QPen,
    QWheelEvent,
)

from couchtimer.charts import theme
from couchtimer.charts.figures import EMPTY_RUNS as EMPTY_RUNS  # History's empty state too
from couchtimer.charts.figures import THRESHOLDS, series_colour, threshold_colour
from couchtimer.charts.spacing import GAP, apart
from couchtimer.core.programme import SegmentKind


class PageChartWidget(pg.PlotWidget):  # type: ignore[misc]  # pyqtgraph has no types
    """A plot that leaves the mouse wheel to the page around it."""

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        event.ignore()  # not accepted: Qt hands it to the scroll area the chart is in


class SpacedAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph has no types
    """An axis whose tick labels never overwrite each other (``charts/spacing.py``, the PDF's
    rule too): pyqtgraph always writes every label of the major level, however dense."""

    def generateDrawSpecs(self, p: QPainter) -> object:  # noqa: N802 (pyqtgraph override)
        specs = super().generateDrawSpecs(p)
        if specs is None:
            return None
        axis, ticks, texts = specs
        metrics = QFontMetricsF(p.font())
        boxes = []
        for rect, flags, words in texts:
            box = rect
            if self.orientation in ("left", "right"):
                # Up and down, the words' ink (less the gap ``apart`` adds): the timeline's
                # "Gradient %" and "Cadence" sit closer than a line, as their strips do.
                box = _ink_box(rect, metrics.tightBoundingRect(words))
            boxes.append((box, (rect, flags, words)))
        kept = [spec for _, spec in apart(boxes)]
        if kept and self.orientation in ("top", "bottom"):
            # pyqtgraph keeps room for 0.8 of the words' height (a guess that fits one line):
            # two lines ("W4R1" over "18 Mar", "Lower" over "back") ran into the axis's title.
            self._updateMaxTextSize(max(rect.height() for rect, _, _ in kept) / 0.8)
        return axis, ticks, kept


def _ink_box(rect: QRectF, ink: QRectF) -> QRectF:
    """``rect`` as tall as the ink of its words, less the gap round it (``charts/spacing``)."""
    top = rect.center().y() - ink.height() / 2 + GAP / 2
    return QRectF(rect.left(), top, rect.width(), ink.height() - GAP)


class Chart:
    """A titled pyqtgraph plot with palette-aware styling and a text empty state."""

    def __init__(self, title: str, left: str, bottom: str, object_name: str) -> None:
        self.widget = PageChartWidget(
            axisItems={side: SpacedAxis(side) for side in ("left", "bottom")}
        )
        self.widget.setObjectName(object_name)
        self.widget.setMinimumHeight(200)
        self.widget.setAccessibleName(title)
        # One focus stop per chart, the named view (a screen reader reads its name and summary on
        # Tab), not its unnamed viewport as well (4.1.2). The viewport's focus proxy is the view,
        # so the view's own policy is set after it.
        self.widget.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.plot: pg.PlotItem = self.widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        # No zooming or panning by mouse: the charts sit in scrolling pages, where the wheel must
        # scroll the page (it used to zoom a chart to -600..400 with no way back). Hover tips stay.
        self.plot.setMouseEnabled(x=False, y=False)
        # The hidden top and right axes follow the view's range too: with SI prefixes on, each
        # range change would write their (unshown) titles again as HTML.
        for name in ("top", "right"):
            self.plot.getAxis(name).enableAutoSIPrefix(False)
        self.title = title
        self._labels = (left, bottom)
        self._empty = pg.TextItem(anchor=(0.5, 0.5))
        self._empty.setZValue(100)
        self.plot.addItem(self._empty, ignoreBounds=True)
        self._empty.hide()
        self.empty_text = ""
        self.dark = False
        self.backdrop = QColor("#FFFFFF")
        #: The chart's figures as a table, for the "Chart data as tables" view (1.1.1).
        self.headers: tuple[str, ...] = ()
        self.rows: list[tuple[str, ...]] = []
        # No restyle here: a subclass's items do not exist yet. Each chart's __init__ ends with
        # restyle(palette), once everything it colours is there.

    def restyle(self, palette: QPalette) -> None:
        self.dark = theme.is_dark(palette)
        base = palette.color(QPalette.ColorRole.Base)
        self.backdrop = base
        text = palette.color(QPalette.ColorRole.Text)
        self.widget.setBackground(base)
        pen = pg.mkPen(text)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.enableAutoSIPrefix(False)
            axis.setPen(pen)
            axis.setTextPen(pen)
        left, bottom = self._labels
        self.plot.setLabel("left", left, color=text.name())
        self.plot.setLabel("bottom", bottom, color=text.name())
        self.plot.setTitle(self.title, color=text.name(), size="11pt")
        self._empty.setColor(text)
        legend = self.plot.legend
        if legend is not None:
            backdrop = QColor(base)
            backdrop.setAlpha(215)
            legend.setBrush(backdrop)
            legend.setPen(pg.mkPen(text, width=0.5))
        self.redraw_colours()

    def set_title(self, title: str) -> None:
        self.title = title
        self.widget.setAccessibleName(title)  # the name is the title shown (2.5.3)
        colour = self.widget.palette().color(QPalette.ColorRole.Text)
        self.plot.setTitle(title, color=colour.name(), size="11pt")

    def redraw_colours(self) -> None:
        """Colour the chart's own items for ``self.dark``/``self.backdrop``; every chart whose
        items depend on the palette overrides this (called by ``restyle``, never before the
        chart's ``__init__`` has made its items)."""

    def describe(
        self, summary: str, headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]
    ) -> None:
        """What the chart shows, in words (its accessible description) and as a table."""
        self.headers, self.rows = headers, list(rows)
        self.widget.setAccessibleDescription(summary)

    def set_empty(self, message: str | None) -> None:
        """Show ``message`` in the middle of an empty chart, or hide it."""
        self.empty_text = message or ""
        if message:
            self.describe(message, (), [])
            self._empty.setText(message)
            self.plot.setXRange(0, 1, padding=0)
            self.plot.setYRange(0, 1, padding=0)
            self._empty.setPos(0.5, 0.5)
            self._empty.show()
        else:
            self._empty.hide()


def threshold_lines(plot: pg.PlotItem) -> list[pg.InfiniteLine]:
    lines = []
    for value, words in THRESHOLDS:
        line = pg.InfiniteLine(
            pos=value,
            angle=0,
            movable=False,
            label=words,
            labelOpts={"position": 0.02, "anchors": [(0, 1), (0, 1)]},
        )
        line.setZValue(5)  # over bars and bands, so that its words are never hidden behind them
        plot.addItem(line)
        lines.append(line)
    return lines


def style_thresholds(lines: list[pg.InfiniteLine], dark: bool, backdrop: QColor) -> None:
    """Dashed lines; their labels on a solid patch of the chart's background, so they read at
    7.5:1 (light) and 5.9:1 (dark) even over a segment band's hatching (1.4.3)."""
    colour = threshold_colour(dark)
    for line in lines:
        line.setPen(pg.mkPen(colour, width=1, style=Qt.PenStyle.DashLine))
        line.label.setColor(colour)
        line.label.fill = pg.mkBrush(backdrop)
        line.label.update()


def scatter(symbol: str, size: float = 9) -> pg.ScatterPlotItem:
    return pg.ScatterPlotItem(symbol=symbol, size=size, hoverable=True, tip=_tip, pxMode=True)


def hover_targets(size: float) -> pg.ScatterPlotItem:
    """Invisible points at the top of each bar that carry its tool tip (an item with opacity 0
    gets no hover events, so these are drawn, but with no pen and a transparent brush)."""
    targets = scatter("s", size)
    targets.setPen(pg.mkPen(None))
    targets.setBrush(QBrush(QColor(0, 0, 0, 0)))
    return targets


def _tip(x: float, y: float, data: object) -> str:
    return str(data)


def series_brush(hex_colour: str, dark: bool) -> tuple[QBrush, QPen]:
    ink = theme.mark_colours(dark)[1]
    return QBrush(series_colour(hex_colour, dark)), pg.mkPen(ink, width=1)


def mean_words(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}/10"


def legend_html(dark: bool) -> str:
    """Coloured squares naming each segment kind and report series (for a QLabel)."""
    parts = []
    for kind in SegmentKind:
        colour = theme.kind_colour(kind, dark).name()
        parts.append(f"<span style='color:{colour}'>&#9632;</span> {kind.heading}")
    parts.append("&#9679; pain mark &nbsp; &#10005; mark without intensity")
    return " &nbsp; ".join(parts)
