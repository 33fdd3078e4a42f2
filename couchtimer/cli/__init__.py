"""Command line: ``couchtimer [SUBCOMMAND]``. With no subcommand it opens the desktop app."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from couchtimer import __version__
from couchtimer.clock import check_speed
from couchtimer.core.errors import CouchTimerError
from couchtimer.core.text import printable

# Each command's module (cli/workouts.py, history.py, run.py, store_commands.py) loads when the
# parser is built: `couchtimer` alone opens the app, and everything imported here comes before its
# first frame (benchmarks/startup.py).

log = logging.getLogger(__name__)


Handler = Callable[[argparse.Namespace], int]


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
    from couchtimer.cli import history, run, workouts
    from couchtimer.cli.recordings import add_recording_commands
    from couchtimer.cli.store_commands import add_store_commands

    parser = argparse.ArgumentParser(
        prog="couchtimer",
        description="Interval run timer for Couch-to-5K programmes that records when it hurts.",
        epilog="With no command, the desktop app opens.",
    )
    _add_gui_options(parser, parser.add_argument_group("desktop app options (no COMMAND)"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    workouts.add_plan_commands(sub)
    add_store_commands(sub)
    add_recording_commands(sub)
    history.add_commands(sub)
    run.add_commands(sub)
    workouts.add_export_commands(sub)

    p = sub.add_parser("doctor", help="check Python, Qt, data folder, cue files and sound")
    p.add_argument("--sound", action="store_true", help="also play a short, quiet test tone")
    p.set_defaults(handler=_cmd_doctor)
    return parser


def _gui(args: argparse.Namespace) -> int:
    from couchtimer.ui.app import GuiOptions, run_gui

    check_speed(args.speed)
    start_next = args.start is not None and args.start.lower() == START_NEXT
    start = None
    if args.start and not start_next:  # fail before any window opens
        from couchtimer.cli.options import parse_code
        from couchtimer.programmes import resolve_programme

        start = parse_code(args.start)
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
