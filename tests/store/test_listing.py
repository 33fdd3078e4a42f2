"""History's list reads each run's own row first and runs whole by id (``store.listing``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from couchtimer.store import HistoryStore, StoreError, listing
from couchtimer.store.listing import complete_runs, run_rows, runs_measured
from tests.helpers.histories import story_file


@pytest.fixture(params=[True, False], ids=["with recordings", "without"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(story_file(tmp_path, request.param), backups=False) as opened:
        yield opened


def test_run_rows_are_every_run_with_its_own_row_only(store: HistoryStore) -> None:
    every = store.load_runs()
    assert len(every) == 27
    assert any(run.marks and run.report and run.checkin for run in every)
    light = run_rows(store)
    assert light == [
        replace(
            run, segments=(), marks=(), report=None, checkin=None, checkin_at=None, measured=None
        )
        for run in every
    ]


def test_complete_runs_are_the_runs_asked_for_as_load_runs_gives_them(
    store: HistoryStore,
) -> None:
    every = store.load_runs()
    by_id = {run.id: run for run in every}
    assert complete_runs(store, [12, 3, 12, 27]) == [by_id[3], by_id[12], by_id[27]]
    assert complete_runs(store, [5, 999]) == [by_id[5]]  # no run 999: left out
    assert complete_runs(store, []) == []
    assert complete_runs(store, by_id) == every


def test_many_ids_are_read_with_every_run(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More ids than ``BY_ID``: every run read in one go, those asked for kept."""
    every = store.load_runs()
    monkeypatch.setattr(listing, "BY_ID", 3)
    asked = [run.id for run in every[::2]]  # 14 of 27
    assert complete_runs(store, [*asked, 999]) == every[::2]
    assert complete_runs(store, asked[:3]) == every[:6:2]


def test_runs_measured_are_the_runs_load_runs_gives_figures(store: HistoryStore) -> None:
    every = store.load_runs()
    measured = {run.id for run in every if run.measured is not None}
    assert runs_measured(store) == measured
    assert len(measured) in (0, 18)


def test_a_file_that_cannot_be_read_is_a_store_error(store: HistoryStore) -> None:
    with store.transaction() as conn:
        conn.execute("DROP TABLE segment_metrics")
        conn.execute("DROP TABLE marks")
    with pytest.raises(StoreError, match="segment_metrics"):
        runs_measured(store)
    with pytest.raises(StoreError, match="marks"):
        complete_runs(store, [1])
    assert len(run_rows(store)) == 27  # the runs' own rows are still there
    with store.transaction() as conn:
        conn.execute("DROP TABLE checkins")
        conn.execute("ALTER TABLE runs RENAME TO gone")
    with pytest.raises(StoreError, match="runs"):
        run_rows(store)


def test_a_value_no_run_can_have_is_a_store_error(store: HistoryStore) -> None:
    """``load_runs`` raises ValueError (its callers say so); History's reads say it as any
    other file that cannot be read."""
    with store.transaction() as conn:
        conn.execute("UPDATE segments SET kind = 'sprint' WHERE run_id = 11")
    sprint = "'sprint' is not a segment kind; expected one of warmup, run, walk, cooldown"
    with pytest.raises(StoreError) as raised:
        complete_runs(store, [10, 11])
    assert str(raised.value) == f"The history file {store.path} cannot be used: {sprint}."
    assert len(complete_runs(store, [10, 12])) == 2
    with store.transaction() as conn:
        conn.execute("UPDATE runs SET started_at = 'soon' WHERE id = 3")
    with pytest.raises(StoreError, match="cannot be used: Invalid isoformat string: 'soon'"):
        run_rows(store)
