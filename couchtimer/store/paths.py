"""Where the history file lives (kept apart so the CLI can name it without loading sqlite3)."""

from __future__ import annotations

from pathlib import Path

from couchtimer.userdirs import user_data_dir


def default_db_path() -> Path:
    """``$XDG_DATA_HOME/couchtimer/history.db`` (``~/.local/share/couchtimer`` by default)."""
    return user_data_dir() / "history.db"
