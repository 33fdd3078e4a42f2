"""Rich text flowed over the report's pages (``report/layout.py``): laid out once, shaped once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QGuiApplication, QTextDocument

from couchtimer.report import layout
from couchtimer.report.layout import Pages, keep_glyphs, page_writer, text_document
from tests.helpers.pdf_pages import page_contents

# Past the first thousand characters Qt lays out as the text is set, over two pages: a
# heading, paragraphs, a list and a table, as the closing pages have.
HTML = (
    "<html><body><h2>Body areas</h2><ul>"
    + "".join(
        f"<li>Knee (left): named after {n} runs, mean worst pain 4.{n}/10</li>" for n in range(9)
    )
    + "</ul><table><tr><th>Date</th><th>Run</th></tr>"
    + "".join(f"<tr><td>{n} Mar 2026</td><td>W{n}R1</td></tr>" for n in range(1, 9))
    + "</table>"
    + "".join(f"<p>Note {n}: “sore after the hill, eased in the walks”.</p>" for n in range(80))
    + "</body></html>"
)


def _blocks(document: QTextDocument) -> list[bool]:
    """Whether each block's layout keeps its glyphs."""
    kept = []
    block = document.begin()
    while block.isValid():
        kept.append(block.layout().cacheEnabled())
        block = block.next()
    return kept


def _drawn(html: str, *, as_before: bool = False) -> list[bytes]:
    """The pages ``Pages.text`` draws (``as_before``: the document set and flowed without
    keeping its glyphs, as before)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pages = Pages(page_writer(buffer))
    if as_before:
        document = text_document(pages.writer)
        document.setHtml(html)
        pages.flow(document)
    else:
        pages.text(html)
    pages.end()
    buffer.close()
    return page_contents(bytes(buffer.data().data()))


def test_every_block_keeps_its_glyphs_and_the_pages_are_drawn_the_same(
    qapp: QGuiApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The text is shaped once, not again when it is painted: every block (the list's items and
    the table's cells too) keeps its glyphs, and the pages draw exactly what they drew."""
    document = text_document(page_writer(QBuffer()))
    document.setHtml(HTML)
    assert not any(_blocks(document))  # Qt's default: shaped again at every paint
    keep_glyphs(document)
    # the heading, the items, the cells, the empty block Qt puts after a table, the notes
    assert _blocks(document) == [True] * (1 + 9 + 2 * 9 + 1 + 80)
    kept: list[list[bool]] = []
    monkeypatch.setattr(
        layout, "keep_glyphs", lambda d: (keep_glyphs(d), kept.append(_blocks(d)))[0]
    )
    drawn = _drawn(HTML)
    assert kept == [[True] * 109]  # Pages.text kept them, before the text was painted
    assert len(drawn) == 3
    assert drawn == _drawn(HTML, as_before=True)
