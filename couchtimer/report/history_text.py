"""``couchtimer history``: runs with their pain summaries, as a table or as JSON."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from couchtimer.core.analysis import RunSummary, findings, in_date_order, summarise
from couchtimer.core.guidance import NOT_MEDICAL_ADVICE, guidance_for
from couchtimer.core.history import RunRecord


def _value(value: int | None) -> str:
    return "-" if value is None else str(value)


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _mean(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def run_json(run: RunRecord, summary: RunSummary | None = None) -> dict[str, Any]:
    s = summary or summarise(run)
    return {
        "id": run.id,
        "programme": run.programme_id,
        "week": run.week,
        "run": run.run,
        "code": run.code,
        "started_at": run.started_at.isoformat(),
        "ended_at": run.ended_at.isoformat() if run.ended_at else None,
        "status": s.status,
        "worst_during": s.worst.during,
        "after": s.worst.after,
        "next_morning": s.worst.morning,
        "marks": s.split.total,
        "marks_in_runs": s.split.run_marks,
        "marks_in_walks": s.split.walk_marks,
        "run_share": _share(s.split.run_share),
        "mean_in_runs": _mean(s.split.run_mean),
        "mean_in_walks": _mean(s.split.walk_mean),
        "regions": [str(r) for r in s.regions],
        "terrain": str(s.terrain) if s.terrain else None,
        "red_flags": list(s.red_flags),
        "notes": s.notes,
    }


def history_json(runs: Sequence[RunRecord], cleared_at: datetime | None = None) -> dict[str, Any]:
    ordered = in_date_order(runs)
    advice = guidance_for(ordered, cleared_at=cleared_at)
    return {
        "runs": [run_json(run) for run in ordered],
        "findings": [{"kind": str(f.kind), "text": f.text} for f in findings(ordered)],
        "guidance": {
            "action": str(advice.action),
            "rule": str(advice.rule),
            "suggestion": advice.suggestion,
            "reason": advice.reason,
            "form_hints": list(advice.form_hints),
        },
        "disclaimer": NOT_MEDICAL_ADVICE,
    }


HEADER = (
    f"{'date':<12}{'run':<7}{'status':<12}{'worst':>6}{'after':>6}{'morn':>6}"
    "  marks (run/walk)  areas"
)


def history_lines(runs: Sequence[RunRecord], cleared_at: datetime | None = None) -> list[str]:
    ordered = in_date_order(runs)
    if not ordered:
        return ["No runs recorded yet. Record a run to see it here."]
    lines = [HEADER]
    for run in ordered:
        s = summarise(run)
        marks = (
            f"{s.split.total} ({s.split.run_marks}/{s.split.walk_marks})" if s.split.total else "-"
        )
        areas = ", ".join(r.words.lower() for r in s.regions) or "-"
        flags = "  RED FLAGS: see a doctor" if s.red_flags else ""
        lines.append(
            f"{s.date:<12}{s.code:<7}{s.status:<12}{_value(s.worst.during):>6}"
            f"{_value(s.worst.after):>6}{_value(s.worst.morning):>6}  {marks:<17} {areas}{flags}"
        )
    found = findings(ordered)
    if found:
        lines += ["", "What the history shows:"] + [f"  - {f.text}" for f in found]
    advice = guidance_for(ordered, cleared_at=cleared_at)
    lines += ["", f"Suggestion: {advice.suggestion}", f"Why: {advice.reason}"]
    lines += [f"  - {hint}" for hint in advice.form_hints]
    lines.append(NOT_MEDICAL_ADVICE)
    return lines
