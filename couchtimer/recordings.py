"""Watch and phone recordings: reading one, placing a plan on it, attaching it to a run (issue 15).

The app and the commands (``cli/recordings.py``) both call these. Reading
(``couchtimer.formats.read_activity``) is blocking: the app calls everything here from a worker
thread, never from the UI thread.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from couchtimer.core.activity import per_second, planned_segments, timed_segments
from couchtimer.core.alignment import CONFIDENT, align, coarse_offset, overlap
from couchtimer.core.alignment import manual as manual_alignment
from couchtimer.core.errors import CouchTimerError
from couchtimer.core.history import RunRecord, RunStatus, SegmentRecord
from couchtimer.core.pain import PainMark
from couchtimer.core.programme import Programme, Segment, Workout
from couchtimer.core.terrain import segment_metrics
from couchtimer.core.track import Alignment, AlignMethod, SegmentMetrics, Track
from couchtimer.formats import read_activity
from couchtimer.store.outdoor import record_planned_run

if TYPE_CHECKING:
    from couchtimer.store import HistoryStore


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
    offset: float | None = None,
) -> Attachment:
    """Read ``path`` and measure it against ``run`` (or the one of ``runs`` it overlaps),
    lined up by ``align`` or, given ``offset`` (seconds), placed there by the runner. Slow
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
    alignment = align(segments, track) if offset is None else manual_alignment(offset)
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


def measure_at(run: RunRecord, track: Track, offset: float) -> tuple[SegmentMetrics, ...]:
    """The run's per-segment figures with ``track`` moved by ``offset`` seconds (History's
    slider re-measures the kept 1 Hz samples with it as the runner moves them)."""
    return segment_metrics(timed_segments(run), track, offset)


def move_recording(store: HistoryStore, run_id: int, offset: float) -> Alignment:
    """Put the recording kept with run ``run_id`` at ``offset`` seconds, placed by the runner,
    and keep the figures measured there. Blocking (one run's samples); the store's thread."""
    from couchtimer.store.errors import StoreError
    from couchtimer.store.tracks import load_track, save_alignment

    kept = load_track(store, run_id)
    if kept is None:
        raise StoreError(f"Run {run_id} has no recording to move; attach one first.")
    alignment = manual_alignment(offset)
    metrics = measure_at(store.load_run(run_id), kept.track, offset)
    save_alignment(store, run_id, alignment, metrics)
    return alignment


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
    offset: float | None = None,
) -> Attachment:
    """Read ``path``, attach it to run ``run_id`` (or the run it overlaps) and keep it: the
    whole of ``couchtimer attach``; ``offset``: where the runner puts it (``--offset``).
    Blocking; ``store`` must belong to the calling thread."""
    if run_id is not None:
        run, runs = store.load_run(run_id), []
    else:
        run, runs = None, store.load_runs()
    attachment = prepare_attachment(path, run, runs, keep_positions=keep_positions, offset=offset)
    store_attachment(store, attachment, now or datetime.now(UTC))
    return attachment


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
    from couchtimer.store.rows import insert_run

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


# --- a run done without the laptop, from the app ---------------------------------------------


@dataclass(frozen=True, slots=True)
class PlacedRecording:
    """A recording of a run done without the laptop, with the plan placed on it."""

    start: datetime  # UTC: where the plan starts in the recording
    attachment: Attachment  # run_id 0 until the run is written (``keep_recording``)


def place_recording(path: Path, workout: Workout) -> PlacedRecording:
    """Read ``path``, a recording of ``workout``, and place the plan on it (the rule of
    ``couchtimer import-activity``: ``recordings.place_plan``), measured segment by segment.
    Slow (reads the file) and touches no database: the app runs it in a worker thread."""
    track = read_activity(path)
    start, alignment = place_plan(workout.segments, track)
    segments = planned_segments(workout.segments, start)
    warnings = list(track.warnings)
    if alignment.confidence < CONFIDENT:
        warnings.append(
            "the plan could not be placed on the recording for sure; it starts with the"
            f" recording ({alignment.notes[0]})"
        )
    # The run's clock is the plan placed on the recording: no offset left between them.
    placed = Alignment(0.0, alignment.method, alignment.confidence, alignment.notes)
    attachment = Attachment(
        0,
        per_second(track, False),
        placed,
        segment_metrics(segments, track),
        tuple(warnings),
        path.name,
    )
    return PlacedRecording(start, attachment)


def keep_recording(
    store: HistoryStore,
    programme_id: str,
    workout: Workout,
    placed: PlacedRecording,
    marks: Sequence[PainMark],
    now: datetime,
) -> int:
    """Write the run as placed on its recording, with ``marks``, and keep the recording."""

    run_id = record_planned_run(store, programme_id, workout, placed.start, marks)
    store_attachment(store, dataclasses.replace(placed.attachment, run_id=run_id), now)
    return run_id
