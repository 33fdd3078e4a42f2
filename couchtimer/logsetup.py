"""Where problems are written down: a private log file in the user's log dir.

Anything that is not a ``CouchTimerError`` is a bug; its traceback goes to
``$XDG_STATE_HOME/couchtimer/log/couchtimer.log`` (0600), so that a runner who started the app
from the menu, with no terminal, can still send it to us.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

_configured: Path | None = None
log = logging.getLogger("couchtimer")


def log_path() -> Path:
    import platformdirs  # here, not at import: the app sets up its log after the window shows

    return Path(platformdirs.user_log_dir("couchtimer", appauthor=False)) / "couchtimer.log"


def setup_logging() -> Path | None:
    """Log INFO and above to the log file (once per process); None if the file cannot be made."""
    global _configured
    if _configured is not None:
        return _configured
    import logging.handlers

    path = log_path()
    try:
        _private_dirs(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o600)
        try:
            os.fchmod(fd, 0o600)
        finally:
            os.close(fd)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None  # logging must never stop a run
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    _configured = path
    return path


def _private_dirs(folder: Path) -> None:
    """``folder`` and its parent (``$XDG_STATE_HOME/couchtimer/log``: both ours) as 0700 dirs,
    never changing a link's target."""
    folder.parent.parent.mkdir(parents=True, exist_ok=True)  # $XDG_STATE_HOME: not ours
    for ours in (folder.parent, folder):
        with contextlib.suppress(FileExistsError):
            ours.mkdir(mode=0o700)
        info = ours.lstat()
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and info.st_mode & 0o077:
            ours.chmod(0o700)


def bug_message(error: BaseException) -> str:
    """One line for the runner: what broke and where the details are."""
    where = _configured or log_path()
    what = " ".join(f"{type(error).__name__}: {error}".split())
    return (
        f"Something went wrong inside CouchTimer ({what}). Your runs are kept. Details were "
        f"written to {where}; please send that file with a short note of what you were doing."
    )


def report_bug(error: BaseException) -> int:
    """A command failed with an unexpected error: its traceback to the log file, one line on
    stderr saying where; the exit code to return."""
    if setup_logging() is None:  # no log file: the traceback is all there is, so show it
        import traceback

        traceback.print_exception(error, file=sys.stderr)
        return 1
    log.error("uncaught exception", exc_info=(type(error), error, error.__traceback__))
    print(f"couchtimer: {bug_message(error)}", file=sys.stderr)
    return 1


def install_excepthook(show: Callable[[str], None] | None = None) -> None:
    """Log uncaught exceptions with their traceback; ``show`` tells the user where to find it."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        setup_logging()  # a crash before the app set up its log still reaches the file
        log.error("uncaught exception", exc_info=(kind, error, tb))
        where = _configured or log_path()
        message = (
            f"Something went wrong inside CouchTimer ({kind.__name__}: {error}). "
            f"Your runs are kept. Details were written to {where}; please send that file "
            "with a short note of what you were doing."
        )
        if show is not None:
            try:
                show(message)
                return
            except Exception:  # the dialog itself failed: fall back to stderr
                log.exception("could not show the error dialog")
        print(f"couchtimer: {message}", file=sys.stderr)

    sys.excepthook = hook
