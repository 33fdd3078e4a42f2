"""A real `couchtimer run --terminal` child process, its output read line by line as it comes.

The crash, locked-file and full-disk tests press keys at chosen moments and kill or wait for the
process; this is the one place that starts it and reads what it prints.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from tests.helpers.paths import DATA

# 14 segments, 51 s at speed 1 (tests/data/programmes/crash.toml).
CRASH_PROGRAMME = DATA / "programmes" / "crash.toml"


class TerminalRun:
    """``couchtimer run W1R1 --terminal --speed SPEED --programme PROGRAMME [extra]``.

    ``lines`` grows as the child prints; ``started`` is set by the first line for which
    ``started_by`` is true (any line by default)."""

    def __init__(
        self,
        env: Mapping[str, str],
        *,
        speed: float,
        extra: tuple[str, ...] = (),
        programme: Path = CRASH_PROGRAMME,
        keep_stderr: bool = False,
        started_by: Callable[[str], bool] = lambda line: True,
    ) -> None:
        self.child = subprocess.Popen(
            [sys.executable, "-m", "couchtimer", "run", "W1R1", "--terminal",
             "--speed", str(speed), "--programme", str(programme), *extra],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE if keep_stderr else subprocess.DEVNULL,
            env=dict(env), text=True, bufsize=1,
        )  # fmt: skip
        self.lines: list[str] = []
        self.started = threading.Event()
        self._started_by = started_by
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.child.stdout is not None
        for line in self.child.stdout:
            self.lines.append(line)
            if self._started_by(line):
                self.started.set()

    def wait_started(self, timeout: float = 30) -> None:
        assert self.started.wait(timeout), "the run never started"

    def press(self, key: str = "p") -> None:
        """Type ``key`` on the run's standard input (no Enter: the terminal reads keys)."""
        assert self.child.stdin is not None
        self.child.stdin.write(key)
        self.child.stdin.flush()

    def wait_until(self, done: Callable[[str], bool], timeout: float) -> str:
        """Wait until ``done(output so far)`` or ``timeout`` seconds; the output so far."""
        deadline = time.monotonic() + timeout
        while not done("".join(self.lines)) and time.monotonic() < deadline:
            time.sleep(0.05)
        return "".join(self.lines)

    def kill(self) -> list[str]:
        """SIGKILL the child; the lines it had printed before the kill."""
        seen = list(self.lines)
        self.child.send_signal(signal.SIGKILL)
        self.child.wait(10)
        self._close()
        return seen

    def finish(self, timeout: float = 60) -> tuple[str, str, int]:
        """Close its input and wait for it to end: (standard output, standard error, exit code)."""
        assert self.child.stdin is not None
        self.child.stdin.close()
        err = self.child.stderr.read() if self.child.stderr is not None else ""
        code = self.child.wait(timeout)
        self._close()
        return "".join(self.lines), err, code

    def _close(self) -> None:
        self._reader.join(5)
        for stream in (self.child.stdin, self.child.stdout, self.child.stderr):
            if stream is not None and not stream.closed:
                stream.close()
