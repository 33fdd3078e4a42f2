"""The user's config and cache dirs, found without importing platformdirs where that is certain.

The app needs both before its first frame (the settings file, for the theme; the parsed programme
cache), and importing platformdirs costs about 3 ms of that (benchmarks/startup.py). On Linux,
with an absolute ``$XDG_CONFIG_HOME`` / ``$XDG_CACHE_HOME``, or else an absolute ``$HOME``, the
answer is platformdirs' own rule (the XDG Base Directory spec: the variable if it is an absolute
path, else ``~/.config`` / ``~/.cache``), worked out here; anything else (another OS, a relative
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
