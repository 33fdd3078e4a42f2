"""Places the code under test may read but not write, for root and for any other user alike.

Permission bits bind root only through another user id, so as root a test becomes 'nobody' for a
while; any other user cannot become someone else, so it takes its own write bits away instead
(which CouchTimer leaves alone: it only ever narrows a mode, see couchtimer/store/files.py).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

NOBODY = 65534


@contextlib.contextmanager
def as_nobody() -> Iterator[None]:
    """Root only: act as 'nobody' (effective user id 65534) inside, root again afterwards."""
    assert os.geteuid() == 0, "only root can become another user"
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)


@contextlib.contextmanager
def unwritable(*paths: Path) -> Iterator[None]:
    """Inside, ``paths`` (files or folders) may be read but not written by this process.

    As root: 'nobody' for a while; ``paths`` must be root's and writable by their owner only
    (checked). As anyone else: the write bits of ``paths`` are removed, and their modes are put
    back afterwards so that the test can clean up."""
    if os.geteuid() == 0:
        for path in paths:
            info = path.lstat()
            assert info.st_uid == 0, f"{path} belongs to user {info.st_uid}, not root"
            assert not info.st_mode & 0o022, f"{path} is writable by others"
        with as_nobody():
            yield
        return
    modes = [(path, stat.S_IMODE(path.lstat().st_mode)) for path in paths]
    for path, mode in modes:
        path.chmod(mode & ~0o222)
    try:
        yield
    finally:
        for path, mode in reversed(modes):
            path.chmod(mode)
