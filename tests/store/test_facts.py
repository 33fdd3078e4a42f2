"""When the runner was seen by a doctor or physio (``red_flags_cleared_at``) lives in the history
file (``store/facts.py``, migration 5): real SQLite files, the fixture of schema 4, the one-time
carry from an older version's settings.ini, backups and restore."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from couchtimer.core.guidance import Action, guidance_for
from couchtimer.core.history import utc_text
from couchtimer.settings_file import carry_red_flags as carry_from_ini
from couchtimer.store import HistoryStore, StoreError, backup
from couchtimer.store.facts import (
    CARRIED,
    CLEARED,
    carry_red_flags,
    clear_red_flags,
    keep_later,
    red_flags_cleared_at,
)
from couchtimer.store.schema import CURRENT_VERSION, user_version
from tests.helpers.stubs import FakeWallClock

SEEN = datetime(2026, 3, 5, 9, 30, tzinfo=UTC)  # after the v4 fixture's red-flag run (2 Mar)


def facts_of(path: Path) -> dict[str, str]:
    """The table as another program reading the file sees it (what was committed)."""
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT name, value FROM history_facts").fetchall())
    finally:
        conn.close()


def v4_file(data_dir: Path, db_path: Path) -> Path:
    """A copy of the schema-4 history (two runs, a red-flag answer, an urgent advice entry)."""
    db_path.parent.mkdir(parents=True)
    shutil.copyfile(data_dir / "store" / "history-v4.db", db_path)
    return db_path


def ini_with(folder: Path, text: str) -> Path:
    """settings.ini as CouchTimer before schema 5 wrote it (QSettings' INI)."""
    path = folder / "settings.ini"
    path.write_text(f"[General]\nred_flags_cleared_at={text}\nvolume=40\n", encoding="utf-8")
    return path


# --- migration 5 ---


def test_version_4_keeps_its_runs_and_advice_and_gains_an_empty_facts_table(
    data_dir: Path, db_path: Path, wall: FakeWallClock
) -> None:
    """Schema 5 adds ``history_facts``; nothing else moves, a backup of the old file comes
    first, and with no moment kept the fixture's red-flag answer holds."""
    v4_file(data_dir, db_path)
    with HistoryStore.open(db_path, utc_now=wall) as store:
        assert user_version(store.connection) == CURRENT_VERSION == 5
        assert store.backup_path is not None
        runs = store.load_runs()
        advice = store.advice_log()
        assert red_flags_cleared_at(store) is None
    assert facts_of(db_path) == {}
    assert [(r.id, r.code, r.uuid) for r in runs] == [
        (1, "W4R1", "6f1c2b9e-3d0a-4c59-9a51-0c7d5a3e2f11"),
        (2, "W4R2", "0b8e4d27-91f6-4f3a-8c2e-7a5d6b1c9e40"),
    ]
    assert runs[0].report is not None
    assert runs[0].report.red_flags_yes == ("fever",)
    assert [(e.action, e.run_code) for e in advice] == [(Action.URGENT, "W4R2")]
    assert guidance_for(runs).action is Action.URGENT
    conn = sqlite3.connect(store.backup_path)  # the copy taken before migrating
    try:
        assert user_version(conn) == 4
        assert conn.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
    finally:
        conn.close()


def test_a_file_of_the_next_schema_is_refused_and_left_alone(
    db_path: Path, wall: FakeWallClock
) -> None:
    """A history written by a CouchTimer that knows schema 6: a clear error, nothing written
    into it (no fact carried), the file byte for byte as it was."""
    HistoryStore.open(db_path, utc_now=wall).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match=r"newer CouchTimer \(schema 6, this one knows 5\)"):
        HistoryStore.open(db_path, utc_now=wall)
    assert db_path.read_bytes() == before


# --- clearing ---


def test_clearing_is_kept_in_the_file_and_lifts_the_hold_after_reopening(
    data_dir: Path, db_path: Path, wall: FakeWallClock
) -> None:
    v4_file(data_dir, db_path)
    with HistoryStore.open(db_path, utc_now=wall) as store:
        clear_red_flags(store, SEEN)
        assert facts_of(db_path) == {CLEARED: "2026-03-05T09:30:00.000000+00:00"}  # committed
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    with HistoryStore.open(db_path, utc_now=wall) as store:
        cleared_at = red_flags_cleared_at(store)
        runs = store.load_runs()
    assert cleared_at == SEEN
    assert guidance_for(runs, cleared_at=cleared_at).action is not Action.URGENT
    # the other side: a moment before the red-flag run clears nothing
    before_run = runs[0].started_at - timedelta(microseconds=1)
    assert guidance_for(runs, cleared_at=before_run).action is Action.URGENT


def test_clearing_again_keeps_the_newest_moment_given(db_path: Path, wall: FakeWallClock) -> None:
    with HistoryStore.open(db_path, utc_now=wall) as store:
        clear_red_flags(store, SEEN)
        clear_red_flags(store, SEEN + timedelta(days=3))
        assert red_flags_cleared_at(store) == SEEN + timedelta(days=3)


def test_a_read_only_file_refuses_clearing_and_keeps_nothing(
    db_path: Path, wall: FakeWallClock
) -> None:
    HistoryStore.open(db_path, utc_now=wall).close()
    store = HistoryStore._open_read_only(db_path, wall, "a test")
    try:
        with pytest.raises(StoreError, match="is open read-only"):
            clear_red_flags(store, SEEN)
        assert not carry_red_flags(store, lambda: utc_text(SEEN))
        assert red_flags_cleared_at(store) is None
    finally:
        store.close()
    assert facts_of(db_path) == {}


def test_a_locked_file_refuses_clearing_and_the_moment_is_not_taken(
    db_path: Path, wall: FakeWallClock
) -> None:
    """Another program holds the write lock: StoreError says so, nothing is kept (the hold
    stays), and the carry waits for the next opening."""
    with HistoryStore.open(db_path, utc_now=wall) as store:
        store.connection.execute("PRAGMA busy_timeout = 0")
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError):
                clear_red_flags(store, SEEN)
            assert not carry_red_flags(store, lambda: utc_text(SEEN))
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert red_flags_cleared_at(store) is None
        assert carry_red_flags(store, lambda: utc_text(SEEN))  # the next try takes it
    assert facts_of(db_path) == {
        CLEARED: utc_text(SEEN),
        CARRIED: utc_text(wall()),
    }


def test_a_stored_value_that_is_not_a_time_reads_as_never(
    db_path: Path, wall: FakeWallClock, caplog: pytest.LogCaptureFixture
) -> None:
    """A hand-edited file: the hold shows (never weakened by garbage), and the log says why."""
    with HistoryStore.open(db_path, utc_now=wall) as store:
        with store.transaction() as conn:
            conn.execute("INSERT INTO history_facts VALUES (?, ?)", (CLEARED, "last Tuesday"))
        with caplog.at_level(logging.WARNING, logger="couchtimer.store.facts"):
            assert red_flags_cleared_at(store) is None
    assert "red_flags_cleared_at 'last Tuesday' is not a time" in caplog.text


# --- the one-time carry from settings.ini ---


def test_the_ini_moment_is_carried_once_and_a_later_clear_is_never_undone(
    data_dir: Path, db_path: Path, wall: FakeWallClock, tmp_path: Path
) -> None:
    v4_file(data_dir, db_path)
    ini = ini_with(tmp_path, "2026-03-05T11:30:00+02:00")  # as QSettings wrote isoformat()
    with HistoryStore.open(db_path, utc_now=wall) as store:
        assert carry_from_ini(store, ini)
        assert red_flags_cleared_at(store) == SEEN
        assert not carry_from_ini(store, ini)  # once
    assert facts_of(db_path) == {CLEARED: utc_text(SEEN), CARRIED: utc_text(wall())}
    later = SEEN + timedelta(days=10)
    with HistoryStore.open(db_path, utc_now=wall) as store:
        clear_red_flags(store, later)
    ini_with(tmp_path, "2026-03-05T11:30:00+02:00")
    wall.advance(86_400)
    with HistoryStore.open(db_path, utc_now=wall) as store:
        assert not carry_from_ini(store, ini)
        assert red_flags_cleared_at(store) == later
    assert ini.read_text(encoding="utf-8").startswith("[General]\nred_flags_cleared_at=")  # left


def test_two_couchtimers_opening_at_once_carry_once(db_path: Path, wall: FakeWallClock) -> None:
    """The other one carries between this one's look and its write: this one writes nothing
    (its look is repeated under the write lock)."""
    carried_at = wall()
    with (
        HistoryStore.open(db_path, utc_now=wall) as first,
        HistoryStore.open(db_path, utc_now=wall) as second,
    ):

        def other_gets_there_first() -> str:
            assert carry_red_flags(second, lambda: utc_text(SEEN))
            wall.advance(60)
            return utc_text(SEEN + timedelta(days=1))

        assert not carry_red_flags(first, other_gets_there_first)
        assert red_flags_cleared_at(first) == SEEN
    assert facts_of(db_path) == {CLEARED: utc_text(SEEN), CARRIED: utc_text(carried_at)}


def test_the_carry_never_replaces_a_moment_the_history_has(
    db_path: Path, wall: FakeWallClock
) -> None:
    """A file that already knows a moment (cleared here, or imported) keeps its own, earlier or
    later, and is marked carried all the same."""
    with HistoryStore.open(db_path, utc_now=wall) as store:
        clear_red_flags(store, SEEN)
        assert not carry_red_flags(store, lambda: utc_text(SEEN + timedelta(days=1)))
        assert red_flags_cleared_at(store) == SEEN
    assert set(facts_of(db_path)) == {CLEARED, CARRIED}


@pytest.mark.parametrize(
    "text",
    [None, "", "yesterday", "2026-03-05T09:30:00", "0001-01-01T00:00:00+14:00"],
    ids=["no key", "empty", "words", "no time zone", "before the year 1 in UTC"],
)
def test_an_ini_value_that_is_not_a_time_carries_nothing_and_is_not_asked_again(
    text: str | None, db_path: Path, wall: FakeWallClock
) -> None:
    """What the older version also took as never (its parse_moment): nothing is copied, the
    hold shows, and the file is marked carried so the ini is never read for it again."""
    asked = []

    def old_value() -> str | None:
        asked.append(text)
        return text

    with HistoryStore.open(db_path, utc_now=wall) as store:
        assert not carry_red_flags(store, old_value)
        assert not carry_red_flags(store, old_value)
        assert red_flags_cleared_at(store) is None
    assert asked == [text]
    assert facts_of(db_path) == {CARRIED: utc_text(wall())}


def test_the_carry_reads_a_missing_or_unreadable_ini_as_none(
    db_path: Path, wall: FakeWallClock, tmp_path: Path
) -> None:
    folder = tmp_path / "settings.ini"
    folder.mkdir()  # a folder where the file would be: configparser cannot read it
    with HistoryStore.open(db_path, utc_now=wall) as store:
        assert not carry_from_ini(store, folder)
        assert red_flags_cleared_at(store) is None
    with HistoryStore.open(db_path.with_name("other.db"), utc_now=wall) as other:
        assert not carry_from_ini(other, tmp_path / "missing.ini")


def test_each_history_file_carries_the_ini_moment_for_itself(
    tmp_path: Path, wall: FakeWallClock
) -> None:
    """The older version applied its one ini moment to whatever file it opened (``--db``
    included); each file opened by this one takes it in once."""
    ini = ini_with(tmp_path, utc_text(SEEN))
    for name in ("history.db", "copy.db"):
        with HistoryStore.open(tmp_path / "data" / name, utc_now=wall) as store:
            assert carry_from_ini(store, ini)
            assert red_flags_cleared_at(store) == SEEN


# --- import keeps the later moment (the rule, inside a transaction) ---


@pytest.mark.parametrize(
    ("held", "brought", "kept"),
    [
        (None, None, None),
        (None, SEEN, SEEN),
        (SEEN, None, SEEN),
        (SEEN, SEEN - timedelta(microseconds=1), SEEN),
        (SEEN, SEEN, SEEN),
        (SEEN, SEEN + timedelta(microseconds=1), SEEN + timedelta(microseconds=1)),
    ],
    ids=["neither", "only the file", "only the history", "file earlier", "same", "file later"],
)
def test_keep_later_keeps_the_later_of_the_two(
    held: datetime | None,
    brought: datetime | None,
    kept: datetime | None,
    db_path: Path,
    wall: FakeWallClock,
) -> None:
    with HistoryStore.open(db_path, utc_now=wall) as store:
        if held is not None:
            clear_red_flags(store, held)
        with store.transaction() as conn:
            changed = keep_later(conn, brought, wall())
        assert changed is (kept is not None and kept != held)
        assert red_flags_cleared_at(store) == kept


def test_keep_later_never_keeps_a_moment_in_the_future(db_path: Path, wall: FakeWallClock) -> None:
    """Nobody has been seen in the future: a moment after now (a hand-edited file, a fast
    clock) is not kept, or no red-flag answer would hold until then. Now itself is kept."""
    with HistoryStore.open(db_path, utc_now=wall) as store:
        clear_red_flags(store, SEEN)
        with store.transaction() as conn:
            assert not keep_later(conn, wall() + timedelta(microseconds=1), wall())
            assert not keep_later(conn, datetime(2100, 1, 1, tzinfo=UTC), wall())
        assert red_flags_cleared_at(store) == SEEN
        with store.transaction() as conn:
            assert keep_later(conn, wall(), wall())
        assert red_flags_cleared_at(store) == wall()


def test_an_ini_moment_in_the_future_is_not_carried(
    db_path: Path, wall: FakeWallClock, tmp_path: Path
) -> None:
    """The same rule for the one-time carry: the future moment is left out (the file still
    notes it looked, so the hold shows and the runner's own "seen" button lifts it)."""
    future = utc_text(wall() + timedelta(seconds=1))
    ini = ini_with(tmp_path, future)
    with HistoryStore.open(db_path, utc_now=wall) as store:
        assert not carry_from_ini(store, ini)
        assert red_flags_cleared_at(store) is None
    assert facts_of(db_path) == {CARRIED: utc_text(wall())}
    ini_with(tmp_path, utc_text(wall()))
    with HistoryStore.open(db_path.parent / "other.db", utc_now=wall) as store:
        assert carry_from_ini(store, ini)
        assert red_flags_cleared_at(store) == wall()


# --- backups ---


def test_backups_and_restore_carry_the_moment(db_path: Path, wall: FakeWallClock) -> None:
    """The daily backup is a copy of the whole file: a restore brings back the moment as it
    was when the copy was taken, and the note that the ini was carried with it."""
    with HistoryStore.open(db_path, utc_now=wall) as store:
        carry_red_flags(store, lambda: None)
        clear_red_flags(store, SEEN)
        copy = backup.daily_backup(store.connection, db_path, wall(), force=True)
        clear_red_flags(store, SEEN + timedelta(days=5))
    assert copy is not None
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert facts_of(copy) == {CLEARED: utc_text(SEEN), CARRIED: utc_text(wall())}
    backup.restore(copy, db_path, wall())
    with HistoryStore.open(db_path, utc_now=wall, backups=False) as store:
        assert red_flags_cleared_at(store) == SEEN
        assert not carry_red_flags(store, lambda: utc_text(SEEN + timedelta(days=9)))


def test_an_ini_that_cannot_be_read_carries_nothing_and_is_tried_again(
    db_path: Path, wall: FakeWallClock
) -> None:
    """An unreadable settings.ini (here: not UTF-8) is logged and not noted as carried, so the
    next opening tries again; nothing escapes to stop the app's start-up checks."""

    def unreadable() -> str | None:
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    with HistoryStore.open(db_path, utc_now=wall) as store:
        assert not carry_red_flags(store, unreadable)
        assert carry_red_flags(store, lambda: utc_text(SEEN))
        assert red_flags_cleared_at(store) == SEEN
