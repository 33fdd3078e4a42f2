"""Crash safety: a run process killed with SIGKILL at 20 random moments loses nothing it reported.

The driver (couchtimer.store._crashdriver) runs tests/data/programmes/custom.toml at 50x speed
through the real engine into the SQLite recorder and prints each thing once it is committed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from couchtimer.core.history import RunRecord, RunStatus
from couchtimer.store import HistoryStore
from couchtimer.store.recorder import PROGRESS_STEP_SECONDS

KILLS = 20
SPEED = 50
SEED = 20261127


def _committed(lines: list[str]) -> dict[str, object]:
    """What the driver reported as in the file before it died."""
    segments, marks, intensities = [], {}, {}
    progress = 0.0
    finished = None
    for line in lines:
        word, *rest = line.split()
        if word == "segment":
            segments.append((int(rest[1]), float(rest[2])))
        elif word == "mark":
            marks[int(rest[0])] = (int(rest[1]), int(rest[2]))
        elif word == "intensity":
            intensities[int(rest[0])] = int(rest[1])
        elif word == "progress":
            progress = float(rest[1])
        elif word == "finished":
            finished = rest[0]
    return {
        "segments": segments,
        "marks": marks,
        "intensities": intensities,
        "progress": progress,
        "finished": finished,
    }


def _check_recovered(run: RunRecord, seen: dict[str, object]) -> None:
    segments = seen["segments"]
    assert isinstance(segments, list)
    assert [(s.index, s.actual_seconds) for s in run.segments[: len(segments)]] == segments
    marks = seen["marks"]
    intensities = seen["intensities"]
    assert isinstance(marks, dict)
    assert isinstance(intensities, dict)
    recovered = dict(enumerate(run.marks))
    for seq, (offset_ms, index) in marks.items():
        assert (recovered[seq].offset_ms, recovered[seq].segment_index) == (offset_ms, index)
        if seq in intensities:
            assert recovered[seq].intensity == intensities[seq]
    # Losing at most the last second: progress is written every PROGRESS_STEP_SECONDS.
    progress = seen["progress"]
    assert isinstance(progress, float)
    assert run.recorded_seconds >= progress - PROGRESS_STEP_SECONDS


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing_reported(tmp_path: Path, data_dir: Path) -> None:
    """Each kill: the next start finds the run (or the finished run), with every segment and mark
    committed before the kill, and 'save what was done' keeps it as ended early."""
    rng = random.Random(SEED)
    programme = data_dir / "programmes" / "custom.toml"
    workout_wall_seconds = 25 / SPEED
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    outcomes = {"interrupted": 0, "finished": 0}
    for attempt in range(KILLS):
        db = tmp_path / f"kill-{attempt}" / "history.db"
        with subprocess.Popen(
            [sys.executable, "-m", "couchtimer.store._crashdriver", str(db), str(programme),
             "--speed", str(SPEED), "--mark-every", "0.7"],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        ) as proc:  # fmt: skip
            assert proc.stdout is not None
            first = proc.stdout.readline()
            assert first.startswith("started "), first
            time.sleep(rng.uniform(0.0, workout_wall_seconds * 1.1))
            proc.send_signal(signal.SIGKILL)
            rest = proc.stdout.read().splitlines()
            assert proc.wait(timeout=5) in (-signal.SIGKILL, 0)
        seen = _committed(rest)
        with HistoryStore.open(db, backups=False) as store:
            assert store.moved_aside is None
            interrupted = store.interrupted_runs()
            if seen["finished"] is not None or not interrupted:
                # Killed after the last write: the run is complete, nothing to recover.
                (run,) = store.load_runs()
                assert run.status is RunStatus.COMPLETED
                outcomes["finished"] += 1
            else:
                (run,) = interrupted
                store.resolve_interrupted(run.id, keep=True)
                run = store.load_run(run.id)
                assert run.status is RunStatus.ENDED_EARLY
                outcomes["interrupted"] += 1
            _check_recovered(run, seen)
    assert outcomes["interrupted"] >= KILLS // 2, outcomes
