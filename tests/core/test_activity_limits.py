"""The activity rules at their limits (issue 23): each bound on both sides and at it, and every
field a reader hands the builder arriving in the track."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone

import pytest

from couchtimer.core.activity import (
    EARTH_RADIUS_M,
    TrackBuilder,
    altitude_kind,
    cadence_factor,
    distance_between,
    per_second,
    planned_segments,
    timed_segments,
    utc,
)
from couchtimer.core.history import RunRecord, RunStatus, SegmentRecord
from couchtimer.core.programme import Segment, SegmentKind
from couchtimer.core.track import Altitude, Lap, Pause, Track, TrackPoint

T0 = datetime(2025, 5, 1, 7, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("elevations", "kind"),
    [
        ([], Altitude.NONE),
        ([100.0, 104.0], Altitude.GPS),  # too few to judge smoothness: not trusted
        ([100.0, 100.0, 100.0], Altitude.BAROMETRIC),  # three are enough to judge
        # bends 0, 0.8, 0: mean 0.27 (smooth); the first or the last bend left out, 0.4
        ([0.0, 0.0, 0.0, 0.8, 1.6], Altitude.BAROMETRIC),
        ([0.0, 0.0, 0.0, 1.0, 2.0], Altitude.GPS),  # bends 0, 1, 0: mean 0.33
    ],
)
def test_altitude_kind_judges_every_bend_from_three_samples(
    elevations: list[float], kind: Altitude
) -> None:
    assert altitude_kind(elevations) is kind


def test_a_cadence_or_speed_of_1_is_moving_and_votes() -> None:
    """Only zeros (standing) are left out of the votes, not small values."""
    assert cadence_factor([1, 1, 1, 116, 116], [])[0] == 2  # median 1: strides
    assert cadence_factor([100], [0.5, 0.5, 3.0]) == (
        1,
        "cadence 100 at 0.5 m/s is a walk in steps per minute; not doubled",
    )


def _law_of_cosines(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    cosine = math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(
        lon2 - lon1
    )
    return EARTH_RADIUS_M * math.acos(cosine)


@pytest.mark.parametrize(
    ("a", "b"),
    [((51.5, -0.1), (48.85, 2.35)), ((-33.9, 151.2), (40.7, -74.0)), ((10.0, 20.0), (60.0, 25.0))],
)
def test_distances_across_latitudes_and_longitudes_agree_with_the_law_of_cosines(
    a: tuple[float, float], b: tuple[float, float]
) -> None:
    assert distance_between(a, b) == pytest.approx(_law_of_cosines(a, b), rel=1e-9)
    assert distance_between(b, a) == pytest.approx(distance_between(a, b), rel=1e-12)


def test_half_the_earth_round_is_the_longest_distance() -> None:
    assert distance_between((0.0, 0.0), (0.0, 180.0)) == pytest.approx(math.pi * EARTH_RADIUS_M)


def test_an_aware_time_in_another_zone_is_converted_to_utc_and_not_flagged() -> None:
    paris = datetime(2025, 5, 1, 9, 0, tzinfo=timezone(timedelta(hours=2)))
    moment, naive = utc(paris)
    assert (moment, naive) == (T0, False)
    assert moment.tzinfo is UTC
    assert utc(T0) == (T0, False)
    assert utc(datetime(2025, 5, 1, 7, 0)) == (T0, True)


def test_a_sample_at_the_same_time_as_the_last_is_left_out_and_counted() -> None:
    builder = TrackBuilder("fit")
    for second in (0, 0, 1, 0.5, 2):
        builder.add(at(second))
    track = builder.build()
    assert [p.time for p in track.points] == [at(0), at(1), at(2)]
    assert track.warnings == ("2 samples went back in time and were left out",)


def test_the_pause_found_in_a_gap_starts_at_the_last_sample_before_it() -> None:
    builder = TrackBuilder("gpx", gap_is_pause=10)
    for second in (0, 1, 2, 3, 20):
        builder.add(at(second))
    assert builder.build().pauses == (Pause(at(3), at(20)),)


def test_the_first_sample_is_never_a_gap() -> None:
    builder = TrackBuilder("gpx", gap_is_pause=0.5)
    builder.add(at(0))
    builder.add(at(0.25))
    assert builder.build().pauses == ()


@pytest.mark.parametrize(
    ("position", "kept"),
    [
        ((-90.0, 0.0), True),
        ((90.0, 0.0), True),
        ((0.0, -180.0), True),
        ((0.0, 180.0), True),
        ((-90.5, 0.0), False),
        ((90.5, 0.0), False),
        ((0.0, -180.5), False),
        ((0.0, 180.5), False),
    ],
)
def test_a_position_is_kept_from_pole_to_pole_and_round_the_date_line_only(
    position: tuple[float, float], kept: bool
) -> None:
    builder = TrackBuilder("gpx")
    builder.add(T0, position=position)
    assert builder.build().points[0].position == (position if kept else None)


def test_distances_are_summed_from_positions_only_when_the_format_asks() -> None:
    builder = TrackBuilder("fit")
    builder.add(at(0), position=(51.5, -0.1))
    builder.add(at(1), position=(51.5001, -0.1))
    assert [p.distance_m for p in builder.build().points] == [None, None]


def test_a_summed_track_has_no_distance_before_its_first_position() -> None:
    builder = TrackBuilder("gpx")
    builder.sum_positions()
    builder.add(at(0))
    builder.add(at(1), position=(51.5, -0.1))
    builder.add(at(2))
    assert [p.distance_m for p in builder.build().points] == [None, 0.0, 0.0]


def test_every_field_of_a_sample_arrives_in_the_track() -> None:
    builder = TrackBuilder("tcx", device="Garmin Forerunner 55")
    builder.add(
        at(0),
        distance_m=12.5,
        elevation_m=31.5,
        raw_cadence=100,
        speed=1.0,
        heart=120,
        position=(51.5, -0.1),
    )
    builder.add(at(1), elevation_m=math.nan, speed=math.inf, distance_m=-math.inf)
    track = builder.build()
    assert track.points == (
        TrackPoint(at(0), 12.5, 31.5, 100, 120, (51.5, -0.1)),  # 100 at 1 m/s: steps already
        TrackPoint(at(1)),
    )
    assert (track.format, track.device, track.altitude) == (
        "tcx",
        "Garmin Forerunner 55",
        Altitude.GPS,
    )
    assert track.warnings == ("cadence 100 at 1.0 m/s is a walk in steps per minute; not doubled",)


def test_pauses_are_kept_once_each_in_time_order() -> None:
    builder = TrackBuilder("fit")
    builder.pause(at(50), at(60))
    builder.pause(at(10), at(20))
    builder.pause(at(50), at(60))
    builder.add(T0)
    assert builder.build().pauses == (Pause(at(10), at(20)), Pause(at(50), at(60)))


def test_a_lap_keeps_the_devices_figures_in_utc_and_a_lap_of_no_time() -> None:
    builder = TrackBuilder("fit")
    paris = timezone(timedelta(hours=2))
    builder.lap(datetime(2025, 5, 1, 9, 0, tzinfo=paris), 0.5, 400.0, 3.5, 2.25)
    builder.lap(at(1), 0, math.nan, math.inf, -math.inf)
    builder.add(T0)
    assert builder.build().laps == (Lap(T0, 0.5, 400.0, 3.5, 2.25), Lap(at(1), 0))
    assert builder.build().laps[0].start.tzinfo is UTC


def test_per_second_keeps_the_tracks_format_device_and_altitude() -> None:
    track = Track("fit", "Wahoo", Altitude.BAROMETRIC, (TrackPoint(T0),))
    assert per_second(track, keep_positions=False) == track


def test_a_visit_of_under_a_second_is_kept_and_a_plan_keeps_its_kinds() -> None:
    plan = (Segment(SegmentKind.RUN, 60), Segment(SegmentKind.WALK, 90))
    visits = (SegmentRecord(0, SegmentKind.RUN, 0, 60, 0, 0.5),)
    run = RunRecord(7, "p", 1, 1, plan, T0, None, RunStatus.ENDED_EARLY, "x", visits)
    (visit,) = timed_segments(run)
    assert (visit.kind, visit.start, visit.end) == (SegmentKind.RUN, T0, at(0.5))
    laid = planned_segments(plan, T0)
    assert [s.kind for s in laid] == [SegmentKind.RUN, SegmentKind.WALK]
