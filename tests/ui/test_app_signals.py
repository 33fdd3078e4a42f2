"""The desktop app and signals: Ctrl+C (SIGINT) in the terminal that started it, or SIGTERM
(logout, `kill`), ends a run early with everything kept and quits cleanly, without a
KeyboardInterrupt traceback; Today then offers the run's report (core.nextrun.pending_report).
A real `couchtimer` process on Qt's offscreen platform."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from couchtimer.core.history import RunStatus
from couchtimer.core.nextrun import pending_report
from couchtimer.store import HistoryStore
from couchtimer.ui.desktop import SignalRelay
from tests.helpers.alsa import no_device_config
from tests.helpers.cli import private_env

ROOT = Path(__file__).resolve().parents[2]
PROGRAMME = ROOT / "tests" / "data" / "programmes" / "crash.toml"


def _segments_recorded(db_path: Path) -> int:
    if not db_path.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM segments").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _start_app(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    """The real app, offscreen, with private XDG folders under ``tmp_path`` and no sound card."""
    env = {
        **private_env(tmp_path),
        "XDG_RUNTIME_DIR": str(tmp_path),
        "ALSA_CONFIG_PATH": no_device_config(tmp_path),
    }
    return subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom couchtimer.cli import main\nsys.exit(main())",
         *args],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def _signal_once(
    child: subprocess.Popen[str], ready: Callable[[], bool], what: str, sig: signal.Signals
) -> tuple[str, str]:
    """Wait (60 s at most) until ``ready()``, send ``sig``, and return the app's output."""
    try:
        deadline = time.monotonic() + 60
        while not ready():
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, what
            time.sleep(0.02)
        child.send_signal(sig)
        return child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_ends_the_apps_run_early_and_quits_cleanly(
    tmp_path: Path, sig: signal.Signals
) -> None:
    db_path = tmp_path / "xdg_data_home" / "couchtimer" / "history.db"
    child = _start_app(tmp_path, "--programme", str(PROGRAMME), "--start", "W1R1", "--speed", "5")
    out, err = _signal_once(
        child, lambda: _segments_recorded(db_path) >= 2, "the run never got going", sig
    )
    assert "Traceback" not in err
    assert "KeyboardInterrupt" not in err
    assert child.returncode == 128 + sig, err
    assert f"couchtimer: {sig.name}: CouchTimer closed; any run was ended early and kept." in out
    with HistoryStore.open(db_path) as store:
        (run,) = store.load_runs()
        assert store.interrupted_runs() == []
    assert run.status is RunStatus.ENDED_EARLY
    assert len(run.segments) >= 3  # the two written before the signal, and the one cut short
    assert run.segments[-1].ended.value == "ended-early"
    # Today offers "Describe how W1R1 felt" next time
    assert pending_report([run], dismissed="") == run


def test_a_signal_just_after_the_window_shows_closes_the_app_cleanly(tmp_path: Path) -> None:
    """The relay is set up just after the first frame (start-up time), with the history file:
    a SIGTERM as soon as that file is there is heard and the app closes as usual."""
    db_path = tmp_path / "xdg_data_home" / "couchtimer" / "history.db"
    child = _start_app(tmp_path)
    out, err = _signal_once(child, db_path.exists, "the history file never opened", signal.SIGTERM)
    assert "Traceback" not in err
    assert child.returncode == 128 + signal.SIGTERM, err
    assert "couchtimer: SIGTERM: CouchTimer closed; any run was ended early and kept." in out


def test_a_signal_whose_number_missed_the_pipe_is_still_heard(qapp: QApplication) -> None:
    """A signal that arrived before the wakeup pipe was set (while the first frame was drawn)
    leaves only Python's part of its handling, which runs once the relay is in place: that part
    sends the number itself (it did nothing, and the app kept running after Ctrl+C)."""
    relay = SignalRelay()
    heard: list[int] = []
    relay.received.connect(heard.append)
    try:
        relay._noted(signal.SIGINT, None)  # what Python runs for a signal it took earlier
        deadline = time.monotonic() + 5
        while not heard and time.monotonic() < deadline:
            QApplication.processEvents()
        assert heard == [signal.SIGINT]
    finally:
        relay.close()
