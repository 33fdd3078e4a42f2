"""The answer "I have been seen by a doctor or physio" in the real app is kept in the history file
(``store/facts.py``): ``couchtimer history --db`` and the next start of the app see the hold
lifted; and the moment an older CouchTimer kept in settings.ini comes into the history file at
the first start of this one. Driven by keys and clicks as a runner does (tests/helpers/desktop.py).
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

from tests.helpers.desktop import Desktop
from tests.helpers.histories import red_flag_history
from tests.helpers.paths import ROOT

MAIN = re.compile("^CouchTimer$")
ON_HOLD = re.compile("^On hold until the urgent advice below is followed")
SEEN_BUTTON = "I have been seen by a doctor or physio"
SEEN_QUESTION = re.compile("^Seen by a doctor or physio\\?( — CouchTimer)?$")
V4 = ROOT / "tests" / "data" / "store" / "history-v4.db"  # W4R1 answered yes to "fever"


def history_file(desktop: Desktop) -> Path:
    return desktop.home / ".local" / "share" / "couchtimer" / "history.db"


def facts(path: Path) -> dict[str, str]:
    """What the history file keeps, read as another program would (the app has it open)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT name, value FROM history_facts").fetchall())
    finally:
        conn.close()


def older_version_files(desktop: Desktop, ini: bytes) -> Path:
    """What an older CouchTimer left: the schema-4 history (0600 in a 0700 folder) and a
    settings.ini of these bytes; returns the history file."""
    db = history_file(desktop)
    db.parent.mkdir(parents=True, mode=0o700)
    shutil.copyfile(V4, db)
    db.chmod(0o600)
    settings = desktop.home / ".config" / "couchtimer" / "settings.ini"
    settings.parent.mkdir(parents=True, mode=0o700)
    settings.write_bytes(ini)
    return db


def guidance_of(desktop: Desktop, db: Path) -> str:
    done = desktop.cli("history", "--db", str(db), "--json")
    return str(json.loads(done.stdout)["guidance"]["action"])


def test_seen_in_the_app_is_kept_in_the_history_file(desktop: Desktop) -> None:
    desktop.step("a red-flag answer holds Today")
    desktop.start_app(history=red_flag_history(desktop.workdir))
    desktop.wait_text(ON_HOLD, window=MAIN)
    db = history_file(desktop)
    assert guidance_of(desktop, db) == "urgent"

    desktop.step("the runner says a doctor or physio has seen them")
    desktop.click(desktop.find("push button", SEEN_BUTTON, window=MAIN))
    desktop.wait_window(SEEN_QUESTION)
    desktop.wait_text(re.compile("^Has a doctor or physiotherapist checked"), window=SEEN_QUESTION)
    desktop.screenshot("seen-question")
    desktop.key("alt+y", window=SEEN_QUESTION)
    desktop.wait_no_window(SEEN_QUESTION)
    desktop.wait_for(lambda: desktop.absent(name=ON_HOLD, window=MAIN), "the hold lifted")
    desktop.wait_for(lambda: desktop.absent(name=SEEN_BUTTON, window=MAIN), "no seen button")
    desktop.screenshot("today-after-seen")
    desktop.assert_no_error()

    desktop.step("the command line, given the file, sees it lifted; the export carries it")
    assert set(facts(db)) == {"red_flags_cleared_at", "carried/red_flags_cleared_at"}
    assert guidance_of(desktop, db) != "urgent"
    exported = desktop.workdir / "runs.json"
    desktop.cli("export", "--db", str(db), "--format", "json", "-o", str(exported))
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert document["red_flags_cleared_at"] == facts(db)["red_flags_cleared_at"]

    desktop.step("the next start of the app: still lifted")
    desktop.menu("File", "Quit")
    desktop.start_again()
    desktop.wait_text(re.compile("^Next: "), window=MAIN)
    assert desktop.absent(name=ON_HOLD, window=MAIN)
    assert desktop.absent(name=SEEN_BUTTON, window=MAIN)
    desktop.screenshot("today-after-restart")
    desktop.assert_no_error()


def test_an_older_versions_settings_ini_moment_is_carried_at_the_first_start(
    desktop: Desktop,
) -> None:
    desktop.step("what an older CouchTimer left: a schema-4 history and the moment in the ini")
    db = older_version_files(
        desktop, b"[General]\nred_flags_cleared_at=2026-03-05T09:30:00+00:00\nvolume=40\n"
    )

    desktop.step("the first start: no hold, the moment now in the history file")
    desktop.launch()
    desktop.wait_window(MAIN)
    desktop.wait_text(
        re.compile("^Rest, and see a GP or physiotherapist before your next run"), window=MAIN
    )
    assert desktop.absent(name=ON_HOLD, window=MAIN)
    desktop.screenshot("today-carried")
    assert facts(db)["red_flags_cleared_at"] == "2026-03-05T09:30:00.000000+00:00"
    assert "carried/red_flags_cleared_at" in facts(db)
    desktop.assert_no_error()


def test_a_settings_ini_that_is_not_utf8_still_starts_with_the_hold_decided(
    desktop: Desktop,
) -> None:
    """A damaged settings.ini (not UTF-8) must not stop the start-up checks: the red-flag hold
    of the history file is shown, nothing is carried, and no error box comes up."""
    desktop.step("a schema-4 history with a fever answer, and a settings.ini that is not UTF-8")
    db = older_version_files(
        desktop, b"[General]\nred_flags_cleared_at=\xff\xfe2026-03-05\nvolume=40\n"
    )

    desktop.step("the start: the hold is decided from the history file")
    desktop.launch()
    desktop.wait_window(MAIN)
    desktop.wait_text(ON_HOLD, window=MAIN)
    desktop.screenshot("today-damaged-ini")
    assert "red_flags_cleared_at" not in facts(db)
    desktop.assert_no_error()
