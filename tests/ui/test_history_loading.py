"""The History tab as the app opens it (issue 19, item 3): the list loads the runs without what
their recordings measured, reads a run's figures when it is selected and every run's before
anything across runs, and works each analysis out once for all its tabs. None of that may change
what it shows: each cell, tip and chart is compared with a view given every run complete, on a
real history file with and without recordings."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen
from pytestqt.qtbot import QtBot

from couchtimer.charts.timeline import TimelineChart
from couchtimer.core.demo import seed_metrics, seed_story
from couchtimer.core.history import RunRecord
from couchtimer.core.pain import Region
from couchtimer.core.track import Alignment, AlignMethod, Altitude, Track, TrackPoint
from couchtimer.programmes import resolve_programme
from couchtimer.store import HistoryStore
from couchtimer.store.rows import insert_run
from couchtimer.store.tracks import save_track
from couchtimer.ui.history_runs import COLUMNS, SPARK_COLUMN
from couchtimer.ui.history_tab import HistoryTab
from couchtimer.ui.history_view import ACROSS_TAB, ADVICE_TAB, HistoryView

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
ATTACHED = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
W4R2 = 11  # run 2 of week 4: down the long hill (seed_metrics), with back pain
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.TextAlignmentRole,
)


def story_file(folder: Path, recordings: bool) -> Path:
    """The seed story (27 runs of the NHS plan, back pain from week 4) in a real history file;
    with ``recordings``, a watch on every run from week 4 (``seed_metrics``' figures)."""
    db = folder / "history.db"
    runs = seed_story(resolve_programme("nhs-c25k"), START, fixed_after="W7R2")
    with HistoryStore.open(db, backups=False) as store:
        with store.transaction() as conn:
            ids = [insert_run(conn, replace(run, id=0)) for run in runs]
        assert ids == [run.id for run in runs]
        if recordings:
            for run in runs[9:]:  # weeks 4 to 9
                samples = (TrackPoint(run.started_at, 0.0), TrackPoint(run.started_at, 1.0))
                samples = (samples[0], replace(samples[1], time=run.ended_at or run.started_at))
                track = Track("fit", "test watch", Altitude.BAROMETRIC, samples)
                alignment = Alignment(0.0, AlignMethod.UTC, 1.0)
                save_track(store, run.id, track, alignment, seed_metrics(run), "w.fit", ATTACHED)
    return db


@pytest.fixture(params=[True, False], ids=["with recordings", "without"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(story_file(tmp_path, request.param), backups=False) as opened:
        yield opened


@pytest.fixture
def tab(qtbot: QtBot, store: HistoryStore) -> HistoryTab:
    """The tab as the window makes it, showing the file's runs (loaded as the app loads them)."""
    widget = HistoryTab(
        lambda: store,
        lambda: None,
        lambda: ATTACHED,
        lambda _title, _text: None,
        lambda _text, _ms: None,
        lambda: True,
    )
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.refresh()
    return widget


@pytest.fixture
def complete(qtbot: QtBot, store: HistoryStore) -> HistoryView:
    """The same runs given complete (``load_runs()``: every run with its figures)."""
    widget = HistoryView()
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.set_runs(store.load_runs(), store.advice_log())
    return widget


def view_of(tab: HistoryTab) -> HistoryView:
    assert tab.view is not None
    return tab.view


def cells(view: HistoryView) -> list[list[object]]:
    model = view.model
    return [
        [model.data(model.index(row, column), role) for column in range(5) for role in ROLES]
        for row in range(model.rowCount())
    ]


def test_the_list_shows_every_cell_as_from_complete_runs(
    tab: HistoryTab, complete: HistoryView, store: HistoryStore
) -> None:
    view = view_of(tab)
    assert view.model.rowCount() == 27
    assert view.count.text() == "27 of 27 runs"
    assert cells(view) == cells(complete)
    recorded = bool(view.recorded)
    newest, w4r2 = view.model.index(0, 0), view.model.index(27 - W4R2, 0)
    assert [view.model.data(newest.siblingAtColumn(c)) for c in range(4)] == [
        "17 Apr 2026",
        "Week 9, run 3",
        "Completed, recorded" if recorded else "Completed",
        "0/10",
    ]
    assert [view.model.data(w4r2.siblingAtColumn(c)) for c in range(4)] == [
        "20 Mar 2026",
        "Week 4, run 2",
        "Completed, recorded" if recorded else "Completed",
        "6/10",
    ]
    assert [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == list(COLUMNS)
    assert view.recorded == (frozenset(range(10, 28)) if recorded else frozenset())
    assert view.run_words.text() == complete.run_words.text()


def test_the_list_reads_no_recordings_figures_until_a_run_is_shown(tab: HistoryTab) -> None:
    view = view_of(tab)
    shown = view.selected
    assert shown is not None
    assert shown.code == "W9R3"  # the newest run, selected
    assert (shown.measured is not None) == bool(view.recorded)
    assert all(run.measured is None for run in view.model.runs if run is not shown)


def test_a_selected_recorded_run_shows_all_its_figures(
    tab: HistoryTab, complete: HistoryView, qtbot: QtBot
) -> None:
    view = view_of(tab)
    with qtbot.waitSignal(view.run_selected) as selected:
        assert view.select_run(W4R2)
    run = selected.args[0]
    assert isinstance(run, RunRecord)
    assert tab.selected_run is run is view.selected
    assert view.model.runs[27 - W4R2] is run
    complete.select_run(W4R2)
    if view.recorded:
        assert run.measured is not None
        assert run.measured.segments == seed_metrics(run)  # every segment, walks too
        assert len(view.segment_table.rows()) == 9
        assert view.segment_table.rows()[1] == (
            "Run 1 of 4", "468 m", "6:25 /km", "−5.5 % (downhill)", "85%", "156 spm", "152 bpm",
        )  # fmt: skip
        assert view.nudge.isVisibleTo(view)
    else:
        assert run.measured is None
        assert view.segment_table.rows() == []
    assert view.timeline.metrics == complete.timeline.metrics
    assert view.timeline.strip_slopes == complete.timeline.strip_slopes
    assert view.timeline.rows == complete.timeline.rows
    assert view.segment_table.rows() == complete.segment_table.rows()
    assert view.run_words.text() == complete.run_words.text()


def test_across_runs_and_hints_show_what_complete_runs_show(
    tab: HistoryTab, complete: HistoryView
) -> None:
    view = view_of(tab)
    for widget in (view, complete):
        widget.chart_tabs.setCurrentIndex(ACROSS_TAB)
    assert all(run.measured is not None for run in view.all_runs if run.id in view.recorded)
    assert view.findings.text() == complete.findings.text()
    assert view.measured_words.text() == complete.measured_words.text()
    assert view.measured_words.isVisible() == bool(view.recorded)
    for ours, theirs in zip(view.across.charts, complete.across.charts, strict=True):
        assert (ours.title, ours.headers, ours.rows) == (theirs.title, theirs.headers, theirs.rows)
    if view.recorded:
        assert [(g.label, g.runs, g.runs_with_pain) for g in view.across.slope.groups] == [
            ("downhill", 6, 4),
            ("flat", 12, 7),
        ]
    for widget in (view, complete):
        widget.chart_tabs.setCurrentIndex(ADVICE_TAB)
    assert view.advice_words.text() == complete.advice_words.text()


def test_the_analysis_is_worked_out_once_for_every_tab(complete: HistoryView) -> None:
    view = complete
    shared = view.shared
    view.grab()  # the list paints its sparklines, This run its chart
    painted = shared.computed["spans"]
    table, model = view.table, view.model
    on_screen = [
        row
        for row in range(model.rowCount())
        if table.visualRect(model.index(row, SPARK_COLUMN)).intersects(table.viewport().rect())
    ]
    assert painted == len(on_screen) > 0  # one run's spans per sparkline painted, never twice
    newest = view.model.runs[0]
    assert view.selected is newest
    assert shared.computed["timeline"] == 1  # This run's chart: the selected run's timeline
    view.select_run(view.model.runs[1].id)  # on screen: its sparkline was painted
    view.grab()
    assert (shared.computed["spans"], shared.computed["timeline"]) == (painted, 2)
    view.select_run(newest.id)  # its timeline is kept
    view.grab()
    assert (shared.computed["spans"], shared.computed["timeline"]) == (painted, 2)
    assert (shared.computed["findings"], shared.computed["advice"]) == (0, 0)

    view.chart_tabs.setCurrentIndex(ACROSS_TAB)  # findings words and the measured words
    view.chart_tabs.setCurrentIndex(ADVICE_TAB)  # the hints read the same findings
    view.chart_tabs.setCurrentIndex(ACROSS_TAB)
    view.chart_tabs.setCurrentIndex(ADVICE_TAB)
    assert (shared.computed["findings"], shared.computed["advice"]) == (1, 1)

    view.set_filters(region=Region.LOWER_BACK)  # other runs shown: their findings, once
    view.chart_tabs.setCurrentIndex(ACROSS_TAB)
    assert (shared.computed["findings"], shared.computed["advice"]) == (2, 1)
    assert view.count.text() == "11 of 27 runs"

    view.cleared_at = ATTACHED  # the suggestion depends on it: worked out again
    view.chart_tabs.setCurrentIndex(ADVICE_TAB)
    assert shared.computed["advice"] == 2


def test_history_reads_through_the_files_connection_without_opening_it_again(
    tab: HistoryTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file's integrity check runs when the app opens it, at start-up, before anything is
    written; History, its charts and a run's figures all read through that connection."""

    def opened_again(*_args: object, **_kwargs: object) -> HistoryStore:
        raise AssertionError("History opened the history file again")

    monkeypatch.setattr(HistoryStore, "open", opened_again)
    tab.refresh()
    view = view_of(tab)
    assert view.select_run(W4R2)
    view.chart_tabs.setCurrentIndex(ACROSS_TAB)
    assert view.model.rowCount() == 27


def chart_colours(chart: TimelineChart) -> list[object]:
    """Every colour and pattern the timeline's items are drawn with (the strips' where the
    run has them: otherwise they have no width)."""

    def named(brush: QBrush | QPen) -> tuple[str, object]:
        return brush.color().name(QColor.NameFormat.HexArgb), brush.style()

    bars = [chart.bands, chart.textures]
    bars += [chart.grade_strip, chart.cadence_strip] if chart.strip_slopes else []
    found: list[object] = [
        [named(b) for b in item.opts["brushes"] or [item.opts["brush"]] if b is not None]
        for item in bars
    ]
    for item in (chart.marks, chart.unrated, *chart.report.values()):
        found += [named(item.opts["brush"]), named(item.opts["pen"])]
    labels = [*chart.report_labels.values(), *chart.strip_labels]
    found += [label.color.name() for label in labels]
    found += [named(line.pen) for line in (*chart.thresholds, chart.divider)]
    return found


def test_a_run_shown_after_others_is_coloured_as_when_shown_first(
    complete: HistoryView, store: HistoryStore, qtbot: QtBot
) -> None:
    """Showing another run recolours only what changes with the run (bands, strips): after
    W4R2 (recorded, hilly) and W1R2, each is coloured as when shown first."""
    for run_id in (W4R2, 2, W4R2):
        assert complete.select_run(run_id)
    for run_id in (2, W4R2):
        fresh = HistoryView()
        qtbot.addWidget(fresh)
        fresh.set_runs(store.load_runs(), store.advice_log())
        assert fresh.select_run(run_id)
        assert complete.select_run(run_id)
        assert chart_colours(complete.timeline) == chart_colours(fresh.timeline)


def test_loading_pauses_the_cycle_collector_until_the_event_loop_has_run(
    tab: HistoryTab, qtbot: QtBot
) -> None:
    """The runs and what the view makes of them live while the tab shows them: the cyclic
    collector is paused while they are loaded and handed over, and is back once the event loop
    has run (the frame drawn); where something else had paused it, it stays paused."""
    qtbot.wait(1)
    assert gc.isenabled()
    tab.refresh()
    assert not gc.isenabled()
    assert view_of(tab).model.rowCount() == 27
    qtbot.waitUntil(gc.isenabled, timeout=2000)
    gc.disable()
    try:
        tab.refresh()
        qtbot.wait(1)
        assert not gc.isenabled()
    finally:
        gc.enable()
