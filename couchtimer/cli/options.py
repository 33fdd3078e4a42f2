"""What several commands share: naming a workout (``W4R1``, ``--week/--run``, ``--programme``),
the cue options and how they meet the saved settings, ``--db``, and the wall clock.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from couchtimer.core.errors import CouchTimerError

if TYPE_CHECKING:
    from datetime import datetime

    from couchtimer.core.cues import CueSettings
    from couchtimer.core.programme import Programme, Workout
    from couchtimer.core.settings import Value


_WORKOUT_CODE = re.compile(r"^[Ww](\d+)[Rr](\d+)$")


def parse_code(code: str) -> tuple[int, int]:
    match = _WORKOUT_CODE.match(code)
    if not match:
        raise CouchTimerError(f"{code!r} is not a workout; write it as W4R1 (week 4, run 1)")
    return int(match.group(1)), int(match.group(2))


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


def add_programme_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--programme",
        metavar="ID|PATH",
        help="a shipped programme id (default nhs-c25k) or the path of your own .toml file",
    )


def add_workout_options(parser: argparse.ArgumentParser, code: bool) -> None:
    if code:
        parser.add_argument("code", nargs="?", metavar="WxRy", help="workout, e.g. W4R1")
    parser.add_argument("--week", type=int, metavar="W")
    parser.add_argument("--run", type=int, metavar="R")
    add_programme_option(parser)


CUE_MODES = ("voice", "tones", "silent")  # CueMode's values; a test keeps the two in step


def cue_settings(args: argparse.Namespace, saved: Mapping[str, Value] | None = None) -> CueSettings:
    """The cues of ``run`` and ``export-audio``: the user's saved settings (``saved``, as the
    app's Settings dialog wrote them; the declared defaults when not given) through
    ``settings_file.saved_cue_settings``, each cue option given overriding its setting."""
    from dataclasses import replace

    from couchtimer.core.cues import CueMode
    from couchtimer.settings_file import saved_cue_settings

    base = saved_cue_settings(saved or {})
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


def utc_now() -> datetime:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def add_cue_options(parser: argparse.ArgumentParser) -> None:
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


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, metavar="PATH", help="the history database (default: the app's own)"
    )
