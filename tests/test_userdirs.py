"""The user's config, cache, data and state dirs are worked out by hand for speed (no platformdirs
before the app's first frame, nor for ``history``), so each is checked against platformdirs itself, in every case the
environment can present: the XDG variable absolute, empty, blank, relative or unset; HOME
absolute, relative or unset."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import platformdirs
import pytest

from couchtimer.userdirs import user_cache_dir, user_config_dir, user_data_dir, user_state_dir

XDG = [None, "", "  ", "relative/dir", "/tmp/elsewhere", "/tmp/trailing/", "//tmp//double"]
HOME = [None, "/home/runner", "/", "relative-home"]


def _environment(monkeypatch: pytest.MonkeyPatch, name: str, value: str | None) -> None:
    if value is None:
        monkeypatch.delenv(name, raising=False)
    else:
        monkeypatch.setenv(name, value)


# (the XDG variable, our function, what platformdirs names for it)
DIRS = [
    ("XDG_CONFIG_HOME", user_config_dir, lambda: platformdirs.user_config_dir("couchtimer")),
    (
        "XDG_CACHE_HOME",
        user_cache_dir,
        lambda: platformdirs.user_cache_dir("couchtimer", appauthor=False),
    ),
    (
        "XDG_DATA_HOME",
        user_data_dir,
        lambda: platformdirs.user_data_dir("couchtimer", appauthor=False),
    ),
    (
        "XDG_STATE_HOME",
        user_state_dir,
        lambda: platformdirs.user_state_dir("couchtimer", appauthor=False),
    ),
]


@pytest.mark.parametrize("home", HOME)
@pytest.mark.parametrize("value", XDG)
@pytest.mark.parametrize(("variable", "ours", "theirs"), DIRS, ids=[row[0] for row in DIRS])
def test_each_dir_is_the_one_platformdirs_names(
    variable: str,
    ours: Callable[[], Path],
    theirs: Callable[[], str],
    value: str | None,
    home: str | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _environment(monkeypatch, variable, value)
    _environment(monkeypatch, "HOME", home)
    assert ours() == Path(theirs())


def test_the_usual_case_needs_no_platformdirs(tmp_path: Path) -> None:
    """An absolute XDG variable or HOME (every desktop session): platformdirs stays unloaded."""
    code = (
        "import sys\n"
        "from couchtimer.userdirs import *\n"
        "print(user_config_dir(), user_cache_dir(), user_data_dir(), user_state_dir(),"
        " 'platformdirs' in sys.modules)\n"
    )
    env = {"HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == [
        str(tmp_path / ".config" / "couchtimer"),
        str(tmp_path / "cache" / "couchtimer"),
        str(tmp_path / ".local" / "share" / "couchtimer"),
        str(tmp_path / ".local" / "state" / "couchtimer"),
        "False",
    ]
