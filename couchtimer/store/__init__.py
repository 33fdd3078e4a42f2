"""The run history in one SQLite file: schema migrations, the recorder, backups, export/import."""

from couchtimer.store.database import HistoryStore, default_db_path
from couchtimer.store.errors import StoreError
from couchtimer.store.recorder import SqliteRecorder

__all__ = ["HistoryStore", "SqliteRecorder", "StoreError", "default_db_path"]
