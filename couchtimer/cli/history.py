"""``couchtimer history``, ``next`` and ``report``: the recorded runs, read only (``--db``)."""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from couchtimer.cli.options import add_db_option, add_programme_option, utc_now
from couchtimer.core.errors import CouchTimerError
from couchtimer.core.text import printable

if TYPE_CHECKING:
    from datetime import date

    from couchtimer.core.history import RunRecord
    from couchtimer.store import HistoryStore


FIRST_YEAR, LAST_YEAR = 2000, 2100  # the dates a run may have (formats/history_json.py LIMITS)


def _date(text: str) -> date:
    from datetime import date

    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{printable(repr(text))} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-02"
        ) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"{text} is outside the years CouchTimer records ({FIRST_YEAR}-{LAST_YEAR}); "
            "give a date in them"
        )
    return day


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of runs (1 or more)")
    return int(text)


@contextmanager
def reading_history(db: Path | None) -> Iterator[HistoryStore]:
    """The history database opened once for a command that reads it (runs, advice log,
    recordings, when the runner was seen by a doctor or physio), saying on stderr when it was
    moved aside or can only be read."""
    from couchtimer.settings_file import carry_red_flags
    from couchtimer.store import HistoryStore

    # reading is all these commands do: the integrity check may be skipped for a file that is
    # unchanged since one passed (store/checked.py)
    store = HistoryStore.open(db, read_only_ok=True, reading=True)
    if store.moved_aside is not None:
        from couchtimer.cli.store_commands import moved_aside_message

        # stderr: stdout may be JSON for a script
        print(moved_aside_message(store.moved_aside), file=sys.stderr)
    if store.read_only is not None:
        print(f"couchtimer: {store.read_only}", file=sys.stderr)
    try:
        carry_red_flags(store)  # once per file: what an older CouchTimer kept in settings.ini
        yield store
    finally:
        store.close()


def load_history(
    db: Path | None, first: date | None = None, last: date | None = None
) -> list[RunRecord]:
    """Runs from the history database, oldest first; ``first``/``last`` are whole days where
    the runner is (their local calendar days, ``history.local_day``)."""
    with reading_history(db) as store:
        return read_runs(store, first, last)


def read_runs(
    store: HistoryStore, first: date | None = None, last: date | None = None
) -> list[RunRecord]:
    """``load_history`` from a store already open."""
    from datetime import UTC, datetime, time, timedelta

    from couchtimer.core.analysis import in_date_order
    from couchtimer.core.history import in_days

    # A day a side to spare for any time zone; in_days below keeps the runner's days exactly.
    since = datetime.combine(first - timedelta(days=1), time(), UTC) if first else None
    until = datetime.combine(last + timedelta(days=2), time(), UTC) if last else None
    runs = in_date_order(store.load_runs(since=since, until=until))
    if first is None and last is None:  # every run: no day of each to work out
        return runs
    return [run for run in runs if in_days(run.started_at, first, last)]


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Every object a history command makes lives until its output is written: reference
    counting frees what is dropped, and the cycle collector would only scan the runs (and the
    report's Qt enums and pages) over and over (~2 % of the work). Put back as found afterwards,
    on every path (tests run commands in their own process too)."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _cmd_history(args: argparse.Namespace) -> int:
    with _no_cycle_collection():
        return _print_history(args)


def _print_history(args: argparse.Namespace) -> int:
    import json

    from couchtimer.report.history_text import history_json, history_lines
    from couchtimer.store.facts import red_flags_cleared_at

    with reading_history(args.db) as store:  # opened once: the runs and the advice log
        everything = read_runs(store)
        advice = store.advice_log()
        cleared_at = red_flags_cleared_at(store)  # "seen by a doctor or physio", on Today
    runs = everything[-args.last :] if args.last is not None else everything
    if args.json:
        # compact: the C encoder (indent= falls back to the pure-Python one, 5x slower)
        print(json.dumps(history_json(runs, cleared_at, all_runs=everything, advice=advice)))
    else:
        print("\n".join(history_lines(runs, cleared_at, all_runs=everything, advice=advice)))
    return 0


def _cmd_next(args: argparse.Namespace) -> int:
    """The run Today offers next and the advice beside it, from the same rule
    (``core.nextrun.next_run``) and the same facts (seen by a doctor or physio, from the
    history file; the week you are in, from the settings)."""
    import json

    from couchtimer.core.guidance import NOT_MEDICAL_ADVICE, Action, urgent_advice_for
    from couchtimer.core.nextrun import next_run
    from couchtimer.programmes import resolve_programme
    from couchtimer.settings_file import start_week
    from couchtimer.store.facts import red_flags_cleared_at

    programme = resolve_programme(args.programme)
    with reading_history(args.db) as store:
        runs = read_runs(store)
        log = [] if args.json else store.advice_log()
        cleared_at = red_flags_cleared_at(store)
    chosen = next_run(programme, runs, cleared_at=cleared_at, start_week=start_week(programme.id))
    if args.json:
        print(json.dumps(chosen.to_json()))
        return 0
    from couchtimer.core.advice import in_force
    from couchtimer.core.findings import findings, recent
    from couchtimer.core.hints import hints_for
    from couchtimer.report.history_text import hint_lines

    advice = in_force(log[-1] if log else None, chosen.guidance, runs, cleared_at)
    urgent = urgent_advice_for(runs, cleared_at) if advice.action is Action.URGENT else None
    hints = hints_for(findings(recent(r for r in runs if r.programme_id == programme.id)), advice)
    lines = [
        f"Next: week {chosen.week}, run {chosen.run} ({chosen.code}) of {programme.name}",
        advice.suggestion,
        advice.reason,
        *hint_lines(hints),
        *([urgent.text] if urgent else []),
        NOT_MEDICAL_ADVICE,
    ]
    print("\n".join(lines))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    if args.first and args.last and args.first > args.last:
        raise CouchTimerError(f"--from {args.first} is after --to {args.last}; swap them")
    with _no_cycle_collection():
        return _write_report(args)


def _write_report(args: argparse.Namespace) -> int:
    from couchtimer.pyside_reads import spare_stdlib_source_reads  # before PySide6: not read
    from couchtimer.store.facts import red_flags_cleared_at

    with reading_history(args.db) as store:
        runs = read_runs(store, args.first, args.last)
        log = store.advice_log()
        cleared_at = red_flags_cleared_at(store)
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from couchtimer.pyside_reads import CompiledOnce, kept_code_files
    from couchtimer.userdirs import user_cache_dir

    # PySide6's support code comes compiled, as the app's (pyside_reads.CompiledOnce).
    with CompiledOnce(*kept_code_files(user_cache_dir())) as pyside_code:
        from PySide6.QtGui import QGuiApplication
    pyside_code.save()

    spare_stdlib_source_reads()  # the report's modules import typing, dataclasses... again
    from couchtimer.core.history import in_days
    from couchtimer.report.pdf import write_report

    app = QGuiApplication.instance() or QGuiApplication(["couchtimer"])  # no widgets drawn
    pages = write_report(
        runs,
        args.output,
        utc_now(),
        args.first,
        args.last,
        cleared_at=cleared_at,
        advice=[e for e in log if in_days(e.at, args.first, args.last)],
    )
    del app
    # What the report made dies with the process: the interpreter's last collection would walk
    # every object still there (1.4 % of the command's work for five years of history) only to
    # free nothing the operating system does not. Frozen, they are left out of it; the output
    # is written and closed already, and every file and connection closed by its own code.
    atexit.unregister(gc.freeze)  # once, whatever the number of reports in one process
    atexit.register(gc.freeze)
    written_to_file = args.output != "-" and Path(args.output).is_file()
    print(
        f"Wrote {args.output} ({pages} pages, {len(runs)} runs).",
        file=sys.stdout if written_to_file else sys.stderr,  # not into a PDF on stdout
    )
    return 0


def _history_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--last", type=_positive, metavar="N", help="only the N most recent runs")
    add_db_option(p)
    p.set_defaults(handler=_cmd_history)


def _next_options(p: argparse.ArgumentParser) -> None:
    add_programme_option(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_db_option(p)
    p.set_defaults(handler=_cmd_next)


def _report_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--from", dest="first", type=_date, metavar="DATE", help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="last", type=_date, metavar="DATE", help="last day, YYYY-MM-DD")
    add_db_option(p)
    p.set_defaults(handler=_cmd_report)


#: ``history``, ``next`` and ``report`` (named, with their help, in ``cli.COMMANDS``).
OPTIONS = {"history": _history_options, "next": _next_options, "report": _report_options}
