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


def test_band_fills_colour_each_band_by_its_kind_and_whether_it_was_skipped() -> None:
    """Each band its kind's colour (paler where skipped) and, over it, its texture in the ink
    that reads on that colour: hatched where skipped, none on runs. Bands of one kind get
    colours of their own (the History tab and the PDF may change one without the others)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor

    from couchtimer.charts.timeline_figure import band_fills
    from couchtimer.core.programme import SegmentKind

    w, r, k, c = SegmentKind.WARMUP, SegmentKind.RUN, SegmentKind.WALK, SegmentKind.COOLDOWN
    bands = [
        chartdata.Band(w, 0.0, 60.0, 0),
        chartdata.Band(r, 60.0, 180.0, 1),
        chartdata.Band(k, 180.0, 240.0, 2, skipped=True),
        chartdata.Band(r, 240.0, 360.0, 3),
        chartdata.Band(c, 360.0, 420.0, 4),
    ]
    fills, textures = band_fills(bands, dark=False)
    argb = QColor.NameFormat.HexArgb
    assert [f.name(argb) for f in fills.fills] == [
        "#6e009e73",
        "#6ed55e00",
        "#3c56b4e9",
        "#6ed55e00",
        "#6e0072b2",
    ]
    assert [t.name(argb) for t in textures.fills] == [
        "#32000000",
        "#00000000",
        "#8c000000",
        "#00000000",
        "#32ffffff",
    ]
    style = Qt.BrushStyle
    assert textures.patterns == (
        style.BDiagPattern,  # warm-up
        style.SolidPattern,  # run: no texture (alpha 0)
        style.BDiagPattern,  # a walk skipped: hatched, not its own Dense6Pattern
        style.SolidPattern,
        style.FDiagPattern,  # cool-down
    )
    assert fills.fills[1] is not fills.fills[3]
    assert textures.fills[1] is not textures.fills[3]
    dark_fills, _ = band_fills(bands, dark=True)
    assert [f.name() for f in dark_fills.fills] == [
        "#19b38a",
        "#d55e00",
        "#56b4e9",
        "#d55e00",
        "#3d97d3",
    ]


def test_the_hidden_axes_do_not_write_their_titles_again_when_a_run_is_shown(
    qtbot: QtBot,
    runs: list,  # type: ignore[type-arg]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The plot's top and right axes are never shown, but follow its range: with SI prefixes
    on, each range change laid their titles out again as HTML (six times per run shown)."""
    chart = TimelineChart()
    qtbot.addWidget(chart.widget)
    written: list[str] = []
    for name in ("top", "right"):
        axis = chart.plot.getAxis(name)
        assert not axis.isVisible()
        monkeypatch.setattr(axis, "_updateLabel", lambda name=name: written.append(name))
    chart.set_run(runs[-1])
    chart.set_run(runs[0])
    assert written == []
    assert chart.plot.getAxis("left").labelText == "Pain (0-10)"
