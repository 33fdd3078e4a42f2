"""A watch or phone recording as CouchTimer keeps it and as a JSON export carries it (issue 15):
the samples' own compact form (delta-coded columns, zlib; ``samples_blob``) and the export
object's checked reading (``recording_from_json``). Pure: no database; the store keeps the
bytes (``store.tracks``), the export carries them (``formats.history_json``).
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from couchtimer.core.alignment import MAX_MANUAL_SECONDS
from couchtimer.core.history import parse_utc, utc_text
from couchtimer.core.programme import SegmentKind
from couchtimer.core.text import first_control
from couchtimer.core.track import (
    METRIC_FIELDS,
    Alignment,
    AlignMethod,
    Altitude,
    Lap,
    Pause,
    SegmentMetrics,
    Track,
    TrackPoint,
)

SAMPLES_VERSION = 1  # the samples document's own version
METRIC_COLUMNS = METRIC_FIELDS  # the per-segment figures' keys


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
        "v": SAMPLES_VERSION,
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


def track_from_document(
    document: Any, format_name: str, device: str, altitude: str, warnings: Sequence[str]
) -> Track:
    """The track a samples document describes (``samples_blob``'s JSON); ValueError,
    KeyError or TypeError when it does not describe one."""
    if document.get("v") != SAMPLES_VERSION:
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
                                                             *METRIC_COLUMNS}:  # fmt: skip
            raise ValueError("a segment of its recording does not have the figures it should")
        index = segment["index"]
        if type(index) is not int or not 0 <= index < planned:
            raise ValueError(f"its recording names segment {index!r} of {planned}")
        metrics.append(
            SegmentMetrics(
                index,
                SegmentKind(segment["kind"]),
                _number(segment["coverage"], "coverage", 0.0, 1.0),
                *(_maybe(segment[name], name, -1e7, 1e7) for name in METRIC_COLUMNS[1:]),
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
