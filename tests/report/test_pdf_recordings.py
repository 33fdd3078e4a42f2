"""The PDF carries what recordings measured, as History shows it (issue 15, item 7)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from couchtimer.core.demo import seed_story, with_seed_recordings
from couchtimer.programmes import resolve_programme
from couchtimer.report.pdf import write_report
from tests.report.test_pdf import pdf_text

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
WRITTEN = datetime(2026, 4, 20, 9, 0, tzinfo=UTC)
pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]


def test_a_report_with_recordings_has_their_page(qapp: QApplication, tmp_path: Path) -> None:
    """The seed runner with a watch from week 4: five pages, the fourth on the recordings."""
    runs = seed_story(resolve_programme("nhs-c25k"), START, fixed_after="W7R2")
    path = tmp_path / "report.pdf"
    assert write_report(with_seed_recordings(runs, from_week=4), path, WRITTEN) == 5
    pages = [" ".join(page.split()) for page in pdf_text(path)]
    assert "Latest run with pain marks: W7R2, 4 Apr 2026" in pages[1]
    assert "Gradient %" in pages[1]  # the timeline's strips
    measured = pages[3]
    assert "From your watch or phone recordings" in measured
    said = (
        "Pain marks came in downhill run segments (−4 % and steeper) in 4 of 6 runs that had "
        "one; in the other run segments in 7 of 12 runs that had one (measured by a watch or "
        "phone). Your cadence in run segments was 156 steps a minute (the median, from 18 runs "
        "measured by a watch or phone)."
    )
    assert said in measured  # the same findings as History, from the same rule
    assert said.split(". ")[0] in pages[0]  # and in the findings on page 1
    assert "CouchTimer is not medical advice." in measured
    assert "W7R2, 4 Apr 2026" in measured
    assert "Run 3900 m 6:25 /km −5.5 % (downhill) 85% 156 spm 152 bpm" in measured
    assert "Pain by measured gradient" in measured
    assert "Pain against cadence" in measured


def test_without_recordings_the_report_is_as_before(qapp: QApplication, tmp_path: Path) -> None:
    runs = seed_story(resolve_programme("nhs-c25k"), START, fixed_after="W7R2")
    path = tmp_path / "report.pdf"
    assert write_report(runs, path, WRITTEN) == 4
    assert "recordings" not in " ".join(" ".join(pdf_text(path)).split())
