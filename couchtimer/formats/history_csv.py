"""The history as CSV, for a spreadsheet: one row per run and one per pain mark.

Text that a spreadsheet would take for a formula is escaped (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
from enum import StrEnum

from couchtimer.core.history import RunRecord, utc_text
from couchtimer.core.pain import words

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

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
    "intensity_after",
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
        "intensity_after": None if report is None else report.intensity_after,  # "pain now"
        # the same words as the dialog and the PDF (core.pain.words), never the stored values
        "eased_in_walks": _words(None if report is None else report.eased_in_walks),
        "character": None if report is None else ", ".join(map(words, report.characters)),
        "terrain": _words(None if report is None else report.terrain),
        "surface": _words(None if report is None else report.surface),
        "notes": None if report is None else report.notes,
        "morning_pain": None if run.checkin is None else run.checkin.intensity,
        "morning_stiffness": None if run.checkin is None else run.checkin.stiffness,
    }


def _words(member: StrEnum | None) -> str | None:
    return None if member is None else words(member)


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
