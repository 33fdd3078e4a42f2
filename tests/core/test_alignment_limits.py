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
