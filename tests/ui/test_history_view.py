"""The History tab: run list, filters, the run timeline and the across-runs charts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from couchtimer.charts import theme
from couchtimer.charts.base import EMPTY_RUNS
from couchtimer.core.demo import seed_story
from couchtimer.core.history import RunRecord
from couchtimer.core.pain import Region
from couchtimer.programmes import resolve_programme
from couchtimer.ui.history_runs import SPARK_COLUMN
from couchtimer.ui.history_view import HistoryView

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
# Qt's offscreen platform (tests only) cannot resize a window to its hints and says so when a
# pyqtgraph view is shown; the xcb/wayland platforms the app runs on do not.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def story() -> list[RunRecord]:
    """The seed runner, whose back pain stops after W7R2 (27 runs, 2 Mar to 17 Apr 2026)."""
    return seed_story(resolve_programme("nhs-c25k"), START, fixed_after="W7R2")


@pytest.fixture
def view(qtbot: QtBot) -> HistoryView:
    widget = HistoryView()
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def points(item: object) -> list[tuple[float, float]]:
    return [(p.pos().x(), p.pos().y()) for p in item.points()]  # type: ignore[attr-defined]


def test_empty_history_says_what_to_do(view: HistoryView) -> None:
    """With no runs the tab shows one sentence and the filters are off."""
    view.chart_tabs.setCurrentIndex(1)
    assert view.pages.currentWidget() is view.empty
    assert view.empty.text() == "Record a run to see it here."
    assert not view.programme.isEnabled()
    assert not view.region.isEnabled()
    assert view.count.text() == "0 of 0 runs"
    assert view.across.worst.empty_text == EMPTY_RUNS
    assert view.timeline.empty_text == "Choose a run in the list to see its timeline."


def test_run_list_newest_first_with_worst_pain(view: HistoryView, story: list[RunRecord]) -> None:
    """One row per run, newest first: date, week/run, status and worst pain."""
    view.set_runs(story)
    model = view.model
    assert model.rowCount() == 27
    row = [model.index(0, c).data() for c in range(4)]
    assert row == ["17 Apr 2026", "Week 9, run 3", "Completed", "0/10"]
    w4r2 = next(r for r in range(27) if model.index(r, 1).data() == "Week 4, run 2")
    assert model.index(w4r2, 3).data() == "6/10"
    assert model.index(w4r2, SPARK_COLUMN).data(Qt.ItemDataRole.AccessibleTextRole) == (
        "4 pain marks in run segments, 0 in walks"
    )
    assert "Stabbing low in the back" in model.index(w4r2, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert view.count.text() == "27 of 27 runs"
    assert view.selected is not None
    assert view.selected.code == "W9R3"


def test_sparkline_draws_the_segments(view: HistoryView, story: list[RunRecord]) -> None:
    """The small bar in the list is painted in the segment colours (run = vermillion)."""
    view.set_runs(story)
    view.table.clearSelection()
    rect = view.table.visualRect(view.model.index(0, SPARK_COLUMN))
    image = view.table.viewport().grab().toImage()
    # W9R3: 5 min warm-up, 30 min run, 5 min cool-down; the middle of the bar is the run
    colour = image.pixelColor(rect.center().x(), rect.bottom() - 4)
    assert colour == QColor(theme.VERMILLION)


def test_sparkline_ticks_take_the_text_colour_of_the_palettes_group(
    view: HistoryView, story: list[RunRecord]
) -> None:
    """A window's palette keeps one cacheKey whether it is active or not, and its text colour
    may differ between the two: the marks' ticks take the colour of the group painted now
    (review6: the first group painted was kept)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

    view.set_runs(story)
    w4r2 = next(r for r in range(27) if view.model.index(r, 1).data() == "Week 4, run 2")
    index = view.model.index(w4r2, SPARK_COLUMN)
    delegate = view.table.itemDelegateForColumn(SPARK_COLUMN)
    palette = QPalette(view.table.palette())
    palette.setColor(QPalette.ColorGroup.Active, QPalette.ColorRole.Text, QColor("#000000"))
    palette.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Text, QColor("#ff00ff"))

    def tick_colours(group: QPalette.ColorGroup) -> set[str]:
        palette.setCurrentColorGroup(group)
        option = QStyleOptionViewItem()
        option.rect = QRect(0, 0, 180, 22)
        option.palette = palette
        image = QImage(180, 22, QImage.Format.Format_ARGB32)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        delegate.paint(painter, option, index)
        painter.end()
        return {image.pixelColor(x, 5).name() for x in range(180)} & {"#000000", "#ff00ff"}

    assert tick_colours(QPalette.ColorGroup.Active) == {"#000000"}
    assert tick_colours(QPalette.ColorGroup.Inactive) == {"#ff00ff"}
    assert tick_colours(QPalette.ColorGroup.Active) == {"#000000"}


def test_timeline_of_the_selected_run(view: HistoryView, story: list[RunRecord]) -> None:
    """Bands for every segment, a point per pain mark, and during/after/morning beside them."""
    view.set_runs(story)
    assert view.select_run(11)  # W4R2, downhill: four marks at 6/10
    chart = view.timeline
    assert chart.band_count == 9
    assert points(chart.marks) == [(6.5, 6.0), (11.0, 6.0), (18.5, 6.0), (23.0, 6.0)]
    assert chart.marks.points()[0].data() == "Run 1 of 4, 6:30 into the run: 6/10"
    assert [y for _, y in points(chart.report["During"])] == [6.0]
    assert [y for _, y in points(chart.report["After"])] == [1.0]
    assert [y for _, y in points(chart.report["Morning"])] == [0.0]
    assert points(chart.unrated) == []
    assert chart.title == "W4R2, 20 Mar 2026"
    assert "Terrain: downhill." in view.run_words.text()


def test_across_runs_charts(view: HistoryView, story: list[RunRecord]) -> None:
    """Worst per run, marks in runs vs walks, onset per week, terrain and body area."""
    view.set_runs(story)
    assert view.across.worst.count == 0  # drawn only when the tab is shown
    view.chart_tabs.setCurrentIndex(1)
    across = view.across
    during = points(across.worst.series["During"])
    assert len(during) == 27
    assert [y for _, y in during].count(6.0) == 4
    assert len(points(across.worst.series["Morning"])) == 27
    heights = list(across.split.run_bars.opts["height"])
    assert sum(heights) == 26
    assert sum(across.split.walk_bars.opts["height"]) == 0
    assert [w.week for w in across.onset.weeks] == [4, 5, 6, 7]
    assert len(points(across.onset.medians)) == 4
    assert [(g.label, g.runs) for g in across.terrain.groups] == [("flat", 18), ("downhill", 9)]
    assert [(g.label, g.runs) for g in across.region.groups] == [("Lower back", 11)]
    text = view.findings.text()
    assert "Pain came in run segments, not in walks (26 of 26 marks, in 11 of 11 runs)." in text
    assert "Worse on downhill runs (mean 6.0 vs 3.0 flat" in text
    assert "Pain stopped after W7R2 on 4 Apr 2026" in text
    assert "CouchTimer is not medical advice." in text
    words = view.advice_words.text()
    assert "Hints you could try" not in words  # pain-free for the latest runs
    assert "What CouchTimer suggested, and when" in words


def test_findings_hints_and_the_advice_log_in_words(view: HistoryView) -> None:
    """Two runs with the seed runner's pain: the pattern, hints that say why, and the log."""
    from couchtimer.core.advice import AdviceEntry
    from couchtimer.core.guidance import Action, Rule

    story = seed_story(resolve_programme("nhs-c25k"), START)[:11]
    told = AdviceEntry(story[-1].started_at, Action.REST, Rule.OVER_LIMIT,
                       "Rest, and see a GP or physiotherapist before your next run.",
                       "Pain reached 6/10 on W4R2.", story[-1].uuid, "W4R2")  # fmt: skip
    view.set_runs(story, [told])
    view.chart_tabs.setCurrentIndex(1)
    text = view.findings.text()
    assert "Pain came in run segments, not in walks (8 of 8 marks, in 2 of 2 runs)." in text
    assert "It eased in the walks (you said so after 2 of 2 runs;" in text
    assert (
        "Worse on downhill runs (mean 6.0 vs 3.0 flat: 1 downhill run against 1 flat run)." in text
    )
    words = view.advice_words.text()
    assert "Shown because the pain came in run segments and eased in the walks (2 runs)." in words
    assert "On descents, walk or shorten your stride." in words
    assert "If it persists or worsens, see a physiotherapist." in words
    assert "<td>20 Mar 2026</td><td>W4R2</td><td>Rest, and see a GP or physiotherapist" in words
    view.chart_tabs.setCurrentIndex(2)
    assert view.shown_charts() == ()


def test_filters(view: HistoryView, story: list[RunRecord]) -> None:
    """Body area, date range and programme narrow the list and the charts together."""
    view.set_runs(story)
    view.chart_tabs.setCurrentIndex(1)
    view.set_filters(region=Region.LOWER_BACK)
    assert view.model.rowCount() == 11
    assert view.count.text() == "11 of 27 runs"
    assert len(points(view.across.worst.series["During"])) == 11
    view.set_filters(first=date(2026, 3, 18), last=date(2026, 3, 21))
    assert [r.code for r in view.runs] == ["W4R1", "W4R2", "W4R3"]
    view.set_filters(programme_id="nhs-c25k", region=Region.KNEE)
    assert view.runs == []
    assert view.selected is None
    assert view.findings.text() == "No runs match these filters."
    assert view.across.worst.empty_text == EMPTY_RUNS
    view.region.setCurrentIndex(0)  # the widget path: all body areas, the dates as they were
    assert view.model.rowCount() == 3


def test_charts_say_when_there_is_nothing_to_draw(
    view: HistoryView, story: list[RunRecord]
) -> None:
    """Pain-free runs: the pain charts explain themselves instead of drawing nothing."""
    view.chart_tabs.setCurrentIndex(1)
    view.set_runs(story[:9])
    assert view.across.split.empty_text == "No pain marks in these runs: nothing to compare."
    assert view.across.onset.empty_text == "No pain marks in run segments."
    assert view.across.region.empty_text == "No body area named yet: add it in the post-run report."
    assert view.across.terrain.empty_text == ""
    assert view.across.worst.empty_text == ""


def test_dark_palette_restyles_the_charts(view: HistoryView, story: list[RunRecord]) -> None:
    """Switching to a dark palette gives the charts a dark background and light axes."""
    view.set_runs(story)
    view.chart_tabs.setCurrentIndex(1)
    light = view.timeline.widget.backgroundBrush().color()
    view.setPalette(theme.dark_palette())
    dark = view.timeline.widget.backgroundBrush().color()
    assert light == QColor("#FFFFFF")
    assert dark == theme.dark_palette().color(QPalette.ColorRole.Base)
    assert theme.relative_luminance(dark) < 0.1
    assert view.across.worst.dark
    axis = view.across.worst.plot.getAxis("left")
    assert axis.textPen().color() == QColor("#F0F0F0")


def hover(chart: object, x: float, y: float) -> str:
    """Move the pointer over data point (x, y) of a chart; returns the tool tip shown."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    widget = chart.widget  # type: ignore[attr-defined]
    box = chart.plot.getViewBox()  # type: ignore[attr-defined]
    at = QPointF(widget.mapFromScene(box.mapViewToScene(QPointF(x, y))))
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        at,
        QPointF(widget.viewport().mapToGlobal(at.toPoint())),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget.viewport(), event)
    return str(box.toolTip())


def test_hover_details(view: HistoryView, story: list[RunRecord]) -> None:
    """Pointing at a pain mark or a bar tells what it is, in words."""
    view.set_runs(story)
    view.select_run(11)
    assert hover(view.timeline, 6.5, 6.0) == "Run 1 of 4, 6:30 into the run: 6/10"
    view.chart_tabs.setCurrentIndex(1)
    view.across.split.widget.resize(800, 300)
    assert hover(view.across.split, 10.0, 4.0) == (
        "W4R2 (run 11): 4 in run segments (mean 6.0/10), 0 in walks (mean -)"
    )
    terrain = view.across.terrain
    terrain.widget.resize(500, 300)
    downhill = terrain.groups[1].mean_worst
    assert downhill is not None
    assert hover(terrain, 1.0, downhill) == "downhill: 9 runs, 4 with pain, mean worst 2.7/10"


def test_the_timeline_draws_skipped_segments_hatched_from_the_first_second(
    view: HistoryView, story: list[RunRecord]
) -> None:
    """Issue 12, defect 5: warm-up skipped after 20 s: its band starts at 0 (no blank time a
    physio would read as pain in the warm-up), hatched; the mark sits in its run band."""
    from dataclasses import replace

    from couchtimer.core.engine import SegmentEnd
    from couchtimer.core.pain import PainMark

    run = story[12]
    first, second, *rest = run.segments
    shift = first.actual_seconds - 20.0
    segments = (
        replace(first, actual_seconds=20.0, skipped=True, ended=SegmentEnd.SKIPPED),
        *(replace(s, actual_start=s.actual_start - shift) for s in (second, *rest)),
    )
    mark = PainMark(round((second.actual_start - shift + 30) * 1000), 1, 6)
    view.set_runs([replace(run, segments=segments, marks=(mark,))])
    view.select_run(run.id)
    chart = view.timeline
    assert chart.band_count == len(segments)
    x0 = list(chart.bands.opts["x0"])
    assert x0[0] == 0.0
    assert x0[1] == pytest.approx(20 / 60)
    styles = [brush.style() for brush in chart.textures.opts["brushes"]]
    assert styles[0] is Qt.BrushStyle.BDiagPattern
    assert Qt.BrushStyle.BDiagPattern not in styles[1:]
    (seconds,) = [p.seconds for p in chart.timeline.points] if chart.timeline else [None]
    assert x0[1] * 60 <= seconds <= (x0[1] + list(chart.bands.opts["width"])[1]) * 60
