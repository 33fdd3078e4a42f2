"""Recordings attached to runs (issue 15): the ``tracks`` and ``segment_metrics`` tables.

The samples of a run's recording (1 Hz) are one zlib-compressed JSON blob per run, read only
when that run is opened (``load_track``); loading the history never touches them. The
per-segment figures are small rows that History's across-runs views read for many runs at once
(``load_metrics``). Times are kept as whole-millisecond offsets from the first sample.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from couchtimer.core.history import RunRecord, parse_utc, utc_text
from couchtimer.core.track import (
    Alignment,
    AlignMethod,
    SegmentMetrics,
    Track,
)
from couchtimer.formats.recording_json import (
    METRIC_COLUMNS,
    KeptRecording,
    samples_blob,
    track_from_document,
)
from couchtimer.store.database import HistoryStore
from couchtimer.store.errors import StoreError, explain
from couchtimer.store.rows import metrics_where


@dataclass(frozen=True, slots=True)
class StoredTrack:
    """A run's recording as kept: the 1 Hz track, how it was aligned, where it came from."""

    run_id: int
    track: Track
    alignment: Alignment
    source: str
    attached_at: datetime


def track_from_blob(blob: bytes, row: sqlite3.Row) -> Track:
    document = json.loads(zlib.decompress(blob))
    return track_from_document(
        document, row["format"], row["device"], row["altitude"], json.loads(row["warnings"])
    )


def save_track(
    store: HistoryStore,
    run_id: int,
    track: Track,
    alignment: Alignment,
    metrics: Sequence[SegmentMetrics],
    source: str,
    attached_at: datetime,
) -> None:
    """Attach ``track`` (already at 1 Hz and without positions unless kept) to a run, replacing
    any recording attached before, with its per-segment figures; one transaction."""
    with store._writing() as conn:
        store._require_run(conn, run_id)
        conn.execute("DELETE FROM tracks WHERE run_id = ?", (run_id,))
        _insert_track(conn, run_id, track, alignment, metrics, source, attached_at)


def _insert_track(
    conn: sqlite3.Connection,
    run_id: int,
    track: Track,
    alignment: Alignment,
    metrics: Sequence[SegmentMetrics],
    source: str,
    attached_at: datetime,
) -> None:
    conn.execute(
        "INSERT INTO tracks (run_id, attached_at, source, format, device, altitude,"
        " offset_seconds, method, confidence, warnings, positions, samples)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            run_id,
            utc_text(attached_at),
            source,
            track.format,
            track.device,
            track.altitude.value,
            alignment.offset_seconds,
            alignment.method.value,
            alignment.confidence,
            json.dumps(list(track.warnings)),
            int(track.has_positions),
            samples_blob(track),
        ),
    )
    _insert_metrics(conn, run_id, metrics)


def _insert_metrics(
    conn: sqlite3.Connection, run_id: int, metrics: Sequence[SegmentMetrics]
) -> None:
    conn.executemany(
        f"INSERT INTO segment_metrics (run_id, seq, segment_index, kind,"  # noqa: S608
        f" {', '.join(METRIC_COLUMNS)}) VALUES (?, ?, ?, ?,"
        f" {', '.join('?' * len(METRIC_COLUMNS))})",
        [
            (run_id, seq, m.index, m.kind.value, *(getattr(m, c) for c in METRIC_COLUMNS))
            for seq, m in enumerate(metrics)
        ],
    )


def save_alignment(
    store: HistoryStore,
    run_id: int,
    alignment: Alignment,
    metrics: Sequence[SegmentMetrics],
) -> None:
    """Move the recording kept with a run (the runner's nudge): its offset, how it was placed
    and the per-segment figures measured there; the samples stay as they are. One
    transaction; StoreError when the run has no recording."""
    with store._writing() as conn:
        changed = conn.execute(
            "UPDATE tracks SET offset_seconds = ?, method = ?, confidence = ? WHERE run_id = ?",
            (alignment.offset_seconds, alignment.method.value, alignment.confidence, run_id),
        ).rowcount
        if not changed:
            raise StoreError(f"Run {run_id} in {store.path} has no recording to move.")
        conn.execute("DELETE FROM segment_metrics WHERE run_id = ?", (run_id,))
        _insert_metrics(conn, run_id, metrics)


def load_track(store: HistoryStore, run_id: int) -> StoredTrack | None:
    """The recording attached to a run, or None: call it when the run is opened."""
    conn = store.connection
    row = conn.execute("SELECT * FROM tracks WHERE run_id = ?", (run_id,)).fetchone()
    if row is None:
        return None
    try:
        track = track_from_blob(row["samples"], row)
        alignment = Alignment(row["offset_seconds"], AlignMethod(row["method"]), row["confidence"])
        return StoredTrack(run_id, track, alignment, row["source"], parse_utc(row["attached_at"]))
    except (ValueError, KeyError, TypeError, IndexError, zlib.error) as exc:
        raise StoreError(
            f"The recording attached to run {run_id} in {store.path} is damaged ({exc});"
            " attach the file again."
        ) from None


def load_alignment(store: HistoryStore, run_id: int) -> Alignment | None:
    """How the recording kept with a run is lined up, or None (cheap: no samples read)."""
    row = store.connection.execute(
        "SELECT offset_seconds, method, confidence FROM tracks WHERE run_id = ?", (run_id,)
    ).fetchone()
    if row is None:
        return None
    return Alignment(row[0], AlignMethod(row[1]), row[2])


def load_metrics(
    store: HistoryStore, run_ids: Iterable[int]
) -> dict[int, tuple[SegmentMetrics, ...]]:
    """Per-segment figures of the runs that have a recording (cheap: no samples are read);
    StoreError when the file cannot be read."""
    wanted = list(run_ids)
    found: dict[int, tuple[SegmentMetrics, ...]] = {}
    try:
        for first in range(0, len(wanted), 500):
            chunk = wanted[first : first + 500]
            where = f"run_id IN ({', '.join('?' * len(chunk))})"
            found.update(metrics_where(store.connection, where, chunk))
    except sqlite3.Error as exc:
        raise StoreError(explain(exc, store.path)) from exc
    return found


def runs_with_tracks(store: HistoryStore) -> set[int]:
    """Ids of the runs that have a recording attached (History's per-run mark)."""
    return {row[0] for row in store.connection.execute("SELECT run_id FROM tracks")}


# --- in a JSON export (``store.transfer``) ----------------------------------------------------


def recordings_for_export(store: HistoryStore) -> dict[int, dict[str, Any]]:
    """Every kept recording as its export object, by run id: the samples exactly as kept
    (base64 of the compressed columns), how it was lined up, and the per-segment figures."""
    conn = store.connection
    metrics = metrics_where(conn, "1", [])
    found: dict[int, dict[str, Any]] = {}
    for row in conn.execute("SELECT * FROM tracks ORDER BY run_id"):
        found[row["run_id"]] = {
            "source": row["source"],
            "attached_at": row["attached_at"],
            "format": row["format"],
            "device": row["device"],
            "altitude": row["altitude"],
            "offset_seconds": row["offset_seconds"],
            "method": row["method"],
            "confidence": row["confidence"],
            "warnings": json.loads(row["warnings"]),
            "samples": base64.b64encode(row["samples"]).decode("ascii"),
            "segments": [
                {"index": m.index, "kind": m.kind.value}
                | {name: getattr(m, name) for name in METRIC_COLUMNS}
                for m in metrics.get(row["run_id"], ())
            ],
        }
    return found


def insert_recording(conn: sqlite3.Connection, run_id: int, kept: KeptRecording) -> None:
    """Keep an imported recording with run ``run_id`` (inside the import's transaction)."""
    _insert_track(
        conn, run_id, kept.track, kept.alignment, kept.metrics, kept.source, kept.attached_at
    )


def kept_recording(conn: sqlite3.Connection, run_id: int) -> KeptRecording:
    """The recording kept with run ``run_id``, whole (inside a transaction)."""
    row = conn.execute("SELECT * FROM tracks WHERE run_id = ?", (run_id,)).fetchone()
    return KeptRecording(
        track_from_blob(row["samples"], row),
        Alignment(row["offset_seconds"], AlignMethod(row["method"]), row["confidence"]),
        metrics_where(conn, "run_id = ?", [run_id]).get(run_id, ()),
        row["source"],
        parse_utc(row["attached_at"]),
    )


def remeasured(kept: KeptRecording, run: RunRecord) -> KeptRecording:
    """``kept`` measured against ``run`` (a fuller copy of the run it was kept with)."""
    from couchtimer.core.activity import timed_segments
    from couchtimer.core.terrain import segment_metrics

    metrics = segment_metrics(timed_segments(run), kept.track, kept.alignment.offset_seconds)
    return dataclasses.replace(kept, metrics=tuple(metrics))
