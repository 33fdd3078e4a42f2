"""A command that only reads skips the integrity check of a file unchanged since a full check
passed on it (couchtimer.store.checked); any change, and every opening for writing, checks it.

Real files, real SQLite, the real stamp in a private ``$XDG_STATE_HOME``; "settled" (the file's
last change further back than a tick of the file system's clock) is waited for, not faked.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from couchtimer.core.demo import make_run
from couchtimer.core.pain import PainReport
from couchtimer.store import HistoryStore, checked
from couchtimer.store.rows import insert_run
from couchtimer.store.schema import CURRENT_VERSION
from tests.helpers.stored import START, WORKOUT
from tests.helpers.stubs import FakeWallClock

ROOT = Path(__file__).resolve().parent.parent.parent
HEADER = "couchtimer integrity-checked 1\n"


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private state folder: where the stamp goes."""
    folder = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    return folder / "couchtimer" / checked.STAMP_NAME


def settle(path: Path) -> None:
    """Wait until the file's last change is further back than a tick of the file system's clock
    (what a stamp needs before it vouches for a file)."""
    deadline = time.monotonic() + 10
    while not checked.settled(_seen(path), time.time_ns()):
        assert time.monotonic() < deadline, "the file's times never settled"
        time.sleep(0.02)


def _seen(path: Path) -> checked.Seen:
    looked = checked.seen(path)
    assert looked is not None
    return looked


def _open_reading(path: Path, wall: FakeWallClock) -> bool:
    """Open and close as ``couchtimer history`` does; whether the integrity check ran."""
    store = HistoryStore.open(path, utc_now=wall, read_only_ok=True, reading=True, backups=False)
    try:
        assert store.count_runs() == 1  # and the file reads as before
        return store.integrity_checked
    finally:
        store.close()


@pytest.fixture
def db(db_path: Path, wall: FakeWallClock, state: Path) -> Path:
    """A history file with one run and its report, settled, stamped by no one yet."""
    store = HistoryStore.open(db_path, utc_now=wall, backups=False)
    try:
        with store.transaction() as conn:
            insert_run(conn, make_run(0, "nhs-c25k", WORKOUT, START))
        store.save_report(1, PainReport(no_discomfort=True))
    finally:
        store.close()
    settle(db_path)
    return db_path


def test_an_unchanged_file_is_checked_once_then_vouched_for(
    db: Path, wall: FakeWallClock, state: Path
) -> None:
    assert not state.exists()
    checks = [_open_reading(db, wall) for _ in range(5)]
    assert checks == [True, False, False, False, False]
    assert checked.read(state) == (_seen(db),)


def test_opening_for_writing_always_checks(db: Path, wall: FakeWallClock, state: Path) -> None:
    """The app, import and recover open for writing: the stamp is never a reason to skip."""
    assert _open_reading(db, wall) is True
    for _ in range(3):
        store = HistoryStore.open(db, utc_now=wall, backups=False)
        assert store.integrity_checked is True
        store.close()
    assert _open_reading(db, wall) is False  # nothing was written: the stamp still holds


def test_a_write_by_the_app_brings_the_check_back(
    db: Path, wall: FakeWallClock, state: Path
) -> None:
    assert [_open_reading(db, wall) for _ in range(2)] == [True, False]
    with HistoryStore.open(db, utc_now=wall, backups=False) as store:
        store.save_report(1, PainReport(no_discomfort=False, intensity_after=2))
    assert _open_reading(db, wall) is True  # changed within the last tick: checked, not stamped
    settle(db)
    assert [_open_reading(db, wall) for _ in range(3)] == [True, False, False]


def test_a_touch_brings_the_check_back(db: Path, wall: FakeWallClock, state: Path) -> None:
    assert [_open_reading(db, wall) for _ in range(2)] == [True, False]
    os.utime(db)
    settle(db)
    assert [_open_reading(db, wall) for _ in range(2)] == [True, False]


def test_a_touch_back_to_the_same_mtime_still_brings_it_back(
    db: Path, wall: FakeWallClock, state: Path
) -> None:
    """``touch -d`` can put the modification time back; the change time it cannot."""
    assert [_open_reading(db, wall) for _ in range(2)] == [True, False]
    before = db.stat()
    os.utime(db, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert db.stat().st_mtime_ns == before.st_mtime_ns
    settle(db)
    assert _open_reading(db, wall) is True


def test_a_file_replaced_by_one_of_the_same_size_is_checked(
    db: Path, wall: FakeWallClock, state: Path
) -> None:
    assert [_open_reading(db, wall) for _ in range(2)] == [True, False]
    copy = db.with_name("copy.db")
    shutil.copyfile(db, copy)
    copy.chmod(0o600)
    copy.replace(db)
    assert db.stat().st_size == _seen_size(state)
    settle(db)
    assert [_open_reading(db, wall) for _ in range(2)] == [True, False]


def _seen_size(state: Path) -> int:
    ((_device, _inode, size, _modified, _changed),) = checked.read(state)
    return size


def test_a_wal_with_content_brings_the_check_back_and_is_never_stamped(
    db: Path, wall: FakeWallClock, state: Path
) -> None:
    """Another program holds the file open with writes still in its WAL: every reading opening
    checks, and none vouches for the file while the WAL holds pages."""
    assert [_open_reading(db, wall) for _ in range(2)] == [True, False]
    other = sqlite3.connect(db, isolation_level=None)
    try:
        other.execute("PRAGMA wal_autocheckpoint = 0")
        other.execute("UPDATE reports SET notes = 'sore' WHERE run_id = 1")
        assert db.with_name(db.name + "-wal").stat().st_size > 0
        time.sleep(0.2)
        assert [_open_reading(db, wall) for _ in range(2)] == [True, True]
    finally:
        other.close()  # the last connection: the WAL goes into the file, and is removed
    assert not db.with_name(db.name + "-wal").exists()
    settle(db)
    assert [_open_reading(db, wall) for _ in range(2)] == [True, False]


def test_a_rollback_journal_with_content_brings_the_check_back(
    db: Path, wall: FakeWallClock, state: Path
) -> None:
    assert [_open_reading(db, wall) for _ in range(2)] == [True, False]
    journal = db.with_name(db.name + "-journal")
    journal.write_bytes(b"\0" * 512)  # what a crash in rollback mode leaves: pages to undo
    assert checked.seen(db) is None
    journal.unlink()
    assert _open_reading(db, wall) is False  # an empty or absent journal is no change
    journal.write_bytes(b"")
    assert _open_reading(db, wall) is False


def test_a_damaged_file_after_a_change_is_still_moved_aside(
    db: Path, wall: FakeWallClock, state: Path
) -> None:
    assert [_open_reading(db, wall) for _ in range(2)] == [True, False]
    with db.open("r+b") as handle:  # the pages after the first: the tables' contents
        handle.seek(4096)
        handle.write(os.urandom(db.stat().st_size - 4096))
    settle(db)
    store = HistoryStore.open(db, utc_now=wall, read_only_ok=True, reading=True, backups=False)
    try:
        assert store.integrity_checked is True
        assert store.moved_aside is not None
        assert store.moved_aside.name == "history.db.broken-20261127T073000Z"
        assert store.count_runs() == 0  # a fresh file
    finally:
        store.close()


def test_a_file_changed_just_now_is_checked_and_not_stamped(
    db_path: Path, wall: FakeWallClock, state: Path
) -> None:
    """Within a tick of the file system's clock a later write could leave the same times: no
    stamp for a file changed that recently; it is checked until it has settled."""
    HistoryStore.open(db_path, utc_now=wall, backups=False).close()
    looked = _seen(db_path)
    assert not checked.settled(looked, time.time_ns())
    assert _open_reading_empty(db_path, wall) is True
    assert not state.exists()
    settle(db_path)
    assert [_open_reading_empty(db_path, wall) for _ in range(2)] == [True, False]


def _open_reading_empty(path: Path, wall: FakeWallClock) -> bool:
    store = HistoryStore.open(path, utc_now=wall, read_only_ok=True, reading=True, backups=False)
    store.close()
    return store.integrity_checked


def test_an_older_schema_is_checked_before_it_is_migrated(
    tmp_path: Path, wall: FakeWallClock, state: Path
) -> None:
    """Opening migrates an older file (a write): a stamp never skips the check then."""
    db = tmp_path / "history.db"
    shutil.copyfile(ROOT / "tests" / "data" / "store" / f"history-v{CURRENT_VERSION - 1}.db", db)
    db.chmod(0o600)
    settle(db)
    state.parent.mkdir(parents=True)
    state.write_bytes(checked.render((_seen(db),)))  # as if a full check had passed on it
    state.chmod(0o600)
    store = HistoryStore.open(db, utc_now=wall, read_only_ok=True, reading=True, backups=False)
    store.close()
    assert store.integrity_checked is True


def test_a_run_journal_waiting_is_checked_before_it_is_replayed(
    db: Path, wall: FakeWallClock, state: Path
) -> None:
    """A run journal left over is written into the file on opening: checked first."""
    assert [_open_reading(db, wall) for _ in range(2)] == [True, False]
    runs = db.parent / "runs"
    runs.mkdir(exist_ok=True)
    (runs / "0d6f3a52-3c1e-4a57-9b1e-2f6d7a3c9e11.journal").write_bytes(b"")
    assert _open_reading(db, wall) is True


@pytest.mark.parametrize(
    "stamp",
    [
        pytest.param(lambda seen: b"", id="empty"),
        pytest.param(lambda seen: checked.render((seen,))[:-1], id="cut"),
        pytest.param(lambda seen: checked.render((seen,)).replace(b" 1\n", b" 2\n", 1), id="v2"),
        pytest.param(lambda seen: checked.render((seen,)) + b"\0", id="trailing"),
        pytest.param(lambda seen: checked.render((seen,)).replace(b" ", b"  "), id="spaces"),
        pytest.param(lambda seen: checked.render((seen,)).replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda seen: checked.render((seen,)) + b"1 2 3 4\n", id="short-line"),
    ],
)
def test_a_garbled_stamp_vouches_for_nothing(
    stamp: object, db: Path, wall: FakeWallClock, state: Path
) -> None:
    state.parent.mkdir(parents=True)
    state.write_bytes(stamp(_seen(db)))  # type: ignore[operator]
    state.chmod(0o600)
    assert _open_reading(db, wall) is True
    assert checked.read(state) == (_seen(db),)  # written again, whole
    assert _open_reading(db, wall) is False


def test_a_stamp_others_may_write_or_that_is_a_link_vouches_for_nothing(
    db: Path, wall: FakeWallClock, state: Path, tmp_path: Path
) -> None:
    good = checked.render((_seen(db),))
    state.parent.mkdir(parents=True)
    state.write_bytes(good)
    for mode in (0o620, 0o602, 0o640, 0o604):
        state.chmod(mode)
        assert checked.read(state) == ()
    state.chmod(0o600)
    assert checked.read(state) == (_seen(db),)
    if os.geteuid() == 0:  # root may give it away: another user's stamp
        os.chown(state, 65534, -1)
        assert checked.read(state) == ()
        os.chown(state, 0, -1)
        assert checked.read(state) == (_seen(db),)
    state.unlink()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(good)
    elsewhere.chmod(0o600)
    state.symlink_to(elsewhere)
    assert checked.read(state) == ()
    assert _open_reading(db, wall) is True
    assert elsewhere.read_bytes() == good  # the link was replaced, its target left alone
    assert not state.is_symlink()
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert _open_reading(db, wall) is False


def test_a_pipe_or_folder_at_the_stamp_is_no_stamp_and_nothing_hangs(
    db: Path, wall: FakeWallClock, state: Path
) -> None:
    state.parent.mkdir(parents=True)
    os.mkfifo(state, 0o600)
    assert checked.read(state) == ()
    assert _open_reading(db, wall) is True  # and the pipe replaced by a stamp
    assert _open_reading(db, wall) is False
    state.unlink()
    state.mkdir()
    assert checked.read(state) == ()
    assert _open_reading(db, wall) is True  # a folder cannot be replaced: checked each time
    assert _open_reading(db, wall) is True


def test_the_stamp_is_private_and_its_folder_too(
    db: Path, wall: FakeWallClock, state: Path
) -> None:
    assert _open_reading(db, wall) is True
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert stat.S_IMODE(state.parent.stat().st_mode) == 0o700
    assert state.read_bytes() == (HEADER + " ".join(map(str, _seen(db))) + "\n").encode()


def test_the_stamp_keeps_eight_files_newest_first(
    tmp_path: Path, wall: FakeWallClock, state: Path
) -> None:
    paths = [tmp_path / f"h{number}.db" for number in range(10)]
    for path in paths:
        HistoryStore.open(path, utc_now=wall, backups=False).close()
    for path in paths:
        settle(path)
    for path in paths:
        assert _open_reading_empty(path, wall) is True
    assert checked.read(state) == tuple(_seen(path) for path in reversed(paths[2:]))
    assert _open_reading_empty(paths[0], wall) is True  # forgotten: the oldest
    assert _open_reading_empty(paths[9], wall) is False
    assert checked.read(state)[0] == _seen(paths[0])  # one entry a file, the newest first
    assert len(checked.read(state)) == checked.MAX_ENTRIES


# --- the rules themselves ---


@pytest.mark.parametrize(
    ("modified", "changed", "now", "expected"),
    [
        # sub-second times (ext4, XFS, Btrfs, tmpfs, exFAT): 0.1 s
        (1_000_000_001, 1_000_000_001, 1_100_000_000, False),
        (1_000_000_001, 1_000_000_001, 1_100_000_001, True),
        (1_000_000_001, 1_000_000_001, 1_100_000_002, True),
        (500, 1_000_000_001, 1_100_000_001, True),  # the later of the two counts
        (1_000_000_001, 500, 1_100_000_000, False),
        # whole seconds both (FAT, ext3): 3 s
        (1_000_000_000, 2_000_000_000, 4_999_999_999, False),
        (1_000_000_000, 2_000_000_000, 5_000_000_000, True),
        (2_000_000_000, 2_000_000_000, 5_000_000_001, True),
        (2_000_000_000, 2_000_000_001, 2_100_000_001, True),  # one sub-second: fine-grained
        (-1_000_000_000, -2_000_000_000, 1_999_999_999, False),  # before 1970, whole seconds
        (-1_000_000_000, -2_000_000_000, 2_000_000_000, True),
    ],
)
def test_a_file_is_settled_a_clock_tick_after_its_last_change(
    modified: int, changed: int, now: int, expected: bool
) -> None:
    assert checked.settled((1, 2, 3, modified, changed), now) is expected


def test_the_stamp_reads_back_what_it_wrote() -> None:
    entries: tuple[checked.Seen, ...] = (
        (65024, 2196352, 1937408, 1796263787279377833, 1796263787279377834),
        (0, 1, 2**64 - 1, -(10**19), 0),
    )
    data = checked.render(entries)
    assert data == (
        b"couchtimer integrity-checked 1\n"
        b"65024 2196352 1937408 1796263787279377833 1796263787279377834\n"
        b"0 1 18446744073709551615 -10000000000000000000 0\n"
    )
    assert checked.parse(data) == entries
    assert checked.parse(HEADER.encode()) == ()
    eight = tuple((n, n, n, n, n) for n in range(8))
    assert checked.parse(checked.render(eight)) == eight
    assert checked.render(((1, 1, 1, 1, 1), *eight)) == checked.render(
        ((1, 1, 1, 1, 1), *eight[:7])
    )


@pytest.mark.parametrize(
    "body",
    [
        b"1 2 3 4\n",  # four numbers
        b"1 2 3 4 5 6\n",
        b"01 2 3 4 5\n",  # written by str(int): no leading zeros
        b"-0 2 3 4 5\n",
        b"+1 2 3 4 5\n",
        b"1 2 3 4 123456789012345678901\n",  # 21 digits
        b"1 2 3 4 5",  # no newline
        b"1\t2 3 4 5\n",
        b"1 2 3 4 \xd9\xa3\n",  # an Arabic-Indic digit is no digit here
        b"1 2 3 4 5\n" * 9,  # more than eight
        b"\n",
    ],
)
def test_anything_but_the_stamp_s_own_lines_is_refused_whole(body: bytes) -> None:
    assert checked.parse(HEADER.encode() + b"1 1 1 1 1\n" + body) == ()


def test_a_stamp_longer_than_eight_full_lines_is_not_even_read() -> None:
    widest = (-(10**19), -(10**19), -(10**19), -(10**19), -(10**19))
    eight = checked.render((widest,) * 8)
    assert len(eight) == checked.MAX_BYTES
    assert checked.parse(eight) == (widest,) * 8
    assert checked.parse(eight + b"\n") == ()
