#!/usr/bin/env python3
"""Store speed: save one segment (incl. commit, WAL), load five years of runs, file size.

Builds 5 years of history (about 1,000 runs, 15,000 segments, 3,000 pain marks) with
scripts/demo_data in a temporary folder, then prints each figure next to a baseline measured in
the same run on the same file: a bare sqlite3 INSERT+COMMIT of the same row, and a bare SELECT of
the same rows without building value objects. Targets (issue 6): save <= 2 ms, load <= 150 ms.
"""

from __future__ import annotations

import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from couchtimer.core.engine import SegmentEnd, SegmentEnded, SegmentTiming  # noqa: E402
from couchtimer.core.programme import Segment, SegmentKind, Workout  # noqa: E402
from couchtimer.store import HistoryStore  # noqa: E402

SAVE_TARGET_MS = 2.0
LOAD_TARGET_MS = 150.0
SAVES = 300
LOADS = 15


def _timed(action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="couchtimer-bench-") as folder:
        db = Path(folder) / "history.db"
        start = time.perf_counter()
        built = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "demo_data"), str(db), "--years", "5",
             "--end", "2026-11-27"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        build_seconds = time.perf_counter() - start
        print(f"demo data: {built.stdout.strip()} (built in {build_seconds:.1f} s)")

        def open_close() -> None:
            HistoryStore.open(db, backups=False).close()

        def bare_open_close() -> None:
            conn = sqlite3.connect(db)
            conn.execute("SELECT count(*) FROM runs").fetchone()
            conn.close()

        opening = _timed(open_close, LOADS)
        opening_bare = _timed(bare_open_close, LOADS)

        store = HistoryStore.open(db, backups=False)
        workout = Workout(1, 1, tuple(Segment(SegmentKind.RUN, 60) for _ in range(SAVES)))
        recorder = store.recorder()
        recorder.start("bench", workout, datetime.now(UTC))
        events = iter(
            [
                SegmentEnded(SegmentTiming(i, 60, i * 60.0, 60.0, SegmentEnd.COMPLETED), i * 60.0)
                for i in range(SAVES)
            ]
        )
        save = _timed(lambda: recorder.record_events([next(events)]), SAVES)
        assert recorder.problem is None

        # Baseline: the same row, bare sqlite3, its own connection, same file, same settings.
        bare = sqlite3.connect(db, isolation_level=None)
        bare.execute("PRAGMA synchronous = NORMAL")
        run_id = recorder.run_id
        seqs = iter(range(SAVES, 2 * SAVES))

        def bare_insert() -> None:
            bare.execute("BEGIN IMMEDIATE")
            bare.execute(
                "INSERT INTO segments VALUES (?, ?, 0, 'run', 0.0, 60, 0.0, 60.0, 0, 'completed')",
                (run_id, next(seqs)),
            )
            bare.execute("COMMIT")

        save_bare = _timed(bare_insert, SAVES)
        bare.execute("DELETE FROM runs WHERE programme_id = 'bench'")
        bare.execute("PRAGMA wal_checkpoint(TRUNCATE)")

        runs = store.load_runs()
        load = _timed(store.load_runs, LOADS)

        def bare_select() -> None:
            for table in ("runs", "segments", "marks", "reports", "checkins"):
                bare.execute(f"SELECT * FROM {table}").fetchall()  # noqa: S608

        load_bare = _timed(bare_select, LOADS)
        store.close()
        bare.close()
        size = db.stat().st_size

    segments = sum(len(r.segments) for r in runs)
    marks = sum(len(r.marks) for r in runs)
    print(f"loaded: {len(runs)} runs, {segments} segments, {marks} marks")
    print()
    print(f"{'measure':<44}{'median':>10}{'p95':>10}{'baseline':>10}{'target':>10}")
    rows = [
        ("open incl. integrity check (ms)", opening, opening_bare, None),
        ("save one segment incl. commit (ms)", save, save_bare, SAVE_TARGET_MS),
        ("load all runs with segments/marks (ms)", load, load_bare, LOAD_TARGET_MS),
    ]
    ok = True
    for name, values, baseline, target in rows:
        median = statistics.median(values)
        ok = ok and (target is None or median <= target)
        print(
            f"{name:<44}{median:>10.3f}{_p95(values):>10.3f}"
            f"{statistics.median(baseline):>10.3f}{'-' if target is None else target:>10}"
        )
    print(f"{'database size (MB)':<44}{size / 1e6:>10.2f}")
    print()
    print(
        "baseline: bare sqlite3 connect + count / INSERT+COMMIT of the same row / SELECT * of "
        "the same rows"
    )
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
