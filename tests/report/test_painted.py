"""The report's painter-drawn charts: what each chart shows (charts/figures.py), where a mark
lands, which ticks are written (pyqtgraph's rule, so the numbers under a chart stay the same)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

from couchtimer.charts import figures, theme
from couchtimer.charts.figures import Bars, Label, Marks, Rule
from couchtimer.charts.timeline_figure import timeline
from couchtimer.core import analysis, chartdata
from couchtimer.core.demo import seed_story
from couchtimer.programmes import resolve_programme
from couchtimer.report.layout import page_writer
from couchtimer.report.painted import CENTRE, PLOT, ChartPainter, View, _apart
from couchtimer.report.ticks import auto_ticks, tick_levels

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def runs() -> list:  # type: ignore[type-arg]
    return analysis.in_date_order(
        seed_story(resolve_programme("nhs-c25k"), START, fixed_after="W7R2")
    )


def test_automatic_ticks_are_pyqtgraphs() -> None:
    """0-10.5 over 291 px: every 2 (then 1, then 0.2 unlabelled); -1.6-10.5: every 5, then 1."""
    assert [s for s, _ in tick_levels(-0.3, 10.5, 290.9)] == pytest.approx([2.0, 1.0, 0.2])
    assert tick_levels(-0.3, 10.5, 290.9)[0][1] == pytest.approx([0, 2, 4, 6, 8, 10])
    assert [s for s, _ in tick_levels(-1.6, 10.5, 290.9)] == pytest.approx([5.0, 1.0, 0.5])
    assert auto_ticks(-1.6, 10.5, 290.9)[1][:3] == ((-1.0, "-1"), (1.0, "1"), (2.0, "2"))
    assert tick_levels(0.0, 0.0, 100.0) == []


def test_labels_written_on_each_axis(qapp: QGuiApplication) -> None:
    """The worst-pain axis writes 0, 2 ... 10; the timeline's (down to -1.6) every number;
    cadence 158-170 along the bottom every step but the two that would stick out at the ends."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = page_writer(buffer)  # kept: the painter paints on it
    painter = QPainter(writer)
    try:
        charts = ChartPainter(painter)

        def written(low: float, high: float, vertical: bool) -> list[str]:
            view = View(PLOT, (low, high), (low, high))
            length = PLOT.height() if vertical else PLOT.width()
            return [w for _, w in charts._labels(auto_ticks(low, high, length), view, vertical)]

        even = written(-0.3, 10.5, vertical=True)
        every = written(-1.6, 10.5, vertical=True)
        cadence = written(158.0, 170.0, vertical=False)
    finally:
        painter.end()
    assert even == ["0", "2", "4", "6", "8", "10"]
    assert sorted(int(w) for w in every) == list(range(-1, 11))
    assert sorted(int(w) for w in cadence) == list(range(159, 170))


def test_a_tick_labels_size_is_measured_once(qapp: QGuiApplication) -> None:
    """Each axis is measured, then drawn: a label's size (the font's box round it, 0.8 of its
    height, as pyqtgraph measures) is worked out the first time and kept."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = page_writer(buffer)  # kept: the painter paints on it
    painter = QPainter(writer)
    try:
        charts = ChartPainter(painter)
        box = charts.metrics.boundingRect(QRectF(0, 0, 100, 100), CENTRE, "10")
        size = charts._size("10")
        again = charts._size("10")
    finally:
        painter.end()
    assert size == (box.width(), box.height() * 0.8)
    assert again is size


def test_worst_chart_series_colours_and_ranges(runs: list) -> None:  # type: ignore[type-arg]
    points = chartdata.run_points(runs)
    figure = figures.worst(points, analysis.week_boundaries(runs))
    assert figure.title == "Worst pain per run: during, after, next morning"
    assert [name for name, _ in figure.legend] == ["During", "After", "Morning"]
    during = dict(figure.legend)["During"]
    assert isinstance(during, Marks)
    assert (during.symbol, during.size, during.fill, during.edge) == (
        "o",
        8,
        QColor(theme.VERMILLION),
        QColor("#FFFFFF"),
    )
    assert dict(figure.legend)["Morning"].fill == QColor(theme.BLUISH_GREEN)
    expected = [
        (float(p.position), float(p.worst.during)) for p in points if p.worst.during is not None
    ]
    assert list(zip(during.xs, during.ys, strict=True)) == expected
    assert figure.x_range == pytest.approx((-0.5 - 0.27, 26.5 + 0.27))  # 27 runs, 1 % padding
    assert figure.y_range == (-0.3, 10.5)
    assert figure.bottom == "Runs in date order (week starts marked)"  # 9 weeks: every run
    rules = [i for i in figure.items if isinstance(i, Rule)]
    assert [(r.at, r.words, r.colour) for r in rules] == [
        (2, "2: minimal", QColor("#555555")),
        (5, "5: the limit", QColor("#555555")),
    ]


def test_split_chart_stacks_walks_on_runs(runs: list) -> None:  # type: ignore[type-arg]
    points = chartdata.run_points(runs)
    figure = figures.split(points, analysis.week_boundaries(runs))
    run_bars, walk_bars = [i for i in figure.items if isinstance(i, Bars)]
    assert run_bars.heights == tuple(float(p.split.run_marks) for p in points)
    assert walk_bars.y0s == run_bars.heights
    assert run_bars.fills[0] == QColor(theme.VERMILLION)
    assert walk_bars.fills[0] == QColor(theme.SKY_BLUE)
    top = max(p.split.total for p in points) + 0.5
    assert figure.y_range == (0.0, top)
    assert figures.split(points[:3], []).empty == "No pain marks in these runs: nothing to compare."
    assert figures.split([], []).empty == figures.EMPTY_RUNS
    # an empty chart keeps its legend (as the History tab's does): what would be drawn
    assert [name for name, _ in figures.split([], []).legend] == ["In run segments", "In walks"]
    assert [name for name, _ in figures.worst([], []).legend] == ["During", "After", "Morning"]


def test_a_mark_lands_at_its_minute_and_rating(runs: list) -> None:  # type: ignore[type-arg]
    """W7R2's marks on its timeline: at their minute across, their rating up."""
    run = next(r for r in runs if r.code == "W7R2")
    figure = timeline(run, title="Latest run with pain marks: W7R2, 4 Apr 2026")
    line = chartdata.timeline(run)
    marks = [i for i in figure.items if isinstance(i, Marks) and i.symbol == "o" and i.size == 11]
    assert len(marks) == 1
    first = line.points[0]
    assert (marks[0].xs[0], marks[0].ys[0]) == (first.seconds / 60, float(first.intensity or 0))
    view = View(PLOT, figure.x_range, figure.y_range)
    at = view.point(marks[0].xs[0], marks[0].ys[0])
    low, high = figure.x_range
    assert at.x() == pytest.approx(
        PLOT.left() + (first.seconds / 60 - low) / (high - low) * PLOT.width()
    )
    assert at.y() == pytest.approx(
        PLOT.bottom() - (float(first.intensity or 0) + 1.6) / 12.1 * PLOT.height()
    )
    assert view.point(low, -1.6) == QPointF(PLOT.left(), PLOT.bottom())
    labels = [i.text for i in figure.items if isinstance(i, Label)]
    assert labels[:3] == ["During", "After", "Morning"]
    bands = next(i for i in figure.items if isinstance(i, Bars))
    assert len(bands.fills) == len(line.bands)
    assert bands.fills[0].alpha() == 110  # entered and run: 110; skipped: 60


def test_group_chart_bars_and_words(runs: list) -> None:  # type: ignore[type-arg]
    figure = figures.region(runs)
    groups = chartdata.pain_by_region(runs)
    bars = next(i for i in figure.items if isinstance(i, Bars))
    assert bars.heights == tuple(g.mean_worst or 0.0 for g in groups)
    assert bars.fills[0] == QColor(theme.ORANGE)
    assert figure.x_ticks == (
        ((0.0, "Lower\nback"),),  # one word a line: half-width charts hold every name
    )
    words = [i.text for i in figure.items if isinstance(i, Label)]
    assert words[0] == f"{groups[0].mean_worst:.1f}\n({groups[0].runs})"
    assert figures.terrain([]).empty == figures.EMPTY_RUNS
    assert Qt.PenStyle.DashLine in {i.style for i in figure.items if isinstance(i, Rule)}


def test_bars_of_one_colour_fill_their_rectangles_and_no_more(
    qapp: QGuiApplication,
    runs: list,  # type: ignore[type-arg]
) -> None:
    """The split chart's bars (written as the PDF's own rectangles, in one go): each bar fills
    its rectangle; a bar of no height paints nothing."""
    points = chartdata.run_points(runs)
    figure = figures.split(points, analysis.week_boundaries(runs))
    run_bars = next(i for i in figure.items if isinstance(i, Bars))
    assert 0.0 in run_bars.heights  # some runs without marks in run segments
    view = View(PLOT, figure.x_range, figure.y_range)
    painted, expected = (QImage(820, 360, QImage.Format.Format_RGB32) for _ in range(2))
    for image in (painted, expected):
        image.fill(QColor("#FFFFFF"))
    painter = QPainter(painted)
    ChartPainter(painter)._bars(run_bars, view)
    painter.end()
    painter = QPainter(expected)
    for x0, width, height in zip(run_bars.x0s, run_bars.widths, run_bars.heights, strict=True):
        if height:
            corner, far = view.point(x0, height), view.point(x0 + width, 0.0)
            painter.fillRect(QRectF(corner, far).normalized(), run_bars.fills[0])
    painter.end()
    assert painted == expected


def test_bars_apart_or_overlapping() -> None:
    """Bars that touch are apart (filled as rectangles); bars that overlap are not (one path,
    filled odd-even, as the report always filled them)."""
    touching = [(2.0, 0.0, 1.0, 5.0), (0.0, 0.0, 1.0, 5.0), (1.0, 0.0, 1.0, 3.0)]
    assert _apart(touching)
    assert not _apart([(0.0, 0.0, 1.0, 5.0), (0.5, 0.0, 1.0, 5.0)])
    assert not _apart([(0.0, 0.0, 1.0, 5.0), (0.0, 1.0, 1.0, 5.0)])  # the same left edge
    assert _apart([])


def test_bar_rectangles_are_exactly_the_points_they_join() -> None:
    """``View.rects`` works out each bar's rectangle as plain numbers, to the last bit what
    ``QRectF(point(x0, y0 + height), point(x0 + width, y0)).normalized()`` gives (so the PDF's
    bytes stay the same), for bars up and down (negative heights) and of no height."""
    bars = Bars(
        (0.1, 1.7, 2.6, 3.3),
        (0.8, 0.8, 0.35, 0.8),
        (0.0, 2.0, 1.3, 0.0),
        (3.0, -1.25, 0.0, 7.1),
        (QColor("#000000"),) * 4,
    )
    view = View(PLOT, (-0.5, 4.5), (-1.6, 10.5))
    expected = [
        QRectF(view.point(x0, y0 + height), view.point(x0 + width, y0)).normalized()
        for x0, width, y0, height in zip(bars.x0s, bars.widths, bars.y0s, bars.heights, strict=True)
    ]
    boxes = view.rects(bars)
    assert boxes == [(r.x(), r.y(), r.width(), r.height()) for r in expected]
    assert [h > 0 for _, _, _, h in boxes] == [True, True, False, True]
    assert boxes[1][1] == view.point(0, 2.0).y()  # a bar downwards: its top is where it starts
