"""The findings, hints and advice log as rich text: one wording for Today, History and the PDF.

No widgets here (Qt's rich-text subset of HTML only), so the PDF says exactly what the app says.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from couchtimer.core.advice import AdviceEntry
from couchtimer.core.findings import Finding
from couchtimer.core.hints import PERSISTS, Hint

NO_PATTERN = "No pattern stands out yet."
NO_ADVICE = "No suggestion has been shown yet."


def findings_html(found: Sequence[Finding]) -> str:
    if not found:
        return f"<p>{escape(NO_PATTERN)}</p>"
    return "<ul>" + "".join(f"<li>{escape(f.text)}</li>" for f in found) + "</ul>"


def hints_html(hints: Sequence[Hint], sources: bool = False) -> str:
    """Each group of hints under the reason it is shown, then "if it persists or worsens, see a
    physiotherapist"; nothing when there are no hints."""
    if not hints:
        return ""
    groups: dict[str, list[Hint]] = {}
    for hint in hints:
        groups.setdefault(hint.why, []).append(hint)
    html = []
    for why, members in groups.items():
        items = "".join(
            f"<li>{escape(h.text)}"
            + (f" <i>(source: {escape(h.source)})</i>" if sources else "")
            + "</li>"
            for h in members
        )
        html.append(f"<p>{escape(why)}</p><ul>{items}</ul>")
    html.append(f"<p><b>{escape(PERSISTS)}</b></p>")
    return "".join(html)


def advice_log_html(entries: Sequence[AdviceEntry]) -> str:
    """Every suggestion shown, newest first: when, after which run, what, by which rule, and
    what lifted an earlier hold."""
    if not entries:
        return f"<p>{escape(NO_ADVICE)}</p>"
    rows = "".join(
        f"<tr><td>{escape(e.day_words)}</td><td>{escape(e.run_code or '–')}</td>"
        f"<td>{escape(e.suggestion)}<br><i>{escape(e.reason)}</i>"
        + (f"<br>{escape(e.lifted)}" if e.lifted else "")
        + f"</td><td>{escape(str(e.rule))}</td></tr>"
        for e in reversed(entries)
    )
    return (
        "<table width='100%'><tr><th>Shown</th><th>After</th><th>Suggestion and why</th>"
        f"<th>Rule</th></tr>{rows}</table>"
    )
