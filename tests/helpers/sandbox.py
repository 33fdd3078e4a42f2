"""What the X11 desktop (desktop.py) and the Wayland compositor (wayland.py) harnesses share.

A ``Sandbox`` owns private HOME, XDG and runtime folders, the helper processes it starts (each in
a process group of its own, ended with it) and their log files, and runs the venv's
``couchtimer`` command line in the same environment as the app under test.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO, Any, NoReturn, Self

COUCHTIMER = Path(sys.executable).with_name("couchtimer")  # the venv's console script
# Never inherited from the test's own environment: the sandbox sets what it needs of these.
_NOT_INHERITED_PREFIXES = ("XDG_", "QT_", "DBUS_", "COUCHTIMER_", "WAYLAND", "PYTEST")
_NOT_INHERITED = ("DISPLAY", "SWAYSOCK", "I3SOCK")


class Sandbox:
    """Private folders, helper processes and their logs; subclasses add a display server."""

    def __init__(self, workdir: Path, artefacts: Path, runtime_prefix: str) -> None:
        self.workdir = workdir
        self.artefacts = artefacts
        self.home = workdir / "home"
        # Short: sockets live here and socket paths are limited to 108 bytes.
        self.runtime = Path(tempfile.mkdtemp(prefix=runtime_prefix))
        self.bus_address = ""
        self._procs: list[subprocess.Popen[bytes]] = []
        self._logs: list[IO[bytes]] = []

    def start(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def env(self) -> dict[str, str]:
        """The environment CouchTimer runs in (the subclass adds its display)."""
        return self._base_env()

    def fail(self, message: str) -> NoReturn:
        raise AssertionError(message)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- the command line, in the app's environment ---

    def cli(
        self, *args: str, check: bool = True, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        """``couchtimer ARGS`` in the same environment, e.g. ``cli("export", "--format", "json")``."""
        result = subprocess.run(
            [str(COUCHTIMER), *args], env=self.env(), cwd=self.home, capture_output=True,
            text=True, timeout=timeout, check=False,
        )  # fmt: skip
        if check and result.returncode != 0:
            self.fail(f"couchtimer {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
        return result

    def history(self) -> list[dict[str, Any]]:
        """Every recorded run, as ``couchtimer export --format json`` writes it."""
        out = self.workdir / "export.json"
        self.cli("export", "--format", "json", "--output", str(out))
        data = json.loads(out.read_text(encoding="utf-8"))
        return list(data["runs"] if isinstance(data, dict) else data)

    # --- for subclasses ---

    def _base_env(self) -> dict[str, str]:
        """Our environment without the desktop's own settings, with the private folders."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(_NOT_INHERITED_PREFIXES) and key not in _NOT_INHERITED
        }
        self.home.mkdir(parents=True, exist_ok=True)
        self.runtime.chmod(0o700)
        env.update(
            HOME=str(self.home),
            XDG_DATA_HOME=str(self.home / ".local" / "share"),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_STATE_HOME=str(self.home / ".local" / "state"),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            XDG_RUNTIME_DIR=str(self.runtime),
            LANG="C.UTF-8",
        )
        if self.bus_address:
            env["DBUS_SESSION_BUS_ADDRESS"] = self.bus_address
        return env

    def _log_file(self, name: str) -> IO[bytes]:
        """``workdir/NAME.log``, open for a process's output (closed by ``_end``)."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        log = (self.workdir / f"{name}.log").open("ab")
        self._logs.append(log)
        return log

    @staticmethod
    def _tail(path: Path, lines: int = 20) -> str:
        """The last lines of a log, for a failure message."""
        if not path.exists():
            return "(no output)"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def _end(self, procs: list[subprocess.Popen[bytes]]) -> None:
        """End ``procs`` (each in its own process group: TERM, then KILL after 5 s), close the
        logs, remove the runtime folder."""
        for proc in procs:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=5)
        for log in self._logs:
            log.close()
        shutil.rmtree(self.runtime, ignore_errors=True)
