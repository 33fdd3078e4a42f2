"""Every menu action once, chosen with the mouse as a person would; each ends without an error
box and with the file or window it promises."""

from __future__ import annotations

import re

from tests.helpers.desktop import Desktop, pdf_text
from tests.helpers.paths import E2E_HISTORY


def test_file_report_for_a_physio_writes_the_pdf(desktop: Desktop) -> None:
    """Issue 12, defect 1: the menu's report crashed (the dialog's path was the action's bool)."""
    desktop.start_app(history=E2E_HISTORY)
    desktop.menu("File", "Report for a physio…")
    out = desktop.home / "for my physio.pdf"
    desktop.save_as(out, re.compile("^Save a report for a physio"))
    desktop.wait_text(f"Report written to {out} (4 pages).")
    desktop.assert_no_error()
    pages, text = pdf_text(out)
    assert pages == 4
    assert "Runs recorded           14 (14 completed, 0 ended early)" in text
    assert "Lower back was named in 5 of 5 reports that name a body area." in text
