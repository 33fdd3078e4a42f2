"""The report for a physio: a PDF written with Qt's own PDF output, charts as vector graphics.

Page 1 summarises: the period, programme progress, what the history shows, the current
suggestion, the red-flag answers. Then the charts (drawn by the same pyqtgraph charts as the
History tab, rendered straight into the PDF painter, so they stay vector), then a table of every
run with pain and the runner's notes.

Needs a ``QApplication`` (the charts are widgets); ``couchtimer report`` makes one with the
offscreen platform when there is no display.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QThread
from PySide6.QtGui import (
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPicture,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
)
from PySide6.QtWidgets import QApplication

from couchtimer import __version__
from couchtimer.charts.segment_table import HEADERS, metric_cells
from couchtimer.core import analysis, redflags
from couchtimer.core.advice import AdviceEntry, in_force
from couchtimer.core.engine import RunOutcome
from couchtimer.core.errors import CouchTimerError
from couchtimer.core.findings import MEASURED, findings, recent
from couchtimer.core.guidance import NOT_MEDICAL_ADVICE, guidance_for, urgent_advice_for
from couchtimer.core.hints import hints_for
from couchtimer.core.history import RunRecord, RunStatus
from couchtimer.report.findings_html import advice_log_html, findings_html, hints_html
from couchtimer.store.output import check_output, write_output

# The charts (pyqtgraph, numpy) are imported by ``_write_pages`` while the table of runs is
# read in a worker thread (``_Parse``): the two take about as long as each other.
if TYPE_CHECKING:
    from couchtimer.charts.base import Chart


def _programme_name(programme_id: str) -> str:
    """A shipped programme's name ("NHS Couch to 5K"); a runner's own file's id as it is."""
    from couchtimer.programmes import shipped_programmes

    try:
        names = {p.id: p.name for p in shipped_programmes()}
    except CouchTimerError:
        return programme_id
    return names.get(programme_id, programme_id)


FIRST_PAGE_ADVICE = 3  # advice log entries on page 1; the whole log closes the report
RESOLUTION = 300  # dots per inch for the page geometry; charts and text stay vector
CHART_PIXELS = (820, 360)  # the size the charts are laid out at before scaling onto the page
STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9.5pt; }
h1 { font-size: 17pt; margin-bottom: 2px; }
h2 { font-size: 12.5pt; margin-top: 9px; margin-bottom: 3px; }
p.small { font-size: 8.5pt; color: #444444; }
table { border-collapse: collapse; }
th { background-color: #E8E8E8; text-align: left; padding: 3px; }
td { padding: 3px; }
.urgent { background-color: #FBE3D6; padding: 6px; }
.small { font-size: 8.5pt; }
ul { margin-top: 0px; margin-bottom: 2px; }
"""


class ReportError(CouchTimerError):
    """The report could not be written (the message names the file and the remedy)."""


def _period(runs: Sequence[RunRecord], first: date | None, last: date | None) -> str:
    start = first or (runs[0].day if runs else None)
    end = last or (runs[-1].day if runs else None)
    if start is None or end is None:
        return "no runs recorded"
    return f"{start.day} {start:%b %Y} to {end.day} {end:%b %Y}"


def _during(run: RunRecord) -> str:
    """The runner's worst during the run, with the highest mark beside it where it differs."""
    if run.mark_differs:
        return f"{_value(run.worst_pain)} (highest mark {run.worst_mark})"
    return _value(run.worst_pain)


def _value(value: int | None) -> str:
    return "–" if value is None else f"{value}/10"


def summary_html(
    runs: Sequence[RunRecord],
    first: date | None,
    last: date | None,
    generated: datetime,
    cleared_at: datetime | None = None,
    advice: Sequence[AdviceEntry] = (),
) -> str:
    """Page 1: who/when, programme progress, what the runs show in words, the suggestion, the
    hints offered, the advice log (what the runner was told, and when), red-flag answers."""
    outcomes = [r.outcome for r in runs if r.status is not RunStatus.IN_PROGRESS]
    completed = sum(1 for outcome in outcomes if outcome.finished)
    skips = sum(1 for outcome in outcomes if outcome is RunOutcome.COMPLETED_WITH_SKIPS)
    early = sum(1 for outcome in outcomes if outcome is RunOutcome.ENDED_EARLY)
    with_pain = sum(1 for r in runs if r.has_pain)  # rated or not
    html = [f"<html><head><style>{STYLE}</style></head><body>"]
    html.append("<h1>CouchTimer: running and pain report</h1>")
    html.append(
        f"<p>Runs from {escape(_period(runs, first, last))}. Written {generated.day} "
        f"{generated:%b %Y %H:%M} UTC by CouchTimer {escape(__version__)}.</p>"
    )
    html.append(
        f"<p class='small'><b>{escape(NOT_MEDICAL_ADVICE)}</b> Pain figures are the "
        "runner's own ratings on a 0-10 scale, pressed during the run or given "
        "afterwards.</p>"
    )
    html.append("<h2>Programme progress</h2>")
    if runs:
        latest = runs[-1]
        furthest = max(runs, key=lambda r: (r.week, r.run))
        programmes = ", ".join(sorted({_programme_name(i) for i in {r.programme_id for r in runs}}))
        html.append(
            "<table>"
            f"<tr><td>Programme</td><td>{escape(programmes)}</td></tr>"
            f"<tr><td>Runs recorded</td><td>{len(runs)} ({completed} completed"
            f"{f', {skips} of them with skips' if skips else ''}, {early} ended early)</td></tr>"
            f"<tr><td>Furthest run reached</td><td>week {furthest.week}, run {furthest.run}"
            "</td></tr>"
            f"<tr><td>Latest run</td><td>{escape(analysis.date_words(latest))}: "
            f"{escape(latest.code)}</td></tr>"
            f"<tr><td>Runs with pain</td><td>{with_pain}</td></tr>"
            "</table>"
        )
    else:
        html.append("<p>No runs in this period.</p>")
    html.append("<h2>What the history shows</h2>")
    found = findings(runs)
    html.append(findings_html(found))
    shown = in_force(
        advice[-1] if advice else None, guidance_for(runs, cleared_at=cleared_at), runs, cleared_at
    )
    html.append("<h2>CouchTimer's suggestion after the latest run</h2>")
    html.append(f"<p><b>{escape(shown.suggestion)}</b><br>{escape(shown.reason)}</p>")
    urgent = urgent_advice_for(runs, cleared_at)
    if urgent is not None:
        html.append(f"<p class='urgent'><b>{escape(urgent.headline)}</b></p>")
    html.append("<h2>Red-flag questions</h2>")
    html.append(red_flags_html(runs))
    hints = hints_for(findings(recent(runs)), shown)  # as Today offers them: the latest runs
    html.append("<h2>What CouchTimer suggested, and when</h2>")
    html.append(advice_log_html(advice, FIRST_PAGE_ADVICE))
    if len(advice) > FIRST_PAGE_ADVICE:
        earlier = len(advice) - FIRST_PAGE_ADVICE
        html.append(
            f"<p class='small'>The newest {FIRST_PAGE_ADVICE}; the {earlier} before them are "
            "listed at the end of this report.</p>"
        )
    if hints:
        html.append("<h2>Hints offered to the runner</h2>")
        html.append(f"<div class='small'>{hints_html(hints, sources=True)}</div>")
    html.append("</body></html>")
    return "".join(html)


def red_flags_html(runs: Sequence[RunRecord]) -> str:
    asked = [r for r in runs if r.report is not None and r.report.red_flags_asked]
    flagged = [r for r in runs if r.report is not None and r.report.red_flags_yes]
    if not flagged:
        if not asked:
            return "<p>The red-flag questions were not asked in this period.</p>"
        return (
            f"<p>Asked after {len(asked)} run{'s' if len(asked) != 1 else ''}; "
            "every answer was no.</p>"
        )
    rows = "".join(
        f"<tr><td>{escape(analysis.date_words(r))}</td><td>{escape(r.code)}</td>"
        f"<td>{escape('; '.join(_flag_words(f) for f in r.report.red_flags_yes))}</td>"
        f"<td>{escape(_advice_headline(r.report.red_flags_yes))}</td></tr>"
        for r in flagged
        if r.report is not None
    )
    return (
        "<p class='urgent'><b>The runner answered yes to a red-flag question.</b> "
        "CouchTimer advised urgent medical help, in the NHS's words below.</p>"
        "<table><tr><th>Date</th><th>Run</th><th>Answered yes</th><th>Advice shown</th></tr>"
        f"{rows}</table>"
    )


def _flag_words(flag_id: str) -> str:
    try:
        return redflags.red_flag(flag_id).said
    except ValueError:  # an answer from a newer CouchTimer: show its id
        return flag_id


def _advice_headline(yes_ids: Sequence[str]) -> str:
    try:
        advice = redflags.advice_for(yes_ids)
    except ValueError:
        advice = None
    return advice.headline if advice else "Seek urgent medical help."


def runs_html(runs: Sequence[RunRecord], advice: Sequence[AdviceEntry] = ()) -> str:
    """The table of runs with pain, the runner's notes, and the advice log when page 1 had room
    for only the newest of it."""
    painful = [r for r in runs if (r.worst_pain or 0) > 0 or r.marks]
    html = [f"<html><head><style>{STYLE}</style></head><body>"]
    html.append("<h2>Runs with pain</h2>")
    if painful:
        html.append(
            "<table width='100%'><tr><th>Date</th><th>Run</th><th>Status</th>"
            "<th>During</th><th>After</th><th>Next morning</th><th>Marks in runs / walks</th>"
            "<th>Body area</th><th>Terrain</th><th>Felt</th></tr>"
        )
        for run in painful:
            s = analysis.summarise(run)
            felt = ", ".join(c.words for c in run.report.characters) if run.report else ""
            terrain = s.terrain.words if s.terrain else "–"
            areas = ", ".join(a.words for a in (run.report.areas if run.report is not None else ()))
            html.append(
                f"<tr><td>{escape(s.date)}</td><td>{escape(s.code)}</td>"
                f"<td>{escape(s.status)}</td><td>{escape(_during(run))}</td>"
                f"<td>{_value(s.worst.after)}</td><td>{_value(s.worst.morning)}</td>"
                f"<td>{s.split.run_marks} / {s.split.walk_marks}</td>"
                f"<td>{escape(areas or '–')}</td><td>{escape(terrain)}</td>"
                f"<td>{escape(felt or '–')}</td></tr>"
            )
        html.append("</table>")
    else:
        html.append("<p>No run in this period had pain recorded.</p>")
    html.append("<h2>Body areas</h2>")
    groups = analysis.pain_by_region(runs)
    if groups:
        html.append("<ul>")
        for g in groups:
            mean = "–" if g.mean_worst is None else f"{g.mean_worst:.1f}/10"
            html.append(
                f"<li>{escape(g.label)}: named after {g.runs} run{'s' if g.runs != 1 else ''}, "
                f"mean worst pain {mean}</li>"
            )
        html.append("</ul>")
    else:
        html.append("<p>No body area was named.</p>")
    html.append("<h2>The runner's notes</h2>")
    notes = [(r, r.report.notes) for r in runs if r.report is not None and r.report.notes]
    notes += [(r, r.checkin.notes) for r in runs if r.checkin is not None and r.checkin.notes]
    notes.sort(key=lambda item: item[0].started_at)
    if notes:
        html.append("<ul>")
        for run, text in notes:
            html.append(
                f"<li>{escape(analysis.date_words(run))}, {escape(run.code)}: “{escape(text)}”</li>"
            )
        html.append("</ul>")
    else:
        html.append("<p>No notes.</p>")
    if len(advice) > FIRST_PAGE_ADVICE:
        html.append("<h2>Everything CouchTimer suggested, and when</h2>")
        html.append(advice_log_html(advice))
    html.append(f"<p class='small'>{escape(NOT_MEDICAL_ADVICE)}</p></body></html>")
    return "".join(html)


class _Pages:
    """A painter on a PDF writer that knows where the next thing goes."""

    def __init__(self, writer: QPdfWriter) -> None:
        self.writer = writer
        self.painter = QPainter()
        if not self.painter.begin(writer):
            raise ReportError("the PDF could not be started")
        rect = writer.pageLayout().paintRectPixels(writer.resolution())
        self.width = float(rect.width())
        self.height = float(rect.height())
        self.y = 0.0
        self.pages = 1

    def new_page(self) -> None:
        self.writer.newPage()
        self.pages += 1
        self.y = 0.0

    def text(self, html: str) -> None:
        """Flow a rich-text document over as many pages as it needs."""
        document = _document(self.writer)
        document.setHtml(html)
        self.flow(document)

    def flow(self, document: QTextDocument) -> None:
        """Paint a document laid out for these pages (``_document``) from the current page."""
        count = document.pageCount()
        for page in range(count):
            if page:
                self.new_page()
            self.painter.save()
            self.painter.translate(0, -page * self.height)
            document.drawContents(
                self.painter, QRectF(0, page * self.height, self.width, self.height)
            )
            self.painter.restore()
        self.y = document.size().height() - (count - 1) * self.height

    def chart(self, chart: Chart, height_share: float) -> None:
        height = self.height * height_share
        if self.y + height > self.height + 1:
            self.new_page()
        # Recorded as a QPicture at screen resolution, then replayed scaled onto the page: the
        # chart stays vector and its fonts keep their size relative to the plot.
        _vector(chart)
        picture = QPicture()
        width, height_pixels = CHART_PIXELS
        recorder = QPainter(picture)
        chart.widget.render(
            recorder,
            QRectF(0, 0, width, height_pixels),
            chart.widget.viewport().rect(),
            Qt.AspectRatioMode.IgnoreAspectRatio,
        )
        recorder.end()
        self.painter.save()
        self.painter.translate(0, self.y)
        # QPicture replays at the target's resolution; undo that so the chart fills ``target``
        dpi = picture.logicalDpiX() / self.writer.logicalDpiX()
        self.painter.scale(self.width / width * dpi, height / height_pixels * dpi)
        self.painter.drawPicture(0, 0, picture)
        self.painter.restore()
        self.y += height + self.height * 0.02

    def end(self) -> None:
        self.painter.end()


def _vector(chart: Chart) -> None:
    import pyqtgraph as pg

    for item in chart.plot.items:
        if isinstance(item, pg.ScatterPlotItem):
            # drawn as paths (vector), not stamped from the on-screen bitmap cache
            item.opts["useCache"] = False


def _page_writer(target: str | QIODevice) -> QPdfWriter:
    writer = QPdfWriter(target)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    return writer


def _document(device: QPdfWriter) -> QTextDocument:
    """An empty document laid out at the size of ``device``'s pages, in its resolution. The
    size comes before the text, so the text is laid out once."""
    rect = device.pageLayout().paintRectPixels(device.resolution())
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    document.setDefaultFont(QFont("DejaVu Sans", 10))
    document.setPageSize(QSizeF(float(rect.width()), float(rect.height())))
    return document


class _Parse(QThread):
    """Reads a long HTML document in a worker thread while the main thread draws the charts.

    Only the reading, into a document with no layout (so no fonts: Qt keeps font engines per
    thread), handed to the main thread, which copies it into a document laid out for the
    page. Qt reads HTML reentrantly and without the GIL.
    """

    def __init__(self, html: str) -> None:
        super().__init__()
        self._html = html
        self._home = QThread.currentThread()
        self._read: QTextDocument | None = None

    def run(self) -> None:
        read = _read(self._html)
        read.moveToThread(self._home)
        self._read = read

    def document(self, device: QPdfWriter) -> QTextDocument:
        """The text laid out for ``device``'s pages (read here if the worker could not)."""
        self.wait()
        document = _document(device)
        read = self._read or _read(self._html)
        QTextCursor(document).insertFragment(QTextDocumentFragment(read))
        return document


def _read(html: str) -> QTextDocument:
    read = QTextDocument()  # no layout is made until one is asked for
    read.setDefaultFont(QFont("DejaVu Sans", 10))
    read.setHtml(html)
    return read


def _prepare(chart: Chart, palette: QPalette) -> None:
    # Painted once offscreen first, from pyqtgraph's bitmap cache (cheap): the axes size
    # themselves to their labels while painting. Only the painting into the page draws every
    # symbol as a path (``_Pages.chart``).
    widget = chart.widget
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    widget.resize(*CHART_PIXELS)
    chart.restyle(palette)
    widget.show()


def measured_html(runs: Sequence[RunRecord], example: RunRecord | None) -> str:
    """The page on what recordings measured: the findings that rest on them, as History shows
    them, and the per-segment table of the run whose timeline is in the report, where it has
    a recording."""
    html = ["<h2>From your watch or phone recordings</h2>"]
    said = [f.text for f in findings(runs) if f.kind in MEASURED]
    if said:
        html.append(f"<p>{escape(' '.join(said))}</p>")
    html.append(
        f"<p class='small'>{escape(NOT_MEDICAL_ADVICE)} Gradient is measured over each run "
        "segment of 100 m or more: downhill is −4 % and steeper, uphill +4 % and steeper.</p>"
    )
    shown = example.measured.segments if example is not None and example.measured else ()
    if example is not None and shown:
        html.append(f"<h3>{escape(example.code)}, {escape(analysis.date_words(example))}</h3>")
        head = "".join(f"<th>{escape(h)}</th>" for h in HEADERS)
        rows = "".join(
            "<tr>"
            + "".join(f"<td>{escape(c)}</td>" for c in metric_cells(example.planned, m))
            + "</tr>"
            for m in shown
        )
        html.append(f"<table><tr>{head}</tr>{rows}</table>")
    return "".join(html)


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
    if QApplication.instance() is None:
        raise ReportError("the PDF report needs the Qt application to be running")
    check_output(path, "report.pdf")  # a folder or an empty name: say so before the work
    ordered = analysis.in_date_order(runs)
    # Made in memory, then written by store/output.py: a kill while it is made leaves no
    # partial copy of the health data on disk (the old temporary .couchtimer-report-*.pdf).
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pages = _write(ordered, buffer, generated, first, last, cleared_at, advice)
    buffer.close()
    write_output(path, bytes(buffer.data().data()), "report.pdf")
    return pages


def _write(
    runs: Sequence[RunRecord],
    path: str | QIODevice,
    generated: datetime,
    first: date | None,
    last: date | None,
    cleared_at: datetime | None = None,
    advice: Sequence[AdviceEntry] = (),
) -> int:
    table = _Parse(runs_html(runs, advice))  # the longest part: laid out while charts are drawn
    table.start()
    try:
        return _write_pages(runs, path, generated, first, last, cleared_at, advice, table)
    finally:
        table.wait()


def _write_pages(
    runs: Sequence[RunRecord],
    path: str | QIODevice,
    generated: datetime,
    first: date | None,
    last: date | None,
    cleared_at: datetime | None,
    advice: Sequence[AdviceEntry],
    table: _Parse,
) -> int:
    from couchtimer.charts.across import AcrossRuns
    from couchtimer.charts.timeline import TimelineChart

    writer = _page_writer(path)
    writer.setTitle("CouchTimer running and pain report")
    writer.setCreator(f"CouchTimer {__version__}")
    palette = QPalette(QApplication.palette())
    for role, colour in (
        (QPalette.ColorRole.Base, Qt.GlobalColor.white),
        (QPalette.ColorRole.Window, Qt.GlobalColor.white),
        (QPalette.ColorRole.Text, Qt.GlobalColor.black),
        (QPalette.ColorRole.WindowText, Qt.GlobalColor.black),
    ):
        palette.setColor(role, colour)
    across = AcrossRuns()
    timeline = TimelineChart()
    measured = any(run.measured is not None for run in runs)
    for chart in (*across.charts, timeline, *(across.measured_charts if measured else ())):
        _prepare(chart, palette)
    across.set_runs(runs)
    with_marks = [r for r in runs if r.marks]
    example = with_marks[-1] if with_marks else None
    timeline.set_run(
        example, example.measured.segments if example is not None and example.measured else ()
    )
    if example is not None:
        timeline.set_title(f"Latest run with pain marks: {timeline.title}")
    QApplication.processEvents()

    pages = _Pages(writer)
    try:
        pages.text(summary_html(runs, first, last, generated, cleared_at, advice))
        pages.new_page()
        pages.chart(across.worst, 0.3)
        pages.chart(across.split, 0.3)
        if example is not None:
            pages.chart(timeline, 0.3)
        pages.new_page()
        pages.chart(across.onset, 0.3)
        pages.chart(across.terrain, 0.3)
        pages.chart(across.region, 0.3)
        if measured:
            pages.new_page()
            pages.text(measured_html(runs, example))
            pages.chart(across.slope, 0.3)
            pages.chart(across.cadence, 0.3)
        pages.new_page()
        pages.flow(table.document(writer))
    finally:
        pages.end()
        for chart in (*across.charts, timeline, *across.measured_charts):
            chart.widget.close()
            chart.widget.deleteLater()
    return pages.pages
