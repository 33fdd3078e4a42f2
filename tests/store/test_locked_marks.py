"""Pain marks while another program holds the history file locked: the terminal says what is
true, the marks are on disk (the run's journal) before it says "saved", and a kill -9 then
loses none of them."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from couchtimer.store import HistoryStore
from tests.helpers.alsa import no_device_config

ROOT = Path(__file__).resolve().parents[2]
PROGRAMME = ROOT / "tests" / "data" / "programmes" / "crash.toml"
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
    child = subprocess.Popen(
        [sys.executable, "-m", "couchtimer", "run", "W1R1", "--terminal", "--speed", "5",
         "--cues", "silent", "--programme", str(PROGRAMME)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
        text=True, bufsize=1,
    )  # fmt: skip
    assert child.stdin is not None
    assert child.stdout is not None
    lines: list[str] = []
    started = threading.Event()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            lines.append(line)
            started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert started.wait(30)
    for _ in range(3):
        time.sleep(0.5)
        child.stdin.write("p")
        child.stdin.flush()
    deadline = time.monotonic() + 20
    while sum(BUSY in line for line in lines) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    shown = "".join(lines)
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    reader.join(5)
    child.stdin.close()
    child.stdout.close()
    other.execute("ROLLBACK")
    other.close()
    assert shown.count(BUSY) == 3, shown
    assert "Pain mark saved." not in shown
    assert "⚠ Not in the history file yet: The history file" in shown
    with HistoryStore.open(db_path) as store:
        (run,) = store.interrupted_runs()
    assert len(run.marks) == 3
    assert [m.intensity for m in run.marks] == [None, None, None]
