"""Two CouchTimers opening a new history file at once: the one SQLite answers "locked" without
waiting (switching the file to WAL while the other holds the write lock) waits its turn instead
of giving up, as the eight-first-starts race test showed once in CI."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from couchtimer.store import HistoryStore


def test_opening_waits_for_another_writer_while_the_file_turns_to_wal(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # the other CouchTimer holds the write lock on a new file
    release = threading.Timer(0.5, lambda: (other.execute("COMMIT"), other.close()))
    release.start()
    began = time.monotonic()
    try:
        with HistoryStore.open(path, backups=False) as store:
            waited = time.monotonic() - began
            mode = store.connection.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        release.join()
    assert mode == "wal"
    assert waited >= 0.4
