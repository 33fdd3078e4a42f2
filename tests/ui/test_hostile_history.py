"""A history holding a run dated 9999 (an old import let it in): the History tab and ``report``
still work (issue 13, item 5)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from couchtimer.core.demo import seed_story
from couchtimer.core.history import RunRecord
from couchtimer.programmes import resolve_programme
from couchtimer.store import HistoryStore
from couchtimer.store.rows import insert_run
from couchtimer.ui.history_view import HistoryView
from tests.helpers.cli import couchtimer

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
LAST_DAY = datetime(9999, 12, 31, 23, 30, tzinfo=UTC)


def _runs() -> list[RunRecord]:
    story = seed_story(resolve_programme("nhs-c25k"), START)
    far = replace(story[9], id=99, uuid="far", started_at=LAST_DAY, ended_at=None)
    return [story[0], far]


@pytest.fixture(params=["UTC", "Asia/Kolkata"])
def time_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """East of UTC, 9999-12-31 23:30 UTC is in the year 10000, which datetime cannot hold."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("time_zone")
def test_history_tab_shows_a_run_on_the_last_day_there_is(qtbot: QtBot) -> None:
    """``last + 1 day`` overflowed for 9999-12-31: OverflowError each time the tab was shown."""
    view = HistoryView()
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    runs = _runs()
    view.set_runs(runs)
    assert [run.uuid for run in view.filtered()] == [runs[0].uuid, "far"]
    view.set_filters(first=date(9999, 12, 31), last=date(9999, 12, 31))
    assert [run.uuid for run in view.filtered()] == ["far"]
    view.set_filters(first=date(2026, 3, 2), last=date(2026, 3, 2))
    assert [run.uuid for run in view.filtered()] == [runs[0].uuid]


@pytest.mark.slow
def test_report_dates_are_bounded_and_a_far_run_does_not_crash(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    with HistoryStore.open(db, backups=False) as store, store.transaction() as conn:
        for run in _runs():
            insert_run(conn, run)
    out = tmp_path / "report.pdf"
    done = couchtimer(
        "report", "-o", str(out), "--to", "9999-12-31", "--db", str(db), home=tmp_path
    )
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "couchtimer report: error: argument --to: 9999-12-31 is outside the years CouchTimer "
        "records (2000-2100); give a date in them"
    )
    assert not out.exists()
    for extra in ([], ["--to", "2100-12-31"]):
        done = couchtimer("report", "-o", str(out), *extra, "--db", str(db), home=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
    assert done.stdout == f"Wrote {out} (4 pages, 1 runs).\n"
    done = couchtimer("history", "--db", str(db), home=tmp_path)
    assert done.returncode == 0, done.stderr
