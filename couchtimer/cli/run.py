"""``couchtimer run [--terminal]``: a workout in the app or in this terminal, recorded into the
history (or its journal when the file cannot be written).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from couchtimer.cli.options import (
    add_cue_options,
    add_workout_options,
    cue_settings,
    select_workout,
    utc_now,
)
from couchtimer.clock import check_speed

if TYPE_CHECKING:
    from couchtimer.core.recording import Recorder
    from couchtimer.store import HistoryStore


def _stdin_fd() -> int | None:
    try:
        return sys.stdin.fileno() if sys.stdin is not None else None
    except (OSError, ValueError):
        return None


def _cmd_run(args: argparse.Namespace) -> int:
    from couchtimer.settings_file import saved_settings

    programme, workout = select_workout(args)
    saved = saved_settings()
    settings = cue_settings(args, saved)
    check_speed(args.speed)  # before any window or sound device opens
    if not args.terminal:
        from couchtimer.ui.app import GuiOptions, run_gui

        options = GuiOptions(
            speed=args.speed, start=(workout.week, workout.run), programme=args.programme
        )
        return run_gui(options)

    from couchtimer.audio import open_player
    from couchtimer.clock import ScaledClock, SystemClock
    from couchtimer.terminal import KeyReader, TerminalRunner, ending_on_signals

    clock = ScaledClock(SystemClock(), args.speed) if args.speed != 1 else SystemClock()
    # SIGTERM/SIGHUP end the run early like Ctrl+C: everything kept, the terminal's mode back.
    with ending_on_signals() as received:
        player = open_player(settings.volume, music=str(saved["music"]))
        store, problem = _terminal_store()
        journal_only = None
        try:
            recorder: Recorder
            if store is not None:
                recorder = store.recorder(utc_now)
            else:  # the file would not open: the run's journal still keeps it (store/journal)
                from couchtimer.store.journal_recorder import JournalRecorder
                from couchtimer.store.paths import default_db_path

                recorder = journal_only = JournalRecorder(default_db_path(), problem or "", utc_now)
            runner = TerminalRunner(
                programme,
                workout,
                player,
                clock,
                settings,
                speed=args.speed,
                keys=KeyReader(_stdin_fd()),
                recorder=recorder,
                utc_now=utc_now,
            )
            runner.run()
            if not received:
                player.wait_idle(10.0)  # let "Workout complete" finish before closing the device
        finally:
            if _hangup(received):  # the terminal is gone: nothing more can be shown on it
                _detach_output()
            player.close()
            if store is not None:
                close_store(store)
            if journal_only is not None and (kept := journal_only.close()) is not None:
                print(kept_message(kept), file=sys.stderr)
    return 128 + received[0] if received else 0


def _hangup(received: list[int]) -> bool:
    import signal

    return getattr(signal, "SIGHUP", None) in received


def _detach_output() -> None:
    sink = Path(os.devnull).open("w")  # noqa: SIM115 (kept for the rest of the process)
    sys.stdout = sys.stderr = sink


def kept_message(journal: Path) -> str:
    return (
        f"couchtimer: this run is kept in {journal}; it goes into your history the next time "
        "CouchTimer opens it with room to write (any couchtimer command, or the app)."
    )


def close_store(store: HistoryStore, flush_timeout: float | None = None) -> None:
    """Close the history after a terminal run; say where a run went that could not be written."""
    if flush_timeout is None:
        store.close()
    else:
        store.close(flush_timeout=flush_timeout)
    for path in store.rescued:
        print(
            f"couchtimer: the history file {store.path} could not be written, so this run was "
            f"saved to {path}. Add it to the history later with: couchtimer import {path}",
            file=sys.stderr,
        )
    if store.kept and not store.rescued:
        for journal in store.kept:
            print(kept_message(journal), file=sys.stderr)


def _terminal_store() -> tuple[HistoryStore | None, str | None]:
    """The history file for a terminal run; first, what to do with runs a crash left behind.

    Without a usable file the run still goes ahead, kept in its journal (see store/journal);
    the terminal says why (None and the reason).
    """
    from couchtimer.cli.store_commands import offer_recovery
    from couchtimer.store import HistoryStore, StoreError

    try:
        store = HistoryStore.open()
    except StoreError as exc:
        print(
            f"couchtimer: {exc} This run is kept aside and added to the history once the file "
            "can be used.",
            file=sys.stderr,
        )
        return None, str(exc)
    if store.moved_aside is not None:
        from couchtimer.cli.store_commands import moved_aside_message

        print(moved_aside_message(store.moved_aside))
    fd = _stdin_fd()
    if fd is not None and os.isatty(fd):
        offer_recovery(store)
    elif interrupted := store.interrupted_runs():
        print(
            f"{len(interrupted)} earlier run(s) did not finish; keep or discard them with "
            "'couchtimer recover [--discard]'."
        )
    return store, None


def _run_options(p: argparse.ArgumentParser) -> None:
    add_workout_options(p, code=True)
    p.add_argument("--terminal", action="store_true", help="run in the terminal, not the app")
    p.add_argument(
        "--speed", type=float, default=1.0, metavar="N", help="clock speed (demos and tests only)"
    )
    p.add_argument("--volume", type=float, metavar="0..1", help="default: your setting")
    add_cue_options(p)
    p.set_defaults(handler=_cmd_run)


#: ``run`` (named, with its help, in ``cli.COMMANDS``).
OPTIONS = {"run": _run_options}
