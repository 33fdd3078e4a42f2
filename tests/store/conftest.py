"""Store fixtures: real SQLite files in temporary folders, a hand-moved wall clock."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from couchtimer.store import HistoryStore
from tests.helpers.permissions import as_nobody
from tests.helpers.stored import START
from tests.helpers.stubs import FakeWallClock


@pytest.fixture
def wall() -> FakeWallClock:
    return FakeWallClock(START)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.db"


@pytest.fixture
def store(db_path: Path, wall: FakeWallClock) -> Iterator[HistoryStore]:
    opened = HistoryStore.open(db_path, utc_now=wall)
    yield opened
    opened.close()


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder 'nobody' can enter when the tests run as root (pytest's tmp folders, and on some
    machines /tmp itself, are private to root), to test permissions for real (see unwritable)."""
    for base in (None, "/var/tmp", "/dev/shm"):
        folder = Path(tempfile.mkdtemp(prefix="couchtimer-test-", dir=base))
        folder.chmod(0o755)
        if os.geteuid() != 0:
            break
        try:
            with as_nobody():
                folder.stat()
        except PermissionError:
            folder.rmdir()
            continue
        break
    else:
        pytest.fail("no temporary folder that another user may enter")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
