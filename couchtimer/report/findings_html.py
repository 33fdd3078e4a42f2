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
    """The line "if it persists or worsens, see a physiotherapist", then each group of hints
    under the reason it is shown (with ``sources``, where they come from); none: nothing."""
    if not hints:
        return ""
    groups: dict[str, list[Hint]] = {}
    for hint in hints:
        groups.setdefault(hint.why, []).append(hint)
    html = [f"<p><b>{escape(PERSISTS)}</b></p>"]  # first, where it cannot be missed
    for why, members in groups.items():
        items = "".join(f"<li>{escape(h.text)}</li>" for h in members)
        cited = "; ".join(dict.fromkeys(h.source for h in members))
        source = f" <i>Sources: {escape(cited)}.</i>" if sources else ""
        html.append(f"<p>{escape(why)}{source}</p><ul>{items}</ul>")
    return "".join(html)


def advice_log_html(entries: Sequence[AdviceEntry], most: int | None = None) -> str:
    """Every suggestion shown (the newest ``most`` of them), newest first: when, after which
    run, what, by which rule, and what lifted an earlier hold."""
    if not entries:
        return f"<p>{escape(NO_ADVICE)}</p>"
    newest = list(reversed(entries))[:most]
    rows = "".join(
        f"<tr><td>{escape(e.day_words)}</td><td>{escape(e.run_code or '–')}</td>"
        f"<td>{escape(e.suggestion)}<br><span class='small'><i>{escape(e.reason)}</i></span>"
        + (f"<br>{escape(e.lifted)}" if e.lifted else "")
        + f"</td><td>{escape(str(e.rule))}</td></tr>"
        for e in newest
    )
    return (
        "<table width='100%'><tr><th>Shown</th><th>After</th><th>Suggestion and why</th>"
        f"<th>Rule</th></tr>{rows}</table>"
    )
