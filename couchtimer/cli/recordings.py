"""``couchtimer activity``, ``attach`` and ``import-activity``: watch and phone recordings from the
command line (the work is ``couchtimer.recordings``'); here the options and what is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from couchtimer.core.clocktext import clock_text
from couchtimer.core.history import utc_text
from couchtimer.core.terrain import TrackSummary, summarise
from couchtimer.core.text import printable
from couchtimer.core.track import SegmentMetrics, Track
from couchtimer.formats import read_activity

if TYPE_CHECKING:
    from couchtimer.store import HistoryStore
from couchtimer.recordings import Attachment, attach_recording, import_recording


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def activity_json(track: Track, summary: TrackSummary) -> dict[str, Any]:
    """What ``couchtimer activity --json`` prints (keys as in issue 15)."""
    return {
        "format": track.format,
        "device": track.device,
        "start": utc_text(track.start) if track.start else None,
        "end": utc_text(track.end) if track.end else None,
        "seconds": _round(summary.seconds),
        "distance_m": _round(summary.distance_m),
        "ascent_m": _round(summary.ascent_m),
        "descent_m": _round(summary.descent_m),
        "cadence_spm_median": _round(summary.cadence_spm_median),
        "heart_rate_median": _round(summary.heart_rate_median),
        "altitude": track.altitude.value,
        "pauses": [
            {"start": utc_text(p.start), "end": utc_text(p.end), "seconds": _round(p.seconds)}
            for p in track.pauses
        ],
        "laps": [
            {
                "start": utc_text(lap.start),
                "seconds": _round(lap.seconds),
                "distance_m": _round(
                    lap.distance_m if lap.distance_m is not None else m.distance_m
                ),
                "ascent_m": _round(m.ascent_m),
                "descent_m": _round(m.descent_m),
                "grade_percent": _round(m.grade_percent),
                "cadence_spm": _round(m.cadence_spm),
                "heart_rate": _round(m.heart_rate, 0),
            }
            for lap, m in summary.laps
        ],
        "warnings": list(track.warnings),
    }


def _figure(value: float | None, unit: str, digits: int = 0) -> str:
    return "-" if value is None else f"{value:.{digits}f} {unit}"


def activity_lines(track: Track, summary: TrackSummary) -> list[str]:
    start = track.start.strftime("%Y-%m-%d %H:%M:%S UTC") if track.start else "-"
    lines = [
        f"{track.format.upper()} from {printable(track.device) or 'an unnamed device'},"
        f" started {start}",
        f"Time {clock_text(summary.seconds)}, distance {_figure(summary.distance_m, 'm')},"
        f" up {_figure(summary.ascent_m, 'm')}, down {_figure(summary.descent_m, 'm')}"
        f" (altitude: {track.altitude.value})",
        f"Cadence {_figure(summary.cadence_spm_median, 'steps/min')},"
        f" heart rate {_figure(summary.heart_rate_median, 'bpm')} (medians)",
        f"{len(track.pauses)} pauses, {len(summary.laps)} laps",
    ]
    for number, (lap, m) in enumerate(summary.laps, start=1):
        distance = lap.distance_m if lap.distance_m is not None else m.distance_m
        lines.append(
            f"  lap {number}: {clock_text(lap.seconds)}, {_figure(distance, 'm')},"
            f" grade {_figure(m.grade_percent, '%', 1)}, cadence {_figure(m.cadence_spm, 'spm')}"
        )
    lines += [f"Warning: {printable(warning)}" for warning in track.warnings]
    return lines


def metrics_json(metrics: Iterable[SegmentMetrics]) -> list[dict[str, Any]]:
    return [
        {
            "index": m.index,
            "kind": m.kind.value,
            "coverage": round(m.coverage, 3),
            "distance_m": _round(m.distance_m),
            "pace_s_per_km": _round(m.pace_s_per_km, 0),
            "cadence_spm": _round(m.cadence_spm),
            "heart_rate": _round(m.heart_rate, 0),
            "ascent_m": _round(m.ascent_m),
            "descent_m": _round(m.descent_m),
            "grade_percent": _round(m.grade_percent),
            "downhill_share": _round(m.downhill_share, 2),
        }
        for m in metrics
    ]


def attachment_json(attachment: Attachment) -> dict[str, Any]:
    """What ``couchtimer attach --json`` and ``import-activity --json`` print (issue 15)."""
    return {
        "run": attachment.run_id,
        "offset_seconds": round(attachment.alignment.offset_seconds, 1),
        "method": attachment.alignment.method.value,
        "confidence": attachment.alignment.confidence,
        "warnings": list(attachment.warnings),
        "segments": metrics_json(attachment.metrics),
    }


def attachment_lines(attachment: Attachment) -> list[str]:
    a = attachment.alignment
    lines = [
        f"Attached {printable(attachment.source)} to run {attachment.run_id}"
        f" (offset {a.offset_seconds:+.0f} s by {a.method.value}, confidence {a.confidence:.2f})",
    ]
    for m in attachment.metrics:
        lines.append(
            f"  {m.index + 1:>2} {m.kind.heading:<9} {_figure(m.distance_m, 'm'):>7}"
            f"  grade {_figure(m.grade_percent, '%', 1):>7}"
            f"  cadence {_figure(m.cadence_spm, 'spm'):>7}  HR {_figure(m.heart_rate, 'bpm'):>7}"
            f"  covered {m.coverage:.0%}"
        )
    lines += [f"Warning: {printable(w)}" for w in attachment.warnings]
    return lines


def _activity_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_cmd_activity)


def _attach_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--run", type=int, metavar="ID", help="the run's id (history --json)")
    p.add_argument(
        "--offset",
        type=_offset,
        metavar="S",
        help="place the recording yourself: add S seconds to its times (e.g. -75 when it "
        "started 75 s before the run); without it, it is lined up on the clocks and the "
        "run/walk pattern",
    )
    _add_common(p)
    p.set_defaults(handler=_cmd_attach)


def _import_activity_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--run", required=True, metavar="WxRy", help="the workout run, e.g. W4R1")
    p.add_argument("--programme", metavar="ID|PATH", help="default: NHS Couch to 5K")
    _add_common(p)
    p.set_defaults(handler=_cmd_import_activity)


def _offset(text: str) -> float:
    """``--offset S``: seconds, within what ``core.alignment.manual`` accepts."""
    from couchtimer.core.alignment import MAX_MANUAL_SECONDS, manual

    try:
        value = float(text)
        manual(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an offset in seconds within ±{MAX_MANUAL_SECONDS // 3600} hours"
        ) from exc
    return value


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--keep-positions",
        action="store_true",
        help="also keep where you ran (GPS positions; left out unless you ask: they are sensitive)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--db", type=Path, metavar="PATH", help="the history database (default: the app's own)"
    )


def _cmd_activity(args: argparse.Namespace) -> int:
    track = read_activity(args.file)
    summary = summarise(track)
    if args.json:
        print(json.dumps(activity_json(track, summary)))
    else:
        print("\n".join(activity_lines(track, summary)))
    for warning in track.warnings if args.json else ():
        print(f"couchtimer: warning: {printable(warning)}", file=sys.stderr)
    return 0


def _print_attachment(attachment: Attachment, as_json: bool) -> None:
    if as_json:
        print(json.dumps(attachment_json(attachment)))
        for warning in attachment.warnings:
            print(f"couchtimer: warning: {printable(warning)}", file=sys.stderr)
    else:
        print("\n".join(attachment_lines(attachment)))


def _open_store(db: Path | None) -> HistoryStore:
    from couchtimer.store import HistoryStore

    return HistoryStore.open(db)


def _cmd_attach(args: argparse.Namespace) -> int:
    store = _open_store(args.db)
    try:
        attachment = attach_recording(
            store, args.file, args.run, keep_positions=args.keep_positions, offset=args.offset
        )
    finally:
        store.close()
    _print_attachment(attachment, args.json)
    return 0


def _cmd_import_activity(args: argparse.Namespace) -> int:
    from couchtimer.cli.options import parse_code
    from couchtimer.programmes import resolve_programme

    week, run_number = parse_code(args.run)
    programme = resolve_programme(args.programme)
    store = _open_store(args.db)
    try:
        attachment = import_recording(
            store, args.file, programme, week, run_number, keep_positions=args.keep_positions
        )
    finally:
        store.close()
    _print_attachment(attachment, args.json)
    return 0


#: The recordings' commands (named, with their help, in ``cli.COMMANDS``).
OPTIONS = {
    "activity": _activity_options,
    "attach": _attach_options,
    "import-activity": _import_activity_options,
}
