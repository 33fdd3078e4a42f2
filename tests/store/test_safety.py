"""Nothing recorded is lost: damaged files are moved aside, failures give clear messages, a run
goes on in memory while the file cannot be written, backups roll, restore keeps the old file."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from couchtimer.core.history import RunStatus
from couchtimer.core.pain import PainMark, PainReport
from couchtimer.store import HistoryStore, StoreError
from couchtimer.store import backup as backups
from tests.helpers.permissions import unwritable
from tests.helpers.stored import START, WORKOUT, begin_run
from tests.helpers.stubs import FakeWallClock


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _history_with_one_run(db_path: Path, wall: FakeWallClock) -> int:
    with HistoryStore.open(db_path, utc_now=wall) as store:
        recorder, engine, clock = begin_run(store)
        recorder.add_mark(PainMark(3_000, 0, 5))
        recorder.record_events(engine.tick(clock.advance(60)))
        assert recorder.run_id is not None
        return recorder.run_id


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(6).randbytes(8192))


def _text_file(path: Path) -> None:
    path.write_text("These are my running notes, not a database.\n" * 50)


def _truncated(path: Path) -> None:
    _history_with_one_run(path, FakeWallClock(START))
    data = path.read_bytes()
    assert len(data) > 8192
    path.write_bytes(data[: len(data) // 2 + 100])


@pytest.mark.parametrize("damage", [_random_bytes, _text_file, _truncated])
def test_damaged_file_is_moved_aside_and_a_fresh_one_made(
    damage: object, db_path: Path, wall: FakeWallClock
) -> None:
    """Random bytes, a non-SQLite file or a truncated database: the file is renamed, byte for byte
    intact, to history.db.broken-<time>, the store says where, and a fresh history opens."""
    db_path.parent.mkdir(parents=True)
    damage(db_path)  # type: ignore[operator]
    before = _digest(db_path)
    with HistoryStore.open(db_path, utc_now=wall) as store:
        aside = db_path.with_name("history.db.broken-20261127T073000Z")
        assert store.moved_aside == aside
        assert _digest(aside) == before
        assert store.load_runs() == []
        assert store.count_runs() == 0
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_second_damaged_file_the_same_second_gets_its_own_name(
    db_path: Path, wall: FakeWallClock
) -> None:
    """Moving aside never overwrites an earlier broken file."""
    db_path.parent.mkdir(parents=True)
    _text_file(db_path)
    HistoryStore.open(db_path, utc_now=wall).close()
    _random_bytes(db_path)
    with HistoryStore.open(db_path, utc_now=wall) as store:
        assert store.moved_aside == db_path.with_name("history.db.broken-20261127T073000Z-2")
    assert db_path.with_name("history.db.broken-20261127T073000Z").read_text().startswith("These")


def test_file_from_a_newer_version_is_left_alone(db_path: Path, wall: FakeWallClock) -> None:
    """A schema this version does not know: a clear error, the file untouched, not moved."""
    HistoryStore.open(db_path, utc_now=wall).close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = _digest(db_path)
    with pytest.raises(StoreError, match="written by a newer CouchTimer"):
        HistoryStore.open(db_path, utc_now=wall)
    assert _digest(db_path) == before
    assert list(db_path.parent.glob("*.broken-*")) == []


def test_read_only_folder_gives_a_clear_error(shared_tmp: Path, wall: FakeWallClock) -> None:
    """No history yet and a folder we may not write (another user's, or our own made read-only):
    StoreError naming the file and the fix, and nothing written."""
    folder = shared_tmp / "couchtimer"
    folder.mkdir(mode=0o755)
    with unwritable(folder), pytest.raises(StoreError) as caught:
        HistoryStore.open(folder / "history.db", utc_now=wall)
    assert str(caught.value) == (
        f"CouchTimer may not write to {folder / 'history.db'}: permission denied. "
        "Make the folder writable for your user."
    )
    assert list(folder.iterdir()) == []


def test_read_only_history_gives_a_clear_error_and_is_kept(
    shared_tmp: Path, wall: FakeWallClock
) -> None:
    """A history we may read but not write: StoreError, and the file is neither changed nor
    moved aside (it is not damaged)."""
    folder = shared_tmp / "couchtimer"
    folder.mkdir(mode=0o755)
    db_path = folder / "history.db"
    _history_with_one_run(db_path, wall)
    folder.chmod(0o755)  # readable by others, writable only by its owner
    db_path.chmod(0o644)
    before = _digest(db_path)
    with unwritable(folder, db_path), pytest.raises(StoreError) as caught:
        HistoryStore.open(db_path, utc_now=wall)
    if os.geteuid() == 0:  # 'nobody' opened root's file: chmod is not the remedy
        assert str(caught.value) == (
            f"The history file {db_path} belongs to user root, so you (user nobody) may read "
            f"it but not change it. If it is yours from a CouchTimer run with sudo, give it "
            f"back: sudo chown -R $USER {folder}."
        )
    else:
        assert str(caught.value) == (
            f"CouchTimer cannot write the history file {db_path}: it or its folder is "
            "read-only. Make both writable for your user (for example chmod u+w)."
        )
    assert _digest(db_path) == before
    assert sorted(p.name for p in folder.iterdir()) == ["history.db"]


def _hold_write_lock(db_path: Path) -> sqlite3.Connection:
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE runs SET app_version = app_version")
    return other


def test_locked_history_keeps_the_run_in_memory_and_writes_it_later(
    db_path: Path, wall: FakeWallClock
) -> None:
    """Another program holds the write lock mid-run: the recorder says so, keeps every segment and
    mark in memory, and writes them all, in order, once the lock is gone."""
    store = HistoryStore.open(db_path, utc_now=wall)
    recorder, engine, clock = begin_run(store)
    other = _hold_write_lock(db_path)
    recorder.record_events(engine.tick(clock.advance(12)))
    handle = recorder.add_mark(PainMark(12_000, 1))
    recorder.update_mark(handle, 7)
    assert recorder.problem == (
        f"The history file {db_path} is locked by another program (is CouchTimer open twice?). "
        "Close the other one; CouchTimer keeps trying."
    )
    assert recorder.pending_writes == 3
    assert recorder.snapshot().marks == (PainMark(12_000, 1, 7),)
    with pytest.raises(StoreError, match="is locked by another program"):
        store.save_report(recorder.run_id or 0, PainReport(True))
    other.execute("ROLLBACK")
    other.close()
    recorder.record_events(engine.tick(clock.advance(60)))
    assert recorder.problem is None
    assert recorder.pending_writes == 0
    run = store.load_run(recorder.run_id or 0)
    assert run.status is RunStatus.COMPLETED
    assert [s.index for s in run.segments] == [0, 1, 2, 3]
    assert run.marks == (PainMark(12_000, 1, 7),)
    store.close()


def test_locked_from_the_very_start_the_run_row_comes_later(
    db_path: Path, wall: FakeWallClock
) -> None:
    """Even the run row waits in memory; the id is known once it is written."""
    store = HistoryStore.open(db_path, utc_now=wall)
    HistoryStore.open(db_path, utc_now=wall).close()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    recorder = store.recorder()
    recorder.start("nhs-c25k", WORKOUT, START)
    recorder.add_mark(PainMark(1_000, 0, 2))
    assert recorder.run_id is None
    assert recorder.problem is not None
    conn.execute("COMMIT")
    conn.close()
    assert recorder.flush()
    assert store.load_run(recorder.run_id or 0).marks == (PainMark(1_000, 0, 2),)
    store.close()


def test_full_disk_keeps_the_run_in_memory(db_path: Path, wall: FakeWallClock) -> None:
    """The disk fills up mid-run (SQLite's page limit makes it full for real): the message says
    so and nothing is lost once there is room again."""
    store = HistoryStore.open(db_path, utc_now=wall)
    recorder, engine, clock = begin_run(store)
    conn = store.connection
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    long_notes = "x" * 20_000  # a report that needs new pages
    with pytest.raises(StoreError, match="is full"):
        store.save_report(recorder.run_id or 0, PainReport(True, notes=long_notes))
    marks = 0
    while recorder.problem is None and marks < 5_000:  # until the last free page is used up
        recorder.add_mark(PainMark(1_000 + marks, 0, marks % 11))
        marks += 1
    assert recorder.problem is not None
    assert f"The disk holding the history file {db_path} is full." in recorder.problem
    for n in range(marks, marks + 10):
        recorder.add_mark(PainMark(1_000 + n, 0, n % 11))
    assert len(recorder.snapshot().marks) == marks + 10
    assert recorder.pending_writes == 11
    conn.execute("PRAGMA max_page_count = 1073741823")
    recorder.record_events(engine.tick(clock.advance(60)))
    assert recorder.problem is None
    run = store.load_run(recorder.run_id or 0)
    assert run.marks == recorder.snapshot().marks
    assert run.status is RunStatus.COMPLETED
    store.close()


def test_daily_backup_once_a_day_keeping_seven(db_path: Path, wall: FakeWallClock) -> None:
    """Opening takes a backup once a day with SQLite's backup API; the newest seven are kept."""
    _history_with_one_run(db_path, wall)
    folder = db_path.parent / "backups"
    for _ in range(9):
        with HistoryStore.open(db_path, utc_now=wall) as store:
            assert store.backup_problem is None
        HistoryStore.open(db_path, utc_now=wall).close()  # same day: no second backup
        wall.advance(24 * 3600)
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "history-2026-11-29.db",
        "history-2026-11-30.db",
        "history-2026-12-01.db",
        "history-2026-12-02.db",
        "history-2026-12-03.db",
        "history-2026-12-04.db",
        "history-2026-12-05.db",
    ]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    newest = folder / names[-1]
    assert stat.S_IMODE(newest.stat().st_mode) == 0o600
    with HistoryStore.open(newest, backups=False) as copy:
        assert len(copy.load_runs()) == 1


def test_restore_moves_the_current_file_aside(db_path: Path, wall: FakeWallClock) -> None:
    """Restore validates the backup, keeps the current history as history.db.before-restore-*,
    and puts the backup's runs in place."""
    _history_with_one_run(db_path, wall)
    with HistoryStore.open(db_path, utc_now=wall) as store:  # today's backup: one run
        backup = store.backup_path
    assert backup is not None
    _history_with_one_run(db_path, wall)  # a second run after the backup
    moved = backups.restore(backup, db_path, wall())
    assert moved == db_path.with_name("history.db.before-restore-20261127T073000Z")
    with HistoryStore.open(db_path, utc_now=wall, backups=False) as store:
        assert store.count_runs() == 1
    with HistoryStore.open(moved, backups=False) as old:
        assert old.count_runs() == 2


def test_restore_refuses_what_is_not_a_backup(
    db_path: Path, wall: FakeWallClock, tmp_path: Path
) -> None:
    """A missing, damaged or foreign file is refused and the current history is untouched."""
    _history_with_one_run(db_path, wall)
    before = _digest(db_path)
    text = tmp_path / "notes.db"
    _text_file(text)
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    for candidate, message in [
        (tmp_path / "missing.db", "There is no backup file"),
        (text, "is not a CouchTimer backup"),
        (empty, "has no runs table"),
    ]:
        with pytest.raises(StoreError, match=message):
            backups.restore(candidate, db_path, wall())
    assert _digest(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["history.db"]


def test_backup_problem_is_reported_not_fatal(db_path: Path, wall: FakeWallClock) -> None:
    """If the backups folder cannot be made, the history still opens and says why."""
    _history_with_one_run(db_path, wall)
    shutil.rmtree(db_path.parent / "backups", ignore_errors=True)
    (db_path.parent / "backups").write_text("in the way")
    with HistoryStore.open(db_path, utc_now=wall) as store:
        assert store.backup_problem is not None
        assert store.backup_problem.startswith("Today's backup was not made: ")
        assert store.count_runs() == 1
    assert (db_path.parent / "backups").read_text() == "in the way"


def test_a_write_that_can_never_succeed_does_not_block_the_rest(
    db_path: Path, wall: FakeWallClock, caplog: pytest.LogCaptureFixture
) -> None:
    """If another program already put a row where the recorder's goes, that one write is logged
    and dropped; the marks after it are still written and the run is whole in memory."""
    store = HistoryStore.open(db_path, utc_now=wall)
    recorder = store.recorder()
    recorder.start("nhs-c25k", WORKOUT, START)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("INSERT INTO marks VALUES (?, 0, 1, 0, 1)", (recorder.run_id,))
    other.close()
    recorder.add_mark(PainMark(5_000, 0, 5))
    recorder.add_mark(PainMark(6_000, 0, 6))
    assert recorder.problem is None
    assert recorder.pending_writes == 0
    assert "dropped the mark write of run" in caplog.text
    assert store.load_run(recorder.run_id or 0).marks == (PainMark(1, 0, 1), PainMark(6_000, 0, 6))
    assert recorder.snapshot().marks == (PainMark(5_000, 0, 5), PainMark(6_000, 0, 6))
    store.close()


def test_rolling_backups_keep_the_last_good_copy_before_damage(
    db_path: Path, wall: FakeWallClock
) -> None:
    """After a damaged file was moved aside, later days' backups (of the fresh file) never prune
    away the newest backup taken before the damage: the 7 newest are kept, plus that one."""
    _history_with_one_run(db_path, wall)
    for _ in range(3):  # backups of the good file: 27, 28, 29 November
        HistoryStore.open(db_path, utc_now=wall).close()
        wall.advance(24 * 3600)
    _random_bytes(db_path)  # 30 November: the file is damaged
    with HistoryStore.open(db_path, utc_now=wall) as store:
        assert store.moved_aside == db_path.with_name("history.db.broken-20261130T073000Z")
    _history_with_one_run(db_path, wall)  # a run in the fresh file
    for _ in range(10):  # 30 November to 9 December
        HistoryStore.open(db_path, utc_now=wall).close()
        wall.advance(24 * 3600)
    names = sorted(p.name for p in (db_path.parent / "backups").iterdir())
    assert names == [
        "history-2026-11-29.db",  # the last good copy, from before the damage
        "history-2026-12-03.db",
        "history-2026-12-04.db",
        "history-2026-12-05.db",
        "history-2026-12-06.db",
        "history-2026-12-07.db",
        "history-2026-12-08.db",
        "history-2026-12-09.db",
    ]
    with HistoryStore.open(db_path.parent / "backups" / names[0], backups=False) as good:
        assert good.count_runs() == 1
