"""The real ``couchtimer history --json`` prints the same bytes whether it checked the file or
a stamp vouched for it, and a file damaged after its stamp is still moved aside, with the
same words as always (couchtimer.store.checked)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from couchtimer.core.demo import seed_story
from couchtimer.programmes import resolve_programme
from couchtimer.store import HistoryStore, checked
from couchtimer.store.rows import insert_run
from tests.helpers.cli import couchtimer
from tests.helpers.stored import START


def _history(home: Path) -> Path:
    db = home / "history.sqlite"
    with HistoryStore.open(db, backups=False) as store, store.transaction() as conn:
        for run in seed_story(resolve_programme("nhs-c25k"), START, fixed_after="W7R2"):
            insert_run(conn, run)
    return db


def _settled(db: Path) -> None:
    deadline = time.monotonic() + 10
    while True:
        looked = checked.seen(db)
        if looked is not None and checked.settled(looked, time.time_ns()):
            return
        assert time.monotonic() < deadline
        time.sleep(0.02)


def test_history_json_is_the_same_checked_or_vouched_for(tmp_path: Path) -> None:
    db = _history(tmp_path)
    stamp = tmp_path / "xdg_state_home" / "couchtimer" / checked.STAMP_NAME
    first = couchtimer("history", "--json", "--db", str(db), home=tmp_path)
    assert first.returncode == 0, first.stderr
    _settled(db)  # the first reading noted that settings.ini had nothing to carry in: a write
    outputs = []
    for _ in range(3):
        done = couchtimer("history", "--json", "--db", str(db), home=tmp_path)
        assert (done.returncode, done.stderr) == (0, "")
        outputs.append(done.stdout)
        assert checked.read(stamp) == (checked.seen(db),)
    assert outputs == [first.stdout] * 3
    assert len(json.loads(first.stdout)["runs"]) == 27


def test_a_file_damaged_after_its_stamp_is_moved_aside_as_before(tmp_path: Path) -> None:
    db = _history(tmp_path)
    couchtimer("history", "--db", str(db), home=tmp_path)
    _settled(db)
    couchtimer("history", "--db", str(db), home=tmp_path)
    stamp = tmp_path / "xdg_state_home" / "couchtimer" / checked.STAMP_NAME
    assert checked.read(stamp) == (checked.seen(db),)
    with db.open("r+b") as handle:  # every page after the first scrambled, same size
        handle.seek(4096)
        handle.write(os.urandom(db.stat().st_size - 4096))
    done = couchtimer("history", "--json", "--db", str(db), home=tmp_path)
    assert done.returncode == 0
    (moved,) = tmp_path.glob("history.sqlite.broken-*")
    assert done.stderr == (
        f"The history file was damaged and has been moved to {moved}; a fresh one was started. "
        "Restore a backup with: couchtimer restore BACKUP\n"
    )
    assert json.loads(done.stdout)["runs"] == []
