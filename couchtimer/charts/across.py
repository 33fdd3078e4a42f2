"""The across-runs charts (History's "Across runs", the PDF's charts page), fed together by
``AcrossRuns``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TypeVar

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPalette

from couchtimer.charts import figures, theme
from couchtimer.charts.base import (
    Chart,
    hover_targets,
    mean_words,
    scatter,
    series_brush,
    style_thresholds,
    threshold_lines,
)
from couchtimer.charts.figures import (
    AFTER,
    DURING,
    MORNING,
    WEEK_LINE,
    Bars,
    Figure,
    Marks,
    Strokes,
    series_colour,
)
from couchtimer.charts.groups import CadenceChart, GroupChart
from couchtimer.core import analysis, chartdata
from couchtimer.core.chartdata import RunPoint
from couchtimer.core.history import RunRecord
from couchtimer.core.programme import SegmentKind
from couchtimer.core.slopes import pain_by_slope

T = TypeVar("T")
_SERIES_WORDS = {"During": "worst during", "After": "after", "Morning": "next morning"}


def _x_axis(chart: Chart, figure: Figure) -> None:
    """The bottom axis a figure asks for: every run labelled with its code and day for a
    programme's worth of runs (week starts first, should the chart be too narrow for all);
    month or year labels for longer spans (``figures.run_axis``)."""
    axis = chart.plot.getAxis("bottom")
    if figure.x_fill != 0.8:
        # pyqtgraph drops a lower level's labels once all labels would fill 40 % of the axis
        # (after four drawn): the short run labels fit at up to 90 %.
        axis.setStyle(textFillLimits=[(0, figure.x_fill)])
    axis.setTicks([list(level) for level in figure.x_ticks or ()])
    chart.plot.setLabel("bottom", figure.bottom)


def _ranges(chart: Chart, figure: Figure) -> None:
    chart.plot.setXRange(*figure.x_range, padding=0)
    chart.plot.setYRange(*figure.y_range, padding=0)


def _boundary_lines(item: pg.PlotDataItem, strokes: Strokes) -> None:
    xs = [x for x in strokes.xs for _ in (0, 1)]
    ys = [y for _ in strokes.xs for y in (strokes.y0, strokes.y1)]
    item.setData(xs, ys, connect="pairs")


def _parts(figure: Figure, kind: type[T]) -> list[T]:
    return [item for item in figure.items if isinstance(item, kind)]


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
        self.hover = hover_targets(12)
        for item in (self.weeks, self.run_bars, self.walk_bars, self.hover):
            self.plot.addItem(item)
        self.legend = self.plot.addLegend(offset=(-10, 10), labelTextSize="9pt")
        self._legend_run = pg.BarGraphItem(x=[0], height=[0], width=0)
        self._legend_walk = pg.BarGraphItem(x=[0], height=[0], width=0)
        self.legend.addItem(self._legend_run, "In run segments")
        self.legend.addItem(self._legend_walk, "In walks")
        self.count = 0
        self.restyle(self.widget.palette())  # its items exist: colour them

    def set_points(self, points: Sequence[RunPoint], boundaries: Sequence[tuple[int, int]]) -> None:
        self.count = len(points)
        figure = figures.split(points, boundaries, self.dark)
        if figure.empty:
            self.run_bars.setOpts(x=[0], height=[0])
            self.walk_bars.setOpts(x=[0], height=[0], y0=[0])
            self.hover.setData([], [])
            self.weeks.setData([], [])
            self.set_empty(figure.empty)
            return
        self.set_empty(None)
        run_bars, walk_bars = _parts(figure, Bars)
        x = [x0 + width / 2 for x0, width in zip(run_bars.x0s, run_bars.widths, strict=True)]
        self.run_bars.setOpts(x=x, height=list(run_bars.heights), width=0.8)
        self.walk_bars.setOpts(
            x=x, height=list(walk_bars.heights), y0=list(walk_bars.y0s), width=0.8
        )
        tops = [r + w for r, w in zip(run_bars.heights, walk_bars.heights, strict=True)]
        self.hover.setData(x, tops, data=[_split_tip(p) for p in points])
        _boundary_lines(self.weeks, _parts(figure, Strokes)[0])
        _x_axis(self, figure)
        _ranges(self, figure)
        self.describe(
            f"{len(points)} runs: {int(sum(run_bars.heights))} pain marks in run segments, "
            f"{int(sum(walk_bars.heights))} in walks.",
            ("Run", "Date", "In run segments", "In walks"),
            [(p.code, _date(p), str(p.split.run_marks), str(p.split.walk_marks)) for p in points],
        )
        self.redraw_colours()

    def redraw_colours(self) -> None:
        for bars, legend, kind in (
            (self.run_bars, self._legend_run, SegmentKind.RUN),
            (self.walk_bars, self._legend_walk, SegmentKind.WALK),
        ):
            brush = QBrush(theme.kind_colour(kind, self.dark))
            bars.setOpts(brush=brush, pen=None)
            legend.setOpts(brush=brush, pen=None)
        self.weeks.setPen(pg.mkPen(WEEK_LINE, width=1, style=Qt.PenStyle.DotLine))
        for _sample, label in self.legend.items:
            label.setText(label.text, color=self.widget.palette().color(QPalette.ColorRole.Text))


def _date(point: RunPoint) -> str:
    """``3 Mar 2026``, as in the runs table (``analysis.date_words``)."""
    return f"{point.started_at.day} {point.started_at:%b %Y}"


def _split_tip(point: RunPoint) -> str:
    s = point.split
    return (
        f"{point.code} (run {point.position + 1}): {s.run_marks} in run segments "
        f"(mean {mean_words(s.run_mean)}), {s.walk_marks} in walks "
        f"(mean {mean_words(s.walk_mean)})"
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
        self.thresholds = threshold_lines(self.plot)
        self.legend = self.plot.addLegend(offset=(-10, 10), labelTextSize="9pt")
        self.series = {}
        for name, _, symbol in (DURING, AFTER, MORNING):
            item = scatter(symbol, 8)
            self.plot.addItem(item)
            self.legend.addItem(item, name)
            self.series[name] = item
        self.count = 0
        self.restyle(self.widget.palette())  # its items exist: colour them

    def set_points(self, points: Sequence[RunPoint], boundaries: Sequence[tuple[int, int]]) -> None:
        self.count = len(points)
        figure = figures.worst(points, boundaries, self.dark)
        if figure.empty:
            for item in self.series.values():
                item.setData([], [])
            self.weeks.setData([], [])
            self.set_empty(figure.empty)
            return
        self.set_empty(None)
        for name, marks in figure.legend:
            assert isinstance(marks, Marks)  # the worst chart's legend names its series
            words = _SERIES_WORDS[name]
            self.series[name].setData(
                list(marks.xs),
                list(marks.ys),
                data=[
                    f"{points[int(x)].code} (run {int(x) + 1}): {words} {y:.0f}/10"
                    for x, y in zip(marks.xs, marks.ys, strict=True)
                ],
            )
        _boundary_lines(self.weeks, _parts(figure, Strokes)[0])
        _x_axis(self, figure)
        _ranges(self, figure)
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

    def redraw_colours(self) -> None:
        for name, hex_colour, _ in (DURING, AFTER, MORNING):
            brush, pen = series_brush(hex_colour, self.dark)
            self.series[name].setBrush(brush)
            self.series[name].setPen(pen)
        self.weeks.setPen(pg.mkPen(WEEK_LINE, width=1, style=Qt.PenStyle.DotLine))
        style_thresholds(self.thresholds, self.dark, self.backdrop)
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
        self.onsets = scatter("o", 6)
        self.medians = scatter("d", 14)
        self.plot.addItem(self.onsets)
        self.plot.addItem(self.medians)
        self.weeks: list[chartdata.WeekOnset] = []
        self.restyle(self.widget.palette())  # its items exist: colour them

    def set_runs(self, runs: Sequence[RunRecord]) -> None:
        self.weeks = chartdata.onset_by_week(runs)
        figure = figures.onset(self.weeks, bool(runs), self.dark)
        if figure.empty:
            self.onsets.setData([], [])
            self.medians.setData([], [])
            self.set_empty(figure.empty)
            return
        self.set_empty(None)
        dots, medians = _parts(figure, Marks)
        self.onsets.setData(
            list(dots.xs), list(dots.ys), data=[f"{y:.1f} min into a run segment" for y in dots.ys]
        )
        self.medians.setData(
            list(medians.xs),
            list(medians.ys),
            data=[
                f"Week {w.week}: pain began {w.median:.1f} min into a run segment "
                f"(median of {len(w.onsets)})"
                for w in self.weeks
            ],
        )
        self.plot.getAxis("bottom").setTicks([list(level) for level in figure.x_ticks or ()])
        _ranges(self, figure)
        self.describe(
            "Median minutes into a run segment when pain began: "
            + ", ".join(f"week {w.week} {w.median:.1f} min" for w in self.weeks)
            + ".",
            ("Week", "Median minutes", "Pain marks"),
            [(str(w.week), f"{w.median:.1f}", str(len(w.onsets))) for w in self.weeks],
        )
        self.redraw_colours()

    def redraw_colours(self) -> None:
        dot = series_colour(theme.VERMILLION, self.dark)
        dot.setAlpha(150)
        self.onsets.setBrush(QBrush(dot))
        self.onsets.setPen(pg.mkPen(None))
        ink, halo = theme.mark_colours(self.dark)
        self.medians.setBrush(QBrush(ink))
        self.medians.setPen(pg.mkPen(halo, width=1.5))


class AcrossRuns:
    """The four across-runs charts, fed together."""

    def __init__(self) -> None:
        self.split = SplitChart()
        self.worst = WorstChart()
        self.onset = OnsetChart()
        self.terrain = GroupChart(figures.TERRAIN, "terrain_plot")
        self.region = GroupChart(figures.REGION, "region_plot")

        # From watch or phone recordings (issue 15): shown only where a run has one.
        self.slope = GroupChart(figures.SLOPE, "slope_plot")
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
        self.slope.set_groups(figures.slope_groups(pain_by_slope(ordered)), bool(ordered))
        self.cadence.set_runs(ordered)
        points = chartdata.run_points(ordered)
        boundaries = analysis.week_boundaries(ordered)
        self.split.set_points(points, boundaries)
        self.worst.set_points(points, boundaries)
        self.onset.set_runs(ordered)
        self.terrain.set_groups(chartdata.pain_by_terrain(ordered), bool(ordered))
        self.region.set_groups(chartdata.pain_by_region(ordered), bool(ordered))

    def restyle(self, palette: QPalette) -> None:
        for chart in (*self.charts, *self.measured_charts):
            chart.restyle(palette)
