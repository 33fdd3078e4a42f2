"""What a recording says about each segment of a run: distance, pace, cadence, heart rate,
elevation gain and loss, gradient and how much of it went downhill (issue 15, pure).

Elevation is noisy: glitches of a few samples go first (a running median over
``DESPIKE_SAMPLES`` either side), and GPS altitude wanders metres from second to second (raw sums
overcount 1.3-4x on real files), so the profile is first smoothed over ``SMOOTH_METRES`` of
distance, then a rise or fall counts only once it passes ``HYSTERESIS_M`` (GoldenCheetah uses 3 m
on GPS; a barometric trace is steady enough for 1 m). A gradient needs at least ``GRADE_FROM_M``
of distance; "downhill" is a stretch steeper than ``DOWNHILL[altitude]`` that drops at least
``DOWNHILL_DROP_M[altitude]``: stricter when the altitude is GPS-only.
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from couchtimer.core.programme import SegmentKind
from couchtimer.core.track import Altitude, Lap, SegmentMetrics, TimedSegment, Track

DESPIKE_SAMPLES = 4  # a running median over 9 samples removes glitches of up to 3 samples
SMOOTH_METRES = 50.0  # window of the elevation smoothing (centred: +-25 m)
HYSTERESIS_M = {Altitude.BAROMETRIC: 1.0, Altitude.GPS: 3.0, Altitude.NONE: 1.0}
GRADE_FROM_M = 100.0  # no gradient or downhill share for a shorter segment
DOWNHILL = {Altitude.BAROMETRIC: -2.0, Altitude.GPS: -3.0, Altitude.NONE: -2.0}  # percent
DOWNHILL_DROP_M = {Altitude.BAROMETRIC: 2.0, Altitude.GPS: 5.0, Altitude.NONE: 2.0}
#: Float error let through when a change is compared with the hysteresis: 1.4 - 0.4 comes out a
#: hair under 1.0, and a profile raised as a whole must climb as much as before.
LEVEL_TOLERANCE_M = 1e-9
MAX_GAP_SECONDS = 10.0  # samples further apart than this do not cover the time between them
PACE_FROM_M = 10.0  # a pace needs some distance: standing still has none
# A lap is not one of our segments; its metrics row says RUN only because SegmentMetrics needs a
# kind (what prints a lap does not show it).
_LAP_KIND = SegmentKind.RUN


@dataclass(frozen=True, slots=True)
class Profile:
    """A track reduced to numbers for the metrics: times (POSIX seconds), cumulative distance
    and the smoothed elevation (None where the recording has none), with per-sample downhill
    flags. Built once per track; every segment reads its slice."""

    times: tuple[float, ...]
    distance: tuple[float | None, ...]
    elevation: tuple[float | None, ...]
    downhill: tuple[bool, ...]
    cadence: tuple[float | None, ...]
    heart: tuple[int | None, ...]
    altitude: Altitude


def smooth(distance: Sequence[float], elevation: Sequence[float], window: float) -> list[float]:
    """Each elevation replaced by the mean of those within ``window``/2 metres of distance
    either side (``distance`` non-decreasing). A running sum keeps it O(n)."""
    half = window / 2
    sums = [0.0]
    for value in elevation:
        sums.append(sums[-1] + value)
    low = high = 0
    count = len(distance)
    smoothed = []
    for i in range(count):
        while distance[low] < distance[i] - half:
            low += 1
        while high + 1 < count and distance[high + 1] <= distance[i] + half:
            high += 1
        smoothed.append((sums[high + 1] - sums[low]) / (high + 1 - low))
    return smoothed


def despike(elevation: Sequence[float], reach: int) -> list[float]:
    """Each elevation replaced by the median of the ``2 * reach + 1`` samples around it (a
    whole window at the ends too, so a glitch in the first seconds goes as well): an altimeter
    glitch (the fenix 2 sample file reads 142 m for 3 s at the start of a run at 55 m) would
    otherwise be smoothed into a climb and a descent that never happened."""
    count = len(elevation)
    width = 2 * reach + 1
    if count < width:
        return [statistics.median(elevation)] * count
    medians = []
    for i in range(count):
        first = max(0, min(i - reach, count - width))
        medians.append(sorted(elevation[first : first + width])[reach])  # odd width: the median
    return medians


def gain_and_loss(elevation: Sequence[float], hysteresis: float) -> tuple[float, float]:
    """Metres climbed and descended, counting a change only once it reaches ``hysteresis``."""
    if not elevation:
        return 0.0, 0.0
    ascent = descent = 0.0
    level = elevation[0]
    for value in elevation[1:]:
        if value - level >= hysteresis - LEVEL_TOLERANCE_M:
            ascent += value - level
            level = value
        elif level - value >= hysteresis - LEVEL_TOLERANCE_M:
            descent += level - value
            level = value
    return ascent, descent


def downhill_flags(
    distance: Sequence[float], elevation: Sequence[float], altitude: Altitude
) -> list[bool]:
    """For each step (from sample i to i+1), whether it lies in a downhill stretch: a run of
    steps steeper than ``DOWNHILL`` whose total drop reaches ``DOWNHILL_DROP_M``. Index i is
    the step ending at sample i (the first is False)."""
    threshold = DOWNHILL[altitude] / 100
    steep = [False]
    for i in range(1, len(distance)):
        run = distance[i] - distance[i - 1]
        steep.append(run > 0 and (elevation[i] - elevation[i - 1]) / run < threshold)
    flags = [False] * len(steep)
    start = None
    for i in range(len(steep) + 1):
        if i < len(steep) and steep[i]:
            if start is None:
                start = i
            continue
        if start is not None:
            drop = elevation[start - 1] - elevation[i - 1]
            if drop >= DOWNHILL_DROP_M[altitude]:
                flags[start:i] = [True] * (i - start)
            start = None
    return flags


def profile(track: Track) -> Profile:
    points = track.points
    distance = [p.distance_m for p in points]
    raw = [p.elevation_m for p in points]
    usable = [
        i
        for i, (d, e) in enumerate(zip(distance, raw, strict=True))
        if d is not None and e is not None
    ]
    elevation: list[float | None] = [None] * len(points)
    downhill = [False] * len(points)
    if track.altitude is not Altitude.NONE and len(usable) >= 2:
        dist = [float(distance[i]) for i in usable]  # type: ignore[arg-type]
        elev = [float(raw[i]) for i in usable]  # type: ignore[arg-type]
        dist = list(_non_decreasing(dist))
        smoothed = smooth(dist, despike(elev, DESPIKE_SAMPLES), SMOOTH_METRES)
        flags = downhill_flags(dist, smoothed, track.altitude)
        for j, i in enumerate(usable):
            elevation[i] = smoothed[j]
            downhill[i] = flags[j]
    return Profile(
        tuple(p.seconds for p in points),
        tuple(distance),
        tuple(elevation),
        tuple(downhill),
        tuple(p.cadence_spm for p in points),
        tuple(p.heart_rate for p in points),
        track.altitude,
    )


def _non_decreasing(values: Sequence[float]) -> list[float]:
    """Distances as devices write them can dip by centimetres; never let them go back."""
    out: list[float] = []
    for value in values:
        out.append(value if not out or value >= out[-1] else out[-1])
    return out


def covered_seconds(times: Sequence[float], start: float, end: float) -> float:
    """Seconds of [start, end) lying between two samples at most ``MAX_GAP_SECONDS`` apart."""
    first = max(bisect.bisect_right(times, start) - 1, 0)
    last = min(bisect.bisect_left(times, end), len(times) - 1)
    covered = 0.0
    for i in range(first, last):
        a, b = times[i], times[i + 1]
        if b - a <= MAX_GAP_SECONDS:
            covered += max(0.0, min(b, end) - max(a, start))
    return covered


def _at(times: Sequence[float], values: Sequence[float | None], moment: float) -> float | None:
    """``values`` at ``moment``, straight between the samples either side (within the gap)."""
    i = bisect.bisect_right(times, moment)
    if i == 0:  # before the first sample (bisect_right never passes the end)
        return None
    a = i - 1
    if times[a] == moment or i == len(times):
        return values[a] if times[a] == moment else None
    va, vb = values[a], values[i]
    if va is None or vb is None or times[i] - times[a] > MAX_GAP_SECONDS:
        return None  # (``moment`` is not a sample's time here: that returned above)
    share = (moment - times[a]) / (times[i] - times[a])
    return va + (vb - va) * share


def metrics_for(prof: Profile, segment: TimedSegment, offset_seconds: float) -> SegmentMetrics:
    """One segment's figures from a profile; ``offset_seconds`` is added to the track's times."""
    start = segment.start.timestamp() - offset_seconds
    end = segment.end.timestamp() - offset_seconds
    seconds = end - start
    times = prof.times
    lo, hi = bisect.bisect_left(times, start), bisect.bisect_left(times, end)
    covered = covered_seconds(times, start, end) if times else 0.0
    coverage = min(1.0, covered / seconds) if seconds > 0 else 0.0
    cadences = [c for c in prof.cadence[lo:hi] if c is not None and c > 0]
    hearts = [h for h in prof.heart[lo:hi] if h is not None]
    d0, d1 = _at(times, prof.distance, start), _at(times, prof.distance, end)
    if d0 is None and lo < hi:
        d0 = prof.distance[lo]
    if d1 is None and lo < hi:
        d1 = prof.distance[hi - 1]
    distance = None if d0 is None or d1 is None else max(0.0, d1 - d0)
    pace = None
    if distance is not None and distance >= PACE_FROM_M and covered > 0:
        pace = covered / (distance / 1000)
    ascent = descent = grade = share = None
    elevations = [e for e in prof.elevation[lo:hi] if e is not None]
    if prof.altitude is not Altitude.NONE and elevations:
        e0 = _at(times, prof.elevation, start)
        e1 = _at(times, prof.elevation, end)
        path = ([e0] if e0 is not None else []) + elevations + ([e1] if e1 is not None else [])
        ascent, descent = gain_and_loss(path, HYSTERESIS_M[prof.altitude])
        if distance is not None and distance >= GRADE_FROM_M:
            grade = (path[-1] - path[0]) / distance * 100
            share = _downhill_share(prof, lo, hi)
    return SegmentMetrics(
        segment.index,
        segment.kind,
        coverage,
        distance,
        pace,
        statistics.median(cadences) if cadences else None,
        sum(hearts) / len(hearts) if hearts else None,
        ascent,
        descent,
        grade,
        share,
    )


def _downhill_share(prof: Profile, lo: int, hi: int) -> float | None:
    total = down = 0.0
    for i in range(max(lo, 1), hi):
        a, b = prof.distance[i - 1], prof.distance[i]
        if a is None or b is None or b <= a:
            continue
        total += b - a
        if prof.downhill[i]:
            down += b - a
    return down / total if total > 0 else None


def segment_metrics(
    segments: Sequence[TimedSegment], track: Track, offset_seconds: float = 0.0
) -> tuple[SegmentMetrics, ...]:
    """Each segment's figures from the recording put on the run's clock by ``offset_seconds``."""
    prof = profile(track)
    return tuple(metrics_for(prof, segment, offset_seconds) for segment in segments)


@dataclass(frozen=True, slots=True)
class TrackSummary:
    """What ``couchtimer activity`` prints about a whole file."""

    seconds: float  # from the first sample to the last, less the pauses
    distance_m: float | None
    ascent_m: float | None
    descent_m: float | None
    cadence_spm_median: float | None
    heart_rate_median: float | None
    laps: tuple[tuple[Lap, SegmentMetrics], ...]


def summarise(track: Track) -> TrackSummary:
    prof = profile(track)
    points = track.points
    distances = [d for d in prof.distance if d is not None]
    distance = distances[-1] - distances[0] if distances else None
    ascent = descent = None
    if track.altitude is not Altitude.NONE:
        climbs = [e for e in prof.elevation if e is not None]
        if climbs:
            ascent, descent = gain_and_loss(climbs, HYSTERESIS_M[track.altitude])
    cadences = [c for c in prof.cadence if c is not None and c > 0]
    hearts = [h for h in prof.heart if h is not None]
    elapsed = (points[-1].time - points[0].time).total_seconds() if points else 0.0
    paused = sum(p.seconds for p in track.pauses)
    laps = []
    for number, lap in enumerate(track.laps):
        following = track.laps[number + 1].start if number + 1 < len(track.laps) else None
        end = following or (points[-1].time if points else lap.start)
        if end <= lap.start:
            continue
        window = TimedSegment(number, SegmentKind.RUN, lap.start, end)
        laps.append((lap, metrics_for(prof, window, 0.0)))
    return TrackSummary(
        max(0.0, elapsed - paused),
        distance,
        ascent,
        descent,
        statistics.median(cadences) if cadences else None,
        statistics.median(hearts) if hearts else None,
        tuple(laps),
    )
