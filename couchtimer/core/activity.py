"""Rules the activity readers share (issue 15): one place for each fact about recordings.

The readers in ``couchtimer.formats`` only decode bytes; what a value means is decided here:
cadence units, "no reading" heart rates, what counts as a pause, which altitude is barometric,
and how the samples become a ``Track`` (kept in time order, a broken file kept up to its fault).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from couchtimer.core.history import RunRecord
from couchtimer.core.programme import Segment
from couchtimer.core.track import Altitude, Lap, Pause, TimedSegment, Track, TrackPoint

# A recording longer than this many samples is refused, so a hostile file cannot fill memory:
# 100 hours at 1 Hz, far beyond any Couch-to-5K run.
MAX_POINTS = 360_000

# Strides per minute of one foot (what FIT, TCX and GPX store) above which a value can only be
# steps per minute already: 2 x 116 = 232 spm is beyond any runner's cadence.
ALREADY_STEPS_ABOVE = 115
# Raw values from 90 to 115 are either strides at 180-230 spm (running) or a walk's steps at
# 90-115 spm written by an app that already doubled: the speed tells them apart.
AMBIGUOUS_FROM = 90
RUNNING_SPEED = 2.2  # m/s (7:35 min/km): slower than this at 90+ "strides" is a walk in steps

HEART_RATE_NONE = (0, 255)  # what devices write when the strap gave no reading

# Mean |second difference| of elevation, metres per sample: a barometric trace moves smoothly
# (fenix 2: 0.24 m, fenix 5: 0.21 m), GPS altitude jitters (Edge 200, GPS-only: 0.39 m).
BAROMETRIC_ROUGHNESS = 0.3

EARTH_RADIUS_M = 6_371_008.8


def cadence_factor(raw_cadences: Sequence[float], speeds: Sequence[float]) -> tuple[int, str]:
    """What to multiply a file's cadence values by to get steps per minute (2, or 1 when the
    writer already doubled them), and a warning when it chose 1. Zeros (standing) do not vote."""
    moving = [value for value in raw_cadences if value > 0]
    if not moving:
        return 2, ""
    median = statistics.median(moving)
    if median > ALREADY_STEPS_ABOVE:
        return 1, f"cadence {median:.0f} looks like steps per minute already; not doubled"
    moving_speeds = [speed for speed in speeds if speed > 0]
    if median >= AMBIGUOUS_FROM and moving_speeds:
        speed = statistics.median(moving_speeds)
        if speed < RUNNING_SPEED:
            return 1, (
                f"cadence {median:.0f} at {speed:.1f} m/s is a walk in steps per minute;"
                " not doubled"
            )
    return 2, ""


def heart_rate(value: float | None) -> int | None:
    """A heart rate as read, or None for "no reading" (0 or 255) and anything not a pulse."""
    if value is None or not math.isfinite(value):
        return None
    beats = round(value)
    if beats in HEART_RATE_NONE or not 20 <= beats <= 250:
        return None
    return beats


def distance_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle metres between two (latitude, longitude) positions (haversine)."""
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def altitude_kind(elevations: Sequence[float]) -> Altitude:
    """Barometric when the elevation trace is smooth, GPS when it jitters, none without one."""
    if len(elevations) < 3:
        return Altitude.NONE if not elevations else Altitude.GPS
    bends = [
        abs(elevations[i + 1] - 2 * elevations[i] + elevations[i - 1])
        for i in range(1, len(elevations) - 1)
    ]
    roughness = sum(bends) / len(bends)
    return Altitude.BAROMETRIC if roughness <= BAROMETRIC_ROUGHNESS else Altitude.GPS


def utc(moment: datetime) -> tuple[datetime, bool]:
    """``moment`` in UTC, and whether it had to be taken as UTC because it was naive."""
    if moment.tzinfo is UTC:
        return moment, False
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC), True
    return moment.astimezone(UTC), False


@dataclass
class TrackBuilder:
    """Collects samples as a reader decodes them and makes the ``Track``.

    Samples that do not move forward in time are dropped (counted in a warning); a reader that
    hits a fault calls ``cut_short(why)`` and ``build`` keeps everything read before it.
    ``raw_cadence`` holds the file's values until ``build`` knows whether to double them.
    """

    format: str
    device: str = ""
    laps: list[Lap] = field(default_factory=list)
    pauses: list[Pause] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Formats with no timer events (GPX): a jump longer than this many seconds is a pause.
    gap_is_pause: float | None = None
    _times: list[datetime] = field(default_factory=list)
    _distance: list[float | None] = field(default_factory=list)
    _elevation: list[float | None] = field(default_factory=list)
    _cadence: list[float | None] = field(default_factory=list)
    _speed: list[float | None] = field(default_factory=list)
    _heart: list[int | None] = field(default_factory=list)
    _position: list[tuple[float, float] | None] = field(default_factory=list)
    _backwards: int = 0
    _naive: bool = False
    _cut_short: bool = False
    # GPX/TCX give positions, not distances: the builder sums them within a stretch.
    _sum_positions: bool = False
    _new_stretch: bool = True
    _summed: float = 0.0
    _last_position: tuple[float, float] | None = None

    def add(
        self,
        time: datetime,
        *,
        distance_m: float | None = None,
        elevation_m: float | None = None,
        raw_cadence: float | None = None,
        speed: float | None = None,
        heart: float | None = None,
        position: tuple[float, float] | None = None,
    ) -> None:
        """One sample; ``raw_cadence`` in strides per minute of one foot, as files store it."""
        moment, naive = utc(time)
        self._naive = self._naive or naive
        if self._times and moment <= self._times[-1]:
            self._backwards += 1
            return
        gap = (moment - self._times[-1]).total_seconds() if self._times else 0.0
        if self.gap_is_pause is not None and gap > self.gap_is_pause:
            self.pause(self._times[-1], moment)
        if len(self._times) >= MAX_POINTS:
            raise OverflowError(f"more than {MAX_POINTS:,} samples")
        if position is not None and not (-90 <= position[0] <= 90 and -180 <= position[1] <= 180):
            position = None
        if self._sum_positions and distance_m is None:
            distance_m = self._summed_distance(position)
        self._times.append(moment)
        self._distance.append(_finite(distance_m))
        self._elevation.append(_finite(elevation_m))
        self._cadence.append(_finite(raw_cadence))
        self._speed.append(_finite(speed))
        self._heart.append(heart_rate(heart))
        self._position.append(position)

    def sum_positions(self) -> None:
        """Work distances out from positions (GPX, and TCX files without DistanceMeters)."""
        self._sum_positions = True

    def new_stretch(self) -> None:
        """A new GPX track or segment begins: no distance is counted across the gap."""
        self._new_stretch = True

    def _summed_distance(self, position: tuple[float, float] | None) -> float | None:
        if position is None:
            return None if not self._times else self._summed
        if self._last_position is not None and not self._new_stretch:
            self._summed += distance_between(self._last_position, position)
        self._new_stretch = False
        self._last_position = position
        return self._summed

    def lap(
        self,
        start: datetime,
        seconds: float,
        distance_m: float | None = None,
        ascent_m: float | None = None,
        descent_m: float | None = None,
    ) -> None:
        if math.isfinite(seconds) and seconds >= 0:
            self.laps.append(
                Lap(
                    utc(start)[0],
                    seconds,
                    _finite(distance_m),
                    _finite(ascent_m),
                    _finite(descent_m),
                )
            )

    def pause(self, start: datetime, end: datetime) -> None:
        begin, _ = utc(start)
        finish, _ = utc(end)
        if finish > begin:
            self.pauses.append(Pause(begin, finish))

    def cut_short(self, why: str) -> None:
        self._cut_short = True
        self.warnings.append(f"the file was cut short ({why}); kept the samples read before it")

    @property
    def count(self) -> int:
        return len(self._times)

    def build(self) -> Track:
        factor, cadence_warning = cadence_factor(
            [c for c in self._cadence if c is not None], [s for s in self._speed if s is not None]
        )
        warnings = list(self.warnings)
        if cadence_warning:
            warnings.append(cadence_warning)
        if self._backwards:
            warnings.append(f"{self._backwards} samples went back in time and were left out")
        if self._naive:
            warnings.append("times without a time zone were read as UTC")
        points = tuple(
            TrackPoint(
                time,
                distance,
                elevation,
                None if cadence is None else cadence * factor,
                heart,
                position,
            )
            for time, distance, elevation, cadence, heart, position in zip(
                self._times,
                self._distance,
                self._elevation,
                self._cadence,
                self._heart,
                self._position,
                strict=True,
            )
        )
        elevations = [e for e in self._elevation if e is not None]
        pauses = sorted({(p.start, p.end): p for p in self.pauses}.values(), key=_pause_start)
        return Track(
            self.format,
            self.device,
            altitude_kind(elevations),
            points,
            tuple(self.laps),
            tuple(pauses),
            tuple(warnings),
            self._cut_short,
        )


def _pause_start(pause: Pause) -> datetime:
    return pause.start


def _finite(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def per_second(track: Track, keep_positions: bool) -> Track:
    """The track as stored with a run: at most one sample a second (the first of each whole
    second), positions only if the runner chose to keep them (where they ran is sensitive)."""
    points: list[TrackPoint] = []
    last_second: int | None = None
    for point in track.points:
        second = math.floor(point.seconds)
        if second == last_second:
            continue
        last_second = second
        if not keep_positions and point.position is not None:
            point = TrackPoint(
                point.time,
                point.distance_m,
                point.elevation_m,
                point.cadence_spm,
                point.heart_rate,
            )
        points.append(point)
    return Track(
        track.format,
        track.device,
        track.altitude,
        tuple(points),
        track.laps,
        track.pauses,
        track.warnings,
        track.cut_short,
    )


def timed_segments(run: RunRecord) -> tuple[TimedSegment, ...]:
    """A stored run's segment visits on the wall clock: its start plus each visit's active
    offset. Pauses during the run are not stored, so a paused run drifts by their length; the
    alignment's pattern search takes up to 3 minutes of that."""
    return tuple(
        TimedSegment(
            visit.index,
            visit.kind,
            run.started_at + timedelta(seconds=visit.actual_start),
            run.started_at + timedelta(seconds=visit.actual_start + visit.actual_seconds),
        )
        for visit in run.segments
        if visit.actual_seconds > 0
    )


def planned_segments(planned: Sequence[Segment], start: datetime) -> tuple[TimedSegment, ...]:
    """A plan laid end to end from ``start`` (a run done without the laptop)."""
    segments = []
    at = start
    for index, segment in enumerate(planned):
        end = at + timedelta(seconds=segment.seconds)
        segments.append(TimedSegment(index, segment.kind, at, end))
        at = end
    return tuple(segments)
