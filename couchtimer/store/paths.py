"""Where the history file lives (kept apart so the CLI can name it without loading sqlite3)."""

from __future__ import annotations

from pathlib import Path

import platformdirs


def default_db_path() -> Path:
    """``$XDG_DATA_HOME/couchtimer/history.db`` (``~/.local/share/couchtimer`` by default)."""
    return Path(platformdirs.user_data_dir("couchtimer", appauthor=False)) / "history.db"
