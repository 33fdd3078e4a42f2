"""What a PDF draws on each page: its pages' content streams, decompressed (Qt writes each
page's drawing as one Flate stream). Two PDFs that draw the same have the same streams, whatever
their creation dates and font subsets' names."""

from __future__ import annotations

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj\n")
_PAGE = re.compile(rb"/Type /Page\n/Parent \d+ 0 R\n/Contents (\d+) 0 R")


def page_contents(pdf: bytes) -> list[bytes]:
    """Each page's content stream, decompressed, in page order."""
    starts = {int(m.group(1)): m.end() for m in _OBJECT.finditer(pdf)}
    pages = []
    for number in _PAGE.findall(pdf):
        begin = pdf.index(b"stream\n", starts[int(number)]) + len(b"stream\n")
        pages.append(zlib.decompress(pdf[begin : pdf.index(b"endstream", begin)]))
    return pages
