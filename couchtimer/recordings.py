"""Watch and phone recordings: the commands and the calls the app makes (issue 15).

``couchtimer activity FILE`` prints what a file holds without touching the history. Reading
(``couchtimer.formats.read_activity``) is blocking: the app calls everything here from a worker
thread, never from the UI thread.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from couchtimer.core.activity import per_second, planned_segments, timed_segments
from couchtimer.core.alignment import CONFIDENT, align, coarse_offset, overlap
from couchtimer.core.clocktext import clock_text as format_clock
from couchtimer.core.errors import CouchTimerError
from couchtimer.core.history import RunRecord, RunStatus, SegmentRecord, utc_text
from couchtimer.core.programme import Programme, Segment
from couchtimer.core.terrain import TrackSummary, segment_metrics, summarise
from couchtimer.core.text import printable
from couchtimer.core.track import Alignment, AlignMethod, SegmentMetrics, Track
from couchtimer.formats import read_activity

if TYPE_CHECKING:
    from couchtimer.store import HistoryStore


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
        f"Time {format_clock(summary.seconds)}, distance {_figure(summary.distance_m, 'm')},"
        f" up {_figure(summary.ascent_m, 'm')}, down {_figure(summary.descent_m, 'm')}"
        f" (altitude: {track.altitude.value})",
        f"Cadence {_figure(summary.cadence_spm_median, 'steps/min')},"
        f" heart rate {_figure(summary.heart_rate_median, 'bpm')} (medians)",
        f"{len(track.pauses)} pauses, {len(summary.laps)} laps",
    ]
    for number, (lap, m) in enumerate(summary.laps, start=1):
        distance = lap.distance_m if lap.distance_m is not None else m.distance_m
        lines.append(
            f"  lap {number}: {format_clock(lap.seconds)}, {_figure(distance, 'm')},"
            f" grade {_figure(m.grade_percent, '%', 1)}, cadence {_figure(m.cadence_spm, 'spm')}"
        )
    lines += [f"Warning: {printable(warning)}" for warning in track.warnings]
    return lines


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


def add_recording_commands(sub: Any) -> None:
    """Add the recording subcommands to the main parser's subparsers."""
    p = sub.add_parser(
        "activity", help="print what a watch or phone recording (FIT, GPX, TCX) holds"
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_cmd_activity)

    p = sub.add_parser(
        "attach", help="attach a watch or phone recording to the run it overlaps (or --run ID)"
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--run", type=int, metavar="ID", help="the run's id (history --json)")
    _add_common(p)
    p.set_defaults(handler=_cmd_attach)

    p = sub.add_parser(
        "import-activity", help="add a run done without the laptop from a recording of it"
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--run", required=True, metavar="WxRy", help="the workout run, e.g. W4R1")
    p.add_argument("--programme", metavar="ID|PATH", help="default: NHS Couch to 5K")
    _add_common(p)
    p.set_defaults(handler=_cmd_import_activity)


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


# --- attaching a recording to a run ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Attachment:
    """A recording read and measured against a run, ready to be stored (``store_attachment``)."""

    run_id: int
    track: Track  # at 1 Hz, without positions unless the runner kept them
    alignment: Alignment
    metrics: tuple[SegmentMetrics, ...]
    warnings: tuple[str, ...]
    source: str  # the file's name


def overlapping_run(runs: Sequence[RunRecord], track: Track) -> RunRecord | None:
    """The run whose time overlaps the recording most (by the clocks as they are, else with
    the whole-hour shift the alignment would try), or None."""
    best: tuple[float, RunRecord] | None = None
    for run in runs:
        segments = timed_segments(run)
        if not segments:
            continue
        base, method = coarse_offset(segments, track)
        if method is AlignMethod.NONE:
            continue
        share = overlap(segments, track, base) - abs(base) / 1e6  # equal: fewer hours off wins
        if best is None or share > best[0]:
            best = (share, run)
    return None if best is None else best[1]


def prepare_attachment(
    path: Path,
    run: RunRecord | None,
    runs: Sequence[RunRecord] = (),
    *,
    keep_positions: bool = False,
) -> Attachment:
    """Read ``path`` and measure it against ``run`` (or the one of ``runs`` it overlaps). Slow
    (reads and decodes the file): the app calls it in a worker thread; no database access."""
    track = read_activity(path)
    if run is None:
        run = overlapping_run(runs, track)
        if run is None:
            start = track.start.strftime("%Y-%m-%d %H:%M UTC") if track.start else "?"
            raise CouchTimerError(
                f"{path}: no recorded run overlaps this recording (it starts {start});"
                " name the run with --run ID (couchtimer history --json lists the ids)"
            )
    segments = timed_segments(run)
    if not segments:
        raise CouchTimerError(f"run {run.id} has no segments recorded to attach {path} to")
    alignment = align(segments, track)
    metrics = segment_metrics(segments, track, alignment.offset_seconds)
    warnings = list(track.warnings)
    if alignment.confidence < CONFIDENT:
        warnings.append(
            f"the recording could not be lined up with the run for sure ({alignment.notes[0]})"
        )
    return Attachment(
        run.id,
        per_second(track, keep_positions),
        alignment,
        metrics,
        tuple(warnings),
        path.name,
    )


def store_attachment(store: HistoryStore, attachment: Attachment, now: datetime) -> None:
    """Keep the recording with its run (quick: one transaction; the app's thread)."""
    from couchtimer.store.tracks import save_track

    save_track(
        store,
        attachment.run_id,
        attachment.track,
        attachment.alignment,
        attachment.metrics,
        attachment.source,
        now,
    )


def attach_recording(
    store: HistoryStore,
    path: Path,
    run_id: int | None = None,
    *,
    keep_positions: bool = False,
    now: datetime | None = None,
) -> Attachment:
    """Read ``path``, attach it to run ``run_id`` (or the run it overlaps) and keep it: the
    whole of ``couchtimer attach``. Blocking; ``store`` must belong to the calling thread."""
    if run_id is not None:
        run, runs = store.load_run(run_id), []
    else:
        run, runs = None, store.load_runs()
    attachment = prepare_attachment(path, run, runs, keep_positions=keep_positions)
    store_attachment(store, attachment, now or datetime.now(UTC))
    return attachment


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
            store, args.file, args.run, keep_positions=args.keep_positions
        )
    finally:
        store.close()
    _print_attachment(attachment, args.json)
    return 0


# --- a run done without the laptop ------------------------------------------------------------


def place_plan(planned: Sequence[Segment], track: Track) -> tuple[datetime, Alignment]:
    """Where a plan sits in a recording of it: its start, and how that was found. The plan is
    laid from the recording's start, then moved by the laps or the run/walk pattern."""
    if track.start is None:
        raise CouchTimerError("the recording has no samples")
    guess = planned_segments(planned, track.start)
    # The plan lies somewhere inside the recording (the watch started before the warm-up and
    # stopped after the cool-down): every start from the recording's first second to the last
    # one that leaves room for the plan, and a minute either side.
    room = (track.end - guess[-1].end).total_seconds() if track.end else 0.0
    alignment = align(guess, track, search=(-max(0, round(room)) - 60, 60))
    start = track.start - timedelta(seconds=alignment.offset_seconds)
    return start, alignment


def import_recording(
    store: HistoryStore,
    path: Path,
    programme: Programme,
    week: int,
    run_number: int,
    *,
    keep_positions: bool = False,
    now: datetime | None = None,
) -> Attachment:
    """Create the run ``week``/``run_number`` of ``programme`` from a recording of it, then
    attach the recording: ``couchtimer import-activity``. Blocking."""
    from couchtimer import __version__
    from couchtimer.store.transfer import insert_run

    workout = programme.workout(week, run_number)
    track = read_activity(path)
    start, alignment = place_plan(workout.segments, track)
    segments = planned_segments(workout.segments, start)
    at = 0.0
    visits: list[SegmentRecord] = []
    for segment in workout.segments:
        visits.append(
            SegmentRecord(
                len(visits), segment.kind, at, segment.seconds, at, float(segment.seconds)
            )
        )
        at += segment.seconds
    record = RunRecord(
        id=0,
        programme_id=programme.id,
        week=week,
        run=run_number,
        planned=workout.segments,
        started_at=start,
        ended_at=segments[-1].end,
        status=RunStatus.COMPLETED,
        app_version=__version__,
        segments=tuple(visits),
        uuid=str(uuid.uuid4()),
    )
    with store._writing() as conn:
        run_id = insert_run(conn, record)
    record = dataclasses.replace(record, id=run_id)
    placed = Alignment(0.0, alignment.method, alignment.confidence, alignment.notes)
    metrics = segment_metrics(segments, track)
    warnings = list(track.warnings)
    if alignment.confidence < CONFIDENT:
        warnings.append(
            "the plan could not be placed on the recording for sure; it starts with the"
            f" recording ({alignment.notes[0]})"
        )
    attachment = Attachment(
        run_id, per_second(track, keep_positions), placed, metrics, tuple(warnings), path.name
    )
    store_attachment(store, attachment, now or datetime.now(UTC))
    return attachment


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
