"""A watch or phone recording of a run, as CouchTimer reads it (issue 15).

The readers in ``couchtimer.formats`` turn FIT, GPX and TCX files into a ``Track``; everything
after that (per-segment metrics, alignment with a run, storage) works on these value objects
only. Every time is UTC and timezone-aware. Cadence is always **steps per minute** (both feet):
the readers convert from the files' strides per minute of one foot.

These types are the stable interface between the readers, the store and the History views;
add fields at the end with defaults, never rename one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

# What a recording measured in a segment: core.metrics, so that the history reads it without
# loading a recording's types; named here too, with the rest of a recording.
from couchtimer.core.metrics import METRIC_FIELDS as METRIC_FIELDS
from couchtimer.core.metrics import SegmentMetrics as SegmentMetrics
from couchtimer.core.programme import SegmentKind


class Altitude(StrEnum):
    """Where a recording's elevations come from: a barometric sensor is steady to ~1 m; GPS
    altitude wanders by metres from one second to the next, so its downhill rule is stricter."""

    BAROMETRIC = "barometric"
    GPS = "gps"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class TrackPoint:
    """One sample. Anything the device did not record is None (a heart rate of 0 or 255 in a
    file means "no reading" and arrives here as None)."""

    time: datetime  # UTC, timezone-aware
    distance_m: float | None = None  # cumulative from the start of the recording
    elevation_m: float | None = None
    cadence_spm: float | None = None  # steps per minute, both feet
    heart_rate: int | None = None  # beats per minute
    position: tuple[float, float] | None = None  # (latitude, longitude) in degrees

    @property
    def seconds(self) -> float:
        """POSIX seconds of ``time`` (what the metrics and the alignment compute with)."""
        return self.time.timestamp()


@dataclass(frozen=True, slots=True)
class Lap:
    """A lap as the device closed it (manual button, auto lap, or a workout step)."""

    start: datetime  # UTC
    seconds: float  # timer time of the lap (pauses excluded), as the device says
    distance_m: float | None = None
    ascent_m: float | None = None  # the device's own figures, where the file carries them
    descent_m: float | None = None


@dataclass(frozen=True, slots=True)
class Pause:
    """A stretch with no records: a timer stop (auto-pause, stop button) or a gap between the
    tracks of a GPX file. Nothing is interpolated across it."""

    start: datetime  # UTC
    end: datetime

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True, slots=True)
class Track:
    """What one activity file holds. ``points`` are in time order, each later than the one
    before. ``warnings`` say what the reader dropped or doubted (a file cut short, points going
    back in time, cadence that looked already doubled); they are shown with the figures."""

    format: str  # "fit" | "gpx" | "tcx"
    device: str  # maker and product, or the creator app; "" when the file does not say
    altitude: Altitude
    points: tuple[TrackPoint, ...]
    laps: tuple[Lap, ...] = ()
    pauses: tuple[Pause, ...] = ()
    warnings: tuple[str, ...] = ()
    cut_short: bool = False  # the file ended or broke mid-record; ``points`` is what came before

    def __post_init__(self) -> None:
        previous: datetime | None = None
        for point in self.points:
            if point.time.tzinfo is None:
                raise ValueError(f"a track point needs a UTC time, not a naive {point.time!r}")
            if previous is not None and point.time <= previous:
                raise ValueError(f"track points out of time order at {point.time.isoformat()}")
            previous = point.time

    @property
    def start(self) -> datetime | None:
        return self.points[0].time if self.points else None

    @property
    def end(self) -> datetime | None:
        return self.points[-1].time if self.points else None

    @property
    def has_positions(self) -> bool:
        return any(point.position is not None for point in self.points)


@dataclass(frozen=True, slots=True)
class TimedSegment:
    """A segment of a run on the wall clock: what the metrics and the alignment take. Built from
    a stored run by ``couchtimer.core.activity.timed_segments`` (or from a plan placed on a
    recording, for a run done without the laptop)."""

    index: int
    kind: SegmentKind
    start: datetime  # UTC
    end: datetime

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()

    def shifted(self, seconds: float) -> TimedSegment:
        step = timedelta(seconds=seconds)
        return TimedSegment(self.index, self.kind, self.start + step, self.end + step)


class AlignMethod(StrEnum):
    """How a recording was put on the run's clock."""

    UTC = "utc"  # the clocks agree: most of the run lies inside the recording as it is
    HOUR_SHIFT = "hour-shift"  # whole hours off (a time-zone bug in the export)
    PATTERN = "pattern"  # a fine offset found on the run/walk contrast of cadence or speed
    LAPS = "laps"  # the watch ran our exported workout: its laps are our segments
    MANUAL = "manual"  # the runner nudged it
    NONE = "none"  # no overlap and no clear match: the runner must place it


@dataclass(frozen=True, slots=True)
class Alignment:
    """Add ``offset_seconds`` to a recording's times to put them on the run's clock."""

    offset_seconds: float
    method: AlignMethod
    confidence: float  # 0..1; low: the app asks the runner to check it (a slider)
    notes: tuple[str, ...] = field(default=())
