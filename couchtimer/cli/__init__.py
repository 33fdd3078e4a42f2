"""Command line: ``couchtimer [SUBCOMMAND]``. With no subcommand it opens the desktop app."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Any

from couchtimer import __version__
from couchtimer.clock import check_speed
from couchtimer.core.errors import CouchTimerError
from couchtimer.core.text import printable

# `couchtimer` alone opens the app, and everything imported here comes before its first frame
# (benchmarks/startup.py); a command's own module loads only when that command runs (COMMANDS).

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


#: Every command, in the order ``couchtimer --help`` lists them: its name, its line of help and
#: the module whose ``OPTIONS[name]`` adds its options and handler. The parser is built from this
#: table alone; a command's module is imported only when that command is parsed (``history``
#: loads neither the recordings' readers nor the store's exports), or when the whole parser is
#: asked for (``build_parser()``: the man page, tests).
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("programmes", "list the shipped programmes", "couchtimer.cli.workouts"),
    ("plan", "print one workout of a programme", "couchtimer.cli.workouts"),
    ("export", "write the run history as CSV or JSON", "couchtimer.cli.store_commands"),
    (
        "import",
        "add the runs of a JSON export (twice adds nothing)",
        "couchtimer.cli.store_commands",
    ),
    (
        "restore",
        "replace the history with a backup (close the app first; the current file is kept)",
        "couchtimer.cli.store_commands",
    ),
    ("backups", "list the daily backups of the history", "couchtimer.cli.store_commands"),
    (
        "recover",
        "save (or with --discard, delete) runs a crash left unfinished",
        "couchtimer.cli.store_commands",
    ),
    (
        "activity",
        "print what a watch or phone recording (FIT, GPX, TCX) holds",
        "couchtimer.cli.recordings",
    ),
    (
        "attach",
        "attach a watch or phone recording to the run it overlaps (or --run ID)",
        "couchtimer.cli.recordings",
    ),
    (
        "import-activity",
        "add a run done without the laptop from a recording of it",
        "couchtimer.cli.recordings",
    ),
    ("history", "print recorded runs with their pain summaries", "couchtimer.cli.history"),
    (
        "next",
        "the run to do next and the advice beside it (as Today)",
        "couchtimer.cli.history",
    ),
    ("report", "write a PDF report of runs and pain for a physio", "couchtimer.cli.history"),
    ("run", "run a workout (with --terminal: in this terminal)", "couchtimer.cli.run"),
    (
        "export-audio",
        "the whole workout as one audio file, every cue at its time",
        "couchtimer.cli.workouts",
    ),
    ("export-workout", "the workout as a FIT file for a watch", "couchtimer.cli.workouts"),
    ("doctor", "check Python, Qt, data folder, cue files and sound", "couchtimer.cli"),
)

#: What a command module gives for each of its commands: a function adding the command's
#: options (and ``handler``) to its parser.
AddOptions = Callable[[argparse.ArgumentParser], None]


def _doctor_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sound", action="store_true", help="also play a short, quiet test tone")
    p.set_defaults(handler=_cmd_doctor)


OPTIONS: dict[str, AddOptions] = {"doctor": _doctor_options}


if TYPE_CHECKING:
    _SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    _SubParsers = argparse._SubParsersAction


class _LazyCommands(_SubParsers):
    """The COMMAND argument: each command's parser is made, and gets its options from its
    module, when that command is the one parsed (or all at once: ``complete``). Until then a
    command is its name in ``choices`` (what argparse checks a command against, and lists when
    it is not one), standing for one shared empty parser, and its line of help (what
    ``couchtimer --help`` lists): a parser made and never used costs nearly as much as parsing
    the command line (argparse looks up its words' translations and the terminal's width)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._modules: dict[str, str] = {}
        self._ready: set[str] = set()
        self._unmade = argparse.ArgumentParser(add_help=False)

    def add_command(self, name: str, help_text: str, module: str) -> None:
        # what add_parser(name, help=help_text) does, but the parser
        self._choices_actions.append(self._ChoicesPseudoAction(name, (), help_text))
        self._name_parser_map[name] = self._unmade
        self._modules[name] = module

    def prepare(self, name: str) -> None:
        if name in self._ready or name not in self._modules:
            return
        # add_parser's parser, in the command's place in choices
        parser = self._parser_class(prog=f"{self._prog_prefix} {name}")
        self._name_parser_map[name] = parser
        options: AddOptions = import_module(self._modules[name]).OPTIONS[name]
        options(parser)
        self._ready.add(name)

    def complete(self) -> None:
        for name in self._modules:
            self.prepare(name)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        if isinstance(values, Sequence) and values:
            self.prepare(str(values[0]))
        super().__call__(parser, namespace, values, option_string)


def build_parser(complete: bool = True) -> argparse.ArgumentParser:
    """The ``couchtimer`` parser; ``complete=False`` (what ``main`` parses with) leaves each
    command's options to be added when that command is parsed, so only its module loads."""
    parser = argparse.ArgumentParser(
        prog="couchtimer",
        description="Interval run timer for Couch-to-5K programmes that records when it hurts.",
        epilog="With no command, the desktop app opens.",
    )
    _add_gui_options(parser, parser.add_argument_group("desktop app options (no COMMAND)"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", action=_LazyCommands)
    assert isinstance(sub, _LazyCommands)
    for name, help_text, module in COMMANDS:
        sub.add_command(name, help_text, module)
    if complete:
        sub.complete()
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
    args = (
        build_parser(complete=False).parse_args(arguments)
        if arguments
        else argparse.Namespace(**GUI_DEFAULTS)
    )
    return _dispatch(args)


class _LogFileWhenNeeded(logging.Handler):
    """Stands for the log file until a command logs its first record, which sets the file up
    (``logsetup.setup_logging``: its folders, and ``logging.handlers``, which loads socket,
    pickle and queue: 2.5 % of ``history --json``, which logs nothing). The file's handler is
    added to the same logger, after this one, so the record goes on to it. Where the file
    cannot be made, records go where they went before: to ``logging.lastResort`` (stderr)."""

    def __init__(self) -> None:
        super().__init__()
        self._asked = False
        self._made = False

    def emit(self, record: logging.LogRecord) -> None:
        if not self._asked:
            from couchtimer.logsetup import setup_logging

            self._asked = True
            self._made = setup_logging() is not None
        last = logging.lastResort
        if not self._made and last is not None and record.levelno >= last.level:
            last.handle(record)


def _log_when_needed() -> None:
    """Log INFO and above to the log file, set up at the first record (``_LogFileWhenNeeded``);
    once per process (tests run many commands in one)."""
    logger = logging.getLogger("couchtimer")
    if not any(isinstance(handler, _LogFileWhenNeeded) for handler in logger.handlers):
        logger.setLevel(logging.INFO)  # as setup_logging does: INFO records reach the handler
        logger.addHandler(_LogFileWhenNeeded())


def _keep_dataclass_code() -> None:
    """A command's dataclasses take their methods' code from the cache folder
    (``dataclass_code``: 4 % of ``report`` and ``history``); before its module loads."""
    from couchtimer.dataclass_code import keep_dataclass_code
    from couchtimer.userdirs import user_cache_dir

    keep_dataclass_code(user_cache_dir())


def _dispatch(args: argparse.Namespace) -> int:
    handler: Handler = getattr(args, "handler", _gui)
    if handler is not _gui:  # the app sets up its log once its window shows (start-up time)
        _log_when_needed()
        _keep_dataclass_code()
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
