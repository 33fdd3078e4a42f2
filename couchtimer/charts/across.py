"""The across-runs charts (History's "Across runs", the PDF's charts page), fed together by
``AcrossRuns``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette

from couchtimer.charts import theme
from couchtimer.charts.base import (
    AFTER,
    DURING,
    EMPTY_RUNS,
    MAX_WEEK_LABELS,
    MORNING,
    Chart,
    hover_targets,
    mean_words,
    scatter,
    series_brush,
    series_colour,
    style_thresholds,
    threshold_lines,
)
from couchtimer.charts.groups import CadenceChart, GroupChart
from couchtimer.core import analysis
from couchtimer.core.analysis import RunPoint
from couchtimer.core.history import RunRecord
from couchtimer.core.pain import MAX_INTENSITY
from couchtimer.core.programme import SegmentKind
from couchtimer.core.slopes import (
    pain_by_slope,
)

_SERIES_WORDS = {"During": "worst during", "After": "after", "Morning": "next morning"}


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
        for name, hex_colour, _ in (DURING, AFTER, MORNING):
            brush, pen = series_brush(hex_colour, self.dark)
            self.series[name].setBrush(brush)
            self.series[name].setPen(pen)
        self.weeks.setPen(pg.mkPen(QColor("#888888"), width=1, style=Qt.PenStyle.DotLine))
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
        self.weeks: list[analysis.WeekOnset] = []
        self.restyle(self.widget.palette())  # its items exist: colour them

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
