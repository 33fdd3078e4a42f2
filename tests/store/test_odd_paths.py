"""Odd things at the history's path: links and non-files are refused and left alone; another
user's file gets a true message; a history that cannot be written is still shown (read-only)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from couchtimer.store import HistoryStore, StoreError
from tests.helpers.disk import small_tmpfs
from tests.helpers.permissions import as_nobody, unwritable
from tests.helpers.stored import START
from tests.helpers.stubs import FakeWallClock
from tests.store.test_safety import _history_with_one_run


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_link_at_the_history_path_is_refused_and_its_target_left_alone(
    tmp_path: Path, wall: FakeWallClock
) -> None:
    """A planted link (to /etc/passwd, say): root-run CouchTimer made its target 0600."""
    target = tmp_path / "passwd"
    target.write_text("root:x:0:0:root:/root:/bin/bash\n")
    target.chmod(0o644)
    folder = tmp_path / "data"
    folder.mkdir()
    link = folder / "history.db"
    link.symlink_to(target)
    with pytest.raises(StoreError) as caught:
        HistoryStore.open(link, utc_now=wall)
    assert str(caught.value) == (
        f"{link} is a symbolic link (to {target}), not the history file CouchTimer keeps there. "
        "CouchTimer does not follow links nor change such files; nothing was changed. Move it "
        "away (CouchTimer then starts a new history), or open the real file with --db PATH."
    )
    assert oct(target.stat().st_mode & 0o777) == "0o644"
    assert target.read_text() == "root:x:0:0:root:/root:/bin/bash\n"
    assert sorted(p.name for p in folder.iterdir()) == ["history.db"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "passwd"]


def test_a_link_at_the_wal_path_is_refused(tmp_path: Path, wall: FakeWallClock) -> None:
    db_path = tmp_path / "history.db"
    _history_with_one_run(db_path, wall)
    target = tmp_path / "elsewhere"
    target.write_text("not yours\n")
    (tmp_path / "history.db-wal").symlink_to(target)
    with pytest.raises(StoreError, match=r"history\.db-wal is a symbolic link \(to "):
        HistoryStore.open(db_path, utc_now=wall)
    assert target.read_text() == "not yours\n"


def test_a_directory_at_the_history_path_is_refused_and_keeps_its_mode(
    tmp_path: Path, wall: FakeWallClock
) -> None:
    folder = tmp_path / "history.db"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    with pytest.raises(StoreError) as caught:
        HistoryStore.open(folder, utc_now=wall)
    assert str(caught.value).startswith(
        f"{folder} is a directory, not the history file CouchTimer keeps there."
    )
    assert oct(folder.stat().st_mode & 0o777) == "0o755"


def test_the_cli_refuses_a_link_with_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "target.db"
    target.write_bytes(b"")
    link = tmp_path / "history.db"
    link.symlink_to(target)
    done = subprocess.run(
        [sys.executable, "-m", "couchtimer", "history", "--db", str(link)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith(f"couchtimer: {link} is a symbolic link (to {target}),")
    assert "Traceback" not in done.stderr


@pytest.mark.root
def test_another_users_unreadable_history_says_so(shared_tmp: Path, wall: FakeWallClock) -> None:
    """root's 0600 history opened by 'nobody': it cannot be read, and chmod is not the remedy."""
    if os.geteuid() != 0:
        message = "needs a file of another user: run `make test-root` as root (CI does)"
        if os.environ.get("CI"):  # CI runs the root tests as root: never pass there by skipping
            pytest.fail(message)
        pytest.skip(message)
    folder = shared_tmp / "couchtimer"
    db_path = folder / "history.db"
    _history_with_one_run(db_path, wall)
    before = _digest(db_path)
    assert oct(folder.stat().st_mode & 0o777) == "0o700"  # as CouchTimer makes it
    with as_nobody(), pytest.raises(StoreError) as caught:
        HistoryStore.open(db_path, utc_now=wall, read_only_ok=True)
    assert str(caught.value) == (
        f"The folder {folder} belongs to user root, and you (user nobody) may not read it. If "
        f"it is yours from a CouchTimer run with sudo, give it back: sudo chown -R $USER "
        f"{folder}. Otherwise use your own history (--db PATH)."
    )
    folder.chmod(0o755)  # the folder open to others, the file still 0600
    with as_nobody(), pytest.raises(StoreError) as caught:
        HistoryStore.open(db_path, utc_now=wall, read_only_ok=True)
    assert str(caught.value) == (
        f"The history file {db_path} belongs to user root, and you (user nobody) may not read "
        f"it. If it is yours from a CouchTimer run with sudo, give it back: sudo chown -R $USER "
        f"{folder}. Otherwise use your own history (--db PATH)."
    )
    assert _digest(db_path) == before
    assert sorted(p.name for p in folder.iterdir()) == ["history.db"]


def _commands(out: Path) -> list[list[str]]:
    return [
        ["history", "--json"],
        ["export", "-o", str(out / "all.json")],
        ["report", "-o", str(out / "report.pdf")],
    ]


def _check_read_only_output(argv: list[str], db_path: Path, code: int, out: str, err: str) -> None:
    assert code == 0, (argv, err)
    assert err.startswith(f"couchtimer: The history file {db_path} is open read-only: "), err
    assert "It is shown as it is; nothing can be added to it until it can be written.\n" in err
    if argv[0] == "history":
        assert len(json.loads(out.splitlines()[-1])["runs"]) == 1


def _check_outputs(out: Path) -> None:
    (run,) = json.loads((out / "all.json").read_text())["runs"]
    assert run["week"] == 4
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF")


def test_an_unwritable_history_is_shown_read_only(
    qapp: QApplication, shared_tmp: Path, wall: FakeWallClock, capfd: pytest.CaptureFixture[str]
) -> None:
    """A history file and folder without write permission: history, export and report read it
    (they refused before), and nothing changes. As root, as 'nobody' (root may write anything).
    ``qapp`` first: ``report`` run in this process would otherwise leave a QGuiApplication that
    later widget tests in the same process cannot replace with a QApplication."""
    from couchtimer import cli

    folder = shared_tmp / "couchtimer"
    folder.mkdir()
    db_path = folder / "history.db"
    _history_with_one_run(db_path, wall)
    out = shared_tmp / "out"
    out.mkdir(mode=0o777)
    out.chmod(0o777)
    # Each command once on a copy first: as 'nobody' the Python install (root's, on some
    # machines) may not be readable, so everything the commands load is loaded now.
    warm = shared_tmp / "warm"
    warm.mkdir()
    _history_with_one_run(warm / "history.db", wall)
    for argv in _commands(warm):
        assert cli.main([*argv, "--db", str(warm / "history.db")]) == 0
    capfd.readouterr()
    folder.chmod(0o755)
    db_path.chmod(0o644)
    before = _digest(db_path)
    for argv in _commands(out):
        with unwritable(folder, db_path):
            code = cli.main([*argv, "--db", str(db_path)])
        captured = capfd.readouterr()
        _check_read_only_output(argv, db_path, code, captured.out, captured.err)
    _check_outputs(out)
    assert _digest(db_path) == before


@pytest.mark.root
def test_a_history_on_read_only_media_is_shown(
    shared_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only file system (a backup disk, say): the reading commands and the app's
    History open it read-only, with no -shm file to make."""
    with small_tmpfs(shared_tmp / "media") as media:
        db_path = media / "couchtimer" / "history.db"
        _history_with_one_run(db_path, FakeWallClock(START))
        done = subprocess.run(["mount", "-o", "remount,ro", str(media)], check=False)
        assert done.returncode == 0
        assert sorted(p.name for p in db_path.parent.iterdir()) == ["history.db"]
        before = _digest(db_path)
        out = shared_tmp / "out"
        out.mkdir()
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        for argv in _commands(out):
            ran = subprocess.run(
                [sys.executable, "-m", "couchtimer", *argv, "--db", str(db_path)],
                env=env, capture_output=True, text=True, timeout=120, check=False,
            )  # fmt: skip
            _check_read_only_output(argv, db_path, ran.returncode, ran.stdout, ran.stderr)
        _check_outputs(out)
        from couchtimer.ui.app import _open_store

        monkeypatch.setenv("XDG_DATA_HOME", str(media))
        store, problem = _open_store()
        assert store is not None
        try:
            assert store.read_only is not None
            assert len(store.load_runs()) == 1
            assert problem == (
                f"{store.read_only} Each run is kept aside and added once it can be written."
            )
        finally:
            store.close()
        assert _digest(db_path) == before
