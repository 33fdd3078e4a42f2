"""The run journal: a live run's every event on disk before the history file is asked to take it.

A run is written to the history file as it happens, but the history file may refuse (the disk
is full, another program holds it locked, it is read-only, it would not even open). So the
recorder first appends each event to a journal of its own, ``runs/<run uuid>.journal`` next to
the history file, whose whole size is reserved (``posix_fallocate``) when the run starts: a run's
length is known then, so a disk that fills up during the run cannot refuse the journal. When
even that reservation fails (the disk was full before the run), the journal goes to a private
folder in ``$XDG_RUNTIME_DIR`` (else ``/tmp/couchtimer-<uid>``), a RAM file system on most
systems, and says which history file it belongs to.

Layout: a fixed 64-byte slot at the start holds the latest progress (segment index, active
seconds; rewritten in place about once a second), then one JSON line per event. Unused space is
zero bytes; a line cut short by a kill is ignored on reading. The journal is deleted once the
history file holds the whole run; any journal left over (a kill, a full disk) is written into the
history the next time it is opened for writing (:func:`replay_all`), and then deleted.

The recorder holds an exclusive ``flock`` on its journal for the run's length, so a replay in
another process (or the same one) skips the journal of a run still being recorded.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import os
import sqlite3
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from couchtimer.store import files
from couchtimer.store.liveness import (
    JOURNAL_SUFFIX,
    journal_fallback_dirs,
    journals_for,
    live_dir,
)

log = logging.getLogger(__name__)

SLOT_SIZE = 64
#: Room reserved per planned segment (a visit is ~200 bytes; back/restart can revisit one) and
#: for pain marks and their intensities, beyond the run's own first line.
BYTES_PER_SEGMENT = 1024
BYTES_FOR_MARKS = 32 * 1024


def _own_private_dir(path: Path) -> bool:
    """Make ``path`` (and its parent, ours too) 0700 dirs of this user; False when it is not safe
    to use: a symlink, someone else's, or not a directory."""
    for folder in (path.parent, path):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=files.DIR_MODE)
        info = folder.lstat()
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
            return False
        if info.st_mode & 0o077:
            folder.chmod(files.DIR_MODE)  # lstat above: a real folder, not a link
    return True


def capacity_for(planned_segments: int, first_line: int) -> int:
    return SLOT_SIZE + first_line + BYTES_PER_SEGMENT * max(1, planned_segments) + BYTES_FOR_MARKS


class JournalError(OSError):
    """No journal could be made anywhere (the run is kept in memory only)."""


@dataclass
class RunJournal:
    """The open journal of one live run (see the module docstring)."""

    path: Path
    fd: int
    capacity: int
    lines: list[bytes] = field(default_factory=list)
    used: int = SLOT_SIZE
    progress: bytes = b""
    fell_back: bool = False

    @classmethod
    def create(
        cls, db_path: Path, run_uuid: str, first: dict[str, Any], planned_segments: int
    ) -> RunJournal:
        """Reserve a journal next to the history file, else in a fallback folder."""
        line = _line(first)
        capacity = capacity_for(planned_segments, len(line))
        problems = []
        for folder, fell_back in [(live_dir(db_path), False)] + [
            (place, True) for place in journal_fallback_dirs()
        ]:
            try:
                journal = cls._reserve(folder, run_uuid, capacity, fell_back)
            except OSError as exc:
                problems.append(f"{folder}: {exc.strerror or exc}")
                continue
            try:
                journal._append(line)
            except OSError as exc:
                journal.discard()
                problems.append(f"{folder}: {exc.strerror or exc}")
                continue
            if fell_back:
                log.warning("run %s journal is in %s (%s)", run_uuid, journal.path, problems)
            return journal
        raise JournalError(errno.ENOSPC, "; ".join(problems))

    @classmethod
    def _reserve(cls, folder: Path, run_uuid: str, capacity: int, fell_back: bool) -> RunJournal:
        if fell_back:
            if not _own_private_dir(folder):
                raise OSError(errno.EPERM, "not a private folder of this user")
        else:
            files.private_dir(folder)
        path = folder / f"{run_uuid}{JOURNAL_SUFFIX}"
        fd = os.open(
            path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, files.FILE_MODE
        )
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            _reserve_space(fd, 0, capacity)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                path.unlink()
            raise
        return cls(path, fd, capacity, fell_back=fell_back)

    def add(self, record: dict[str, Any]) -> None:
        """Append one event; moves to a fallback folder if this file cannot take it."""
        line = _line(record)
        try:
            self._append(line)
        except OSError as exc:
            log.warning("journal %s refused a line (%s); moving it", self.path, exc)
            self._move(extra=line)

    def set_progress(self, index: int, active_seconds: float) -> None:
        slot = f"P {index} {active_seconds:.3f}".encode().ljust(SLOT_SIZE - 1) + b"\n"
        self.progress = slot[:SLOT_SIZE]
        try:
            os.pwrite(self.fd, self.progress, 0)
        except OSError as exc:
            log.warning("journal %s refused progress (%s); moving it", self.path, exc)
            self._move()

    def _append(self, line: bytes) -> None:
        end = self.used + len(line)
        if end > self.capacity:
            grown = max(end, self.capacity * 2)
            _reserve_space(self.fd, self.capacity, grown - self.capacity)
            self.capacity = grown
        _write_all(self.fd, line, self.used)
        self.used = end
        self.lines.append(line)

    def _move(self, extra: bytes | None = None) -> None:
        """Write everything so far to a fresh journal in a fallback folder, then drop this one."""
        lines = self.lines + ([extra] if extra is not None else [])
        size = SLOT_SIZE + sum(len(line) for line in lines)
        for folder in journal_fallback_dirs():
            if folder == self.path.parent:
                continue
            try:
                moved = RunJournal._reserve(
                    folder, self.path.stem, max(size * 2, self.capacity), fell_back=True
                )
                for line in lines:
                    moved._append(line)
                if self.progress:
                    os.pwrite(moved.fd, self.progress, 0)
                    moved.progress = self.progress
            except OSError as exc:
                log.warning("journal could not move to %s: %s", folder, exc)
                continue
            self.discard()
            self.path, self.fd, self.capacity = moved.path, moved.fd, moved.capacity
            self.lines, self.used, self.fell_back = moved.lines, moved.used, True
            return
        raise JournalError(errno.ENOSPC, f"no room for the run's journal (last: {self.path})")

    def close(self, delete: bool) -> None:
        """Stop writing; ``delete`` once the history file holds the whole run."""
        if self.fd < 0:
            return
        if delete:
            with contextlib.suppress(OSError):
                self.path.unlink()
            with contextlib.suppress(OSError):
                self.path.parent.rmdir()  # only when empty: no clutter next to the history
        else:
            with contextlib.suppress(OSError):
                os.ftruncate(self.fd, self.used)  # give the reserved room back
        os.close(self.fd)
        self.fd = -1

    def discard(self) -> None:
        self.close(delete=True)


def _line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, separators=(",", ":"), allow_nan=False).encode() + b"\n"


def _write_all(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view, offset = view[written:], offset + written


def _reserve_space(fd: int, offset: int, length: int) -> None:
    try:
        os.posix_fallocate(fd, offset, length)
    except OSError as exc:
        if exc.errno not in (errno.EOPNOTSUPP, errno.EINVAL):
            raise
        # A file system without fallocate: write the zeros (the blocks are then taken).
        _write_all(fd, bytes(length), offset)
        os.fsync(fd)


# --- reading and replaying ---


@dataclass
class JournalContents:
    run: dict[str, Any]
    segments: list[dict[str, Any]]
    marks: dict[int, dict[str, Any]]
    end: dict[str, Any] | None
    progress: tuple[int, float] | None


def read(data: bytes) -> JournalContents | None:
    """The run a journal holds; None when even its first line is missing (nothing to keep)."""
    progress = None
    slot = data[:SLOT_SIZE].split(b"\n", 1)[0].split()
    if len(slot) == 3 and slot[0] == b"P":
        with contextlib.suppress(ValueError):
            progress = (int(slot[1]), float(slot[2]))
    body = data[SLOT_SIZE:].split(b"\0", 1)[0]
    records = []
    for raw in body.split(b"\n")[:-1]:  # the last piece has no newline: cut short, or empty
        try:
            records.append(json.loads(raw))
        except ValueError:
            break
    if not records or records[0].get("k") != "run":
        return None
    contents = JournalContents(records[0], [], {}, None, progress)
    for record in records[1:]:
        kind = record.get("k")
        if kind == "seg":
            contents.segments.append(record)
        elif kind == "mark":
            contents.marks[record["seq"]] = record
        elif kind == "intensity" and record["seq"] in contents.marks:
            contents.marks[record["seq"]]["intensity"] = record["intensity"]
        elif kind == "end":
            contents.end = record
    return contents


def replay_all(conn: sqlite3.Connection, db_path: Path) -> list[str]:
    """Write every left-over journal of this history file into it; the uuids of runs replayed.

    A journal being written right now (its lock is held) is left alone; one that cannot be
    written yet (the file is still full, say) stays for the next time.
    """
    replayed = []
    target = _identity(db_path)
    for path in journals_for(db_path):
        try:
            fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live run's journal
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
                continue
            with os.fdopen(os.dup(fd), "rb") as handle:
                contents = read(handle.read())
            if contents is None:
                path.unlink(missing_ok=True)
                continue
            belongs = contents.run.get("db")
            if path.parent != live_dir(db_path) and (
                not isinstance(belongs, str) or _identity(Path(belongs)) != target
            ):
                continue  # another history file's run
            _write_run(conn, contents)
            path.unlink(missing_ok=True)
            replayed.append(str(contents.run["uuid"]))
            log.warning("run %s was brought back from its journal %s", contents.run["uuid"], path)
        except sqlite3.Error as exc:
            log.warning("journal %s could not be written into the history yet: %s", path, exc)
        finally:
            os.close(fd)
    return replayed


def _identity(path: Path) -> str:
    return os.path.realpath(path)


def _write_run(conn: sqlite3.Connection, contents: JournalContents) -> None:
    run = contents.run
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute("SELECT id FROM runs WHERE uuid = ?", (run["uuid"],)).fetchone()
        if row is None:
            cursor = conn.execute(
                "INSERT INTO runs (uuid, programme_id, week, run, planned, started_at, status,"
                " app_version) VALUES (?, ?, ?, ?, ?, ?, 'in-progress', ?)",
                (
                    run["uuid"],
                    run["programme_id"],
                    run["week"],
                    run["run"],
                    run["planned"],
                    run["started_at"],
                    run["app_version"],
                ),
            )
            run_id = cursor.lastrowid
        else:
            run_id = row[0]
        for seg in contents.segments:
            conn.execute(
                "INSERT OR IGNORE INTO segments (run_id, seq, segment_index, kind, planned_start,"
                " planned_seconds, actual_start, actual_seconds, skipped, ended)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (run_id, *seg["v"]),
            )
        for seq, mark in sorted(contents.marks.items()):
            conn.execute(
                "INSERT OR REPLACE INTO marks (run_id, seq, offset_ms, segment_index, intensity)"
                " VALUES (?, ?, ?, ?, ?)",
                (run_id, seq, mark["offset_ms"], mark["segment_index"], mark["intensity"]),
            )
        if contents.progress is not None:
            conn.execute(
                "UPDATE runs SET progress_index = ?, progress_seconds = ? WHERE id = ?"
                " AND (progress_seconds IS NULL OR progress_seconds < ?)",
                (*contents.progress, run_id, contents.progress[1]),
            )
        if contents.end is not None:
            conn.execute(
                "UPDATE runs SET status = ?, ended_at = ? WHERE id = ? AND status = 'in-progress'",
                (contents.end["status"], contents.end["ended_at"], run_id),
            )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
