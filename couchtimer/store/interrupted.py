"""An interrupted run (the app or the machine stopped mid-run) kept as ended early, with what
was recorded: its last, unfinished segment comes from the progress the recorder noted about
once a second, so a crash loses at most that second. ``HistoryStore.resolve_interrupted`` asks
and locks; this writes, inside its transaction."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from couchtimer.core.history import RunRecord, RunStatus, utc_text
from couchtimer.core.outcome import SegmentEnd
from couchtimer.core.placement import planned_start


def end_early(conn: sqlite3.Connection, run: RunRecord) -> None:
    """Mark ``run`` ended early at the last moment recorded, adding its unfinished segment."""
    progress = conn.execute(
        "SELECT progress_index, progress_seconds FROM runs WHERE id = ?", (run.id,)
    ).fetchone()
    reached = run.recorded_seconds
    segments_end = max((s.actual_start + s.actual_seconds for s in run.segments), default=0)
    index, seconds = progress["progress_index"], progress["progress_seconds"]
    if index is not None and seconds is not None and seconds > segments_end:
        _add_partial_segment(conn, run, index, segments_end, seconds)
        reached = max(reached, seconds)
    conn.execute(
        "UPDATE runs SET status = ?, ended_at = ? WHERE id = ?",
        (
            RunStatus.ENDED_EARLY.value,
            utc_text(run.started_at + timedelta(seconds=reached)),
            run.id,
        ),
    )


def _add_partial_segment(
    conn: sqlite3.Connection, run: RunRecord, index: int, start: float, end: float
) -> None:
    if not 0 <= index < len(run.planned):
        return
    planned = run.planned[index]
    conn.execute(
        "INSERT INTO segments (run_id, seq, segment_index, kind, planned_start,"
        " planned_seconds, actual_start, actual_seconds, skipped, ended)"
        " VALUES (?, (SELECT coalesce(max(seq), -1) + 1 FROM segments WHERE run_id = ?),"
        " ?, ?, ?, ?, ?, ?, 0, ?)",
        (
            run.id,
            run.id,
            index,
            planned.kind.value,
            float(planned_start(run.planned, index)),
            planned.seconds,
            start,
            end - start,
            SegmentEnd.ENDED_EARLY.value,
        ),
    )
