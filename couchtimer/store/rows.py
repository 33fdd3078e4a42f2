"""RunRecord <-> SQL rows: the one place that knows the history's tables row by row.

``select_runs`` reads runs with everything recorded (a few queries, whatever the number of runs);
``insert_run`` writes a whole run (import, demo data, a run written again); ``insert_advice`` adds
advice log entries; ``run_row`` and ``segment_values`` are a live run's rows as it starts and
as each segment ends. The store (``database.py``), the recorder and import all use these, so none of
them imports another to reach a table.
"""

from __future__ import annotations

import gc
import sqlite3
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from operator import itemgetter
from string import ascii_lowercase, ascii_uppercase
from typing import TYPE_CHECKING, Any, TypeVar

from couchtimer import __version__
from couchtimer.core.advice import AdviceEntry
from couchtimer.core.history import (
    RunRecord,
    RunStatus,
    SegmentRecord,
    parse_utc,
    planned_to_json,
    utc_text,
)
from couchtimer.core.metrics import METRIC_FIELDS, SegmentMetrics
from couchtimer.core.pain import Checkin, PainMark, PainReport
from couchtimer.core.programme import SegmentKind, Workout

if TYPE_CHECKING:
    from couchtimer.core.engine import SegmentTiming

#: The columns ``SegmentRecord.from_columns`` reads, in its order (``skipped`` is ``ended``
#: said again: not read).
_SEGMENT_COLUMNS = (
    "segment_index",
    "kind",
    "planned_start",
    "planned_seconds",
    "actual_start",
    "actual_seconds",
    "ended",
)
#: The columns ``PainMark.from_columns`` reads, in its order.
_MARK_COLUMNS = ("offset_ms", "segment_index", "intensity")
_T = TypeVar("_T")


def select_runs(
    conn: sqlite3.Connection,
    where: str,
    params: list[Any],
    measured: bool = True,
    parts: bool = True,
) -> list[RunRecord]:
    """The runs matching ``where`` (fixed SQL fragments, bound ``params``), oldest first, with
    everything recorded (what recordings measured only with ``measured``; without ``parts``,
    each run's own row only: no segments, marks, report, check-in or figures, as History's
    list first reads them, ``store.listing``); sqlite3 errors as they come (the store explains
    them)."""
    # The load makes tens of thousands of objects and no reference cycles: the cyclic
    # collector, left on, walks them again and again while they are made (about 40 M
    # instructions for five years of distinct visits); paused, it walks them once, later.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _select_runs(conn, where, params, measured, parts)
    finally:
        if collecting:
            gc.enable()


def _select_runs(
    conn: sqlite3.Connection, where: str, params: list[Any], measured: bool, parts: bool
) -> list[RunRecord]:
    # A few queries whatever the number of runs (none per run), grouped in Python.
    inner = f"run_id IN (SELECT id FROM runs WHERE {where})"  # noqa: S608 - fixed, bound
    names, run_rows = _select_run_rows(conn, where, params)
    if not parts:
        return [RunRecord.from_row(dict(zip(names, values, strict=True))) for values in run_rows]
    if not run_rows:
        return []
    whole = where == "1"
    cond = "1" if whole else inner
    bound = params if not whole else []
    segments = _by_run(conn, "segments", _SEGMENT_COLUMNS, SegmentRecord.from_columns, cond, bound)
    marks = _by_run(conn, "marks", _MARK_COLUMNS, PainMark.from_columns, cond, bound)
    reports = _select_reports(conn, cond, bound)
    checkins = {
        row["run_id"]: (Checkin.from_row(row), parse_utc(row["at"]))
        for row in conn.execute(f"SELECT * FROM checkins WHERE {cond}", bound)  # noqa: S608
    }
    # What recordings measured, segment by segment (issue 15): the findings read it.
    figures = metrics_where(conn, cond, bound) if measured else {}
    result = []
    for values in run_rows:
        row = dict(zip(names, values, strict=True))
        run_id = row["id"]
        checkin, checkin_at = checkins.get(run_id, (None, None))
        result.append(
            RunRecord.from_row(
                row,
                segments=segments.get(run_id, ()),
                marks=marks.get(run_id, ()),
                report=reports.get(run_id),
                checkin=checkin,
                checkin_at=checkin_at,
                measured=figures.get(run_id),
            )
        )
    return result


def _select_run_rows(
    conn: sqlite3.Connection, where: str, params: list[Any]
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The ``runs`` table's column names and its rows matching ``where``, in (started_at, id)
    order: handed over through a function (``_each_row``) and sorted here, or, when Python
    cannot order them as SQLite does (text against a number, say) or sqlite3 fails, read
    again with ``ORDER BY started_at, id``."""
    names = _names(conn, "runs")
    columns = [_quoted(name) for name in names]
    source = f"runs WHERE {where}"
    found: list[tuple[Any, ...]] = []
    add = found.append

    def receive(*row: Any) -> None:
        add(row)

    try:
        order_by = itemgetter(names.index("started_at"), names.index("id"))
        _each_row(conn, columns, source, params, receive)
        found.sort(key=order_by)
    except (sqlite3.Error, TypeError, ValueError):  # ValueError: no such column (as SQLite says)
        cursor = conn.cursor()
        cursor.row_factory = None
        order = f"SELECT {', '.join(columns)} FROM {source} ORDER BY started_at, id"  # noqa: S608
        found = cursor.execute(order, params).fetchall()
    return names, found


#: The SQL function through which SQLite hands the load each row (``_each_row``).
_EACH_ROW = "couchtimer_each_row"


def _each_row(
    conn: sqlite3.Connection,
    columns: Sequence[str],
    source: str,
    params: list[Any],
    receive: Callable[..., None],
) -> None:
    """Call ``receive`` with the values of each row of ``SELECT columns FROM source`` (a
    table and its WHERE, bound ``params``), in whatever order SQLite reads them.

    sqlite3 hands a fetched row over column by column, letting go of the GIL and taking
    SQLite's mutex again around each one: about 1,100 instructions a column, most of what
    loading five years of history costs. A function SQLite calls gets a row's values in one
    go, for about a third of that, so SQLite calls ``receive`` from inside its own loop."""
    conn.create_function(_EACH_ROW, len(columns), receive)
    try:
        sql = f"SELECT count({_EACH_ROW}({', '.join(columns)})) FROM {source}"  # noqa: S608
        conn.execute(sql, params).fetchone()
    finally:
        conn.create_function(_EACH_ROW, len(columns), None)  # lets go of ``receive``


def _spans(run_ids: list[Any], seqs: list[Any]) -> list[tuple[Any, int, int]] | None:
    """Each run's (run id, its first row, the row after its last) when the rows came in
    (run id, seq) order, as ``ORDER BY run_id, seq`` gives them; None when they did not (or
    hold values Python cannot order, as text against a number: SQLite orders those). Python
    orders as SQLite's BINARY collation, the schema's: a damaged file that declares another
    (NOCASE on text ids, say) may come back in Python's order, not in that one's."""
    try:
        if run_ids != sorted(run_ids):
            return None
        spans = []
        start = 0
        while start < len(run_ids):
            run_id = run_ids[start]
            stop = bisect_right(run_ids, run_id, start)
            visits = seqs[start:stop]
            if visits != sorted(visits):
                return None
            spans.append((run_id, start, stop))
            start = stop
    except TypeError:
        return None
    return spans


def _spans_as_read(run_ids: list[Any]) -> list[tuple[Any, int, int]]:
    """Each run's (run id, first row, row after its last) of rows that come in run order."""
    spans = []
    start = 0
    for at in range(1, len(run_ids) + 1):
        if at == len(run_ids) or run_ids[at] != run_ids[start]:
            spans.append((run_ids[start], start, at))
            start = at
    return spans


def _pick(items: Sequence[_T], at: Sequence[int]) -> tuple[_T, ...]:
    """``items[i]`` for each ``i`` in ``at`` (in C: one lookup per row of five years)."""
    if len(at) > 1:
        return itemgetter(*at)(items)  # type: ignore[no-any-return]
    return tuple(items[i] for i in at)


def _by_run(
    conn: sqlite3.Connection,
    table: str,
    columns: Sequence[str],
    make: Callable[..., _T],
    cond: str,
    params: list[Any],
) -> dict[Any, tuple[_T, ...]]:
    """Each run's rows of ``table`` (segments, marks), in ``seq`` order, as ``make(*values)``
    of their ``columns``, for the runs whose ``run_id`` meets ``cond``.

    Most rows of a history are alike (the same workouts run as planned), and what ``make``
    makes is immutable: it is made once for each distinct row and shared. SQLite hands the
    rows over through a function (``_each_row``); each gets the number of the first row
    with its values, and the values are made after, in the order first met, so a bad row
    raises what it always did: the first one's error. Rows are alike only with their values
    stored alike (``_stored_as``): 9000.0 in a damaged file is not taken for an earlier 9000."""
    width = len(columns)
    run_ids: list[Any] = []
    seqs: list[Any] = []
    numbers: list[int] = []
    first: dict[tuple[Any, ...], int] = {}
    add_run, add_seq, add_number, number_of = (
        run_ids.append,
        seqs.append,
        numbers.append,
        first.setdefault,
    )

    def receive(run_id: Any, seq: Any, *key: Any) -> None:
        add_run(run_id)
        add_seq(seq)
        add_number(number_of(key, len(first)))

    names = ("run_id", "seq", *columns, *_stored_as(conn, table, columns))
    source = f"{table} WHERE {cond}"
    try:
        _each_row(conn, names, source, params, receive)
        spans = _spans(run_ids, seqs)
    except sqlite3.Error:  # read them again as below: the error as ever (text that is not
        spans = None  # UTF-8 is "user-defined function raised exception" in a function)
    if spans is None:  # SQLite read them in another order (an index a damaged file adds)
        for holder in (run_ids, seqs, numbers, first):
            holder.clear()
        cursor = conn.cursor()
        cursor.row_factory = None
        order = f"SELECT {', '.join(names)} FROM {source} ORDER BY run_id, seq"  # noqa: S608
        for row in cursor.execute(order, params):
            receive(*row)
        spans = _spans_as_read(run_ids)
    made = [make(*key[:width]) for key in first]  # (after them: how they were stored)
    each = _pick(made, numbers)
    return {run_id: each[start:stop] for run_id, start, stop in spans}


def _select_reports(
    conn: sqlite3.Connection, cond: str, params: list[Any]
) -> dict[Any, PainReport]:
    # As the segments: reports are immutable and many are alike (every "no discomfort" one),
    # so each distinct set of answers is made once (its three JSON lists parsed once), and
    # SQLite hands the rows over through a function (``_each_row``).
    names = _names(conn, "reports")
    answers = [name for name in names if name not in ("run_id", "saved_at")]
    run_ids: list[Any] = []
    numbers: list[int] = []
    first: dict[tuple[Any, ...], int] = {}
    add_run, add_number, number_of = run_ids.append, numbers.append, first.setdefault

    def receive(run_id: Any, *key: Any) -> None:
        add_run(run_id)
        add_number(number_of(key, len(first)))

    quoted = [_quoted(name) for name in answers]
    columns = ["run_id", *quoted, *_stored_as(conn, "reports", answers)]
    source = f"reports WHERE {cond}"
    try:
        _each_row(conn, columns, source, params, receive)
    except sqlite3.Error:  # read them again: the error as ever (as for segments and marks)
        for holder in (run_ids, numbers, first):
            holder.clear()
        cursor = conn.cursor()
        cursor.row_factory = None
        for row in cursor.execute(f"SELECT {', '.join(columns)} FROM {source}", params):  # noqa: S608
            receive(*row)
    width = len(answers)  # (after them: how they were stored)
    made = [PainReport.from_row(dict(zip(answers, key[:width], strict=True))) for key in first]
    return dict(zip(run_ids, _pick(made, numbers), strict=True))


def _stored_as(conn: sqlite3.Connection, table: str, names: Sequence[str]) -> list[str]:
    """Python takes 9000.0 for 9000, so two rows are alike for sharing only if their values
    are stored alike too. A column with a type keeps them apart itself (INTEGER and NUMERIC
    store a whole REAL as an integer, REAL an integer as a REAL, TEXT both as text); one
    without (a damaged file, remade untyped) may hold 9000.0 where a whole number belongs,
    and that row must meet its own check. So: nothing when every one of the columns
    ``names`` (as ``_names`` gives them) has a type; else SQL for a number that says which of
    them hold a REAL, to be alike too (a few thousand instructions a row: only where needed)."""
    declared = {
        row[1].translate(_ASCII_LOWER): str(row[2]).upper()
        for row in conn.execute(f"PRAGMA table_info({table})")
    }
    if all(_keeps_apart(declared.get(name, "")) for name in names):
        return []
    return [
        " | ".join(
            f"((typeof({_quoted(name)}) = 'real') << {bit})" for bit, name in enumerate(names)
        )
    ]


def _keeps_apart(declared: str) -> bool:
    """A column of this declared type never holds both 9000 and 9000.0 (SQLite's affinity
    rules: only a BLOB affinity, an empty type or one saying BLOB, keeps values as given)."""
    return "INT" in declared or ("BLOB" not in declared and declared != "")


#: ASCII letters to lower case only: SQL matches column names so (``str.lower`` would also fold
#: others, as the Kelvin sign to "k", which SQLite takes for another name).
_ASCII_LOWER = str.maketrans(ascii_uppercase, ascii_lowercase)


def _names(conn: sqlite3.Connection, table: str) -> list[str]:
    """``table``'s column names as SQL matches them (a hand-edited file may say ``Week``): the
    load looks its columns up by these, as ``sqlite3.Row`` did."""
    described = conn.execute(f"SELECT * FROM {table} LIMIT 0").description  # noqa: S608
    return [column[0].translate(_ASCII_LOWER) for column in described]


def _quoted(name: str) -> str:
    """A column's name as SQL (a damaged file's own names may hold anything)."""
    return '"' + name.replace('"', '""') + '"'


def insert_run(conn: sqlite3.Connection, run: RunRecord, saved_at: datetime | None = None) -> int:
    """Insert a whole recorded run (import, demo data); returns its new id."""
    row = run.to_row()
    del row["id"]
    cursor = conn.execute(
        "INSERT INTO runs (uuid, programme_id, week, run, planned, started_at, ended_at, status,"
        " app_version) VALUES (:uuid, :programme_id, :week, :run, :planned, :started_at,"
        " :ended_at, :status, :app_version)",
        row,
    )
    run_id = cursor.lastrowid
    conn.executemany(
        "INSERT INTO segments (run_id, seq, segment_index, kind, planned_start, planned_seconds,"
        " actual_start, actual_seconds, skipped, ended) VALUES (:run_id, :seq, :segment_index,"
        " :kind, :planned_start, :planned_seconds, :actual_start, :actual_seconds, :skipped,"
        " :ended)",
        [
            {**segment.to_row(), "run_id": run_id, "seq": seq}
            for seq, segment in enumerate(run.segments)
        ],
    )
    conn.executemany(
        "INSERT INTO marks (run_id, seq, offset_ms, segment_index, intensity)"
        " VALUES (:run_id, :seq, :offset_ms, :segment_index, :intensity)",
        [{**mark.to_row(), "run_id": run_id, "seq": seq} for seq, mark in enumerate(run.marks)],
    )
    if run.report is not None:
        report = run.report.to_row()
        report["run_id"] = run_id
        report["saved_at"] = utc_text(saved_at or run.ended_at or run.started_at)
        columns = ", ".join(report)
        values = ", ".join(f":{name}" for name in report)
        conn.execute(f"INSERT INTO reports ({columns}) VALUES ({values})", report)  # noqa: S608
    if run.checkin is not None:
        conn.execute(
            "INSERT INTO checkins (run_id, at, intensity, stiffness, notes)"
            " VALUES (:run_id, :at, :intensity, :stiffness, :notes)",
            {
                **run.checkin.to_row(),
                "run_id": run_id,
                "at": utc_text(run.checkin_at or run.started_at),
            },
        )
    assert run_id is not None
    return run_id


def insert_advice(conn: sqlite3.Connection, entries: Iterable[AdviceEntry]) -> int:
    """Add advice log entries not there yet (same time, rule and suggestion); how many were."""
    before = conn.total_changes
    conn.executemany(
        "INSERT OR IGNORE INTO advice (at, action, rule, suggestion, reason, run_uuid, run_code,"
        " lifted) VALUES (:at, :action, :rule, :suggestion, :reason, :run_uuid, :run_code,"
        " :lifted)",
        [entry.to_row() for entry in entries],
    )
    return conn.total_changes - before


def run_row(
    run_uuid: str, programme_id: str, workout: Workout, started_at: datetime
) -> dict[str, object]:
    return {
        "uuid": run_uuid,
        "programme_id": programme_id,
        "week": workout.week,
        "run": workout.run,
        "planned": planned_to_json(workout.segments),
        "started_at": utc_text(started_at),
        "status": RunStatus.IN_PROGRESS.value,
        "app_version": __version__,
    }


def segment_values(workout: Workout, timing: SegmentTiming, seq: int) -> tuple[object, ...]:
    """A segment visit as the ``segments`` table's columns after ``run_id``."""
    return (
        seq,
        timing.index,
        workout.segments[timing.index].kind.value,
        float(workout.start_offset(timing.index)),
        timing.planned_seconds,
        timing.start_offset,
        timing.duration,
        int(timing.skipped),
        timing.ended.value,
    )


def metrics_where(
    conn: sqlite3.Connection, cond: str, params: Sequence[Any]
) -> dict[int, tuple[SegmentMetrics, ...]]:
    """Per-segment figures of the runs whose ``run_id`` meets ``cond`` (fixed SQL, bound
    ``params``): what the store puts in ``RunRecord.measured`` when it loads runs."""
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: sqlite3.Row costs more than the rest
    cursor.execute(
        f"SELECT run_id, segment_index, kind, {', '.join(METRIC_FIELDS)}"  # noqa: S608
        f" FROM segment_metrics WHERE {cond} ORDER BY run_id, seq",
        params,
    )
    found: dict[int, list[SegmentMetrics]] = {}
    kinds = {kind.value: kind for kind in SegmentKind}
    for row in cursor:
        found.setdefault(row[0], []).append(SegmentMetrics(row[1], kinds[row[2]], *row[3:]))
    return {run_id: tuple(items) for run_id, items in found.items()}
