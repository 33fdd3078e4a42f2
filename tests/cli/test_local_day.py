"""A runner's day is their local calendar day everywhere (issue 12, defect 14).

Run with the process in UTC+2 (``TZ`` set for the test, as a runner's computer would be): a run
at 00:30 local on 2 March is 22:30 UTC on 1 March, and every place says 2 March.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from couchtimer.cli import main
from couchtimer.cli.history import load_history
from couchtimer.core import analysis
from couchtimer.core.demo import make_run
from couchtimer.core.history import RunRecord, in_days, local_day
from couchtimer.core.pain import Checkin, PainReport
from couchtimer.formats.history_csv import history_csv
from couchtimer.programmes import resolve_programme
from couchtimer.report.history_text import history_lines
from couchtimer.store import HistoryStore
from couchtimer.store.rows import insert_run

PLUS_TWO = "Etc/GMT-2"  # POSIX sign: this is UTC+2
LATE = datetime(2026, 3, 1, 22, 30, tzinfo=UTC)  # 00:30 on 2 March in UTC+2


@pytest.fixture
def utc_plus_two(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", PLUS_TWO)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def late_run() -> RunRecord:
    workout = resolve_programme("nhs-c25k").workout(4, 1)
    return make_run(1, "nhs-c25k", workout, LATE, report=PainReport(True), checkin=Checkin(0, 0))


def test_the_one_rule_takes_the_zone_it_is_given() -> None:
    assert local_day(LATE, ZoneInfo(PLUS_TWO)) == date(2026, 3, 2)
    assert local_day(LATE, UTC) == date(2026, 3, 1)
    assert in_days(LATE, date(2026, 3, 2), date(2026, 3, 2), ZoneInfo(PLUS_TWO))
    assert not in_days(LATE, date(2026, 3, 1), date(2026, 3, 1), ZoneInfo(PLUS_TWO))
    with pytest.raises(ValueError, match="timezone"):
        local_day(datetime(2026, 3, 1, 22, 30))


def test_history_words_and_lines_use_the_local_day(utc_plus_two: None) -> None:
    run = late_run()
    assert run.day == date(2026, 3, 2)
    assert analysis.date_words(run) == "2 Mar 2026"
    assert history_lines([run])[1].startswith("2 Mar 2026  W4R1")


def test_csv_gives_the_local_day_beside_the_utc_time(utc_plus_two: None) -> None:
    header, first = history_csv([late_run()]).splitlines()[:2]
    row = dict(zip(header.split(","), first.split(","), strict=False))
    assert (row["started_utc"][:10], row["day"]) == ("2026-03-01", "2026-03-02")


def test_cli_history_filters_and_prints_by_local_day(
    utc_plus_two: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "history.sqlite"
    store = HistoryStore.open(path, backups=False)
    try:
        with store.transaction() as conn:
            insert_run(conn, late_run())
    finally:
        store.close()
    assert main(["history", "--db", str(path), "--json"]) == 0
    runs = json.loads(capsys.readouterr().out)["runs"]
    assert [(r["code"], r["day"]) for r in runs] == [("W4R1", "2026-03-02")]
    assert main(["history", "--db", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("2 Mar 2026  W4R1")
    # --from/--to of `couchtimer report` are the runner's days too
    assert [r.code for r in load_history(path, date(2026, 3, 2), date(2026, 3, 2))] == ["W4R1"]
    assert load_history(path, date(2026, 3, 1), date(2026, 3, 1)) == []


def test_history_tab_lists_and_filters_by_the_local_day(utc_plus_two: None, qtbot: object) -> None:
    from pytestqt.qtbot import QtBot

    from couchtimer.ui.history_view import HistoryView

    assert isinstance(qtbot, QtBot)
    view = HistoryView()
    qtbot.addWidget(view)
    view.set_runs([late_run()])
    assert view.model.data(view.model.index(0, 0)) == "2 Mar 2026"
    assert view.date_from.date().toPython() == date(2026, 3, 2)
    view.set_filters(first=date(2026, 3, 2), last=date(2026, 3, 2))
    assert [run.code for run in view.filtered()] == ["W4R1"]
