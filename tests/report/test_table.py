"""The table of runs with pain, painted page by page: every run with pain has its row, each
page starts with the header row, and no row is split between pages (read back by pdftotext)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QFont, QFontMetricsF, QGuiApplication

from couchtimer.core import analysis, chartdata
from couchtimer.core.demo import years_of_runs
from couchtimer.programmes import resolve_programme
from couchtimer.report.layout import FONT, page_writer, text_document
from couchtimer.report.pdf import write_report
from couchtimer.report.table import (
    CELL_SPACING,
    HEADERS,
    POINT_SIZE,
    _sample,
    _Wrapper,
    columns,
    pain_rows,
    table_columns,
    table_html,
)
from tests.report.test_pdf import pdf_text

START = datetime(2021, 3, 1, 7, 30, tzinfo=UTC)
WRITTEN = datetime(2026, 4, 20, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def test_every_row_once_header_on_each_page_rows_whole(qapp: QGuiApplication,
                                                       tmp_path: Path) -> None:  # fmt: skip
    runs = analysis.in_date_order(years_of_runs(resolve_programme("nhs-c25k"), START, 160))
    rows = pain_rows(runs)
    assert len(rows) > 60  # several pages of them
    path = tmp_path / "report.pdf"
    write_report(runs, path, WRITTEN)
    pages = pdf_text(path)
    table = [p for p in pages if "Marks in" in p]
    assert len(table) >= 3
    for page in table:
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        head = next(i for i, line in enumerate(lines) if line.startswith("Date Run"))
        assert lines[head].startswith("Date Run Status During After Next")
    seen = []
    for page in table:
        lines = [line.split() for line in page.splitlines() if line.strip()]
        starts = [_row_start(words) for words in lines]
        body = next(i for i, start in enumerate(starts) if start is not None)
        assert lines[body - 1][0] == "walks"  # the header's last line, then a whole row
        seen += [start for start in starts if start is not None]
        # never split: every date wrapped onto a second line has that line on the same page
        wrapped = sum(1 for words, start in zip(lines, starts, strict=True)
                      if start is not None and words[2][:1] == "W")  # fmt: skip
        year_lines = sum(1 for words in lines if len(words[0]) == 4 and words[0].isdigit())
        assert wrapped == year_lines
    assert seen == [(" ".join(r[0].split()[:2]), r[1]) for r in rows]  # all, once, in order


def _row_start(words: list[str]) -> tuple[str, str] | None:
    """(day month, run code) where a table row starts (its date, maybe its year, its code)."""
    for at in (2, 3):
        if len(words) > at + 1 and words[0].isdigit() and words[at + 1] in {"completed", "ended"}:
            return " ".join(words[:2]), words[at]
    return None


def test_the_charts_figures_are_matched_to_runs_by_id_never_by_place() -> None:
    """The table may reuse the charts' per-run figures; given in another order, each run's row
    still carries its own (the rows are as if worked out afresh)."""
    runs = analysis.in_date_order(years_of_runs(resolve_programme("nhs-c25k"), START, 60))
    points = chartdata.run_points(runs)
    fresh = pain_rows(runs)
    assert len(set(fresh)) > 10
    assert pain_rows(runs, points) == fresh
    assert pain_rows(runs, points[::-1]) == fresh


def test_a_cells_text_is_laid_out_and_shaped_once(qapp: QGuiApplication) -> None:
    """The same text at the same width is the same layout, wrapped once (450 px of words in
    two lines of 300 px), and it keeps its glyphs for every paint (Qt would otherwise shape
    it again each time it is drawn)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    wrapper = _Wrapper(page_writer(buffer), QFont("DejaVu Sans", 9))
    layout, height = wrapper.cell("ankle, lower back, knee", 300.0)
    again, same_height = wrapper.cell("ankle, lower back, knee", 300.0)
    wider, _ = wrapper.cell("ankle, lower back, knee", 900.0)
    assert again is layout
    assert same_height == height
    assert wider is not layout
    assert layout.cacheEnabled()
    assert wider.cacheEnabled()
    assert layout.lineCount() == 2
    assert wider.lineCount() == 1
    assert height == 2 * layout.lineAt(0).height() == 90.0  # 9 pt lines at 300 dpi


class _Widths:
    """Text widths for ``_sample``: one unit a character, every measurement counted."""

    def __init__(self) -> None:
        self.measured: list[str] = []

    def horizontalAdvance(self, text: str) -> float:  # noqa: N802 - QFontMetricsF's name
        self.measured.append(text)
        return float(len(text))


def test_the_sample_holds_each_columns_widest_text_and_word_measured_once() -> None:
    """The rows Qt's column widths depend on: per column, the first row with its widest text and
    the first with its longest word; each distinct text and word is measured once."""
    blank = ("x",) * 8
    rows = [
        ("1 Mar 2026", "W1R1", *blank),  # the first "x" of each column (all as wide)
        ("12 Mar 2026", "W1R1", *blank),  # wider than the first date, not the widest
        ("1 Mar 2026", "W10R2", *blank),  # the widest run code, its longest word too
        ("3 September", "W1R1", *blank),  # the longest word, not the widest date
        ("12 Mar 2026 to 13 Mar", "W1R1", *blank),  # the widest date
        ("4 Mar 2026 to 14 Mar", "W1R2", *blank),  # as wide as one before it: not chosen
    ]
    widths = _Widths()
    assert _sample(rows, widths) == [  # type: ignore[arg-type]
        ("12 Mar 2026 to 13 Mar", "W10R2", *blank),
        ("3 September", "W10R2", *blank),
    ]
    assert len(widths.measured) == len(set(widths.measured))
    assert set(widths.measured) == {
        "1 Mar 2026", "12 Mar 2026", "3 September", "12 Mar 2026 to 13 Mar",
        "4 Mar 2026 to 14 Mar", "1", "Mar", "2026", "12", "3", "September", "to", "13", "4",
        "14", "W1R1", "W10R2", "W1R2", "x",
    }  # fmt: skip


def test_two_rows_give_the_columns_of_the_whole_table(qapp: QGuiApplication) -> None:
    """Qt lays out the table of the two sampled rows with the columns it gives the table of
    every row: the same lefts, widths, padding and gaps (160 runs, 81 rows with pain)."""
    runs = analysis.in_date_order(years_of_runs(resolve_programme("nhs-c25k"), START, 160))
    rows = pain_rows(runs)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = page_writer(buffer)
    body = QFont(FONT)
    body.setPointSizeF(POINT_SIZE)
    assert len(_sample(rows, QFontMetricsF(body, writer))) == 2
    assert len(rows) == 81
    assert columns(writer, rows) == table_columns(writer, table_html(rows))


def test_the_columns_are_where_qts_own_table_puts_its_cells(qapp: QGuiApplication) -> None:
    """``columns`` finds the header's cells by block number, with the spacing the table is
    written with: the same places, widths and spacing as asking Qt's table for each cell."""
    runs = analysis.in_date_order(years_of_runs(resolve_programme("nhs-c25k"), START, 160))
    rows = pain_rows(runs)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = page_writer(buffer)
    found = columns(writer, rows)
    document = text_document(writer)
    body = QFont(FONT)
    body.setPointSizeF(POINT_SIZE)
    document.setHtml(table_html(_sample(rows, QFontMetricsF(body, writer))))
    table = document.rootFrame().childFrames()[0]
    cells = [table.cellAt(0, c).firstCursorPosition().block() for c in range(len(HEADERS))]  # type: ignore[attr-defined]
    rects = [document.documentLayout().blockBoundingRect(block) for block in cells]
    assert table.format().cellSpacing() == CELL_SPACING  # type: ignore[attr-defined]
    assert found.lefts == tuple(rect.x() for rect in rects)
    assert found.widths == tuple(rect.width() for rect in rects)
    assert found.top == rects[0].y()
    assert found.padding == (rects[1].x() - rects[0].right() - CELL_SPACING) / 2
    second = table.cellAt(1, 0).firstCursorPosition().block()  # type: ignore[attr-defined]
    header = max(rect.height() for rect in rects)
    assert found.gap == document.documentLayout().blockBoundingRect(second).y() - found.top - header
