"""Facts kept with the history as a whole, not with one run: the ``history_facts`` table
(migration 5), one row per fact, its value as text.

One fact today: ``red_flags_cleared_at``, the moment the runner said "I have been seen by a
doctor or physio" (Today's button). Red-flag answers from runs started before it stop holding
the programme (``core.guidance``). It is health data, so it lives in the history file: the
daily backups copy it, the JSON export carries it (``import`` keeps the later of two), and
``--db`` reads it. Before schema 5 it sat in settings.ini; ``carry_red_flags`` copies that value
into a history file once, and notes that it did, so a value the runner changes afterwards is
never overwritten by the old one. Stored as ``core.history.utc_text`` and read back with
``core.history.parse_utc``, the one parser of stored times.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from couchtimer.core.history import parse_utc, utc_text
from couchtimer.store.errors import StoreError, explain

if TYPE_CHECKING:
    from couchtimer.store.database import HistoryStore

log = logging.getLogger(__name__)

#: When the runner last said a doctor or physio has seen them (UTC text).
CLEARED = "red_flags_cleared_at"
#: When the settings.ini value of an older CouchTimer was looked for (UTC text): never again.
CARRIED = "carried/red_flags_cleared_at"


def _get(conn: sqlite3.Connection, name: str) -> str | None:
    row = conn.execute("SELECT value FROM history_facts WHERE name = ?", (name,)).fetchone()
    return None if row is None else str(row[0])


def _put(conn: sqlite3.Connection, name: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO history_facts (name, value) VALUES (?, ?)", (name, value))


def _moment(text: str | None) -> datetime | None:
    """A stored or carried time; None for none, and for text that is not one (logged)."""
    if text is None:
        return None
    try:
        return parse_utc(text)
    except (ValueError, OverflowError) as exc:
        log.warning("%s %r is not a time; taken as never (%s)", CLEARED, text, exc)
        return None


def cleared_in(conn: sqlite3.Connection) -> datetime | None:
    """``red_flags_cleared_at`` through a connection (inside a transaction: import)."""
    return _moment(_get(conn, CLEARED))


def keep_later(conn: sqlite3.Connection, at: datetime | None, now: datetime) -> bool:
    """Inside the caller's transaction: keep ``at`` when the history has no moment or an
    earlier one (import: both histories' runners were seen by then). Returns whether it did.

    A moment after ``now`` is never kept: nobody has been seen in the future, and a future
    moment would let no red-flag answer hold until then (a hand-edited file, a fast clock)."""
    if at is None or at > now:
        return False
    held = cleared_in(conn)
    if held is not None and held >= at:
        return False
    _put(conn, CLEARED, utc_text(at))
    return True


def red_flags_cleared_at(store: HistoryStore) -> datetime | None:
    """When the runner last said a doctor or physio has seen them; None: never."""
    try:
        return cleared_in(store.connection)
    except sqlite3.Error as exc:
        raise StoreError(explain(exc, store.path)) from exc


def clear_red_flags(store: HistoryStore, at: datetime) -> None:
    """The runner says a doctor or physio has seen them, at ``at`` (the caller's clock):
    red-flag answers from runs started before it stop holding. One transaction; StoreError
    when the file cannot take it (then nothing changed: the hold stays)."""
    if store.read_only is not None:
        raise StoreError(store.read_only)
    with store._writing() as conn:
        _put(conn, CLEARED, utc_text(at))


def carry_red_flags(store: HistoryStore, old_value: Callable[[], str | None]) -> bool:
    """Once per history file: the moment an older CouchTimer kept in settings.ini
    (``old_value()``, its raw text, or None) goes into the history if the history has none, and
    the history notes that it was looked for, so it is never copied again (a later clear stays
    the runner's). Returns whether a moment was copied. A file that cannot be written now is
    tried again at its next opening (logged; meanwhile the history shows any hold)."""
    if store.read_only is not None:
        return False
    try:
        if _get(store.connection, CARRIED) is not None:  # every opening after the first
            return False
        try:
            moment = _moment(old_value())
        except (OSError, ValueError) as exc:  # unreadable: tried again at the next opening
            log.warning("settings.ini's %s could not be read: %s", CLEARED, exc)
            return False
        with store._writing() as conn:
            if _get(conn, CARRIED) is not None:  # another CouchTimer carried it meanwhile
                return False
            copied = False
            if (
                moment is not None
                and moment <= store._utc_now()  # never a moment in the future (keep_later)
                and _get(conn, CLEARED) is None
            ):
                _put(conn, CLEARED, utc_text(moment))
                copied = True
            _put(conn, CARRIED, utc_text(store._utc_now()))
    except (sqlite3.Error, StoreError) as exc:
        log.warning("settings.ini's %s was not carried into %s: %s", CLEARED, store.path, exc)
        return False
    if copied:
        log.info("carried %s %s from settings.ini into %s", CLEARED, moment, store.path)
    return copied
