"""The real ``couchtimer`` command in a child process, as a runner starts it from a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

XDG_DIRS = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")


def private_env(home: Path, *, offscreen: bool = True) -> dict[str, str]:
    """This process's environment with every XDG folder under ``home`` (and, for commands that
    may load Qt, the offscreen platform)."""
    env = dict(os.environ)
    for name in XDG_DIRS:
        env[name] = str(home / name.lower())
    if offscreen:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def couchtimer(
    *args: str,
    home: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``couchtimer ARGS`` with no input, its output captured; private XDG folders under
    ``home`` when given, else ``env`` (else this process's environment)."""
    return _child(
        ["-m", "couchtimer", *args], private_env(home) if home is not None else env, timeout
    )


def python_script(script: str, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """``python -c SCRIPT ARGS`` (a probe around the real command) as ``couchtimer`` runs: no
    input, its output captured, private XDG folders under ``home``."""
    return _child(["-c", script, *args], private_env(home))


def _child(
    argv: list[str], env: dict[str, str] | None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *argv],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
