"""The PDF report for a physio: pages, text (read back with pdftotext) and file safety."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from couchtimer.core.advice import AdviceEntry
from couchtimer.core.demo import seed_story
from couchtimer.core.guidance import Action, Rule
from couchtimer.programmes import resolve_programme
from couchtimer.report.pdf import write_report
from couchtimer.store.output import OutputError

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
WRITTEN = datetime(2026, 4, 20, 9, 0, tzinfo=UTC)
pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]


def pdf_text(path: Path) -> list[str]:
    """The text of each page."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    # NFKC folds the typographic ligatures Qt's text shaping uses ("ﬂ" in "red-flag")
    return unicodedata.normalize("NFKC", out).split("\f")[:-1]


def test_seed_story_report(qapp: QApplication, tmp_path: Path) -> None:
    """Summary, two pages of charts, then the runs table and notes: four pages, mode 0600."""
    runs = seed_story(resolve_programme("nhs-c25k"), START, fixed_after="W7R2")
    path = tmp_path / "report.pdf"
    told = AdviceEntry(
        WRITTEN - timedelta(days=30), Action.REST, Rule.OVER_LIMIT,
        "Rest, and see a GP or physiotherapist before your next run.", "Pain reached 6/10 on W4R2.",
        runs[10].uuid, "W4R2",
    )  # fmt: skip
    assert write_report(runs, path, WRITTEN, advice=[told]) == 4
    assert path.stat().st_mode & 0o777 == 0o600
    assert list(tmp_path.iterdir()) == [path]
    pages = pdf_text(path)
    assert len(pages) == 4
    first = " ".join(pages[0].split())
    assert "CouchTimer: running and pain report" in first
    assert "Runs from 2 Mar 2026 to 17 Apr 2026. Written 20 Apr 2026 09:00 UTC" in first
    assert "CouchTimer is not medical advice." in first
    assert "Runs recorded 27 (27 completed, 0 ended early)" in first
    assert "Pain came in run segments, not in walks (26 of 26 marks, in 11 of 11 runs)." in first
    assert "It eased in the walks (you said so after 11 of 11 runs;" in first
    assert "Worse on downhill runs (mean 6.0 vs 3.0 flat: 4 downhill runs against 7 flat" in first
    assert "Hints offered to the runner" not in first  # none: pain-free since W7R2
    assert "What CouchTimer suggested, and when" in first
    assert "21 Mar 2026 W4R2 Rest, and see a GP or physiotherapist before your next run." in first
    assert "Pain stopped after W7R2 on 4 Apr 2026" in first
    assert "Asked after 11 runs; every answer was no." in first
    charts = " ".join(pages[1].split())
    assert "Worst pain per run: during, after, next morning" in charts
    assert "Pain marks per run: in run segments and in walks" in charts
    assert "Latest run with pain marks: W7R2, 4 Apr 2026" in charts
    assert "Pain by body area" in " ".join(pages[2].split())
    table = " ".join(pages[3].split())
    assert "Runs with pain" in table
    assert table.count("(centre)") == 11  # "Lower back (centre)", wrapped in its cell
    assert "Lower back: named after 11 runs, mean worst pain 4.1/10" in table
    assert "Stabbing low in the back while running; gone as soon as I walk." in table


def test_red_flags_and_an_empty_period(qapp: QApplication, tmp_path: Path) -> None:
    """Red-flag answers are listed on page 1; an empty period still gives a readable report."""
    runs = seed_story(resolve_programme("nhs-c25k"), START)[:10]
    last = runs[-1]
    assert last.report is not None
    runs[-1] = replace(last, report=replace(last.report, red_flags_yes=("fever",)))
    path = tmp_path / "flags.pdf"
    write_report(runs, path, WRITTEN)
    first = " ".join(pdf_text(path)[0].split())
    assert "The runner answered yes to a red-flag question." in first
    assert (
        "18 Mar 2026 W4R1 a high temperature Ask for an urgent GP appointment or call NHS 111 today."
        in first
    )
    assert "Please do not run again yet: seek urgent medical help" in first

    runs[-1] = replace(last, report=replace(last.report, red_flags_yes=("from-a-newer-app",)))
    write_report(runs, path, WRITTEN)
    first = " ".join(pdf_text(path)[0].split())
    assert "18 Mar 2026 W4R1 from-a-newer-app Seek urgent medical help." in first

    empty = tmp_path / "empty.pdf"
    assert write_report([], empty, WRITTEN) == 4
    text = " ".join(" ".join(pdf_text(empty)).split())
    assert "Runs from no runs recorded" in text
    assert "No runs in this period." in text
    assert "The red-flag questions were not asked in this period." in text
    assert "No run in this period had pain recorded." in text


def test_unwritable_folder_is_a_clear_error(qapp: QApplication, tmp_path: Path) -> None:
    """A folder that does not exist names the file and what to do; nothing is left behind."""
    with pytest.raises(
        OutputError,
        match=r"CouchTimer cannot write .*nowhere/r\.pdf: No such file or directory\. Choose a folder",
    ):
        write_report([], tmp_path / "nowhere" / "r.pdf", WRITTEN)
