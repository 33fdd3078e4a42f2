"""Words that could collide on a chart never do (charts/spacing.py, timeline_figure.report_gap
and y_range): the tick labels of the across-runs charts with the densest week starts, and the
post-run labels of a run's timeline (the longest: "Morning" over "(none)"), in the History
tab at its smallest and at 1100 px, light and dark, and in the PDF."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import combinations
from typing import Any

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter
from pytestqt.qtbot import QtBot

from couchtimer.charts import figures, theme
from couchtimer.charts.across import AcrossRuns
from couchtimer.charts.figures import Figure, Label
from couchtimer.charts.timeline import TimelineChart
from couchtimer.charts.timeline_figure import REPORT_WORDS, timeline
from couchtimer.core import analysis, chartdata
from couchtimer.core.demo import seed_story, with_seed_recordings
from couchtimer.core.history import RunRecord
from couchtimer.core.pain import Terrain
from couchtimer.programmes import resolve_programme
from couchtimer.report.painted import HEIGHT, WIDTH, ChartPainter
from tests.helpers.runs import START, c25k_run, day_run, dense_weeks

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Recorder:
    """A QPainter that also keeps every (rect, words) written with ``drawText``."""

    def __init__(self, painter: QPainter) -> None:
        self._painter = painter
        self.texts: list[tuple[QRectF, str]] = []

    def drawText(self, rect: QRectF, flags: int, words: str) -> None:  # noqa: N802 (Qt's name)
        self.texts.append((QRectF(rect), words))
        self._painter.drawText(rect, flags, words)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._painter, name)


def painted(figure: Figure) -> list[tuple[QRectF, str]]:
    """The words the PDF's painter writes for ``figure``, each in its box."""
    image = QImage(int(WIDTH), int(HEIGHT), QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    recorder = Recorder(painter)
    try:
        ChartPainter(recorder).draw(figure, QRectF(0, 0, WIDTH, HEIGHT))  # type: ignore[arg-type]
    finally:
        painter.end()
    frame = {figure.title, figure.left, figure.bottom}  # the axis words have wide boxes
    return [(rect, words) for rect, words in recorder.texts if words not in frame]


def overlaps(boxes: list[tuple[QRectF, str]]) -> list[tuple[str, str]]:
    return [(a, b) for (r, a), (s, b) in combinations(boxes, 2) if r.intersects(s)]


def test_the_pdf_never_writes_a_week_start_over_another(qapp: Any) -> None:
    runs = dense_weeks()
    points, boundaries = chartdata.run_points(runs), analysis.week_boundaries(runs)
    assert len(boundaries) == figures.MAX_WEEK_LABELS  # the most weeks still marked
    for figure in (figures.worst(points, boundaries), figures.split(points, boundaries)):
        words = painted(figure)
        assert overlaps(words) == []
        starts = [w.split("\n")[0] for _, w in words if w.startswith("W")]
        # Left to right, each start that clears the one before (W1R1 would stick out left);
        # before, all 24 were written over each other.
        weeks = [int(w[1:].split("R")[0]) for w in starts]
        assert 2 <= len(weeks) < figures.MAX_WEEK_LABELS, starts
        assert weeks == sorted(weeks), starts


def test_the_pdf_timeline_keeps_its_post_run_words_apart(qapp: Any) -> None:
    for run in (bare(c25k_run(1, START, 1, 1)), bare(c25k_run(2, START, 9, 3)), short_run()):
        share, tall = painter_room()
        words = painted(timeline(run, share=share, tall=tall))
        assert [w for _, w in words if w in REPORT_WORDS] == [
            "During", "(none)", "After", "(none)", "Morning", "(none)",
        ]  # fmt: skip
        assert overlaps(words) == [], run.code


def painter_room() -> tuple[float, float]:
    image = QImage(int(WIDTH), int(HEIGHT), QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        return ChartPainter(painter).label_room(REPORT_WORDS)
    finally:
        painter.end()


def bare(run: RunRecord) -> RunRecord:
    """``run`` with no post-run report or check-in: every label says "(none)", its longest."""
    return replace(run, report=None, checkin=None)


def short_run() -> RunRecord:
    """A run ended in its warm-up: the shortest a timeline shows."""
    return bare(c25k_run(3, START, 1, 1, early=True))


SIZES = ((440, 320), (520, 360), (640, 420), (1000, 560))


@pytest.fixture(params=["light", "dark"])
def chart(request: pytest.FixtureRequest, qtbot: QtBot, qapp: Any) -> Iterator[TimelineChart]:
    theme.apply_theme(qapp, request.param)
    made = TimelineChart()
    qtbot.addWidget(made.widget)
    made.widget.show()
    yield made
    theme.apply_theme(qapp, "light")


def test_the_history_timeline_keeps_its_post_run_words_apart(
    qtbot: QtBot, chart: TimelineChart
) -> None:
    for size in SIZES:
        chart.widget.resize(*size)
        for run in (bare(c25k_run(1, START, 1, 1)), bare(c25k_run(2, START, 9, 3)), short_run()):
            chart.set_run(run)
            qtbot.wait(5)
            boxes = {name: label.sceneBoundingRect() for name, label in chart.report_labels.items()}
            for (a, r), (b, s) in combinations(boxes.items(), 2):
                assert not r.intersects(s), (size, run.code, a, b)
            plot = chart.plot.vb.sceneBoundingRect()
            for name, box in boxes.items():
                assert plot.contains(box), (size, run.code, name, box, plot)
                assert chart.report_labels[name].toPlainText() == f"{name}\n(none)"


@pytest.mark.parametrize("size", [(500, 300), (1000, 360)])
def test_the_history_tab_never_writes_a_week_start_over_another(
    qtbot: QtBot, size: tuple[int, int]
) -> None:
    across = AcrossRuns()
    for made in across.charts:
        qtbot.addWidget(made.widget)
    across.set_runs(dense_weeks())
    for made in (across.worst, across.split):
        made.widget.resize(*size)
        made.widget.show()
        qtbot.wait(5)
        axis = made.plot.getAxis("bottom")
        image = QImage(size[0], size[1], QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        try:
            _, _, texts = axis.generateDrawSpecs(painter)  # what the axis paints
        finally:
            painter.end()
        words = [(QRectF(rect), text) for rect, _, text in texts]
        assert overlaps(words) == [], made.title
        assert sum(w.startswith("W") for _, w in words) >= 1


def test_the_pdf_writes_words_only_where_they_are_clear_of_words_written_before(
    qapp: Any,
) -> None:
    ink = QColor("#000000")
    figure = Figure(
        "Words",
        "Left",
        "Bottom",
        (0.0, 10.0),
        (0.0, 10.0),
        items=(
            Label(5.0, 5.0, "−6%", (0.5, 0.5), ink),
            Label(5.05, 5.0, "+3%", (0.5, 0.5), ink),  # over the first: left out
            Label(8.0, 5.0, "0%", (0.5, 0.5), ink),
        ),
    )
    assert [w for _, w in painted(figure) if "%" in w] == ["−6%", "0%"]


def test_a_bar_figure_sits_on_a_patch_over_the_threshold_it_crosses() -> None:
    found = figures.terrain(
        [day_run(d, pain=2, terrain=Terrain.FLAT) for d in range(3)]
    )  # a mean of 2.0: its words sit on the "2: minimal" line
    (label,) = [i for i in found.items if isinstance(i, Label)]
    assert label.text == "2.0\n(3)"
    assert label.patch


def test_the_history_timeline_leaves_out_strip_figures_that_would_collide(
    qtbot: QtBot, chart: TimelineChart
) -> None:
    story = with_seed_recordings(
        seed_story(resolve_programme("nhs-c25k"), START, fixed_after="W7R2"), from_week=4
    )
    run = next(r for r in story if r.code == "W4R2")
    assert run.measured is not None
    for size in ((chart.widget.minimumWidth(), 300), (1000, 420)):
        chart.widget.resize(*size)
        chart.set_run(run, run.measured.segments)
        qtbot.wait(5)
        shown = [label for label in chart.strip_labels if label.isVisible()]
        boxes = [(words(label), label.toPlainText()) for label in shown]
        assert overlaps(boxes) == [], size
        assert len(shown) >= 2, size  # the widest bands keep theirs
    assert len(shown) == len(chart.strip_labels)  # at 1000 px every figure fits


def words(label: Any) -> QRectF:
    """Where a text item's words are on the scene: their advance across, their ink up and
    down (the strips sit closer than a line; a figure has no descender)."""
    metrics = QFontMetricsF(label.textItem.font())
    text = label.toPlainText()
    wide, tall = metrics.horizontalAdvance(text), metrics.tightBoundingRect(text).height()
    centre = label.sceneBoundingRect().center()
    return QRectF(centre.x() - wide / 2, centre.y() - tall / 2, wide, tall)
