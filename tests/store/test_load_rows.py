"""Loading runs hands each row (runs, segments, marks, reports) to Python in one go
(``rows._each_row``): the records are what reading the rows one by one in (run, seq) order gives,
bit for bit, in that order, and a bad row gives the error it always gave."""

from __future__ import annotations

import dataclasses
import gc
import sqlite3
import struct
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from couchtimer.core.history import RunRecord, SegmentRecord
from couchtimer.core.outcome import SegmentEnd
from couchtimer.core.pain import PainMark, PainReport
from couchtimer.store import HistoryStore, StoreError, rows
from couchtimer.store.rows import _spans, insert_run, select_runs
from couchtimer.store.schema import migrate
from tests.helpers.runs import START, day_run
from tests.helpers.text import exactly

COLUMNS = "segment_index, kind, planned_start, planned_seconds, actual_start, actual_seconds, ended"
REALS = ("planned_start", "actual_start", "actual_seconds")
#: Doubles that text with 15 significant digits (SQLite's own) would not give back.
ODD_DOUBLES = (
    0.1 + 0.2,
    60.00012345678901,
    1e-300,
    5e-324,  # the smallest subnormal
    2.2250738585072014e-308,  # the smallest normal
    1.7976931348623157e308,
    float("inf"),
    -float("inf"),
    -1.5e-320,
    123456789.12345679,
)


def read_one_by_one(conn: sqlite3.Connection) -> dict[int, tuple[SegmentRecord, ...]]:
    """Each run's segments as plainly as can be: every row fetched in (run, seq) order and
    mapped on its own (what the load gave before it took rows through a function)."""
    found: dict[int, list[SegmentRecord]] = {}
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    sql = f"SELECT run_id, {COLUMNS} FROM segments ORDER BY run_id, seq"  # noqa: S608
    for row in cursor.execute(sql):
        found.setdefault(row["run_id"], []).append(SegmentRecord.from_row(row))
    return {run_id: tuple(visits) for run_id, visits in found.items()}


def bits(segments: tuple[SegmentRecord, ...]) -> list[tuple[bytes, ...]]:
    return [tuple(struct.pack("<d", getattr(s, name)) for name in REALS) for s in segments]


def loaded(conn: sqlite3.Connection) -> dict[int, tuple[SegmentRecord, ...]]:
    return {run.id: run.segments for run in select_runs(conn, "1", []) if run.segments}


@pytest.fixture
def memory() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.row_factory = sqlite3.Row
    migrate(conn)
    yield conn
    conn.close()


def with_reals(run: RunRecord, values: list[float]) -> RunRecord:
    """``run`` with its segments' three REAL columns taken from ``values`` in turn."""
    it = iter(values)
    segments = tuple(
        dataclasses.replace(
            s, planned_start=next(it), actual_start=next(it), actual_seconds=next(it)
        )
        for s in run.segments
    )
    return dataclasses.replace(run, segments=segments)


@settings(max_examples=60)
@given(st.lists(st.floats(allow_nan=False), min_size=9, max_size=9))
def test_every_double_comes_back_bit_for_bit(values: list[float]) -> None:
    """Whatever double a segment holds, the load gives back the one SQLite gives (SQLite keeps
    no negative zero: it stores -0.0 as 0)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.row_factory = sqlite3.Row
    migrate(conn)
    run = with_reals(day_run(0), values)
    insert_run(conn, run)
    insert_run(conn, dataclasses.replace(run, uuid="again"))  # alike rows: one record shared
    got = loaded(conn)
    expected = [0.0 if v == 0 else v for v in values]
    assert [v for s in got[1] for v in bits((s,))[0]] == [struct.pack("<d", v) for v in expected]
    assert bits(got[1]) == bits(got[2]) == bits(read_one_by_one(conn)[1])
    assert got == read_one_by_one(conn)
    conn.close()


def test_doubles_fifteen_digits_would_lose_come_back_exactly(memory: sqlite3.Connection) -> None:
    """Measured offsets and extreme doubles, shared by two runs and alone in a third."""
    values = list(ODD_DOUBLES[:9])
    run = with_reals(day_run(0), values)
    insert_run(memory, run)
    insert_run(memory, dataclasses.replace(run, uuid="b"))
    insert_run(memory, with_reals(day_run(1), list(ODD_DOUBLES[1:10])))
    got = loaded(memory)
    assert [getattr(s, name) for s in got[1] for name in REALS] == values
    assert bits(got[2]) == bits(got[1])
    assert bits(got[3]) == [
        tuple(struct.pack("<d", v) for v in ODD_DOUBLES[1 + 3 * i : 4 + 3 * i]) for i in range(3)
    ]
    assert got[1][0] is got[2][0]  # alike rows share one record


def test_negative_zero_comes_back_as_sqlite_keeps_it(memory: sqlite3.Connection) -> None:
    insert_run(memory, with_reals(day_run(0), [-0.0] * 9))
    stored = memory.execute("SELECT actual_start FROM segments").fetchone()[0]
    got = loaded(memory)[1]
    assert (
        bits(got) == [(struct.pack("<d", stored),) * 3] * 3 == [(struct.pack("<d", 0.0),) * 3] * 3
    )


def test_visits_keep_their_order_within_a_run(memory: sqlite3.Connection) -> None:
    """A segment restarted ("back") is visited twice: the visits stay in the order they were
    run (seq), not in segment order."""
    run = day_run(0)
    first, second, third = run.segments
    back = dataclasses.replace(second, actual_start=200.5, ended=SegmentEnd.COMPLETED)
    restarted = dataclasses.replace(second, ended=SegmentEnd.RESTARTED)
    visits = (first, restarted, back, third)
    insert_run(memory, dataclasses.replace(run, segments=visits))
    assert loaded(memory)[1] == visits


def hostile_copy(path: Path, table: str = "segments") -> Path:
    """A history file whose ``table`` someone remade without its checks (so any value fits
    any column)."""
    conn = sqlite3.connect(path, isolation_level=None)
    names = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    remake = f"""
        BEGIN;
        CREATE TABLE loose ({", ".join(names)});
        INSERT INTO loose SELECT * FROM {table};
        DROP TABLE {table};
        ALTER TABLE loose RENAME TO {table};
        COMMIT;
    """  # noqa: S608 - the test's own table names
    conn.executescript(remake)
    conn.close()
    return path


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """Three runs a day apart (three segments each), in a real history file."""
    path = tmp_path / "history.db"
    with HistoryStore.open(path, backups=False) as store:
        for day in range(3):
            run = day_run(day)
            with store.transaction() as conn:
                insert_run(conn, run)
    return path


def load(path: Path, **filters: Any) -> list[RunRecord]:
    with HistoryStore.open(path, backups=False) as store:
        return store.load_runs(**filters)


def test_an_index_that_reads_the_rows_backwards_changes_nothing(history: Path) -> None:
    """An index a damaged file holds makes SQLite read the rows in another order: the runs'
    segments are still in seq order, also for a period or one run."""
    before = load(history)
    backwards = "CREATE INDEX odd ON segments (seq DESC, run_id DESC, {})".format(
        COLUMNS + ", skipped"
    )
    conn = sqlite3.connect(history, isolation_level=None)
    conn.execute(backwards)
    plan = conn.execute("EXPLAIN QUERY PLAN SELECT count(run_id + seq) FROM segments").fetchall()
    conn.close()
    assert "USING COVERING INDEX odd" in plan[0][3]  # the index is what SQLite reads
    assert load(history) == before
    assert [r.segments for r in before] == [day_run(d).segments for d in range(3)]
    since = START + timedelta(days=1)
    assert load(history, since=since) == before[1:]
    with HistoryStore.open(history, backups=False) as store:
        assert store.load_run(before[0].id) == before[0]


def edit(path: Path, *statements: str) -> None:
    """Run ``statements`` on the history file outside the store, as a damaging hand would."""
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.close()


def set_row(path: Path, run_id: int, seq: int, column: str, value: object) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(
        f"UPDATE segments SET {column} = ? WHERE run_id = ? AND seq = ?",  # noqa: S608
        (value, run_id, seq),
    )
    conn.close()


def test_of_two_bad_rows_the_first_in_the_history_is_named(history: Path) -> None:
    """Rows are mapped once per distinct row, but the error is still the first bad row's in
    run and seq order, as when each row was read in turn."""
    set_row(history, 2, 0, "kind", "sprint")
    set_row(history, 1, 2, "planned_start", "soon")
    with pytest.raises(ValueError, match=exactly("planned start must be a number, not 'soon'")):
        load(history)
    set_row(history, 1, 2, "planned_start", 420.0)
    sprint = "'sprint' is not a segment kind; expected one of warmup, run, walk, cooldown"
    with pytest.raises(ValueError, match=exactly(sprint)):
        load(history)


@pytest.mark.parametrize(
    ("column", "value", "error"),
    [
        ("kind", None, "None is not a segment kind; expected one of warmup, run, walk, cooldown"),
        (
            "ended",
            b"completed",
            "b'completed' is not a segment end; expected one of completed, "
            "skipped, restarted, ended-early",
        ),
        ("actual_start", "12.5", "actual start must be a number, not '12.5'"),
        ("actual_seconds", b"\x00", "actual seconds must be a number, not b'\\x00'"),
        ("planned_seconds", 60.5, "planned seconds must be a whole number, not 60.5"),
        ("segment_index", None, "segment index must be a whole number, not None"),
    ],
)
def test_odd_values_give_the_error_reading_them_one_by_one_gives(
    history: Path, column: str, value: object, error: str
) -> None:
    hostile_copy(history)
    set_row(history, 2, 1, column, value)
    conn = sqlite3.connect(history)
    with pytest.raises(ValueError, match=exactly(error)):
        read_one_by_one(conn)
    conn.close()
    with pytest.raises(ValueError, match=exactly(error)):
        load(history)


def test_odd_values_that_are_fine_load_as_one_by_one(history: Path) -> None:
    """Huge whole numbers, a whole number in a REAL column and a seq that is text (SQLite
    orders text after numbers: that visit comes last) load as reading row by row gives."""
    hostile_copy(history)
    set_row(history, 1, 0, "planned_seconds", 2**62)
    set_row(history, 1, 1, "actual_start", 7)
    set_row(history, 3, 0, "seq", "first?")
    conn = sqlite3.connect(history)
    expected = read_one_by_one(conn)
    conn.close()
    runs = load(history)
    assert {run.id: run.segments for run in runs} == expected
    assert runs[0].segments[0].planned_seconds == 2**62
    assert runs[0].segments[1].actual_start == 7.0
    assert [s.index for s in runs[2].segments] == [1, 2, 0]


def test_text_that_is_not_utf8_gives_the_error_it_always_gave(history: Path) -> None:
    hostile_copy(history)
    conn = sqlite3.connect(history, isolation_level=None)
    conn.execute(
        "UPDATE segments SET kind = CAST(x'ff72756e' AS TEXT) WHERE run_id = 2 AND seq = 1"
    )
    with pytest.raises(sqlite3.OperationalError) as plain:
        conn.execute(f"SELECT {COLUMNS} FROM segments WHERE run_id = 2").fetchall()  # noqa: S608
    conn.close()
    with pytest.raises(StoreError) as loading:
        load(history)
    assert str(loading.value) == f"The history file {history} cannot be used: {plain.value}."
    assert "Could not decode to UTF-8 column 'kind'" in str(plain.value)


@pytest.mark.parametrize(
    ("run_ids", "seqs", "spans"),
    [
        ([], [], []),
        ([4], [0], [(4, 0, 1)]),
        ([1, 1, 1, 2, 5, 5], [0, 1, 2, 0, 0, 1], [(1, 0, 3), (2, 3, 4), (5, 4, 6)]),
        ([1, 1, 2], [0, 2, 1], [(1, 0, 2), (2, 2, 3)]),  # seqs may skip
        ([1, 2, 1], [0, 0, 1], None),  # a run met twice
        ([2, 1], [0, 0], None),  # runs backwards
        ([1, 1], [1, 0], None),  # visits backwards
        ([1, 1], [0, "x"], None),  # text against a number: SQLite's order, not Python's
        ([1, "a"], [0, 0], None),
    ],
)
def test_rows_count_as_in_order_only_in_run_and_seq_order(
    run_ids: list[object], seqs: list[object], spans: list[tuple[object, int, int]] | None
) -> None:
    assert _spans(run_ids, seqs) == spans


def test_marks_keep_their_order_and_alike_ones_are_shared(history: Path) -> None:
    """Marks come back in the order pressed (seq) even when an index makes SQLite read them
    backwards; a mark alike in two runs is one shared value."""
    conn = sqlite3.connect(history, isolation_level=None)
    conn.executemany(
        "INSERT INTO marks (run_id, seq, offset_ms, segment_index, intensity) VALUES (?, ?, ?, ?, ?)",
        [(1, 0, 9_000, 0, 3), (1, 1, 4_000, 0, None), (1, 2, 130_000, 1, 10), (2, 0, 9_000, 0, 3)],
    )
    conn.execute(
        "CREATE INDEX odd ON marks (seq DESC, run_id DESC, offset_ms, segment_index, intensity)"
    )
    conn.close()
    first, second, third = load(history)
    assert first.marks == (
        PainMark(9_000, 0, 3),
        PainMark(4_000, 0, None),
        PainMark(130_000, 1, 10),
    )
    assert second.marks == (PainMark(9_000, 0, 3),)
    assert third.marks == ()
    assert second.marks[0] is first.marks[0]


@pytest.mark.parametrize(
    ("column", "value", "error"),
    [
        ("offset_ms", "9 s", "mark offset must be a whole number, not '9 s'"),
        ("segment_index", 0.5, "mark segment index must be a whole number, not 0.5"),
        ("intensity", 11, "pain intensity must be a whole number from 0 to 10, not 11"),
        ("offset_ms", -1, "a pain mark cannot be before the start (-1 ms)"),
    ],
)
def test_a_bad_mark_gives_its_error(history: Path, column: str, value: object, error: str) -> None:
    hostile_copy(history, "marks")
    conn = sqlite3.connect(history, isolation_level=None)
    conn.executemany(
        "INSERT INTO marks (run_id, seq, offset_ms, segment_index, intensity) VALUES (?, ?, ?, ?, ?)",
        [(1, 0, 9_000, 0, 3), (2, 0, 5_000, 0, 2)],
    )
    conn.execute(f"UPDATE marks SET {column} = ? WHERE run_id = 2", (value,))  # noqa: S608
    conn.close()
    with pytest.raises(ValueError, match=exactly(error)):
        load(history)


def test_a_real_where_a_whole_number_belongs_is_not_taken_for_an_alike_row(history: Path) -> None:
    """Python takes 9000.0 for 9000: a damaged file's 9000.0 must meet its own check, not
    share the record of an earlier, sound 9000 (review6, D2)."""
    hostile_copy(history, "marks")
    conn = sqlite3.connect(history, isolation_level=None)
    conn.executemany(
        "INSERT INTO marks (run_id, seq, offset_ms, segment_index, intensity) VALUES (?, ?, ?, ?, ?)",
        [(1, 0, 9_000, 0, 3), (2, 0, 9_000.0, 0, 3)],
    )
    conn.close()
    with pytest.raises(ValueError, match=exactly("mark offset must be a whole number, not 9000.0")):
        load(history)
    hostile_copy(history)  # and the segments
    conn = sqlite3.connect(history, isolation_level=None)
    conn.execute("DELETE FROM marks")
    (seconds,) = conn.execute(
        "SELECT planned_seconds FROM segments WHERE run_id = 1 AND seq = 0"
    ).fetchone()
    conn.close()
    assert isinstance(seconds, int)
    set_row(history, 2, 0, "planned_seconds", float(seconds))
    with pytest.raises(
        ValueError, match=exactly(f"planned seconds must be a whole number, not {float(seconds)}")
    ):
        load(history)


@pytest.mark.parametrize(
    "declared",
    ["INTEGER", "INT", "BIGINT", "REAL", "DOUBLE", "FLOAT", "NUMERIC", "DECIMAL(5)", "TEXT",
     "VARCHAR(3)", "CLOB", "BLOB", "", "ANYTHING"],
)  # fmt: skip
def test_a_column_keeps_9000_and_9000_0_apart_as_sqlite_stores_them(declared: str) -> None:
    """Whether a declared type lets one column hold both 9000 and 9000.0 is SQLite's affinity
    rule; the load adds its stored-as number to the rows (a cost) only where it does."""
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE TABLE t (x {declared})")
    conn.executemany("INSERT INTO t VALUES (?)", [(9000,), (9000.0,)])
    stored = {row[0] for row in conn.execute("SELECT typeof(x) FROM t")}
    conn.close()
    assert rows._keeps_apart(declared.upper()) == (stored != {"integer", "real"})


def test_column_names_are_matched_as_sql_matches_them(history: Path) -> None:
    """A hand-edited file's ``Week`` is the ``week`` column to SQL: it loads as before, for a
    period and for one run too (review6, D1: a bare KeyError escaped)."""
    before = load(history)
    edit(
        history,
        "ALTER TABLE runs RENAME COLUMN week TO Week",
        "ALTER TABLE runs RENAME COLUMN started_at TO Started_At",
        "ALTER TABLE reports RENAME COLUMN run_id TO Run_ID",
    )
    assert load(history) == before
    since = START + timedelta(days=1)
    assert load(history, since=since) == before[1:]
    with HistoryStore.open(history, backups=False) as store:
        assert store.load_run(before[0].id) == before[0]


def many_runs(path: Path, runs: int) -> Path:
    with HistoryStore.open(path, backups=False) as store, store.transaction() as conn:
        for day in range(runs):
            insert_run(conn, day_run(day, pain=3, in_runs=2))
    return path


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_while_runs_load_and_left_as_it_was(
    tmp_path: Path, enabled: bool
) -> None:
    """Loading makes thousands of objects and no cycles: every statement of the load runs
    with the cyclic collector paused (so it does not walk them while they are made), and it
    is as it was after."""
    path = many_runs(tmp_path / "history.db", 250)
    paused: list[bool] = []
    counts: list[int] = []

    def note(_sql: str) -> None:
        paused.append(not gc.isenabled())
        counts.append(gc.get_count()[0])

    with HistoryStore.open(path, backups=False) as store:
        store.connection.set_trace_callback(note)
        (gc.enable if enabled else gc.disable)()
        gc.collect()
        try:
            runs = store.load_runs()
            after = gc.isenabled()
        finally:
            store.connection.set_trace_callback(None)
            gc.enable()
    assert len(runs) == 250
    assert sum(len(r.segments) + len(r.marks) for r in runs) == 1250
    assert len(paused) >= 6  # the runs, segments, marks, reports, check-ins, measures
    assert all(paused)
    assert after is enabled
    # enough made for the collector to have run, had it been on
    assert counts[-1] - counts[0] > gc.get_threshold()[0]


def test_runs_come_oldest_first_whatever_order_they_were_written(tmp_path: Path) -> None:
    """Runs written newest first (an import of older runs) come back in (start, id) order;
    two runs that started at the same moment, by id."""
    path = tmp_path / "history.db"
    with HistoryStore.open(path, backups=False) as store, store.transaction() as conn:
        for day in (5, 1, 3):
            insert_run(conn, day_run(day))
        insert_run(conn, dataclasses.replace(day_run(3), uuid="same moment"))
    runs = load(path)
    assert [(run.started_at - START).days for run in runs] == [1, 3, 3, 5]
    assert [run.id for run in runs] == [2, 3, 4, 1]
    assert load(path, until=START + timedelta(days=4)) == runs[:3]


def test_of_two_bad_runs_the_first_in_start_order_is_named(history: Path) -> None:
    """SQLite orders a start time that is not text (a blob) after every text one: that run
    is named last, as when SQLite sorted the rows itself."""
    hostile_copy(history, "runs")
    edit(
        history,
        "UPDATE runs SET started_at = x'00' WHERE id = 1",
        "UPDATE runs SET week = 'four' WHERE id = 3",
    )
    with pytest.raises(ValueError, match=exactly("week must be a whole number, not 'four'")):
        load(history)
    edit(history, "UPDATE runs SET week = 4 WHERE id = 3")
    with pytest.raises(ValueError, match=exactly("a time must be ISO 8601 text, not b'\\x00'")):
        load(history)


def test_a_runs_table_without_a_start_gives_sqlites_own_error(history: Path) -> None:
    edit(history, "ALTER TABLE runs RENAME COLUMN started_at TO begun")
    with pytest.raises(StoreError, match="no such column: started_at"):
        load(history)


def test_a_reports_table_without_its_run_gives_sqlites_own_error(history: Path) -> None:
    """Before, a bare ValueError (``list.index``) escaped from reading such a file."""
    with HistoryStore.open(history, backups=False) as store:
        store.save_report(1, PainReport(True))
    edit(history, "ALTER TABLE reports RENAME COLUMN run_id TO run")
    with pytest.raises(StoreError, match="no such column: run_id") as raised:
        load(history)
    assert type(raised.value) is StoreError


def test_reports_load_shared_and_a_bad_one_names_the_first(history: Path) -> None:
    """Alike reports are one value; of two bad ones the one of the earlier run is named."""
    with HistoryStore.open(history, backups=False) as store:
        for run_id in (1, 2, 3):
            store.save_report(run_id, PainReport(True))
    first, second, _ = load(history)
    assert first.report == PainReport(True)
    assert second.report is first.report
    hostile_copy(history, "reports")
    edit(
        history,
        "UPDATE reports SET areas = 'knee' WHERE run_id = 3",
        "UPDATE reports SET no_discomfort = 2 WHERE run_id = 2",
    )
    with pytest.raises(ValueError, match=exactly("no_discomfort must be true or false, not 2")):
        load(history)
