"""The store's command-line subcommands: export, import, restore, recover."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # the store itself loads when a store command runs, not to build the parser
    from couchtimer.core.history import RunRecord
    from couchtimer.store.database import HistoryStore


def _now() -> datetime:
    return datetime.now(UTC)


def _db(args: argparse.Namespace) -> Path:
    from couchtimer.store.paths import default_db_path  # platformdirs: only when a command runs

    return Path(args.db) if args.db else default_db_path()


def _open(args: argparse.Namespace, reading: bool = False) -> HistoryStore:
    """The history file for export (``reading``: opened for reading where it cannot be
    written, its integrity check skipped when a stamp vouches for it), import and recover
    (opened for writing, checked); it takes in once what an older CouchTimer kept in
    settings.ini (the export then carries it)."""
    from couchtimer.settings_file import carry_red_flags
    from couchtimer.store.database import HistoryStore

    store = HistoryStore.open(_db(args), read_only_ok=reading, reading=reading)
    carry_red_flags(store)
    if store.moved_aside is not None:
        print(moved_aside_message(store.moved_aside))
    if store.read_only is not None:
        print(f"couchtimer: {store.read_only}", file=sys.stderr)
    return store


def moved_aside_message(moved_to: Path) -> str:
    """What to tell the user when the history file was damaged and moved aside on opening."""
    return (
        f"The history file was damaged and has been moved to {moved_to}; "
        "a fresh one was started. Restore a backup with: couchtimer restore BACKUP"
    )


def describe_run(run: RunRecord) -> str:
    local = run.started_at.astimezone()
    marks = f", {len(run.marks)} pain marks" if run.marks else ""
    return (
        f"{run.code} of {run.programme_id}, started {local:%a %d %b %Y %H:%M}: "
        f"{len(run.segments)} of {len(run.planned)} segments recorded{marks}"
    )


def cmd_export(args: argparse.Namespace) -> int:
    from couchtimer.formats.registry import guess_history_format
    from couchtimer.store import transfer

    fmt = args.format or guess_history_format(str(args.output))
    with _open(args, reading=True) as store:
        # args.output as given: Path("") would be "." (the folder), and "-" is standard output
        count = transfer.export_history(store, args.output, fmt, _now())
    print(f"Exported {count} runs to {args.output} ({fmt}).", file=_summary_stream(args.output))
    return 0


def _summary_stream(output: str) -> TextIO:
    """Where to say what was written: not into the data when it went to stdout or a stream."""
    return sys.stdout if output != "-" and Path(output).is_file() else sys.stderr


def cmd_import(args: argparse.Namespace) -> int:
    from couchtimer.store import transfer

    with _open(args) as store:
        result = transfer.import_history(store, Path(args.file))
    print(
        f"Imported {result.added} runs from {args.file}; "
        f"{result.already_there} were already in the history."
    )
    if result.cleared_at is not None:
        print(
            f"It also says a doctor or physio saw you on {result.cleared_at:%d %b %Y %H:%M} "
            "UTC: red-flag answers from runs before then no longer hold the programme."
        )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from couchtimer.store import backup
    from couchtimer.store.database import HistoryStore

    db_path = _db(args)
    moved = backup.restore(Path(args.backup), db_path, _now())
    with HistoryStore.open(db_path, backups=False) as store:
        count = store.count_runs()
    if moved is not None:
        print(f"The history file before the restore was kept as {moved}.")
    print(f"Restored {args.backup}: the history now holds {count} runs.")
    return 0


def offer_recovery(
    store: HistoryStore,
    ask: Callable[[str], str] = input,
    say: Callable[[str], None] = print,
) -> list[tuple[RunRecord, bool]]:
    """For a terminal start: offer each interrupted run as "Save what was done" or "Discard".

    Enter (or anything but d) saves, as the issue asks the default to be. Returns each run with
    whether it was kept. End of input counts as Enter.
    """
    handled = []
    for run in store.interrupted_runs():
        say(f"A run did not finish: {describe_run(run)}.")
        try:
            answer = ask("Save what was done (S) or discard it (d)? [S/d] ")
        except EOFError:
            answer = ""
        keep = not answer.strip().lower().startswith("d")
        store.resolve_interrupted(run.id, keep=keep)
        say("Saved, marked as ended early." if keep else "Discarded.")
        handled.append((run, keep))
    return handled


def cmd_recover(args: argparse.Namespace) -> int:
    """Deal with runs a crash left unfinished: keep them as ended early, or discard them."""
    with _open(args) as store:
        runs = store.interrupted_runs()
        if not runs:
            print("No interrupted runs.")
            return 0
        for run in runs:
            store.resolve_interrupted(run.id, keep=not args.discard)
            verb = "Discarded" if args.discard else "Saved what was done of"
            print(f"{verb} {describe_run(run)}.")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from couchtimer.store import backup

    found = backup.backups(_db(args))
    if not found:
        print("No backups yet (one is made each day CouchTimer opens the history).")
    for path in found:
        print(path)
    return 0


def _add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        # Not the path itself: working it out would load platformdirs for every start of the app.
        help="the history file (default: the app's own; 'couchtimer doctor' shows where)",
    )


def _export_options(p: argparse.ArgumentParser) -> None:
    from couchtimer.formats.registry import HISTORY_FORMATS

    p.add_argument("--format", choices=sorted(HISTORY_FORMATS), help="default: from the file name")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    _add_db_option(p)
    p.set_defaults(handler=cmd_export)


def _import_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE.json")
    _add_db_option(p)
    p.set_defaults(handler=cmd_import)


def _restore_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("backup", metavar="BACKUP")
    _add_db_option(p)
    p.set_defaults(handler=cmd_restore)


def _backups_options(p: argparse.ArgumentParser) -> None:
    _add_db_option(p)
    p.set_defaults(handler=cmd_backups)


def _recover_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--discard", action="store_true", help="delete them instead of saving")
    _add_db_option(p)
    p.set_defaults(handler=cmd_recover)


#: The store's commands (named, with their help, in ``cli.COMMANDS``).
OPTIONS = {
    "export": _export_options,
    "import": _import_options,
    "restore": _restore_options,
    "backups": _backups_options,
    "recover": _recover_options,
}
