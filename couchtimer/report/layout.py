"""Pages of a PDF report: the writer (A4, 15 mm margins, 300 dpi geometry), rich-text documents
laid out for its pages, and a painter that knows where the next thing goes.

Text stays a ``QTextDocument`` (given its page size before its text, so it is laid out once);
the long table and the charts are painted straight onto the page (``report/table.py``,
``report/painted.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from couchtimer.core.errors import CouchTimerError

NO_PEN = Qt.PenStyle.NoPen  # read once: a fill is drawn for every header cell of the table
RESOLUTION = 300  # dots per inch for the page geometry; charts and text stay vector
FONT = "DejaVu Sans"
SPACER_MIN = 60.0  # pixels: an empty table is at least a line high


class ReportError(CouchTimerError):
    """The report could not be written (the message names the file and the remedy)."""


def page_writer(target: str | QIODevice) -> QPdfWriter:
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


def text_document(device: QPdfWriter) -> QTextDocument:
    """An empty document laid out at the size of ``device``'s pages, in its resolution. The
    size comes before the text, so the text is laid out once."""
    rect = device.pageLayout().paintRectPixels(device.resolution())
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    document.setDefaultFont(QFont(FONT, 10))
    document.setPageSize(QSizeF(float(rect.width()), float(rect.height())))
    return document


def keep_glyphs(document: QTextDocument) -> None:
    """Each block of ``document`` keeps the glyphs its layout shapes: without it Qt drops them
    when the block is laid out and shapes its text again when it is painted (a fifth of the
    closing pages' work). Blocks laid out already (the first thousand characters, as the text
    is set) shape theirs again once, as before; the drawing is the same."""
    block = document.begin()
    while block.isValid():
        block.layout().setCacheEnabled(True)
        block = block.next()


def fill_rect(painter: QPainter, rect: QRectF, colour: QColor) -> None:
    """``painter.fillRect(rect, colour)`` done as Qt does it on a PDF page (no pen, the colour
    as a solid brush, the rectangle, then the brush and pen as they were: the same drawing), but
    without calling ``fillRect``, whose overloads make PySide6 build QGradient's and QImage's
    Python enums (~200 names) the report otherwise never needs."""
    pen, brush = painter.pen(), painter.brush()
    painter.setPen(NO_PEN)
    painter.setBrush(colour)
    painter.drawRect(rect)
    painter.setBrush(brush)
    painter.setPen(pen)


class Pages:
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

    def text(self, html: str, *, here: bool = False) -> None:
        """Flow a rich-text document over as many pages as it needs: from the top of this
        page, or with ``here`` from where the last thing ended."""
        document = text_document(self.writer)
        top = self.y - document.documentMargin()
        if here and top > SPACER_MIN:
            # An empty table of that height first: what is on this page stays clear of it. (A
            # block's top margin is dropped at the top of a page, and the root frame's margin
            # would repeat on every page.)
            spacer = (
                f"<table height={top:.0f} cellpadding=0 cellspacing=0><tr><td></td></tr></table>"
            )
            html = html.replace("<body>", f"<body>{spacer}", 1)
        document.setHtml(html)
        keep_glyphs(document)
        self.flow(document)

    def flow(self, document: QTextDocument) -> None:
        """Paint a document laid out for these pages (``text_document``) from this page."""
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

    def room(self, height: float) -> None:
        """A new page unless ``height`` fits below what is on this one."""
        if self.y + height > self.height + 1:
            self.new_page()

    def end(self) -> None:
        self.painter.end()
