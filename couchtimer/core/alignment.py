"""Put a recording on a run's clock (issue 15, pure): ``align(segments, track) -> Alignment``.

CouchTimer's segments carry real UTC times and so do recordings, so the clocks usually agree.
In order:

1. **Laps.** A watch that ran our exported workout closes a lap at every segment: when the
   recording has as many laps as the run has segments and each lasts what its segment lasted
   (within ``LAP_SLACK``), the laps are the segments (``AlignMethod.LAPS``).
2. **UTC.** When at least half of the run lies inside the recording as it is, offset 0.
   Otherwise whole-hour shifts up to ±14 h are tried (exports that write local time as UTC),
   the one covering the most of the run, at least half, wins (``HOUR_SHIFT``).
3. **Pattern.** From there, offsets within ±``SEARCH_SECONDS`` are scored by how well the
   recording's cadence (else its speed) follows the run/walk pattern: the correlation of the
   signal with +1 in run segments and -1 in walking ones (warm-up and cool-down are brisk walks).
   The best offset is taken only with a clear peak: a correlation of at least ``CLEAR_R`` and
   ``CLEAR_MARGIN`` above the best one further than ``PEAK_WIDTH`` seconds from it
   (``PATTERN``). Otherwise the coarse offset stands with a low confidence, and the app asks the
   runner to nudge it: a steady run with no walks has no pattern to find.

Scoring is cheap: the signal is laid on whole seconds with prefix sums, so each offset costs a
few operations per segment, not per second.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from couchtimer.core.programme import SegmentKind
from couchtimer.core.track import Alignment, AlignMethod, TimedSegment, Track

SEARCH_SECONDS = 180
CLEAR_R = 0.5
CLEAR_MARGIN = 0.1
PEAK_WIDTH = 15  # seconds either side of the best offset that belong to its peak
MIN_OVERLAP = 0.5
MAX_HOUR_SHIFT = 14
LAP_SLACK = (3.0, 0.03)  # seconds, share: a lap within the larger of the two of its segment
CONFIDENT = 0.6  # below this the app asks the runner to check the offset
UNSURE = 0.3  # the confidence of a clock-only alignment the pattern could not confirm
NEAREST_SAMPLE = 2.0  # seconds: a whole second takes the signal of a sample this close
_SIGN = {
    SegmentKind.RUN: 1.0,
    SegmentKind.WALK: -1.0,
    SegmentKind.WARMUP: -1.0,
    SegmentKind.COOLDOWN: -1.0,
}


def overlap(segments: Sequence[TimedSegment], track: Track, offset: float) -> float:
    """Share of the run (first segment's start to last one's end) inside the recording."""
    if not segments or track.start is None or track.end is None:
        return 0.0
    start, end = segments[0].start.timestamp(), segments[-1].end.timestamp()
    if end <= start:
        return 0.0
    first, last = track.start.timestamp() + offset, track.end.timestamp() + offset
    return max(0.0, min(end, last) - max(start, first)) / (end - start)


def by_laps(segments: Sequence[TimedSegment], track: Track) -> float | None:
    """The offset that puts each lap on its segment, if the laps are the segments."""
    if not segments or len(track.laps) != len(segments):
        return None
    for lap, segment in zip(track.laps, segments, strict=True):
        slack = max(LAP_SLACK[0], LAP_SLACK[1] * segment.seconds)
        if abs(lap.seconds - segment.seconds) > slack:
            return None
    return statistics.median(
        s.start.timestamp() - lap.start.timestamp()
        for lap, s in zip(track.laps, segments, strict=True)
    )


def coarse_offset(segments: Sequence[TimedSegment], track: Track) -> tuple[float, AlignMethod]:
    """Offset 0 if the clocks agree (at least ``MIN_OVERLAP`` of the run lies inside the
    recording as the clocks are), else the whole-hour shift of at most ``MAX_HOUR_SHIFT`` hours
    under which most of the run lies inside it (more than ``MIN_OVERLAP``; a tie goes to the
    smaller shift, then the earlier one), else none."""
    if overlap(segments, track, 0.0) >= MIN_OVERLAP:
        return 0.0, AlignMethod.UTC
    best, best_share = None, MIN_OVERLAP
    for hours in sorted(range(-MAX_HOUR_SHIFT, MAX_HOUR_SHIFT + 1), key=abs):
        share = overlap(segments, track, hours * 3600.0)
        if hours and share > best_share:
            best, best_share = hours, share
    if best is None:
        return 0.0, AlignMethod.NONE
    return best * 3600.0, AlignMethod.HOUR_SHIFT


@dataclass(frozen=True, slots=True)
class Signal:
    """A per-second signal (cadence, else speed) of the recording, with prefix sums over its
    valid seconds: ``first`` is the POSIX second of index 0."""

    first: int
    count: tuple[int, ...]  # prefix counts of seconds with a value
    total: tuple[float, ...]  # prefix sums of the values
    squares: tuple[float, ...]  # prefix sums of their squares

    def sums(self, start: int, end: int) -> tuple[int, float, float]:
        """(n, sum, sum of squares) over the POSIX seconds [start, end)."""
        size = len(self.count) - 1
        a = min(max(start - self.first, 0), size)
        b = min(max(end - self.first, 0), size)
        if b <= a:
            return 0, 0.0, 0.0
        return (
            self.count[b] - self.count[a],
            self.total[b] - self.total[a],
            self.squares[b] - self.squares[a],
        )


def signal_of(track: Track) -> Signal | None:
    """Cadence per second where most samples have one, else speed from the distances."""
    points = track.points
    if len(points) < 2:
        return None
    cadences = [p.cadence_spm for p in points]
    if sum(c is not None for c in cadences) * 2 >= len(points):
        values: list[float | None] = cadences
    else:
        values = [None]
        for a, b in itertools.pairwise(points):
            step = b.seconds - a.seconds
            if a.distance_m is None or b.distance_m is None or step > NEAREST_SAMPLE * 5:
                values.append(None)
            else:
                values.append((b.distance_m - a.distance_m) / step)
    first = math.floor(points[0].seconds)
    size = math.ceil(points[-1].seconds) - first + 1
    per_second: list[float | None] = [None] * size
    nearest = [math.inf] * size
    for point, value in zip(points, values, strict=True):
        if value is None:
            continue
        second = round(point.seconds)
        distance = abs(point.seconds - second)
        # round() of a time from the first to the last sample's lies within [first, size)
        if distance < nearest[second - first]:
            per_second[second - first] = value
            nearest[second - first] = distance
    _fill_between(per_second)
    count, total, squares = [0], [0.0], [0.0]
    for value in per_second:
        present = value is not None
        count.append(count[-1] + present)
        total.append(total[-1] + (value or 0.0))
        squares.append(squares[-1] + (value or 0.0) ** 2)
    return Signal(first, tuple(count), tuple(total), tuple(squares))


def _fill_between(values: list[float | None]) -> None:
    """Seconds between two samples at most 2.5 × ``NEAREST_SAMPLE`` (5 s) apart take the
    earlier one (smart recording writes every 1-5 s; a longer hole stays empty)."""
    last_index = None
    for i, value in enumerate(values):
        if value is None:
            continue
        if last_index is not None and 1 < i - last_index <= NEAREST_SAMPLE * 2.5:
            for j in range(last_index + 1, i):
                values[j] = values[last_index]
        last_index = i


def correlation(segments: Sequence[TimedSegment], signal: Signal, offset: float) -> float:
    """Pearson's r between the signal (moved by ``offset``) and +1 run / -1 walk."""
    n = 0
    sum_x = sum_y = sum_yy = sum_xy = 0.0
    for segment in segments:
        sign = _SIGN[segment.kind]
        start = round(segment.start.timestamp() - offset)
        end = round(segment.end.timestamp() - offset)
        count, total, squares = signal.sums(start, end)
        n += count
        sum_x += sign * count
        sum_y += total
        sum_yy += squares
        sum_xy += sign * total
    if n < 2:
        return 0.0
    spread_x = n * n - sum_x * sum_x
    spread_y = n * sum_yy - sum_y * sum_y
    if spread_x <= 0 or spread_y <= 1e-9:
        return 0.0
    return (n * sum_xy - sum_x * sum_y) / math.sqrt(spread_x * spread_y)


def align(
    segments: Sequence[TimedSegment],
    track: Track,
    search: tuple[int, int] = (-SEARCH_SECONDS, SEARCH_SECONDS),
) -> Alignment:
    """How to move the recording onto the run's clock, how it was found, how sure it is.
    ``search`` is the range of fine offsets (seconds) tried around the coarse one."""
    laps = by_laps(segments, track)
    if laps is not None:
        return Alignment(laps, AlignMethod.LAPS, 0.95, ("the watch's laps are the segments",))
    base, method = coarse_offset(segments, track)
    if method is AlignMethod.NONE:
        return Alignment(
            0.0, method, 0.0, ("the recording does not overlap the run, even hours apart",)
        )
    signal = signal_of(track)
    assert signal is not None  # a recording that overlaps the run has two samples at least
    scores = {
        shift: correlation(segments, signal, base + shift)
        for shift in range(search[0], search[1] + 1)
    }
    best = max(scores, key=lambda shift: (scores[shift], -abs(shift)))
    rival = max(
        (score for shift, score in scores.items() if abs(shift - best) > PEAK_WIDTH),
        default=-1.0,
    )
    if scores[best] >= CLEAR_R and scores[best] - rival >= CLEAR_MARGIN:
        confidence = round(min(1.0, scores[best]), 2)
        return Alignment(
            base + best,
            AlignMethod.PATTERN,
            confidence,
            (f"run/walk pattern matched at {best:+d} s (r = {scores[best]:.2f})",),
        )
    return Alignment(
        base,
        method,
        UNSURE,
        ("no clear run/walk pattern in the recording: check the offset on the timeline",),
    )


#: How far either side of where a recording sits the runner can move it by hand (History's
#: slider): more than the pattern search's ``SEARCH_SECONDS``, so that whatever it missed is
#: in reach.
NUDGE_SECONDS = 300
#: Farther than this no recording can belong to the run: a day and a half of time-zone error.
MAX_MANUAL_SECONDS = 36 * 3600


def manual(offset_seconds: float) -> Alignment:
    """The runner placed the recording: ``offset_seconds`` as given, taken as sure (no
    warning follows). ValueError outside ±``MAX_MANUAL_SECONDS`` or not a number."""
    if not -MAX_MANUAL_SECONDS <= offset_seconds <= MAX_MANUAL_SECONDS:  # NaN fails too
        raise ValueError(
            f"an offset of {offset_seconds} s is more than {MAX_MANUAL_SECONDS // 3600} hours"
        )
    return Alignment(float(offset_seconds), AlignMethod.MANUAL, 1.0, ("placed by the runner",))
