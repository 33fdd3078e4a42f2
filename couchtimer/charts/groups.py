"""Charts of pain by group (terrain, body area, gradient) and against cadence; what they show
comes from ``charts/figures.py`` (the PDF paints the same figures)."""

from __future__ import annotations

import os
from collections.abc import Sequence

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from couchtimer.charts import figures, theme
from couchtimer.charts.base import (
    Chart,
    hover_targets,
    mean_words,
    scatter,
    style_thresholds,
    threshold_lines,
)
from couchtimer.charts.figures import GROUP_BAR, Bars, Label, Marks, series_colour
from couchtimer.core import chartdata
from couchtimer.core.history import RunRecord
from couchtimer.core.placement import segment_name


class GroupChart(Chart):
    """Mean worst pain per group (terrain or body region), with how many runs in each."""

    def __init__(self, words: tuple[str, str, str], object_name: str) -> None:
        """``words``: the title, the bottom axis's words and what an empty chart says
        (``figures.TERRAIN``, ``REGION``, ``SLOPE``)."""
        title, bottom, empty = words
        super().__init__(title, "Mean worst pain (0-10)", bottom, object_name)
        self.bars = pg.BarGraphItem(x=[0], height=[0], width=0.6, pen=None)
        self.hover = hover_targets(16)
        self.plot.addItem(self.bars)
        self.plot.addItem(self.hover)
        self.thresholds = threshold_lines(self.plot)
        self.labels: list[pg.TextItem] = []
        self.groups: list[chartdata.GroupPain] = []
        self._bottom = bottom
        self._empty_words = empty
        self.restyle(self.widget.palette())  # its items exist: colour them

    def set_groups(self, groups: Sequence[chartdata.GroupPain], any_runs: bool) -> None:
        self.groups = list(groups)
        for label in self.labels:
            self.plot.removeItem(label)
        self.labels = []
        figure = figures.groups(
            self.title, self._bottom, self.groups, any_runs, self._empty_words, self.dark
        )
        if figure.empty:
            self.bars.setOpts(x=[0], height=[0])
            self.hover.setData([], [])
            self.set_empty(figure.empty)
            return
        self.set_empty(None)
        bars = next(item for item in figure.items if isinstance(item, Bars))
        x = [float(i) for i in range(len(self.groups))]
        heights = list(bars.heights)
        self.bars.setOpts(x=x, height=heights, width=bars.widths[0])
        self.hover.setData(
            x,
            heights,
            data=[
                f"{g.label}: {g.runs} runs, {g.runs_with_pain} with pain, mean worst "
                + ("not rated" if g.mean_worst is None else mean_words(g.mean_worst))
                for g in self.groups
            ],
        )
        for words in (item for item in figure.items if isinstance(item, Label)):
            label = pg.TextItem(words.text, anchor=words.anchor)
            label.setPos(words.x, words.y)
            label.setZValue(10)  # over the threshold lines, on its patch (``Label.patch``)
            self.plot.addItem(label)
            self.labels.append(label)
        self.plot.getAxis("bottom").setTicks([list(level) for level in figure.x_ticks or ()])
        self.plot.setXRange(*figure.x_range, padding=0)
        self.plot.setYRange(*figure.y_range, padding=0)
        self.describe(
            "Mean worst pain: "
            + ", ".join(
                f"{g.label} {'not rated' if g.mean_worst is None else mean_words(g.mean_worst)}"
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
                    "not rated" if g.mean_worst is None else mean_words(g.mean_worst),
                )
                for g in self.groups
            ],
        )
        self.redraw_colours()

    def redraw_colours(self) -> None:
        self.bars.setOpts(brush=QBrush(series_colour(GROUP_BAR, self.dark)), pen=None)
        ink = theme.mark_colours(self.dark)[0]
        for label in self.labels:
            label.setColor(ink)
            label.fill = pg.mkBrush(self.backdrop)
            label.update()
        style_thresholds(self.thresholds, self.dark, self.backdrop)


class CadenceChart(Chart):
    """Each measured run segment at its cadence: the highest pain mark in it, or 0 without."""

    def __init__(self) -> None:
        super().__init__(
            "Pain against cadence",
            "Highest pain mark (0-10)",
            "Cadence (steps a minute)",
            "cadence_plot",
        )
        self.marked = scatter("o", 9)
        self.clear = scatter("s", 7)
        self.plot.addItem(self.marked)
        self.plot.addItem(self.clear)
        self.thresholds = threshold_lines(self.plot)
        self.points: list[tuple[float, int | None]] = []
        self.restyle(self.widget.palette())  # its items exist: colour them

    def set_runs(self, runs: Sequence[RunRecord]) -> None:
        found = figures.cadence_points(runs)
        self.points = [(p.cadence, p.worst) for p in found]
        figure = figures.cadence(found, bool(runs), self.dark)
        if figure.empty:
            self.marked.setData([], [])
            self.clear.setData([], [])
            self.set_empty(figure.empty)
            return
        self.set_empty(None)
        words = [
            f"{p.run.code}, {segment_name(p.run.planned, p.segment_index)}: {p.cadence:.0f} spm"
            for p in found
        ]
        marked, clear = (item for item in figure.items if isinstance(item, Marks))
        self.marked.setData(
            list(marked.xs),
            list(marked.ys),
            data=[
                f"{w}, pain {p.worst}/10"
                for p, w in zip(found, words, strict=True)
                if p.worst is not None
            ],
        )
        self.clear.setData(
            list(clear.xs),
            list(clear.ys),
            data=[
                f"{w}, no pain mark" for p, w in zip(found, words, strict=True) if p.worst is None
            ],
        )
        self.plot.setXRange(*figure.x_range, padding=0)
        self.plot.setYRange(*figure.y_range, padding=0)
        self.describe(
            f"{len(found)} run segments with a measured cadence, "
            f"{sum(1 for p in found if p.worst is not None)} of them with a pain mark.",
            ("Run segment", "Cadence", "Highest pain mark"),
            [
                (w, f"{p.cadence:.0f}", "none" if p.worst is None else f"{p.worst}/10")
                for p, w in zip(found, words, strict=True)
            ],
        )
        self.redraw_colours()

    def redraw_colours(self) -> None:
        ink, halo = theme.mark_colours(self.dark)
        self.marked.setBrush(QBrush(ink))
        self.marked.setPen(pg.mkPen(halo, width=1.5))
        self.clear.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self.clear.setPen(pg.mkPen(ink, width=1.2))
        style_thresholds(self.thresholds, self.dark, self.backdrop)
