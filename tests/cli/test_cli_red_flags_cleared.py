"""``history``, ``next`` and ``report`` take "seen by a doctor or physio" from the history file
they are given (``--db``), not from settings.ini; ``export``/``import`` carry it; a settings.ini
from an older CouchTimer is carried into each history file once. The real command each time
(tests/helpers/cli.py), on a copy of the schema-4 history (its W4R1 answered yes to "fever")."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from couchtimer.store import HistoryStore
from couchtimer.store.facts import clear_red_flags, red_flags_cleared_at
from tests.helpers.cli import couchtimer
from tests.helpers.desktop import pdf_text
from tests.helpers.paths import ROOT
from tests.helpers.stored import START

V4 = ROOT / "tests" / "data" / "store" / "history-v4.db"
OLD_EXPORT = ROOT / "tests" / "data" / "import" / "two-runs.json"  # made before the field
SEEN_TEXT = "2026-03-05T09:30:00.000000+00:00"  # after the fever answer (2 March)


def v4_copy(folder: Path, name: str = "history.db") -> Path:
    path = folder / name
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(V4, path)
    return path


def old_ini(home: Path, value: str) -> Path:
    """settings.ini as an older CouchTimer left it (QSettings' INI, the moment under General)."""
    folder = home / "xdg_config_home" / "couchtimer"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "settings.ini"
    path.write_text(f"[General]\nred_flags_cleared_at={value}\nvolume=40\n", encoding="utf-8")
    return path


def run_json(*args: str, home: Path) -> dict[str, Any]:
    done = couchtimer(*args, "--json", home=home)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def held(db: Path, home: Path) -> tuple[str, str]:
    """What ``history`` and ``next`` say to do, by action: "urgent" while the hold stands,
    else "rest" (W4R2 reached 8/10)."""
    history = run_json("history", "--db", str(db), home=home)
    upcoming = run_json("next", "--db", str(db), home=home)
    return history["guidance"]["action"], upcoming["advice"]["action"]


def facts_in(db: Path) -> dict[str, str]:
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT name, value FROM history_facts").fetchall())
    finally:
        conn.close()


def test_history_and_next_read_the_moment_of_the_file_given(tmp_path: Path) -> None:
    """Two files, one cleared: each command follows the file it is given, whatever the other."""
    home = tmp_path / "home"
    held_db = v4_copy(tmp_path / "a")
    cleared_db = v4_copy(tmp_path / "b")
    assert held(cleared_db, home) == ("urgent", "urgent")
    with HistoryStore.open(cleared_db, utc_now=lambda: START) as store:
        clear_red_flags(store, START)  # what Today's button does
    assert held(cleared_db, home) == ("rest", "rest")
    assert held(held_db, home) == ("urgent", "urgent")
    shown = couchtimer("history", "--db", str(cleared_db), home=home).stdout.splitlines()
    # no longer urgent, and never weaker than W4R2's 8/10 asks for
    assert "Suggestion: Rest, and see a GP or physiotherapist before your next run." in shown


def test_a_moment_before_the_red_flag_run_lifts_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    db = v4_copy(tmp_path)
    old_ini(home, "2026-03-02T06:59:59+00:00")  # a second before W4R1 started
    assert held(db, home) == ("urgent", "urgent")
    assert facts_in(db)["red_flags_cleared_at"] == "2026-03-02T06:59:59.000000+00:00"


def test_an_older_ini_moment_is_carried_once_into_the_file(tmp_path: Path) -> None:
    """The first command to open the file copies the ini's moment in (the hold lifts); after
    that the ini is not read for it: a changed ini changes nothing."""
    home = tmp_path / "home"
    db = v4_copy(tmp_path)
    ini = old_ini(home, "2026-03-05T11:30:00+02:00")
    assert held(db, home) == ("rest", "rest")
    assert facts_in(db)["red_flags_cleared_at"] == SEEN_TEXT
    assert set(facts_in(db)) == {"red_flags_cleared_at", "carried/red_flags_cleared_at"}
    ini.write_text("[General]\nvolume=40\n", encoding="utf-8")
    assert held(db, home) == ("rest", "rest")
    ini.unlink()
    another = v4_copy(tmp_path, "another.db")  # an older install's other file, no ini now
    assert held(another, home) == ("urgent", "urgent")


def test_report_says_the_urgent_advice_only_while_the_file_holds(tmp_path: Path) -> None:
    home = tmp_path / "home"
    db = v4_copy(tmp_path)
    pdf = tmp_path / "report.pdf"
    done = couchtimer("report", "--db", str(db), "-o", str(pdf), home=home)
    assert done.returncode == 0, done.stderr
    _pages, text = pdf_text(pdf)
    assert "Please do not run again yet: seek urgent medical help" in text
    with HistoryStore.open(db, utc_now=lambda: START) as store:
        clear_red_flags(store, START)
    done = couchtimer("report", "--db", str(db), "-o", str(pdf), home=home)
    assert done.returncode == 0, done.stderr
    _pages, text = pdf_text(pdf)
    assert "Please do not run again yet" not in text


def test_export_and_import_carry_the_moment_and_keep_the_later(tmp_path: Path) -> None:
    home = tmp_path / "home"
    source = v4_copy(tmp_path / "from")
    with HistoryStore.open(source, utc_now=lambda: START) as store:
        clear_red_flags(store, START)
    exported = tmp_path / "runs.json"
    done = couchtimer(
        "export", "--db", str(source), "--format", "json", "-o", str(exported), home=home
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(exported.read_text(encoding="utf-8"))["red_flags_cleared_at"] == (
        "2026-11-27T07:30:00.000000+00:00"
    )
    target = tmp_path / "to" / "history.db"
    assert couchtimer("import", str(exported), "--db", str(target), home=home).returncode == 0
    assert held(target, home) == ("rest", "rest")
    # an export from before the field: its runs come in, the moment stays as it was
    done = couchtimer("import", str(OLD_EXPORT), "--db", str(target), home=home)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Imported 2 runs from {OLD_EXPORT}; 0 were already in the history.\n"
    with HistoryStore.open(target, utc_now=lambda: START) as store:
        assert red_flags_cleared_at(store) == START
        clear_red_flags(store, START.replace(year=2027))
    # the earlier moment of the first file does not win over the later one here
    assert couchtimer("import", str(exported), "--db", str(target), home=home).returncode == 0
    assert facts_in(target)["red_flags_cleared_at"] == "2027-11-27T07:30:00.000000+00:00"


def test_an_import_says_when_it_lifts_the_hold_and_never_keeps_a_future_moment(
    tmp_path: Path,
) -> None:
    """The later moment of an import is kept and said in words; one after now (a hand-edited
    file, a fast clock) is not kept, so the red-flag answer still holds."""
    home = tmp_path / "home"
    document = json.loads(OLD_EXPORT.read_text(encoding="utf-8"))
    target = v4_copy(tmp_path / "to")
    future = tmp_path / "future.json"
    future.write_text(
        json.dumps({**document, "red_flags_cleared_at": "2100-12-31T00:00:00+00:00"}),
        encoding="utf-8",
    )
    done = couchtimer("import", str(future), "--db", str(target), home=home)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Imported 2 runs from {future}; 0 were already in the history.\n"
    assert "red_flags_cleared_at" not in facts_in(target)
    assert held(target, home) == ("urgent", "urgent")
    seen = tmp_path / "seen.json"
    seen.write_text(json.dumps({**document, "red_flags_cleared_at": SEEN_TEXT}), encoding="utf-8")
    done = couchtimer("import", str(seen), "--db", str(target), home=home)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"Imported 0 runs from {seen}; 2 were already in the history.\n"
        "It also says a doctor or physio saw you on 05 Mar 2026 09:30 UTC: red-flag answers "
        "from runs before then no longer hold the programme.\n"
    )
    assert held(target, home) == ("rest", "rest")


def test_a_settings_ini_that_is_not_utf8_is_read_as_empty(tmp_path: Path) -> None:
    """A damaged settings.ini (not UTF-8) carries nothing and crashes nothing: the commands
    read the hold from the history file as it is."""
    home = tmp_path / "home"
    ini = old_ini(home, SEEN_TEXT)
    ini.write_bytes(b"[General]\nred_flags_cleared_at=\xff\xfe2026\nvolume=40\n")
    db = v4_copy(tmp_path / "data")
    assert held(db, home) == ("urgent", "urgent")
    done = couchtimer("history", "--db", str(db), home=home)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
