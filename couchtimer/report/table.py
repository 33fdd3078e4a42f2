"""The table of runs with pain, painted straight onto the PDF's pages.

The columns are the ones a ``QTextDocument`` gives the same HTML table (Qt lays out a few
sample rows: for each column the cell with the widest text and the one with the longest word,
which are all its automatic widths depend on), so the table looks as it did; every cell is
then wrapped once by ``QTextLayout`` (the same line breaking as the document) and painted
line by line. A row is never split between pages, and the header row starts every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPdfWriter, QTextLayout, QTextOption

from couchtimer.core import analysis
from couchtimer.core.chartdata import RunPoint
from couchtimer.core.history import RunRecord
from couchtimer.report.html_pages import STYLE
from couchtimer.report.layout import FONT, Pages, fill_rect, text_document

HEADERS = (
    "Date",
    "Run",
    "Status",
    "During",
    "After",
    "Next morning",
    "Marks in runs / walks",
    "Body area",
    "Terrain",
    "Felt",
)
HEADING = "Runs with pain"
NO_PAIN = "No run in this period had pain recorded."
HEADER_FILL = QColor("#E8E8E8")
INK = QColor("#000000")
POINT_SIZE = 9.5  # the document's body text
CELL_SPACING = 2  # pixels between the table's cells (Qt's own for an HTML table), said in it


def out_of_ten(value: int | None) -> str:
    return "–" if value is None else f"{value}/10"


def during_words(run: RunRecord) -> str:
    """The runner's worst during the run, with the highest mark beside it where it differs."""
    if run.mark_differs:
        return f"{out_of_ten(run.worst_pain)} (highest mark {run.worst_mark})"
    return out_of_ten(run.worst_pain)


def pain_rows(
    runs: Sequence[RunRecord], points: Sequence[RunPoint] | None = None
) -> list[tuple[str, ...]]:
    """One row of words per run with pain (a rating above 0, or a mark), in the runs' order.
    ``points``: the runs' ``chartdata.run_points`` where the caller has them (the charts do),
    so each run's split and worst pain are worked out once; found by run id, never by place."""
    rows: list[tuple[str, ...]] = []
    by_run = {point.run_id: point for point in points} if points is not None else {}
    for run in runs:
        if not ((run.worst_pain or 0) > 0 or run.marks):
            continue
        point = by_run.get(run.id)
        split, worst = (
            (point.split, point.worst)
            if point is not None
            else (analysis.segment_split(run), analysis.worst_pain(run))
        )
        report = run.report
        felt = ", ".join(c.words for c in report.characters) if report else ""
        areas = ", ".join(a.words for a in (report.areas if report is not None else ()))
        rows.append(
            (
                analysis.date_words(run),
                run.code,
                run.status_words,
                during_words(run),
                out_of_ten(worst.after),
                out_of_ten(worst.morning),
                f"{split.run_marks} / {split.walk_marks}",
                areas or "–",
                run.terrain.words if run.terrain else "–",
                felt or "–",
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class Columns:
    """Where each column's text goes (page pixels), as the HTML table would lay it out."""

    lefts: tuple[float, ...]  # the text's left edge
    widths: tuple[float, ...]  # the width it wraps at
    padding: float  # between a cell's edge and its text
    top: float  # the header text's top, below the heading
    page_top: float  # the header text's top on the pages after the first
    gap: float  # from one row's text to the next row's: padding, spacing


def _sample(rows: Sequence[tuple[str, ...]], metrics: QFontMetricsF) -> list[tuple[str, ...]]:
    """Two rows that give Qt's automatic column widths as all of ``rows`` give them: in each
    column, its widest text, then its text with the widest word (a column's widths are the
    widest of its cells' whole texts and of their words; ten rows of a sample made the table
    layout's work three times over)."""
    widths: dict[str, float] = {}  # each text and word measured once (dates share their words)

    def advance(text: str) -> float:
        width = widths.get(text)
        if width is None:
            width = widths[text] = metrics.horizontalAdvance(text)
        return width

    widest: list[str] = []
    longest: list[str] = []
    for column in range(len(HEADERS)):
        texts = list(dict.fromkeys(row[column] for row in rows))
        widest.append(max(texts, key=advance))
        longest.append(max(texts, key=lambda t: max(map(advance, t.split(" ")))))
    return [tuple(widest), tuple(longest)]


def table_html(rows: Sequence[tuple[str, ...]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in HEADERS)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return (
        f"<html><head><style>{STYLE}</style></head><body><h2>{HEADING}</h2>"
        f"<table width='100%' cellspacing={CELL_SPACING}><tr>{head}</tr>{body}</table>"
        "</body></html>"
    )


def columns(writer: QPdfWriter, rows: Sequence[tuple[str, ...]]) -> Columns:
    """The columns Qt's own HTML table layout gives these rows (measured on ``_sample``)."""
    body = QFont(FONT)
    body.setPointSizeF(POINT_SIZE)
    return table_columns(writer, table_html(_sample(rows, QFontMetricsF(body, writer))))


def table_columns(writer: QPdfWriter, html: str) -> Columns:
    """Where Qt's HTML table layout puts the columns of ``html`` (``table_html``'s)."""
    document = text_document(writer)
    document.setHtml(html)
    layout = document.documentLayout()
    # The heading is the first block, then each cell is one block, row by row (a cell's text is
    # one paragraph). Found by number, not through the table, its cells and cursors: those
    # Python types (and QTextFormat's 116 property names) cost more to make than the rest.
    first = [document.findBlockByNumber(1 + c) for c in range(len(HEADERS))]
    second = document.findBlockByNumber(1 + len(HEADERS))
    spacing = float(CELL_SPACING)
    rects = [layout.blockBoundingRect(block) for block in first]
    padding = (rects[1].x() - rects[0].x() - rects[0].width() - spacing) / 2
    header_height = max(rect.height() for rect in rects)
    return Columns(
        lefts=tuple(rect.x() for rect in rects),
        widths=tuple(rect.width() for rect in rects),
        padding=padding,
        top=rects[0].y(),
        page_top=document.documentMargin() + spacing + padding,
        gap=layout.blockBoundingRect(second).y() - rects[0].y() - header_height,
    )


class _Wrapper:
    """Each distinct text of a column laid out once (wrapped at the column's width, shaped) and
    painted from that layout wherever it is repeated. The layout keeps its glyphs (its cache):
    without it Qt drops them at ``endLayout`` and shapes the text again at every paint (a
    seventh of the table's work)."""

    def __init__(self, writer: QPdfWriter, font: QFont) -> None:
        self._writer = writer
        self.font = font
        self._option = QTextOption()
        self._option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self._done: dict[tuple[str, float], tuple[QTextLayout, float]] = {}

    def cell(self, text: str, width: float) -> tuple[QTextLayout, float]:
        """(the text's layout, its lines one under the other from 0, their height)."""
        key = (text, width)
        done = self._done.get(key)
        if done is None:
            layout = QTextLayout(text, self.font, self._writer)
            layout.setCacheEnabled(True)
            layout.setTextOption(self._option)
            layout.beginLayout()
            y = 0.0
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(width)
                line.setPosition(QPointF(0, y))
                y += line.height()
            layout.endLayout()
            done = self._done[key] = (layout, y)
        return done


def draw_table(
    pages: Pages, runs: Sequence[RunRecord], points: Sequence[RunPoint] | None = None
) -> None:
    """The heading and the table of runs with pain from the top of a page, over as many pages
    as it needs, the header row first on each; ``pages.y`` ends below it."""
    rows = pain_rows(runs, points)
    if not rows:
        pages.text(
            f"<html><head><style>{STYLE}</style></head><body><h2>{HEADING}</h2>"
            f"<p>{NO_PAIN}</p></body></html>"
        )
        return
    pages.text(f"<html><head><style>{STYLE}</style></head><body><h2>{HEADING}</h2></body></html>")
    cols = columns(pages.writer, rows)
    body = QFont(FONT)
    body.setPointSizeF(POINT_SIZE)
    bold = QFont(body)
    bold.setBold(True)
    plain, strong = _Wrapper(pages.writer, body), _Wrapper(pages.writer, bold)
    header = _row(strong, HEADERS, cols)
    bottom = pages.height - cols.padding
    # Where each column's text goes, one point a column moved down row by row (a new QPointF for
    # every cell is three times the Python work of moving one: 4,400 cells for five years)
    at = [QPointF(left, 0.0) for left in cols.lefts]
    _paint(pages, strong, header, cols, cols.top, at)
    y = cols.top + header[1] + cols.gap
    for row in rows:
        cells = _row(plain, row, cols)
        if y + cells[1] > bottom:  # never split: the whole row on the next page
            pages.new_page()
            _paint(pages, strong, header, cols, cols.page_top, at)
            y = cols.page_top + header[1] + cols.gap
        _paint(pages, plain, cells, cols, y, at)
        y += cells[1] + cols.gap
    pages.y = y - cols.gap + cols.padding


def _row(wrapper: _Wrapper, cells: Sequence[str], cols: Columns) -> tuple[list[QTextLayout], float]:
    laid = [wrapper.cell(text, width) for text, width in zip(cells, cols.widths, strict=True)]
    return [layout for layout, _ in laid], max(height for _, height in laid)


def _paint(
    pages: Pages,
    wrapper: _Wrapper,
    cells: tuple[list[QTextLayout], float],
    cols: Columns,
    y: float,
    at: Sequence[QPointF],
) -> None:
    """One row at ``y``; ``at``: a point a column, at its text's left edge (moved to ``y``)."""
    painter = pages.painter
    layouts, height = cells
    painter.setFont(wrapper.font)
    if wrapper.font.bold():  # the header row: grey behind each cell, as the th style has
        for left, width in zip(cols.lefts, cols.widths, strict=True):
            fill_rect(
                painter,
                QRectF(
                    left - cols.padding,
                    y - cols.padding,
                    width + 2 * cols.padding,
                    height + 2 * cols.padding,
                ),
                HEADER_FILL,
            )
    painter.setPen(INK)
    draw = QTextLayout.draw
    for point, layout in zip(at, layouts, strict=True):
        point.setY(y)
        draw(layout, painter, point)
