"""One run's timeline: segments as bands, pain marks at their second, the post-run and
morning figures beside, and what a recording measured in strips below.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF

from couchtimer.charts import theme
from couchtimer.charts.base import (
    Chart,
    scatter,
    series_brush,
    style_thresholds,
    threshold_lines,
)
from couchtimer.charts.figures import AFTER, DURING, MORNING, Bars
from couchtimer.charts.spacing import GAP, apart
from couchtimer.charts.timeline_figure import (
    CADENCE_STRIP_Y as CADENCE_STRIP_Y,  # the History tab's tests read where the strips are
)
from couchtimer.charts.timeline_figure import (
    GRADE_STRIP_Y as GRADE_STRIP_Y,
)
from couchtimer.charts.timeline_figure import (
    MOST_SHARE,
    MOST_TALL,
    REPORT_WORDS,
    Y_RANGE,
    band_fills,
    band_spans,
    report_xs,
    strips,
    x_range,
    y_range,
)
from couchtimer.core import analysis, chartdata
from couchtimer.core.chartdata import Timeline
from couchtimer.core.clocktext import clock_text
from couchtimer.core.history import RunRecord
from couchtimer.core.metrics import SegmentMetrics
from couchtimer.core.placement import segment_name
from couchtimer.core.programme import Segment, SegmentKind
from couchtimer.core.slopes import Slope, slope_of


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
        self.thresholds = threshold_lines(self.plot)
        self.divider = pg.InfiniteLine(angle=90, movable=False)
        self.plot.addItem(self.divider)
        self.marks = scatter("o", 11)
        self.unrated = scatter("x", 11)  # a mark with no intensity given: drawn at 0
        self.report = {name: scatter(symbol, 12) for name, _, symbol in (DURING, AFTER, MORNING)}
        for item in (self.marks, self.unrated, *self.report.values()):
            self.plot.addItem(item)
        self.report_labels = {name: pg.TextItem(name, anchor=(0.5, 0)) for name in self.report}
        for label in self.report_labels.values():
            self.plot.addItem(label)
        self.timeline: Timeline | None = None
        self._kinds: list[SegmentKind] = []
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
        #: How much of the plot's width a post-run label takes (``timeline_figure.report_gap``):
        #: followed as the chart is resized, so the three labels never overlap.
        self.share, self.tall = MOST_SHARE, MOST_TALL
        # Never so small that the labels would need more than MOST_SHARE of the plot's width
        # or MOST_TALL of its height (the axes and title take about 60 and 90 pixels).
        width, height = self.label_size()
        self.widget.setMinimumSize(round(width / MOST_SHARE) + 60, round(height / MOST_TALL) + 90)
        self.plot.vb.sigResized.connect(self._fit_report)
        self.set_run(None)
        self.restyle(self.widget.palette())  # its items exist: colour them

    def label_size(self) -> tuple[float, float]:
        """A post-run label's box in pixels: its widest line and two lines, its margins, and
        the gap to the next one."""
        text = self.report_labels["During"].textItem
        metrics = QFontMetricsF(text.font())
        margin = 2 * text.document().documentMargin()
        widest = max(metrics.horizontalAdvance(words) for words in REPORT_WORDS)
        return float(widest + margin + GAP), float(2 * metrics.lineSpacing() + margin)

    def label_room(self) -> tuple[float, float]:
        """``label_size`` as shares of the plot's width and height now (the most there is
        before the plot is laid out)."""
        width, height = float(self.plot.vb.width()), float(self.plot.vb.height())
        if width <= 1 or height <= 1:
            return MOST_SHARE, MOST_TALL
        label = self.label_size()
        return min(label[0] / width, MOST_SHARE), min(label[1] / height, MOST_TALL)

    def _fit_report(self) -> None:
        self._space_strip_labels()
        share, tall = self.label_room()
        if abs(share - self.share) > 1e-6 or abs(tall - self.tall) > 1e-6:
            self.share, self.tall = share, tall
            if self.timeline is not None:
                self._place_report(self.timeline)
                self._space_strip_labels()

    def _space_strip_labels(self) -> None:
        """A strip's figures where they fit at the chart's size: one whose words would touch
        words kept before it (the band beside it, or the strip above on a short chart) is
        left out, by the rule of ``charts/spacing.py``; every figure is in the table under
        the chart."""
        width, height = float(self.plot.vb.width()), float(self.plot.vb.height())
        (left, right), (bottom, top) = self.plot.vb.viewRange()
        if not self.strip_labels or width <= 1 or height <= 1 or right <= left or top <= bottom:
            return
        x_scale, y_scale = width / (right - left), height / (top - bottom)
        metrics = QFontMetricsF(self.strip_labels[0].textItem.font())
        boxes = []
        for label in self.strip_labels:  # each band's gradient, then its cadence
            words = label.toPlainText()
            # Across, the words' advance; up and down, their ink (figures have no descenders:
            # the strips sit closer than a line), less the gap ``apart`` adds round each box.
            wide, tall = metrics.horizontalAdvance(words), metrics.tightBoundingRect(words).height()
            x, y = (label.pos().x() - left) * x_scale, (top - label.pos().y()) * y_scale
            box = QRectF(x - wide / 2, y - tall / 2, wide, tall).adjusted(0, GAP / 2, 0, -GAP / 2)
            boxes.append((box, label))
        kept = {id(label) for _, label in apart(boxes)}
        for label in self.strip_labels:
            label.setVisible(id(label) in kept)

    @property
    def band_count(self) -> int:
        return len(self._kinds)

    def set_run(
        self,
        run: RunRecord | None,
        metrics: Sequence[SegmentMetrics] = (),
        line: Timeline | None = None,
    ) -> None:
        """Show ``run``; with ``metrics`` (what its recording measured, per segment), the
        gradient and cadence strips under its bands too. ``line``: the run's
        ``chartdata.timeline`` where the caller has it already (History's shared analysis)."""
        self._show_run(run, line)
        self._set_strips(metrics if run is not None else ())

    def _show_run(self, run: RunRecord | None, line: Timeline | None = None) -> None:
        if run is None:
            self.timeline = None
            self._kinds = []
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
        line = chartdata.timeline(run) if line is None else line
        self.timeline = line
        self._kinds = [band.kind for band in line.bands]
        # A segment skipped at once lasted no time: a thin band (about a second) still shows
        # that it was entered.
        x0s, widths = band_spans(line.bands)
        self._set_bands(list(x0s), list(widths), self._kinds)
        words = {i: segment_name(run.planned, i) for i in {p.segment_index for p in line.points}}
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
        self._place_report(line)
        self._describe_run(run, line, words)
        self._colour_bands()  # the rest keeps the palette's colours (redraw_colours)

    def _place_report(self, line: Timeline) -> None:
        """The post-run figures and their words, spaced for the plot's width (``share``)."""
        values = {"During": line.worst.during, "After": line.worst.after}
        values["Morning"] = line.worst.morning
        for x, (name, value) in zip(report_xs(line, self.share), values.items(), strict=True):
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
        self.plot.setXRange(*x_range(line, self.share), padding=0)
        self.plot.setYRange(*y_range(bool(self.strip_slopes), self.tall), padding=0)

    def _set_strips(self, metrics: Sequence[SegmentMetrics]) -> None:
        """Gradient (by slope, ``core.slopes``) and cadence per segment visit, each labelled
        with its figure, in two strips below the pain scale."""
        for label in self.strip_labels:
            self.plot.removeItem(label)
        self.strip_labels = []
        self.metrics = tuple(metrics)
        left = self.plot.getAxis("left")
        found = strips(self.timeline, metrics, self.dark) if self.timeline else ((), (), None)
        bars, labels, ticks = found
        if not bars:
            for strip in (self.grade_strip, self.cadence_strip):
                strip.setOpts(x0=[0], width=[0], height=[0])
            self.strip_slopes = []
            left.setTicks(None)
            if self.timeline is not None:
                self.plot.setYRange(*y_range(False, self.tall), padding=0)
            return
        grade, cadence = bars
        for strip, shown in ((self.grade_strip, grade), (self.cadence_strip, cadence)):
            strip.setOpts(
                x0=list(shown.x0s),
                width=list(shown.widths),
                height=list(shown.heights),
                y0=shown.y0s[0],
            )
        by_index = {m.index: m for m in self.metrics}
        bands = self.timeline.bands if self.timeline else ()
        self.strip_slopes = [slope_of(by_index[b.index]) for b in bands if b.index in by_index]
        for words in labels:
            label = pg.TextItem(words.text, anchor=words.anchor)
            label.setPos(words.x, words.y)
            self.plot.addItem(label, ignoreBounds=True)
            self.strip_labels.append(label)
        left.setTicks([list(level) for level in ticks or ()])
        self.plot.setYRange(*y_range(True, self.tall), padding=0)
        self._space_strip_labels()
        summary = self.widget.accessibleDescription()
        measured = [m for m in self.metrics if m.grade_percent is not None or m.cadence_spm]
        self.rows += [
            (
                "Recording",
                segment_name(self._planned, m.index),
                ", ".join(
                    part
                    for part in (
                        None if m.grade_percent is None else f"gradient {m.grade_percent:+.1f} %",
                        None if m.cadence_spm is None else f"cadence {m.cadence_spm:.0f} spm",
                    )
                    if part
                ),
            )
            for m in measured
        ]
        self.widget.setAccessibleDescription(
            summary
            + " Gradient and cadence per segment from the recording are below the pain scale."
        )
        self._colour_strips()

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
        height = [Y_RANGE[1]] * len(kinds)
        self.bands.setOpts(x0=x0, width=width, height=height, y0=0)
        self.textures.setOpts(x0=x0, width=width, height=height, y0=0)

    def redraw_colours(self) -> None:
        dark = self.dark
        ink, halo = theme.mark_colours(dark)
        self._colour_bands()
        self.marks.setBrush(QBrush(ink))
        self.marks.setPen(pg.mkPen(halo, width=1.5))
        self.unrated.setPen(pg.mkPen(ink, width=2))
        self.unrated.setBrush(QBrush(ink))
        for name, hex_colour, _ in (DURING, AFTER, MORNING):
            brush, pen = series_brush(hex_colour, dark)
            self.report[name].setBrush(brush)
            self.report[name].setPen(pen)
            self.report_labels[name].setColor(ink)
        self.divider.setPen(pg.mkPen(ink, width=1, style=Qt.PenStyle.DotLine))
        style_thresholds(self.thresholds, dark, self.backdrop)
        self._colour_strips()

    def _colour_bands(self) -> None:
        """The bands' colours, which follow the run's segments (the rest follow the palette
        only: ``redraw_colours``)."""
        if self._kinds and self.timeline is not None:
            fills, textures = band_fills(self.timeline.bands, self.dark)
            no_pen = [pg.mkPen(None)] * len(fills.fills)
            self.bands.setOpts(brushes=_brushes(fills), pens=no_pen)
            self.textures.setOpts(brushes=_brushes(textures), pens=no_pen)

    def _colour_strips(self) -> None:
        """The gradient strip by slope and the cadence strip, with their figures."""
        if self.strip_slopes and self.timeline is not None:
            grade, cadence = strips(self.timeline, self.metrics, self.dark)[0]
            self.grade_strip.setOpts(
                brushes=_brushes(grade), pens=[pg.mkPen(None)] * len(grade.fills)
            )
            self.cadence_strip.setOpts(brush=QBrush(cadence.fills[0]), pen=pg.mkPen(None))
        ink = theme.mark_colours(self.dark)[0]
        for label in self.strip_labels:
            label.setColor(ink)


def _brushes(bars: Bars) -> list[QBrush]:
    patterns = bars.patterns or (Qt.BrushStyle.SolidPattern,) * len(bars.fills)
    return [QBrush(fill, pattern) for fill, pattern in zip(bars.fills, patterns, strict=True)]
