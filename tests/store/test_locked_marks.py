"""Pain marks while another program holds the history file locked: the terminal says what is
true, the marks are on disk (the run's journal) before it says "saved", and a kill -9 then
loses none of them."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from couchtimer.store import HistoryStore
from tests.helpers.alsa import no_device_config
from tests.helpers.terminal_run import TerminalRun

BUSY = "Pain mark saved in the run's journal — the history file is busy; it goes in later."


@pytest.mark.slow
def test_marks_while_the_file_is_locked_survive_a_kill(tmp_path: Path) -> None:
    data = tmp_path / "data"
    db_path = data / "couchtimer" / "history.db"
    HistoryStore.open(db_path).close()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock all along
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(data),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "ALSA_CONFIG_PATH": no_device_config(tmp_path),
    }
    run = TerminalRun(env, speed=5, extra=("--cues", "silent"))
    run.wait_started()
    for _ in range(3):
        time.sleep(0.5)
        run.press("p")
    run.wait_until(lambda out: out.count(BUSY) >= 3, timeout=20)
    shown = "".join(run.kill())
    other.execute("ROLLBACK")
    other.close()
    assert shown.count(BUSY) == 3, shown
    assert "Pain mark saved." not in shown
    assert "⚠ Not in the history file yet: The history file" in shown
    with HistoryStore.open(db_path) as store:
        (run,) = store.interrupted_runs()
    assert len(run.marks) == 3
    assert [m.intensity for m in run.marks] == [None, None, None]
