"""The runner's own "worst during the run" is what the PDF and the CSV say (issue 12, defect 7):
marks 6, 6, 7, 6, 6 and the runner's worst 6 give 6, with the highest mark (7) beside it."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from couchtimer.core.demo import MarkAt, make_run
from couchtimer.core.history import RunRecord
from couchtimer.core.pain import BodyArea, PainReport, Region, Side
from couchtimer.formats.history_csv import history_csv
from couchtimer.programmes import resolve_programme
from couchtimer.report.html_pages import summary_html
from couchtimer.report.table import pain_rows

START = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def marked_seven_said_six() -> RunRecord:
    workout = resolve_programme("nhs-c25k").workout(4, 1)
    marks = [
        MarkAt(index, 60, value)
        for index, value in zip((1, 3, 5, 7, 7), (6, 6, 7, 6, 6), strict=True)
    ]
    report = PainReport(False, areas=(BodyArea(Region.LOWER_BACK, Side.CENTRE),), worst_during=6)
    return make_run(1, "nhs-c25k", workout, START, marks, report)


def test_csv_worst_pain_is_the_runners_answer_with_the_highest_mark_beside_it() -> None:
    rows = list(csv.DictReader(io.StringIO(history_csv([marked_seven_said_six()]))))
    assert (rows[0]["row"], rows[0]["worst_pain"], rows[0]["highest_mark"]) == ("run", "6", "7")


def test_pdf_says_the_runners_worst_and_the_highest_mark() -> None:
    run = marked_seven_said_six()
    assert pain_rows([run])[0][3] == "6/10 (highest mark 7)"  # the table's "During" column
    page = summary_html([run], None, None, START)
    assert "Pain reached 6/10 on W4R1" in page
    assert "7/10" not in page
