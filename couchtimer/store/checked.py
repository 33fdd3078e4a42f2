"""The stamp that lets a command that only reads skip the history file's integrity check.

``PRAGMA integrity_check`` reads and verifies every page of the file on every opening: about
13 % of ``couchtimer history --json`` (issue 19). ``PRAGMA quick_check`` is no way out: it
reads every page too and costs 95 % as much. So a command that only reads (``history``,
``next``, ``report``, ``export``) skips the check when the file is provably unchanged since a
full check passed on it, and the full check of such a command leaves a stamp saying so.
Anything that opens the file for writing (the app, ``import``, ``recover``, a run) checks it
every time, as does a reading command that would write into it while opening (a migration, a
run journal to replay; ``HistoryStore.open``).

*Unchanged* is the file's identity and times as the kernel reports them (``lstat``): device,
inode, size, ``mtime_ns`` and ``ctime_ns``, and no ``-wal`` or ``-journal`` beside it with
anything in it (their pages are part of the database; a WAL file emptied by a checkpoint has
changed the file itself). Any write through the file system sets ``ctime`` to the current time
and nobody can set it back (``touch -d`` sets ``mtime`` only, and ``touch`` itself changes
``ctime``); a file replaced by another (``mv``, a restore) is another inode or, when the old
inode number is reused, has a newer ``ctime`` (rename sets it). The one gap is a change within
the same tick of the file system's clock as the stamp's own look (file times are taken from a
coarse clock: a jiffy, at most 10 ms, on ext4, XFS, Btrfs and tmpfs; 10 ms on exFAT; 2 s on
FAT): so a stamp is only written for a file whose last change is further back than that
(``SETTLED_NS``; ``COARSE_SETTLED_NS`` when both times fall on whole seconds, as on file systems
that keep seconds only). What a stamp cannot see is damage below the file system (a disk that
rots a sector without the kernel writing it); the app's and every writing command's full check
still finds that, at their next opening. A stepped-back system clock could, in theory, give a
later write the same times; the app's check is the safety net there too.

The stamp: ``$XDG_STATE_HOME/couchtimer/integrity-checked`` (0600 in a 0700 folder, written by
rename, never through a link; see ``files.write_private``), a header line and up to
``MAX_ENTRIES`` lines ``device inode size mtime_ns ctime_ns``, newest first (one per history
file: ``--db`` may name others). Missing, unreadable, garbled, too long, another user's, open
to others, a link or a folder: then nothing is vouched for and the check runs (``parse``
never raises; it is fuzzed in tests/helpers/fuzz.py).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from couchtimer.store import files

#: (device, inode, size, mtime_ns, ctime_ns) of a history file, as ``lstat`` gives them.
Seen = tuple[int, int, int, int, int]

STAMP_NAME = "integrity-checked"
HEADER = b"couchtimer integrity-checked 1\n"
#: Distinct history files remembered (``--db``): the oldest is forgotten first.
MAX_ENTRIES = 8
#: A number as ``str(int)`` writes it (times before 1970 are negative), at most 20 digits
#: (2**64 - 1); a line is five of them, one space apart.
_NUMBER = rb"(?:0|-?[1-9][0-9]{0,19})"
_BODY = re.compile(rb"(?:(?:%s ){4}%s\n){0,%d}" % (_NUMBER, _NUMBER, MAX_ENTRIES))
MAX_BYTES = len(HEADER) + MAX_ENTRIES * 5 * 22
#: How far back a file's last change must be before a stamp vouches for it: further than a
#: tick of the clock file times are taken from (a jiffy, 10 ms at most; exFAT's 10 ms) ...
SETTLED_NS = 100_000_000
#: ... or, when both its times are whole seconds (a file system that keeps seconds only, as
#: FAT's 2 s and ext3's 1 s), further than 2 s.
COARSE_SETTLED_NS = 3_000_000_000
_SECOND_NS = 1_000_000_000


def stamp_path() -> Path:
    """``$XDG_STATE_HOME/couchtimer/integrity-checked`` (``~/.local/state`` by default)."""
    from couchtimer.userdirs import user_state_dir

    return user_state_dir() / STAMP_NAME


def seen(db_path: Path) -> Seen | None:
    """The history file as it is now, or None when no stamp may vouch for it (it is not a
    regular file, cannot be looked at, or has a ``-wal`` or ``-journal`` with anything in it).

    The companions are looked at first: a checkpoint that empties the WAL into the file
    between the two looks has then changed the file's times by the second one."""
    try:
        for suffix in ("-wal", "-journal"):
            try:
                if os.lstat(f"{db_path}{suffix}").st_size:
                    return None
            except FileNotFoundError:
                pass
        info = os.lstat(db_path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def settled(looked: Seen, now_ns: int) -> bool:
    """Whether a change made after ``now_ns`` is bound to give the file other times than
    ``looked`` (its last change is further back than a tick of the file system's clock)."""
    modified, changed = looked[3], looked[4]
    whole_seconds = modified % _SECOND_NS == 0 and changed % _SECOND_NS == 0
    margin = COARSE_SETTLED_NS if whole_seconds else SETTLED_NS
    return now_ns - max(modified, changed) >= margin


def parse(data: bytes) -> tuple[Seen, ...]:
    """The files a stamp vouches for, newest first; () for anything but a well-formed stamp
    (the check then runs: a stamp is only ever a reason to skip it)."""
    if len(data) > MAX_BYTES or not data.startswith(HEADER):
        return ()
    body = data[len(HEADER) :]
    if _BODY.fullmatch(body) is None:
        return ()
    entries = []
    for line in body.splitlines():
        device, inode, size, modified, changed = (int(field) for field in line.split(b" "))
        entries.append((device, inode, size, modified, changed))
    return tuple(entries)


def render(entries: tuple[Seen, ...]) -> bytes:
    """The stamp's bytes for ``entries`` (newest first; at most ``MAX_ENTRIES`` kept)."""
    lines = (" ".join(str(number) for number in entry) for entry in entries[:MAX_ENTRIES])
    return HEADER + "".join(f"{line}\n" for line in lines).encode("ascii")


def read(path: Path | None = None) -> tuple[Seen, ...]:
    """The stamp at ``path`` (default ``stamp_path()``); () when it cannot be trusted: not a
    regular file of this user's that only they may read and write, or not one at all."""
    path = stamp_path() if path is None else path
    try:
        # O_NONBLOCK: a named pipe planted there must not hang the command
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return ()
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o077:
            return ()
        data = os.read(fd, MAX_BYTES + 1)
    except OSError:
        return ()
    finally:
        os.close(fd)
    return parse(data)


def vouched(looked: Seen | None, path: Path | None = None) -> bool:
    """Whether the stamp says a full check passed on the file exactly as ``looked``."""
    return looked is not None and looked in read(path)


def remember(
    db_path: Path, looked: Seen | None, looked_at_ns: int, path: Path | None = None
) -> bool:
    """After a full check passed on the file as ``looked`` (just before the check, at
    ``looked_at_ns``): stamp it, if it is still as it was and settled then. Whether a stamp
    was written; failing to write one is no error (the next reading command checks)."""
    if looked is None or not settled(looked, looked_at_ns) or seen(db_path) != looked:
        return False
    path = stamp_path() if path is None else path
    same_file = looked[:2]
    kept = tuple(entry for entry in read(path) if entry[:2] != same_file)
    try:
        files.private_dir(path.parent)
        files.write_private(path, render((looked, *kept)), sync=False)
    except OSError:
        return False
    return True
