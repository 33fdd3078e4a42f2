"""The History tab as the app opens it (issue 19, item 3): the list loads each run's own row
only, reads a page of runs whole when one of its rows is shown or selected and every run before
anything across runs, and works each analysis out once for all its tabs. None of that may change
what it shows: each cell, tip and chart is compared with a view given every run complete, on a
real history file with and without recordings. The pages here are 5 rows (the app's are 64:
more than a screen, and more than the story's 27 runs)."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen
from pytestqt.qtbot import QtBot

from couchtimer.charts.timeline import TimelineChart
from couchtimer.core.demo import seed_metrics
from couchtimer.core.history import RunRecord
from couchtimer.core.pain import Region
from couchtimer.store import HistoryStore
from couchtimer.ui import history_view
from couchtimer.ui.history_runs import COLUMNS, SPARK_COLUMN
from couchtimer.ui.history_tab import HistoryTab
from couchtimer.ui.history_view import ACROSS_TAB, ADVICE_TAB, HistoryView
from tests.helpers.histories import ATTACHED, story_file

W4R2 = 11  # run 2 of week 4: down the long hill (seed_metrics), with back pain
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.TextAlignmentRole,
)


@pytest.fixture(params=[True, False], ids=["with recordings", "without"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(story_file(tmp_path, request.param), backups=False) as opened:
        yield opened


PAGE = 5  # rows read whole at a time here


@pytest.fixture
def said() -> list[str]:
    """What the tab said in the status bar."""
    return []


@pytest.fixture(autouse=True)
def pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs read whole ``PAGE`` rows at a time."""
    monkeypatch.setattr(history_view, "PAGE", PAGE)


def history_tab(qtbot: QtBot, store: HistoryStore, said: list[str]) -> HistoryTab:
    """The tab as the window makes it, showing the file's runs (loaded as the app loads them),
    with rows tall enough that a third of the runs fit on the screen (the rest of the list is
    read as it is shown, or for what needs every run)."""
    widget = HistoryTab(
        lambda: store,
        lambda: None,
        lambda: ATTACHED,
        lambda _title, _text: None,
        lambda text, _ms: said.append(text),
        lambda: True,
    )
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.refresh()
    view_of(widget).table.verticalHeader().setDefaultSectionSize(100)
    return widget


@pytest.fixture
def tab(qtbot: QtBot, store: HistoryStore, said: list[str]) -> HistoryTab:
    """The tab once the event loop has drawn it: the pages of the rows on screen read."""
    widget = history_tab(qtbot, store, said)
    view_of(widget).grab()
    assert whole(view_of(widget)) == list(range(2 * PAGE))
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


def whole(view: HistoryView) -> list[int]:
    """The rows whose runs have been read whole."""
    model = view.model
    return [row for row, run in enumerate(model.runs) if run.id not in model.incomplete]


def on_screen(view: HistoryView) -> list[int]:
    table, model = view.table, view.model
    return [
        row
        for row in range(model.rowCount())
        if table.visualRect(model.index(row, SPARK_COLUMN)).intersects(table.viewport().rect())
    ]


def pages_of(rows: list[int]) -> list[int]:
    """The rows of the pages that hold ``rows``."""
    firsts = {row - row % PAGE for row in rows}
    return sorted(first + step for first in firsts for step in range(PAGE) if first + step < 27)


def test_the_list_reads_runs_whole_only_for_the_rows_it_shows(
    qtbot: QtBot, store: HistoryStore, said: list[str]
) -> None:
    view = view_of(history_tab(qtbot, store, said))
    shown = view.selected
    assert shown is not None
    assert shown.code == "W9R3"  # the newest run, selected: its page read whole
    assert (shown.measured is not None) == bool(view.recorded)
    assert whole(view) == list(range(PAGE))
    view.grab()  # painted: the pages of the rows on screen read whole, and no other
    top = on_screen(view)
    view.table.scrollToBottom()
    view.grab()
    bottom = on_screen(view)
    assert (top[0], bottom[-1]) == (0, 26)
    assert len(top) == len(bottom) < 10  # (a third of the list: the rest scrolled away)
    assert whole(view) == pages_of(top + bottom)
    by_id = {run.id: run for run in store.load_runs()}
    light = [row for row in range(27) if row not in whole(view)]
    assert light  # the rows scrolled past: each run's own row only
    for row, run in enumerate(view.model.runs):
        if row in light:
            assert (run.segments, run.marks, run.report, run.measured) == ((), (), None, None)
            assert (run.started_at, run.planned) == (
                by_id[run.id].started_at,
                by_id[run.id].planned,
            )
        else:
            assert run == by_id[run.id]
    asked = light[0]
    assert view.model.data(view.model.index(asked, 0), Qt.ItemDataRole.ToolTipRole)
    assert whole(view) == pages_of([*top, *bottom, asked])  # a row asked for: its page read
    view.chart_tabs.setCurrentIndex(ACROSS_TAB)  # every run, before anything across runs
    assert whole(view) == list(range(27))
    assert view.model.runs == [by_id[run.id] for run in view.model.runs]


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


def test_hints_opened_first_show_what_complete_runs_show(
    tab: HistoryTab, complete: HistoryView
) -> None:
    """The Hints tab works out the findings of every run, before Across runs is ever shown."""
    view = view_of(tab)
    for widget in (view, complete):
        widget.chart_tabs.setCurrentIndex(ADVICE_TAB)
    assert whole(view) == list(range(27))
    assert view.advice_words.text() == complete.advice_words.text()
    assert view.findings.text() == complete.findings.text()


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


def test_a_body_area_chosen_reads_every_run_whole_first(
    tab: HistoryTab, complete: HistoryView
) -> None:
    """The body areas of a run are in its marks and report, which the list reads later."""
    view = view_of(tab)
    for widget in (view, complete):
        widget.set_filters(region=Region.LOWER_BACK)
    assert whole(view) == list(range(11))
    assert view.count.text() == complete.count.text() == "11 of 27 runs"
    assert cells(view) == cells(complete)


def unreadable_row(tab: HistoryTab, row: int) -> None:
    """Nothing of a run that could not be read whole is shown, selected or handed on."""
    view = view_of(tab)
    model = view.model
    assert [model.data(model.index(row, c)) for c in range(5)] == ["", "", "", "", None]
    others = (
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.UserRole,
    )
    assert [model.data(model.index(row, c), role) for c in range(5) for role in others] == [
        None
    ] * 15
    assert view.selected is None
    assert tab.selected_run is None
    assert tab.report_button is not None
    assert not tab.report_button.isEnabled()
    assert view.run_words.text() == ""


def test_runs_gone_from_the_file_have_the_list_read_again(
    store: HistoryStore, said: list[str], qtbot: QtBot
) -> None:
    """Another process replaced runs (``couchtimer import`` of an unsaved run): a run on a page
    not read yet is no longer there, so History reads the file again and shows what it holds."""
    tab = history_tab(qtbot, store, said)  # not painted yet: one page read
    view = view_of(tab)
    assert whole(view) == list(range(PAGE))
    with sqlite3.connect(store.path) as other:
        other.execute("DELETE FROM runs WHERE id = ?", (W4R2,))
    other.close()
    assert view.model.rowCount() == 27
    assert view.select_run(W4R2)  # listed still: its page is read, without it
    unreadable_row(tab, 27 - W4R2)
    assert whole(view) == [*range(PAGE), 15, 17, 18, 19]  # the others of its page
    qtbot.waitUntil(lambda: view.model.rowCount() == 26, timeout=2000)
    assert view.count.text() == "26 of 26 runs"
    assert W4R2 not in [run.id for run in view.model.runs]
    assert view.selected is not None
    assert view.selected.code == "W9R3"
    assert said == []


def test_runs_gone_found_by_across_runs_are_read_again_before_anything_is_worked_out(
    store: HistoryStore, said: list[str], qtbot: QtBot
) -> None:
    tab = history_tab(qtbot, store, said)
    view = view_of(tab)
    with sqlite3.connect(store.path) as other:
        other.execute("DELETE FROM runs WHERE id = ?", (W4R2,))
    other.close()
    view.chart_tabs.setCurrentIndex(ACROSS_TAB)  # every run whole first: one is gone
    assert view.shared.computed["findings"] == 0
    qtbot.waitUntil(lambda: view.model.rowCount() == 26, timeout=2000)
    assert view.shared.computed["findings"] == 1  # worked out once, from the runs read again
    assert view.findings.text().startswith("<b>What these runs show</b>")
    assert whole(view) == list(range(26))


def test_a_run_id_given_to_another_run_has_the_list_read_again(
    store: HistoryStore, said: list[str], qtbot: QtBot
) -> None:
    """Without AUTOINCREMENT, SQLite gives a new run the id of the last one deleted: the run
    read whole is not the one listed, so the file is read again."""
    tab = history_tab(qtbot, store, said)
    view = view_of(tab)
    listed = view.model.runs[27 - W4R2]
    with sqlite3.connect(store.path) as other:
        other.execute("UPDATE runs SET uuid = 'another' WHERE id = ?", (W4R2,))
    other.close()
    assert view.select_run(W4R2)
    unreadable_row(tab, 27 - W4R2)
    qtbot.waitUntil(lambda: view.model.runs[27 - W4R2].uuid == "another", timeout=2000)
    assert view.model.runs[27 - W4R2] != listed
    assert view.model.rowCount() == 27
    assert said == []


def test_a_file_unlike_its_list_twice_at_once_shows_no_runs_and_says_why(
    store: HistoryStore, said: list[str], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read again, the newest run is still not there: no runs, rather than reading forever."""
    from couchtimer.store import listing

    read = listing.complete_runs

    def without_the_newest(opened: HistoryStore, run_ids: list[int]) -> list[RunRecord]:
        return [run for run in read(opened, run_ids) if run.id != 27]

    monkeypatch.setattr(listing, "complete_runs", without_the_newest)
    tab = history_tab(qtbot, store, said)
    view = view_of(tab)
    unreadable_row(tab, 0)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=2000)
    qtbot.wait(50)  # (no more reading)
    assert view.model.rowCount() == 0
    assert said == [
        f"The history file {store.path} changed while History read it. "
        "Open History again to read it."
    ]


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        ("DROP TABLE marks", "no such table: marks"),
        ("UPDATE segments SET kind = 'sprint' WHERE run_id = 11",
         "'sprint' is not a segment kind; expected one of warmup, run, walk, cooldown"),
    ],
    ids=["a table gone", "a value no run can have"],
)  # fmt: skip
def test_a_file_that_cannot_be_read_later_shows_no_runs_and_says_why(
    store: HistoryStore, said: list[str], qtbot: QtBot, damage: str, says: str
) -> None:
    """As when the first reading fails: no runs, and the status bar says why; meanwhile the
    run that could not be read is not shown, selected or handed on."""
    tab = history_tab(qtbot, store, said)  # not painted yet: one page read
    view = view_of(tab)
    assert whole(view) == list(range(PAGE))
    with store.transaction() as conn:
        conn.execute(damage)
    assert view.select_run(W4R2)
    unreadable_row(tab, 27 - W4R2)
    view.chart_tabs.setCurrentIndex(ACROSS_TAB)  # nothing worked out from runs not read
    assert view.shared.computed["findings"] == 0
    assert view.findings.text() == ""
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=2000)
    assert view.pages.currentWidget() is view.empty
    assert said == [f"The history file {store.path} cannot be used: {says}."]
