"""Daily rolling backups with SQLite's backup API, and restoring one."""

from __future__ import annotations

import fcntl
import os
import re
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

from couchtimer.store import files, liveness
from couchtimer.store.errors import StoreError, explain
from couchtimer.store.paths import default_db_path
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
    """Copy the database to backups/<stem>-<day>.db unless today's exists; keep the 7 newest,
    plus the newest backup taken before each damaged file was moved aside.

    Returns the backup written, or None when today's was already there.
    """
    folder = backup_dir(db_path)
    files.private_dir(folder)
    target = folder / f"{db_path.stem}-{now.date().isoformat()}.db"
    if target.exists() and not force:
        return None
    # Several CouchTimers starting at once would each write today's copy: one at a time, and
    # only the first (the others find it made).
    lock = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)  # flock the folder
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for stale in folder.glob("*.partial"):  # a copy a kill cut short (nobody else writes)
            stale.unlink(missing_ok=True)
        if target.exists() and not force:
            return None
        copy_database(conn, target)
    finally:
        os.close(lock)
    found = backups(db_path)
    keep = set(found[-KEEP:]) | set(last_before_damage(db_path, found))
    for old in found:
        if old not in keep:
            old.unlink()  # rolling backups: only our own dated copies, never the last good one
    return target


def last_before_damage(db_path: Path, found: list[Path]) -> list[Path]:
    """For each damaged file moved aside (``history.db.broken-*``), the newest backup written
    before it was moved: the last good copy, kept however many backups come after it.

    "Before" is by the file system's clock: a backup's mtime is when it was written, and the
    rename that moved the damaged file aside set that file's ctime.
    """
    kept: list[Path] = []
    for broken in db_path.parent.glob(f"{db_path.name}.broken-*"):
        if broken.name.endswith(("-wal", "-shm")):
            continue
        try:
            moved_at = broken.stat().st_ctime_ns
            earlier = [p for p in found if p.stat().st_mtime_ns <= moved_at]
        except OSError:
            continue
        if earlier and earlier[-1] not in kept:
            kept.append(earlier[-1])
    return kept


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


def app_lock_path() -> Path:
    """The desktop app's single-instance lock (a QLockFile; see couchtimer/ui/desktop.py)."""
    uid = os.getuid()
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        folder = Path(runtime)
    else:
        folder = Path(tempfile.gettempdir()) / f"couchtimer-runtime-{uid}"
    return folder / f"couchtimer-{uid}.lock"


def _flocked(path: Path) -> bool:
    """Is ``path`` flock'd by some open file (QLockFile and our live-run locks both flock)?"""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def in_use(db_path: Path) -> str | None:
    """Why the history file is in use by a running CouchTimer or another program, or None."""
    if db_path.resolve() == default_db_path().resolve() and _flocked(app_lock_path()):
        return "the CouchTimer app is open"
    folder = liveness.live_dir(db_path)
    if folder.is_dir() and any(_flocked(p) for p in folder.glob("*.live")):
        return "a run is being recorded"
    if not db_path.exists():
        return None
    try:
        conn = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    except sqlite3.Error:
        return None  # not openable: nobody is using it either
    try:
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return "another program is writing to it"
    except sqlite3.DatabaseError:
        pass  # damaged: restoring over it is what the user wants
    finally:
        conn.close()
    return None


def restore(backup: Path, db_path: Path, now: datetime) -> Path | None:
    """Put ``backup`` in place of the database; the current file is moved aside, never deleted.

    Returns where the current database was moved (None if there was none). Refuses (StoreError)
    while CouchTimer or another program is using the file.
    """
    validate_backup(backup)
    reason = in_use(db_path)
    if reason is not None:
        raise StoreError(
            f"The history file {db_path} is in use ({reason}). Close CouchTimer first, "
            "then run couchtimer restore again; nothing was changed."
        )
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
