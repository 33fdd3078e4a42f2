"""The advice log in the history file: kept once per suggestion, carried by export, import and
backup; a hold is shown until its lifting rule is met. And the run the check-in asks about."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from couchtimer.core.advice import AdviceEntry
from couchtimer.core.guidance import Action, Guidance, Rule
from couchtimer.core.history import RunRecord
from couchtimer.core.pain import Region
from couchtimer.store import HistoryStore, StoreError
from couchtimer.store.backup import copy_database
from couchtimer.store.rows import insert_run
from couchtimer.store.transfer import export_history, import_history
from tests.helpers.runs import day_run
from tests.helpers.stubs import FakeWallClock

REST = Guidance(Action.REST, Rule.OVER_LIMIT, "Rest, and see a GP.", "Pain reached 6/10.")
GO_ON = Guidance(Action.PROGRESS, Rule.PROGRESS, "Go on to W4R2.", "0/10.")


def _add(store: HistoryStore, *runs: RunRecord) -> list[RunRecord]:
    with store.transaction() as conn:
        for run in runs:
            insert_run(conn, run)
    return store.load_runs()


def test_a_suggestion_is_logged_once_and_a_hold_is_shown_until_lifted(
    store: HistoryStore, wall: FakeWallClock
) -> None:
    runs = _add(store, day_run(0, 6, Region.LOWER_BACK))
    assert store.note_advice(REST, runs) is REST
    assert store.note_advice(REST, runs) is REST  # shown again: not logged again
    assert [(e.at, e.rule, e.run_code) for e in store.advice_log()] == [
        (wall(), Rule.OVER_LIMIT, "W4R1")
    ]
    wall.advance(2 * 86400)
    runs = _add(store, day_run(2, 0))
    shown = store.note_advice(GO_ON, runs)  # one pain-free run does not lift it
    assert (shown.action, shown.rule) == (Action.REST, Rule.HELD)
    assert len(store.advice_log()) == 1
    runs = _add(store, day_run(3, 0))
    assert store.note_advice(GO_ON, runs) is GO_ON
    log = store.advice_log()
    assert [e.rule for e in log] == [Rule.OVER_LIMIT, Rule.PROGRESS]
    assert log[1].lifted.endswith("lifted because 2 pain-free runs since (W4R1, W4R1).")


def test_a_read_only_history_shows_advice_but_logs_nothing(
    store: HistoryStore, db_path: Path, wall: FakeWallClock
) -> None:
    runs = _add(store, day_run(0, 6))
    store.note_advice(REST, runs)
    store.close()
    with HistoryStore.open(db_path, utc_now=wall) as again:
        again.read_only = "a test says so"
        shown = again.note_advice(GO_ON, runs)
        assert (shown.rule, len(again.advice_log())) == (Rule.HELD, 1)


def test_export_import_and_backup_carry_the_log(
    store: HistoryStore, tmp_path: Path, wall: FakeWallClock
) -> None:
    runs = _add(store, day_run(0, 6), day_run(1, 0))
    store.note_advice(REST, runs[:1])
    wall.advance(3600)
    store.add_advice([AdviceEntry(wall(), Action.URGENT, Rule.RED_FLAGS, "Seek help.", "Fever.")])
    target = tmp_path / "export.json"
    export_history(store, target, "json", wall())
    assert [e["rule"] for e in json.loads(target.read_text())["advice"]] == [
        "over-limit",
        "red-flags",
    ]
    with HistoryStore.open(tmp_path / "other" / "history.db", utc_now=wall) as other:
        import_history(other, target)
        assert other.advice_log() == store.advice_log()
        import_history(other, target)  # twice: nothing doubled
        assert other.advice_log() == store.advice_log()
    copy = tmp_path / "copy.db"
    copy_database(store.connection, copy)  # what the daily backup does
    with HistoryStore.open(copy, backups=False) as old:
        assert old.advice_log() == store.advice_log()


def test_an_export_without_a_log_imports_and_a_bad_log_is_refused(
    store: HistoryStore, tmp_path: Path, wall: FakeWallClock
) -> None:
    _add(store, day_run(0, 6))
    target = tmp_path / "export.json"
    export_history(store, target, "json", wall())
    good = json.loads(target.read_text())
    entry = AdviceEntry(wall(), Action.REST, Rule.HELD, "Rest.", "Why.").to_row()
    cases = [
        ({**good, "advice": {}}, "its advice log is not a list"),
        ({**good, "advice": [3]}, "advice 1 is not valid: an entry must be an object"),
        ({**good, "advice": [{**entry, "rule": "guess"}]}, "'guess' is not a valid Rule"),
        ({**good, "advice": [{**entry, "at": "1999-01-01T00:00:00+00:00"}]}, "is not between"),
        ({**good, "advice": [{**entry, "reason": "x" * 10_001}]}, "reason is 10,001 characters"),
        ({**good, "advice": [{**entry, "run_code": "W4\x1b"}]}, "run_code holds the control"),
        (
            {**good, "advice": [{k: v for k, v in entry.items() if k != "lifted"}]},
            "has no 'lifted'",
        ),
    ]
    with HistoryStore.open(tmp_path / "other" / "history.db", utc_now=wall) as other:
        for document, message in cases:
            bad = tmp_path / "bad.json"
            bad.write_text(json.dumps(document))
            with pytest.raises(StoreError, match=str(bad)) as caught:
                import_history(other, bad)
            assert message in str(caught.value)
            assert other.count_runs() == 0
        del good["advice"]
        target.write_text(json.dumps(good))
        assert import_history(other, target).added == 1
        assert other.advice_log() == []


def test_the_check_in_asks_about_the_last_run_with_discomfort(store: HistoryStore) -> None:
    assert store.last_run_with_discomfort() is None
    _add(store, day_run(0, 6), day_run(1, 0))
    found = store.last_run_with_discomfort()
    assert found is not None
    assert found.started_at == day_run(0, 6).started_at
    _add(store, day_run(2, 3, in_runs=0))  # a report of pain, no marks
    found = store.last_run_with_discomfort()
    assert found is not None
    assert found.started_at == day_run(2, 3).started_at


def test_the_log_table_refuses_a_second_copy_of_an_entry(store: HistoryStore) -> None:
    entry = AdviceEntry(store._utc_now(), Action.REST, Rule.HELD, "Rest.", "Why.")
    assert store.add_advice([entry, entry]) == 1
    with pytest.raises(sqlite3.IntegrityError):
        store.connection.execute(
            "INSERT INTO advice (at, action, rule, suggestion, reason) VALUES (?, ?, ?, ?, ?)",
            (entry.to_row()["at"], "rest", "held", "Rest.", "Other."),
        )
