"""History with watch or phone recordings attached (issue 15, item 7): the run list marks those
runs; a run's timeline gets its gradient and cadence strips and a per-segment table."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from couchtimer.charts.segment_table import metric_cells
from couchtimer.charts.timeline import CADENCE_STRIP_Y, GRADE_STRIP_Y
from couchtimer.core.demo import seed_metrics, seed_story, with_seed_recordings
from couchtimer.core.findings import FindingKind as K
from couchtimer.core.findings import findings
from couchtimer.core.history import RunRecord
from couchtimer.core.programme import SegmentKind
from couchtimer.core.slopes import Slope
from couchtimer.core.track import SegmentMetrics
from couchtimer.programmes import resolve_programme
from couchtimer.ui.history_view import HistoryView

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def story() -> list[RunRecord]:
    runs = seed_story(resolve_programme("nhs-c25k"), START, fixed_after="W7R2")
    return with_seed_recordings(runs, from_week=4)  # as the store loads them


@pytest.fixture
def view(qtbot: QtBot, story: list[RunRecord]) -> HistoryView:
    widget = HistoryView()
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.set_runs(story)
    return widget


def row_of(view: HistoryView, run_id: int) -> int:
    return next(i for i, run in enumerate(view.model.runs) if run.id == run_id)


def test_the_run_list_says_which_runs_have_a_recording(view: HistoryView) -> None:
    model = view.model
    w4r2 = model.index(row_of(view, 11), 2)
    w1r1 = model.index(row_of(view, 1), 2)
    assert (model.data(w4r2), model.data(w1r1)) == ("Completed, recorded", "Completed")
    assert model.data(w4r2, Qt.ItemDataRole.AccessibleTextRole) == ("Completed, recording attached")
    assert model.data(w4r2, Qt.ItemDataRole.ToolTipRole).endswith(
        "\nA watch or phone recording is attached."
    )


def test_a_recorded_run_shows_gradient_and_cadence_strips_and_its_table(
    view: HistoryView, story: list[RunRecord]
) -> None:
    """W4R2 went down the long hill: its four run segments are downhill in the strip."""
    assert view.select_run(11)
    chart = view.timeline
    assert chart.metrics == seed_metrics(story[10])
    assert chart.strip_slopes == [
        Slope.FLAT, Slope.DOWNHILL, Slope.FLAT, Slope.DOWNHILL, Slope.FLAT, Slope.DOWNHILL,
        Slope.FLAT, Slope.DOWNHILL, Slope.FLAT,
    ]  # fmt: skip
    labels = sorted(
        (round(label.pos().y(), 1), label.toPlainText()) for label in chart.strip_labels
    )
    grades = [text for y, text in labels if y == round(GRADE_STRIP_Y + 0.5, 1)]
    cadences = [text for y, text in labels if y == round(CADENCE_STRIP_Y + 0.5, 1)]
    assert sorted(grades) == sorted(["0%", "−6%", "−6%", "0%", "−5%", "−6%", "0%"])
    assert sorted(cadences) == sorted(["112", "156", "155", "112", "157", "156", "112"])
    ticks = chart.plot.getAxis("left")._tickLevels[0]
    assert ticks[-2:] == [(GRADE_STRIP_Y + 0.5, "Gradient %"), (CADENCE_STRIP_Y + 0.5, "Cadence")]
    table = view.segment_table
    assert table.isVisible()
    assert table.rows()[:3] == [
        ("Warm-up", "450 m", "11:07 /km", "+0.3 %", "10%", "112 spm", "118 bpm"),
        ("Run 1 of 4", "468 m", "6:25 /km", "−5.5 % (downhill)", "85%", "156 spm", "152 bpm"),
        ("Walk 1 of 3", "135 m", "11:07 /km", "+0.3 %", "10%", "112 spm", "118 bpm"),
    ]
    assert ("Recording", "Run 1 of 4", "gradient -5.5 %, cadence 156 spm") in chart.rows


def test_a_run_without_a_recording_has_no_strips_and_no_table(view: HistoryView) -> None:
    view.select_run(11)
    assert view.select_run(2)  # W1R2: no recording
    assert (view.timeline.metrics, view.timeline.strip_labels) == ((), [])
    assert view.timeline.plot.getAxis("left")._tickLevels is None
    assert not view.segment_table.isVisible()


def test_figures_a_recording_lacks_are_shown_as_a_dash() -> None:
    short = SegmentMetrics(0, SegmentKind.WARMUP, 0.4)
    planned = resolve_programme("nhs-c25k").workout(1, 1).segments
    assert metric_cells(planned, short) == ("Warm-up", "–", "–", "–", "–", "–", "–")
    uphill = SegmentMetrics(1, SegmentKind.RUN, 1.0, grade_percent=4.0)
    assert metric_cells(planned, uphill)[:4] == ("Run 1 of 8", "–", "–", "+4.0 % (uphill)")


def test_across_runs_shows_pain_against_measured_gradient_and_cadence(view: HistoryView) -> None:
    view.chart_tabs.setCurrentIndex(1)
    across = view.across
    assert [(g.label, g.runs, g.runs_with_pain, g.mean_worst) for g in across.slope.groups] == [
        ("downhill", 6, 4, 6.0),
        ("flat", 12, 7, 3.0),
    ]
    assert len(across.cadence.points) == 33  # every measured run segment of weeks 4 to 9
    assert view.measured_words.isVisible()
    said = {f.kind: f.text for f in findings(view.runs)}
    assert view.measured_words.text() == f"{said[K.TERRAIN_SEGMENTS]} {said[K.CADENCE]}"
    assert said[K.TERRAIN_SEGMENTS] == (
        "Pain marks came in downhill run segments (−4 % and steeper) in 4 of 6 runs that had "
        "one; in the other run segments in 7 of 12 runs that had one (measured by a watch or "
        "phone)."
    )
    assert said[K.CADENCE] == (
        "Your cadence in run segments was 156 steps a minute (the median, from 18 runs "
        "measured by a watch or phone)."
    )
    assert said[K.TERRAIN_SEGMENTS] in view.findings.text()  # the findings list says them too


def test_without_recordings_the_measured_charts_stay_hidden(
    qtbot: QtBot, story: list[RunRecord]
) -> None:
    widget = HistoryView()
    qtbot.addWidget(widget)
    widget.show()
    widget.set_runs([replace(run, measured=None) for run in story])
    widget.chart_tabs.setCurrentIndex(1)
    assert not widget.across.slope.widget.isVisible()
    assert not widget.measured_words.isVisible()
