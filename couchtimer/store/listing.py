"""History's list (issue 19): every run's own row first, and the rest of a run (its segments,
pain marks, report, check-in and what its recording measured) as the list shows it.

Clicking History once read five years of runs whole before its first frame: 15,710 segment rows
and 2,854 marks, for the thirty rows on screen and the one run shown. ``run_rows`` gives every
run with its own row only (date, plan, programme, status), a fifth of that; ``complete_runs``
gives the runs asked for whole, as ``load_runs`` gives them. The History view asks for the rows
it shows as it shows them, and for every run before anything across runs
(``HistoryView.run_source``); ``runs_measured`` names the runs with figures from a recording
(the list says "recorded" of them before reading them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection

from couchtimer.core.history import RunRecord
from couchtimer.store.database import HistoryStore
from couchtimer.store.errors import StoreError, explain
from couchtimer.store.rows import select_runs

#: Up to this many runs are asked for by id; more are read with every run (one query per
#: table, faster than many ids) and the rest left out.
BY_ID = 500
#: What reading runs raises besides sqlite3's errors: a value the file holds that no run can
#: have (a segment kind a newer version wrote, a time past the year 9999).
_UNREADABLE = (sqlite3.Error, ValueError, OverflowError)


def run_rows(store: HistoryStore) -> list[RunRecord]:
    """Every run, oldest first, with its own row only: no segments, marks, report, check-in
    or figures (``RunRecord``'s defaults). Only for a reader that completes a run
    (``complete_runs``) before it shows more of it than its date, plan and programme.
    StoreError when the file cannot be read, a value in it included."""
    try:
        return select_runs(store.connection, "1", [], parts=False)
    except _UNREADABLE as exc:
        raise StoreError(explain(exc, store.path)) from exc


def complete_runs(store: HistoryStore, run_ids: Collection[int]) -> list[RunRecord]:
    """The runs with these ids with everything recorded, as ``load_runs`` gives them, oldest
    first; an id with no run in the file is left out. StoreError when the file cannot be
    read, a value in it included."""
    wanted = sorted(set(run_ids))
    try:
        if len(wanted) > BY_ID:
            keep = set(wanted)
            return [run for run in select_runs(store.connection, "1", []) if run.id in keep]
        if not wanted:
            return []
        where = f"id IN ({', '.join('?' * len(wanted))})"
        return select_runs(store.connection, where, list(wanted))
    except _UNREADABLE as exc:
        raise StoreError(explain(exc, store.path)) from exc


def runs_measured(store: HistoryStore) -> set[int]:
    """Ids of the runs with per-segment figures from a recording: exactly the runs that
    ``load_runs`` gives a ``RunRecord.measured``."""
    try:
        rows = store.connection.execute("SELECT DISTINCT run_id FROM segment_metrics")
        return {row[0] for row in rows}
    except sqlite3.Error as exc:
        raise StoreError(explain(exc, store.path)) from exc
