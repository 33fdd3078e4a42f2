"""Recordings attached to runs (issue 15): the ``tracks`` and ``segment_metrics`` tables.

The samples of a run's recording (1 Hz) are one zlib-compressed JSON blob per run, read only
when that run is opened (``load_track``); loading the history never touches them. The
per-segment figures are small rows that History's across-runs views read for many runs at once
(``load_metrics``). Times are kept as whole-millisecond offsets from the first sample.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from couchtimer.core.history import RunRecord, parse_utc, utc_text
from couchtimer.core.programme import SegmentKind
from couchtimer.core.text import first_control
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
    return track_from_document(
        document, row["format"], row["device"], row["altitude"], json.loads(row["warnings"])
    )


def track_from_document(
    document: Any, format_name: str, device: str, altitude: str, warnings: Sequence[str]
) -> Track:
    """The track a samples document describes (``samples_blob``'s JSON); ValueError,
    KeyError or TypeError when it does not describe one."""
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
        format_name,
        device,
        Altitude(altitude),
        points,
        tuple(Lap(parse_utc(lap[0]), *lap[1:]) for lap in document["laps"]),
        tuple(Pause(parse_utc(a), parse_utc(b)) for a, b in document["pauses"]),
        tuple(warnings),
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


# --- in a JSON export (``store.transfer``) ----------------------------------------------------

MAX_SAMPLES = 48 * 3600  # a kept recording: two days at 1 Hz
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024  # its samples document, uncompressed
MAX_LAPS = 10_000
MAX_WARNINGS = 100
_RANGES = {  # what a kept sample may hold, after decoding (anything outside: refused)
    "d": (0.0, 1e6),  # m
    "e": (-1000.0, 10_000.0),  # m
    "c": (0.0, 400.0),  # steps a minute
    "h": (0.0, 300.0),  # bpm
    "lat": (-90.0, 90.0),
    "lon": (-180.0, 180.0),
}


@dataclass(frozen=True, slots=True)
class KeptRecording:
    """A run's recording as it travels in a JSON export: everything ``save_track`` keeps."""

    track: Track
    alignment: Alignment
    metrics: tuple[SegmentMetrics, ...]
    source: str
    attached_at: datetime


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
                | {name: getattr(m, name) for name in _METRIC_COLUMNS}
                for m in metrics.get(row["run_id"], ())
            ],
        }
    return found


def _text(value: Any, name: str, most: int) -> str:
    if not isinstance(value, str):
        raise ValueError(f"its recording's {name} is not text")
    if len(value) > most:
        raise ValueError(f"its recording's {name} is longer than {most} characters")
    if first_control(value) is not None:
        raise ValueError(f"its recording's {name} holds a control character")
    return value


def _number(value: Any, name: str, least: float, most: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"its recording's {name} is not a number")
    if not least <= value <= most:  # NaN fails too
        raise ValueError(f"its recording's {name} ({value}) is outside {least} to {most}")
    return float(value)


def _maybe(value: Any, name: str, least: float, most: float) -> float | None:
    return None if value is None else _number(value, name, least, most)


def _samples(text: Any) -> Any:
    """The samples document of an export: base64, then zlib (decompressed up to
    ``MAX_DOCUMENT_BYTES``, never more), then JSON without NaN or Infinity."""
    if not isinstance(text, str) or len(text) > MAX_DOCUMENT_BYTES:
        raise ValueError("its recording's samples are not base64 text of a sane length")
    try:
        blob = base64.b64decode(text.encode("ascii"), validate=True)
        inflater = zlib.decompressobj()
        raw = inflater.decompress(blob, MAX_DOCUMENT_BYTES)
    except (binascii.Error, UnicodeEncodeError, zlib.error) as exc:
        raise ValueError(f"its recording's samples cannot be decoded ({exc})") from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise ValueError("its recording's samples are cut short or larger than any recording")

    def refuse(name: str) -> Any:
        raise ValueError(f"its recording's samples hold {name}")

    try:
        document = json.loads(raw, parse_constant=refuse)
    except RecursionError:
        raise ValueError("its recording's samples are nested too deeply") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"its recording's samples are not JSON ({exc})") from None
    if not isinstance(document, dict):
        raise ValueError("its recording's samples are not an object")
    for name in ("ms", "d", "e", "c", "h", *(("lat", "lon") if "lat" in document else ())):
        column = document.get(name)
        if not isinstance(column, list) or len(column) > MAX_SAMPLES:
            raise ValueError(f"its recording's {name} column is not a list of at most "
                             f"{MAX_SAMPLES} samples")  # fmt: skip
        if any(v is not None and (type(v) is not int or abs(v) > 10**12) for v in column):
            raise ValueError(f"its recording's {name} column holds something not a step")
    for name, most in (("laps", MAX_LAPS), ("pauses", MAX_LAPS)):
        if not isinstance(document.get(name), list) or len(document[name]) > most:
            raise ValueError(f"its recording's {name} are not a list of at most {most}")
    return document


def _check_track(track: Track, earliest: datetime, latest: datetime) -> None:
    if track.points and not earliest <= track.points[0].time <= track.points[-1].time <= latest:
        raise ValueError("its recording's samples are outside the years a history holds")
    for point in track.points:
        for name, value in (
            ("d", point.distance_m),
            ("e", point.elevation_m),
            ("c", point.cadence_spm),
            ("h", point.heart_rate),
            *(() if point.position is None else (("lat", point.position[0]),
                                                 ("lon", point.position[1]))),
        ):  # fmt: skip
            if value is not None:
                _number(value, f"sample {name}", *_RANGES[name])
    for lap in track.laps:
        if not earliest <= lap.start <= latest:
            raise ValueError("its recording's laps are outside the years a history holds")
        _number(lap.seconds, "lap time", 0, MAX_SAMPLES)
        for name in ("distance_m", "ascent_m", "descent_m"):
            _maybe(getattr(lap, name), f"lap {name}", -1e6, 1e6)
    for pause in track.pauses:
        if not earliest <= pause.start <= pause.end <= latest:
            raise ValueError("its recording's pauses are outside the years a history holds")


def recording_from_json(
    item: Any, planned: int, most_metrics: int, earliest: datetime, latest: datetime
) -> KeptRecording:
    """A recording from an export, checked through (ValueError, KeyError or TypeError naming
    the first problem): its run plans ``planned`` segments; times within [earliest, latest]."""
    if not isinstance(item, dict):
        raise ValueError("its recording is not an object")
    from couchtimer.core.alignment import MAX_MANUAL_SECONDS

    track = track_from_document(
        _samples(item["samples"]),
        _text(item["format"], "format", 16),
        _text(item["device"], "device", 200),
        Altitude(item["altitude"]).value,
        [_text(w, "warning", 1000) for w in _bounded_list(item["warnings"], MAX_WARNINGS)],
    )
    _check_track(track, earliest, latest)
    alignment = Alignment(
        _number(item["offset_seconds"], "offset", -MAX_MANUAL_SECONDS, MAX_MANUAL_SECONDS),
        AlignMethod(item["method"]),
        _number(item["confidence"], "confidence", 0.0, 1.0),
    )
    metrics = []
    for segment in _bounded_list(item["segments"], most_metrics):
        if not isinstance(segment, dict) or set(segment) != {"index", "kind", "coverage",
                                                             *_METRIC_COLUMNS}:  # fmt: skip
            raise ValueError("a segment of its recording does not have the figures it should")
        index = segment["index"]
        if type(index) is not int or not 0 <= index < planned:
            raise ValueError(f"its recording names segment {index!r} of {planned}")
        metrics.append(
            SegmentMetrics(
                index,
                SegmentKind(segment["kind"]),
                _number(segment["coverage"], "coverage", 0.0, 1.0),
                *(_maybe(segment[name], name, -1e7, 1e7) for name in _METRIC_COLUMNS[1:]),
            )
        )
    attached_at = parse_utc(_text(item["attached_at"], "time attached", 40))
    return KeptRecording(
        track, alignment, tuple(metrics), _text(item["source"], "file name", 255), attached_at
    )


def _bounded_list(value: Any, most: int) -> list[Any]:
    if not isinstance(value, list) or len(value) > most:
        raise ValueError(f"a list of its recording is not a list of at most {most}")
    return value


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
