"""HistoryStore on real files: opening, writing a run as it happens, reading it back."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from couchtimer.core.engine import SegmentEnd, WorkoutEngine
from couchtimer.core.history import RunStatus
from couchtimer.core.pain import BodyArea, Checkin, PainMark, PainReport, Region, Side
from couchtimer.core.programme import SegmentKind
from couchtimer.store import HistoryStore, StoreError, default_db_path, files
from couchtimer.store.schema import CURRENT_VERSION
from tests.helpers.stored import START, WORKOUT, begin_run, die
from tests.helpers.stubs import FakeClock, FakeWallClock


def _peek(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """What another program reading the file sees right now."""
    conn = sqlite3.connect(path)
    try:
        return [tuple(row) for row in conn.execute(sql, params)]
    finally:
        conn.close()


def test_new_file_is_private_wal_with_foreign_keys(db_path: Path, wall: FakeWallClock) -> None:
    """A fresh history is 0600 in a 0700 folder, in WAL mode, at the current schema version."""
    store = HistoryStore.open(db_path, utc_now=wall)
    try:
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
        assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
        conn = store.connection
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION == 5
        assert store.moved_aside is None
        assert store.backup_path is None  # nothing to back up in a new file
    finally:
        store.close()


def test_existing_wider_file_mode_is_tightened(db_path: Path, wall: FakeWallClock) -> None:
    """A history copied in with 0644 is made 0600 when opened."""
    HistoryStore.open(db_path, utc_now=wall).close()
    db_path.chmod(0o644)
    HistoryStore.open(db_path, utc_now=wall).close()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_modes_are_narrowed_never_widened(tmp_path: Path) -> None:
    """Group and other bits go; an owner's own read-only choice stays (the store then reports it
    read-only and how to change it) instead of being quietly made writable again."""
    wide = tmp_path / "wide"
    wide.mkdir(mode=0o775)
    wide.chmod(0o775)
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o555)
    (wide / "history.db").write_bytes(b"")
    (wide / "history.db").chmod(0o664)
    (wide / "copy.db").write_bytes(b"")
    (wide / "copy.db").chmod(0o444)
    try:
        files.private_dir(wide)
        files.private_dir(read_only)
        files.tighten(wide / "history.db")
        files.tighten(wide / "copy.db")
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (wide, read_only)}
        modes |= {p.name: stat.S_IMODE(p.stat().st_mode) for p in wide.iterdir()}
    finally:
        read_only.chmod(0o700)
    assert modes == {"wide": 0o700, "read-only": 0o500, "history.db": 0o600, "copy.db": 0o400}


def test_private_files_are_written_whole_and_never_through_a_link(tmp_path: Path) -> None:
    """A link planted at the file's name, or at its temporary name (a crashed writer's left
    over, or someone else's), is replaced: what it points to is never written."""
    import os

    target = tmp_path / "rescued.json"
    victim = tmp_path / "victim"
    victim.write_bytes(b"keep me")
    target.symlink_to(victim)
    temporary = tmp_path / f".rescued.json.{os.getpid()}.tmp"
    temporary.symlink_to(victim)
    files.write_private(target, b"{}")
    assert victim.read_bytes() == b"keep me"
    assert not target.is_symlink()
    assert target.read_bytes() == b"{}"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not os.path.lexists(temporary)
    files.write_private(target, b"[]", sync=False)
    assert target.read_bytes() == b"[]"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rescued.json", "victim"]


def test_default_path_honours_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history lives in $XDG_DATA_HOME/couchtimer/history.db."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "couchtimer" / "history.db"
    store = HistoryStore.open()
    store.close()
    assert (tmp_path / "xdg" / "couchtimer" / "history.db").is_file()


def test_run_is_written_as_it_happens(
    store: HistoryStore, db_path: Path, clock: FakeClock, wall: FakeWallClock
) -> None:
    """Run row at start, each segment when it ends, each mark when pressed: another reader sees
    each one straight away."""
    recorder, engine, clock = begin_run(store, clock)
    assert recorder.problem is None
    assert _peek(db_path, "SELECT status, week, run, started_at, app_version FROM runs") == [
        ("in-progress", 4, 1, "2026-11-27T07:30:00.000000+00:00", "0.1.0")
    ]
    recorder.record_events(engine.tick(clock.advance(12)))
    assert _peek(db_path, "SELECT seq, segment_index, actual_seconds FROM segments") == [
        (0, 0, 10.0)
    ]
    handle = recorder.add_mark(PainMark(12_000, engine.index))
    assert _peek(db_path, "SELECT offset_ms, segment_index, intensity FROM marks") == [
        (12_000, 1, None)
    ]
    recorder.update_mark(handle, 6)
    assert _peek(db_path, "SELECT intensity FROM marks") == [(6,)]
    recorder.progress(engine.index, engine.active_seconds())
    assert _peek(db_path, "SELECT progress_index, progress_seconds FROM runs") == [(1, 12.0)]
    wall.advance(60)
    recorder.record_events(engine.tick(clock.advance(40)))
    assert _peek(db_path, "SELECT status, ended_at FROM runs") == [
        ("completed", "2026-11-27T07:31:00.000000+00:00")
    ]
    run = store.load_run(recorder.run_id or 0)
    assert [(s.index, s.kind, s.actual_seconds) for s in run.segments] == [
        (0, SegmentKind.WARMUP, 10.0),
        (1, SegmentKind.RUN, 20.0),
        (2, SegmentKind.WALK, 10.0),
        (3, SegmentKind.COOLDOWN, 5.0),
    ]
    assert run.marks == (PainMark(12_000, 1, 6),)
    assert run.status is RunStatus.COMPLETED
    assert run.planned == WORKOUT.segments
    assert len(run.uuid) == 36
    assert recorder.snapshot().marks == run.marks


def test_skip_back_and_end_early_are_recorded(store: HistoryStore, clock: FakeClock) -> None:
    """Every segment visit is kept with how it ended; ending early marks the run so."""
    recorder, engine, clock = begin_run(store, clock)
    recorder.record_events(engine.skip(clock.advance(4)))  # warm-up skipped at 4 s
    recorder.record_events(engine.back(clock.advance(5)))  # run restarted at 5 s in
    recorder.record_events(engine.finish_early(clock.advance(7)))
    run = store.load_run(recorder.run_id or 0)
    assert [
        (s.index, s.ended, s.actual_start, s.actual_seconds, s.skipped) for s in run.segments
    ] == [
        (0, SegmentEnd.SKIPPED, 0.0, 4.0, True),
        (1, SegmentEnd.RESTARTED, 4.0, 5.0, False),
        (1, SegmentEnd.ENDED_EARLY, 9.0, 7.0, False),
    ]
    assert run.status is RunStatus.ENDED_EARLY
    assert run.ended_at == START


def test_progress_is_written_about_once_a_second(
    store: HistoryStore, db_path: Path, clock: FakeClock
) -> None:
    """Progress inside one segment is written when it moved a second or more, so the disk is not
    hammered by a repaint tick."""
    recorder = store.recorder()
    recorder.start("nhs-c25k", WORKOUT, START)
    recorder.progress(0, 0.0)
    recorder.progress(0, 0.5)
    assert _peek(db_path, "SELECT progress_seconds FROM runs") == [(0.0,)]
    recorder.progress(0, 1.25)
    assert _peek(db_path, "SELECT progress_seconds FROM runs") == [(1.25,)]
    recorder.progress(1, 1.5)  # a new segment is noted at once
    assert _peek(db_path, "SELECT progress_index, progress_seconds FROM runs") == [(1, 1.5)]


def test_recorder_needs_a_started_run(store: HistoryStore) -> None:
    """Marking before the run started is a programming error, not silently dropped."""
    with pytest.raises(RuntimeError, match="not started"):
        store.recorder().add_mark(PainMark(0, 0))


def _finished_run(
    store: HistoryStore, started: datetime, marks: tuple[PainMark, ...] = (), week: int = 4
) -> int:
    clock = FakeClock()
    recorder = store.recorder(utc_now=lambda: started + timedelta(minutes=1))
    workout = WORKOUT if week == 4 else type(WORKOUT)(week, 1, WORKOUT.segments)
    engine = WorkoutEngine(workout, clock)
    recorder.start("nhs-c25k", workout, started)
    recorder.record_events(engine.start())
    for mark in marks:
        recorder.add_mark(mark)
    recorder.record_events(engine.tick(clock.advance(60)))
    assert recorder.run_id is not None
    return recorder.run_id


def test_reports_and_checkins_are_saved_and_replaced(store: HistoryStore) -> None:
    """A report and a check-in belong to the run; saving again replaces them."""
    run_id = _finished_run(store, START)
    report = PainReport(False, areas=(BodyArea(Region.LOWER_BACK, Side.BOTH),), worst_during=6)
    store.save_report(run_id, PainReport(True))
    store.save_report(run_id, report)
    at = START + timedelta(days=1)
    store.save_checkin(run_id, Checkin(2, 3, "stiff"), at)
    run = store.load_run(run_id)
    assert run.report == report
    assert run.checkin == Checkin(2, 3, "stiff")
    assert run.checkin_at == at
    with pytest.raises(StoreError, match="There is no run 99 in the history file"):
        store.save_report(99, report)
    with pytest.raises(StoreError, match="There is no run 99"):
        store.load_run(99)


def test_load_runs_filters_and_orders(store: HistoryStore) -> None:
    """Runs come oldest first, limited by start time [since, until) and programme."""
    days = [START + timedelta(days=n) for n in (3, 0, 1)]
    ids = [_finished_run(store, day) for day in days]
    runs = store.load_runs()
    assert [r.id for r in runs] == [ids[1], ids[2], ids[0]]
    window = store.load_runs(since=START + timedelta(days=1), until=START + timedelta(days=3))
    assert [r.id for r in window] == [ids[2]]
    assert store.load_runs(programme_id="other") == []
    assert len(store.load_runs(programme_id="nhs-c25k")) == 3


def test_completed_workouts(store: HistoryStore, clock: FakeClock) -> None:
    """Only workouts run to the end count as done."""
    _finished_run(store, START)
    _finished_run(store, START + timedelta(days=2), week=5)
    recorder = store.recorder()
    engine = WorkoutEngine(WORKOUT, clock)
    recorder.start("nhs-c25k", type(WORKOUT)(6, 1, WORKOUT.segments), START)
    recorder.record_events(engine.start())
    recorder.record_events(engine.finish_early(clock.advance(3)))
    assert store.completed_workouts("nhs-c25k") == {(4, 1), (5, 1)}
    assert store.completed_workouts("other") == set()


def _interrupted(db_path: Path, wall: FakeWallClock, progress: tuple[int, float] | None) -> int:
    """A run left in progress, as a killed process leaves it."""
    store = HistoryStore.open(db_path, utc_now=wall)
    recorder, engine, clock = begin_run(store)
    recorder.record_events(engine.tick(clock.advance(12)))
    recorder.add_mark(PainMark(11_000, 1, 4))
    if progress is not None:
        recorder.progress(*progress)
    run_id = recorder.run_id
    assert store.interrupted_runs() == []  # the live run is not "interrupted"
    die(store)  # no clean shutdown: the process dies here
    assert run_id is not None
    return run_id


def test_interrupted_run_kept_with_its_last_second(db_path: Path, wall: FakeWallClock) -> None:
    """Kept: ended early, with what was recorded plus the unfinished segment up to the last
    progress note."""
    run_id = _interrupted(db_path, wall, progress=(1, 17.5))
    with HistoryStore.open(db_path, utc_now=wall) as store:
        (run,) = store.interrupted_runs()
        assert run.id == run_id
        assert run.status is RunStatus.IN_PROGRESS
        store.resolve_interrupted(run_id, keep=True)
        kept = store.load_run(run_id)
        assert store.interrupted_runs() == []
    assert kept.status is RunStatus.ENDED_EARLY
    assert [(s.index, s.actual_start, s.actual_seconds, s.ended) for s in kept.segments] == [
        (0, 0.0, 10.0, SegmentEnd.COMPLETED),
        (1, 10.0, 7.5, SegmentEnd.ENDED_EARLY),
    ]
    assert kept.marks == (PainMark(11_000, 1, 4),)
    assert kept.ended_at == START + timedelta(seconds=17.5)


def test_interrupted_run_without_progress_ends_at_its_last_mark(
    db_path: Path, wall: FakeWallClock
) -> None:
    """With no progress note, the run ends where the last segment or mark was."""
    run_id = _interrupted(db_path, wall, progress=None)
    with HistoryStore.open(db_path, utc_now=wall) as store:
        store.resolve_interrupted(run_id, keep=True)
        kept = store.load_run(run_id)
        with pytest.raises(StoreError, match="is not interrupted"):
            store.resolve_interrupted(run_id, keep=True)
    assert len(kept.segments) == 1
    assert kept.ended_at == START + timedelta(seconds=11)


def test_interrupted_run_discarded(db_path: Path, wall: FakeWallClock) -> None:
    """Discard deletes the run with its segments and marks."""
    run_id = _interrupted(db_path, wall, progress=(1, 12.0))
    with HistoryStore.open(db_path, utc_now=wall) as store:
        store.resolve_interrupted(run_id, keep=False)
        assert store.load_runs() == []
        assert store.connection.execute("SELECT count(*) FROM marks").fetchone()[0] == 0
        assert store.connection.execute("SELECT count(*) FROM segments").fetchone()[0] == 0


def test_runs_needing_checkin(store: HistoryStore) -> None:
    """Offered for runs with discomfort on the previous two days that have no check-in yet."""
    today = date(2026, 11, 27)
    at = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)
    pain = (PainMark(5_000, 0, 5),)
    yesterday = _finished_run(store, at - timedelta(days=1), pain)
    two_days = _finished_run(store, at - timedelta(days=2), pain)
    _finished_run(store, at - timedelta(days=3), pain)  # too old
    _finished_run(store, at, pain)  # today: ask tomorrow
    _finished_run(store, at - timedelta(days=1))  # no discomfort
    answered = _finished_run(store, at - timedelta(days=1), pain)
    store.save_checkin(answered, Checkin(1, 1), at)
    reported = _finished_run(store, at - timedelta(days=1, hours=1))
    store.save_report(reported, PainReport(False, worst_during=4))
    assert [r.id for r in store.runs_needing_checkin(today, UTC)] == [two_days, reported, yesterday]
