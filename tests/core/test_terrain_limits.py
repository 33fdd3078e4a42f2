"""Per-segment figures at their limits (issue 23): values between samples and across gaps,
segments that start or end outside the recording, each bound at its value and either side."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from couchtimer.core.programme import SegmentKind
from couchtimer.core.terrain import (
    MAX_GAP_SECONDS,
    PACE_FROM_M,
    Profile,
    _at,
    _downhill_share,
    _non_decreasing,
    despike,
    downhill_flags,
    metrics_for,
    profile,
    segment_metrics,
    summarise,
)
from couchtimer.core.track import Altitude, Lap, Pause, TimedSegment, Track, TrackPoint

T0 = datetime(2025, 5, 1, 7, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def segment(start: float, end: float, index: int = 0) -> TimedSegment:
    return TimedSegment(index, SegmentKind.RUN, at(start), at(end))


def steady(seconds: int, speed: float = 2.5, grade: float = -4.0) -> Track:
    """1 Hz, a steady speed and gradient, barometric."""
    return Track(
        "fit",
        "test",
        Altitude.BAROMETRIC,
        tuple(
            TrackPoint(at(s), s * speed, 100 + s * speed * grade / 100, 160, 150)
            for s in range(seconds + 1)
        ),
    )


def track(*points: TrackPoint, altitude: Altitude = Altitude.BAROMETRIC, **kw: object) -> Track:
    return Track("fit", "test", altitude, points, **kw)  # type: ignore[arg-type]


# --- a value at a moment: straight between samples, only within the gap ------------------------

TIMES = (100.0, 110.0, 120.0, 130.0, 141.0)
VALUES = (50.0, 150.0, None, 300.0, 400.0)


@pytest.mark.parametrize(
    ("moment", "value"),
    [
        (99.0, None),  # before the first sample
        (100.0, 50.0),  # at a sample
        (104.0, 90.0),  # 40 % of the way from 50 to 150
        (110.0, 150.0),
        (115.0, None),  # towards a sample without a value
        (125.0, None),  # from a sample without a value
        (130.0, 300.0),
        (135.0, None),  # 11 s between the samples: over MAX_GAP_SECONDS
        (141.0, 400.0),  # the last sample
        (142.0, None),  # after it
    ],
)
def test_a_value_between_samples_is_interpolated_only_within_the_gap(
    moment: float, value: float | None
) -> None:
    assert _at(TIMES, VALUES, moment) == value


def test_samples_exactly_the_gap_apart_are_interpolated() -> None:
    assert _at((100.0, 100.0 + MAX_GAP_SECONDS), (0.0, 10.0), 105.0) == 5.0


# --- smoothing's building blocks ---------------------------------------------------------------


def test_a_median_window_is_whole_at_both_ends() -> None:
    assert despike([0.0, 0.0, 10.0, 10.0, 10.0], 1) == [0.0, 0.0, 10.0, 10.0, 10.0]
    assert despike([5.0, 5.0, 0.0, 0.0, 10.0], 1) == [5.0, 5.0, 0.0, 0.0, 0.0]


def test_distances_that_dip_are_held_at_the_highest_so_far() -> None:
    assert _non_decreasing([0.0, 5.0, 10.0, 9.9, 12.0]) == [0.0, 5.0, 10.0, 10.0, 12.0]


def test_a_step_exactly_at_the_downhill_grade_is_not_steeper() -> None:
    assert downhill_flags([0.0, 100.0, 200.0], [100.0, 98.0, 96.0], Altitude.BAROMETRIC) == [
        False,
        False,
        False,
    ]


def test_a_stretch_dropping_exactly_the_minimum_is_downhill_to_its_last_step() -> None:
    assert downhill_flags(
        [0.0, 10.0, 20.0, 30.0], [100.0, 99.0, 98.0, 98.0], Altitude.BAROMETRIC
    ) == [
        False,
        True,
        True,
        False,
    ]


def test_the_profile_smooths_from_two_samples_with_both_distance_and_elevation() -> None:
    two = profile(track(TrackPoint(at(0), 0.0, 100.0), TrackPoint(at(1), 10.0, 101.0)))
    assert two.elevation == (100.5, 100.5)
    partial = profile(
        track(
            TrackPoint(at(0), 0.0, 100.0),
            TrackPoint(at(1), 10.0),
            TrackPoint(at(2), 20.0, 101.0),
        )
    )
    assert partial.elevation == (100.5, None, 100.5)
    none = track(
        TrackPoint(at(0), 0.0, 100.0), TrackPoint(at(1), 10.0, 101.0), altitude=Altitude.NONE
    )
    assert profile(none).elevation == (None, None)


def test_samples_without_an_elevation_are_never_downhill() -> None:
    points = [TrackPoint(at(s), s * 2.5) for s in range(81)]
    points[0] = TrackPoint(at(0), 0.0, 100.0)
    points[80] = TrackPoint(at(80), 200.0, 100.0)
    (figures,) = segment_metrics([segment(0, 80)], track(*points))
    assert (figures.distance_m, figures.downhill_share) == (200.0, 0.0)


# --- one segment's figures ---------------------------------------------------------------------


def test_a_segment_between_samples_takes_its_ends_interpolated() -> None:
    """300.5 s to 360.5 s on a steady -4 % at 2.5 m/s: 150 m, and the gradient from the
    elevations at its two ends, not at the first and last sample inside it."""
    (figures,) = segment_metrics([segment(300.5, 360.5)], steady(600))
    assert figures.distance_m == pytest.approx(150.0)
    assert figures.grade_percent == pytest.approx(-4.0, abs=1e-9)


def test_a_segment_reaching_outside_the_recording_takes_its_first_and_last_samples() -> None:
    recording = steady(600)
    before, after, first, last = segment_metrics(
        [segment(-30, 60), segment(560, 660), segment(0, 60), segment(560, 600)], recording
    )
    assert (before.distance_m, before.grade_percent) == (first.distance_m, first.grade_percent)
    assert before.distance_m == pytest.approx(150.0)
    assert before.coverage == pytest.approx(60 / 90)
    assert (after.distance_m, after.grade_percent) == (last.distance_m, last.grade_percent)
    assert after.distance_m == pytest.approx(100.0)


def test_a_recording_whose_distance_starts_late_measures_from_its_first_distance() -> None:
    points = [
        TrackPoint(at(0)),
        TrackPoint(at(1)),
        TrackPoint(at(2), 100.0),
        TrackPoint(at(3), 200.0),
    ]
    (figures,) = segment_metrics([segment(0, 3)], track(*points, altitude=Altitude.NONE))
    assert figures.distance_m is None  # no distance at the start: none measured
    (later,) = segment_metrics([segment(2, 3)], track(*points, altitude=Altitude.NONE))
    assert later.distance_m == 100.0


@pytest.mark.parametrize(("seconds", "coverage"), [(0.0, 0.0), (0.5, 1.0), (1.0, 1.0), (2.0, 1.0)])
def test_coverage_of_a_short_segment(seconds: float, coverage: float) -> None:
    (figures,) = segment_metrics([segment(10, 10 + seconds)], steady(60))
    assert figures.coverage == coverage


def test_an_empty_recording_covers_nothing() -> None:
    (figures,) = segment_metrics([segment(0, 60)], track())
    assert (figures.coverage, figures.distance_m, figures.cadence_spm) == (0.0, None, None)


def test_a_pace_needs_10_metres_and_a_second_with_samples() -> None:
    ten = track(TrackPoint(at(0), 0.0), TrackPoint(at(1), PACE_FROM_M), altitude=Altitude.NONE)
    (figures,) = segment_metrics([segment(0, 1)], ten)
    assert (figures.distance_m, figures.pace_s_per_km) == (10.0, 100.0)
    short = track(TrackPoint(at(0), 0.0), TrackPoint(at(1), 9.99), altitude=Altitude.NONE)
    assert segment_metrics([segment(0, 1)], short)[0].pace_s_per_km is None
    # 100 m across a 20 s gap: a distance, but no covered time to give a pace
    gap = track(TrackPoint(at(0), 0.0), TrackPoint(at(20), 100.0), altitude=Altitude.NONE)
    (across,) = segment_metrics([segment(0, 20)], gap)
    assert (across.distance_m, across.coverage, across.pace_s_per_km) == (100.0, 0.0, None)


def test_any_cadence_above_zero_counts() -> None:
    points = [TrackPoint(at(s), s * 2.5, None, c) for s, c in enumerate([0, 0.5, 0.5, 0.5, 170])]
    (figures,) = segment_metrics([segment(0, 5)], track(*points, altitude=Altitude.NONE))
    assert figures.cadence_spm == 0.5


# --- the share of a segment's distance downhill --------------------------------------------------


def _profile(distance: tuple[float | None, ...], downhill: tuple[bool, ...]) -> Profile:
    count = len(distance)
    return Profile(
        tuple(at(s).timestamp() for s in range(count)),
        distance,
        (100.0,) * count,
        downhill,
        (None,) * count,
        (None,) * count,
        Altitude.BAROMETRIC,
    )


@pytest.mark.parametrize(
    ("distance", "downhill", "lo", "share"),
    [
        ((0.0, 100.0, 200.0, 300.0), (False, True, False, False), 0, 1 / 3),  # from the first step
        ((0.0, 100.0, 200.0, 300.0), (False, True, False, True), 2, 1 / 2),
        ((0.0, 0.0, 100.0), (False, True, True), 0, 1.0),  # standing, then downhill
        ((None, 100.0, 200.0), (False, True, True), 0, 1.0),  # no distance at first
        ((0.0, None, 100.0, 200.0), (False, True, True, True), 0, 1.0),
        ((0.0, 1.0), (False, True), 0, 1.0),  # a single metre
        ((5.0, 5.0, 5.0), (False, True, True), 0, None),  # no distance moved
    ],
)
def test_the_downhill_share_is_of_the_distance_moved(
    distance: tuple[float | None, ...], downhill: tuple[bool, ...], lo: int, share: float | None
) -> None:
    assert _downhill_share(_profile(distance, downhill), lo, len(distance)) == share


def test_a_segment_takes_the_steps_within_it() -> None:
    prof = _profile((0.0, 100.0, 200.0, 300.0), (False, True, False, False))
    figures = metrics_for(prof, segment(0, 3.5), 0.0)
    assert (figures.distance_m, figures.downhill_share) == (300.0, pytest.approx(1 / 3))


# --- a whole file's summary --------------------------------------------------------------------


def test_a_summary_of_an_empty_file_is_empty() -> None:
    summary = summarise(track(laps=(Lap(T0, 60),)))
    assert (summary.seconds, summary.distance_m, summary.laps) == (0.0, None, ())
    assert (summary.ascent_m, summary.descent_m) == (None, None)
    assert (summary.cadence_spm_median, summary.heart_rate_median) == (None, None)


def test_a_summary_without_altitude_distance_cadence_or_heart_rate_has_none() -> None:
    points = (TrackPoint(at(0)), TrackPoint(at(10)))
    summary = summarise(track(*points, altitude=Altitude.NONE))
    assert (summary.seconds, summary.distance_m, summary.ascent_m, summary.descent_m) == (
        10.0,
        None,
        None,
        None,
    )
    assert (summary.cadence_spm_median, summary.heart_rate_median) == (None, None)


def test_a_summary_measures_from_the_first_distance_and_counts_moving_cadence() -> None:
    cadences = [None, 0, 1, 1, 170]
    points = tuple(TrackPoint(at(s), 100.0 + s * 10, None, c) for s, c in enumerate(cadences))
    summary = summarise(track(*points, altitude=Altitude.NONE))
    assert (summary.distance_m, summary.cadence_spm_median) == (40.0, 1)


def test_a_single_sample_or_a_pause_longer_than_the_file_is_no_time() -> None:
    assert summarise(track(TrackPoint(at(0)))).seconds == 0.0
    long_pause = (Pause(at(-100), at(100)),)
    assert summarise(track(TrackPoint(at(0)), TrackPoint(at(5)), pauses=long_pause)).seconds == 0.0


def test_each_lap_runs_to_the_next_and_a_lap_of_no_time_is_left_out() -> None:
    base = steady(300, speed=2.0, grade=0.0)
    laps = (Lap(at(0), 0), Lap(at(0), 100), Lap(at(100), 100), Lap(at(250), 50), Lap(at(300), 0))
    summary = summarise(track(*base.points, laps=laps))
    assert [lap for lap, _ in summary.laps] == list(laps[1:4])
    assert [(m.index, m.kind, m.distance_m) for _, m in summary.laps] == [
        (1, SegmentKind.RUN, 200.0),
        (2, SegmentKind.RUN, 300.0),
        (3, SegmentKind.RUN, 100.0),
    ]
