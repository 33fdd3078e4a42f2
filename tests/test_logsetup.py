"""Bugs are written to a private log file, and the runner is told where it is."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from couchtimer import logsetup


def test_log_file_is_private_and_receives_tracebacks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An uncaught error lands in the 0600 log with its traceback; stderr names the file."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(logsetup, "_configured", None)
    logger = logging.getLogger("couchtimer")
    handlers = list(logger.handlers)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    try:
        path = logsetup.setup_logging()
        assert path == tmp_path / "state" / "couchtimer" / "log" / "couchtimer.log"
        assert path.stat().st_mode & 0o777 == 0o600
        assert logsetup.setup_logging() == path  # once per process
        logsetup.install_excepthook()
        try:
            raise ValueError("boom")
        except ValueError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
        for handler in logger.handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        assert "uncaught exception" in text
        assert 'raise ValueError("boom")' in text
        err = capsys.readouterr().err
        assert "Something went wrong inside CouchTimer (ValueError: boom)" in err
        assert str(path) in err
    finally:
        for handler in logger.handlers:
            if handler not in handlers:
                logger.removeHandler(handler)
                handler.close()


def test_excepthook_shows_the_message_in_the_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """In the app the message goes to a dialog (here a list) instead of stderr."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    shown: list[str] = []
    logsetup.install_excepthook(shown.append)
    try:
        raise KeyError("k")
    except KeyError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    assert len(shown) == 1
    assert shown[0].startswith("Something went wrong inside CouchTimer (KeyError: 'k').")


def _history_with_a_bad_row(db_path: Path) -> None:
    """A row no CouchTimer writes (a start time that is not a time): reading it is a bug path."""
    from couchtimer.store import HistoryStore

    HistoryStore.open(db_path).close()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            "INSERT INTO runs (uuid, programme_id, week, run, planned, started_at, status,"
            " app_version) VALUES ('u', 'nhs-c25k', 1, 1, '[]', 'not a time', 'completed', '1')"
        )
    conn.close()


@pytest.mark.slow
def test_a_command_line_crash_is_logged_and_named_in_one_line(tmp_path: Path) -> None:
    """`couchtimer history` meeting an unexpected error: no traceback on the terminal, one
    line naming the log file, and the traceback in that 0600 file."""
    db_path = tmp_path / "history.db"
    _history_with_a_bad_row(db_path)
    state = tmp_path / "state"
    env = {**os.environ, "XDG_STATE_HOME": str(state)}
    done = subprocess.run(
        [sys.executable, "-m", "couchtimer", "history", "--db", str(db_path)],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    log_file = state / "couchtimer" / "log" / "couchtimer.log"
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("couchtimer: Something went wrong inside CouchTimer (ValueError")
    assert done.stderr.endswith(
        f"Your runs are kept. Details were written to {log_file}; please send that file with "
        "a short note of what you were doing.\n"
    )
    text = log_file.read_text(encoding="utf-8")
    assert "uncaught exception\nTraceback (most recent call last):" in text
    assert "ValueError" in text
    assert oct(log_file.stat().st_mode & 0o777) == "0o600"


def test_the_state_and_log_folders_are_private(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """$XDG_STATE_HOME/couchtimer was 0755 (only log/ was 0700)."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(logsetup, "_configured", None)
    logger = logging.getLogger("couchtimer")
    handlers = list(logger.handlers)
    old_mask = os.umask(0o022)
    try:
        path = logsetup.setup_logging()
    finally:
        os.umask(old_mask)
        for handler in logger.handlers:
            if handler not in handlers:
                logger.removeHandler(handler)
                handler.close()
    assert path == tmp_path / "state" / "couchtimer" / "log" / "couchtimer.log"
    assert oct((tmp_path / "state" / "couchtimer").stat().st_mode & 0o777) == "0o700"
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
