"""Every earlier schema version opens with its data intact (fixtures in tests/data/store/)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from couchtimer.core.engine import SegmentEnd
from couchtimer.core.history import RunStatus
from couchtimer.core.pain import BodyArea, Character, Checkin, Eased, PainMark, Region, Side
from couchtimer.store import HistoryStore
from couchtimer.store.schema import CURRENT_VERSION, MIGRATIONS, migrate, user_version
from tests.helpers.stubs import FakeWallClock


def test_every_earlier_version_has_a_fixture(data_dir: Path) -> None:
    """A new migration needs a fixture of the version before it (scripts/make_store_fixtures)."""
    have = sorted(p.name for p in (data_dir / "store").glob("history-v*.db"))
    assert have == [f"history-v{v}.db" for v in range(1, CURRENT_VERSION)]


def test_empty_file_version_0_gets_the_whole_schema(db_path: Path, wall: FakeWallClock) -> None:
    """An empty file (version 0, as SQLite leaves a new file) is brought to the current version."""
    db_path.parent.mkdir(parents=True)
    db_path.touch()
    with HistoryStore.open(db_path, utc_now=wall) as store:
        assert user_version(store.connection) == CURRENT_VERSION
        tables = {
            row[0]
            for row in store.connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    assert tables == {
        "runs",
        "segments",
        "marks",
        "reports",
        "checkins",
        "tracks",
        "segment_metrics",
        "advice",
        "history_facts",
    }


def test_version_1_keeps_every_run_segment_mark_report_and_checkin(
    data_dir: Path, db_path: Path, wall: FakeWallClock
) -> None:
    """Version 1 had no run uuid and no segment end reason: both are filled in, nothing lost,
    and a backup of the old file is taken before migrating."""
    db_path.parent.mkdir(parents=True)
    shutil.copyfile(data_dir / "store" / "history-v1.db", db_path)
    with HistoryStore.open(db_path, utc_now=wall) as store:
        runs = store.load_runs()
        assert store.backup_path is not None
    assert [(r.id, r.code, r.status) for r in runs] == [
        (1, "W4R1", RunStatus.COMPLETED),
        (2, "W4R2", RunStatus.ENDED_EARLY),
    ]
    first, second = runs
    assert first.started_at == datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
    assert len({first.uuid, second.uuid}) == 2
    assert all(len(r.uuid) == 36 for r in runs)
    assert [(s.index, s.actual_seconds, s.ended) for s in first.segments] == [
        (0, 300.0, SegmentEnd.COMPLETED),
        (1, 180.0, SegmentEnd.COMPLETED),
        (2, 40.5, SegmentEnd.SKIPPED),
        (3, 180.0, SegmentEnd.COMPLETED),
        (4, 300.0, SegmentEnd.COMPLETED),
    ]
    assert first.segments[2].skipped
    assert first.marks == (PainMark(421_000, 1, 6), PainMark(655_500, 3, None))
    assert second.marks == (PainMark(410_000, 1, 8),)
    assert first.report is not None
    assert first.report.areas == (BodyArea(Region.LOWER_BACK, Side.BOTH),)
    assert first.report.characters == (Character.STABBING,)
    assert first.report.eased_in_walks is Eased.YES
    assert first.report.onset_note == "run 1 of 2, after about 2 min"
    assert first.checkin == Checkin(2, 3, "stiff")
    with HistoryStore.open(store.backup_path, backups=False) as old:  # the pre-migration copy
        assert len(old.load_runs()) == 2


def test_version_2_keeps_its_runs_and_gains_empty_recording_tables(
    data_dir: Path, db_path: Path, wall: FakeWallClock
) -> None:
    """Version 3 added the tables for watch and phone recordings (issue 15): nothing else moves."""
    db_path.parent.mkdir(parents=True)
    shutil.copyfile(data_dir / "store" / "history-v2.db", db_path)
    with HistoryStore.open(db_path, utc_now=wall) as store:
        runs = store.load_runs()
        assert user_version(store.connection) == CURRENT_VERSION == 5
        assert store.connection.execute("SELECT COUNT(*) FROM tracks").fetchone()[0] == 0
    assert [(r.id, r.code, r.uuid) for r in runs] == [
        (1, "W4R1", "6f1c2b9e-3d0a-4c59-9a51-0c7d5a3e2f11"),
        (2, "W4R2", "0b8e4d27-91f6-4f3a-8c2e-7a5d6b1c9e40"),
    ]
    first, second = runs
    assert [s.ended for s in first.segments][2] is SegmentEnd.SKIPPED
    assert [s.ended for s in second.segments] == [SegmentEnd.COMPLETED, SegmentEnd.ENDED_EARLY]
    assert first.marks == (PainMark(421_000, 1, 6), PainMark(655_500, 3, None))
    assert first.report is not None
    assert first.checkin == Checkin(2, 3, "stiff")


def test_version_3_keeps_its_runs_and_gains_an_empty_advice_log(
    data_dir: Path, db_path: Path, wall: FakeWallClock
) -> None:
    """Version 4 added the advice log (issue 16): empty, and nothing else moves."""
    db_path.parent.mkdir(parents=True)
    shutil.copyfile(data_dir / "store" / "history-v3.db", db_path)
    with HistoryStore.open(db_path, utc_now=wall) as store:
        runs = store.load_runs()
        assert store.advice_log() == []
        assert user_version(store.connection) == CURRENT_VERSION == 5
    assert [(r.id, r.code, r.uuid) for r in runs] == [
        (1, "W4R1", "6f1c2b9e-3d0a-4c59-9a51-0c7d5a3e2f11"),
        (2, "W4R2", "0b8e4d27-91f6-4f3a-8c2e-7a5d6b1c9e40"),
    ]
    assert [s.ended for s in runs[1].segments] == [SegmentEnd.COMPLETED, SegmentEnd.ENDED_EARLY]
    assert runs[0].marks == (PainMark(421_000, 1, 6), PainMark(655_500, 3, None))
    assert runs[0].checkin == Checkin(2, 3, "stiff")


def test_failed_migration_leaves_the_old_version(db_path: Path) -> None:
    """A migration runs in one transaction with its version bump: a failure changes nothing."""
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    migrate(conn, upto=1)
    conn.execute("CREATE TABLE in_the_way (x)")
    conn.execute("CREATE UNIQUE INDEX runs_by_uuid ON in_the_way (x)")  # clashes with v2
    with pytest.raises(sqlite3.OperationalError, match="already exists"):
        migrate(conn)
    assert user_version(conn) == 1
    columns = [row[1] for row in conn.execute("PRAGMA table_info(runs)")]
    assert "uuid" not in columns
    conn.close()
    assert len(MIGRATIONS) == CURRENT_VERSION
