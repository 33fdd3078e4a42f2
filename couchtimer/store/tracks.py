"""Recordings attached to runs (issue 15): the ``tracks`` and ``segment_metrics`` tables.

The samples of a run's recording (1 Hz) are one zlib-compressed JSON blob per run, read only
when that run is opened (``load_track``); loading the history never touches them. The
per-segment figures are small rows that History's across-runs views read for many runs at once
(``load_metrics``). Times are kept as whole-millisecond offsets from the first sample.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from couchtimer.core.history import parse_utc, utc_text
from couchtimer.core.programme import SegmentKind
from couchtimer.core.track import (
    Alignment,
    AlignMethod,
    Altitude,
    Lap,
    Pause,
    SegmentMetrics,
    Track,
    TrackPoint,
)
from couchtimer.store.database import HistoryStore
from couchtimer.store.errors import StoreError

FORMAT_VERSION = 1
_METRIC_COLUMNS = (
    "coverage",
    "distance_m",
    "pace_s_per_km",
    "cadence_spm",
    "heart_rate",
    "ascent_m",
    "descent_m",
    "grade_percent",
    "downhill_share",
)


@dataclass(frozen=True, slots=True)
class StoredTrack:
    """A run's recording as kept: the 1 Hz track, how it was aligned, where it came from."""

    run_id: int
    track: Track
    alignment: Alignment
    source: str
    attached_at: datetime


def _deltas(values: Iterable[float | None], scale: float) -> list[int | None]:
    """Whole multiples of 1/``scale``, each as its step from the last value present (most steps
    of a 1 Hz recording are small and alike, which zlib packs ~4x tighter than the values)."""
    out: list[int | None] = []
    last = 0
    for value in values:
        if value is None:
            out.append(None)
            continue
        whole = round(value * scale)
        out.append(whole - last)
        last = whole
    return out


def _undeltas(steps: Sequence[int | None], scale: float) -> list[float | None]:
    out: list[float | None] = []
    last = 0
    for step in steps:
        if step is None:
            out.append(None)
            continue
        last += step
        out.append(last / scale)
    return out


# Resolution kept: 1 ms, 0.1 m of distance and elevation, half a step a minute, 1 bpm, 1e-6 degree.
_SCALES = {"ms": 1000.0, "d": 10.0, "e": 10.0, "c": 2.0, "h": 1.0, "lat": 1e6, "lon": 1e6}


def samples_blob(track: Track) -> bytes:
    """The samples, laps and pauses of ``track`` as compressed JSON (delta-coded columns)."""
    points = track.points
    t0 = points[0].time if points else datetime(1970, 1, 1, tzinfo=UTC)
    document: dict[str, Any] = {
        "v": FORMAT_VERSION,
        "t0": utc_text(t0),
        "ms": _deltas(((p.time - t0).total_seconds() for p in points), _SCALES["ms"]),
        "d": _deltas((p.distance_m for p in points), _SCALES["d"]),
        "e": _deltas((p.elevation_m for p in points), _SCALES["e"]),
        "c": _deltas((p.cadence_spm for p in points), _SCALES["c"]),
        "h": _deltas((p.heart_rate for p in points), _SCALES["h"]),
        "laps": [
            [utc_text(lap.start), lap.seconds, lap.distance_m, lap.ascent_m, lap.descent_m]
            for lap in track.laps
        ],
        "pauses": [[utc_text(p.start), utc_text(p.end)] for p in track.pauses],
    }
    if any(p.position is not None for p in points):
        document["lat"] = _deltas((p.position and p.position[0] for p in points), 1e6)
        document["lon"] = _deltas((p.position and p.position[1] for p in points), 1e6)
    text = json.dumps(document, separators=(",", ":"), allow_nan=False)
    return zlib.compress(text.encode("utf-8"), 9)


def track_from_blob(blob: bytes, row: sqlite3.Row) -> Track:
    document = json.loads(zlib.decompress(blob))
    if document.get("v") != FORMAT_VERSION:
        raise ValueError(f"samples format {document.get('v')!r}")
    t0 = parse_utc(document["t0"])
    columns = {
        name: _undeltas(document[name], _SCALES[name]) for name in ("ms", "d", "e", "c", "h")
    }
    count = len(columns["ms"])
    if "lat" in document:
        latitudes = _undeltas(document["lat"], 1e6)
        longitudes = _undeltas(document["lon"], 1e6)
        positions = [
            None if lat is None or lon is None else (lat, lon)
            for lat, lon in zip(latitudes, longitudes, strict=True)
        ]
    else:
        positions = [None] * count
    points = tuple(
        TrackPoint(
            t0 + timedelta(seconds=ms or 0.0),
            distance,
            elevation,
            cadence,
            None if heart is None else round(heart),
            position,
        )
        for ms, distance, elevation, cadence, heart, position in zip(
            columns["ms"],
            columns["d"],
            columns["e"],
            columns["c"],
            columns["h"],
            positions,
            strict=True,
        )
    )
    return Track(
        row["format"],
        row["device"],
        Altitude(row["altitude"]),
        points,
        tuple(Lap(parse_utc(lap[0]), *lap[1:]) for lap in document["laps"]),
        tuple(Pause(parse_utc(a), parse_utc(b)) for a, b in document["pauses"]),
        tuple(json.loads(row["warnings"])),
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
    blob = samples_blob(track)
    with store._writing() as conn:
        store._require_run(conn, run_id)
        conn.execute("DELETE FROM tracks WHERE run_id = ?", (run_id,))
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
                blob,
            ),
        )
        _insert_metrics(conn, run_id, metrics)


def _insert_metrics(
    conn: sqlite3.Connection, run_id: int, metrics: Sequence[SegmentMetrics]
) -> None:
    conn.executemany(
        f"INSERT INTO segment_metrics (run_id, seq, segment_index, kind,"  # noqa: S608
        f" {', '.join(_METRIC_COLUMNS)}) VALUES (?, ?, ?, ?,"
        f" {', '.join('?' * len(_METRIC_COLUMNS))})",
        [
            (run_id, seq, m.index, m.kind.value, *(getattr(m, c) for c in _METRIC_COLUMNS))
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


def load_metrics(
    store: HistoryStore, run_ids: Iterable[int]
) -> dict[int, tuple[SegmentMetrics, ...]]:
    """Per-segment figures of the runs that have a recording (cheap: no samples are read)."""
    wanted = list(run_ids)
    found: dict[int, tuple[SegmentMetrics, ...]] = {}
    for first in range(0, len(wanted), 500):
        chunk = wanted[first : first + 500]
        found.update(
            metrics_where(store.connection, f"run_id IN ({', '.join('?' * len(chunk))})", chunk)
        )
    return found


def metrics_where(
    conn: sqlite3.Connection, cond: str, params: Sequence[Any]
) -> dict[int, tuple[SegmentMetrics, ...]]:
    """Per-segment figures of the runs whose ``run_id`` meets ``cond`` (fixed SQL, bound
    ``params``): what the store puts in ``RunRecord.measured`` when it loads runs."""
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: sqlite3.Row costs more than the rest
    cursor.execute(
        f"SELECT run_id, segment_index, kind, {', '.join(_METRIC_COLUMNS)}"  # noqa: S608
        f" FROM segment_metrics WHERE {cond} ORDER BY run_id, seq",
        params,
    )
    found: dict[int, list[SegmentMetrics]] = {}
    kinds = {kind.value: kind for kind in SegmentKind}
    for row in cursor:
        found.setdefault(row[0], []).append(SegmentMetrics(row[1], kinds[row[2]], *row[3:]))
    return {run_id: tuple(items) for run_id, items in found.items()}


def runs_with_tracks(store: HistoryStore) -> set[int]:
    """Ids of the runs that have a recording attached (History's per-run mark)."""
    return {row[0] for row in store.connection.execute("SELECT run_id FROM tracks")}
