"""``couchtimer history`` and ``couchtimer report`` read a real history file."""

from __future__ import annotations

import gc
import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from couchtimer.cli import main
from couchtimer.core.demo import seed_story
from couchtimer.programmes import resolve_programme
from couchtimer.store import HistoryStore
from couchtimer.store.rows import insert_run
from tests.helpers.cli import python_script

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A history file holding the seed story (27 runs, pain fixed after W7R2)."""
    path = tmp_path / "history.sqlite"
    store = HistoryStore.open(path, backups=False)
    try:
        with store.transaction() as conn:
            for run in seed_story(resolve_programme("nhs-c25k"), START, fixed_after="W7R2"):
                insert_run(conn, run)
    finally:
        store.close()
    return path


def test_history_json_last_runs(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--json --last 3 gives the three most recent runs, oldest first, with their pain."""
    assert main(["history", "--db", str(db), "--json", "--last", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["code"] for r in data["runs"]] == ["W9R1", "W9R2", "W9R3"]
    assert data["runs"][0]["worst_during"] == 0
    assert data["guidance"]["rule"] == "progress"


def test_history_text(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The table lists every run and ends with the findings, the suggestion and the disclaimer."""
    assert main(["history", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len([line for line in lines if "completed" in line]) == 27
    assert (
        "20 Mar 2026 W4R2   completed                 6     1     0  4 (4/0)           lower back"
        in lines
    )
    assert "  - Pain stopped after W7R2 on 4 Apr 2026: none in the 7 runs since." in lines
    assert lines[-1] == "CouchTimer is not medical advice."


def test_history_of_an_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A new history file says what to do."""
    assert main(["history", "--db", str(tmp_path / "new.sqlite")]) == 0
    assert capsys.readouterr().out == "No runs recorded yet. Record a run to see it here.\n"


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_report_for_a_date_range(
    qapp: QApplication, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--from/--to keep whole days; the PDF holds only those runs."""
    out = tmp_path / "physio.pdf"
    code = main(
        ["report", "-o", str(out), "--db", str(db), "--from", "2026-03-18", "--to", "2026-03-21"]
    )
    assert code == 0
    assert capsys.readouterr().out == f"Wrote {out} (4 pages, 3 runs).\n"
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Runs from 18 Mar 2026 to 21 Mar 2026." in text
    assert "Runs recorded" in text
    assert "W4R3" in text
    assert "W5R1" not in text
    assert gc.isenabled()  # the cycle collector, off while the report is made, is back


def test_report_leaves_the_cycle_collector_as_it_found_it(
    qapp: QApplication, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Off while the report is made (nothing made there is garbage before the end); a caller
    that had it off keeps it off."""
    gc.disable()
    try:
        assert main(["report", "-o", str(tmp_path / "r.pdf"), "--db", str(db)]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert capsys.readouterr().out.startswith("Wrote ")


# A child process that leaves an object in a reference cycle (its __del__ writes to stderr) to
# the interpreter's last collection, then runs the real ``couchtimer`` command given to it.
LAST_COLLECTION_PROBE = """\
import gc, os, runpy, sys
gc.disable()  # nothing collected before the end
class Garbage:
    def __del__(self, write=os.write):
        write(2, b"collected at exit\\n")
garbage = Garbage()
garbage.me = garbage
del garbage
sys.argv = ["couchtimer", *sys.argv[1:]]
runpy.run_module("couchtimer", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize(("command", "walked"), [("report", False), ("history", True)])
def test_the_report_leaves_what_it_made_to_the_process_end(
    db: Path, tmp_path: Path, command: str, walked: bool
) -> None:
    """The real ``couchtimer report``: what is there once the PDF is written dies with the
    process, left out of the interpreter's last collection (which would walk every object only
    to free them); ``history`` keeps that collection, which the probe sees."""
    args = [command, "--db", str(db)] + (
        ["-o", str(tmp_path / "r.pdf")] if command == "report" else []
    )
    done = python_script(LAST_COLLECTION_PROBE, *args, home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert ("collected at exit" in done.stderr) is walked
    if command == "report":
        assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
        assert done.stdout.startswith(f"Wrote {tmp_path / 'r.pdf'} (")


def test_report_dates_in_the_wrong_order(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--from after --to is a clear error with exit code 2 and no file."""
    out = tmp_path / "r.pdf"
    code = main(
        ["report", "-o", str(out), "--db", str(db), "--from", "2026-04-01", "--to", "2026-03-01"]
    )
    assert code == 2
    assert (
        capsys.readouterr().err
        == "couchtimer: --from 2026-04-01 is after --to 2026-03-01; swap them\n"
    )
    assert not out.exists()


def test_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A date that is not YYYY-MM-DD is refused by the argument parser (exit code 2)."""
    with pytest.raises(SystemExit) as exc:
        main(["report", "-o", "r.pdf", "--from", "18/03/2026"])
    assert exc.value.code == 2
    assert "'18/03/2026' is not a date; write it as YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
@pytest.mark.parametrize("command", ["history", "history --json", "report"])
def test_history_and_report_say_where_a_damaged_file_went(
    qapp: QApplication, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A damaged history file is moved aside on opening: history and report say where it went
    and how to restore a backup (on stderr, so --json output stays valid JSON)."""
    db = tmp_path / "history.sqlite"
    db.write_text("These are my running notes, not a database.\n" * 50)
    args = [*command.split(), "--db", str(db)]
    if command == "report":
        args += ["-o", str(tmp_path / "r.pdf")]
    assert main(args) == 0
    (moved,) = tmp_path.glob("history.sqlite.broken-*")
    captured = capsys.readouterr()
    assert captured.err == (
        f"The history file was damaged and has been moved to {moved}; a fresh one was started. "
        "Restore a backup with: couchtimer restore BACKUP\n"
    )
    if command == "history --json":
        assert json.loads(captured.out)["runs"] == []


def test_next_prints_what_today_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12, defect 3: W4R1-W4R3 recorded (W1-W3 never here): next is W5R1, not W1R1."""
    from couchtimer.core.demo import make_run
    from couchtimer.core.pain import PainReport

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    programme = resolve_programme("nhs-c25k")
    path = tmp_path / "history.sqlite"
    store = HistoryStore.open(path, backups=False)
    try:
        with store.transaction() as conn:
            for day, run in enumerate((1, 2, 3)):
                workout = programme.workout(4, run)
                when = START + timedelta(days=2 * day)
                insert_run(
                    conn, make_run(day + 1, programme.id, workout, when, (), PainReport(True))
                )
    finally:
        store.close()
    assert main(["next", "--db", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "programme": "nhs-c25k",
        "week": 5,
        "run": 1,
        "code": "W5R1",
        "advice": {
            "action": "progress",
            "suggestion": "Go on to W5R1.",
            "reason": "Pain was 0/10 on W4R3: 0-2 is fine.",
        },
    }
    assert main(["next", "--db", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        "Next: week 5, run 1 (W5R1) of NHS Couch to 5K",
        "Go on to W5R1.",
    ]


def test_next_with_nothing_recorded_takes_the_week_the_runner_gave(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config" / "couchtimer"
    config.mkdir(parents=True)
    (config / "settings.ini").write_text("[start_week]\nnhs-c25k=4\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert main(["next", "--db", str(tmp_path / "history.sqlite"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["code"], data["advice"]["suggestion"]) == (
        "W4R1",
        "Start with W4R1 when you are ready.",
    )


def test_the_advice_log_travels_with_an_export_and_shows_in_history(tmp_path: Path) -> None:
    """The real commands: an export with an advice log imports with it; `history` lists it
    newest first, naming what lifted the earlier rest; `export` writes it back out."""
    from tests.helpers.cli import couchtimer
    from tests.helpers.paths import ROOT

    seed = ROOT / "tests" / "data" / "import" / "advice-log.json"
    home = tmp_path / "home"
    assert couchtimer("import", str(seed), home=home).returncode == 0
    shown = couchtimer("history", home=home).stdout.splitlines()
    start = shown.index("What CouchTimer suggested, and when (newest first):")
    assert shown[start + 1].startswith("  - 25 Mar 2026 after W4R1: Go on to W4R2. (progress) ")
    assert shown[start + 1].endswith(
        "lifted because you confirmed being seen by a doctor or physio on 24 Mar 2026."
    )
    assert shown[start + 2] == (
        "  - 18 Mar 2026 after W4R1: Rest, and see a GP or physiotherapist before your next run."
        " (over-limit)"
    )
    out = tmp_path / "again.json"
    assert couchtimer("export", "--format", "json", "-o", str(out), home=home).returncode == 0
    assert json.loads(out.read_text())["advice"] == json.loads(seed.read_text())["advice"]
