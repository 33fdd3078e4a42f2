"""File > Report for a physio: the window writes the PDF from the history file."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from couchtimer.core.demo import seed_story
from couchtimer.core.programme import load_programme
from couchtimer.programmes import resolve_programme
from couchtimer.store import HistoryStore
from couchtimer.store.rows import insert_run
from couchtimer.ui.main_window import MainWindow
from tests.helpers.paths import CUSTOM_PROGRAMME as CUSTOM
from tests.helpers.stubs import Answers, FakeClock
from tests.helpers.windows import make_window

NOW = datetime(2026, 4, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(tmp_path / "data" / "history.db", backups=False) as opened:
        with opened.transaction() as conn:
            start = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
            for run in seed_story(resolve_programme("nhs-c25k"), start, fixed_after="W7R2"):
                insert_run(conn, run)
        yield opened


def window_on(
    qtbot: QtBot, clock: FakeClock, store: HistoryStore, answers: Answers, tmp_path: Path
) -> MainWindow:
    return make_window(
        qtbot, tmp_path, show=False, clock=clock, store=store, ask=answers,
        programmes=[load_programme(CUSTOM)], utc_now=lambda: NOW,
    )  # fmt: skip


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_report_action_writes_the_pdf(
    qtbot: QtBot, clock: FakeClock, store: HistoryStore, answers: Answers, tmp_path: Path
) -> None:
    """The File menu offers the report; it holds every run in the history file."""
    window = window_on(qtbot, clock, store, answers, tmp_path)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.report_action in file_menu.actions()
    assert window.report_action.text() == "&Report for a physio…"
    out = tmp_path / "physio.pdf"
    assert window.commands.export_report(str(out))
    assert window.statusBar().currentMessage() == f"Report written to {out} (4 pages)."
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Runs recorded" in text
    assert "27 (27 completed, 0 ended early)" in text
    assert "Written 20 Apr 2026 09:00 UTC" in text


def test_report_to_a_missing_folder_is_explained(
    qtbot: QtBot, clock: FakeClock, store: HistoryStore, answers: Answers, tmp_path: Path
) -> None:
    """A folder that cannot be written is a warning naming the problem, not a crash."""
    window = window_on(qtbot, clock, store, answers, tmp_path)
    assert not window.commands.export_report(str(tmp_path / "missing" / "r.pdf"))
    assert answers.asked == ["Report not written"]
