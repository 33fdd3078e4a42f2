"""Where export and report write (issue 13, items 7 and 8): no hidden copies of the health data
left behind, devices and FIFOs streamed to and never replaced, clear errors for odd names.

Through the real CLI in a subprocess, with real files, FIFOs and (as root) device nodes.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from couchtimer.core.demo import years_of_runs
from couchtimer.programmes import resolve_programme
from couchtimer.store import HistoryStore
from couchtimer.store.rows import insert_run
from couchtimer.store.transfer import import_history
from tests.helpers.cli import couchtimer, private_env

SEED = Path(__file__).resolve().parent.parent / "data" / "import" / "two-runs.json"
NEEDS_ROOT = pytest.mark.skipif(os.geteuid() != 0, reason="making device nodes (mknod) needs root")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "history.db"
    with HistoryStore.open(path, backups=False) as store:
        import_history(store, SEED)
    return path


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_export_to_a_folder_is_a_clear_error_and_leaves_no_copy(db: Path, tmp_path: Path) -> None:
    """``export -o SOMEDIR`` left ``.SOMEDIR.<pid>.tmp``, the whole history, at each attempt."""
    out = tmp_path / "out"
    folder = out / "somedir"
    folder.mkdir(parents=True)
    for _ in range(2):
        done = couchtimer("export", "-o", str(folder), "--db", str(db), home=tmp_path)
        assert done.returncode == 2
        assert done.stderr == (
            f"couchtimer: {folder} is a folder; give a file name in it, e.g. "
            f"-o {folder / 'history.json'}\n"
        )
    assert hidden(out) == []
    assert list(folder.iterdir()) == []


@pytest.mark.slow
def test_report_to_a_folder_or_nowhere_is_a_clear_error(db: Path, tmp_path: Path) -> None:
    """``report -o DIR`` was an IsADirectoryError traceback; ``export -o ""`` a ValueError."""
    out = tmp_path / "out"
    out.mkdir()
    done = couchtimer("report", "-o", str(out), "--db", str(db), home=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        f"couchtimer: {out} is a folder; give a file name in it, e.g. -o {out / 'report.pdf'}\n"
    )
    assert hidden(out) == []
    assert hidden(tmp_path) == []
    for command, example in (("export", "history.json"), ("report", "report.pdf")):
        done = couchtimer(command, "-o", "", "--db", str(db), home=tmp_path)
        assert done.returncode == 2
        assert done.stderr == (
            f"couchtimer: no file name given; name the file to write, e.g. -o {example}\n"
        )


def test_a_stale_temporary_file_is_removed_at_the_next_export(db: Path, tmp_path: Path) -> None:
    """What a killed export left (0600, named for a process that is gone) does not stay."""
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".history.json.4194305.couchtimer-tmp"  # over pid_max: no process
    stale.write_text("the whole history")
    stale.chmod(0o600)
    mine = out / f".history.json.{os.getpid()}.couchtimer-tmp"  # a live process: kept
    mine.write_text("in progress")
    done = couchtimer("export", "-o", str(out / "history.json"), "--db", str(db), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert hidden(out) == [mine.name]
    assert stat.S_IMODE((out / "history.json").stat().st_mode) == 0o600


@pytest.mark.slow
def test_a_killed_report_leaves_nothing_behind(tmp_path: Path) -> None:
    """Each report killed part-way left ``.couchtimer-report-*.pdf`` (mode 0600 or not)."""
    db = tmp_path / "big.db"
    with HistoryStore.open(db, backups=False) as store, store.transaction() as conn:
        start = datetime(2021, 1, 4, 7, tzinfo=UTC)
        for run in years_of_runs(resolve_programme("nhs-c25k"), start, count=600):
            insert_run(conn, run)
    out = tmp_path / "out"
    out.mkdir()
    args = [sys.executable, "-m", "couchtimer", "report", "-o", str(out / "r.pdf"), "--db", str(db)]
    started = time.monotonic()
    subprocess.run(args, env=private_env(tmp_path), check=True, capture_output=True, timeout=300)
    whole = time.monotonic() - started
    (out / "r.pdf").unlink()
    for fraction in (0.5, 0.7, 0.85, 0.95):
        process = subprocess.Popen(
            args, env=private_env(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(whole * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert hidden(out) == [], fraction
        assert [p.name for p in out.iterdir()] in ([], ["r.pdf"])


@pytest.mark.root  # run by make test-root
@NEEDS_ROOT
def test_export_streams_to_devices_and_never_replaces_them(db: Path, tmp_path: Path) -> None:
    """As root, exporting to a copy of /dev/full replaced the device node with the history."""
    null = tmp_path / "null"
    full = tmp_path / "full"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    done = couchtimer("export", "-o", str(null), "--db", str(db), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"Exported 2 runs to {null} (json).\n"
    done = couchtimer("export", "-o", str(full), "--db", str(db), home=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        f"couchtimer: CouchTimer cannot write {full}: No space left on device. "
        "Choose a folder that exists and that you may write to.\n"
    )
    for device, minor in ((null, 3), (full, 7)):
        info = device.lstat()
        assert stat.S_ISCHR(info.st_mode)
        assert os.minor(info.st_rdev) == minor
    assert hidden(tmp_path) == []


def test_export_to_a_fifo_and_to_stdout_streams(db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    done = couchtimer("export", "-o", str(fifo), "--db", str(db), home=tmp_path)
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [run["uuid"] for run in json.loads(received[0])["runs"]] == [
        "demo-nhs-c25k-000001",
        "demo-nhs-c25k-000010",
    ]
    done = couchtimer("export", "-o", "-", "--db", str(db), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["runs"]) == 2
    assert done.stderr == "Exported 2 runs to - (json).\n"


def test_export_does_not_write_through_a_link(db: Path, tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("not health data")
    link = tmp_path / "link.json"
    link.symlink_to(precious)
    done = couchtimer("export", "-o", str(link), "--db", str(db), home=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        f"couchtimer: {link} is a symbolic link; CouchTimer does not write through links to "
        "replace a file. Give the path of the file itself, or a new name.\n"
    )
    assert link.is_symlink()
    assert precious.read_text() == "not health data"


def test_export_replaces_a_regular_file_whole_and_private(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "history.json"
    target.write_text("old")
    target.chmod(0o644)
    done = couchtimer("export", "-o", str(target), "--db", str(db), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Exported 2 runs to {target} (json).\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(json.loads(target.read_text())["runs"]) == 2
    assert hidden(tmp_path) == []


@pytest.mark.parametrize("missing", ["O_TMPFILE", "proc"])
def test_without_unnamed_files_the_named_way_replaces_whole_and_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    """A file system or kernel without O_TMPFILE (or no /proc to name the file): a named 0600
    file beside the target takes the data and replaces it; nothing is left behind."""
    from couchtimer.store import output

    if missing == "O_TMPFILE":
        monkeypatch.delattr(os, "O_TMPFILE")
    else:

        def no_proc(fd: int, name: Path) -> None:  # as linkat finds no /proc/self/fd
            monkeypatch.setattr(output.Path, "is_dir", lambda self: False)
            raise FileNotFoundError(2, "No such file or directory", "/proc/self/fd")

        monkeypatch.setattr(output, "_name_unnamed", no_proc)
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)
    assert output.write_output(target, b"new content", "report.pdf") == "file"
    assert target.read_bytes() == b"new content"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert hidden(tmp_path) == []
