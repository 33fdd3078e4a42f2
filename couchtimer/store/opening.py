"""Opening the history file: the connection, the checks before it is trusted (its path, its
owner, its integrity), WAL, and what to tell the runner when it will not open.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import time
from pathlib import Path

from couchtimer.store import files
from couchtimer.store.errors import BrokenDatabaseError, StoreError, explain, is_corrupt

#: How long a write waits for another program's lock before giving up (the UI must not freeze).
BUSY_TIMEOUT_SECONDS = 0.2


#: Opening the file (integrity check, WAL, migrations) may wait this long for other programs:
#: several CouchTimers started at once on a new file take turns creating it.
OPEN_TIMEOUT_SECONDS = 10.0


def connect(path: Path, timeout: float = BUSY_TIMEOUT_SECONDS) -> sqlite3.Connection:
    """A connection in autocommit mode (we write BEGIN/COMMIT ourselves), rows by name."""
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def check_database(conn: sqlite3.Connection) -> None:
    """Raise BrokenDatabaseError unless the file is an intact SQLite database."""
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if is_corrupt(exc):
            raise BrokenDatabaseError(str(exc)) from exc
        raise
    problems = [row[0] for row in rows]
    if problems != ["ok"]:
        raise BrokenDatabaseError("; ".join(problems[:5]))


def into_wal(conn: sqlite3.Connection, timeout: float = OPEN_TIMEOUT_SECONDS) -> str:
    """Switch a file to WAL mode; the journal mode it is in afterwards.

    On a new file (rollback mode) two CouchTimers starting at once may both hold a read lock and
    both want the write lock for the switch: SQLite then answers one of them "database is locked"
    at once, without waiting (its busy handler would deadlock). That one tries again, within
    the same time an opening waits for the lock."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def check_path(path: Path) -> None:
    """Refuse a history file that is a link or not a regular file, and one this user may not
    even read (another user's), with a message that says so; nothing is changed."""
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            info = candidate.lstat()
        except FileNotFoundError:
            continue
        except PermissionError as exc:
            raise StoreError(_not_yours(path.parent, "folder")) from exc
        except OSError as exc:
            raise StoreError(explain(exc, path)) from exc
        if not stat.S_ISREG(info.st_mode):
            what = files.kind_of(info.st_mode)
            if stat.S_ISLNK(info.st_mode):
                what += f" (to {candidate.readlink()})"
            raise StoreError(
                f"{candidate} is {what}, not the history file CouchTimer keeps there. "
                "CouchTimer does not follow links nor change such files; nothing was changed. "
                "Move it away (CouchTimer then starts a new history), or open the real file "
                "with --db PATH."
            )
        readable = os.access(path, os.R_OK, effective_ids=True)
        if candidate == path and info.st_uid != os.geteuid() and not readable:
            raise StoreError(_not_yours(path, "history file"))


def _not_yours(path: Path, what: str) -> str:
    try:
        owner = _user_name(path.stat().st_uid)
    except OSError:
        owner = "another user"
    folder = path if what == "folder" else path.parent
    return (
        f"The {what} {path} belongs to {owner}, and you ({_user_name(os.geteuid())}) may not "
        f"read it. If it is yours from a CouchTimer run with sudo, give it back: sudo chown "
        f"-R $USER {folder}. Otherwise use your own history (--db PATH)."
    )


def explain_open(exc: BaseException, path: Path) -> str:
    """``explain``, but true about a file that is another user's: chmod is not the remedy."""
    with contextlib.suppress(OSError):
        owner = path.lstat().st_uid
        if owner != os.geteuid() and cannot_write(exc, path):
            return (
                f"The history file {path} belongs to {_user_name(owner)}, so you "
                f"({_user_name(os.geteuid())}) may read it but not change it. If it is yours "
                f"from a CouchTimer run with sudo, give it back: sudo chown -R $USER "
                f"{path.parent}."
            )
    return explain(exc, path)


def _user_name(uid: int) -> str:
    try:
        import pwd  # Unix only

        return f"user {pwd.getpwuid(uid).pw_name}"
    except (ImportError, OSError, KeyError):
        return f"user id {uid}"


def cannot_write(exc: BaseException, path: Path) -> bool:
    """The failure is about writing (read-only media or permissions), and the file is there
    to be read."""
    if not path.is_file() or not os.access(path, os.R_OK, effective_ids=True):
        return False
    if isinstance(exc, PermissionError):
        return True
    if isinstance(exc, OSError):
        import errno

        return exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
    if isinstance(exc, sqlite3.Error):
        name = getattr(exc, "sqlite_errorname", "") or ""
        return name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")) or (
            "readonly" in str(exc) or "unable to open" in str(exc)
        )
    return False
