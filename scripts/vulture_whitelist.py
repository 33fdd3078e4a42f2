"""Names vulture (`make deadcode`, part of `make test`) takes for unused but that are used, each
with why. Vulture reads this file as code that uses them; nothing imports it."""

# ruff: noqa: B018 (each bare attribute below is a use: the point of a vulture whitelist)
from vulture.whitelist_utils import Whitelist

used = Whitelist()
# Qt calls these overrides by name.
used.wheelEvent
used.paintEvent
used.headerData
used.closeEvent
# A module-level __getattr__ (PEP 562): store/__init__.py loads HistoryStore on first use.
used.__getattr__
# Attributes of other libraries' objects, read by them: sqlite3 connections and cursors, and
# reprlib.Repr's limits.
used.row_factory
used.maxstring
used.maxother
# ui/desktop.py holds logind's inhibitor file descriptor: the lock lasts as long as it is open.
used._login1_fd
# Okabe-Ito's eighth colour: the palette is kept whole (a new series takes the next one).
used.YELLOW
# AlignMethod's member for an alignment the runner nudged by hand (issue 15, the nudge slider).
used.MANUAL
# Fields of value objects that reach the runner whole (dataclass repr, JSON), not by name.
used.segments_with_marks
used.sound_problem
