"""Which runs are being recorded right now, by any process: an OS lock per live run.

A recorder holds an exclusive ``flock`` on ``runs/<run uuid>.live`` (next to the history file)
from the moment its run starts until the run is finished and written, or the store closes. The
kernel drops the lock when the process dies, kill -9 included, so a lock that can be taken
means nobody is recording that run any more. See DESIGN.md "Live runs".
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from couchtimer.store import files


def live_dir(db_path: Path) -> Path:
    return db_path.parent / "runs"


#: A run journal's name: ``<run uuid>.journal`` (couchtimer.store.journal).
JOURNAL_SUFFIX = ".journal"


def journal_fallback_dirs() -> list[Path]:
    """Where a journal goes when the history's disk refuses it, most preferred first."""
    uid = os.geteuid()
    places = []
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        places.append(Path(runtime) / "couchtimer" / "journals")
    places.append(Path(tempfile.gettempdir()) / f"couchtimer-{uid}" / "journals")
    return places


def journals_for(db_path: Path) -> Iterator[Path]:
    """Every journal that may belong to the history file at ``db_path``."""
    places = [live_dir(db_path), *journal_fallback_dirs()]
    for folder in places:
        with contextlib.suppress(OSError):
            yield from sorted(folder.glob(f"*{JOURNAL_SUFFIX}"))


def journals_waiting(db_path: Path) -> bool:
    """Whether a journal is waiting that ``journal.replay_all`` may write into the file (one of
    another history file's, in the shared fallback folder, counts too: telling them apart means
    reading it). Here, not in journal.py, so that opening a file with none loads no journal
    reader."""
    return next(journals_for(db_path), None) is not None


def live_path(db_path: Path, run_uuid: str) -> Path:
    return live_dir(db_path) / f"{run_uuid}.live"


class LiveLock:
    """An exclusive, non-blocking flock on a run's ``.live`` file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock; False when another open file (any process) holds it."""
        if self._fd is not None:
            return True
        for attempt in range(3):  # another run's release may remove the empty folder
            files.private_dir(self.path.parent)
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, files.FILE_MODE)
                break
            except FileNotFoundError:
                if attempt == 2:
                    raise
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return True

    def release(self) -> None:
        """Remove the file and drop the lock (removing first: nobody can lock a stale name)."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = None
        with contextlib.suppress(OSError):
            self.path.parent.rmdir()  # only when empty: no clutter next to the history


def held_elsewhere(db_path: Path, run_uuid: str) -> bool:
    """True while some open file other than this check's holds the run's live lock."""
    try:
        fd = os.open(live_path(db_path, run_uuid), os.O_RDONLY)
    except OSError:
        return False  # no file: the run was never live, or it finished cleanly
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # also drops the lock this check took
    return False
