"""A run being recorded is never lost: writes a lock held back are flushed or rescued at close,
and another process cannot discard, or delete for good, a run that is still being recorded."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from couchtimer.cli import main
from couchtimer.core.history import RunStatus
from couchtimer.core.pain import PainMark
from couchtimer.formats.history_json import read_history_file
from couchtimer.store import HistoryStore, StoreError
from couchtimer.store.recorder import SqliteRecorder
from tests.helpers.stored import START, WORKOUT, begin_run
from tests.helpers.stubs import FakeWallClock


def _hold_write_lock(db_path: Path) -> sqlite3.Connection:
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE runs SET app_version = app_version")
    return other


def _run_finished_while_locked(
    store: HistoryStore, db_path: Path
) -> tuple[SqliteRecorder, sqlite3.Connection]:
    """A whole run whose segments and mark were recorded while another program held the lock."""
    recorder, engine, clock = begin_run(store)
    other = _hold_write_lock(db_path)
    recorder.record_events(engine.tick(clock.advance(12)))
    recorder.add_mark(PainMark(12_000, 1, 6))
    recorder.record_events(engine.tick(clock.advance(60)))
    assert recorder.snapshot().finished is not None
    assert recorder.pending_writes == 6  # 4 segments, the mark, the end
    return recorder, other


def _release_later(other: sqlite3.Connection, seconds: float) -> threading.Thread:
    def release() -> None:
        time.sleep(seconds)
        other.execute("ROLLBACK")
        other.close()

    thread = threading.Thread(target=release)
    thread.start()
    return thread


def test_flush_after_the_run_waits_longer_for_the_lock(db_path: Path, wall: FakeWallClock) -> None:
    """After the run nothing calls the recorder: flush(timeout) waits for the lock this long and
    writes everything, in order; a short wait leaves the writes queued with the problem said."""
    store = HistoryStore.open(db_path, utc_now=wall)
    recorder, other = _run_finished_while_locked(store, db_path)
    assert recorder.flush(timeout=0.05) is False
    assert recorder.pending_writes == 6
    assert recorder.problem == (
        f"The history file {db_path} is locked by another program (is CouchTimer open twice?). "
        "Close the other one; CouchTimer keeps trying."
    )
    thread = _release_later(other, 0.3)
    assert recorder.flush(timeout=5.0) is True
    thread.join()
    assert recorder.problem is None
    run = store.load_run(recorder.run_id or 0)
    assert run.status is RunStatus.COMPLETED
    assert [s.index for s in run.segments] == [0, 1, 2, 3]
    assert run.marks == (PainMark(12_000, 1, 6),)
    store.close()
    assert store.rescued == []


def test_close_flushes_writes_once_the_lock_goes(db_path: Path, wall: FakeWallClock) -> None:
    """close() gives waiting writes more time: a lock released meanwhile loses nothing."""
    store = HistoryStore.open(db_path, utc_now=wall)
    _recorder, other = _run_finished_while_locked(store, db_path)
    thread = _release_later(other, 0.3)
    store.close(flush_timeout=5.0)
    thread.join()
    assert store.rescued == []
    with HistoryStore.open(db_path, utc_now=wall) as again:
        (run,) = again.load_runs()
    assert run.status is RunStatus.COMPLETED
    assert len(run.segments) == 4
    assert run.marks == (PainMark(12_000, 1, 6),)


def test_close_while_locked_rescues_the_run_for_import(
    db_path: Path, wall: FakeWallClock, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file stays locked past close(): the run is saved as unsaved-run-<UTC>.json (0600)
    next to the history, and `couchtimer import` of it later completes the run in the file."""
    store = HistoryStore.open(db_path, utc_now=wall)
    _recorder, other = _run_finished_while_locked(store, db_path)
    store.close(flush_timeout=0.05)
    other.execute("ROLLBACK")
    other.close()
    rescued = db_path.parent / "unsaved-run-20261127T073000Z.json"
    assert store.rescued == [rescued]
    assert stat.S_IMODE(rescued.stat().st_mode) == 0o600
    (saved,) = read_history_file(rescued)
    assert saved.status is RunStatus.COMPLETED
    assert len(saved.segments) == 4
    assert saved.marks == (PainMark(12_000, 1, 6),)
    journal = db_path.parent / "runs" / f"{saved.uuid}.journal"
    assert store.kept == [journal]  # and the run's journal stays for the next opening
    with HistoryStore.open(db_path, utc_now=wall) as again:
        (run,) = again.load_runs()
        assert again.replayed == [saved.uuid]
    assert not journal.exists()
    assert run.uuid == saved.uuid
    assert run.status is RunStatus.COMPLETED
    assert [s.index for s in run.segments] == [0, 1, 2, 3]
    assert run.marks == (PainMark(12_000, 1, 6),)
    # The JSON copy is still good for `couchtimer import`: the run is there already.
    assert main(["import", str(rescued), "--db", str(db_path)]) == 0
    assert "Imported 0 runs" in capsys.readouterr().out


def test_close_with_nothing_waiting_rescues_nothing(db_path: Path, wall: FakeWallClock) -> None:
    """A run that is all in the file leaves no JSON behind, and no live-lock files."""
    store = HistoryStore.open(db_path, utc_now=wall)
    recorder, _, _ = begin_run(store)
    assert recorder.rescue(db_path.parent) is None
    store.close()
    assert store.rescued == []
    assert sorted(p.name for p in db_path.parent.iterdir() if p.suffix == ".json") == []
    assert not (db_path.parent / "runs").exists()


_RECORDING = """
import sys
from datetime import UTC, datetime
from couchtimer.core.engine import WorkoutEngine
from couchtimer.core.pain import PainMark
from couchtimer.store import HistoryStore, StoreError
from tests.helpers.stubs import FakeClock
from tests.helpers.stored import WORKOUT

store = HistoryStore.open(sys.argv[1], backups=False)
clock = FakeClock()
recorder = store.recorder()
engine = WorkoutEngine(WORKOUT, clock)
recorder.start("nhs-c25k", WORKOUT, datetime(2026, 11, 27, 7, 30, tzinfo=UTC))
recorder.record_events(engine.start())
recorder.record_events(engine.tick(clock.advance(12)))
recorder.add_mark(PainMark(11_000, 1, 4))
print(recorder.run_id, flush=True)
sys.stdin.read()
"""


def test_a_run_recorded_by_another_process_is_not_interrupted(
    db_path: Path, wall: FakeWallClock, capsys: pytest.CaptureFixture[str]
) -> None:
    """While another process records a run, `couchtimer recover --discard` here leaves it alone;
    once that process is killed (-9), the run is offered as interrupted."""
    HistoryStore.open(db_path, utc_now=wall).close()
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-c", _RECORDING, str(db_path)],
        cwd=root,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        run_id = int(child.stdout.readline())
        with HistoryStore.open(db_path, utc_now=wall) as store:
            assert store.interrupted_runs() == []
        assert main(["recover", "--discard", "--db", str(db_path)]) == 0
        assert capsys.readouterr().out == "No interrupted runs.\n"
        with HistoryStore.open(db_path, utc_now=wall) as store:
            run = store.load_run(run_id)
            assert run.status is RunStatus.IN_PROGRESS
            assert run.marks == (PainMark(11_000, 1, 4),)
            with pytest.raises(StoreError, match="still being recorded"):
                store.resolve_interrupted(run_id, keep=False)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        if child.stdout is not None:
            child.stdout.close()
        if child.stdin is not None:
            child.stdin.close()
    with HistoryStore.open(db_path, utc_now=wall) as store:
        assert [run.id for run in store.interrupted_runs()] == [run_id]
        store.resolve_interrupted(run_id, keep=True)
        assert store.load_run(run_id).status is RunStatus.ENDED_EARLY
    assert not (db_path.parent / "runs").exists()  # the dead run's lock file is cleared


def test_run_deleted_under_a_live_recorder_is_written_again(
    db_path: Path, wall: FakeWallClock
) -> None:
    """Another program deletes the run row mid-run: the recorder says so and writes the whole
    run again from memory, instead of dropping the writes that no longer fit."""
    store = HistoryStore.open(db_path, utc_now=wall)
    recorder, engine, clock = begin_run(store)
    recorder.record_events(engine.tick(clock.advance(12)))
    recorder.add_mark(PainMark(11_000, 1, 4))
    uuid = recorder.run_record().uuid
    other = sqlite3.connect(db_path)
    other.execute("PRAGMA foreign_keys = ON")
    with other:
        other.execute("DELETE FROM runs")
    other.close()
    recorder.record_events(engine.tick(clock.advance(40)))
    assert recorder.problem == (
        f"Another program deleted this run from the history file {db_path} while it was being "
        "recorded; CouchTimer wrote it again from memory."
    )
    assert recorder.pending_writes == 0
    (run,) = store.load_runs()
    assert run.uuid == uuid
    assert run.id == recorder.run_id
    assert run.status is RunStatus.COMPLETED
    assert [s.index for s in run.segments] == [0, 1, 2, 3]
    assert run.marks == (PainMark(11_000, 1, 4),)
    recorder.add_mark(PainMark(44_000, 3, 1))  # later writes go to the new row
    assert recorder.problem is None
    assert store.load_run(run.id).marks == (PainMark(11_000, 1, 4), PainMark(44_000, 3, 1))
    store.close()
    data = json.dumps([p.name for p in db_path.parent.iterdir()])
    assert "unsaved-run" not in data


def test_terminal_run_says_where_a_rescued_run_went(
    db_path: Path, wall: FakeWallClock, capsys: pytest.CaptureFixture[str]
) -> None:
    """After `run --terminal`, a run the locked file could not take is named on stderr, with
    the import command that adds it later."""
    from couchtimer.cli.run import close_store

    store = HistoryStore.open(db_path, utc_now=wall)
    _recorder, other = _run_finished_while_locked(store, db_path)
    close_store(store, flush_timeout=0.05)
    other.execute("ROLLBACK")
    other.close()
    rescued = db_path.parent / "unsaved-run-20261127T073000Z.json"
    assert capsys.readouterr().err == (
        f"couchtimer: the history file {db_path} could not be written, so this run was saved "
        f"to {rescued}. Add it to the history later with: couchtimer import {rescued}\n"
    )


def test_a_journal_only_recorder_has_nothing_to_retry_and_no_id(tmp_path: Path) -> None:
    """The history file would not open: the run goes to its journal, which the file takes at
    its next opening, so there is nothing for this process to retry (the app then shows no
    "keeps trying" notice) and no run id to hang a post-run report on."""
    from couchtimer.store.journal_recorder import JournalRecorder

    recorder = JournalRecorder(tmp_path / "history.db", "The disk is full.", lambda: START)
    recorder.start("nhs-c25k", WORKOUT, START)
    try:
        assert (recorder.problem, recorder.kept) == ("The disk is full.", "journal")
        assert recorder.safe_in is not None
        assert recorder.safe_in.exists()
        assert (recorder.pending_writes, recorder.run_id, recorder.flush()) == (0, None, True)
    finally:
        kept = recorder.close()
    assert kept is not None
