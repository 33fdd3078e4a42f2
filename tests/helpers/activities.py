"""The real recordings in tests/data/activities/ (see its SOURCES.md) and tracks built from them."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from couchtimer.core.programme import Segment
from couchtimer.core.track import Altitude, TimedSegment, Track, TrackPoint
from couchtimer.formats import read_activity

ACTIVITIES = Path(__file__).resolve().parent.parent / "data" / "activities"
FENIX2_RUN = ACTIVITIES / "activity-small-fenix2-run.fit"
FENIX5_WALK = ACTIVITIES / "garmin-fenix-5-walk.fit"
EDGE200 = ACTIVITIES / "2015-10-13-08-43-15.fit"
TEN_K_FIT = ACTIVITIES / "10kUNLP2014-Garmin15.fit"
TEN_K_TCX = ACTIVITIES / "10kUNLP2014-Garmin15.tcx"
TRUNCATED_FIT = ACTIVITIES / "activity-unexpected-eof.fit"
SKI_TCX = ACTIVITIES / "cross-country-skiing_activity_1.tcx"
SUUNTO_GPX = ACTIVITIES / "Move_2014_01_16_19_48_44.gpx"
MULTI_TRACK_GPX = ACTIVITIES / "korita-zbevnica.gpx"

_CACHE: dict[Path, Track] = {}


def track(path: Path) -> Track:
    """The file read once per test session (the fenix 2 run takes ~0.5 s to decode)."""
    if path not in _CACHE:
        _CACHE[path] = read_activity(path)
    return _CACHE[path]


def w4r1_segments(start: datetime) -> tuple[TimedSegment, ...]:
    """Week 4 run 1 of the NHS programme, placed on the wall clock from ``start``."""
    from couchtimer.core.programme import load_programme

    root = Path(__file__).resolve().parent.parent.parent
    workout = load_programme(root / "assets" / "programmes" / "nhs-c25k.toml").workout(4, 1)
    segments, at = [], start
    for index, segment in enumerate(workout.segments):
        end = at + timedelta(seconds=segment.seconds)
        segments.append(TimedSegment(index, segment.kind, at, end))
        at = end
    return tuple(segments)


def spliced(
    segments: tuple[TimedSegment, ...], offset: float, walks: bool = True, margin: int = 300
) -> Track:
    """A 1 Hz recording of ``segments`` made of real samples: the fenix 2 run's for running,
    the fenix 5 walk's (46 s, repeated) for walking and the warm-up and cool-down (or the run's
    everywhere, ``walks=False``: a steady run). The recording's clock is ``offset`` seconds
    behind the run's, so aligning it must find ``offset``; ``margin`` seconds of walking are
    recorded before and after, as a watch started early and stopped late."""
    from couchtimer.core.programme import SegmentKind

    running = [p for p in track(FENIX2_RUN).points[600:] if p.cadence_spm]
    walking = [p for p in track(FENIX5_WALK).points if p.cadence_spm]
    start = segments[0].start - timedelta(seconds=margin)
    end = segments[-1].end + timedelta(seconds=margin)
    kinds = []
    for segment in segments:
        kinds += [segment.kind] * int(segment.seconds)
    points, distance, used = [], 0.0, {"run": 0, "walk": 0}
    for second in range(int((end - start).total_seconds())):
        at = second - margin
        kind = kinds[at] if 0 <= at < len(kinds) else SegmentKind.WALK
        source, key = (
            (running, "run") if kind is SegmentKind.RUN or not walks else (walking, "walk")
        )
        sample = source[used[key] % len(source)]
        used[key] += 1
        distance += 3.2 if key == "run" else 1.4
        points.append(
            TrackPoint(
                start + timedelta(seconds=second - offset),
                distance,
                sample.elevation_m,
                sample.cadence_spm,
                sample.heart_rate,
            )
        )
    return Track("fit", "spliced", Altitude.BAROMETRIC, tuple(points))


def write_tcx(recording: Track, path: Path, with_positions: bool = False) -> Path:
    """``recording`` as a Garmin TCX file (cadence written as strides of one foot)."""

    def point(p: TrackPoint) -> str:
        parts = [f"<Time>{p.time.strftime('%Y-%m-%dT%H:%M:%SZ')}</Time>"]
        if with_positions:
            parts.append(
                "<Position><LatitudeDegrees>51.5</LatitudeDegrees>"
                "<LongitudeDegrees>-0.1</LongitudeDegrees></Position>"
            )
        if p.distance_m is not None:
            parts.append(f"<DistanceMeters>{p.distance_m:.1f}</DistanceMeters>")
        if p.elevation_m is not None:
            parts.append(f"<AltitudeMeters>{p.elevation_m:.1f}</AltitudeMeters>")
        if p.heart_rate is not None:
            parts.append(f"<HeartRateBpm><Value>{p.heart_rate}</Value></HeartRateBpm>")
        if p.cadence_spm is not None:
            parts.append(
                '<Extensions><TPX xmlns="http://www.garmin.com/xmlschemas/ActivityExtension/v2">'
                f"<RunCadence>{p.cadence_spm / 2:.0f}</RunCadence></TPX></Extensions>"
            )
        return f"<Trackpoint>{''.join(parts)}</Trackpoint>"

    start = recording.points[0].time.strftime("%Y-%m-%dT%H:%M:%SZ")
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><TrainingCenterDatabase'
        ' xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>'
        f'<Activity Sport="Running"><Id>{start}</Id><Lap StartTime="{start}">'
        f"<TotalTimeSeconds>{len(recording.points)}</TotalTimeSeconds><Track>"
        + "".join(point(p) for p in recording.points)
        + "</Track></Lap><Creator><Name>spliced test watch</Name></Creator></Activity>"
        "</Activities></TrainingCenterDatabase>",
        encoding="utf-8",
    )
    return path


def stored_w4r1(db: Path, start: datetime) -> int:
    """A history file holding one completed W4R1 run started at ``start``; returns its id."""
    import uuid

    from couchtimer.core.history import RunRecord, RunStatus, SegmentRecord
    from couchtimer.store import HistoryStore
    from couchtimer.store.rows import insert_run

    segments = w4r1_segments(start)
    planned = tuple(Segment(s.kind, int(s.seconds)) for s in segments)
    visits = tuple(
        SegmentRecord(
            s.index,
            s.kind,
            (s.start - start).total_seconds(),
            int(s.seconds),
            (s.start - start).total_seconds(),
            s.seconds,
        )
        for s in segments
    )
    run = RunRecord(
        0,
        "nhs-c25k",
        4,
        1,
        planned,
        start,
        segments[-1].end,
        RunStatus.COMPLETED,
        "0.1.0",
        visits,
        uuid=str(uuid.uuid4()),
    )
    with HistoryStore.open(db, backups=False) as store, store.transaction() as conn:
        return insert_run(conn, run)
