"""The report's words as rich text (Qt's subset of HTML): page 1 (the summary), the page on
recordings, and what follows the table of runs (body areas, notes, the whole advice log).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from html import escape

from couchtimer import __version__
from couchtimer.charts.segment_cells import HEADERS, metric_cells
from couchtimer.core import analysis, chartdata, redflags
from couchtimer.core.advice import AdviceEntry, in_force
from couchtimer.core.errors import CouchTimerError
from couchtimer.core.findings import MEASURED, Finding, findings, recent
from couchtimer.core.guidance import NOT_MEDICAL_ADVICE, guidance_for, urgent_advice_for
from couchtimer.core.hints import hints_for
from couchtimer.core.history import RunRecord, RunStatus
from couchtimer.core.outcome import RunOutcome
from couchtimer.report.findings_html import advice_log_html, findings_html, hints_html


def _programme_names(programme_ids: Iterable[str]) -> list[str]:
    """Each programme's name, sorted: a shipped programme's ("NHS Couch to 5K"), a runner's own
    file's id as it is. The shipped programmes are read once, whatever the number of ids."""
    from couchtimer.programmes import shipped_programmes

    try:
        names = {p.id: p.name for p in shipped_programmes()}
    except CouchTimerError:
        names = {}
    return sorted({names.get(i, i) for i in programme_ids})


FIRST_PAGE_ADVICE = 3  # advice log entries on page 1; the whole log closes the report
STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9.5pt; }
h1 { font-size: 17pt; margin-bottom: 2px; }
h2 { font-size: 12.5pt; margin-top: 9px; margin-bottom: 3px; }
p.small { font-size: 8.5pt; color: #444444; }
table { border-collapse: collapse; }
th { background-color: #E8E8E8; text-align: left; padding: 3px; }
td { padding: 3px; }
.urgent { background-color: #FBE3D6; padding: 6px; }
.small { font-size: 8.5pt; }
ul { margin-top: 0px; margin-bottom: 2px; }
"""


def _period(runs: Sequence[RunRecord], first: date | None, last: date | None) -> str:
    start = first or (runs[0].day if runs else None)
    end = last or (runs[-1].day if runs else None)
    if start is None or end is None:
        return "no runs recorded"
    return f"{start.day} {start:%b %Y} to {end.day} {end:%b %Y}"


def summary_html(
    runs: Sequence[RunRecord],
    first: date | None,
    last: date | None,
    generated: datetime,
    cleared_at: datetime | None = None,
    advice: Sequence[AdviceEntry] = (),
    found: Sequence[Finding] | None = None,
) -> str:
    """Page 1: who/when, programme progress, what the runs show in words, the suggestion, the
    hints offered, the advice log (what the runner was told, and when), red-flag answers.
    ``found``: ``findings(runs)`` where the caller has them (the recordings page shows some)."""
    # The members read once, not for every run (each read is a class attribute look-up)
    in_progress, with_skips, ended_early = (
        RunStatus.IN_PROGRESS,
        RunOutcome.COMPLETED_WITH_SKIPS,
        RunOutcome.ENDED_EARLY,
    )
    outcomes = [r.outcome for r in runs if r.status is not in_progress]
    completed = sum(1 for outcome in outcomes if outcome.finished)
    skips = sum(1 for outcome in outcomes if outcome is with_skips)
    early = sum(1 for outcome in outcomes if outcome is ended_early)
    with_pain = sum(1 for r in runs if r.has_pain)  # rated or not
    html = [f"<html><head><style>{STYLE}</style></head><body>"]
    html.append("<h1>CouchTimer: running and pain report</h1>")
    html.append(
        f"<p>Runs from {escape(_period(runs, first, last))}. Written {generated.day} "
        f"{generated:%b %Y %H:%M} UTC by CouchTimer {escape(__version__)}.</p>"
    )
    html.append(
        f"<p class='small'><b>{escape(NOT_MEDICAL_ADVICE)}</b> Pain figures are the "
        "runner's own ratings on a 0-10 scale, pressed during the run or given "
        "afterwards.</p>"
    )
    html.append("<h2>Programme progress</h2>")
    if runs:
        latest = runs[-1]
        furthest = max(runs, key=lambda r: (r.week, r.run))
        programmes = ", ".join(_programme_names({r.programme_id for r in runs}))
        html.append(
            "<table>"
            f"<tr><td>Programme</td><td>{escape(programmes)}</td></tr>"
            f"<tr><td>Runs recorded</td><td>{len(runs)} ({completed} completed"
            f"{f', {skips} of them with skips' if skips else ''}, {early} ended early)</td></tr>"
            f"<tr><td>Furthest run reached</td><td>week {furthest.week}, run {furthest.run}"
            "</td></tr>"
            f"<tr><td>Latest run</td><td>{escape(analysis.date_words(latest))}: "
            f"{escape(latest.code)}</td></tr>"
            f"<tr><td>Runs with pain</td><td>{with_pain}</td></tr>"
            "</table>"
        )
    else:
        html.append("<p>No runs in this period.</p>")
    html.append("<h2>What the history shows</h2>")
    html.append(findings_html(findings(runs) if found is None else found))
    shown = in_force(
        advice[-1] if advice else None, guidance_for(runs, cleared_at=cleared_at), runs, cleared_at
    )
    html.append("<h2>CouchTimer's suggestion after the latest run</h2>")
    html.append(f"<p><b>{escape(shown.suggestion)}</b><br>{escape(shown.reason)}</p>")
    urgent = urgent_advice_for(runs, cleared_at)
    if urgent is not None:
        html.append(f"<p class='urgent'><b>{escape(urgent.headline)}</b></p>")
    html.append("<h2>Red-flag questions</h2>")
    html.append(red_flags_html(runs))
    hints = hints_for(findings(recent(runs)), shown)  # as Today offers them: the latest runs
    html.append("<h2>What CouchTimer suggested, and when</h2>")
    html.append(advice_log_html(advice, FIRST_PAGE_ADVICE))
    if len(advice) > FIRST_PAGE_ADVICE:
        earlier = len(advice) - FIRST_PAGE_ADVICE
        html.append(
            f"<p class='small'>The newest {FIRST_PAGE_ADVICE}; the {earlier} before them are "
            "listed at the end of this report.</p>"
        )
    if hints:
        html.append("<h2>Hints offered to the runner</h2>")
        html.append(f"<div class='small'>{hints_html(hints, sources=True)}</div>")
    html.append("</body></html>")
    return "".join(html)


def red_flags_html(runs: Sequence[RunRecord]) -> str:
    asked = [r for r in runs if r.report is not None and r.report.red_flags_asked]
    flagged = [r for r in runs if r.report is not None and r.report.red_flags_yes]
    if not flagged:
        if not asked:
            return "<p>The red-flag questions were not asked in this period.</p>"
        return (
            f"<p>Asked after {len(asked)} run{'s' if len(asked) != 1 else ''}; "
            "every answer was no.</p>"
        )
    rows = "".join(
        f"<tr><td>{escape(analysis.date_words(r))}</td><td>{escape(r.code)}</td>"
        f"<td>{escape('; '.join(_flag_words(f) for f in r.report.red_flags_yes))}</td>"
        f"<td>{escape(_advice_headline(r.report.red_flags_yes))}</td></tr>"
        for r in flagged
        if r.report is not None
    )
    return (
        "<p class='urgent'><b>The runner answered yes to a red-flag question.</b> "
        "CouchTimer advised urgent medical help, in the NHS's words below.</p>"
        "<table><tr><th>Date</th><th>Run</th><th>Answered yes</th><th>Advice shown</th></tr>"
        f"{rows}</table>"
    )


def _flag_words(flag_id: str) -> str:
    try:
        return redflags.red_flag(flag_id).said
    except ValueError:  # an answer from a newer CouchTimer: show its id
        return flag_id


def _advice_headline(yes_ids: Sequence[str]) -> str:
    try:
        advice = redflags.advice_for(yes_ids)
    except ValueError:
        advice = None
    return advice.headline if advice else "Seek urgent medical help."


def closing_html(runs: Sequence[RunRecord], advice: Sequence[AdviceEntry] = ()) -> str:
    """After the table of runs with pain: body areas, the runner's notes, and the advice log
    when page 1 had room for only the newest of it."""
    html = [f"<html><head><style>{STYLE}</style></head><body>"]
    html.append("<h2>Body areas</h2>")
    groups = chartdata.pain_by_region(runs)
    if groups:
        html.append("<ul>")
        for g in groups:
            mean = "–" if g.mean_worst is None else f"{g.mean_worst:.1f}/10"
            html.append(
                f"<li>{escape(g.label)}: named after {g.runs} run{'s' if g.runs != 1 else ''}, "
                f"mean worst pain {mean}</li>"
            )
        html.append("</ul>")
    else:
        html.append("<p>No body area was named.</p>")
    html.append("<h2>The runner's notes</h2>")
    notes = [(r, r.report.notes) for r in runs if r.report is not None and r.report.notes]
    notes += [(r, r.checkin.notes) for r in runs if r.checkin is not None and r.checkin.notes]
    notes.sort(key=lambda item: item[0].started_at)
    if notes:
        html.append("<ul>")
        for run, text in notes:
            html.append(
                f"<li>{escape(analysis.date_words(run))}, {escape(run.code)}: “{escape(text)}”</li>"
            )
        html.append("</ul>")
    else:
        html.append("<p>No notes.</p>")
    if len(advice) > FIRST_PAGE_ADVICE:
        html.append("<h2>Everything CouchTimer suggested, and when</h2>")
        html.append(advice_log_html(advice))
    html.append(f"<p class='small'>{escape(NOT_MEDICAL_ADVICE)}</p></body></html>")
    return "".join(html)


def measured_html(
    runs: Sequence[RunRecord], example: RunRecord | None, found: Sequence[Finding] | None = None
) -> str:
    """The page on what recordings measured: the findings that rest on them, as History shows
    them, and the per-segment table of the run whose timeline is in the report, where it has
    a recording. ``found``: ``findings(runs)`` where the caller has them."""
    html = ["<h2>From your watch or phone recordings</h2>"]
    said = [f.text for f in (findings(runs) if found is None else found) if f.kind in MEASURED]
    if said:
        html.append(f"<p>{escape(' '.join(said))}</p>")
    html.append(
        f"<p class='small'>{escape(NOT_MEDICAL_ADVICE)} Gradient is measured over each run "
        "segment of 100 m or more: downhill is −4 % and steeper, uphill +4 % and steeper.</p>"
    )
    shown = example.measured.segments if example is not None and example.measured else ()
    if example is not None and shown:
        html.append(f"<h3>{escape(example.code)}, {escape(analysis.date_words(example))}</h3>")
        head = "".join(f"<th>{escape(h)}</th>" for h in HEADERS)
        rows = "".join(
            "<tr>"
            + "".join(f"<td>{escape(c)}</td>" for c in metric_cells(example.planned, m))
            + "</tr>"
            for m in shown
        )
        html.append(f"<table><tr>{head}</tr>{rows}</table>")
    return "".join(html)
