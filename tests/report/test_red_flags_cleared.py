"""Red-flag answers keep ``couchtimer history`` and the PDF report urgent until cleared."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from couchtimer.core.demo import seed_story
from couchtimer.core.history import RunRecord
from couchtimer.programmes import resolve_programme
from couchtimer.report.history_text import history_json, history_lines
from couchtimer.report.html_pages import summary_html

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
WRITTEN = datetime(2026, 4, 20, 9, 0, tzinfo=UTC)
URGENT = "Please do not run again yet: seek urgent medical help (see the red-flag advice)."
NHS_111 = "Ask for an urgent GP appointment or call NHS 111 today."


def flagged_then_two_more() -> list[RunRecord]:
    """W4R1 (18 Mar) with a "yes" to the fever question, then two runs without any."""
    runs = seed_story(resolve_programme("nhs-c25k"), START)[9:12]
    report = runs[0].report
    assert report is not None
    runs[0] = replace(runs[0], report=replace(report, red_flags_yes=("fever",)))
    return runs


@pytest.mark.parametrize(
    ("cleared_at", "urgent"),
    [
        pytest.param(None, True, id="never cleared: still urgent two runs later"),
        pytest.param(datetime(2026, 3, 19, tzinfo=UTC), False, id="seen after the flagged run"),
        pytest.param(datetime(2026, 3, 17, tzinfo=UTC), True, id="seen before the flagged run"),
    ],
)
def test_history_and_report_stay_urgent_until_cleared(
    cleared_at: datetime | None, urgent: bool
) -> None:
    """The text, the JSON and page 1 of the report all keep the urgent suggestion (and the
    report the NHS headline) while the red-flag answer stands."""
    runs = flagged_then_two_more()
    lines = history_lines(runs, cleared_at)
    data = history_json(runs, cleared_at)
    page = summary_html(runs, None, None, WRITTEN, cleared_at)
    assert (f"Suggestion: {URGENT}" in lines) is urgent
    assert (URGENT in page) is urgent
    # The red-flag table keeps the advice shown at the time; the suggestion adds it while urgent.
    assert page.count(NHS_111) == (2 if urgent else 1)
    assert data["guidance"]["action"] == ("urgent" if urgent else "rest")
