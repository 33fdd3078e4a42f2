"""Kill -9 a terminal run at 20 random moments: the next start finds everything it had shown.

The run session hands a segment's end, a pain mark and its number to the recorder before the
terminal prints the next segment's start, "Pain mark saved" or "Pain mark recorded (N/10)", so
whatever was on the screen before the kill must be in the file afterwards. (This is the one
crash test: it runs the real ``couchtimer run --terminal``, the product's own run loop.)
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
RATED = re.compile(r"^\s*(\d+):(\d\d)\s+Pain mark recorded \((\d+)/10\)")


def seconds(match: re.Match[str]) -> int:
    return int(match.group(1)) * 60 + int(match.group(2))


def run_and_kill(tmp: Path, kill_after: float, presses: list[tuple[float, str]]) -> list[str]:
    """Start a run, press keys at (seconds, key) ``presses``, SIGKILL it at ``kill_after``; its
    output."""
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp / "data"),
        "ALSA_CONFIG_PATH": no_device_config(tmp),
    }
    run = TerminalRun(env, speed=50)
    run.wait_started()
    begin = time.monotonic()
    for at, key in sorted(presses):
        time.sleep(max(0.0, begin + at - time.monotonic()))
        if at < kill_after and run.child.poll() is None:
            run.press(key)
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
        presses: list[tuple[float, str]] = []
        for at in (rng.uniform(0.0, 1.0) for _ in range(rng.randint(0, 3))):
            presses.append((at, "p"))
            if rng.random() < 0.7:  # most marks get their number a moment later
                presses.append((at + rng.uniform(0.01, 0.1), str(rng.randint(0, 9))))
        seen = run_and_kill(tmp, kill_after, presses)
        starts = [line for line in seen if STARTED.match(line)]
        marks = [line for line in seen if MARKED.match(line)]
        rated = [m for m in map(RATED.match, seen) if m]
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
                # Each segment shown to have ended is there, in order, and the run's recorded
                # time reaches at least the last start shown (a kill loses at most a second).
                ended = [s.index for s in run.segments[: max(0, len(starts) - 1)]]
                assert ended == list(range(len(ended))), (attempt, seen)
                if starts:
                    last_start = seconds(STARTED.match(starts[-1]))  # type: ignore[arg-type]
                    assert run.recorded_seconds >= last_start - 1, (attempt, seen)
                store.resolve_interrupted(run.id, keep=True)
                (kept,) = store.load_runs()
                assert kept.status is RunStatus.ENDED_EARLY
            assert len(run.marks) >= len(marks), (attempt, seen)
            shown = [seconds(m) for m in map(MARKED.match, marks) if m]
            recorded = [-(-mark.offset_ms // 1000) for mark in run.marks]  # shown rounded up
            assert all(second in recorded for second in shown), (attempt, shown, recorded)
            numbers = {(-(-m.offset_ms // 1000), m.intensity) for m in run.marks}
            for match in rated:  # "Pain mark recorded (N/10)": that number is in the file
                assert (seconds(match), int(match.group(3))) in numbers, (attempt, seen)
    # Most kills must land mid-run, or the test would prove nothing about recovery.
    assert interrupted_count >= 12, interrupted_count
