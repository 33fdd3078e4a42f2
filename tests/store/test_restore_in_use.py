"""`couchtimer restore` refuses while the history file is in use, and changes nothing."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile

from couchtimer.cli import main
from couchtimer.store import HistoryStore, StoreError, default_db_path
from couchtimer.store import backup as backups
from tests.helpers.stored import START, WORKOUT, begin_run
from tests.helpers.stubs import FakeWallClock


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _history_and_backup(db_path: Path, wall: FakeWallClock) -> Path:
    with HistoryStore.open(db_path, utc_now=wall) as store:
        store.recorder().start("nhs-c25k", WORKOUT, START)
    with HistoryStore.open(db_path, utc_now=wall) as store:
        assert store.backup_path is not None
        return store.backup_path


def _refused(db_path: Path, backup: Path, reason: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = _digest(db_path)
    assert main(["restore", "--db", str(db_path), str(backup)]) == 2
    assert capsys.readouterr().err == (
        f"couchtimer: The history file {db_path} is in use ({reason}). Close CouchTimer first, "
        "then run couchtimer restore again; nothing was changed.\n"
    )
    assert _digest(db_path) == before
    assert not list(db_path.parent.glob("history.db.before-restore-*"))


def test_restore_refuses_while_a_run_is_recorded(
    db_path: Path, wall: FakeWallClock, capsys: pytest.CaptureFixture[str]
) -> None:
    """A terminal or app run holds its live-run lock: restore refuses; after it ends, it works."""
    backup = _history_and_backup(db_path, wall)
    store = HistoryStore.open(db_path, utc_now=wall)
    recorder, engine, clock = begin_run(store)
    _refused(db_path, backup, "a run is being recorded", capsys)
    recorder.record_events(engine.tick(clock.advance(60)))  # finished: no longer live
    store.close()
    assert main(["restore", "--db", str(db_path), str(backup)]) == 0


def test_restore_refuses_while_another_program_writes(
    db_path: Path, wall: FakeWallClock, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another program holds the write lock: restore cannot take the file, so it refuses."""
    backup = _history_and_backup(db_path, wall)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE runs SET app_version = app_version")
    try:
        _refused(db_path, backup, "another program is writing to it", capsys)
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_restore_refuses_while_the_app_is_open(
    wall: FakeWallClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The desktop app holds its single-instance lock ($XDG_RUNTIME_DIR/couchtimer-<uid>.lock,
    a QLockFile): restoring the app's own history file is refused until it is closed."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    db_path = default_db_path()
    assert db_path == tmp_path / "data-home" / "couchtimer" / "history.db"
    backup = _history_and_backup(db_path, wall)
    lock = QLockFile(str(backups.app_lock_path()))
    assert lock.tryLock(100)
    try:
        assert backups.in_use(db_path) == "the CouchTimer app is open"
        with pytest.raises(StoreError, match="Close CouchTimer first"):
            backups.restore(backup, db_path, wall())
    finally:
        lock.unlock()
    assert backups.in_use(db_path) is None
    assert backups.restore(backup, db_path, wall()) is not None
