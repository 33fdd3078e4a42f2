"""Hostile import files (issue 13, item 5): every field in range, only StoreError, nothing changes.

The seed is tests/data/import/two-runs.json, a real export (demo runs W1R1 and W4R1, with pain
marks, a report and a check-in). Each attack changes one thing in it.
"""

from __future__ import annotations

import copy
import json
import math
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from couchtimer.core.errors import ExportFileError
from couchtimer.formats.history_json import read_history_file
from couchtimer.store import HistoryStore, StoreError
from couchtimer.store.facts import clear_red_flags, red_flags_cleared_at
from couchtimer.store.transfer import export_history, import_history
from tests.helpers.cli import couchtimer
from tests.helpers.stored import START

SEED = Path(__file__).resolve().parent.parent / "data" / "import" / "two-runs.json"
SEEN = datetime(2026, 3, 5, 9, 30, tzinfo=UTC)  # the history's own "seen by a doctor"
Document = dict[str, Any]


def seed() -> Document:
    document: Document = json.loads(SEED.read_text(encoding="utf-8"))
    return document


def _run(change: Callable[[dict[str, Any]], object], index: int = 1) -> str:
    document = seed()
    change(document["runs"][index])
    return json.dumps(document)


def _nested(depth: int) -> str:
    return SEED.read_text().replace(
        '"marks": [', '"marks": ' + "[" * depth + "]" * depth + ", [", 1
    )


def _set(**values: object) -> Callable[[dict[str, Any]], object]:
    return lambda run: run.update(values)


def _seen(value: object) -> str:
    """The seed with ``red_flags_cleared_at`` (seen by a doctor or physio) set to ``value``."""
    document = seed()
    document["red_flags_cleared_at"] = value
    return json.dumps(document)


# (attack, file text, words the error must hold)
ATTACKS: list[tuple[str, str, str]] = [
    (
        "week 10^30",
        _run(_set(week=10**30)),
        "week 1000000000000000000000000000000 is outside 1..999",
    ),
    ("negative week", _run(_set(week=-1)), "week -1 is outside 1..999"),
    ("run 1000", _run(_set(run=1000)), "run number 1000 is outside 1..999"),
    (
        "offset_ms 10^19",
        _run(lambda run: run["marks"][0].update(offset_ms=10**19)),
        "a pain mark's time (ms) 10000000000000000000 is outside 0..43200000",
    ),
    (
        "date in year 1 east of UTC",
        _run(_set(started_at="0001-01-01T00:00:00+05:00")),
        "a value is out of range (date value out of range)",
    ),
    (
        "start in 9999",
        _run(_set(started_at="9999-06-01T07:00:00+00:00", ended_at=None)),
        "its start 9999-06-01T07:00:00.000000+00:00 is not between 2000 and 2100",
    ),
    (
        "check-in in 9999",
        _run(lambda run: run["checkin"].update(at="9999-12-31T08:00:00+00:00")),
        "its check-in time 9999-12-31T08:00:00.000000+00:00 is not between 2000 and 2100",
    ),
    (
        "end before start",
        _run(_set(ended_at="2026-01-01T00:00:00+00:00")),
        "it ends (2026-01-01T00:00:00.000000+00:00) before it starts",
    ),
    ("JSON nested 5,000 deep", _nested(5000), "is nested too deeply"),
    (
        "Infinity",
        seed_text := SEED.read_text().replace(
            '"actual_seconds": 300,', '"actual_seconds": Infinity,', 1
        ),
        "Infinity is not a number JSON allows",
    ),
    ("NaN", seed_text.replace("Infinity", "NaN"), "NaN is not a number JSON allows"),
    ("1e999", seed_text.replace("Infinity", "1e999"), "the number '1e999' is too large"),
    (
        "1e308 seconds",
        seed_text.replace("Infinity", "1e308"),
        "a segment's length (s) 1e+308 is outside 0..43200",
    ),
    (
        "negative duration",
        seed_text.replace("Infinity", "-5.0"),
        "a segment's length (s) -5.0 is outside 0..43200",
    ),
    (
        "escape code in the uuid",
        _run(_set(uuid="x\u001b[2J")),
        "uuid holds the control character \\x1b",
    ),
    (
        "a path for a uuid",
        _run(_set(uuid="../../../etc/passwd")),
        "its uuid '../../../etc/passwd' is not one CouchTimer makes",
    ),
    (
        "a path for a programme id",
        _run(_set(programme_id="/etc/evil.toml")),
        "its programme id '/etc/evil.toml' is not a programme id",
    ),
    (
        "escape code in the programme id",
        _run(_set(programme_id="nhs\u0007")),
        "programme id holds the control character \\x07",
    ),
    (
        "escape code in a label",
        _run(lambda run: run["planned"][0].update(label="walk\u009b31m")),
        "segment label holds the control character \\x9b",
    ),
    (
        "notes of 10,001 characters",
        _run(lambda run: run["report"].update(notes="n" * 10_001)),
        "the report's notes is 10,001 characters long; at most 10,000 are allowed",
    ),
    (
        "check-in notes of a million characters",
        _run(lambda run: run["checkin"].update(notes="n" * 1_000_000)),
        "the check-in's notes is 1,000,000 characters long; at most 10,000 are allowed",
    ),
    (
        "duplicate key",
        SEED.read_text().replace('"week": 4,', '"week": 4, "week": 5,', 1),
        "the key 'week' appears twice in one object",
    ),
    (
        "a 5,000-digit number",
        SEED.read_text().replace('"week": 4,', '"week": ' + "9" * 5000 + ",", 1),
        "is not a valid export: Exceeds the limit (4300 digits)",
    ),
    (
        "onset segment past the plan",
        _run(lambda run: run["report"].update(onset_segment=99)),
        "the onset segment 99 is outside 0..",
    ),
    (
        "segment index -1",
        _run(lambda run: run["segments"][0].update(segment_index=-1)),
        "a recorded segment names segment 0 of",
    ),
    (
        "areas that are not pairs",
        _run(lambda run: run["report"].update(areas=[["knee"]])),
        "run 2 is not valid",
    ),
    (
        "seen by a doctor: a number",
        _seen(10**30),
        "red_flags_cleared_at (when a doctor or physio had seen you) is not valid: "
        "1000000000000000000000000000000 is not a time; nothing imported.",
    ),
    ("seen by a doctor: a list", _seen(["2026-03-05"]), "['2026-03-05'] is not a time"),
    ("seen by a doctor: words", _seen("last Tuesday"), "Invalid isoformat string"),
    ("seen by a doctor: no zone", _seen("2026-03-05T09:30:00"), "has no timezone"),
    (
        "seen by a doctor: year 1 east of UTC",
        _seen("0001-01-01T00:00:00+05:00"),
        "a value is out of range (date value out of range)",
    ),
    (
        "seen by a doctor: in 9999, lifting every hold",
        _seen("9999-06-01T07:00:00+00:00"),
        "its time 9999-06-01T07:00:00.000000+00:00 is not between 2000 and 2100",
    ),
    (
        "seen by a doctor: before 2000",
        _seen("1999-12-31T23:59:59.999999+00:00"),
        "its time 1999-12-31T23:59:59.999999+00:00 is not between 2000 and 2100",
    ),
    ("seen by a doctor: a million characters", _seen("2" * 1_000_000), "'22222222222222222"),
    ("seen by a doctor: an escape code", _seen("\u001b[2J"), "string: '\\x1b[2J'"),
]
_BIG_INT_ATTACK = next(a for a in ATTACKS if a[0] == "a 5,000-digit number")


@pytest.fixture
def history(tmp_path: Path) -> Iterator[HistoryStore]:
    store = HistoryStore.open(tmp_path / "data" / "history.db")
    import_history(store, SEED)  # the good file goes in
    yield store
    store.close()


def test_the_seed_is_a_good_export(history: HistoryStore) -> None:
    assert [run.code for run in history.load_runs()] == ["W1R1", "W4R1"]


@pytest.mark.parametrize(("attack", "text", "words"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_hostile_import_is_refused_whole_and_names_the_file(
    history: HistoryStore, tmp_path: Path, attack: str, text: str, words: str
) -> None:
    clear_red_flags(history, SEEN)
    before = history.load_runs()
    bad = tmp_path / "bad.json"
    bad.write_text(text.replace('"demo-nhs-c25k-0000', '"other-0000'), encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        import_history(history, bad)
    message = str(caught.value)
    assert str(bad) in message
    assert words in message, attack
    assert "\x1b" not in message
    assert "\x07" not in message
    assert history.load_runs() == before
    assert red_flags_cleared_at(history) == SEEN


@pytest.mark.parametrize(
    ("moment", "kept"),
    [("2000-01-01T00:00:00+00:00", True), ("2100-12-31T23:59:59.999999+00:00", False)],
    ids=["first moment of 2000", "last moment of 2100"],
)
def test_seen_by_a_doctor_at_either_end_of_the_years_imports(
    history: HistoryStore, tmp_path: Path, moment: str, kept: bool
) -> None:
    """The other side of the bounds the attacks above cross (2000-2100, as a run's dates): the
    file imports; a moment after now is never kept (store.facts.keep_later)."""
    good = tmp_path / "good.json"
    good.write_text(_seen(moment), encoding="utf-8")
    result = import_history(history, good)
    expected = datetime.fromisoformat(moment) if kept else None
    assert red_flags_cleared_at(history) == expected
    assert result.cleared_at == expected


def test_a_file_over_the_size_cap_is_refused_unread(history: HistoryStore, tmp_path: Path) -> None:
    bad = tmp_path / "huge.json"
    with bad.open("wb") as out:
        out.truncate(32 * 1024 * 1024 + 1)
    with pytest.raises(StoreError) as caught:
        import_history(history, bad)
    assert str(caught.value) == (
        f"{bad} is larger than 32 MB, more than any history export; check that this is the "
        "right file (import reads files made by `couchtimer export --format json`.)"
    )


def test_a_fifo_or_folder_is_refused_not_waited_on(history: HistoryStore, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    try:
        with pytest.raises(StoreError, match="is not a regular file"):
            import_history(history, fifo)
    finally:
        os.close(writer)
    with pytest.raises(StoreError, match=r"is a folder; give the path of the exported \.json"):
        import_history(history, tmp_path)


@pytest.mark.slow
def test_cli_import_of_every_attack_prints_one_line_and_keeps_the_history(tmp_path: Path) -> None:
    """Through the real CLI, as a runner meets it: exit 2, one line, history as it was."""
    db = tmp_path / "history.db"
    assert couchtimer("import", str(SEED), "--db", str(db), home=tmp_path).returncode == 0
    before = db.read_bytes()
    chosen = [a for a in ATTACKS if a[0] in {"week 10^30", "date in year 1 east of UTC"}]
    chosen += [a for a in ATTACKS if a[0] in {"JSON nested 5,000 deep", "Infinity"}]
    chosen.append(_BIG_INT_ATTACK)
    for attack, text, words in chosen:
        bad = tmp_path / "bad.json"
        bad.write_text(text.replace('"demo-nhs-c25k-0000', '"other-0000'), encoding="utf-8")
        done = couchtimer("import", str(bad), "--db", str(db), home=tmp_path)
        assert done.returncode == 2, (attack, done.stderr)
        assert done.stderr.startswith(f"couchtimer: {bad}"), attack
        assert words in done.stderr, attack
        assert done.stderr.count("\n") == 1, done.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM runs").fetchone() == (2,)
    assert len(before) > 0


def test_export_never_writes_non_standard_tokens(tmp_path: Path) -> None:
    """A history holding Infinity (an old import let it in) is not exported as ``Infinity``."""
    db = tmp_path / "history.db"
    with HistoryStore.open(db) as store:
        import_history(store, SEED)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE segments SET actual_seconds = ? WHERE seq = 0", (math.inf,))
    target = tmp_path / "out.json"
    with HistoryStore.open(db) as store, pytest.raises(StoreError) as caught:
        export_history(store, target, "json", START)
    assert str(caught.value).startswith(f"The history {db} holds a number that JSON cannot hold")
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_good_export_round_trips_exactly(tmp_path: Path) -> None:
    """The checks refuse nothing CouchTimer itself writes."""
    with HistoryStore.open(tmp_path / "a.db") as first:
        import_history(first, SEED)
        export_history(first, tmp_path / "again.json", "json", START)
        with HistoryStore.open(tmp_path / "b.db") as second:
            import_history(second, tmp_path / "again.json")
            assert second.load_runs() == first.load_runs()
    document = copy.deepcopy(seed())
    assert json.loads((tmp_path / "again.json").read_text())["runs"] == document["runs"]


def test_nesting_is_refused_past_64_levels_on_every_python(tmp_path: Path) -> None:
    """Python 3.13's json parses 5,000 levels without a RecursionError, so depth is counted
    before parsing: 65 levels are refused by name, 64 are only "not a valid export"; brackets
    inside strings do not count."""
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 65 + "]" * 65, encoding="utf-8")
    with pytest.raises(ExportFileError, match="more than 64 levels down"):
        read_history_file(deep)
    fine = tmp_path / "fine.json"
    fine.write_text('{"runs": [' * 32 + '"[[[[{{{{\\"[["' + "]}" * 32, encoding="utf-8")
    with pytest.raises(ExportFileError) as refused:
        read_history_file(fine)
    assert "nested too deeply" not in str(refused.value)
