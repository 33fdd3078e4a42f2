"""A full disk loses no run: the run's journal is reserved when it starts (or kept in the
runtime dir), the runner is told during the run, and the next start brings it all back.

On a real 300 kB tmpfs (root only: CI runs the tests marked ``root`` as root, see .ci/run).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from couchtimer.core.demo import seed_story
from couchtimer.core.history import RunStatus
from couchtimer.programmes import resolve_programme
from couchtimer.store import HistoryStore
from couchtimer.store.rows import insert_run
from tests.helpers.alsa import no_device_config
from tests.helpers.disk import fill, small_tmpfs
from tests.helpers.terminal_run import TerminalRun

SEGMENTS = 14
pytestmark = [pytest.mark.root, pytest.mark.slow]


def _history_of_19_runs(db_path: Path) -> None:
    runs = seed_story(resolve_programme(None), datetime(2026, 1, 5, 7, tzinfo=UTC))[:19]
    with HistoryStore.open(db_path) as store, store.transaction() as conn:
        for run in runs:
            insert_run(conn, run)


def _env(home: Path, data: Path) -> dict[str, str]:
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    return {
        **os.environ,
        "XDG_DATA_HOME": str(data),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_RUNTIME_DIR": str(runtime),
        "ALSA_CONFIG_PATH": no_device_config(home),
    }


def _run(env: dict[str, str], when_started: object, presses: int) -> tuple[str, str, int]:
    """A terminal run of the crash programme at --speed 20 (about 2.5 s); ``when_started`` is
    called once its first segment is on screen, then p is pressed ``presses`` times."""
    run = TerminalRun(env, speed=20, extra=("--cues", "silent"), keep_stderr=True,
                      started_by=lambda line: "Warm-up for" in line)  # fmt: skip
    run.wait_started()
    assert callable(when_started)
    when_started()
    for _ in range(presses):
        time.sleep(0.3)
        run.press("p")
    return run.finish()


def _check_all_back(db_path: Path, marks: int) -> None:
    with HistoryStore.open(db_path) as store:
        runs = store.load_runs()
        assert store.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    (run,) = [r for r in runs if r.programme_id == "crash-test"]
    assert len(runs) == 20
    assert run.status is RunStatus.COMPLETED
    assert [s.index for s in run.segments] == list(range(SEGMENTS))
    assert len(run.marks) == marks


def test_the_disk_fills_during_the_run_and_nothing_is_lost(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "disk") as disk:
        db_path = disk / "couchtimer" / "history.db"
        _history_of_19_runs(db_path)
        env = _env(tmp_path, disk)
        filler: list[Path] = []
        out, err, code = _run(env, lambda: filler.append(fill(disk)), presses=3)
        assert code == 0, err
        during, summary = out.split("\nSummary\n")
        assert re.search(
            r"⚠ Not in the history file yet: The disk holding the history file "
            rf"{re.escape(str(db_path))} is full\. Free some space; CouchTimer keeps trying\. "
            rf"Everything so far is safe in {re.escape(str(disk))}/couchtimer/runs/[0-9a-f-]+"
            r"\.journal and goes into the history when it can\.",
            during,
        ), out
        assert during.count("Pain mark saved in the run's journal — the disk holding the "
                            "history file is full; it goes in later.") == 3  # fmt: skip
        assert "W1R1: completed" in summary
        journal = re.search(r"kept in (\S+\.journal);", err)
        assert journal is not None, err
        assert Path(journal[1]).is_file()
        # The next start with room brings it all back: the whole run, completed, every mark.
        filler[0].unlink()
        _check_all_back(db_path, marks=3)
        assert not Path(journal[1]).exists()


def test_a_disk_full_before_the_run_keeps_it_in_the_runtime_dir(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "disk") as disk:
        db_path = disk / "couchtimer" / "history.db"
        _history_of_19_runs(db_path)
        env = _env(tmp_path, disk)
        filler = fill(disk)
        out, err, code = _run(env, lambda: None, presses=2)
        assert code == 0, err
        during, summary = out.split("\nSummary\n")
        assert "W1R1: completed" in summary
        runtime = re.escape(str(tmp_path / "runtime" / "couchtimer" / "journals"))
        assert re.search(rf"Everything so far is safe in {runtime}/[0-9a-f-]+\.journal", during)
        assert during.count("Pain mark saved in the run's journal") == 2
        journal = re.search(r"kept in (\S+\.journal);", err)
        assert journal is not None, err
        assert Path(journal[1]).parent == tmp_path / "runtime" / "couchtimer" / "journals"
        assert oct(Path(journal[1]).stat().st_mode & 0o777) == "0o600"
        filler.unlink()
        # `couchtimer recover` (any opening of the file) brings it back.
        done = subprocess.run(
            [sys.executable, "-m", "couchtimer", "recover"],
            env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert done.stdout == "No interrupted runs.\n"
        _check_all_back(db_path, marks=2)
        assert not Path(journal[1]).exists()
