"""The run history in one SQLite file: schema migrations, the recorder, backups, export/import.

Names are loaded on first use (PEP 562), so that building the command line does not load sqlite3
and the whole store: the desktop app's start-up is measured against a bare Qt window.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from couchtimer.store.database import HistoryStore
    from couchtimer.store.errors import StoreError
    from couchtimer.store.paths import default_db_path
    from couchtimer.store.recorder import SqliteRecorder

__all__ = ["HistoryStore", "SqliteRecorder", "StoreError", "default_db_path"]

_HOMES = {
    "HistoryStore": "couchtimer.store.database",
    "SqliteRecorder": "couchtimer.store.recorder",
    "StoreError": "couchtimer.store.errors",
    "default_db_path": "couchtimer.store.paths",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'couchtimer.store' has no attribute {name!r}")
