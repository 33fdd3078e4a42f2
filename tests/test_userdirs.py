"""The user's config, cache, data and state dirs are worked out by hand for speed (no platformdirs
before the app's first frame, nor for ``history``), so each is checked against platformdirs itself, in every case the
environment can present: the XDG variable absolute, empty, blank, relative or unset; HOME
absolute, relative or unset."""

from __future__ import annotations

import subprocess
import sys
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


@pytest.mark.parametrize("home", HOME)
@pytest.mark.parametrize("value", XDG)
def test_the_config_dir_is_the_one_platformdirs_names(
    value: str | None, home: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _environment(monkeypatch, "XDG_CONFIG_HOME", value)
    _environment(monkeypatch, "HOME", home)
    assert user_config_dir() == Path(platformdirs.user_config_dir("couchtimer"))


@pytest.mark.parametrize("home", HOME)
@pytest.mark.parametrize("value", XDG)
def test_the_cache_dir_is_the_one_platformdirs_names(
    value: str | None, home: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _environment(monkeypatch, "XDG_CACHE_HOME", value)
    _environment(monkeypatch, "HOME", home)
    assert user_cache_dir() == Path(platformdirs.user_cache_dir("couchtimer", appauthor=False))


@pytest.mark.parametrize("home", HOME)
@pytest.mark.parametrize("value", XDG)
def test_the_data_dir_is_the_one_platformdirs_names(
    value: str | None, home: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _environment(monkeypatch, "XDG_DATA_HOME", value)
    _environment(monkeypatch, "HOME", home)
    assert user_data_dir() == Path(platformdirs.user_data_dir("couchtimer", appauthor=False))


@pytest.mark.parametrize("home", HOME)
@pytest.mark.parametrize("value", XDG)
def test_the_state_dir_is_the_one_platformdirs_names(
    value: str | None, home: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _environment(monkeypatch, "XDG_STATE_HOME", value)
    _environment(monkeypatch, "HOME", home)
    assert user_state_dir() == Path(platformdirs.user_state_dir("couchtimer", appauthor=False))


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
