"""Store fixtures: real SQLite files in temporary folders, a hand-moved wall clock."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from couchtimer.core.programme import Segment, SegmentKind, Workout
from couchtimer.store import HistoryStore
from tests.helpers.permissions import as_nobody
from tests.helpers.stubs import FakeWallClock

START = datetime(2026, 11, 27, 7, 30, tzinfo=UTC)
WORKOUT = Workout(
    4,
    1,
    (
        Segment(SegmentKind.WARMUP, 10, "Brisk walk"),
        Segment(SegmentKind.RUN, 20),
        Segment(SegmentKind.WALK, 10),
        Segment(SegmentKind.COOLDOWN, 5),
    ),
)


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


def die(store: HistoryStore) -> None:
    """What a kill -9 leaves: the connection gone without a clean close, and the kernel has
    dropped each recorder's live lock (its ``runs/*.live`` file stays behind)."""
    store.connection.close()
    for recorder in store._recorders:
        lock = recorder._live
        if lock is not None and lock._fd is not None:
            os.close(lock._fd)
            lock._fd = None
