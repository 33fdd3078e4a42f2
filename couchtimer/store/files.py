"""Private files: everything CouchTimer writes holds health data, so it is 0600 in a 0700 dir.

Existing files and folders are only ever narrowed to that (group and other bits taken away),
never widened: one that its owner made read-only stays read-only, and the store then says so
and how to change it, rather than quietly undoing the owner's choice."""

from __future__ import annotations

import contextlib
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> None:
    """Create ``path`` (and parents) if needed; our own folder loses any group/other bits."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    with contextlib.suppress(OSError):
        info = path.lstat()  # a link to a folder is the user's choice: its target is left alone
        mode = info.st_mode & 0o777
        # Only ever narrower: a folder its owner made read-only (0555) stays so (0500).
        if stat.S_ISDIR(info.st_mode) and mode & ~DIR_MODE and info.st_uid == os.geteuid():
            path.chmod(mode & DIR_MODE)


def create_private_file(path: Path) -> None:
    """Create an empty 0600 file if none exists (SQLite then writes into it)."""
    if path.exists():
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)


def tighten(path: Path) -> None:
    """Take group/other bits (and any execute bit) off an existing file of ours: 0644 becomes
    0600 (older versions or a copy may have left it wider), 0444 becomes 0400.

    Never through a link (lstat), and only a regular file this user owns: a link planted at the
    history's name must not make CouchTimer (run as root, say) change some other file. The file
    is not opened: closing any descriptor of a database file drops every POSIX lock this
    process holds on it, SQLite's included (another process then reset the -shm file under
    our map: SIGBUS). The folder is ours (0700), so nobody swaps a link in between.
    """
    try:
        info = path.lstat()
        mode = info.st_mode & 0o777
        # Only ever narrower: a file its owner made read-only stays so.
        if stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid() and mode & ~FILE_MODE:
            path.chmod(mode & FILE_MODE)
    except OSError:
        pass


def kind_of(mode: int) -> str:
    """What a file that is not a regular one is, in words ("a directory")."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def write_private(path: Path, data: bytes, sync: bool = True) -> None:
    """Write ``data`` to ``path`` atomically as a 0600 file: a crash leaves the old file whole
    (``sync``: and the new one is on disk before it takes the old one's place; without, a crash
    may leave an empty or cut file, for data that is only ever a hint).

    Never through a link: the temporary file is made new (anything left at its name by a
    crashed writer is removed first, a link included, not what it points to) and renamed over
    ``path``, which replaces a link there instead of writing where it points."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(tmp, flags, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if sync:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    tmp.replace(path)


def stamp(moment: datetime) -> str:
    """A file-name-safe UTC timestamp: 20261127T073000Z."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def move_aside(path: Path, label: str, moment: datetime) -> Path:
    """Rename ``path`` (and its -wal/-shm companions) to ``path.<label>-<timestamp>``."""
    base = f"{path.name}.{label}-{stamp(moment)}"
    target = path.with_name(base)
    counter = 2
    while target.exists():
        target = path.with_name(f"{base}-{counter}")
        counter += 1
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(target.with_name(target.name + suffix))
    path.rename(target)
    return target
