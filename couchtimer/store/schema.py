"""The database schema as numbered migrations; ``PRAGMA user_version`` says which have run.

Never edit a migration that has shipped: add the next one. Each runs in its own transaction
together with the ``user_version`` bump, so a crash mid-migration leaves the old version intact.
Tests open fixture databases of every earlier version (tests/data/store/, made by
scripts/make_store_fixtures) and check that nothing recorded is lost.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it commits first, and a migration must be one transaction.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1_history(conn: sqlite3.Connection) -> None:
    """Runs as they happen, their segments and pain marks, post-run reports, morning check-ins."""
    _run_script(
        conn,
        """
        CREATE TABLE runs (
            id           INTEGER PRIMARY KEY,
            programme_id TEXT NOT NULL,
            week         INTEGER NOT NULL,
            run          INTEGER NOT NULL,
            planned      TEXT NOT NULL,          -- JSON list of {kind, seconds, label}
            started_at   TEXT NOT NULL,          -- ISO 8601 UTC, fixed width
            ended_at     TEXT,
            status       TEXT NOT NULL
                         CHECK (status IN ('in-progress', 'completed', 'ended-early')),
            app_version  TEXT NOT NULL
        );
        CREATE INDEX runs_by_start ON runs (started_at);

        CREATE TABLE segments (
            run_id          INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            seq             INTEGER NOT NULL,    -- order of visits (back can revisit one)
            segment_index   INTEGER NOT NULL,
            kind            TEXT NOT NULL,
            planned_start   REAL NOT NULL,
            planned_seconds INTEGER NOT NULL,
            actual_start    REAL NOT NULL,
            actual_seconds  REAL NOT NULL,
            skipped         INTEGER NOT NULL CHECK (skipped IN (0, 1)),
            PRIMARY KEY (run_id, seq)
        ) WITHOUT ROWID;

        CREATE TABLE marks (
            run_id        INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            seq           INTEGER NOT NULL,
            offset_ms     INTEGER NOT NULL CHECK (offset_ms >= 0),
            segment_index INTEGER NOT NULL,
            intensity     INTEGER CHECK (intensity BETWEEN 0 AND 10),
            PRIMARY KEY (run_id, seq)
        ) WITHOUT ROWID;

        CREATE TABLE reports (
            run_id          INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
            saved_at        TEXT NOT NULL,
            no_discomfort   INTEGER NOT NULL CHECK (no_discomfort IN (0, 1)),
            areas           TEXT NOT NULL DEFAULT '[]',   -- JSON [[region, side], ...]
            worst_during    INTEGER CHECK (worst_during BETWEEN 0 AND 10),
            intensity_after INTEGER CHECK (intensity_after BETWEEN 0 AND 10),
            onset_segment   INTEGER,
            onset_note      TEXT NOT NULL DEFAULT '',
            eased_in_walks  TEXT,
            characters      TEXT NOT NULL DEFAULT '[]',   -- JSON list
            terrain         TEXT,
            surface         TEXT,
            notes           TEXT NOT NULL DEFAULT '',
            red_flags_asked INTEGER NOT NULL DEFAULT 0,
            red_flags_yes   TEXT NOT NULL DEFAULT '[]'    -- JSON list of red-flag ids
        );

        CREATE TABLE checkins (
            run_id    INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
            at        TEXT NOT NULL,
            intensity INTEGER NOT NULL CHECK (intensity BETWEEN 0 AND 10),
            stiffness INTEGER NOT NULL CHECK (stiffness BETWEEN 0 AND 10),
            notes     TEXT NOT NULL DEFAULT ''
        );
        """,
    )


def _v2_identity_and_progress(conn: sqlite3.Connection) -> None:
    """A stable id per run (export/import), how each segment visit ended, crash progress."""
    import uuid  # here: it loads `platform`, and only this old migration makes ids

    conn.execute("ALTER TABLE runs ADD COLUMN uuid TEXT")
    conn.execute("ALTER TABLE runs ADD COLUMN progress_index INTEGER")
    conn.execute("ALTER TABLE runs ADD COLUMN progress_seconds REAL")
    ids = [row[0] for row in conn.execute("SELECT id FROM runs")]
    conn.executemany(
        "UPDATE runs SET uuid = ? WHERE id = ?", [(str(uuid.uuid4()), run_id) for run_id in ids]
    )
    conn.execute("CREATE UNIQUE INDEX runs_by_uuid ON runs (uuid)")
    conn.execute(
        "ALTER TABLE segments ADD COLUMN ended TEXT NOT NULL DEFAULT 'completed'"
        " CHECK (ended IN ('completed', 'skipped', 'restarted', 'ended-early'))"
    )
    conn.execute("UPDATE segments SET ended = 'skipped' WHERE skipped = 1")


def _v3_tracks(conn: sqlite3.Connection) -> None:
    """Watch and phone recordings attached to runs (issue 15), in tables of their own so that
    loading the history never reads them: one row per run with the 1 Hz samples as a blob, and
    the per-segment figures (small, read by History's across-runs views)."""
    _run_script(
        conn,
        """
        CREATE TABLE tracks (
            run_id         INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
            attached_at    TEXT NOT NULL,
            source         TEXT NOT NULL,         -- the file's name, without its folder
            format         TEXT NOT NULL,
            device         TEXT NOT NULL,
            altitude       TEXT NOT NULL CHECK (altitude IN ('barometric', 'gps', 'none')),
            offset_seconds REAL NOT NULL,
            method         TEXT NOT NULL,
            confidence     REAL NOT NULL,
            warnings       TEXT NOT NULL DEFAULT '[]',   -- JSON list
            positions      INTEGER NOT NULL CHECK (positions IN (0, 1)),
            samples        BLOB NOT NULL          -- zlib-compressed JSON (store/tracks.py)
        );

        CREATE TABLE segment_metrics (
            run_id         INTEGER NOT NULL REFERENCES tracks (run_id) ON DELETE CASCADE,
            seq            INTEGER NOT NULL,      -- order of the segment visits
            segment_index  INTEGER NOT NULL,
            kind           TEXT NOT NULL,
            coverage       REAL NOT NULL,
            distance_m     REAL,
            pace_s_per_km  REAL,
            cadence_spm    REAL,
            heart_rate     REAL,
            ascent_m       REAL,
            descent_m      REAL,
            grade_percent  REAL,
            downhill_share REAL,
            PRIMARY KEY (run_id, seq)
        ) WITHOUT ROWID;
        """,
    )


def _v4_advice_log(conn: sqlite3.Connection) -> None:
    """Every suggestion shown, with when, its rule and evidence (``core.advice.AdviceEntry``)."""
    _run_script(
        conn,
        """
        CREATE TABLE advice (
            id         INTEGER PRIMARY KEY,
            at         TEXT NOT NULL,            -- ISO 8601 UTC, fixed width: when first shown
            action     TEXT NOT NULL,
            rule       TEXT NOT NULL,
            suggestion TEXT NOT NULL,
            reason     TEXT NOT NULL,
            run_uuid   TEXT NOT NULL DEFAULT '',  -- the latest run it was about
            run_code   TEXT NOT NULL DEFAULT '',
            lifted     TEXT NOT NULL DEFAULT '',  -- the rule that lifted a stronger one before
            UNIQUE (at, rule, suggestion)
        );
        CREATE INDEX advice_by_time ON advice (at)
        """,
    )


def _v5_history_facts(conn: sqlite3.Connection) -> None:
    """Single facts about the runner that go with the history, not with one run (issue 14):
    when they said a doctor or physio has seen them (``store/facts.py``), kept here so that
    backups, the JSON export and ``--db`` carry it, where settings.ini did not."""
    conn.execute(
        "CREATE TABLE history_facts (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"
    )


MIGRATIONS: tuple[Migration, ...] = (
    _v1_history,
    _v2_identity_and_progress,
    _v3_tracks,
    _v4_advice_log,
    _v5_history_facts,
)
CURRENT_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, upto: int = CURRENT_VERSION) -> list[int]:
    """Run every migration after the file's version, each in its own transaction.

    The version is read again once the write lock is held: another CouchTimer starting at the
    same moment may have run the same migration in between (both saw an empty file).
    """
    done = []
    while user_version(conn) < upto:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = user_version(conn) + 1
            if version <= upto:
                MIGRATIONS[version - 1](conn)
                conn.execute(f"PRAGMA user_version = {version:d}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if version <= upto:
            done.append(version)
    return done
