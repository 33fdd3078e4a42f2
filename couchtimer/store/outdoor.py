"""A run done away from the laptop, added afterwards (History > Add a run done outdoors…).

With no recording, the run is taken to have gone as planned from the moment the runner gives:
it is written by the same ``Recorder`` a live run uses, fed the engine's events for the plan
(``core.cue_track.run_as_planned``), so it is stored exactly like a run done beside the laptop
(segments, times, status, journal while it is written). The pain marks the runner placed on the
segment bar go in at their places in the run.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from couchtimer.core.cue_track import run_as_planned
from couchtimer.core.pain import PainMark
from couchtimer.core.programme import Workout
from couchtimer.store.errors import StoreError

if TYPE_CHECKING:
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
