"""Text from files we do not control: find and neutralise control characters.

A programme name or a segment label is printed to the terminal by ``plan`` and ``run
--terminal``; an id travels into exports and reports. A control character there (an ANSI escape
sequence, a carriage return, a bidirectional override) could rewrite what the runner sees, so
files that hold them are refused on load, and anything printed passes through ``printable``.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates that
# reorder what a terminal shows (the "Trojan source" characters). Every one of them is
# unprintable to ``str.isprintable``, so text that is printable (nearly all of it) is answered
# without the patterns, which ``re`` compiles at their first use and keeps (its cache): not when
# this module loads, before the app's first frame (benchmarks/startup.py).
_CONTROL = "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
_CONTROL_BUT_LINES = "[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"


def first_control(text: str) -> str | None:
    """The first control character in ``text`` (as a visible escape such as ``\\x1b``), if any."""
    if text.isprintable():
        return None
    match = re.search(_CONTROL, text)
    return None if match is None else _escape(match)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), never acted on."""
    if text.isprintable():
        return text
    return re.sub(_CONTROL_BUT_LINES if keep_newlines else _CONTROL, _escape, text)
