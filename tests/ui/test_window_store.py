"""The window writes runs to a real SQLite history file and recovers interrupted ones."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from couchtimer.core.history import RunStatus
from couchtimer.core.pain import PainMark
from couchtimer.core.programme import load_programme
from couchtimer.store import HistoryStore
from couchtimer.ui.main_window import MainWindow
from tests.helpers.paths import CUSTOM_PROGRAMME as CUSTOM
from tests.helpers.stubs import Answers, FakeClock
from tests.helpers.windows import make_window, start_run

START = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)


def start_run_in(
    store: HistoryStore, started: datetime = START, programme_id: str = "quick-test"
) -> int:
    """A W1R1 run of the custom programme, begun in ``store`` and left in progress; its id."""
    recorder = store.recorder(lambda: START)
    recorder.start(programme_id, load_programme(CUSTOM).workout(1, 1), started)
    assert recorder.run_id is not None
    return recorder.run_id


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(tmp_path / "data" / "history.db", backups=False) as opened:
        yield opened


def window_on(
    qtbot: QtBot, clock: FakeClock, store: HistoryStore, answers: Answers, tmp_path: Path
) -> MainWindow:
    return make_window(
        qtbot, tmp_path, clock=clock, store=store, ask=answers, now=START,
        programmes=[load_programme(CUSTOM)],
    )  # fmt: skip


def test_a_finished_run_is_in_the_history_file(
    qtbot: QtBot, clock: FakeClock, store: HistoryStore, tmp_path: Path
) -> None:
    """Segments, the pain mark with its intensity and the status all reach the file."""
    window = window_on(qtbot, clock, store, Answers(), tmp_path)
    driver = start_run(window)
    clock.advance(6)
    driver.poll()
    qtbot.keyClick(window.run_screen, Qt.Key.Key_P)
    qtbot.keyClick(window.run_screen, Qt.Key.Key_4)
    clock.advance(30)
    driver.poll()
    qtbot.waitUntil(lambda: window.driver is None)
    (run,) = store.load_runs()
    assert run.status is RunStatus.COMPLETED
    assert run.code == "W1R1"
    assert [s.actual_seconds for s in run.segments] == [4.0, 5.0, 4.0, 5.0, 4.0, 3.0]
    assert run.marks == (PainMark(6000, 1, 4),)
    assert store.completed_workouts("quick-test") == {(1, 1)}
    assert window.today.cells[(1, 1)].text().startswith("▶ ✓ W1R1")


def test_an_interrupted_run_is_offered_back_at_start(
    qtbot: QtBot, clock: FakeClock, tmp_path: Path
) -> None:
    """A run left in progress (the app was killed) is saved as ended early when asked."""
    path = tmp_path / "data" / "history.db"
    programme = load_programme(CUSTOM)
    crashed = HistoryStore.open(path, backups=False)  # the app that was killed mid-run
    recorder = crashed.recorder(lambda: START)
    recorder.start(programme.id, programme.workout(1, 1), START)
    recorder.add_mark(PainMark(1500, 0, 2))
    crashed.close()
    store = HistoryStore.open(path, backups=False)
    answers = Answers()
    window = window_on(qtbot, clock, store, answers, tmp_path)
    window.presenter.startup_checks()
    assert answers.asked == ["A run was interrupted"]
    (run,) = store.load_runs()
    assert run.status is RunStatus.ENDED_EARLY
    assert run.marks == (PainMark(1500, 0, 2),)
    answers.asked.clear()
    window.presenter.startup_checks()
    assert answers.asked == []
    store.close()


def test_after_a_run_the_report_is_asked_and_saved(
    qtbot: QtBot, clock: FakeClock, store: HistoryStore, tmp_path: Path
) -> None:
    """The post-run dialog opens by itself; "No discomfort" is saved and guidance appears."""
    window = window_on(qtbot, clock, store, Answers(), tmp_path)
    driver = start_run(window)
    clock.advance(30)
    driver.poll()
    qtbot.waitUntil(lambda: window.post_run_dialog is not None)
    dialog = window.post_run_dialog
    assert dialog is not None
    assert dialog.isVisible()
    dialog.no_discomfort_button.click()
    qtbot.waitUntil(lambda: window.post_run_dialog is None)
    (run,) = store.load_runs()
    assert run.report is not None
    assert run.report.no_discomfort
    assert window.today.guidance.isVisible()
    assert window.today.guidance.suggestion.text() != ""
    assert "CouchTimer is not medical advice." in window.today.guidance.reason.text()


def test_morning_checkin_is_asked_the_day_after_discomfort(
    qtbot: QtBot, clock: FakeClock, tmp_path: Path
) -> None:
    """A run with a pain mark yesterday: at start the check-in opens; its answer is saved."""
    path = tmp_path / "data" / "history.db"
    programme = load_programme(CUSTOM)
    yesterday = START - timedelta(days=1)
    with HistoryStore.open(path, backups=False) as earlier:
        recorder = earlier.recorder(lambda: yesterday)
        recorder.start(programme.id, programme.workout(1, 1), yesterday)
        recorder.add_mark(PainMark(6000, 1, 5))
        run_id = recorder.run_id
        assert run_id is not None
        earlier.resolve_interrupted(run_id, keep=True)  # kept as ended early
    store = HistoryStore.open(path, backups=False)
    window = window_on(qtbot, clock, store, Answers(), tmp_path)
    window.presenter.startup_checks()
    qtbot.waitUntil(lambda: window.checkin_dialog is not None)
    dialog = window.checkin_dialog
    assert dialog is not None
    assert window.today.reminder_button.isVisible()
    dialog.intensity.setValue(2)
    dialog.stiffness.setValue(3)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: window.checkin_dialog is None)
    (run,) = store.load_runs()
    assert run.checkin is not None
    assert (run.checkin.intensity, run.checkin.stiffness) == (2, 3)
    assert not window.today.reminder_button.isVisible()
    store.close()


def test_red_flag_answers_put_the_programme_on_hold(
    qtbot: QtBot, clock: FakeClock, store: HistoryStore, tmp_path: Path
) -> None:
    """After a yes to a 999 symptom, Today shows the urgent advice and suggests no next run."""
    from couchtimer.core.pain import BodyArea, PainReport, Region, Side

    run_id = start_run_in(store)
    report = PainReport(
        False,
        areas=(BodyArea(Region.LOWER_BACK, Side.BOTH),),
        worst_during=6,
        red_flags_asked=True,
        red_flags_yes=("saddle-numbness",),
    )
    store.save_report(run_id, report)
    window = window_on(qtbot, clock, store, Answers(), tmp_path)
    window.presenter.update_today()
    assert window.today.guidance.isVisible()
    assert window.today.guidance.suggestion.text().startswith("Please do not run again yet")
    assert "999" in window.today.guidance.reason.text()
    assert window.today.next_title.text().startswith("On hold until the urgent advice")


def test_history_tab_shows_the_recorded_runs(
    qtbot: QtBot, clock: FakeClock, store: HistoryStore, tmp_path: Path
) -> None:
    """Opening History (Ctrl+2) builds the view and lists every run in the file."""
    for day in range(3):
        start_run_in(store, START + timedelta(days=day))
    window = window_on(qtbot, clock, store, Answers(), tmp_path)
    assert window.history.view is None
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.history
    assert window.history.view is not None
    assert len(window.history.view.all_runs) == 3


def test_a_report_can_be_added_later_from_history(
    qtbot: QtBot, clock: FakeClock, store: HistoryStore, tmp_path: Path
) -> None:
    """Select a run in History, open its report, say "No discomfort": it is saved to that run."""
    run_id = start_run_in(store)
    window = window_on(qtbot, clock, store, Answers(), tmp_path)
    window.show_tab(1)
    view = window.history.view
    assert view is not None
    view.table.selectRow(0)  # the latest run is selected on opening anyway
    assert window.history.selected_run is not None
    assert window.history.selected_run.id == run_id
    button = window.history.report_button
    assert button is not None
    assert button.isEnabled()
    button.click()
    dialog = window.post_run_dialog
    assert dialog is not None
    dialog.no_discomfort_button.click()
    qtbot.waitUntil(lambda: window.post_run_dialog is None)
    report = store.load_run(run_id).report
    assert report is not None
    assert report.no_discomfort


def test_a_run_finished_while_the_file_is_locked_is_saved_later(
    qtbot: QtBot, clock: FakeClock, store: HistoryStore, tmp_path: Path
) -> None:
    """Another program holds the file at the finish: Today says so, and it is written later."""
    import sqlite3

    window = window_on(qtbot, clock, store, Answers(), tmp_path)
    driver = start_run(window)
    blocker = sqlite3.connect(store.path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        clock.advance(30)
        driver.poll()
        qtbot.waitUntil(lambda: window.driver is None)
        assert window.today.notice.text().startswith("The last run is not saved yet:")
        assert window._save_timer.isActive()
    finally:
        blocker.rollback()
        blocker.close()
    window.presenter.keep_saving()  # what the 2 s timer does
    assert window.today.notice.text() == "The last run is now saved in your history."
    assert not window._save_timer.isActive()
    (run,) = store.load_runs()
    assert run.status is RunStatus.COMPLETED
    assert len(run.segments) == 6


def test_red_flags_hold_across_programmes_until_seen(
    qtbot: QtBot, clock: FakeClock, store: HistoryStore, tmp_path: Path
) -> None:
    """A red flag from another programme holds this one too; "seen by a doctor" releases it."""
    from couchtimer.core.pain import BodyArea, PainReport, Region, Side

    run_id = start_run_in(store, START - timedelta(days=1), "another-plan")
    store.save_report(
        run_id,
        PainReport(
            False,
            areas=(BodyArea(Region.LOWER_BACK, Side.CENTRE),),
            red_flags_asked=True,
            red_flags_yes=("fever",),
        ),
    )
    answers = Answers()
    window = window_on(qtbot, clock, store, answers, tmp_path)
    window.presenter.update_today()
    assert window.today.on_hold
    assert window.today.guidance.seen_button.isVisible()
    assert "111" in window.today.guidance.reason.text()
    answers.reply = False  # starting is asked about, and "no" starts nothing
    window.today.start_button.click()
    assert window.driver is None
    assert answers.asked[-1] == "Urgent advice first"
    answers.reply = True
    window.today.guidance.seen_button.click()
    assert answers.asked[-1] == "Seen by a doctor or physio?"
    from couchtimer.store.facts import red_flags_cleared_at

    assert red_flags_cleared_at(store) == START  # kept in the history file
    assert not window.today.on_hold
    assert not window.today.guidance.seen_button.isVisible()
