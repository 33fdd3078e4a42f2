"""SIGTERM or SIGHUP during `couchtimer run --terminal` on a real terminal (a pty): the run
ends early with everything kept, and the terminal gets its echo back."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from couchtimer.core.history import RunStatus
from couchtimer.store import HistoryStore
from tests.helpers.alsa import no_device_config

ROOT = Path(__file__).resolve().parent.parent
PROGRAMME = ROOT / "tests" / "data" / "programmes" / "crash.toml"


def _read_until(master: int, text: bytes, seen: bytearray, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while text not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"never saw {text!r} in {bytes(seen)!r}"
        ready, _, _ = select.select([master], [], [], left)
        if ready:
            try:
                seen.extend(os.read(master, 4096))
            except OSError:  # EIO: the child closed its end
                return


def _drain(master: int, seen: bytearray) -> None:
    """Whatever the child wrote before it ended."""
    while select.select([master], [], [], 0.5)[0]:
        try:
            data = os.read(master, 4096)
        except OSError:
            return
        if not data:
            return
        seen.extend(data)


def _echo_on(fd: int) -> bool:
    return bool(termios.tcgetattr(fd)[3] & termios.ECHO)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_ends_the_run_early_and_gives_the_terminal_back(
    tmp_path: Path, sig: signal.Signals
) -> None:
    master, slave = pty.openpty()
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "ALSA_CONFIG_PATH": no_device_config(tmp_path),
        "TERM": "xterm",
    }
    assert _echo_on(slave)
    child = subprocess.Popen(
        [sys.executable, "-m", "couchtimer", "run", "W1R1", "--terminal", "--speed", "2",
         "--cues", "silent", "--programme", str(PROGRAMME)],
        stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
    )  # fmt: skip
    seen = bytearray()
    try:
        _read_until(master, b"Run 1 of 6", seen)
        assert not _echo_on(slave)  # cbreak mode while the run is on
        os.write(master, b"p")
        _read_until(master, b"Pain mark saved.", seen)
        child.send_signal(sig)
        code = child.wait(30)
        _drain(master, seen)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert _echo_on(slave), "the terminal was left without echo"
    os.close(slave)
    os.close(master)
    assert code == 128 + sig
    text = seen.decode("utf-8", "replace")
    assert "Traceback" not in text
    if sig == signal.SIGTERM:
        assert "Workout ended." in text
        assert "W1R1: ended early" in text
    with HistoryStore.open(tmp_path / "data" / "couchtimer" / "history.db") as store:
        (run,) = store.load_runs()
    assert run.status is RunStatus.ENDED_EARLY
    assert len(run.marks) == 1
    assert run.segments[0].index == 0
