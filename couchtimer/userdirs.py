"""The user's config, cache, data and state dirs, found without importing platformdirs where
that is certain.

The app needs the first two before its first frame (the settings file, for the theme; the parsed
programme cache), and importing platformdirs costs about 3 ms of that (benchmarks/startup.py);
the commands that read the history need the other two (the history file, the integrity stamp),
where platformdirs was 1 % of ``history --json``. On Linux, with an absolute ``$XDG_..._HOME``
variable, or else an absolute ``$HOME``, the answer is platformdirs' own rule (the XDG Base
Directory spec: the variable if it is an absolute path, else ``~/.config``, ``~/.cache``,
``~/.local/share``, ``~/.local/state``), worked out here; anything else (another OS, a relative
or missing HOME) is asked of platformdirs itself. tests/test_userdirs.py holds the two together.
"""

from __future__ import annotations

import os
import posixpath
import sys
from pathlib import Path

APP = "couchtimer"


def _worked_out(variable: str, default: str) -> Path | None:
    """``$variable/couchtimer`` or ``~/<default>/couchtimer`` where platformdirs would say so."""
    if not sys.platform.startswith("linux"):
        return None
    base = os.environ.get(variable, "")
    if posixpath.isabs(base):
        return Path(base, APP)
    if posixpath.isabs(os.environ.get("HOME", "")):
        return Path(default).expanduser() / APP
    return None


def user_config_dir() -> Path:
    """``$XDG_CONFIG_HOME/couchtimer`` (default ``~/.config/couchtimer``): settings.ini."""
    path = _worked_out("XDG_CONFIG_HOME", "~/.config")
    if path is None:
        import platformdirs

        return Path(platformdirs.user_config_dir(APP))
    return path


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/couchtimer`` (default ``~/.cache/couchtimer``): parsed programmes."""
    path = _worked_out("XDG_CACHE_HOME", "~/.cache")
    if path is None:
        import platformdirs

        return Path(platformdirs.user_cache_dir(APP, appauthor=False))
    return path


def user_data_dir() -> Path:
    """``$XDG_DATA_HOME/couchtimer`` (default ``~/.local/share/couchtimer``): the history."""
    path = _worked_out("XDG_DATA_HOME", "~/.local/share")
    if path is None:
        import platformdirs

        return Path(platformdirs.user_data_dir(APP, appauthor=False))
    return path


def user_state_dir() -> Path:
    """``$XDG_STATE_HOME/couchtimer`` (default ``~/.local/state/couchtimer``): the log, the
    integrity stamp."""
    path = _worked_out("XDG_STATE_HOME", "~/.local/state")
    if path is None:
        import platformdirs

        return Path(platformdirs.user_state_dir(APP, appauthor=False))
    return path
