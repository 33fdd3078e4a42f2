"""Bugs are written to a private log file, and the runner is told where it is."""

from __future__ import annotations

import logging
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
