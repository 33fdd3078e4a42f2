"""The report for a physio: a PDF written with Qt's own PDF output, charts as vector graphics.

Page 1 summarises: the period, programme progress, what the history shows, the current
suggestion, the red-flag answers (``report/html_pages.py``). Then the charts (the figures of
the History tab's charts, ``charts/figures.py``, painted onto the page by
``report/painted.py``), then a table of every run with pain (``report/table.py``) and the
runner's notes.

Needs a ``QGuiApplication`` (no widgets: no QtWidgets, pyqtgraph or numpy is loaded);
``couchtimer report`` makes one with the offscreen platform when there is no display.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QRectF
from PySide6.QtGui import QGuiApplication

from couchtimer import __version__
from couchtimer.charts import figures
from couchtimer.charts.figures import Figure
from couchtimer.charts.timeline_figure import REPORT_WORDS, timeline
from couchtimer.core import analysis, chartdata
from couchtimer.core.advice import AdviceEntry
from couchtimer.core.findings import findings
from couchtimer.core.history import RunRecord
from couchtimer.core.slopes import pain_by_slope
from couchtimer.report.html_pages import closing_html, measured_html, summary_html
from couchtimer.report.layout import Pages, ReportError, page_writer
from couchtimer.report.painted import ChartPainter
from couchtimer.report.table import draw_table
from couchtimer.store.output import check_output, write_output

CHART_SHARE = 0.3  # of the page's height, each chart
GAP_SHARE = 0.02  # below each chart


def write_report(
    runs: Sequence[RunRecord],
    path: Path | str,
    generated: datetime,
    first: date | None = None,
    last: date | None = None,
    cleared_at: datetime | None = None,
    advice: Sequence[AdviceEntry] = (),
) -> int:
    """Write the report to ``path`` (mode 0600, replaced atomically; a FIFO or device is
    streamed to, ``-`` is standard output: ``store/output.py``); returns the page count.

    What watch or phone recordings measured comes with the runs (``RunRecord.measured``): the
    run timeline gets its gradient and cadence strips, and a page shows pain against measured
    gradient and cadence with the same findings as History.

    ``cleared_at``: when the runner last confirmed being seen by a doctor or physio (see
    ``guidance.guidance_for``); red-flag answers from runs before it no longer make the
    suggestion urgent. ``advice``: the advice log (page 1 lists it).
    """
    if not isinstance(QGuiApplication.instance(), QGuiApplication):
        raise ReportError("the PDF report needs the Qt application to be running")
    check_output(path, "report.pdf")  # a folder or an empty name: say so before the work
    ordered = analysis.in_date_order(runs)
    # Made in memory, then written by store/output.py: a kill while it is made leaves no
    # partial copy of the health data on disk (the old temporary .couchtimer-report-*.pdf).
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pages = _write_pages(ordered, buffer, generated, first, last, cleared_at, advice)
    buffer.close()
    write_output(path, bytes(buffer.data().data()), "report.pdf")
    return pages


def _write_pages(
    runs: Sequence[RunRecord],
    path: str | QIODevice,
    generated: datetime,
    first: date | None,
    last: date | None,
    cleared_at: datetime | None,
    advice: Sequence[AdviceEntry],
) -> int:
    writer = page_writer(path)
    writer.setTitle("CouchTimer running and pain report")
    writer.setCreator(f"CouchTimer {__version__}")
    with_marks = [r for r in runs if r.marks]
    example = with_marks[-1] if with_marks else None
    measured = any(run.measured is not None for run in runs)
    pages = Pages(writer)
    charts = ChartPainter(pages.painter)

    def chart(figure: Figure) -> None:
        height = pages.height * CHART_SHARE
        pages.room(height)
        charts.draw(figure, QRectF(0, pages.y, pages.width, height))
        pages.y += height + pages.height * GAP_SHARE

    try:
        found = findings(runs)  # page 1 says them all; the recordings page, some again
        pages.text(summary_html(runs, first, last, generated, cleared_at, advice, found))
        points = chartdata.run_points(runs)
        boundaries = analysis.week_boundaries(runs)
        pages.new_page()
        chart(figures.worst(points, boundaries))
        chart(figures.split(points, boundaries))
        if example is not None:
            metrics = example.measured.segments if example.measured else ()
            title = f"Latest run with pain marks: {example.code}, {analysis.date_words(example)}"
            share, tall = charts.label_room(REPORT_WORDS)  # the labels spaced as on screen
            chart(timeline(example, metrics, title=title, share=share, tall=tall))
        pages.new_page()
        chart(figures.onset(chartdata.onset_by_week(runs), bool(runs)))
        chart(figures.terrain(runs))
        chart(figures.region(runs))
        if measured:
            pages.new_page()
            pages.text(measured_html(runs, example, found))
            chart(figures.slope(pain_by_slope(runs), bool(runs)))
            chart(figures.cadence(figures.cadence_points(runs), bool(runs)))
        pages.new_page()
        draw_table(pages, runs, points)
        pages.text(closing_html(runs, advice), here=True)
    finally:
        pages.end()
    return pages.pages
