"""Turning SQLite and file-system failures into messages a runner can act on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from couchtimer.core.errors import CouchTimerError


class StoreError(CouchTimerError):
    """The history file cannot be used right now: locked, read-only, disk full, or unreadable."""


class BrokenDatabaseError(Exception):
    """The file is not a usable SQLite database (it is moved aside, never deleted)."""


def is_corrupt(exc: sqlite3.Error) -> bool:
    """The file itself is damaged or not a database (as opposed to locked, read-only, full)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return True
    text = str(exc)
    return "malformed" in text or "not a database" in text


def explain(exc: BaseException, path: Path) -> str:
    """A plain sentence naming the file, what went wrong and what to do."""
    if isinstance(exc, sqlite3.Error):
        name = getattr(exc, "sqlite_errorname", "") or ""
        text = str(exc)
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
            return (
                f"The history file {path} is locked by another program (is CouchTimer open "
                "twice?). Close the other one; CouchTimer keeps trying."
            )
        if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")):
            return (
                f"CouchTimer cannot write the history file {path}: it or its folder is "
                "read-only. Make both writable for your user (for example chmod u+w)."
            )
        if name.startswith("SQLITE_FULL"):
            return (
                f"The disk holding the history file {path} is full. Free some space; "
                "CouchTimer keeps trying."
            )
        if name.startswith("SQLITE_IOERR"):
            return (
                f"Reading or writing the history file {path} failed ({text}). Check the disk "
                "and its free space."
            )
        return f"The history file {path} cannot be used: {text}."
    if isinstance(exc, PermissionError):
        return (
            f"CouchTimer may not write to {exc.filename or path}: permission denied. "
            "Make the folder writable for your user."
        )
    if isinstance(exc, OSError):
        return f"CouchTimer cannot use {exc.filename or path}: {exc.strerror or exc}."
    return f"The history file {path} cannot be used: {exc}."


def short_reason(exc: BaseException) -> str:
    """Why a write is waiting, in a few words for a one-line message ("the history file is
    busy")."""
    if isinstance(exc, sqlite3.Error):
        name = getattr(exc, "sqlite_errorname", "") or ""
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc):
            return "the history file is busy"
        if name.startswith("SQLITE_FULL"):
            return "the disk holding the history file is full"
        if name.startswith(("SQLITE_READONLY", "SQLITE_PERM")):
            return "the history file is read-only"
    return "the history file cannot be written"
