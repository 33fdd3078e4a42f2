"""Many CouchTimers started at once on an empty data folder: every run is saved.

The first start creates the history file's tables. Two processes that both read
``user_version`` 0 before taking the write lock would both run migration 1, and the second
failed with "table runs already exists" (the run was not saved).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from couchtimer.core.history import RunStatus
from couchtimer.store import HistoryStore
from tests.helpers.alsa import no_device_config

ROOT = Path(__file__).resolve().parents[2]
TINY = str(ROOT / "tests" / "data" / "programmes" / "tiny.toml")
PROCESSES = 8
ROUNDS = 10


@pytest.mark.slow
def test_eight_first_starts_at_once_ten_rounds_save_every_run(tmp_path: Path) -> None:
    for round_number in range(ROUNDS):
        home = tmp_path / f"round-{round_number}"
        home.mkdir()
        env = {
            **os.environ,
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            "ALSA_CONFIG_PATH": no_device_config(home),
            "PYTHONFAULTHANDLER": "1",
        }
        command = [sys.executable, "-m", "couchtimer", "run", "W1R1", "--programme", TINY,
                   "--terminal", "--speed", "1000", "--cues", "silent"]  # fmt: skip
        children = [
            subprocess.Popen(
                command,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(PROCESSES)
        ]
        outputs = [child.communicate(timeout=20) for child in children]
        for child, (out, err) in zip(children, outputs, strict=True):
            assert child.returncode == 0, err
            assert err == "", f"round {round_number}: {err}"
            assert "W1R1: completed" in out
        with HistoryStore.open(home / "data" / "couchtimer" / "history.db") as store:
            runs = store.load_runs()
        assert [run.status for run in runs] == [RunStatus.COMPLETED] * PROCESSES, round_number
        assert [len(run.segments) for run in runs] == [3] * PROCESSES
