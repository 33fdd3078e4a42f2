"""What the runs show, said in words on Today, History and the PDF, and the check-in on demand
(issue 16), through the real app.

A fresh data folder gets three week-4 runs through ``couchtimer import``: stabbing lower-back
pain in every run segment, none in walks, two runs downhill (6/10, 7/10) and one flat (4/10),
the last one minutes ago. Today and History then say the pattern, a hint says why it is shown,
and the advice log lists what was suggested; the morning check-in is reached from Today's link
and from the File menu, and its answer enters the findings.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from couchtimer.core.demo import MarkAt, make_run
from couchtimer.core.history import RunRecord
from couchtimer.core.pain import (
    BodyArea,
    Character,
    Checkin,
    Eased,
    PainReport,
    Region,
    Side,
    Terrain,
)
from couchtimer.formats.history_json import export_json
from couchtimer.programmes import resolve_programme
from tests.helpers.desktop import Desktop

RUN_SEGMENTS = re.compile(
    re.escape("Pain came in run segments, not in walks (12 of 12 marks, in 3 of 3 runs).")
)
EASED = re.compile(re.escape("It eased in the walks (you said so after 3 of 3 runs;"))
DOWNHILL = re.compile(
    re.escape("Worse on downhill runs (mean 6.5 vs 4.0 flat: 2 downhill runs against 1 flat run).")
)
HINT_WHY = re.compile(
    re.escape("Shown because the pain came in run segments and eased in the walks (3 runs).")
)
PERSISTS = re.compile(re.escape("If it persists or worsens, see a physiotherapist."))
LINK = re.compile(r"^How is it this morning\? \(after W4R3 on \w+\)$")
CHECKIN = re.compile("^Morning check-in")


def week4_runs(now: datetime) -> list[RunRecord]:
    """W4R1 and W4R2 downhill (6/10, 7/10), W4R3 flat (4/10) a minute ago: stabbing lower-back
    pain in each of the four run segments, none in the walks, eased in the walks."""
    nhs = resolve_programme("nhs-c25k")
    runs = []
    for number, (terrain, pain, ago) in enumerate(
        [(Terrain.DOWNHILL, 6, timedelta(days=4)), (Terrain.DOWNHILL, 7, timedelta(days=2)),
         (Terrain.FLAT, 4, timedelta(minutes=40))],
        start=1,
    ):  # fmt: skip
        workout = nhs.workout(4, number)
        in_runs = [i for i, s in enumerate(workout.segments) if s.kind.value == "run"]
        report = PainReport(
            False,
            areas=(BodyArea(Region.LOWER_BACK, Side.CENTRE),),
            worst_during=pain,
            eased_in_walks=Eased.YES,
            characters=(Character.STABBING,),
            terrain=terrain,
            red_flags_asked=True,
        )
        checkin = Checkin(1, 2) if number < 3 else None  # the morning after: settled
        marks = [MarkAt(index, 75.0, pain) for index in in_runs]
        run = make_run(number, "nhs-c25k", workout, now - ago, marks, report, checkin)
        answered = run.started_at + timedelta(hours=20) if checkin else None
        runs.append(replace(run, checkin_at=answered))
    return runs


def showing(desktop: Desktop, *wanted: re.Pattern[str]) -> None:
    """Until every one of these shows at once, in some text on the screen."""

    def missing() -> list[re.Pattern[str]]:
        texts = desktop.texts()
        return [want for want in wanted if not any(want.search(t) for t in texts)]

    desktop.wait_for(lambda: not missing(), f"all of {wanted!r} showing")


def answer_checkin(desktop: Desktop, pain: str) -> None:
    desktop.wait_window(CHECKIN)
    desktop.type(pain, window=CHECKIN)  # "Pain now" has the keyboard
    desktop.key("Tab", window=CHECKIN)
    desktop.type("2", window=CHECKIN)  # stiffness
    desktop.key("Return", window=CHECKIN)  # Save, the default button
    desktop.wait_no_window(CHECKIN)


def test_findings_hints_advice_log_and_the_check_in_on_demand(
    desktop: Desktop, tmp_path: Path
) -> None:
    desktop.step("three week-4 runs with back pain in a fresh data folder")
    export = tmp_path / "three-runs.json"
    export.write_text(export_json(week4_runs(datetime.now(UTC)), datetime.now(UTC)))
    desktop.start_app(history=export)

    desktop.step("Today says what the runs show, a hint with its reason, the check-in link")
    showing(desktop, RUN_SEGMENTS, EASED, DOWNHILL, HINT_WHY, PERSISTS, LINK)
    showing(desktop, re.compile(r"^Rest, and see a GP or physiotherapist before your next run\.$"))
    desktop.screenshot("today-findings")
    desktop.assert_no_error()

    desktop.step("the link asks how it is this morning; 4/10 is not settled")
    desktop.click(desktop.find("push button", LINK))
    answer_checkin(desktop, "4")
    showing(
        desktop,
        re.compile(re.escape("It had not settled by the next morning after W4R3 (4/10);")),
        re.compile(r"^The morning after W4R3 it was still 4/10"),
    )
    desktop.wait_for(lambda: desktop.absent("push button", LINK), "the link gone once answered")

    desktop.step("the File menu asks again, on demand; 1/10 is settled")
    desktop.menu("File", "How is it this morning?…")
    answer_checkin(desktop, "1")
    showing(
        desktop,
        re.compile(re.escape("It had settled by the next morning (0-2/10) after 3 of 3 runs.")),
    )

    desktop.step("History says the same, with the advice log")
    desktop.key("ctrl+2")
    desktop.click(desktop.find("page tab", "Across runs"))
    showing(desktop, RUN_SEGMENTS, EASED, DOWNHILL)
    desktop.screenshot("history-findings")
    desktop.click(desktop.find("page tab", "Hints and advice log"))
    showing(
        desktop,
        HINT_WHY,
        PERSISTS,
        re.compile("What CouchTimer suggested, and when"),
        re.compile(r"The morning after W4R3 it was still 4/10"),
    )
    desktop.screenshot("history-advice-log")
    desktop.assert_no_error()

    desktop.step("the check-ins are in the history; the PDF's first page says it all")
    (third,) = [run for run in desktop.history() if run["run"] == 3]
    assert (third["checkin"]["intensity"], third["checkin"]["stiffness"]) == (1, 2)
    pdf = tmp_path / "report.pdf"
    desktop.cli("report", "-o", str(pdf))
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    page = " ".join(unicodedata.normalize("NFKC", text).split())  # "ﬂ" ligatures: "fl"
    for pattern in (RUN_SEGMENTS, EASED, DOWNHILL, HINT_WHY, PERSISTS):
        assert pattern.search(page), pattern.pattern
    assert "What CouchTimer suggested, and when" in page
    assert "three-in-a-row" in page
    assert "morning" in page
    picture = desktop.artefacts / "report-page-1"
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
         str(picture)],
        check=True,
    )  # fmt: skip
    assert (desktop.artefacts / "report-page-1.png").stat().st_size > 10_000
