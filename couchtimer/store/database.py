"""HistoryStore: the one SQLite file holding every run, its segments, pain marks and reports."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from couchtimer.core.history import RunRecord, RunStatus, local_day, utc_text
from couchtimer.core.pain import Checkin, PainReport
from couchtimer.store import backup, checked, files, interrupted, liveness, rows
from couchtimer.store.errors import BrokenDatabaseError, StoreError, explain
from couchtimer.store.opening import (
    BUSY_TIMEOUT_SECONDS,
    OPEN_TIMEOUT_SECONDS,
    cannot_write,
    check_database,
    check_path,
    connect,
    explain_open,
    into_wal,
)
from couchtimer.store.paths import default_db_path
from couchtimer.store.schema import CURRENT_VERSION, migrate, user_version

if TYPE_CHECKING:
    from couchtimer.core.advice import AdviceEntry
    from couchtimer.core.guidance import Guidance
    from couchtimer.store.recorder import SqliteRecorder

log = logging.getLogger(__name__)

UtcNow = Callable[[], datetime]
#: At close, how long writes still waiting for another program's lock may wait (then rescued).
CLOSE_FLUSH_SECONDS = 5.0
#: A morning check-in is offered for runs up to this many days back.
CHECKIN_DAYS = 2


def system_utc_now() -> datetime:
    return datetime.now(UTC)


class HistoryStore:
    """Open with :meth:`open`; every method raises :class:`StoreError` when the file fails."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        utc_now: UtcNow,
        moved_aside: Path | None,
    ) -> None:
        self._conn = conn
        self.path = path
        self._utc_now = utc_now
        #: Where a damaged file was put (tell the user); None when the file opened fine.
        self.moved_aside = moved_aside
        #: Why today's backup could not be taken, if it could not (shown, never fatal).
        self.backup_problem: str | None = None
        self.backup_path: Path | None = None
        self._live_runs: set[int] = set()
        self.busy_timeout = BUSY_TIMEOUT_SECONDS
        self._recorders: list[SqliteRecorder] = []
        #: Runs that could not be written by close() and were saved as JSON instead (tell the
        #: user: ``couchtimer import FILE`` adds them once the history file can be written).
        self.rescued: list[Path] = []
        #: Why the file is open for reading only (None: it is open for writing).
        self.read_only: str | None = None
        #: Journals of runs the file could not take by close(): they are written into the
        #: file the next time it is opened with room (see couchtimer.store.journal).
        self.kept: list[Path] = []
        #: Uuids of runs brought back from their journals when the file was opened.
        self.replayed: list[str] = []
        #: Whether opening ran the full integrity check (always, unless ``open(reading=True)``
        #: found the file unchanged since one passed: see couchtimer.store.checked).
        self.integrity_checked = True

    # --- opening ---

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        *,
        utc_now: UtcNow = system_utc_now,
        backups: bool = True,
        read_only_ok: bool = False,
        reading: bool = False,
    ) -> HistoryStore:
        """Open (or create) the history file, moving a damaged one aside, and migrate it.

        ``read_only_ok``: when the file cannot be written (read-only media, a file or folder
        without write permission), open it for reading instead of refusing; ``read_only`` then
        says why. For commands that only read (history, export, report, the History view).

        ``reading``: the caller only reads (history, next, report, export). Its opening skips
        the integrity check when the file is provably unchanged since a full check passed on
        it, and its full check stamps the file for the next one (couchtimer.store.checked).
        Every other opening checks the whole file.
        """
        path = default_db_path() if path is None else Path(path)
        check_path(path)
        try:
            files.private_dir(path.parent)
            moved_aside = None
            try:
                conn, full_check = cls._open_checked(path, reading)
            except BrokenDatabaseError as exc:
                moved_aside = files.move_aside(path, "broken", utc_now())
                log.warning("history file %s was damaged (%s); moved to %s", path, exc, moved_aside)
                conn, full_check = cls._open_checked(path, reading)
        except (sqlite3.Error, OSError) as exc:
            if read_only_ok and cannot_write(exc, path):
                return cls._open_read_only(path, utc_now, explain_open(exc, path))
            raise StoreError(explain_open(exc, path)) from exc
        store = cls(conn, path, utc_now, moved_aside)
        store.integrity_checked = full_check
        try:
            version = user_version(conn)
            if version > CURRENT_VERSION:
                raise StoreError(
                    f"The history file {path} was written by a newer CouchTimer (schema "
                    f"{version}, this one knows {CURRENT_VERSION}). Update CouchTimer; the file "
                    "is left as it is."
                )
            if backups and version > 0:  # a new, empty file has nothing to back up
                store._take_daily_backup(force=version < CURRENT_VERSION)
            migrate(conn)
            if liveness.journals_waiting(path):  # a run a crash or a full disk left over
                from couchtimer.store import journal

                store.replayed = journal.replay_all(conn, path)
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        except sqlite3.Error as exc:
            conn.close()
            if read_only_ok and cannot_write(exc, path):
                return cls._open_read_only(path, utc_now, explain_open(exc, path))
            raise StoreError(explain_open(exc, path)) from exc
        except StoreError:
            conn.close()
            raise
        return store

    @classmethod
    def _open_read_only(cls, path: Path, utc_now: UtcNow, why: str) -> HistoryStore:
        """The file for reading only; on read-only media SQLite cannot even make its -shm
        file, so the file is then read as immutable (nothing can change it anyway)."""
        from urllib.parse import quote

        last: sqlite3.Error | None = None
        for query in ("mode=ro", "immutable=1"):
            conn = sqlite3.connect(
                f"file:{quote(str(path.absolute()))}?{query}", uri=True, isolation_level=None
            )
            conn.row_factory = sqlite3.Row
            try:
                check_database(conn)
                version = user_version(conn)
            except (sqlite3.Error, BrokenDatabaseError) as exc:
                conn.close()
                last = exc if isinstance(exc, sqlite3.Error) else sqlite3.DatabaseError(str(exc))
                continue
            if version != CURRENT_VERSION:
                conn.close()
                raise StoreError(
                    f"The history file {path} cannot be written ({why}) and is in another "
                    f"format (schema {version}; this CouchTimer reads {CURRENT_VERSION}). Copy "
                    "it somewhere writable and open it with --db, or make it writable."
                )
            store = cls(conn, path, utc_now, None)
            store.read_only = (
                f"The history file {path} is open read-only: {why.rstrip('.')}. It is shown as "
                "it is; nothing can be added to it until it can be written."
            )
            log.warning("%s", store.read_only)
            return store
        assert last is not None
        raise StoreError(explain(last, path)) from last

    @staticmethod
    def _open_checked(path: Path, reading: bool = False) -> tuple[sqlite3.Connection, bool]:
        """The connection, checked; and whether the integrity check ran. For a caller that
        only reads it need not, when the stamp vouches for the file as it is and opening will
        not write into it either (no migration, no run journal to replay)."""
        files.create_private_file(path)
        files.tighten(path)
        looked = checked.seen(path) if reading else None  # before SQLite opens it
        looked_at = time.time_ns()
        conn = connect(path, timeout=OPEN_TIMEOUT_SECONDS)
        try:
            full_check = not (
                checked.vouched(looked)
                and user_version(conn) == CURRENT_VERSION
                and not liveness.journals_waiting(path)
            )
            if full_check:
                check_database(conn)
                if reading:
                    checked.remember(path, looked, looked_at)
            mode = into_wal(conn)
            if mode != "wal":
                log.warning("history file %s stays in %s journal mode", path, mode)
            # NORMAL in WAL mode survives any crash of the app (kill -9); a power cut may lose
            # the last commits but never corrupts the file. FULL would add an fsync per segment.
            conn.execute("PRAGMA synchronous = NORMAL")
        except BaseException:
            conn.close()
            raise
        for suffix in ("-wal", "-shm"):
            files.tighten(path.with_name(path.name + suffix))
        return conn, full_check

    def _take_daily_backup(self, force: bool = False) -> None:
        try:
            self.backup_path = backup.daily_backup(self._conn, self.path, self._utc_now(), force)
        except (sqlite3.Error, OSError) as exc:
            self.backup_problem = f"Today's backup was not made: {explain(exc, self.path)}"
            log.warning("%s", self.backup_problem)

    def close(self, flush_timeout: float = CLOSE_FLUSH_SECONDS) -> None:
        """Close the file; never silently drops a run a recorder could not write yet.

        Writes still waiting get ``flush_timeout`` seconds more; what is still not written is
        saved as ``unsaved-run-*.json`` next to the file (see ``rescued``) and logged.
        """
        for recorder in self._recorders:
            if recorder.pending_writes and not recorder.flush(timeout=flush_timeout):
                try:
                    saved = recorder.rescue(self.path.parent)
                except OSError as exc:
                    log.error("run could not be written nor saved aside (%s)", exc)
                    saved = None
                if saved is not None:
                    self.rescued.append(saved)
                    log.warning(
                        "%s; the run was saved to %s instead. Add it later with: "
                        "couchtimer import %s",
                        recorder.problem,
                        saved,
                        saved,
                    )
            kept = recorder.close()
            if kept is not None:
                self.kept.append(kept)
                log.warning("the run is kept in its journal %s until the file takes it", kept)
        self._recorders.clear()
        with contextlib.suppress(sqlite3.Error):
            self._conn.execute("PRAGMA optimize")
        self._conn.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The open connection (for the recorder, backups and tests; one thread only)."""
        return self._conn

    # --- transactions ---

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One small write transaction; raises sqlite3 errors as they come (callers explain)."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        try:
            with self.transaction() as conn:
                yield conn
        except sqlite3.OperationalError as exc:
            raise StoreError(explain(exc, self.path)) from exc

    # --- recording ---

    def recorder(self, utc_now: UtcNow | None = None) -> SqliteRecorder:
        """A Recorder writing each segment and mark as it happens (see SqliteRecorder)."""
        from couchtimer.store.recorder import SqliteRecorder  # not for commands that only read

        recorder = SqliteRecorder(self, utc_now or self._utc_now)
        self._recorders.append(recorder)
        return recorder

    # --- reading ---

    def load_runs(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        programme_id: str | None = None,
    ) -> list[RunRecord]:
        """Runs started in [since, until) with everything recorded, oldest first."""
        where, params = [], []
        if since is not None:
            where.append("started_at >= ?")
            params.append(utc_text(since))
        if until is not None:
            where.append("started_at < ?")
            params.append(utc_text(until))
        if programme_id is not None:
            where.append("programme_id = ?")
            params.append(programme_id)
        return self._load(" AND ".join(where) or "1", params)

    def load_run(self, run_id: int) -> RunRecord:
        runs = self._load("id = ?", [run_id])
        if not runs:
            raise StoreError(f"There is no run {run_id} in the history file {self.path}.")
        return runs[0]

    def _load(self, where: str, params: list[Any]) -> list[RunRecord]:
        try:
            return rows.select_runs(self._conn, where, params)
        except sqlite3.Error as exc:
            raise StoreError(explain(exc, self.path)) from exc

    def completed_workouts(self, programme_id: str) -> set[tuple[int, int]]:
        """(week, run) of every workout of the programme run to the end at least once."""
        try:
            rows = self._conn.execute(
                "SELECT DISTINCT week, run FROM runs WHERE programme_id = ? AND status = ?",
                (programme_id, RunStatus.COMPLETED.value),
            ).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(explain(exc, self.path)) from exc
        return {(row["week"], row["run"]) for row in rows}

    def interrupted_runs(self) -> list[RunRecord]:
        """Runs left in progress by a crash or kill, not ones being recorded right now by this
        or any other process (those hold their live lock: see couchtimer.store.liveness)."""
        runs = self._load("status = ?", [RunStatus.IN_PROGRESS.value])
        return [
            run
            for run in runs
            if run.id not in self._live_runs and not liveness.held_elsewhere(self.path, run.uuid)
        ]

    def runs_needing_checkin(self, today: date, tz: tzinfo | None = None) -> list[RunRecord]:
        """Runs with discomfort on an earlier day (up to two days back) and no check-in yet.

        Days are local days (``tz``, default the system's), as the runner lives them.
        """
        earliest = datetime.combine(today - timedelta(days=CHECKIN_DAYS + 1), datetime.min.time())
        candidates = self._load(
            "started_at >= ? AND status != ? AND id NOT IN (SELECT run_id FROM checkins)",
            [utc_text(earliest.replace(tzinfo=UTC)), RunStatus.IN_PROGRESS.value],
        )
        first_day = today - timedelta(days=CHECKIN_DAYS)
        return [
            run
            for run in candidates
            if run.has_discomfort and first_day <= local_day(run.started_at, tz) < today
        ]

    def last_run_with_discomfort(self) -> RunRecord | None:
        """The latest finished run where pain was recorded: what "How is it this morning?"
        asks about, on demand, whatever day it is."""
        try:
            row = self._conn.execute(
                "SELECT id FROM runs WHERE status != ? AND (id IN (SELECT run_id FROM marks)"
                " OR id IN (SELECT run_id FROM reports WHERE no_discomfort = 0))"
                " ORDER BY started_at DESC, id DESC LIMIT 1",
                (RunStatus.IN_PROGRESS.value,),
            ).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(explain(exc, self.path)) from exc
        return None if row is None else self.load_run(row["id"])

    # --- the advice log ---

    def advice_log(self) -> list[AdviceEntry]:
        """Every suggestion shown, oldest first."""
        from couchtimer.core.advice import AdviceEntry  # with the guidance, after the first frame

        try:
            rows = self._conn.execute("SELECT * FROM advice ORDER BY at, id").fetchall()
        except sqlite3.Error as exc:
            raise StoreError(explain(exc, self.path)) from exc
        return [AdviceEntry.from_row(row) for row in rows]

    def add_advice(self, entries: list[AdviceEntry]) -> int:
        """Keep these entries; one already there (same time, rule and suggestion) is skipped.
        Returns how many were added."""
        with self._writing() as conn:
            return rows.insert_advice(conn, entries)

    def note_advice(
        self,
        guidance: Guidance,
        runs: list[RunRecord],
        cleared_at: datetime | None = None,
        now: datetime | None = None,
    ) -> Guidance:
        """What to show for ``guidance`` (``core.advice.in_force``: a hold nothing has lifted
        stays), logged (at ``now``, the caller's clock, as ``cleared_at`` is) when the log does
        not say it yet. A read-only file shows, logs nothing."""
        from couchtimer.core.advice import in_force, to_log

        log_so_far = self.advice_log()
        last = log_so_far[-1] if log_so_far else None
        if self.read_only is None:
            entry = to_log(last, guidance, runs, now or self._utc_now(), cleared_at)
            if entry is not None:
                self.add_advice([entry])
        return in_force(last, guidance, runs, cleared_at)

    def count_runs(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM runs").fetchone()[0])

    # --- writing after the run ---

    def save_report(self, run_id: int, report: PainReport) -> None:
        """Keep (or replace) the post-run report of a run."""
        row = report.to_row()
        row["run_id"] = run_id
        row["saved_at"] = utc_text(self._utc_now())
        columns = ", ".join(row)
        marks = ", ".join(f":{name}" for name in row)
        with self._writing() as conn:
            self._require_run(conn, run_id)
            conn.execute(f"INSERT OR REPLACE INTO reports ({columns}) VALUES ({marks})", row)  # noqa: S608

    def save_checkin(self, run_id: int, checkin: Checkin, at: datetime) -> None:
        """Keep (or replace) the next-morning check-in of a run; ``at`` is when it was answered."""
        row = checkin.to_row()
        row.update(run_id=run_id, at=utc_text(at))
        with self._writing() as conn:
            self._require_run(conn, run_id)
            conn.execute(
                "INSERT OR REPLACE INTO checkins (run_id, at, intensity, stiffness, notes)"
                " VALUES (:run_id, :at, :intensity, :stiffness, :notes)",
                row,
            )

    def resolve_interrupted(self, run_id: int, keep: bool) -> None:
        """Keep an interrupted run as ended early (with what was recorded) or delete it.

        Kept runs get their last, unfinished segment from the progress the recorder noted
        about once a second, so a crash loses at most that second.
        """
        run = self.load_run(run_id)
        if run.status is not RunStatus.IN_PROGRESS:
            raise StoreError(f"Run {run_id} is not interrupted (it is {run.status}).")
        if any(recorder.live_uuid == run.uuid for recorder in self._recorders):
            self._resolve(run, keep)  # this program's own run: its own decision
            return
        lock = liveness.LiveLock(liveness.live_path(self.path, run.uuid))
        if not lock.acquire():
            raise StoreError(
                f"Run {run_id} is still being recorded by a CouchTimer that is running; "
                "leave it to finish."
            )
        try:
            self._resolve(run, keep)
        finally:
            lock.release()

    def _resolve(self, run: RunRecord, keep: bool) -> None:
        with self._writing() as conn:
            if keep:
                interrupted.end_early(conn, run)
            else:
                conn.execute("DELETE FROM runs WHERE id = ?", (run.id,))

    def _require_run(self, conn: sqlite3.Connection, run_id: int) -> None:
        if conn.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)).fetchone() is None:
            raise StoreError(f"There is no run {run_id} in the history file {self.path}.")
