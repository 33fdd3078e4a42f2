"""The physio report counts pain marked without a number as pain, and never shows it as 0/10."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from couchtimer.core.demo import MarkAt, make_run
from couchtimer.core.pain import PainReport
from couchtimer.core.programme import Segment, SegmentKind, Workout
from couchtimer.report.history_text import history_lines
from couchtimer.report.html_pages import summary_html

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
WORKOUT = Workout(4, 1, (Segment(SegmentKind.RUN, 120), Segment(SegmentKind.WALK, 60)))


def test_unrated_run_counts_as_a_run_with_pain() -> None:
    """One pain-free run and one with a mark but no number: 1 run with pain, worst shown '-'."""
    runs = [
        make_run(1, "nhs-c25k", WORKOUT, START, [], PainReport(True)),
        make_run(2, "nhs-c25k", WORKOUT, START + timedelta(days=2), [MarkAt(0, 30, None)]),
    ]
    page = summary_html(runs, None, None, START + timedelta(days=3))
    assert "<tr><td>Runs with pain</td><td>1</td></tr>" in page
    assert "Repeat W4R1 next time, and give your pain a number from 0 to 10." in page
    lines = history_lines(runs)
    assert lines[2].startswith(
        "4 Mar 2026  W4R1   completed                 -     -     -  1 (1/0)"
    )
    assert "0/10" not in "\n".join(lines)
