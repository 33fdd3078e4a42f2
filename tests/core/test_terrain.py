"""Per-segment figures from a recording: smoothing, hysteresis, gradient, downhill, coverage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from couchtimer.core.programme import SegmentKind
from couchtimer.core.terrain import (
    DOWNHILL,
    DOWNHILL_DROP_M,
    GRADE_FROM_M,
    HYSTERESIS_M,
    MAX_GAP_SECONDS,
    PACE_FROM_M,
    covered_seconds,
    despike,
    downhill_flags,
    gain_and_loss,
    segment_metrics,
    smooth,
    summarise,
)
from couchtimer.core.track import Altitude, Lap, Pause, TimedSegment, Track, TrackPoint

T0 = datetime(2025, 5, 1, 7, 0, tzinfo=UTC)


def _track(
    seconds: int,
    speed: float = 2.5,
    grade: float = 0.0,
    altitude: Altitude = Altitude.BAROMETRIC,
    cadence: float | None = 160,
    heart: int | None = 150,
) -> Track:
    """A 1 Hz recording at a steady speed on a steady gradient (percent)."""
    return Track(
        "fit",
        "test",
        altitude,
        tuple(
            TrackPoint(
                T0 + timedelta(seconds=s),
                s * speed,
                None if altitude is Altitude.NONE else 100 + s * speed * grade / 100,
                cadence,
                heart,
            )
            for s in range(seconds + 1)
        ),
    )


def _segment(start: float, end: float, index: int = 0) -> TimedSegment:
    return TimedSegment(
        index, SegmentKind.RUN, T0 + timedelta(seconds=start), T0 + timedelta(seconds=end)
    )


def test_smoothing_averages_over_the_distance_window() -> None:
    assert smooth([0, 10, 20, 30, 40], [0, 0, 30, 0, 0], 20) == [0, 10, 10, 10, 0]
    assert smooth([0, 100], [5, 7], 50) == [5, 7]


def test_despiking_removes_a_glitch_of_three_samples_even_at_the_start() -> None:
    elevations = [55.0, 142.4, 142.4, 142.4] + [56.0] * 6
    assert despike(elevations, 4) == [56.0] * 10
    assert despike([1.0, 2.0], 4) == [1.5, 1.5]


@pytest.mark.parametrize(
    ("profile", "hysteresis", "expected"),
    [
        ([0, 0.9, 0], 1.0, (0, 0)),  # under the hysteresis: nothing
        ([0, 1.0, 0], 1.0, (1.0, 1.0)),  # at it: counted
        ([0.4, 1.4, 0.4], 1.0, (1.0, 1.0)),  # at it, give or take float error (1.4 - 0.4 < 1.0)
        ([0, 1.0 - 0.8e-9, 0], 1.0, (1.0 - 0.8e-9, 1.0 - 0.8e-9)),  # within 1e-9 of it: counted
        ([0, 1.0 - 1e-9, 0], 1.0, (1.0 - 1e-9, 1.0 - 1e-9)),  # 1e-9 under it: still counted
        ([0, 1.0 - 1.2e-9, 0], 1.0, (0, 0)),  # more than 1e-9 under it: nothing
        ([0, 2, 1.5, 3, 0], 1.0, (3.0, 3.0)),  # a dip of 0.5 m inside a climb is ignored
        ([0, 2.9, 0], 3.0, (0, 0)),
        ([], 1.0, (0, 0)),
    ],
)
def test_gain_and_loss_count_only_changes_that_pass_the_hysteresis(
    profile: list[float], hysteresis: float, expected: tuple[float, float]
) -> None:
    assert gain_and_loss(profile, hysteresis) == pytest.approx(expected)


def test_gps_altitude_takes_a_wider_hysteresis_than_a_barometer() -> None:
    assert (HYSTERESIS_M[Altitude.BAROMETRIC], HYSTERESIS_M[Altitude.GPS]) == (1.0, 3.0)


@pytest.mark.parametrize(
    ("grade", "altitude", "downhill"),
    [
        (-2.1, Altitude.BAROMETRIC, True),
        (-2.0, Altitude.BAROMETRIC, False),  # at the threshold: not steeper than it
        (-2.9, Altitude.GPS, False),  # GPS-only altitude needs -3 %
        (-3.1, Altitude.GPS, True),
    ],
)
def test_downhill_is_steeper_than_the_threshold_for_the_altitude_kind(
    grade: float, altitude: Altitude, downhill: bool
) -> None:
    distance = [i * 10.0 for i in range(40)]  # 390 m: drops of 8-12 m, past every minimum drop
    elevation = [100 + d * grade / 100 for d in distance]
    flags = downhill_flags(distance, elevation, altitude)
    assert flags[0] is False
    assert set(flags[1:]) == {downhill}
    assert DOWNHILL == {Altitude.BAROMETRIC: -2.0, Altitude.GPS: -3.0, Altitude.NONE: -2.0}


@pytest.mark.parametrize(
    ("metres", "altitude", "downhill"),
    [
        (150, Altitude.GPS, True),  # 5.25 m down
        (140, Altitude.GPS, False),  # 4.9 m: under GPS's 5 m
        (60, Altitude.BAROMETRIC, True),  # 2.1 m
        (55, Altitude.BAROMETRIC, False),  # 1.9 m: under a barometer's 2 m
    ],
)
def test_a_downhill_stretch_must_drop_far_enough(
    metres: int, altitude: Altitude, downhill: bool
) -> None:
    distance = [float(d) for d in range(metres + 1)]
    flags = downhill_flags(distance, [100 - d * 0.035 for d in distance], altitude)
    assert any(flags) is downhill
    assert DOWNHILL_DROP_M == {Altitude.BAROMETRIC: 2.0, Altitude.GPS: 5.0, Altitude.NONE: 2.0}


def test_covered_seconds_skip_gaps_longer_than_the_limit() -> None:
    times = [0.0, 1.0, 2.0, 2.0 + MAX_GAP_SECONDS, 2.0 + MAX_GAP_SECONDS + 10.5, 30.0]
    assert covered_seconds(times, 0.0, 30.0) == pytest.approx(2 + MAX_GAP_SECONDS + 7.5)
    assert covered_seconds(times, 0.5, 1.5) == pytest.approx(1.0)
    assert covered_seconds([], 0.0, 1.0) == 0.0


def test_a_steady_downhill_run_gives_its_figures_per_segment() -> None:
    track = _track(600, speed=2.5, grade=-4.0, heart=150)
    first, second = segment_metrics([_segment(0, 60), _segment(300, 360, 1)], track)
    assert first.coverage == 1.0
    assert first.distance_m == pytest.approx(150)
    assert first.pace_s_per_km == pytest.approx(400)
    assert (first.cadence_spm, first.heart_rate) == (160, 150)
    assert second.grade_percent == pytest.approx(-4.0, abs=0.01)
    assert second.descent_m == pytest.approx(6.0, abs=1.01)
    assert second.ascent_m == 0
    assert second.downhill_share == 1.0
    assert (second.index, second.kind) == (1, SegmentKind.RUN)


def test_a_gradient_needs_100_metres_of_distance() -> None:
    track = _track(600, speed=1.0, grade=-4.0)
    short, enough = segment_metrics([_segment(300, 300 + 99), _segment(300, 300 + 100)], track)
    assert GRADE_FROM_M == 100
    assert (short.grade_percent, short.downhill_share) == (None, None)
    assert enough.grade_percent == pytest.approx(-4.0, abs=0.01)


def test_standing_still_has_no_pace_and_a_stretch_without_samples_no_figures() -> None:
    track = _track(120, speed=0.0, cadence=0, heart=None)
    standing, outside = segment_metrics([_segment(0, 60), _segment(500, 560)], track)
    assert (standing.distance_m, standing.pace_s_per_km, standing.cadence_spm) == (0, None, None)
    assert standing.heart_rate is None
    assert outside.coverage == 0
    assert (outside.distance_m, outside.ascent_m, outside.grade_percent) == (None, None, None)
    assert PACE_FROM_M == 10


def test_half_a_segment_recorded_has_half_coverage_and_no_altitude_no_elevation_figures() -> None:
    track = _track(30, altitude=Altitude.NONE)
    (half,) = segment_metrics([_segment(0, 60)], track)
    assert half.coverage == pytest.approx(0.5)
    assert (half.ascent_m, half.descent_m, half.grade_percent) == (None, None, None)


def test_an_offset_moves_the_recording_onto_the_runs_clock() -> None:
    track = _track(600, speed=2.5)
    (moved,) = segment_metrics([_segment(100, 160)], track, offset_seconds=100)
    (plain,) = segment_metrics([_segment(0, 60)], track)
    assert moved == plain


def test_a_summary_gives_totals_laps_and_time_less_pauses() -> None:
    base = _track(600, speed=2.5, grade=2.0)
    track = Track(
        "fit",
        "x",
        Altitude.BAROMETRIC,
        base.points,
        laps=(Lap(T0, 300, 750), Lap(T0 + timedelta(seconds=300), 300, 750)),
        pauses=(Pause(T0 + timedelta(seconds=10), T0 + timedelta(seconds=40)),),
    )
    summary = summarise(track)
    assert summary.seconds == 570
    assert summary.distance_m == 1500
    assert summary.ascent_m == pytest.approx(30, abs=1.01)
    assert summary.descent_m == 0
    assert (summary.cadence_spm_median, summary.heart_rate_median) == (160, 150)
    assert [m.distance_m for _, m in summary.laps] == [750, 750]


@given(
    st.lists(st.floats(-50, 50, allow_nan=False), min_size=1, max_size=60),
    st.floats(1, 200),
)
def test_smoothing_stays_within_the_range_of_what_it_smooths(
    elevations: list[float], window: float
) -> None:
    distance = [i * 7.0 for i in range(len(elevations))]
    smoothed = smooth(distance, elevations, window)
    assert len(smoothed) == len(elevations)
    assert all(min(elevations) - 1e-9 <= e <= max(elevations) + 1e-9 for e in smoothed)


@given(st.lists(st.floats(-100, 100, allow_nan=False), min_size=1, max_size=60), st.floats(0.5, 5))
def test_gain_less_loss_is_the_net_change_within_the_hysteresis(
    profile: list[float], hysteresis: float
) -> None:
    ascent, descent = gain_and_loss(profile, hysteresis)
    assert ascent >= 0
    assert descent >= 0
    assert abs((ascent - descent) - (profile[-1] - profile[0])) < hysteresis + 1e-6


@given(st.lists(st.floats(-100, 100, allow_nan=False), min_size=1, max_size=40), st.floats(-50, 50))
def test_raising_the_whole_profile_changes_no_climb(profile: list[float], lift: float) -> None:
    before = gain_and_loss(profile, 1.0)
    after = gain_and_loss([e + lift for e in profile], 1.0)
    assert after == pytest.approx(before, abs=1e-6)
