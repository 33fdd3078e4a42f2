"""The README's two commands on a machine that is not ready yet: the Makefile picks a Python 3.11+
or, before anything is installed, says exactly what to install; scripts/system-deps installs only
what the command needs and tells a normal user the one line to run.

These run the real Makefile and scripts with PATH holding only the tools they may use, some of
them fakes that log their calls (apt-get, sudo, dpkg-query) or play an older Python."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING_TOOLS = {
    "dpkg-dev",
    "binutils",
    "icu-devtools",
    "desktop-file-utils",
    "appstream",
    "debootstrap",
}

# A python3 that is this Python reporting itself as 3.10 (Ubuntu 22.04's), for whatever code it
# is given with -c: the scripts' own checks run against it.
_OLD_PYTHON = """#!/bin/sh
[ "$1" = -c ] || exit 2
exec {real} -c "import sys; sys.version_info = (3, 10, 12, 'final', 0); exec(sys.argv[1])" "$2"
"""
_LOGGING_TOOL = """#!/bin/sh
printf '%s\\n' "$(basename "$0") $*" >>{log}
{behaviour}
"""


def _checkout(tmp_path: Path) -> Path:
    """The Makefile, pyproject.toml and the files its rules name, in a folder without .venv."""
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    (checkout / "packaging").mkdir()
    for name in (
        "Makefile",
        "pyproject.toml",
        "scripts/pick-python",
        "scripts/system-deps",
        "packaging/requirements.txt",
    ):
        shutil.copy2(ROOT / name, checkout / name)
    return checkout


def _bin(
    tmp_path: Path,
    *,
    sudo: bool = True,
    pythons: dict[str, str] | None = None,
    installed: list[str] = (),  # type: ignore[assignment]
) -> Path:
    """A PATH folder: real sh/bash/env/awk/grep/readlink/cat/make, logging fakes of apt-get,
    dpkg-query (printing ``installed``: its lines, as `dpkg-query -W -f` prints them; none by
    default), id (uid 1000) and sudo, and the given pythons ('old': reports 3.10, 'real': this
    interpreter)."""
    folder = tmp_path / "bin"
    folder.mkdir(parents=True)
    for tool in ("sh", "bash", "env", "awk", "grep", "readlink", "basename", "cat", "make"):
        found = shutil.which(tool)
        assert found is not None, f"{tool} is needed to run the Makefile"
        (folder / tool).symlink_to(found)
    log = tmp_path / "calls.log"
    fakes = {
        "apt-get": "exit 0",
        "dpkg-query": "cat <<'EOF'\n" + "".join(f"{line}\n" for line in installed) + "EOF",
        "id": "echo 1000",  # a normal user
    }
    if sudo:
        fakes["sudo"] = "exit 0"
    for name, behaviour in fakes.items():
        (folder / name).write_text(_LOGGING_TOOL.format(log=log, behaviour=behaviour))
    for name, kind in (pythons or {}).items():
        if kind == "old":
            (folder / name).write_text(_OLD_PYTHON.format(real=sys.executable))
        else:
            (folder / name).symlink_to(sys.executable)
    for script in folder.iterdir():
        if not script.is_symlink():
            script.chmod(0o755)
    return folder


def _make(checkout: Path, path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": str(path), "LANG": "C.UTF-8", "HOME": str(checkout)}
    return subprocess.run(
        [str(path / "make"), "--no-print-directory", *args],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _calls(tmp_path: Path) -> list[str]:
    log = tmp_path / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def test_python_3_10_stops_make_test_with_one_instruction_before_anything_is_installed(
    tmp_path: Path,
) -> None:
    """Ubuntu 22.04: python3 is 3.10 and no newer one is there. `make test` says what to
    install and how to go on, and has asked apt and sudo nothing and made no .venv."""
    checkout = _checkout(tmp_path)
    path = _bin(tmp_path, pythons={"python3": "old"})
    result = _make(checkout, path, "test")
    assert result.returncode != 0
    assert result.stderr.splitlines()[:5] == [
        "CouchTimer needs Python 3.11 or newer, and python3 here is Python 3.10. Nothing has been "
        "installed.",
        "Install Python 3.11 (on Ubuntu it is in the universe component), then use it:",
        "",
        "  sudo apt-get update && sudo apt-get install -y python3.11 python3.11-venv python3.11-dev",
        "  make test PYTHON=python3.11",
    ]
    assert _calls(tmp_path) == []
    assert not (checkout / ".venv").exists()


def test_without_sudo_the_python_instruction_uses_su(tmp_path: Path) -> None:
    """No sudo (a Debian install with a root password): the line is `su -c '...'`."""
    checkout = _checkout(tmp_path)
    path = _bin(tmp_path, sudo=False, pythons={"python3": "old"})
    result = _make(checkout, path, "run")
    assert result.returncode != 0
    assert result.stderr.splitlines()[3:5] == [
        "  su -c 'apt-get update && apt-get install -y python3.11 python3.11-venv python3.11-dev'",
        "  make run PYTHON=python3.11",
    ]
    assert _calls(tmp_path) == []


def test_a_given_python_that_is_too_old_is_named(tmp_path: Path) -> None:
    checkout = _checkout(tmp_path)
    path = _bin(tmp_path, pythons={"python3.10": "old", "python3": "real"})
    result = _make(checkout, path, "test", "PYTHON=python3.10")
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == (
        "CouchTimer needs Python 3.11 or newer, and PYTHON=python3.10 is Python 3.10. Nothing "
        "has been installed."
    )
    assert _calls(tmp_path) == []


@pytest.mark.parametrize("newer", ["python3.13", "python3.12", "python3.11"])
def test_an_old_python3_gives_way_to_a_newer_one_on_path(tmp_path: Path, newer: str) -> None:
    """python3 is 3.10 but python3.X (3.11+) is installed: .venv is made with that one, and the
    system packages are checked for it (`make -n` shows the commands without running them)."""
    checkout = _checkout(tmp_path)
    path = _bin(tmp_path, pythons={"python3": "old", newer: "real"})
    result = _make(checkout, path, "-n", "run")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert f"PYTHON={newer} scripts/system-deps run" in lines
    assert f"{newer} -m venv .venv" in lines


def _system_deps(
    tmp_path: Path,
    *args: str,
    sudo: bool = True,
    installed: list[str] = (),  # type: ignore[assignment]
) -> subprocess.CompletedProcess[str]:
    path = _bin(tmp_path, sudo=sudo, pythons={"python3": "real"}, installed=installed)
    return subprocess.run(
        [str(path / "bash"), str(ROOT / "scripts" / "system-deps"), *args],
        env={"PATH": str(path), "LANG": "C.UTF-8", "SYSTEM_DEPS_AGAIN": "make run"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _profile(tmp_path: Path, name: str) -> list[str]:
    result = _system_deps(tmp_path / name, "--list", name)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_make_run_installs_no_packaging_tools_and_make_test_only_adds_test_tools(
    tmp_path: Path,
) -> None:
    """`make run` gets what building .venv and showing a window need; `make test` adds the
    virtual X screen and poppler; only `make deb` and the packaging tests get the packaging
    tools (issue 21)."""
    run, test, package = (_profile(tmp_path, name) for name in ("run", "test", "package"))
    assert PACKAGING_TOOLS & set(run) == set()
    assert PACKAGING_TOOLS & set(test) == set()
    assert set(package) >= PACKAGING_TOOLS
    assert test[: len(run)] == run
    assert {"xvfb", "poppler-utils"} <= set(test) - set(run)
    assert {"gcc", "libasound2-dev", "libglib2.0-0", "libxcb-cursor0"} <= set(run)
    assert set(run) <= set(package)


def test_makefile_checks_each_command_s_own_profile(tmp_path: Path) -> None:
    """make run -> run, make test -> test, make deb and make test-packaging -> package."""
    checkout = _checkout(tmp_path)
    path = _bin(tmp_path, pythons={"python3": "real"})
    for goal, profile in (
        ("run", "run"),
        ("test", "test"),
        ("deb", "package"),
        ("test-packaging", "package"),
    ):
        result = _make(checkout, path, "-n", goal)
        assert result.returncode == 0, result.stderr
        assert f"PYTHON=python3 scripts/system-deps {profile}" in result.stdout.splitlines()


def test_a_normal_user_is_told_the_one_line_to_run(tmp_path: Path) -> None:
    """Not root: nothing is installed; the sudo line updates apt's lists first, and there is a
    su line for those who may not use sudo."""
    result = _system_deps(tmp_path, "run")
    assert result.returncode == 1
    packages = " ".join(_profile(tmp_path / "list", "run"))
    assert result.stderr.splitlines() == [
        f"CouchTimer needs {len(packages.split())} more system packages. Install them, then run "
        "make run again:",
        "",
        "  sudo apt-get update && sudo apt-get install -y --no-install-recommends " + packages,
        "",
        "(No sudo for you? As root, with the root password: su -c 'apt-get update && apt-get "
        f"install -y --no-install-recommends {packages}')",
    ]
    assert _calls(tmp_path) == [
        "dpkg-query -W -f=${db:Status-Abbrev}|${Package}|${Provides}\\n",
        "id -u",
    ]


def test_without_sudo_the_packages_line_uses_su(tmp_path: Path) -> None:
    result = _system_deps(tmp_path, "run", sudo=False)
    assert result.returncode == 1
    packages = " ".join(_profile(tmp_path / "list", "run"))
    assert result.stderr.splitlines()[2:] == [
        f"  su -c 'apt-get update && apt-get install -y --no-install-recommends {packages}'",
        "",
        "(su asks for the root password.)",
    ]


def test_root_tests_are_left_to_make_test_root() -> None:
    """`make test` leaves out the tests marked root (and packaging); `make test-root` runs them
    as root and treats 'no test marked root' as a pass, not pytest's exit 5."""
    lines = subprocess.run(
        ["make", "-n", "unit", "test-root"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.splitlines()
    assert ".venv/bin/coverage run -m pytest -m 'not root and not packaging'" in lines
    assert (
        ".venv/bin/pytest -m root; status=$?; [ $status -ne 5 ] || status=0; exit $status" in lines
    )


def test_a_package_counts_as_installed_when_it_or_one_providing_it_is(tmp_path: Path) -> None:
    """Debian 13 / Ubuntu 24.04 ship libglib2.0-0t64, which provides libglib2.0-0: that is
    there. A package removed with its configuration left ('rc') is not."""
    run = _profile(tmp_path / "list", "run")
    lines = [f"ii |{name}|" for name in run if name not in ("libglib2.0-0", "libdbus-1-3")]
    lines += [
        "ii |libglib2.0-0t64|libgio-2.0-0 (= 2.84.4-3~deb13u5), libglib2.0-0 (= 2.84.4-3~deb13u5)",
        "rc |libdbus-1-3|",
    ]
    result = _system_deps(tmp_path, "run", installed=lines)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:3] == [
        "CouchTimer needs 1 more system package. Install them, then run make run again:",
        "",
        "  sudo apt-get update && sudo apt-get install -y --no-install-recommends libdbus-1-3",
    ]
