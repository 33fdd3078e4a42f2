"""The history charts (pyqtgraph), shared by the history tab and the PDF report.

Every chart draws figures from ``couchtimer.core.analysis``; nothing is computed here but
positions and colours. Items are created once and updated with ``setData``/``setOpts`` so that
switching runs is cheap. Colours come from ``couchtimer.charts.theme`` (Okabe–Ito); every series
also has its own symbol, and every chart a text empty state saying what to do.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPen, QWheelEvent

from couchtimer.charts import theme
from couchtimer.core import analysis
from couchtimer.core.analysis import RunPoint, Timeline
from couchtimer.core.clocktext import clock_text
from couchtimer.core.history import RunRecord
from couchtimer.core.pain import MAX_INTENSITY
from couchtimer.core.programme import Segment, SegmentKind
from couchtimer.core.slopes import Slope, measured_segments, pain_by_slope, slope_of
from couchtimer.core.track import SegmentMetrics

# Series that are not segment kinds: a different Okabe–Ito hue *and* a different symbol each.
DURING = ("During", theme.VERMILLION, "o")
AFTER = ("After", theme.BLUE, "s")
MORNING = ("Morning", theme.BLUISH_GREEN, "t")
GROUP_BAR = theme.ORANGE
MAX_WEEK_LABELS = 24
_SERIES_WORDS = {"During": "worst during", "After": "after", "Morning": "next morning"}
EMPTY_RUNS = "Record a run to see it here."
THIN_BAND_SECONDS = 1.0  # the least width of a band: a segment skipped at once still shows


def series_colour(hex_colour: str, dark: bool) -> QColor:
    """The dark palette lightens the darker blue so it stands off the background."""
    if dark and hex_colour == theme.BLUE:
        return QColor("#3D97D3")
    return QColor(hex_colour)


class PageChartWidget(pg.PlotWidget):  # type: ignore[misc]  # pyqtgraph has no types
    """A plot that leaves the mouse wheel to the page around it."""

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        event.ignore()  # not accepted: Qt hands it to the scroll area the chart is in


class Chart:
    """A titled pyqtgraph plot with palette-aware styling and a text empty state."""

    def __init__(self, title: str, left: str, bottom: str, object_name: str) -> None:
        self.widget = PageChartWidget()
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
        self.restyle(self.widget.palette())

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
        """Charts whose items depend on the palette override this."""

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

    def render_to(self, painter: QPainter, target: QRectF) -> None:
        """Draw the chart as vector graphics (for the PDF report)."""
        self.widget.render(painter, target)


def _threshold_lines(plot: pg.PlotItem) -> list[pg.InfiniteLine]:
    lines = []
    for value, words in (
        (analysis.SAFE_MAX, "2: minimal"),
        (analysis.ACCEPTABLE_MAX, "5: the limit"),
    ):
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


def _style_thresholds(lines: list[pg.InfiniteLine], dark: bool, backdrop: QColor) -> None:
    """Dashed lines; their labels on a solid patch of the chart's background, so they read at
    7.5:1 (light) and 5.9:1 (dark) even over a segment band's hatching (1.4.3)."""
    colour = QColor("#BBBBBB" if dark else "#555555")
    for line in lines:
        line.setPen(pg.mkPen(colour, width=1, style=Qt.PenStyle.DashLine))
        line.label.setColor(colour)
        line.label.fill = pg.mkBrush(backdrop)
        line.label.update()


def _scatter(symbol: str, size: float = 9) -> pg.ScatterPlotItem:
    return pg.ScatterPlotItem(symbol=symbol, size=size, hoverable=True, tip=_tip, pxMode=True)


def _hover_targets(size: float) -> pg.ScatterPlotItem:
    """Invisible points at the top of each bar that carry its tool tip (an item with opacity 0
    gets no hover events, so these are drawn, but with no pen and a transparent brush)."""
    targets = _scatter("s", size)
    targets.setPen(pg.mkPen(None))
    targets.setBrush(QBrush(QColor(0, 0, 0, 0)))
    return targets


def _tip(x: float, y: float, data: object) -> str:
    return str(data)


def _series_brush(hex_colour: str, dark: bool) -> tuple[QBrush, QPen]:
    ink = theme.mark_colours(dark)[1]
    return QBrush(series_colour(hex_colour, dark)), pg.mkPen(ink, width=1)


# --- one run -------------------------------------------------------------------------------------


class TimelineChart(Chart):
    """One run: segments as bands, pain marks at their second, then during/after/morning."""

    def __init__(self) -> None:
        super().__init__("This run", "Pain (0-10)", "Minutes", "timeline_plot")
        self.bands = pg.BarGraphItem(x0=[0], width=[1], height=[0], y0=0, pen=None)
        self.textures = pg.BarGraphItem(x0=[0], width=[1], height=[0], y0=0, pen=None)
        self.bands.setZValue(-20)
        self.textures.setZValue(-19)
        self.plot.addItem(self.bands)
        self.plot.addItem(self.textures)
        self.thresholds = _threshold_lines(self.plot)
        self.divider = pg.InfiniteLine(angle=90, movable=False)
        self.plot.addItem(self.divider)
        self.marks = _scatter("o", 11)
        self.unrated = _scatter("x", 11)  # a mark with no intensity given: drawn at 0
        self.report = {name: _scatter(symbol, 12) for name, _, symbol in (DURING, AFTER, MORNING)}
        for item in (self.marks, self.unrated, *self.report.values()):
            self.plot.addItem(item)
        self.report_labels = {name: pg.TextItem(name, anchor=(0.5, 0)) for name in self.report}
        for label in self.report_labels.values():
            self.plot.addItem(label)
        self.timeline: Timeline | None = None
        self._kinds: list[SegmentKind] = []
        self._skipped: list[bool] = []
        # What a recording measured: a gradient strip and a cadence strip under the bands.
        self.grade_strip = pg.BarGraphItem(x0=[0], width=[0], height=[0], y0=0, pen=None)
        self.cadence_strip = pg.BarGraphItem(x0=[0], width=[0], height=[0], y0=0, pen=None)
        for strip in (self.grade_strip, self.cadence_strip):
            strip.setZValue(-18)
            self.plot.addItem(strip)
        self.strip_labels: list[pg.TextItem] = []
        self.metrics: tuple[SegmentMetrics, ...] = ()
        self.strip_slopes: list[Slope | None] = []
        self._planned: tuple[Segment, ...] = ()
        self.set_run(None)

    @property
    def band_count(self) -> int:
        return len(self._kinds)

    def set_run(self, run: RunRecord | None, metrics: Sequence[SegmentMetrics] = ()) -> None:
        """Show ``run``; with ``metrics`` (what its recording measured, per segment), the
        gradient and cadence strips under its bands too."""
        self._show_run(run)
        self._set_strips(metrics if run is not None else ())

    def _show_run(self, run: RunRecord | None) -> None:
        if run is None:
            self.timeline = None
            self._kinds = []
            self._skipped = []
            self._set_bands([], [], [])
            for item in (self.marks, self.unrated, *self.report.values()):
                item.setData([], [])
            for label in self.report_labels.values():
                label.hide()
            self.divider.hide()
            self.set_title("This run")
            self.set_empty("Choose a run in the list to see its timeline.")
            return
        self.set_empty(None)
        self._planned = run.planned
        self.set_title(f"{run.code}, {analysis.date_words(run)}")
        line = analysis.timeline(run)
        self.timeline = line
        self._kinds = [band.kind for band in line.bands]
        self._skipped = [band.skipped for band in line.bands]
        # A segment skipped at once lasted no time: a thin band (about a second) still shows
        # that it was entered.
        self._set_bands(
            [b.start / 60 for b in line.bands],
            [max(b.end - b.start, THIN_BAND_SECONDS) / 60 for b in line.bands],
            self._kinds,
        )
        words = {i: _segment_words(run, i) for i in {p.segment_index for p in line.points}}
        rated = [p for p in line.points if p.intensity is not None]
        self.marks.setData(
            [p.seconds / 60 for p in rated],
            [p.intensity for p in rated],
            data=[
                f"{words[p.segment_index]}, {clock_text(p.seconds)} into the run: {p.intensity}/10"
                for p in rated
            ],
        )
        unrated = [p for p in line.points if p.intensity is None]
        self.unrated.setData(
            [p.seconds / 60 for p in unrated],
            [0.0] * len(unrated),
            data=[
                f"{words[p.segment_index]}, {clock_text(p.seconds)} into the run: "
                "no intensity given"
                for p in unrated
            ],
        )
        end = line.seconds / 60
        self.divider.setPos(end + 0.5)
        self.divider.show()
        values = {"During": line.worst.during, "After": line.worst.after}
        values["Morning"] = line.worst.morning
        gap = max(1.5, end * 0.1)
        for i, (name, value) in enumerate(values.items()):
            x = end + 0.5 + gap * (i + 0.6)
            label = self.report_labels[name]
            label.setPos(x, -0.2)
            label.setText(name if value is not None else f"{name}\n(none)")
            label.show()
            if value is None:
                self.report[name].setData([], [])
            else:
                tip = f"{name}: {value}/10 (from the post-run report)"
                if name == "Morning":
                    tip = f"Next morning: {value}/10 (morning check-in)"
                self.report[name].setData([x], [value], data=[tip])
        self._describe_run(run, line, words)
        self.plot.setXRange(0, end + 0.5 + gap * 3.1, padding=0.01)
        self.plot.setYRange(-1.6, MAX_INTENSITY + 0.5, padding=0)
        self.redraw_colours()

    def _set_strips(self, metrics: Sequence[SegmentMetrics]) -> None:
        """Gradient (by slope, ``core.slopes``) and cadence per segment visit, each labelled
        with its figure, in two strips below the pain scale."""
        for label in self.strip_labels:
            self.plot.removeItem(label)
        self.strip_labels = []
        self.metrics = tuple(metrics)
        by_index = {m.index: m for m in self.metrics}
        bands = [b for b in (self.timeline.bands if self.timeline else ()) if b.index in by_index]
        left = self.plot.getAxis("left")
        if not bands:
            for strip in (self.grade_strip, self.cadence_strip):
                strip.setOpts(x0=[0], width=[0], height=[0])
            self.strip_slopes = []
            left.setTicks(None)
            return
        x0 = [b.start / 60 for b in bands]
        width = [max(b.end - b.start, THIN_BAND_SECONDS) / 60 for b in bands]
        self.grade_strip.setOpts(x0=x0, width=width, height=[STRIP_HEIGHT] * len(bands),
                                 y0=GRADE_STRIP_Y)  # fmt: skip
        self.cadence_strip.setOpts(x0=x0, width=width, height=[STRIP_HEIGHT] * len(bands),
                                   y0=CADENCE_STRIP_Y)  # fmt: skip
        self.strip_slopes = [slope_of(by_index[b.index]) for b in bands]
        room = STRIP_LABEL_SHARE * (self.timeline.seconds / 60 if self.timeline else 0.0)
        for band, start, span in zip(bands, x0, width, strict=True):
            if span < room:  # a short band keeps its colour; its figures are in the table
                continue
            m = by_index[band.index]
            grade = "" if m.grade_percent is None else _grade_text(m.grade_percent)
            cadence = "" if m.cadence_spm is None else f"{m.cadence_spm:.0f}"
            for text, y in ((grade, GRADE_STRIP_Y), (cadence, CADENCE_STRIP_Y)):
                if not text:
                    continue
                label = pg.TextItem(text, anchor=(0.5, 0.5))
                label.setPos(start + span / 2, y + STRIP_HEIGHT / 2)
                self.plot.addItem(label, ignoreBounds=True)
                self.strip_labels.append(label)
        ticks = [(float(v), str(v)) for v in range(0, MAX_INTENSITY + 1, 2)]
        ticks += [(GRADE_STRIP_Y + STRIP_HEIGHT / 2, "Gradient %"),
                  (CADENCE_STRIP_Y + STRIP_HEIGHT / 2, "Cadence")]  # fmt: skip
        left.setTicks([ticks])
        self.plot.setYRange(CADENCE_STRIP_Y - 0.2, MAX_INTENSITY + 0.5, padding=0)
        summary = self.widget.accessibleDescription()
        shown = [m for m in self.metrics if m.grade_percent is not None or m.cadence_spm]
        self.rows += [
            (
                "Recording",
                _metric_segment_words(self._planned, m.index),
                ", ".join(
                    part
                    for part in (
                        None if m.grade_percent is None else f"gradient {m.grade_percent:+.1f} %",
                        None if m.cadence_spm is None else f"cadence {m.cadence_spm:.0f} spm",
                    )
                    if part
                ),
            )
            for m in shown
        ]
        self.widget.setAccessibleDescription(
            summary
            + " Gradient and cadence per segment from the recording are below the pain scale."
        )
        self.redraw_colours()

    def _describe_run(self, run: RunRecord, line: Timeline, words: dict[int, str]) -> None:
        rows = [
            (
                clock_text(p.seconds),
                words[p.segment_index],
                "no intensity given" if p.intensity is None else f"{p.intensity}/10",
            )
            for p in line.points
        ]
        report = {
            "During (post-run report)": line.worst.during,
            "After (post-run report)": line.worst.after,
            "Next morning (check-in)": line.worst.morning,
        }
        rows += [(name, "", "none" if v is None else f"{v}/10") for name, v in report.items()]
        rated = [p.intensity for p in line.points if p.intensity is not None]
        marks = len(line.points)
        summary = f"{run.code}, {analysis.date_words(run)}: "
        summary += f"{marks} pain mark{'s' if marks != 1 else ''}" if marks else "no pain marks"
        if rated:
            summary += f", highest {max(rated)}/10"
        worst = ", ".join(
            f"{name.split(' (')[0].lower()} {'none' if v is None else f'{v}/10'}"
            for name, v in report.items()
        )
        summary += f". {worst[0].upper()}{worst[1:]}."
        self.describe(summary, ("When", "Segment", "Pain"), rows)

    def _set_bands(self, x0: list[float], width: list[float], kinds: list[SegmentKind]) -> None:
        if not kinds:
            self.bands.setOpts(x0=[0], width=[0], height=[0])
            self.textures.setOpts(x0=[0], width=[0], height=[0])
            return
        height = [MAX_INTENSITY + 0.5] * len(kinds)
        self.bands.setOpts(x0=x0, width=width, height=height, y0=0)
        self.textures.setOpts(x0=x0, width=width, height=height, y0=0)

    def redraw_colours(self) -> None:
        if not hasattr(self, "marks"):
            return
        dark = self.dark
        ink, halo = theme.mark_colours(dark)
        if self._kinds:
            fills, textures = [], []
            for kind, skipped in zip(self._kinds, self._skipped, strict=True):
                fill = theme.kind_colour(kind, dark)
                fill.setAlpha(60 if skipped else 110)
                fills.append(QBrush(fill))
                texture = QColor(theme.text_colour_on(theme.kind_colour(kind, dark)))
                if skipped:  # hatched: entered, then skipped
                    texture.setAlpha(140)
                    textures.append(QBrush(texture, Qt.BrushStyle.BDiagPattern))
                    continue
                texture.setAlpha(50 if kind is not SegmentKind.RUN else 0)
                textures.append(QBrush(texture, theme.kind_pattern(kind)))
            self.bands.setOpts(brushes=fills, pens=[pg.mkPen(None)] * len(fills))
            self.textures.setOpts(brushes=textures, pens=[pg.mkPen(None)] * len(fills))
        self.marks.setBrush(QBrush(ink))
        self.marks.setPen(pg.mkPen(halo, width=1.5))
        self.unrated.setPen(pg.mkPen(ink, width=2))
        self.unrated.setBrush(QBrush(ink))
        for name, hex_colour, _ in (DURING, AFTER, MORNING):
            brush, pen = _series_brush(hex_colour, dark)
            self.report[name].setBrush(brush)
            self.report[name].setPen(pen)
            self.report_labels[name].setColor(ink)
        self.divider.setPen(pg.mkPen(ink, width=1, style=Qt.PenStyle.DotLine))
        _style_thresholds(self.thresholds, dark, self.backdrop)
        if self.strip_slopes:
            neutral = QColor(ink)
            neutral.setAlpha(40)
            self.grade_strip.setOpts(
                brushes=[QBrush(_slope_colour(slope, neutral)) for slope in self.strip_slopes],
                pens=[pg.mkPen(None)] * len(self.strip_slopes),
            )
            self.cadence_strip.setOpts(brush=QBrush(neutral), pen=pg.mkPen(None))
        for label in self.strip_labels:
            label.setColor(ink)


STRIP_HEIGHT = 1.0
STRIP_LABEL_SHARE = 0.07  # a band narrower than this share of the run gets no figure written
GRADE_STRIP_Y = -3.6
CADENCE_STRIP_Y = -4.8


def _grade_text(grade: float) -> str:
    """ "−6 %" in a strip (whole percent: the bands are narrow); "0 %" for a level one."""
    whole = round(grade)
    return "0%" if whole == 0 else f"{whole:+d}%".replace("-", "−")


def _slope_colour(slope: Slope | None, neutral: QColor) -> QColor:
    """Downhill reddish purple, uphill orange (Okabe–Ito, apart from the segment colours);
    flat or unmeasured the neutral tint. The figure is written on every band as well."""
    if slope is Slope.DOWNHILL:
        colour = QColor(theme.REDDISH_PURPLE)
    elif slope is Slope.UPHILL:
        colour = QColor(theme.ORANGE)
    else:
        return neutral
    colour.setAlpha(150)
    return colour


def _metric_segment_words(planned: Sequence[Segment], index: int) -> str:
    from couchtimer.charts.segment_table import segment_name

    return segment_name(planned, index)


def _segment_words(run: RunRecord, index: int) -> str:
    kind = run.kind_at(index)
    if kind is None:
        return f"Segment {index + 1}"
    same = [i for i, seg in enumerate(run.planned) if seg.kind is kind]
    if kind in (SegmentKind.RUN, SegmentKind.WALK) and len(same) > 1:
        return f"{kind.heading} {same.index(index) + 1} of {len(same)}"
    return kind.heading


# --- across runs ---------------------------------------------------------------------------------


def _x_axis(
    chart: Chart, points: Sequence[RunPoint], boundaries: Sequence[tuple[int, int]]
) -> None:
    """Every run labelled with its code and day for a programme's worth of runs (week starts
    first, should the chart be too narrow for all); month or year labels for longer spans."""
    if len(boundaries) <= MAX_WEEK_LABELS:
        first, others = analysis.run_ticks(points, boundaries)
        axis = chart.plot.getAxis("bottom")
        # pyqtgraph drops a lower level's labels once all labels would fill 40 % of the axis
        # (after four drawn): the short run labels fit at up to 90 %.
        axis.setStyle(textFillLimits=[(0, 0.9)])
        axis.setTicks([first, others])
        chart.plot.setLabel("bottom", "Runs in date order (week starts marked)")
        return
    ticks = [(float(pos), label) for pos, label in analysis.date_ticks(points)]
    chart.plot.getAxis("bottom").setTicks([ticks])
    chart.plot.setLabel("bottom", "Runs in date order")


def _boundary_lines(
    item: pg.PlotDataItem, boundaries: Sequence[tuple[int, int]], top: float
) -> None:
    xs = np.repeat(np.array([pos - 0.5 for pos, _ in boundaries[1:]], dtype=float), 2)
    ys = np.tile(np.array([0.0, top]), len(boundaries) - 1 if boundaries else 0)
    item.setData(xs, ys, connect="pairs")


class SplitChart(Chart):
    """Per run: pain marks in run segments (bottom) and in walks (stacked on top)."""

    def __init__(self) -> None:
        super().__init__(
            "Pain marks per run: in run segments and in walks",
            "Pain marks",
            "Runs in date order (week starts marked)",
            "split_plot",
        )
        self.run_bars = pg.BarGraphItem(x=[0], height=[0], width=0.8, pen=None)
        self.walk_bars = pg.BarGraphItem(x=[0], height=[0], y0=[0], width=0.8, pen=None)
        self.weeks = pg.PlotDataItem()
        self.weeks.setZValue(-10)
        self.hover = _hover_targets(12)
        for item in (self.weeks, self.run_bars, self.walk_bars, self.hover):
            self.plot.addItem(item)
        self.legend = self.plot.addLegend(offset=(-10, 10), labelTextSize="9pt")
        self._legend_run = pg.BarGraphItem(x=[0], height=[0], width=0)
        self._legend_walk = pg.BarGraphItem(x=[0], height=[0], width=0)
        self.legend.addItem(self._legend_run, "In run segments")
        self.legend.addItem(self._legend_walk, "In walks")
        self.count = 0

    def set_points(self, points: Sequence[RunPoint], boundaries: Sequence[tuple[int, int]]) -> None:
        self.count = len(points)
        if not any(p.split.total for p in points):
            self.run_bars.setOpts(x=[0], height=[0])
            self.walk_bars.setOpts(x=[0], height=[0], y0=[0])
            self.hover.setData([], [])
            self.weeks.setData([], [])
            self.set_empty(
                EMPTY_RUNS if not points else "No pain marks in these runs: nothing to compare."
            )
            return
        self.set_empty(None)
        x = np.arange(len(points), dtype=float)
        runs = np.array([p.split.run_marks for p in points], dtype=float)
        walks = np.array([p.split.walk_marks for p in points], dtype=float)
        self.run_bars.setOpts(x=x, height=runs, width=0.8)
        self.walk_bars.setOpts(x=x, height=walks, y0=runs, width=0.8)
        self.hover.setData(x, runs + walks, data=[_split_tip(p) for p in points])
        top = float((runs + walks).max()) + 0.5
        _boundary_lines(self.weeks, boundaries if len(boundaries) <= MAX_WEEK_LABELS else (), top)
        _x_axis(self, points, boundaries)
        self.plot.setXRange(-0.5, len(points) - 0.5, padding=0.01)
        self.plot.setYRange(0, top, padding=0)
        self.describe(
            f"{len(points)} runs: {int(runs.sum())} pain marks in run segments, "
            f"{int(walks.sum())} in walks.",
            ("Run", "Date", "In run segments", "In walks"),
            [(p.code, _date(p), str(p.split.run_marks), str(p.split.walk_marks)) for p in points],
        )
        self.redraw_colours()

    def redraw_colours(self) -> None:
        if not hasattr(self, "run_bars"):
            return
        for bars, legend, kind in (
            (self.run_bars, self._legend_run, SegmentKind.RUN),
            (self.walk_bars, self._legend_walk, SegmentKind.WALK),
        ):
            brush = QBrush(theme.kind_colour(kind, self.dark))
            bars.setOpts(brush=brush, pen=None)
            legend.setOpts(brush=brush, pen=None)
        grey = QColor("#888888")
        self.weeks.setPen(pg.mkPen(grey, width=1, style=Qt.PenStyle.DotLine))
        for _sample, label in self.legend.items:
            label.setText(label.text, color=self.widget.palette().color(QPalette.ColorRole.Text))


def _date(point: RunPoint) -> str:
    """``3 Mar 2026``, as in the runs table (``analysis.date_words``)."""
    return f"{point.started_at.day} {point.started_at:%b %Y}"


def _mean_words(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}/10"


def _split_tip(point: RunPoint) -> str:
    s = point.split
    return (
        f"{point.code} (run {point.position + 1}): {s.run_marks} in run segments "
        f"(mean {_mean_words(s.run_mean)}), {s.walk_marks} in walks "
        f"(mean {_mean_words(s.walk_mean)})"
    )


class WorstChart(Chart):
    """Worst pain during, after and the next morning per run, with the model's thresholds."""

    def __init__(self) -> None:
        super().__init__(
            "Worst pain per run: during, after, next morning",
            "Pain (0-10)",
            "Runs in date order (week starts marked)",
            "worst_plot",
        )
        self.weeks = pg.PlotDataItem()
        self.weeks.setZValue(-10)
        self.plot.addItem(self.weeks)
        self.thresholds = _threshold_lines(self.plot)
        self.legend = self.plot.addLegend(offset=(-10, 10), labelTextSize="9pt")
        self.series = {}
        for name, _, symbol in (DURING, AFTER, MORNING):
            item = _scatter(symbol, 8)
            self.plot.addItem(item)
            self.legend.addItem(item, name)
            self.series[name] = item
        self.count = 0

    def set_points(self, points: Sequence[RunPoint], boundaries: Sequence[tuple[int, int]]) -> None:
        self.count = len(points)
        if not points:
            for item in self.series.values():
                item.setData([], [])
            self.weeks.setData([], [])
            self.set_empty(EMPTY_RUNS)
            return
        self.set_empty(None)
        for name, attribute in (("During", "during"), ("After", "after")):
            self._set_series(name, points, attribute)
        self._set_series("Morning", points, "morning")
        dense = len(boundaries) > MAX_WEEK_LABELS
        _boundary_lines(self.weeks, () if dense else boundaries, MAX_INTENSITY + 0.5)
        _x_axis(self, points, boundaries)
        self.plot.setXRange(-0.5, len(points) - 0.5, padding=0.01)
        self.plot.setYRange(-0.3, MAX_INTENSITY + 0.5, padding=0)
        self._describe_points(points)
        self.redraw_colours()

    def _describe_points(self, points: Sequence[RunPoint]) -> None:
        def words(value: int | None) -> str:
            return "none" if value is None else f"{value}/10"

        highest = [p for p in points if p.worst.highest is not None]
        summary = f"{len(points)} runs."
        if highest:
            top = max(highest, key=lambda p: p.worst.highest or 0)
            last = points[-1]
            summary += (
                f" Highest {top.worst.highest}/10 on {top.code} ({_date(top)}). Latest run "
                f"{last.code}: during {words(last.worst.during)}, after "
                f"{words(last.worst.after)}, next morning {words(last.worst.morning)}."
            )
        self.describe(
            summary,
            ("Run", "Date", "During", "After", "Next morning"),
            [
                (
                    p.code,
                    _date(p),
                    words(p.worst.during),
                    words(p.worst.after),
                    words(p.worst.morning),
                )
                for p in points
            ],
        )

    def _set_series(self, name: str, points: Sequence[RunPoint], attribute: str) -> None:
        known = [(p, getattr(p.worst, attribute)) for p in points]
        known = [(p, v) for p, v in known if v is not None]
        self.series[name].setData(
            [float(p.position) for p, _ in known],
            [float(v) for _, v in known],
            data=[
                f"{p.code} (run {p.position + 1}): {_SERIES_WORDS[name]} {v}/10" for p, v in known
            ],
        )

    def redraw_colours(self) -> None:
        if not hasattr(self, "series"):
            return
        for name, hex_colour, _ in (DURING, AFTER, MORNING):
            brush, pen = _series_brush(hex_colour, self.dark)
            self.series[name].setBrush(brush)
            self.series[name].setPen(pen)
        self.weeks.setPen(pg.mkPen(QColor("#888888"), width=1, style=Qt.PenStyle.DotLine))
        _style_thresholds(self.thresholds, self.dark, self.backdrop)
        text = self.widget.palette().color(QPalette.ColorRole.Text)
        for _sample, label in self.legend.items:
            label.setText(label.text, color=text)


class OnsetChart(Chart):
    """Minutes into a run segment at which pain began, per programme week, with the median."""

    def __init__(self) -> None:
        super().__init__(
            "When pain starts: minutes into a run segment",
            "Minutes into the run segment",
            "Programme week",
            "onset_plot",
        )
        self.onsets = _scatter("o", 6)
        self.medians = _scatter("d", 14)
        self.plot.addItem(self.onsets)
        self.plot.addItem(self.medians)
        self.weeks: list[analysis.WeekOnset] = []

    def set_runs(self, runs: Sequence[RunRecord]) -> None:
        self.weeks = analysis.onset_by_week(runs)
        if not self.weeks:
            self.onsets.setData([], [])
            self.medians.setData([], [])
            self.set_empty(EMPTY_RUNS if not runs else "No pain marks in run segments.")
            return
        self.set_empty(None)
        xs, ys = [], []
        for week in self.weeks:
            count = len(week.onsets)
            for i, minutes in enumerate(week.onsets):
                # spread the dots of one week sideways so that equal values stay visible
                xs.append(week.week + (0.5 * (i / (count - 1)) - 0.25 if count > 1 else 0.0))
                ys.append(minutes)
        self.onsets.setData(xs, ys, data=[f"{y:.1f} min into a run segment" for y in ys])
        self.medians.setData(
            [float(w.week) for w in self.weeks],
            [w.median for w in self.weeks],
            data=[
                f"Week {w.week}: pain began {w.median:.1f} min into a run segment "
                f"(median of {len(w.onsets)})"
                for w in self.weeks
            ],
        )
        self.plot.getAxis("bottom").setTicks([[(float(w.week), str(w.week)) for w in self.weeks]])
        self.plot.setXRange(self.weeks[0].week - 0.6, self.weeks[-1].week + 0.6, padding=0)
        self.plot.setYRange(0, max(ys) * 1.1 + 0.2, padding=0)
        self.describe(
            "Median minutes into a run segment when pain began: "
            + ", ".join(f"week {w.week} {w.median:.1f} min" for w in self.weeks)
            + ".",
            ("Week", "Median minutes", "Pain marks"),
            [(str(w.week), f"{w.median:.1f}", str(len(w.onsets))) for w in self.weeks],
        )
        self.redraw_colours()

    def redraw_colours(self) -> None:
        if not hasattr(self, "onsets"):
            return
        dot = series_colour(theme.VERMILLION, self.dark)
        dot.setAlpha(150)
        self.onsets.setBrush(QBrush(dot))
        self.onsets.setPen(pg.mkPen(None))
        ink, halo = theme.mark_colours(self.dark)
        self.medians.setBrush(QBrush(ink))
        self.medians.setPen(pg.mkPen(halo, width=1.5))


class GroupChart(Chart):
    """Mean worst pain per group (terrain or body region), with how many runs in each."""

    def __init__(self, title: str, bottom: str, object_name: str, empty: str) -> None:
        super().__init__(title, "Mean worst pain (0-10)", bottom, object_name)
        self.bars = pg.BarGraphItem(x=[0], height=[0], width=0.6, pen=None)
        self.hover = _hover_targets(16)
        self.plot.addItem(self.bars)
        self.plot.addItem(self.hover)
        self.thresholds = _threshold_lines(self.plot)
        self.labels: list[pg.TextItem] = []
        self.groups: list[analysis.GroupPain] = []
        self._empty_words = empty

    def set_groups(self, groups: Sequence[analysis.GroupPain], any_runs: bool) -> None:
        self.groups = list(groups)
        for label in self.labels:
            self.plot.removeItem(label)
        self.labels = []
        if not self.groups:
            self.bars.setOpts(x=[0], height=[0])
            self.hover.setData([], [])
            self.set_empty(self._empty_words if any_runs else EMPTY_RUNS)
            return
        self.set_empty(None)
        x = np.arange(len(self.groups), dtype=float)
        # A group with no rated run has no height to show (never a made-up 0): its bar is empty
        # and its hover text says "no rating".
        heights = [g.mean_worst if g.mean_worst is not None else 0.0 for g in self.groups]
        self.bars.setOpts(x=x, height=heights, width=0.6)
        self.hover.setData(
            x,
            heights,
            data=[
                f"{g.label}: {g.runs} runs, {g.runs_with_pain} with pain, mean worst "
                + ("not rated" if g.mean_worst is None else _mean_words(g.mean_worst))
                for g in self.groups
            ],
        )
        for i, (group, height) in enumerate(zip(self.groups, heights, strict=True)):
            label = pg.TextItem(f"{height:.1f}\n({group.runs})", anchor=(0.5, 1))
            label.setPos(float(i), height + 0.1)
            self.plot.addItem(label)
            self.labels.append(label)
        self.plot.getAxis("bottom").setTicks(
            [[(float(i), g.label.capitalize()) for i, g in enumerate(self.groups)]]
        )
        self.plot.setXRange(-0.6, len(self.groups) - 0.4, padding=0)
        self.plot.setYRange(0, MAX_INTENSITY + 0.5, padding=0)
        self.describe(
            "Mean worst pain: "
            + ", ".join(
                f"{g.label} {'not rated' if g.mean_worst is None else _mean_words(g.mean_worst)}"
                f" over {g.runs} run{'s' if g.runs != 1 else ''}"
                for g in self.groups
            )
            + ".",
            ("Group", "Runs", "Runs with pain", "Mean worst"),
            [
                (
                    g.label.capitalize(),
                    str(g.runs),
                    str(g.runs_with_pain),
                    "not rated" if g.mean_worst is None else _mean_words(g.mean_worst),
                )
                for g in self.groups
            ],
        )
        self.redraw_colours()

    def redraw_colours(self) -> None:
        if not hasattr(self, "bars"):
            return
        self.bars.setOpts(brush=QBrush(series_colour(GROUP_BAR, self.dark)), pen=None)
        ink = theme.mark_colours(self.dark)[0]
        for label in self.labels:
            label.setColor(ink)
        _style_thresholds(self.thresholds, self.dark, self.backdrop)


class AcrossRuns:
    """The four across-runs charts, fed together."""

    def __init__(self) -> None:
        self.split = SplitChart()
        self.worst = WorstChart()
        self.onset = OnsetChart()
        self.terrain = GroupChart(
            "Pain by terrain",
            "Terrain (runs in brackets)",
            "terrain_plot",
            "No terrain recorded yet: add it in the post-run report.",
        )
        self.region = GroupChart(
            "Pain by body area",
            "Body area (runs in brackets)",
            "region_plot",
            "No body area named yet: add it in the post-run report.",
        )

        # From watch or phone recordings (issue 15): shown only where a run has one.
        self.slope = GroupChart(
            "Pain by measured gradient",
            "Slope: ±4 % (recorded runs in brackets)",
            "slope_plot",
            "No run segment with a measured gradient yet: attach a recording to a run.",
        )
        self.cadence = CadenceChart()

    @property
    def charts(self) -> tuple[Chart, ...]:
        return (self.split, self.worst, self.onset, self.terrain, self.region)

    @property
    def measured_charts(self) -> tuple[Chart, ...]:
        return (self.slope, self.cadence)

    def set_runs(self, runs: Sequence[RunRecord]) -> None:
        """The runs, with what their recordings measured (``RunRecord.measured``)."""
        ordered = analysis.in_date_order(runs)
        pains = pain_by_slope(ordered)
        self.slope.set_groups(
            [
                analysis.GroupPain(
                    p.slope.value, p.runs, p.runs_with_marks, p.mean_mark, p.runs_with_marks
                )
                for p in pains
            ],
            bool(ordered),
        )
        self.cadence.set_runs(ordered)
        points = analysis.run_points(ordered)
        boundaries = analysis.week_boundaries(ordered)
        self.split.set_points(points, boundaries)
        self.worst.set_points(points, boundaries)
        self.onset.set_runs(ordered)
        self.terrain.set_groups(analysis.pain_by_terrain(ordered), bool(ordered))
        self.region.set_groups(analysis.pain_by_region(ordered), bool(ordered))

    def restyle(self, palette: QPalette) -> None:
        for chart in (*self.charts, *self.measured_charts):
            chart.restyle(palette)


class CadenceChart(Chart):
    """Each measured run segment at its cadence: the highest pain mark in it, or 0 without."""

    def __init__(self) -> None:
        super().__init__(
            "Pain against cadence",
            "Highest pain mark (0-10)",
            "Cadence (steps a minute)",
            "cadence_plot",
        )
        self.marked = _scatter("o", 9)
        self.clear = _scatter("s", 7)
        self.plot.addItem(self.marked)
        self.plot.addItem(self.clear)
        self.thresholds = _threshold_lines(self.plot)
        self.points: list[tuple[float, int | None]] = []

    def set_runs(self, runs: Sequence[RunRecord]) -> None:
        points: list[tuple[float, int | None, str]] = []
        for run in runs:
            for m in measured_segments(run):
                if m.cadence_spm is None:
                    continue
                marks = [k.intensity or 0 for k in run.marks if k.segment_index == m.index]
                worst = max(marks) if marks else None
                words = f"{run.code}, {_segment_words(run, m.index)}: {m.cadence_spm:.0f} spm"
                points.append((m.cadence_spm, worst, words))
        self.points = [(x, y) for x, y, _ in points]
        if not points:
            self.marked.setData([], [])
            self.clear.setData([], [])
            self.set_empty(
                EMPTY_RUNS if not runs else "No cadence measured yet: attach a recording to a run."
            )
            return
        self.set_empty(None)
        marked = [(x, y, w) for x, y, w in points if y is not None]
        clear = [(x, w) for x, y, w in points if y is None]
        self.marked.setData([x for x, _, _ in marked], [y for _, y, _ in marked],
                            data=[f"{w}, pain {y}/10" for _, y, w in marked])  # fmt: skip
        self.clear.setData([x for x, _ in clear], [0.0] * len(clear),
                           data=[f"{w}, no pain mark" for _, w in clear])  # fmt: skip
        low = min(x for x, _, _ in points)
        high = max(x for x, _, _ in points)
        self.plot.setXRange(low - 5, high + 5, padding=0)
        self.plot.setYRange(-0.5, MAX_INTENSITY + 0.5, padding=0)
        self.describe(
            f"{len(points)} run segments with a measured cadence, {len(marked)} of them with "
            "a pain mark.",
            ("Run segment", "Cadence", "Highest pain mark"),
            [(w, f"{x:.0f}", "none" if y is None else f"{y}/10") for x, y, w in points],
        )
        self.redraw_colours()

    def redraw_colours(self) -> None:
        if not hasattr(self, "marked"):
            return
        ink, halo = theme.mark_colours(self.dark)
        self.marked.setBrush(QBrush(ink))
        self.marked.setPen(pg.mkPen(halo, width=1.5))
        self.clear.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self.clear.setPen(pg.mkPen(ink, width=1.2))
        _style_thresholds(self.thresholds, self.dark, self.backdrop)


def legend_html(dark: bool) -> str:
    """Coloured squares naming each segment kind and report series (for a QLabel)."""
    parts = []
    for kind in SegmentKind:
        colour = theme.kind_colour(kind, dark).name()
        parts.append(f"<span style='color:{colour}'>&#9632;</span> {kind.heading}")
    parts.append("&#9679; pain mark &nbsp; &#10005; mark without intensity")
    return " &nbsp; ".join(parts)
