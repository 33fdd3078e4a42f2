"""Today's Next, Start button, guidance, "which week are you in?" and a report still to describe
(issue 12, defects 3, 4, 10, 11), on a real history file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from couchtimer.core.history import RunRecord
from couchtimer.programmes import resolve_programme
from couchtimer.settings_file import start_week
from couchtimer.store import HistoryStore
from couchtimer.store.rows import insert_run
from couchtimer.ui.main_window import MainWindow
from tests.helpers import runs
from tests.helpers.stubs import Answers, FakeClock
from tests.helpers.windows import make_window

C25K = resolve_programme("nhs-c25k")
START = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


def c25k_run(day: int, week: int, run: int, pain: int = 0, **given: Any) -> RunRecord:
    """A C25K run ``day`` days after START (``runs.c25k_run`` says the rest)."""
    return runs.c25k_run(day, START + timedelta(days=day), week, run, pain, **given)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(tmp_path / "data" / "history.db", backups=False) as opened:
        yield opened


def open_window(
    qtbot: QtBot, store: HistoryStore, tmp_path: Path, runs: list[RunRecord], answers: Answers
) -> MainWindow:
    with store.transaction() as conn:
        for record in runs:
            insert_run(conn, record)
    clock = FakeClock()
    window = make_window(
        qtbot,
        tmp_path,
        active=False,
        clock=clock,
        programmes=[C25K],
        utc_now=lambda: START + timedelta(days=30, seconds=clock.monotonic()),
        ask=answers,
        store=store,
        recorder_factory=lambda: store.recorder(lambda: START + timedelta(days=30)),
    )
    window.presenter.startup_checks(ask_checkin=False)
    return window


def shown(window: MainWindow) -> tuple[str, str, str]:
    today = window.today
    return (today.next_title.text(), today.start_button.text(), today.guidance.suggestion.text())


def test_next_follows_a_runner_who_started_in_week_4(
    qtbot: QtBot, store: HistoryStore, tmp_path: Path
) -> None:
    runs = [c25k_run(1, 4, 1), c25k_run(3, 4, 2), c25k_run(5, 4, 3)]
    window = open_window(qtbot, store, tmp_path, runs, Answers())
    assert shown(window) == ("Next: week 5, run 1", "Start week 5, run 1", "Go on to W5R1.")
    assert window.today.week_row.isHidden()  # runs are recorded: nothing to ask


def test_a_new_runner_says_which_week_they_are_in(
    qtbot: QtBot, store: HistoryStore, tmp_path: Path
) -> None:
    window = open_window(qtbot, store, tmp_path, [], Answers())
    assert window.today.week_row.isVisible()
    assert shown(window)[1] == "Start week 1, run 1"
    window.today.week_box.setValue(4)
    assert shown(window) == (
        "Next: week 4, run 1",
        "Start week 4, run 1",
        "Start with W4R1 when you are ready.",
    )
    assert start_week("nhs-c25k", tmp_path / "settings.ini") == 4  # the CLI reads it too
    again = open_window(qtbot, store, tmp_path, [], Answers())  # asked once: remembered
    assert again.today.week_box.value() == 4
    assert shown(again)[1] == "Start week 4, run 1"


def test_the_week_question_follows_the_programme_in_the_tab_order(
    qtbot: QtBot, store: HistoryStore, tmp_path: Path
) -> None:
    """Made only when it is asked (after the first frame), the start-week box still comes next
    after the programme when Tab is pressed, and Start after it, as when the page held it from
    the start; once runs are recorded it is gone from the order again."""
    window = open_window(qtbot, store, tmp_path, [], Answers())
    window.show()
    today = window.today
    assert tab_order_after(today.programme_box, 4) == [
        "start_week", "qt_spinbox_lineedit", "start_button", "run_grid",
    ]  # fmt: skip
    today.ask_start_week(None)
    assert tab_order_after(today.programme_box, 2) == ["start_button", "run_grid"]


def tab_order_after(widget: QWidget, count: int) -> list[str]:
    """The names of the next ``count`` shown widgets Tab reaches after ``widget``."""
    names: list[str] = []
    here = widget.nextInFocusChain()
    while len(names) < count and here is not widget:
        if here.focusPolicy() & Qt.FocusPolicy.TabFocus and here.isVisible():
            names.append(here.objectName())
        here = here.nextInFocusChain()
    return names


def test_the_start_button_agrees_with_repeat_and_step_back(
    qtbot: QtBot, store: HistoryStore, tmp_path: Path
) -> None:
    window = open_window(
        qtbot, store, tmp_path, [c25k_run(1, 4, 1, 3), c25k_run(3, 4, 2, 4)], Answers()
    )
    assert shown(window) == (
        "Next: week 3, run 1",
        "Start week 3, run 1",
        "Step back a week: go back to week 3 for your next runs.",
    )


def test_start_anyway_after_red_flags_says_999_and_starts_the_run_shown(
    qtbot: QtBot, store: HistoryStore, tmp_path: Path
) -> None:
    answers = Answers()
    runs = [c25k_run(1, 4, 1), c25k_run(3, 4, 2, 3, flags=("bladder-bowel",))]
    window = open_window(qtbot, store, tmp_path, runs, answers)
    assert window.today.on_hold
    assert window.today.start_button.text() == "Start week 4, run 2"
    window.today.start_button.click()
    assert answers.asked[-1] == "Urgent advice first"
    assert answers.questions[-1].startswith("Get medical help now: call 999 or go to A&E.")
    assert window.driver is not None
    assert window.driver.session.workout.code == "W4R2"
    window.end_run_now()


def test_an_abandoned_run_keeps_see_a_gp_and_offers_its_report(
    qtbot: QtBot, store: HistoryStore, tmp_path: Path
) -> None:
    """W4R3 at 6/10, then W4R1 closed mid-run with nothing recorded."""
    runs = [c25k_run(1, 4, 3, 6), c25k_run(3, 4, 1, report=False, early=True)]
    window = open_window(qtbot, store, tmp_path, runs, Answers())
    today = window.today
    assert today.guidance.suggestion.text() == (
        "Rest, and see a GP or physiotherapist before your next run."
    )
    assert today.report_row.isVisible()
    assert today.report_button.text() == "Describe how W4R1 felt"
    today.report_button.click()
    dialog = window.post_run_dialog
    assert dialog is not None
    dialog.reject()  # closed again: still pending
    qtbot.waitUntil(lambda: window.post_run_dialog is None)
    assert today.report_row.isVisible()
    today.report_dismiss.click()
    assert today.report_row.isHidden()
    assert today.guidance.suggestion.text().startswith("Rest, and see a GP")  # not weakened


def test_seen_by_a_doctor_releases_a_held_see_a_gp(
    qtbot: QtBot, store: HistoryStore, tmp_path: Path
) -> None:
    answers = Answers()
    runs = [c25k_run(1, 4, 3, 6), c25k_run(3, 4, 1, report=False, early=True)]
    window = open_window(qtbot, store, tmp_path, runs, answers)
    seen = window.today.guidance.seen_button
    assert seen.isVisible()
    seen.click()
    assert answers.asked[-1] == "Seen by a doctor or physio?"
    assert window.today.guidance.suggestion.text() == "Repeat W4R1 next time."
    assert not seen.isVisible()


def test_todays_keys_and_scroll_area_are_added_once(qtbot: QtBot, tmp_path: Path) -> None:
    """``add_start_keys`` runs once (just after the first frame); asked again, it leaves the
    page in its one scroll area inside Today's layout and adds no second Enter key."""
    from PySide6.QtWidgets import QWidget

    window = make_window(qtbot, tmp_path)
    keys = len(window.today.actions())
    window.today.add_start_keys()
    scrolls = window.today.findChildren(QWidget, "today_scroll")
    assert len(scrolls) == 1
    assert window.today.layout().indexOf(scrolls[0]) == 0
    assert window.today.findChild(QWidget, "today_page").parent().parent() is scrolls[0]
    assert len(window.today.actions()) == keys
