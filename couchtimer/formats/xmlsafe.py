"""XML from outside, parsed safely and incrementally.

Activity files never need a DTD, so any ``<!DOCTYPE`` or ``<!ENTITY`` is refused before the
parser sees the bytes: that closes entity expansion ("billion laughs") and external entities
without a dependency. The pull parser hands over each element as it closes, so a file cut off
in the middle keeps everything before the cut.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime

from couchtimer.core.errors import ActivityError

CHUNK = 1 << 16


def refuse_dtd(data: bytes, source: str) -> None:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ActivityError(f"{source}: declares a DTD or entities, which activity files never do")


def local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def closed_elements(data: bytes) -> Iterator[tuple[str, ET.Element]]:
    """(event, element) as the parser meets them ("start" and "end"); ET.ParseError at a fault,
    after every element before it."""
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    for offset in range(0, len(data), CHUNK):
        parser.feed(data[offset : offset + CHUNK])
        yield from parser.read_events()  # type: ignore[misc]
    parser.close()
    yield from parser.read_events()  # type: ignore[misc]


# What the pull parser raises at a fault: bad XML, or an encoding it does not know.
FAULTS = (ET.ParseError, LookupError, ValueError)


def fault(exc: Exception) -> str:
    """A fault in a few words, for the "cut short" warning."""
    if isinstance(exc, ET.ParseError):
        return f"XML error at line {exc.position[0]}"
    return f"XML it cannot decode ({str(exc)[:60]})"


def text(element: ET.Element, name: str) -> str | None:
    """The text of the first child called ``name`` (any namespace)."""
    for child in element:
        if local(child.tag) == name:
            return (child.text or "").strip()
    return None


def number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


def moment(value: str | None) -> datetime | None:
    """An ISO 8601 time as written in TCX/GPX ("Z", offsets, fractions of a second)."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
