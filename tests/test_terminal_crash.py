"""Kill -9 a terminal run at 20 random moments: the next start finds everything it had shown.

The runner prints a segment's start or "Pain mark saved" only after the history file has taken
it, so whatever was on the screen before the kill must be in the file afterwards.
"""

from __future__ import annotations

import os
import random
import re
import time
from pathlib import Path

from couchtimer.core.history import RunStatus
from couchtimer.store import HistoryStore
from tests.helpers.alsa import no_device_config
from tests.helpers.terminal_run import TerminalRun

STARTED = re.compile(r"^\s*(\d+):(\d\d)\s+(Warm-up|Run|Walk|Cool-down)\b")
MARKED = re.compile(r"^\s*(\d+):(\d\d)\s+Pain mark saved")


def run_and_kill(tmp: Path, kill_after: float, presses: list[float]) -> list[str]:
    """Start a run, press p at ``presses`` seconds, SIGKILL it at ``kill_after``; its output."""
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp / "data"),
        "ALSA_CONFIG_PATH": no_device_config(tmp),
    }
    run = TerminalRun(env, speed=50)
    run.wait_started()
    begin = time.monotonic()
    for at in sorted(presses):
        time.sleep(max(0.0, begin + at - time.monotonic()))
        if at < kill_after and run.child.poll() is None:
            run.press("p")
    time.sleep(max(0.0, begin + kill_after - time.monotonic()))
    return run.kill()  # everything printed before the kill


def test_kill_at_20_random_moments_loses_nothing_shown(tmp_path: Path) -> None:
    """Each kill: the run is found unfinished, with every segment and mark shown before it."""
    rng = random.Random(20261127)
    interrupted_count = 0
    for attempt in range(20):
        tmp = tmp_path / f"kill-{attempt}"
        tmp.mkdir()
        kill_after = rng.uniform(0.05, 1.1)
        presses = [rng.uniform(0.0, 1.1) for _ in range(rng.randint(0, 3))]
        seen = run_and_kill(tmp, kill_after, presses)
        starts = [line for line in seen if STARTED.match(line)]
        marks = [line for line in seen if MARKED.match(line)]
        with HistoryStore.open(tmp / "data" / "couchtimer" / "history.db", backups=False) as store:
            finished = [r for r in store.load_runs() if r.status is not RunStatus.IN_PROGRESS]
            interrupted = store.interrupted_runs()
            if finished:  # the whole run ended before the kill
                (run,) = finished
                assert run.status is RunStatus.COMPLETED, attempt
                assert len(run.segments) == 14, attempt
            else:
                interrupted_count += 1
                (run,) = interrupted
                assert len(run.segments) >= max(0, len(starts) - 1), (attempt, seen)
                store.resolve_interrupted(run.id, keep=True)
                (kept,) = store.load_runs()
                assert kept.status is RunStatus.ENDED_EARLY
            assert len(run.marks) >= len(marks), (attempt, seen)
            shown = [int(m.group(1)) * 60 + int(m.group(2)) for m in map(MARKED.match, marks) if m]
            recorded = [-(-mark.offset_ms // 1000) for mark in run.marks]  # shown rounded up
            assert all(second in recorded for second in shown), (attempt, shown, recorded)
    # Most kills must land mid-run, or the test would prove nothing about recovery.
    assert interrupted_count >= 12, interrupted_count
