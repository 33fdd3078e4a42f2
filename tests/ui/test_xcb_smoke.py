"""The real app on the real xcb platform under Xvfb: it starts a run, plays cues, saves it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from couchtimer.core.history import RunStatus
from couchtimer.store import HistoryStore
from tests.helpers.alsa import AlsaCapture


def test_app_runs_on_xcb_under_xvfb(tmp_path: Path) -> None:
    """`couchtimer --start W1R1` on a virtual X screen: cues reach ALSA, the run reaches the file.

    CI installs xvfb (scripts/system-deps); without it this fails rather than pretend to pass.
    """
    xvfb_run = shutil.which("xvfb-run")
    assert xvfb_run, "xvfb-run is missing: run scripts/system-deps (Debian package xvfb)"
    capture = AlsaCapture(tmp_path / "alsa")
    env = capture.env()
    env.pop("QT_QPA_PLATFORM", None)  # the real platform plugin, not offscreen
    env.update(
        {
            "QT_QPA_PLATFORM": "xcb",
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_RUNTIME_DIR": str(tmp_path / "runtime"),
        }
    )
    (tmp_path / "runtime").mkdir(mode=0o700)
    result = subprocess.run(
        [xvfb_run, "-a", "-s", "-screen 0 1280x800x24", sys.executable, "-m", "couchtimer",
         "--start", "W1R1", "--speed", "20", "--quit-after", "3"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    played = [data for data in capture.files() if data.strip(b"\0")]
    assert played, "no cue reached ALSA"
    db = tmp_path / "data" / "couchtimer" / "history.db"
    assert db.stat().st_mode & 0o777 == 0o600
    with HistoryStore.open(db, backups=False) as store:
        (run,) = store.load_runs()
    assert (run.code, run.status) == ("W1R1", RunStatus.ENDED_EARLY)
    assert os.environ.get("QT_QPA_PLATFORM") == "offscreen"  # the test process itself is untouched
