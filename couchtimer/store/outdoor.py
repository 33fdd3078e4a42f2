"""A run done away from the laptop, added afterwards (History > Add a run done outdoors…).

With no recording, the run is taken to have gone as planned from the moment the runner gives:
it is written by the same ``Recorder`` a live run uses, fed the engine's events for the plan
(``core.cue_track.run_as_planned``), so it is stored exactly like a run done beside the laptop
(segments, times, status, journal while it is written). The pain marks the runner placed on the
segment bar go in at their places in the run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from couchtimer.core.cue_track import run_as_planned
from couchtimer.core.pain import PainMark
from couchtimer.core.programme import Workout
from couchtimer.core.track import Alignment
from couchtimer.store.errors import StoreError

if TYPE_CHECKING:
    from couchtimer.recordings import Attachment
    from couchtimer.store.database import HistoryStore

#: How long to wait for a busy history file before saying so (the run stays in its journal).
WRITE_WAIT_SECONDS = 5.0


def record_planned_run(
    store: HistoryStore,
    programme_id: str,
    workout: Workout,
    started_at: datetime,
    marks: Sequence[PainMark] = (),
) -> int:
    """Write ``workout`` as run from ``started_at`` (UTC) as planned, with ``marks``; its id.

    A mark's ``offset_ms`` is from the start of the workout; one at or after its end is refused.
    """
    end_ms = workout.total_seconds * 1000
    if any(mark.offset_ms >= end_ms for mark in marks):
        raise ValueError(f"a pain mark after the end of {workout.code} ({end_ms} ms)")
    elapsed = [0.0]
    recorder = store.recorder(lambda: started_at + timedelta(seconds=elapsed[0]))
    recorder.start(programme_id, workout, started_at)
    waiting = sorted(marks, key=lambda mark: mark.offset_ms)
    for now, events in run_as_planned(workout):
        while waiting and waiting[0].offset_ms < now * 1000:  # marks before this moment first
            recorder.add_mark(waiting.pop(0))
        elapsed[0] = now
        recorder.record_events(events)
    if not recorder.flush(WRITE_WAIT_SECONDS):
        recorder.close()
        raise StoreError(
            f"{recorder.problem or 'The history file could not be written.'} The run is kept "
            "and goes into your history the next time CouchTimer opens it."
        )
    run_id = recorder.run_id
    assert run_id is not None  # flushed: the run row is in
    return run_id


@dataclass(frozen=True, slots=True)
class PlacedRecording:
    """A recording of a run done without the laptop, with the plan placed on it."""

    start: datetime  # UTC: where the plan starts in the recording
    attachment: Attachment  # run_id 0 until the run is written (``keep_recording``)


def place_recording(path: Path, workout: Workout) -> PlacedRecording:
    """Read ``path``, a recording of ``workout``, and place the plan on it (the rule of
    ``couchtimer import-activity``: ``recordings.place_plan``), measured segment by segment.
    Slow (reads the file) and touches no database: the app runs it in a worker thread."""
    from couchtimer.core.activity import per_second, planned_segments
    from couchtimer.core.alignment import CONFIDENT
    from couchtimer.core.terrain import segment_metrics
    from couchtimer.formats import read_activity
    from couchtimer.recordings import Attachment, place_plan

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
    from couchtimer.recordings import store_attachment

    run_id = record_planned_run(store, programme_id, workout, placed.start, marks)
    store_attachment(store, replace(placed.attachment, run_id=run_id), now)
    return run_id
