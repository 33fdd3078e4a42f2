"""One rule for what each chart shows: the History tab's pyqtgraph charts draw the points,
ranges and ticks of ``charts/figures.py``, the same figures the PDF paints."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from couchtimer.charts import figures
from couchtimer.charts.across import AcrossRuns
from couchtimer.charts.figures import Bars, Marks
from couchtimer.charts.timeline import TimelineChart
from couchtimer.charts.timeline_figure import timeline, x_range
from couchtimer.core import analysis, chartdata
from couchtimer.core.demo import seed_story, with_seed_recordings
from couchtimer.programmes import resolve_programme

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def runs() -> list:  # type: ignore[type-arg]
    story = seed_story(resolve_programme("nhs-c25k"), START, fixed_after="W7R2")
    return analysis.in_date_order(with_seed_recordings(story, from_week=4))


def test_across_runs_charts_draw_the_figures(qtbot: QtBot, runs: list) -> None:  # type: ignore[type-arg]
    across = AcrossRuns()
    for chart in (*across.charts, *across.measured_charts):
        qtbot.addWidget(chart.widget)
    across.set_runs(runs)
    points = chartdata.run_points(runs)
    boundaries = analysis.week_boundaries(runs)
    worst = figures.worst(points, boundaries)
    for name, marks in worst.legend:
        assert isinstance(marks, Marks)
        xs, ys = across.worst.series[name].getData()
        assert (list(xs), list(ys)) == (list(marks.xs), list(marks.ys))
    assert across.worst.plot.vb.viewRange()[1] == pytest.approx(list(worst.y_range))
    split = figures.split(points, boundaries)
    walks = [i for i in split.items if isinstance(i, Bars)][1]
    assert list(across.split.walk_bars.opts["height"]) == list(walks.heights)
    assert across.split.plot.vb.viewRange()[0] == pytest.approx(list(split.x_range))
    onset = figures.onset(chartdata.onset_by_week(runs), True)
    medians = [i for i in onset.items if isinstance(i, Marks)][1]
    assert list(across.onset.medians.getData()[1]) == list(medians.ys)
    region = figures.region(runs)
    bars = next(i for i in region.items if isinstance(i, Bars))
    assert list(across.region.bars.opts["height"]) == list(bars.heights)
    cadence = figures.cadence(figures.cadence_points(runs), True)
    marked = next(i for i in cadence.items if isinstance(i, Marks))
    assert list(across.cadence.marked.getData()[0]) == list(marked.xs)


def test_the_timeline_draws_its_figure(qtbot: QtBot, runs: list) -> None:  # type: ignore[type-arg]
    chart = TimelineChart()
    qtbot.addWidget(chart.widget)
    run = next(r for r in runs if r.code == "W7R2")
    metrics = run.measured.segments if run.measured else ()
    chart.set_run(run, metrics)
    figure = timeline(run, metrics, share=chart.share, tall=chart.tall)  # spaced for its size
    line = chartdata.timeline(run)
    assert chart.plot.vb.viewRange()[0] == pytest.approx(list(x_range(line, chart.share)))
    assert chart.plot.vb.viewRange()[1] == pytest.approx(list(figure.y_range))
    bands, textures, grade, cadence = [i for i in figure.items if isinstance(i, Bars)]
    assert list(chart.bands.opts["x0"]) == list(bands.x0s)
    assert [b.color() for b in chart.textures.opts["brushes"]] == list(textures.fills)
    assert [b.color() for b in chart.grade_strip.opts["brushes"]] == list(grade.fills)
    assert chart.cadence_strip.opts["y0"] == cadence.y0s[0]
    marks = next(i for i in figure.items if isinstance(i, Marks) and i.symbol == "o")
    assert list(chart.marks.getData()[0]) == list(marks.xs)
