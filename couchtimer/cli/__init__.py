"""Command line: ``couchtimer [SUBCOMMAND]``. With no subcommand it opens the desktop app."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from couchtimer import __version__
from couchtimer.clock import check_speed
from couchtimer.core.clocktext import clock_text
from couchtimer.core.errors import CouchTimerError
from couchtimer.core.text import printable

# Programmes, datetime and the store load where a command needs them: `couchtimer` alone opens
# the app, and everything imported here comes before its first frame (benchmarks/startup.py).
if TYPE_CHECKING:
    from datetime import date, datetime

    from couchtimer.core.advice import AdviceEntry
    from couchtimer.core.cues import CueSettings
    from couchtimer.core.history import RunRecord
    from couchtimer.core.programme import Programme, Workout
    from couchtimer.core.settings import Value
    from couchtimer.store import HistoryStore

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace], int]
CUE_MODES = ("voice", "tones", "silent")  # CueMode's values; a test keeps the two in step
_WORKOUT_CODE = re.compile(r"^[Ww](\d+)[Rr](\d+)$")


def format_clock(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss``), rounded up; see ``couchtimer.core.clocktext``."""
    return clock_text(seconds)


def workout_json(programme: Programme, workout: Workout) -> dict[str, Any]:
    return {
        "programme": programme.id,
        "week": workout.week,
        "run": workout.run,
        "total_seconds": workout.total_seconds,
        "segments": [
            {"kind": str(s.kind), "seconds": s.seconds, "label": s.label} for s in workout.segments
        ],
    }


def workout_text(programme: Programme, workout: Workout) -> str:
    """The workout as ``plan`` prints it; text from the file cannot act on the terminal."""
    lines = [
        f"{programme.name}: week {workout.week}, run {workout.run} "
        f"({format_clock(workout.total_seconds)} in all)"
    ]
    for index, segment in enumerate(workout.segments):
        ordinal = workout.run_ordinal(index)
        note = f"run {ordinal[0]} of {ordinal[1]}" if ordinal else segment.label
        lines.append(
            f"{index + 1:>3}  {segment.kind.heading:<10}{format_clock(segment.seconds):>6}  {note}"
        )
    return printable("\n".join(lines), keep_newlines=True)


def select_workout(args: argparse.Namespace) -> tuple[Programme, Workout]:
    """The workout named by ``W4R1`` or ``--week/--run`` in the chosen programme."""
    from couchtimer.programmes import resolve_programme

    programme = resolve_programme(args.programme)
    week, run = args.week, args.run
    code = getattr(args, "code", None)
    if code:
        week, run = parse_code(code)
    if week is None or run is None:
        raise CouchTimerError("say which workout: W4R1, or --week 4 --run 1")
    return programme, programme.workout(week, run)


def _add_programme_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--programme",
        metavar="ID|PATH",
        help="a shipped programme id (default nhs-c25k) or the path of your own .toml file",
    )


def _add_workout_options(parser: argparse.ArgumentParser, code: bool) -> None:
    if code:
        parser.add_argument("code", nargs="?", metavar="WxRy", help="workout, e.g. W4R1")
    parser.add_argument("--week", type=int, metavar="W")
    parser.add_argument("--run", type=int, metavar="R")
    _add_programme_option(parser)


def _cmd_programmes(args: argparse.Namespace) -> int:
    from couchtimer.programmes import shipped_programmes

    programmes = shipped_programmes()
    if args.json:
        rows = [
            {
                "id": p.id,
                "name": p.name,
                "weeks": len(p.weeks),
                "workouts": len(p.workouts),
                "description": p.description,
            }
            for p in programmes
        ]
        import json

        print(json.dumps(rows, indent=2))
        return 0
    for p in programmes:
        print(printable(f"{p.id:<16}{p.name} ({len(p.weeks)} weeks, {len(p.workouts)} runs)"))
        if p.description:
            print(printable(f"{'':<16}{p.description}"))
    return 0


def _cmd_plan(args: argparse.Namespace) -> int:
    programme, workout = select_workout(args)
    if args.json:
        import json

        print(json.dumps(workout_json(programme, workout), indent=2))
    else:
        print(workout_text(programme, workout))
    return 0


FIRST_YEAR, LAST_YEAR = 2000, 2100  # the dates a run may have (store/transfer.py LIMITS)


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


def load_history(
    db: Path | None, first: date | None = None, last: date | None = None
) -> list[RunRecord]:
    """Runs from the history database, oldest first; ``first``/``last`` are whole days where
    the runner is (their local calendar days, ``history.local_day``)."""
    from datetime import UTC, datetime, time, timedelta

    from couchtimer.core.analysis import in_date_order
    from couchtimer.core.history import in_days
    from couchtimer.store import HistoryStore

    # A day a side to spare for any time zone; in_days below keeps the runner's days exactly.
    since = datetime.combine(first - timedelta(days=1), time(), UTC) if first else None
    until = datetime.combine(last + timedelta(days=2), time(), UTC) if last else None
    store = HistoryStore.open(db, read_only_ok=True)  # reading is all these commands do
    if store.moved_aside is not None:
        from couchtimer.cli.store_commands import moved_aside_message

        # stderr: stdout may be JSON for a script
        print(moved_aside_message(store.moved_aside), file=sys.stderr)
    if store.read_only is not None:
        print(f"couchtimer: {store.read_only}", file=sys.stderr)
    try:
        runs = store.load_runs(since=since, until=until)
    finally:
        store.close()
    return [run for run in in_date_order(runs) if in_days(run.started_at, first, last)]


def load_advice(db: Path | None) -> list[AdviceEntry]:
    """The advice log (every suggestion shown, oldest first), read only."""
    from couchtimer.store import HistoryStore

    store = HistoryStore.open(db, read_only_ok=True)
    try:
        return store.advice_log()
    finally:
        store.close()


def _add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, metavar="PATH", help="the history database (default: the app's own)"
    )


def _cmd_history(args: argparse.Namespace) -> int:
    import json

    from couchtimer.report.history_text import history_json, history_lines
    from couchtimer.settings_file import red_flags_cleared_at

    everything = load_history(args.db)
    runs = everything[-args.last :] if args.last is not None else everything
    cleared_at = red_flags_cleared_at()  # "seen by a doctor or physio", as set in the app
    advice = load_advice(args.db)
    if args.json:
        # compact: the C encoder (indent= falls back to the pure-Python one, 5x slower)
        print(json.dumps(history_json(runs, cleared_at, all_runs=everything, advice=advice)))
    else:
        print("\n".join(history_lines(runs, cleared_at, all_runs=everything, advice=advice)))
    return 0


def _cmd_next(args: argparse.Namespace) -> int:
    """The run Today offers next and the advice beside it, from the same rule
    (``core.nextrun.next_run``) and the same settings (seen by a doctor, the week you are in)."""
    import json

    from couchtimer.core.guidance import NOT_MEDICAL_ADVICE, Action, urgent_advice_for
    from couchtimer.core.nextrun import next_run
    from couchtimer.programmes import resolve_programme
    from couchtimer.settings_file import red_flags_cleared_at, start_week

    programme = resolve_programme(args.programme)
    runs = load_history(args.db)
    cleared_at = red_flags_cleared_at()
    chosen = next_run(programme, runs, cleared_at=cleared_at, start_week=start_week(programme.id))
    if args.json:
        print(json.dumps(chosen.to_json()))
        return 0
    from couchtimer.core.advice import in_force
    from couchtimer.core.findings import findings, recent
    from couchtimer.core.hints import hints_for
    from couchtimer.report.history_text import hint_lines

    log = load_advice(args.db)
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
    runs = load_history(args.db, args.first, args.last)
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from couchtimer.core.history import in_days
    from couchtimer.report.pdf import write_report

    app = QApplication.instance() or QApplication(["couchtimer"])
    from couchtimer.settings_file import red_flags_cleared_at

    pages = write_report(
        runs,
        args.output,
        _utc_now(),
        args.first,
        args.last,
        cleared_at=red_flags_cleared_at(),
        advice=[e for e in load_advice(args.db) if in_days(e.at, args.first, args.last)],
    )
    del app
    written_to_file = args.output != "-" and Path(args.output).is_file()
    print(
        f"Wrote {args.output} ({pages} pages, {len(runs)} runs).",
        file=sys.stdout if written_to_file else sys.stderr,  # not into a PDF on stdout
    )
    return 0


def cue_settings(args: argparse.Namespace, saved: Mapping[str, Value] | None = None) -> CueSettings:
    """Cue settings for ``run``: the user's saved settings (``saved``, as the app's Settings
    dialog wrote them; the declared defaults when not given), each option given overriding
    its setting. The one mapping from settings to cues is ``ui.wiring.cue_settings``."""
    from dataclasses import replace

    from couchtimer.core.cues import CueMode
    from couchtimer.ui.wiring import cue_settings as from_settings

    base = from_settings(saved or {})
    changes: dict[str, Any] = {}
    if args.cues is not None:
        changes["mode"] = CueMode(args.cues)
    if args.no_countdown:
        changes["countdown"] = False
    if args.no_halfway:
        changes["halfway"] = False
    if args.volume is not None:
        changes["volume"] = args.volume
    if args.metronome is not None:
        changes |= {"metronome": True, "metronome_spm": args.metronome}
    if args.form_reminders is not None:
        changes |= {"form_reminders": True, "form_reminder_minutes": args.form_reminders}
    return replace(base, **changes)


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
    from couchtimer.terminal import KeyReader, RecorderBridge, TerminalRunner, ending_on_signals

    clock = ScaledClock(SystemClock(), args.speed) if args.speed != 1 else SystemClock()
    # SIGTERM/SIGHUP end the run early like Ctrl+C: everything kept, the terminal's mode back.
    with ending_on_signals() as received:
        player = open_player(settings.volume, music=str(saved["music"]))
        store, problem = _terminal_store()
        journal_only = None
        try:
            if store is not None:
                bridge = RecorderBridge(store.recorder(_utc_now), programme.id, workout, _utc_now)
            else:  # the file would not open: the run's journal still keeps it (store/journal)
                from couchtimer.store.paths import default_db_path
                from couchtimer.store.recorder import JournalRecorder

                journal_only = JournalRecorder(default_db_path(), problem or "", _utc_now)
                bridge = RecorderBridge(journal_only, programme.id, workout, _utc_now)
            runner = TerminalRunner(
                programme,
                workout,
                player,
                clock,
                settings,
                speed=args.speed,
                keys=KeyReader(_stdin_fd()),
                recorder=bridge,
            )
            runner.run()
            wait_idle = getattr(player, "wait_idle", None)
            if wait_idle is not None and not received:
                wait_idle(10.0)  # let "Workout complete" finish before closing the device
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


def _utc_now() -> datetime:
    from datetime import UTC, datetime

    return datetime.now(UTC)


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


def _add_cue_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cues", choices=CUE_MODES, help="voice, tones or silent (default: your setting)"
    )
    parser.add_argument(
        "--no-countdown", action="store_true", help="no pips 3-2-1 s before a change"
    )
    parser.add_argument("--no-halfway", action="store_true", help="no halfway cue in long runs")
    parser.add_argument(
        "--metronome", type=int, metavar="SPM", help="click at SPM steps a minute during runs"
    )
    parser.add_argument(
        "--form-reminders", type=int, metavar="MIN", help="a running-form reminder every MIN min"
    )


def _cmd_export_audio(args: argparse.Namespace) -> int:
    from couchtimer.audio import check_cues
    from couchtimer.export.audio import export_audio
    from couchtimer.settings_file import saved_settings

    programme, workout = select_workout(args)
    settings = cue_settings(args, saved_settings())
    done = export_audio(workout, settings, check_cues(), Path(args.output), music=args.music)
    print(
        printable(
            f"Wrote {done.path}: {format_clock(done.seconds)} of audio with {len(done.cues)} "
            f"cues (week {workout.week}, run {workout.run} of {programme.name})."
        )
    )
    return 0


def _cmd_export_workout(args: argparse.Namespace) -> int:
    from couchtimer.export.fit_workout import export_workout

    programme, workout = select_workout(args)
    steps = export_workout(programme, workout, Path(args.output), _utc_now())
    print(
        printable(
            f"Wrote {args.output}: {steps} steps, {format_clock(workout.total_seconds)} "
            f"(week {workout.week}, run {workout.run} of {programme.name})."
        )
    )
    print(WATCH_HINT)
    return 0


WATCH_HINT = (
    "Connect the watch by USB and copy the file into its GARMIN/NewFiles folder; the watch "
    "lists it with its workouts (on a Garmin: Training > Workouts)."
)


def _cmd_doctor(args: argparse.Namespace) -> int:
    from couchtimer.doctor import run_doctor

    return run_doctor(sound=args.sound)


def _add_gui_options(parser: argparse.ArgumentParser, gui: argparse._ArgumentGroup) -> None:
    """The options of the desktop app: ``couchtimer`` without a command and ``couchtimer-gui``
    take the same ones, declared here once."""
    parser.add_argument("--version", action="version", version=f"couchtimer {__version__}")
    gui.add_argument(
        "--programme", dest="gui_programme", metavar="ID|PATH", help="open with this programme"
    )
    gui.add_argument(
        "--start",
        metavar="WxRy|next",
        help="start this run at once, e.g. W4R1; 'next' starts the run Today offers",
    )
    gui.add_argument(
        "--speed", type=float, default=1.0, metavar="N", help="run the clock N times faster (demos)"
    )
    gui.add_argument("--quit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)


def build_gui_parser() -> argparse.ArgumentParser:
    """``couchtimer-gui``: the desktop app's options, without commands."""
    parser = argparse.ArgumentParser(
        prog="couchtimer-gui",
        description="Open the CouchTimer desktop app (as couchtimer does without a command).",
    )
    _add_gui_options(parser, parser.add_argument_group("desktop app options"))
    return parser


def build_parser() -> argparse.ArgumentParser:
    from couchtimer.cli.store_commands import add_store_commands
    from couchtimer.recordings import add_recording_commands

    parser = argparse.ArgumentParser(
        prog="couchtimer",
        description="Interval run timer for Couch-to-5K programmes that records when it hurts.",
        epilog="With no command, the desktop app opens.",
    )
    _add_gui_options(parser, parser.add_argument_group("desktop app options (no COMMAND)"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("programmes", help="list the shipped programmes")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_cmd_programmes)

    p = sub.add_parser("plan", help="print one workout of a programme")
    _add_workout_options(p, code=True)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_cmd_plan)

    add_store_commands(sub)
    add_recording_commands(sub)

    p = sub.add_parser("history", help="print recorded runs with their pain summaries")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--last", type=_positive, metavar="N", help="only the N most recent runs")
    _add_db_option(p)
    p.set_defaults(handler=_cmd_history)

    p = sub.add_parser("next", help="the run to do next and the advice beside it (as Today)")
    _add_programme_option(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    _add_db_option(p)
    p.set_defaults(handler=_cmd_next)

    p = sub.add_parser("report", help="write a PDF report of runs and pain for a physio")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--from", dest="first", type=_date, metavar="DATE", help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="last", type=_date, metavar="DATE", help="last day, YYYY-MM-DD")
    _add_db_option(p)
    p.set_defaults(handler=_cmd_report)
    p = sub.add_parser("run", help="run a workout (with --terminal: in this terminal)")
    _add_workout_options(p, code=True)
    p.add_argument("--terminal", action="store_true", help="run in the terminal, not the app")
    p.add_argument(
        "--speed", type=float, default=1.0, metavar="N", help="clock speed (demos and tests only)"
    )
    p.add_argument("--volume", type=float, metavar="0..1", help="default: your setting")
    _add_cue_options(p)
    p.set_defaults(handler=_cmd_run)

    p = sub.add_parser(
        "export-audio", help="the whole workout as one audio file, every cue at its time"
    )
    _add_workout_options(p, code=True)
    p.add_argument("-o", "--output", required=True, metavar="FILE.ogg|.mp3|.flac|.wav")
    p.add_argument("--music", type=Path, metavar="FILE", help="music to play under the cues")
    _add_cue_options(p)
    p.set_defaults(handler=_cmd_export_audio, volume=None)

    p = sub.add_parser("export-workout", help="the workout as a FIT file for a watch")
    _add_workout_options(p, code=True)
    p.add_argument("-o", "--output", required=True, metavar="FILE.fit")
    p.set_defaults(handler=_cmd_export_workout)

    p = sub.add_parser("doctor", help="check Python, Qt, data folder, cue files and sound")
    p.add_argument("--sound", action="store_true", help="also play a short, quiet test tone")
    p.set_defaults(handler=_cmd_doctor)
    return parser


def parse_code(code: str) -> tuple[int, int]:
    match = _WORKOUT_CODE.match(code)
    if not match:
        raise CouchTimerError(f"{code!r} is not a workout; write it as W4R1 (week 4, run 1)")
    return int(match.group(1)), int(match.group(2))


def _gui(args: argparse.Namespace) -> int:
    from couchtimer.ui.app import GuiOptions, run_gui

    check_speed(args.speed)
    start_next = args.start is not None and args.start.lower() == START_NEXT
    start = parse_code(args.start) if args.start and not start_next else None
    if start is not None:  # fail before any window opens
        from couchtimer.programmes import resolve_programme

        resolve_programme(args.gui_programme).workout(*start)
    return run_gui(
        GuiOptions(
            speed=args.speed,
            start=start,
            quit_after=args.quit_after,
            programme=args.gui_programme,
            start_next=start_next,
        )
    )


#: ``--start next``: the run Today offers (the desktop entry's "Start next run" action).
START_NEXT = "next"


#: What the parser gives for no arguments at all (a test keeps the two in step).
GUI_DEFAULTS: dict[str, Any] = {
    "command": None,
    "gui_programme": None,
    "start": None,
    "speed": 1.0,
    "quit_after": None,
}


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    # No arguments is how the desktop entry starts the app: then no parser is built (5 ms).
    args = build_parser().parse_args(arguments) if arguments else argparse.Namespace(**GUI_DEFAULTS)
    return _dispatch(args)


def _dispatch(args: argparse.Namespace) -> int:
    handler: Handler = getattr(args, "handler", _gui)
    if handler is not _gui:  # the app sets up its log once its window shows (start-up time)
        from couchtimer.logsetup import setup_logging

        setup_logging()
    try:
        return handler(args)
    except CouchTimerError as exc:
        print(f"couchtimer: {printable(str(exc), keep_newlines=True)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: logged with its traceback, one line says where
        from couchtimer.logsetup import report_bug

        return report_bug(exc)


def gui_main(argv: Sequence[str] | None = None) -> int:
    """``couchtimer-gui [OPTIONS]``: the desktop app with the options ``couchtimer`` takes
    without a command (``--start``, ``--programme``, ``--speed``, ...)."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = (
        build_gui_parser().parse_args(arguments)
        if arguments
        else argparse.Namespace(**GUI_DEFAULTS)
    )
    return _dispatch(args)
