"""The alignment's rules at their limits (issue 23): each bound on both sides and at it, and the
per-second signal exactly."""

from __future__ import annotations

import statistics
from datetime import UTC, datetime, timedelta

import pytest

from couchtimer.core.alignment import (
    MAX_HOUR_SHIFT,
    NEAREST_SAMPLE,
    Signal,
    _fill_between,
    coarse_offset,
    correlation,
    signal_of,
)
from couchtimer.core.programme import SegmentKind
from couchtimer.core.track import AlignMethod, Altitude, TimedSegment, Track, TrackPoint

R = datetime(2025, 5, 1, 7, 0, tzinfo=UTC)
BASE = int(R.timestamp())
HOUR = timedelta(hours=1)


def at(seconds: float) -> datetime:
    return R + timedelta(seconds=seconds)


def track(*points: TrackPoint) -> Track:
    return Track("fit", "test", Altitude.NONE, points)


def spanning(start: datetime, end: datetime) -> Track:
    return track(TrackPoint(start), TrackPoint(end))


RUN = (TimedSegment(0, SegmentKind.RUN, R, at(1800)),)  # 30 minutes


# --- the whole-hour shift ------------------------------------------------------------------------


def test_exactly_half_the_run_inside_the_recording_is_utc() -> None:
    assert coarse_offset(RUN, spanning(at(900), at(2700))) == (0.0, AlignMethod.UTC)


def test_of_two_shifts_covering_the_run_the_smaller_wins() -> None:
    """Covering all of it 3 and 4 hours earlier: 3 hours (the fewer hours, the likelier)."""
    recording = spanning(R + 3 * HOUR, R + 4.5 * HOUR)
    assert coarse_offset(RUN, recording) == (-3 * 3600.0, AlignMethod.HOUR_SHIFT)


@pytest.mark.parametrize("hours", [MAX_HOUR_SHIFT, -MAX_HOUR_SHIFT])
def test_shifts_up_to_14_hours_are_tried(hours: int) -> None:
    recording = spanning(R - hours * HOUR, R - hours * HOUR + timedelta(seconds=1800))
    assert coarse_offset(RUN, recording) == (hours * 3600.0, AlignMethod.HOUR_SHIFT)


@pytest.mark.parametrize("hours", [MAX_HOUR_SHIFT + 1, -MAX_HOUR_SHIFT - 1])
def test_15_hours_off_is_not_the_same_run(hours: int) -> None:
    recording = spanning(R - hours * HOUR, R - hours * HOUR + timedelta(seconds=1800))
    assert coarse_offset(RUN, recording) == (0.0, AlignMethod.NONE)
    assert MAX_HOUR_SHIFT == 14  # UTC-12 to UTC+14: the widest gap between a clock and UTC


# --- the per-second signal ---------------------------------------------------------------------


def test_two_samples_are_a_signal_laid_on_whole_seconds_with_prefix_sums() -> None:
    signal = signal_of(
        track(TrackPoint(at(0), None, None, 150), TrackPoint(at(2), None, None, 170))
    )
    assert signal == Signal(
        BASE, (0, 1, 2, 3), (0.0, 150.0, 300.0, 470.0), (0.0, 22500.0, 45000.0, 73900.0)
    )


def test_a_second_without_a_value_counts_nothing() -> None:
    points = [TrackPoint(at(s), None, None, 160 if s != 3 else None) for s in range(4)]
    points += [TrackPoint(at(10), None, None, 170)]
    signal = signal_of(track(*points))
    assert signal is not None
    assert signal.count == (0, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4)
    assert signal.total[-1] == 160.0 * 3 + 170


def test_cadence_carries_the_signal_when_half_the_samples_have_it() -> None:
    points = [TrackPoint(at(s), s * 3.0, None, 150 if s < 2 else None) for s in range(4)]
    signal = signal_of(track(*points))
    assert signal is not None
    assert signal.total[1:3] == (150.0, 300.0)  # cadence, not the speed of 3 m/s


@pytest.mark.parametrize(("step", "speed"), [(1, 3.0), (2, 3.0), (10, 3.0), (11, None)])
def test_speed_comes_from_samples_at_most_10_seconds_apart(step: int, speed: float | None) -> None:
    assert NEAREST_SAMPLE * 5 == 10
    signal = signal_of(track(TrackPoint(at(0), 0.0), TrackPoint(at(step), 3.0 * step)))
    assert signal is not None
    assert signal.sums(BASE + step, BASE + step + 1) == (
        (1, speed, speed**2) if speed else (0, 0.0, 0.0)
    )


@pytest.mark.parametrize("missing", [0, 1])
def test_no_speed_without_a_distance_at_both_ends(missing: int) -> None:
    points = [TrackPoint(at(0), 0.0), TrackPoint(at(1), 3.0), TrackPoint(at(2), 6.0)]
    points[missing] = TrackPoint(points[missing].time)
    signal = signal_of(track(*points))
    assert signal is not None
    assert signal.sums(BASE + 1, BASE + 2) == (0, 0.0, 0.0)


def test_a_second_takes_the_nearest_sample_and_the_first_of_two_as_near() -> None:
    nearer_later = track(
        TrackPoint(at(9.6), None, None, 100), TrackPoint(at(10.2), None, None, 200)
    )
    tied = track(TrackPoint(at(9.5), None, None, 100), TrackPoint(at(10.5), None, None, 200))
    for recording, value in ((nearer_later, 200.0), (tied, 100.0)):
        signal = signal_of(recording)
        assert signal is not None
        assert signal.sums(BASE + 10, BASE + 11) == (1, value, value**2)


def test_sums_outside_the_signal_are_clipped_and_an_empty_range_is_zero() -> None:
    signal = signal_of(
        track(TrackPoint(at(0), None, None, 150), TrackPoint(at(1), None, None, 170))
    )
    assert signal is not None
    assert signal.sums(BASE - 5, BASE + 5) == (2, 320.0, 150.0**2 + 170.0**2)
    assert signal.sums(BASE + 1, BASE + 1) == (0, 0.0, 0.0)
    assert signal.sums(BASE + 1, BASE) == (0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("values", "filled"),
    [
        ([1.0, None, 2.0], [1.0, 1.0, 2.0]),
        ([1.0, None, None, 2.0], [1.0, 1.0, 1.0, 2.0]),
        ([1.0, None, None, None, None, 2.0], [1.0] * 5 + [2.0]),  # 5 s apart: filled
        ([1.0, *[None] * 5, 2.0], [1.0, *[None] * 5, 2.0]),  # 6 s apart: a hole
        ([1.0, *[None] * 6, 3.0, None, 4.0], [1.0, *[None] * 6, 3.0, 3.0, 4.0]),
        ([None, None, 1.0, 2.0], [None, None, 1.0, 2.0]),
    ],
)
def test_seconds_between_samples_up_to_5_seconds_apart_take_the_earlier(
    values: list[float | None], filled: list[float | None]
) -> None:
    _fill_between(values)
    assert values == filled


# --- the correlation ---------------------------------------------------------------------------


def _signal(first: int, values: list[float | None]) -> Signal:
    count, total, squares = [0], [0.0], [0.0]
    for value in values:
        count.append(count[-1] + (value is not None))
        total.append(total[-1] + (value or 0.0))
        squares.append(squares[-1] + (value or 0.0) ** 2)
    return Signal(first, tuple(count), tuple(total), tuple(squares))


def _segments(*kinds: SegmentKind) -> tuple[TimedSegment, ...]:
    return tuple(TimedSegment(i, kind, at(i), at(i + 1)) for i, kind in enumerate(kinds))


def test_two_seconds_one_run_one_walk_correlate_perfectly() -> None:
    segments = _segments(SegmentKind.RUN, SegmentKind.WALK)
    assert correlation(segments, _signal(BASE, [2.0, 1.5]), 0.0) == 1.0
    assert correlation(segments[:1], _signal(BASE, [2.0, 1.5]), 0.0) == 0.0  # one second


def test_the_correlation_is_pearsons_r() -> None:
    kinds = (SegmentKind.RUN, SegmentKind.RUN, SegmentKind.WALK, SegmentKind.WARMUP)
    values = [3.0, 2.5, 1.0, 1.4]
    expected = statistics.correlation([1.0, 1.0, -1.0, -1.0], values)
    assert correlation(_segments(*kinds), _signal(BASE, values), 0.0) == pytest.approx(expected)


def test_all_in_run_segments_has_no_contrast() -> None:
    segments = _segments(SegmentKind.RUN, SegmentKind.RUN)
    assert correlation(segments, _signal(BASE, [2.0, 1.5]), 0.0) == 0.0


# --- the overlap, the laps and the pattern's peak ------------------------------------------------


def test_a_recording_apart_from_the_run_overlaps_none_of_it() -> None:
    from couchtimer.core.alignment import overlap

    assert overlap(RUN, spanning(at(2000), at(3000)), 0.0) == 0.0
    assert overlap(RUN, spanning(at(-3000), at(-1)), 0.0) == 0.0


def test_one_second_more_than_half_an_hour_away_is_shifted_by_that_hour() -> None:
    """Covering 901 of the run's 1800 s an hour early: more than half, so that hour."""
    recording = spanning(at(-1000) + HOUR, at(901) + HOUR)
    assert coarse_offset(RUN, recording) == (-3600.0, AlignMethod.HOUR_SHIFT)


def test_a_recording_of_another_day_says_why_it_was_not_aligned() -> None:
    from couchtimer.core.alignment import align
    from couchtimer.core.track import Alignment

    assert align(RUN, spanning(R + 20 * HOUR, R + 21 * HOUR)) == Alignment(
        0.0, AlignMethod.NONE, 0.0, ("the recording does not overlap the run, even hours apart",)
    )


@pytest.mark.parametrize(
    ("planned", "lap", "laps_used"),
    [
        (60, 63.0, True),  # 3 s: the slack of a short segment
        (60, 63.5, False),
        (60, 57.0, True),
        (300, 309.0, True),  # 3 % of a long one: 9 s
        (300, 309.5, False),
    ],
)
def test_a_lap_may_differ_from_its_segment_by_3_seconds_or_3_percent(
    planned: int, lap: float, laps_used: bool
) -> None:
    from couchtimer.core.alignment import by_laps
    from couchtimer.core.track import Lap

    segments = (TimedSegment(0, SegmentKind.RUN, R, at(planned)),)
    recording = Track("fit", "x", Altitude.NONE, (TrackPoint(R),), (Lap(at(-5), lap),))
    assert by_laps(segments, recording) == (5.0 if laps_used else None)


PLAN = (  # uneven, so no other offset matches as well
    (SegmentKind.WARMUP, 120),
    (SegmentKind.RUN, 60),
    (SegmentKind.WALK, 90),
    (SegmentKind.RUN, 120),
    (SegmentKind.WALK, 75),
    (SegmentKind.COOLDOWN, 120),
)


def _plan() -> tuple[TimedSegment, ...]:
    segments, start = [], 0
    for index, (kind, seconds) in enumerate(PLAN):
        segments.append(TimedSegment(index, kind, at(start), at(start + seconds)))
        start += seconds
    return tuple(segments)


def _cadence(second: int, blind: int) -> float | None:
    """170-172 spm running, 110-114 walking; None within ``blind`` s of a boundary or an end
    (-1: nowhere)."""
    edges, start = [0], 0
    for _, seconds in PLAN:
        start += seconds
        edges.append(start)
    if any(abs(second - edge) <= blind for edge in edges):
        return None
    start = 0
    for kind, seconds in PLAN:
        if second < start + seconds:
            return 170.0 + second % 3 if kind is SegmentKind.RUN else 110.0 + second % 5
        start += seconds
    return None


def _recording(late: int, blind: int) -> Track:
    total = sum(seconds for _, seconds in PLAN)
    return track(
        *(TrackPoint(at(s - late), None, None, _cadence(s, blind)) for s in range(total + 1))
    )


def test_the_pattern_is_searched_up_to_the_end_of_the_range_and_no_further() -> None:
    from couchtimer.core.alignment import align

    assert align(_plan(), _recording(10, -1), search=(-10, 10)).offset_seconds == 10.0
    nearest = align(_plan(), _recording(11, -1), search=(-10, 10))
    assert (nearest.offset_seconds, nearest.method) == (10.0, AlignMethod.PATTERN)


def test_of_equal_matches_the_smallest_shift_wins_and_its_r_is_rounded() -> None:
    """Blind 20 s around each boundary: every shift up to 10 s sees the same samples in the
    same segments, so all match equally; the smallest shift is taken."""
    from couchtimer.core.alignment import align

    signs, values = [], []
    start = 0
    for kind, seconds in PLAN:
        for second in range(start, start + seconds):
            value = _cadence(second, 20)
            if value is not None:
                signs.append(1.0 if kind is SegmentKind.RUN else -1.0)
                values.append(value)
        start += seconds
    r = statistics.correlation(signs, values)
    assert 0.9 < r < 1.0
    found = align(_plan(), _recording(0, 20), search=(-10, 10))
    assert (found.offset_seconds, found.method, found.confidence) == (
        0.0,
        AlignMethod.PATTERN,
        round(r, 2),
    )
    assert found.notes == (f"run/walk pattern matched at +0 s (r = {r:.2f})",)


def test_a_match_exactly_the_peak_width_away_belongs_to_the_peak() -> None:
    from couchtimer.core.alignment import PEAK_WIDTH, align

    assert PEAK_WIDTH == 15
    found = align(_plan(), _recording(0, 20), search=(0, PEAK_WIDTH))
    assert (found.offset_seconds, found.method) == (0.0, AlignMethod.PATTERN)
    rivalled = align(_plan(), _recording(0, 20), search=(0, PEAK_WIDTH + 1))
    assert (rivalled.offset_seconds, rivalled.method) == (0.0, AlignMethod.UTC)


def test_a_weak_pattern_is_not_taken_even_without_a_rival() -> None:
    from couchtimer.core.alignment import align

    noisy = _recording(0, -1)
    points = tuple(
        TrackPoint(p.time, None, None, None if p.cadence_spm is None else 140 + (i * 37) % 41)
        for i, p in enumerate(noisy.points)
    )
    found = align(_plan(), track(*points), search=(-3, 3))
    assert (found.offset_seconds, found.method, found.confidence) == (0.0, AlignMethod.UTC, 0.3)
