"""Where problems are written down: a private log file in the user's log dir.

Anything that is not a ``CouchTimerError`` is a bug; its traceback goes to
``$XDG_STATE_HOME/couchtimer/log/couchtimer.log`` (0600), so that a runner who started the app
from the menu, with no terminal, can still send it to us.
"""

from __future__ import annotations

import logging
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
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.touch(mode=0o600, exist_ok=True)
        path.chmod(0o600)
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
