"""Daily rolling backups with SQLite's backup API, and restoring one."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path

from couchtimer.store import files
from couchtimer.store.errors import StoreError, explain
from couchtimer.store.schema import CURRENT_VERSION, user_version

KEEP = 7
_NAME = re.compile(r"^(?P<stem>.+)-(?P<day>\d{4}-\d{2}-\d{2})\.db$")


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def backups(db_path: Path) -> list[Path]:
    """This database's backups, oldest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    found = []
    for candidate in folder.iterdir():
        match = _NAME.match(candidate.name)
        if match and match["stem"] == db_path.stem:
            found.append(candidate)
    return sorted(found, key=lambda p: p.name)


def daily_backup(
    conn: sqlite3.Connection, db_path: Path, now: datetime, force: bool = False
) -> Path | None:
    """Copy the database to backups/<stem>-<day>.db unless today's exists; keep the last 7.

    Returns the backup written, or None when today's was already there.
    """
    folder = backup_dir(db_path)
    files.private_dir(folder)
    target = folder / f"{db_path.stem}-{now.date().isoformat()}.db"
    if target.exists() and not force:
        return None
    copy_database(conn, target)
    for old in backups(db_path)[:-KEEP]:
        old.unlink()  # rolling backups: only our own dated copies beyond the newest 7
    return target


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of ``source`` (WAL included) as a private file at ``target``."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    files.create_private_file(partial)
    dest = sqlite3.connect(partial)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        dest.close()
    partial.replace(target)


def validate_backup(path: Path) -> int:
    """Check that ``path`` is an intact CouchTimer history; returns its schema version."""
    if not path.is_file():
        raise StoreError(f"There is no backup file {path}.")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"{path} cannot be opened as a backup: {exc}.") from exc
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise StoreError(f"{path} is damaged ({problems[0]}); choose another backup.")
        version = user_version(conn)
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path} is not a CouchTimer backup ({exc}); choose a file from "
            "the backups folder next to history.db."
        ) from exc
    finally:
        conn.close()
    if version > CURRENT_VERSION:
        raise StoreError(f"{path} was written by a newer CouchTimer; update CouchTimer first.")
    if version == 0 or "runs" not in tables:
        raise StoreError(f"{path} is not a CouchTimer history (it has no runs table).")
    return version


def restore(backup: Path, db_path: Path, now: datetime) -> Path | None:
    """Put ``backup`` in place of the database; the current file is moved aside, never deleted.

    Returns where the current database was moved (None if there was none). Close the app first.
    """
    validate_backup(backup)
    moved = None
    try:
        files.private_dir(db_path.parent)
        if db_path.exists():
            moved = files.move_aside(db_path, "before-restore", now)
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            copy_database(source, db_path)
        finally:
            source.close()
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(explain(exc, db_path)) from exc
    return moved
