"""Charts of pain by group (terrain, body area, gradient) and against cadence."""

from __future__ import annotations

import os
from collections.abc import Sequence

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from couchtimer.charts import theme
from couchtimer.charts.base import (
    EMPTY_RUNS,
    GROUP_BAR,
    Chart,
    hover_targets,
    mean_words,
    scatter,
    series_colour,
    style_thresholds,
    threshold_lines,
)
from couchtimer.core import analysis
from couchtimer.core.history import RunRecord
from couchtimer.core.pain import MAX_INTENSITY
from couchtimer.core.placement import segment_name
from couchtimer.core.slopes import measured_segments


class GroupChart(Chart):
    """Mean worst pain per group (terrain or body region), with how many runs in each."""

    def __init__(self, title: str, bottom: str, object_name: str, empty: str) -> None:
        super().__init__(title, "Mean worst pain (0-10)", bottom, object_name)
        self.bars = pg.BarGraphItem(x=[0], height=[0], width=0.6, pen=None)
        self.hover = hover_targets(16)
        self.plot.addItem(self.bars)
        self.plot.addItem(self.hover)
        self.thresholds = threshold_lines(self.plot)
        self.labels: list[pg.TextItem] = []
        self.groups: list[analysis.GroupPain] = []
        self._empty_words = empty
        self.restyle(self.widget.palette())  # its items exist: colour them

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
                + ("not rated" if g.mean_worst is None else mean_words(g.mean_worst))
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
        points: list[tuple[float, int | None, str]] = []
        for run in runs:
            for m in measured_segments(run):
                if m.cadence_spm is None:
                    continue
                marks = [k.intensity or 0 for k in run.marks if k.segment_index == m.index]
                worst = max(marks) if marks else None
                words = f"{run.code}, {segment_name(run.planned, m.index)}: {m.cadence_spm:.0f} spm"
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
        ink, halo = theme.mark_colours(self.dark)
        self.marked.setBrush(QBrush(ink))
        self.marked.setPen(pg.mkPen(halo, width=1.5))
        self.clear.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self.clear.setPen(pg.mkPen(ink, width=1.2))
        style_thresholds(self.thresholds, self.dark, self.backdrop)
