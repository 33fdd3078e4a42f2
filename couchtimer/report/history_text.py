"""``couchtimer history``: runs with their pain summaries, as a table or as JSON."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from couchtimer.core.advice import AdviceEntry, entry_words, in_force
from couchtimer.core.analysis import (
    in_date_order,
    regions_of,
    segment_split,
    summarise,
    worst_pain,
)
from couchtimer.core.findings import findings, recent
from couchtimer.core.guidance import NOT_MEDICAL_ADVICE, Guidance, guidance_for
from couchtimer.core.hints import PERSISTS, Hint, hints_for
from couchtimer.core.history import RunRecord
from couchtimer.core.redflags import BY_ID, advice_for

#: For red-flag ids this version does not know (a newer CouchTimer's export, imported here).
UNKNOWN_FLAGS_ADVICE = (
    "You answered yes to a red-flag question. Ask for an urgent GP appointment or call NHS 111 "
    "(999 or A&E if it is an emergency), and do not run again before a doctor has seen you."
)


def red_flag_advice(run: RunRecord) -> str | None:
    """The NHS red-flag advice for a run whose report has a "yes" (None when it has none)."""
    if run.report is None or not run.report.red_flags_yes:
        return None
    advice = advice_for(f for f in run.report.red_flags_yes if f in BY_ID)
    return UNKNOWN_FLAGS_ADVICE if advice is None else advice.text


def _value(value: int | None) -> str:
    return "-" if value is None else str(value)


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _mean(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def run_json(run: RunRecord) -> dict[str, Any]:
    # The parts of ``summarise`` the JSON gives (not its date words: "day" is ISO here).
    report = run.report
    worst = worst_pain(run)
    split = segment_split(run)
    terrain = run.terrain
    return {
        "id": run.id,
        "programme": run.programme_id,
        "week": run.week,
        "run": run.run,
        "code": run.code,
        "started_at": run.started_at.isoformat(),
        "ended_at": run.ended_at.isoformat() if run.ended_at else None,
        "status": run.status_words,
        "day": run.day.isoformat(),
        "worst_during": worst.during,
        "highest_mark": run.worst_mark,
        "after": worst.after,
        "next_morning": worst.morning,
        "marks": split.total,
        "marks_in_runs": split.run_marks,
        "marks_in_walks": split.walk_marks,
        "run_share": _share(split.run_share),
        "mean_in_runs": _mean(split.run_mean),
        "mean_in_walks": _mean(split.walk_mean),
        "regions": [str(r) for r in regions_of(run)],
        "terrain": str(terrain) if terrain else None,
        "red_flags": list(report.red_flags_yes) if report else [],
        "red_flag_advice": red_flag_advice(run),
        "notes": report.notes if report else "",
    }


def _shown(
    ordered: Sequence[RunRecord],
    cleared_at: datetime | None,
    all_runs: Sequence[RunRecord] | None,
    advice: Sequence[AdviceEntry],
) -> Guidance:
    """The suggestion as the app shows it: a hold in the advice log that nothing lifted stays."""
    guidance = guidance_for(ordered, cleared_at=cleared_at, all_runs=all_runs)
    weighed = in_date_order(all_runs) if all_runs is not None else list(ordered)
    return in_force(advice[-1] if advice else None, guidance, weighed, cleared_at)


def hint_lines(hints: Sequence[Hint]) -> list[str]:
    """Hints under the reason each is shown, then "if it persists or worsens..."."""
    if not hints:
        return []
    groups: dict[str, list[Hint]] = {}
    for hint in hints:
        groups.setdefault(hint.why, []).append(hint)
    lines = []
    for why, members in groups.items():
        lines.append(why)
        lines += [f"  - {hint.text} (source: {hint.source})" for hint in members]
    return [*lines, PERSISTS]


def history_json(
    runs: Sequence[RunRecord],
    cleared_at: datetime | None = None,
    all_runs: Sequence[RunRecord] | None = None,
    advice: Sequence[AdviceEntry] = (),
) -> dict[str, Any]:
    """``runs`` are listed; ``all_runs`` (default: the same) are what the suggestion weighs;
    ``advice`` is the advice log (every suggestion shown, oldest first)."""
    ordered = in_date_order(runs)
    shown = _shown(ordered, cleared_at, all_runs, advice)
    found = findings(ordered)
    return {
        "runs": [run_json(run) for run in ordered],
        "findings": [
            {"kind": str(f.kind), "text": f.text, "runs": f.runs, "tag": f.tag} for f in found
        ],
        "guidance": {
            "action": str(shown.action),
            "rule": str(shown.rule),
            "suggestion": shown.suggestion,
            "reason": shown.reason,
        },
        "hints": [
            {"id": h.id, "text": h.text, "why": h.why, "source": h.source}
            for h in hints_for(findings(recent(ordered)), shown)
        ],
        "advice_log": [entry.to_row() for entry in advice],
        "disclaimer": NOT_MEDICAL_ADVICE,
    }


HEADER = (
    f"{'date':<12}{'run':<7}{'status':<21}{'worst':>6}{'after':>6}{'morn':>6}"
    "  marks (run/walk)  areas"
)


def history_lines(
    runs: Sequence[RunRecord],
    cleared_at: datetime | None = None,
    all_runs: Sequence[RunRecord] | None = None,
    advice: Sequence[AdviceEntry] = (),
) -> list[str]:
    """``runs`` are listed; ``all_runs`` (default: the same) are what the suggestion weighs;
    ``advice`` is the advice log (every suggestion shown, oldest first)."""
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
            f"{s.date:<12}{s.code:<7}{s.status:<21}{_value(s.worst.during):>6}"
            f"{_value(s.worst.after):>6}{_value(s.worst.morning):>6}  {marks:<17} {areas}{flags}"
            + (f"  highest mark {run.worst_mark}" if run.mark_differs else "")
        )
    for run in reversed(ordered):  # most recent first
        text = red_flag_advice(run)
        if text is not None:
            when = f"{run.code} on {summarise(run).date}"
            lines += ["", f"RED FLAGS after {when}:"]
            for number, paragraph in enumerate(text.split("\n\n")):
                if number:
                    lines.append("")
                lines += textwrap.wrap(
                    paragraph,
                    98,
                    initial_indent="  ",
                    subsequent_indent="  ",
                    break_long_words=False,
                    break_on_hyphens=False,
                )
    found = findings(ordered)
    if found:
        lines += ["", "What the history shows:"] + [f"  - {f.text}" for f in found]
    shown = _shown(ordered, cleared_at, all_runs, advice)
    lines += ["", f"Suggestion: {shown.suggestion}", f"Why: {shown.reason}"]
    hints = hint_lines(hints_for(findings(recent(ordered)), shown))  # as Today offers them
    if hints:
        lines += ["", "Hints you could try:", *hints]
    if advice:
        lines += ["", "What CouchTimer suggested, and when (newest first):"]
        lines += [f"  - {entry_words(entry)}" for entry in reversed(advice)]
    lines.append(NOT_MEDICAL_ADVICE)
    return lines
