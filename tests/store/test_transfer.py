"""Export to JSON/CSV and import: round trip, idempotence, validation, formula injection."""

from __future__ import annotations

import csv
import io
import json
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from couchtimer.cli import main
from couchtimer.cli.store_commands import offer_recovery
from couchtimer.core.engine import WorkoutEngine
from couchtimer.core.pain import (
    BodyArea,
    Character,
    Checkin,
    PainMark,
    PainReport,
    Region,
    Side,
    Terrain,
)
from couchtimer.formats.history_csv import history_csv, safe_cell
from couchtimer.store import HistoryStore, StoreError
from couchtimer.store.transfer import export_history, import_history
from tests.helpers.reports import full_report
from tests.helpers.stored import START, WORKOUT, die
from tests.helpers.stubs import FakeClock, FakeWallClock

REPORT = full_report(
    areas=(BodyArea(Region.LOWER_BACK, Side.BOTH),),
    onset_note="run 1 of 1, after about 10 s",
    characters=(Character.STABBING,),
    notes='=HYPERLINK("http://evil.example","click"), worse downhill',
)


def _fill(store: HistoryStore) -> None:
    """Three runs: with pain, report and check-in; with 'no discomfort'; one ended early."""
    for day, finish_early in ((0, False), (2, False), (4, True)):
        clock = FakeClock()
        started = START + timedelta(days=day)
        recorder = store.recorder(utc_now=lambda s=started: s + timedelta(minutes=1))
        engine = WorkoutEngine(WORKOUT, clock)
        recorder.start("nhs-c25k", WORKOUT, started)
        recorder.record_events(engine.start())
        if day == 0:
            handle = recorder.add_mark(PainMark(12_500, 1))
            recorder.update_mark(handle, 6)
            recorder.add_mark(PainMark(25_000, 1))
        if finish_early:
            recorder.record_events(engine.finish_early(clock.advance(15)))
        else:
            recorder.record_events(engine.tick(clock.advance(60)))
        run_id = recorder.run_id or 0
        if day == 0:
            store.save_report(run_id, REPORT)
            store.save_checkin(run_id, Checkin(2, 4, "-stiff"), started + timedelta(days=1))
        elif day == 2:
            store.save_report(run_id, PainReport(True, terrain=Terrain.FLAT))


@pytest.fixture
def filled(store: HistoryStore) -> HistoryStore:
    _fill(store)
    return store


def test_json_round_trip_equals_the_original(
    filled: HistoryStore, tmp_path: Path, wall: FakeWallClock
) -> None:
    """Export then import into an empty history gives the same runs, field for field."""
    target = tmp_path / "export.json"
    assert export_history(filled, target, "json", wall()) == 3
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with HistoryStore.open(tmp_path / "other" / "history.db", utc_now=wall) as other:
        result = import_history(other, target)
        assert (result.added, result.already_there) == (3, 0)
        assert other.load_runs() == filled.load_runs()


def test_import_twice_adds_nothing(
    filled: HistoryStore, tmp_path: Path, wall: FakeWallClock
) -> None:
    """The run uuid makes import idempotent, also into the history it came from."""
    target = tmp_path / "export.json"
    export_history(filled, target, "json", wall())
    before = filled.load_runs()
    result = import_history(filled, target)
    assert (result.added, result.already_there) == (0, 3)
    assert filled.load_runs() == before


def _broken_exports(good: dict[str, object]) -> list[tuple[str, str]]:
    runs = good["runs"]
    assert isinstance(runs, list)

    def with_run(index: int, **change: object) -> str:
        copy = json.loads(json.dumps(good))
        copy["runs"][index].update(change)
        return json.dumps(copy)

    first_mark = dict(runs[0]["marks"][0], intensity=14)
    return [
        ("{not json", "is not JSON (line 1, column 2"),
        (json.dumps({"format": "something-else"}), "is not a CouchTimer history export"),
        (json.dumps({**good, "version": 9}), "export format version 9"),
        (json.dumps({**good, "runs": {}}), "has no list of runs"),
        (with_run(1, status="paused"), "run 2 is not valid: 'paused' is not a valid RunStatus"),
        (with_run(2, marks=[first_mark]), "run 3 is not valid: pain intensity must be"),
        (with_run(0, uuid=""), "run 1 is not valid: every run needs its uuid"),
        (
            with_run(0, marks=[dict(first_mark, intensity=3, segment_index=4)]),
            "run 1 is not valid: a pain mark names segment 5 of 4",
        ),
        (
            with_run(1, segments=[dict(runs[1]["segments"][0], segment_index=9)]),
            "run 2 is not valid: a recorded segment names segment 10 of 4",
        ),
        (with_run(0, started_at="yesterday"), "run 1 is not valid: Invalid isoformat"),
        (with_run(1, uuid=runs[0]["uuid"]), "run 2 repeats uuid"),
        (json.dumps({**good, "runs": [{"uuid": "x"}]}), "run 1 has no 'segments'"),
    ]


def test_bad_file_changes_nothing_and_names_the_problem(
    filled: HistoryStore, tmp_path: Path, wall: FakeWallClock
) -> None:
    """Each damaged export is refused whole, with the file and the problem named."""
    good_file = tmp_path / "export.json"
    export_history(filled, good_file, "json", wall())
    good = json.loads(good_file.read_text())
    with HistoryStore.open(tmp_path / "empty" / "history.db", utc_now=wall) as empty:
        for text, message in _broken_exports(good):
            bad = tmp_path / "bad.json"
            bad.write_text(text)
            with pytest.raises(StoreError, match=str(bad)) as caught:
                import_history(empty, bad)
            assert message in str(caught.value)
            assert empty.count_runs() == 0
        with pytest.raises(StoreError, match="There is no file"):
            import_history(empty, tmp_path / "missing.json")


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-stiff", "'-stiff"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("fine = fine", "fine = fine"),
        (7, "7"),
        (None, ""),
        (True, "yes"),
    ],
)
def test_csv_cells_are_never_formulas(value: object, cell: str) -> None:
    """Cells a spreadsheet would run as a formula get a leading apostrophe."""
    assert safe_cell(value) == cell


def test_csv_has_a_row_per_run_and_per_mark(filled: HistoryStore) -> None:
    """Runs and marks in one sheet; the notes' formula arrives as text."""
    rows = list(csv.DictReader(io.StringIO(history_csv(filled.load_runs()))))
    assert [row["row"] for row in rows] == ["run", "mark", "mark", "run", "run"]
    first = rows[0]
    assert first["started_utc"] == "2026-11-27T07:30:00.000000+00:00"
    assert first["worst_pain"] == "6"
    assert first["areas"] == "Lower back (both sides)"
    # the dialog's words, not the stored values; one name for "pain now" in every layer
    assert (first["eased_in_walks"], first["character"], first["terrain"], first["surface"]) == (
        "Yes",
        "Stabbing",
        "Downhill",
        "Road or pavement",
    )
    assert first["intensity_after"] == "2"
    assert "pain_after" not in first
    assert first["notes"] == "'" + REPORT.notes
    assert first["morning_stiffness"] == "4"
    assert (rows[1]["mark_seconds"], rows[1]["mark_segment"], rows[1]["mark_segment_kind"]) == (
        "12.5",
        "2",
        "run",
    )
    assert rows[1]["mark_intensity"] == "6"
    assert rows[2]["mark_intensity"] == ""
    assert rows[3]["no_discomfort"] == "yes"
    assert (rows[3]["eased_in_walks"], rows[3]["terrain"], rows[3]["character"]) == ("", "Flat", "")
    assert rows[4]["status"] == "ended early"
    assert rows[4]["active_minutes"] == "0.2"


def test_cli_export_import_and_recover(
    filled: HistoryStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The commands work on a named history file and say what they did."""
    db = str(filled.path)
    csv_file = tmp_path / "runs.csv"
    assert main(["export", "--db", db, "-o", str(csv_file)]) == 0
    assert stat.S_IMODE(csv_file.stat().st_mode) == 0o600
    assert csv_file.read_text().startswith("row,run_uuid,started_utc")
    json_file = tmp_path / "runs.json"
    assert main(["export", "--db", db, "--format", "json", "-o", str(json_file)]) == 0
    other = str(tmp_path / "other.db")
    assert main(["import", "--db", other, str(json_file)]) == 0
    assert main(["import", "--db", other, str(json_file)]) == 0
    assert main(["recover", "--db", other]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"Exported 3 runs to {csv_file} (csv).",
        f"Exported 3 runs to {json_file} (json).",
        f"Imported 3 runs from {json_file}; 0 were already in the history.",
        f"Imported 0 runs from {json_file}; 3 were already in the history.",
        "No interrupted runs.",
    ]
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    assert main(["import", "--db", other, str(bad)]) == 2
    assert "is not a CouchTimer history export" in capsys.readouterr().err


def test_cli_recover_saves_an_interrupted_run(
    store: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    """`couchtimer recover` keeps what a killed run recorded, as ended early."""
    recorder = store.recorder()
    recorder.start("nhs-c25k", WORKOUT, START)
    recorder.add_mark(PainMark(3_000, 0, 4))
    die(store)  # the process dies here
    assert main(["recover", "--db", str(store.path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Saved what was done of W4R1 of nhs-c25k, started ")
    assert out.endswith(": 0 of 4 segments recorded, 1 pain marks.\n")
    with HistoryStore.open(store.path, backups=False) as again:
        (run,) = again.load_runs()
        assert run.status.value == "ended-early"
        assert run.marks == (PainMark(3_000, 0, 4),)


def test_cli_restore_and_backups(
    filled: HistoryStore, tmp_path: Path, wall: FakeWallClock, capsys: pytest.CaptureFixture[str]
) -> None:
    """`couchtimer backups` lists them; `couchtimer restore` says where the old file went."""
    db = filled.path
    filled.close()
    reopened = HistoryStore.open(db, utc_now=wall)
    backup = reopened.backup_path
    reopened.close()
    assert backup is not None
    assert main(["backups", "--db", str(db)]) == 0
    assert capsys.readouterr().out == f"{backup}\n"
    assert main(["restore", "--db", str(db), str(backup)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(
        f"The history file before the restore was kept as {db}.before-restore-"
    )
    assert lines[1] == f"Restored {backup}: the history now holds 3 runs."
    assert main(["restore", "--db", str(db), str(tmp_path / "nope.db")]) == 2
    assert "There is no backup file" in capsys.readouterr().err


def test_offer_recovery_asks_for_each_interrupted_run(db_path: Path, wall: FakeWallClock) -> None:
    """A terminal start offers 'Save what was done' (the default, Enter) or 'Discard'."""
    store = HistoryStore.open(db_path, utc_now=wall)
    for minutes in (0, 30):
        recorder = store.recorder()
        recorder.start("nhs-c25k", WORKOUT, START + timedelta(minutes=minutes))
        recorder.add_mark(PainMark(2_000, 0, 3))
    die(store)  # killed
    answers = iter(["", "d"])
    said: list[str] = []
    with HistoryStore.open(db_path, utc_now=wall) as again:
        handled = offer_recovery(again, ask=lambda _prompt: next(answers), say=said.append)
        assert [keep for _run, keep in handled] == [True, False]
        (kept,) = again.load_runs()
    assert kept.started_at == START
    assert kept.status.value == "ended-early"
    assert said[1::2] == ["Saved, marked as ended early.", "Discarded."]
    assert said[0].startswith("A run did not finish: W4R1 of nhs-c25k, started ")


def test_offer_recovery_saves_at_end_of_input(db_path: Path, wall: FakeWallClock) -> None:
    """No terminal input (EOF) means the default: save."""
    store = HistoryStore.open(db_path, utc_now=wall)
    store.recorder().start("nhs-c25k", WORKOUT, START)
    die(store)

    def no_input(_prompt: str) -> str:
        raise EOFError

    with HistoryStore.open(db_path, utc_now=wall) as again:
        assert [
            keep for _run, keep in offer_recovery(again, ask=no_input, say=lambda _l: None)
        ] == [True]
        assert again.interrupted_runs() == []


def test_export_to_a_missing_folder_names_it(filled: HistoryStore, tmp_path: Path) -> None:
    """Writing the export where no folder exists is a clear error, not a traceback."""
    target = tmp_path / "no-such-folder" / "runs.csv"
    with pytest.raises(StoreError) as caught:
        export_history(filled, target, "csv", START)
    assert str(caught.value) == (
        f"CouchTimer cannot write {target}: No such file or directory. "
        "Choose a folder that exists and that you may write to."
    )
    assert not target.parent.exists()
