"""Export the history as JSON (complete, re-importable) or CSV (for a spreadsheet), and import.

JSON holds every run with its stable ``uuid``, so importing the same file twice adds nothing.
CSV has one row per run and one per pain mark; text that a spreadsheet would take for a formula
is escaped (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from couchtimer import __version__
from couchtimer.core.history import RunRecord, RunStatus, SegmentRecord, parse_utc, utc_text
from couchtimer.core.pain import Checkin, PainMark, PainReport
from couchtimer.store import files, liveness
from couchtimer.store.database import HistoryStore
from couchtimer.store.errors import StoreError, explain

FORMAT_NAME = "couchtimer-history"
FORMAT_VERSION = 1
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# --- JSON ---------------------------------------------------------------------------------------


def run_to_json(run: RunRecord) -> dict[str, Any]:
    row = run.to_row()
    del row["id"]  # ids are local to one file; the uuid travels
    row["planned"] = json.loads(row["planned"])
    report = None
    if run.report is not None:
        report = run.report.to_row()
        for name in ("areas", "characters", "red_flags_yes"):
            report[name] = json.loads(report[name])
    checkin = None
    if run.checkin is not None:
        checkin = run.checkin.to_row()
        checkin["at"] = None if run.checkin_at is None else utc_text(run.checkin_at)
    return {
        **row,
        "segments": [segment.to_row() for segment in run.segments],
        "marks": [mark.to_row() for mark in run.marks],
        "report": report,
        "checkin": checkin,
    }


def history_json(runs: list[RunRecord], now: datetime) -> str:
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": utc_text(now),
        "app_version": __version__,
        "runs": [run_to_json(run) for run in runs],
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


# --- CSV ----------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "row",
    "run_uuid",
    "started_utc",
    "day",
    "ended_utc",
    "programme",
    "week",
    "run",
    "status",
    "active_minutes",
    "worst_pain",
    "highest_mark",
    "no_discomfort",
    "areas",
    "worst_during",
    "pain_after",
    "eased_in_walks",
    "character",
    "terrain",
    "surface",
    "notes",
    "morning_pain",
    "morning_stiffness",
    "mark_seconds",
    "mark_segment",
    "mark_segment_kind",
    "mark_intensity",
)


def safe_cell(value: object) -> str:
    """Text as a spreadsheet shows it: never a formula (a leading ' keeps it literal)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _run_cells(run: RunRecord) -> dict[str, object]:
    report = run.report
    return {
        "row": "run",
        "run_uuid": run.uuid,
        "started_utc": utc_text(run.started_at),
        "day": run.day.isoformat(),  # the runner's local calendar day
        "ended_utc": None if run.ended_at is None else utc_text(run.ended_at),
        "programme": run.programme_id,
        "week": run.week,
        "run": run.run,
        "status": run.status_words,
        "active_minutes": f"{run.recorded_seconds / 60:.1f}",
        "worst_pain": run.worst_pain,  # the runner's own "worst during", else the highest mark
        "highest_mark": run.worst_mark,
        "no_discomfort": None if report is None else report.no_discomfort,
        "areas": None if report is None else "; ".join(a.words for a in report.areas),
        "worst_during": None if report is None else report.worst_during,
        "pain_after": None if report is None else report.intensity_after,
        "eased_in_walks": None if report is None else report.eased_in_walks,
        "character": None if report is None else ", ".join(report.characters),
        "terrain": None if report is None else report.terrain,
        "surface": None if report is None else report.surface,
        "notes": None if report is None else report.notes,
        "morning_pain": None if run.checkin is None else run.checkin.intensity,
        "morning_stiffness": None if run.checkin is None else run.checkin.stiffness,
    }


def history_csv(runs: list[RunRecord]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for run in runs:
        cells = _run_cells(run)
        writer.writerow([safe_cell(cells.get(name)) for name in CSV_COLUMNS])
        for mark in run.marks:
            kind = run.kind_at(mark.segment_index)
            mark_cells = {
                "row": "mark",
                "run_uuid": run.uuid,
                "started_utc": cells["started_utc"],
                "programme": run.programme_id,
                "week": run.week,
                "run": run.run,
                "mark_seconds": f"{mark.offset_ms / 1000:.1f}",
                "mark_segment": mark.segment_index + 1,
                "mark_segment_kind": None if kind is None else kind.value,
                "mark_intensity": mark.intensity,
            }
            writer.writerow([safe_cell(mark_cells.get(name)) for name in CSV_COLUMNS])
    return out.getvalue()


def export_history(store: HistoryStore, target: Path, fmt: str, now: datetime) -> int:
    """Write every run to ``target`` (0600) as ``json`` or ``csv``; returns the number of runs."""
    runs = store.load_runs()
    if fmt == "json":
        text = history_json(runs, now)
    elif fmt == "csv":
        text = history_csv(runs)
    else:
        raise StoreError(f"Unknown export format {fmt!r}; choose csv or json.")
    try:
        files.write_private(target, text.encode("utf-8"))
    except OSError as exc:
        raise StoreError(
            f"CouchTimer cannot write {target}: {exc.strerror or exc}. "
            "Choose a folder that exists and that you may write to."
        ) from exc
    return len(runs)


# --- import -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    already_there: int


def _run_from_json(item: Any) -> RunRecord:
    if not isinstance(item, dict):
        raise ValueError("a run must be an object")
    segments = tuple(SegmentRecord.from_row(s) for s in _list(item["segments"], "segments"))
    marks = tuple(PainMark.from_row(m) for m in _list(item["marks"], "marks"))
    report = None if item["report"] is None else PainReport.from_row(item["report"])
    checkin, checkin_at = None, None
    if item["checkin"] is not None:
        checkin = Checkin.from_row(item["checkin"])
        checkin_at = parse_utc(item["checkin"]["at"])
    uuid_text = item["uuid"]
    if not isinstance(uuid_text, str) or not uuid_text:
        raise ValueError("every run needs its uuid")
    planned = len(_list(item["planned"], "planned"))
    for mark in marks:
        if mark.segment_index >= planned:
            raise ValueError(f"a pain mark names segment {mark.segment_index + 1} of {planned}")
    for segment in segments:
        if segment.index >= planned:
            raise ValueError(f"a recorded segment names segment {segment.index + 1} of {planned}")
    return RunRecord.from_row(
        {**item, "id": 0},
        segments=segments,
        marks=marks,
        report=report,
        checkin=checkin,
        checkin_at=checkin_at,
    )


def _list(value: Any, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"{name} must be a list")
    return value


def read_history_file(path: Path) -> list[RunRecord]:
    """Parse and validate a JSON export completely; raise StoreError naming the first problem."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError(f"There is no file {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"{path} cannot be read: {exc}.") from exc
    except json.JSONDecodeError as exc:
        raise StoreError(
            f"{path} is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "import reads files made by `couchtimer export --format json`."
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise StoreError(
            f"{path} is not a CouchTimer history export; "
            "import reads files made by `couchtimer export --format json`."
        )
    if document.get("version") != FORMAT_VERSION:
        raise StoreError(
            f"{path} is export format version {document.get('version')!r}; this CouchTimer "
            f"reads version {FORMAT_VERSION}. Update CouchTimer."
        )
    items = document.get("runs")
    if not isinstance(items, list):
        raise StoreError(f"{path} has no list of runs.")
    runs = []
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        try:
            run = _run_from_json(item)
        except KeyError as exc:
            problem = f"{path}: run {number} has no {exc.args[0]!r}; nothing imported."
            raise StoreError(problem) from None
        except (ValueError, TypeError) as exc:
            problem = f"{path}: run {number} is not valid: {exc}; nothing imported."
            raise StoreError(problem) from None
        if run.uuid in seen:
            raise StoreError(f"{path}: run {number} repeats uuid {run.uuid}; nothing imported.")
        seen.add(run.uuid)
        runs.append(run)
    return runs


def import_history(store: HistoryStore, path: Path) -> ImportResult:
    """Add the runs of a JSON export that are not in the history yet, all in one transaction."""
    runs = read_history_file(path)
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
            for run in runs:
                if run.uuid in known:
                    run_id, status, recorded = known[run.uuid]
                    if not _completes(store, run, status, recorded):
                        already += 1
                        continue
                    # The file holds more of a run the history has only part of (an
                    # unsaved-run-*.json a locked file left): it replaces that part.
                    run = _keep_answers(conn, run_id, run)
                    conn.execute("DELETE FROM runs WHERE id = ?", (run_id,))
                insert_run(conn, run)
                added += 1
    except sqlite3.IntegrityError as exc:
        problem = f"{path}: a run does not fit the history ({exc}); nothing imported."
        raise StoreError(problem) from None
    except sqlite3.Error as exc:
        raise StoreError(explain(exc, store.path)) from exc
    return ImportResult(added, already)


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


def insert_run(conn: sqlite3.Connection, run: RunRecord, saved_at: datetime | None = None) -> int:
    """Insert a whole recorded run (import, demo data); returns its new id."""
    row = run.to_row()
    del row["id"]
    cursor = conn.execute(
        "INSERT INTO runs (uuid, programme_id, week, run, planned, started_at, ended_at, status,"
        " app_version) VALUES (:uuid, :programme_id, :week, :run, :planned, :started_at,"
        " :ended_at, :status, :app_version)",
        row,
    )
    run_id = cursor.lastrowid
    conn.executemany(
        "INSERT INTO segments (run_id, seq, segment_index, kind, planned_start, planned_seconds,"
        " actual_start, actual_seconds, skipped, ended) VALUES (:run_id, :seq, :segment_index,"
        " :kind, :planned_start, :planned_seconds, :actual_start, :actual_seconds, :skipped,"
        " :ended)",
        [
            {**segment.to_row(), "run_id": run_id, "seq": seq}
            for seq, segment in enumerate(run.segments)
        ],
    )
    conn.executemany(
        "INSERT INTO marks (run_id, seq, offset_ms, segment_index, intensity)"
        " VALUES (:run_id, :seq, :offset_ms, :segment_index, :intensity)",
        [{**mark.to_row(), "run_id": run_id, "seq": seq} for seq, mark in enumerate(run.marks)],
    )
    if run.report is not None:
        report = run.report.to_row()
        report["run_id"] = run_id
        report["saved_at"] = utc_text(saved_at or run.ended_at or run.started_at)
        columns = ", ".join(report)
        values = ", ".join(f":{name}" for name in report)
        conn.execute(f"INSERT INTO reports ({columns}) VALUES ({values})", report)  # noqa: S608
    if run.checkin is not None:
        conn.execute(
            "INSERT INTO checkins (run_id, at, intensity, stiffness, notes)"
            " VALUES (:run_id, :at, :intensity, :stiffness, :notes)",
            {
                **run.checkin.to_row(),
                "run_id": run_id,
                "at": utc_text(run.checkin_at or run.started_at),
            },
        )
    assert run_id is not None
    return run_id
