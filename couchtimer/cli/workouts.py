"""``couchtimer programmes``, ``plan``, ``export-audio`` and ``export-workout``: a programme's
workouts, named ``W4R1`` or ``--week/--run``, printed or written as files for other devices.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from couchtimer.cli.options import (
    add_cue_options,
    add_workout_options,
    cue_settings,
    select_workout,
    utc_now,
)
from couchtimer.core.clocktext import clock_text
from couchtimer.core.text import printable

if TYPE_CHECKING:
    from couchtimer.core.programme import Programme, Workout


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
        f"({clock_text(workout.total_seconds)} in all)"
    ]
    from couchtimer.core.placement import segment_names
    from couchtimer.core.programme import SegmentKind

    for index, (segment, name) in enumerate(
        zip(workout.segments, segment_names(workout.segments), strict=True)
    ):
        # A run numbered as the app names it ("run 2 of 4"); the only run of a workout is just
        # "Run", which the heading already says, so it shows its label, as the walks do.
        numbered = segment.kind is SegmentKind.RUN and name != segment.kind.heading
        note = name[0].lower() + name[1:] if numbered else segment.label
        lines.append(
            f"{index + 1:>3}  {segment.kind.heading:<10}{clock_text(segment.seconds):>6}  {note}"
        )
    return printable("\n".join(lines), keep_newlines=True)


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


def _cmd_export_audio(args: argparse.Namespace) -> int:
    from couchtimer.audio import check_cues
    from couchtimer.export.audio import export_audio
    from couchtimer.settings_file import saved_settings

    programme, workout = select_workout(args)
    settings = cue_settings(args, saved_settings())
    done = export_audio(workout, settings, check_cues(), Path(args.output), music=args.music)
    print(
        printable(
            f"Wrote {done.path}: {clock_text(done.seconds)} of audio with {len(done.cues)} "
            f"cues (week {workout.week}, run {workout.run} of {programme.name})."
        )
    )
    return 0


def _cmd_export_workout(args: argparse.Namespace) -> int:
    from couchtimer.export.fit_workout import export_workout

    programme, workout = select_workout(args)
    steps = export_workout(programme, workout, Path(args.output), utc_now())
    print(
        printable(
            f"Wrote {args.output}: {steps} steps, {clock_text(workout.total_seconds)} "
            f"(week {workout.week}, run {workout.run} of {programme.name})."
        )
    )
    print(WATCH_HINT)
    return 0


WATCH_HINT = (
    "Connect the watch by USB and copy the file into its GARMIN/NewFiles folder; the watch "
    "lists it with its workouts (on a Garmin: Training > Workouts)."
)


def _programmes_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_cmd_programmes)


def _plan_options(p: argparse.ArgumentParser) -> None:
    add_workout_options(p, code=True)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_cmd_plan)


def _export_audio_options(p: argparse.ArgumentParser) -> None:
    add_workout_options(p, code=True)
    p.add_argument("-o", "--output", required=True, metavar="FILE.ogg|.mp3|.flac|.wav")
    p.add_argument("--music", type=Path, metavar="FILE", help="music to play under the cues")
    add_cue_options(p)
    p.set_defaults(handler=_cmd_export_audio, volume=None)


def _export_workout_options(p: argparse.ArgumentParser) -> None:
    add_workout_options(p, code=True)
    p.add_argument("-o", "--output", required=True, metavar="FILE.fit")
    p.set_defaults(handler=_cmd_export_workout)


#: ``programmes``, ``plan``, ``export-audio`` and ``export-workout`` (named, with their help,
#: in ``cli.COMMANDS``).
OPTIONS = {
    "programmes": _programmes_options,
    "plan": _plan_options,
    "export-audio": _export_audio_options,
    "export-workout": _export_workout_options,
}
