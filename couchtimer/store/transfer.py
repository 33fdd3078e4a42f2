"""Export the history to a file (JSON or CSV, ``couchtimer.formats``) and import a JSON export.

Importing reads and checks the whole file first (``couchtimer.formats.history_json``); then every
run not in the history yet is added in one transaction, with the advice log entries not there
yet and the later of the two "seen by a doctor or physio" moments (``store/facts.py``), and the
history is left as it was if anything is wrong.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from couchtimer.core.errors import ExportFileError
from couchtimer.core.history import RunRecord, RunStatus, parse_utc
from couchtimer.core.pain import Checkin, PainReport
from couchtimer.formats.history_json import read_export
from couchtimer.formats.registry import HISTORY_FORMATS, history_format
from couchtimer.store import facts, liveness
from couchtimer.store.database import HistoryStore
from couchtimer.store.errors import StoreError, explain
from couchtimer.store.output import check_output, write_output
from couchtimer.store.rows import insert_advice, insert_run
from couchtimer.store.tracks import (
    insert_recording,
    kept_recording,
    recordings_for_export,
    remeasured,
)


def export_history(store: HistoryStore, target: Path | str, fmt: str, now: datetime) -> int:
    """Write every run to ``target`` (0600) in the history format ``fmt`` (``json`` or ``csv``,
    ``formats.registry``); returns the number of runs.

    ``target`` is written as ``store/output.py`` says: a file replaced whole, a FIFO or device
    streamed to (never replaced), ``-`` standard output."""
    form = history_format(fmt)
    if form is None:
        raise StoreError(
            f"Unknown export format {fmt!r}; choose {' or '.join(sorted(HISTORY_FORMATS))}."
        )
    check_output(target, f"history.{fmt}")  # a folder or an empty name: say so before the work
    runs = store.load_runs()
    try:
        text = form.write(
            runs,
            now,
            store.advice_log(),
            recordings_for_export(store),
            facts.red_flags_cleared_at(store),
        )
    except ValueError as exc:  # allow_nan=False: JSON cannot hold NaN or Infinity
        raise StoreError(
            f"The history {store.path} holds a number that JSON cannot hold ({exc}); "
            "nothing was written. Export as CSV instead, and please report this."
        ) from None
    write_output(target, text.encode("utf-8"), f"history.{fmt}")
    return len(runs)


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    already_there: int
    #: The file's "seen by a doctor or physio" moment became the history's (it was the later
    #: one): red-flag answers from runs before it no longer hold. Say so.
    cleared_at: datetime | None = None


def import_history(store: HistoryStore, path: Path) -> ImportResult:
    """Add the runs of a JSON export that are not in the history yet, its advice log entries
    that are not there yet, and its "seen by a doctor or physio" moment where it is the later
    one, all in one transaction."""
    try:
        export = read_export(path)
    except ExportFileError as exc:
        raise StoreError(str(exc)) from None
    runs = export.runs
    added = already = 0
    try:
        with store.transaction() as conn:
            known = {
                row[0]: (row[1], row[2], row[3])
                for row in conn.execute(
                    "SELECT uuid, id, status,"
                    " (SELECT count(*) FROM segments WHERE run_id = runs.id)"
                    " + (SELECT count(*) FROM marks WHERE run_id = runs.id) FROM runs"
                )
            }
            recorded_runs = {row[0] for row in conn.execute("SELECT run_id FROM tracks")}
            for run in runs:
                kept = export.recordings.get(run.uuid)
                if run.uuid in known:
                    run_id, status, recorded = known[run.uuid]
                    if not _completes(store, run, status, recorded):
                        already += 1
                        if kept is not None and run_id not in recorded_runs:
                            # never dropped: kept with the run as the history holds it
                            held = store.load_run(run_id)
                            if _placed_alike(held, run):
                                insert_recording(conn, run_id, kept)
                            else:
                                insert_recording(conn, run_id, remeasured(kept, held))
                        continue
                    # The file holds more of a run the history has only part of (an
                    # unsaved-run-*.json a locked file left): it replaces that part, and a
                    # recording kept with that part stays unless the file brings one.
                    run = _keep_answers(conn, run_id, run)
                    if kept is None and run_id in recorded_runs:
                        kept = remeasured(kept_recording(conn, run_id), run)
                    conn.execute("DELETE FROM runs WHERE id = ?", (run_id,))
                new_id = insert_run(conn, run)
                if kept is not None:
                    insert_recording(conn, new_id, kept)
                added += 1
            insert_advice(conn, export.advice)
            kept_cleared = facts.keep_later(conn, export.cleared_at, store._utc_now())
    except (sqlite3.IntegrityError, OverflowError) as exc:
        problem = f"{path}: a run does not fit the history ({exc}); nothing imported."
        raise StoreError(problem) from None
    except sqlite3.Error as exc:
        raise StoreError(explain(exc, store.path)) from exc
    return ImportResult(added, already, export.cleared_at if kept_cleared else None)


def _placed_alike(held: RunRecord, run: RunRecord) -> bool:
    """Whether two copies of a run put their segments at the same times (a recording
    measured against one then measures the same against the other)."""
    return (held.started_at, held.planned, held.segments) == (
        run.started_at,
        run.planned,
        run.segments,
    )


def _completes(store: HistoryStore, run: RunRecord, status: str, recorded: int) -> bool:
    """Is ``run`` a fuller copy of a history run that was cut short (in progress or ended early
    with fewer segments and marks) and is not being recorded right now?"""
    if status not in (RunStatus.IN_PROGRESS.value, RunStatus.ENDED_EARLY.value):
        return False
    if run.status is RunStatus.IN_PROGRESS or len(run.segments) + len(run.marks) <= recorded:
        return False
    return not liveness.held_elsewhere(store.path, run.uuid)


def _keep_answers(conn: sqlite3.Connection, run_id: int, run: RunRecord) -> RunRecord:
    """The history's report and check-in of a run go on to its fuller copy if it has none."""
    if run.report is not None and run.checkin is not None:
        return run
    report_row = conn.execute("SELECT * FROM reports WHERE run_id = ?", (run_id,)).fetchone()
    checkin_row = conn.execute("SELECT * FROM checkins WHERE run_id = ?", (run_id,)).fetchone()
    changes: dict[str, Any] = {}
    if run.report is None and report_row is not None:
        changes["report"] = PainReport.from_row(report_row)
    if run.checkin is None and checkin_row is not None:
        changes["checkin"] = Checkin.from_row(checkin_row)
        changes["checkin_at"] = parse_utc(checkin_row["at"])
    return dataclasses.replace(run, **changes) if changes else run
