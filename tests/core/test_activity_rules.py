"""The facts every reader shares: cadence units, no-reading heart rates, altitude kinds, order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from couchtimer.core.activity import (
    ALREADY_STEPS_ABOVE,
    MAX_POINTS,
    RUNNING_SPEED,
    TrackBuilder,
    altitude_kind,
    cadence_factor,
    distance_between,
    heart_rate,
)
from couchtimer.core.track import Altitude

T0 = datetime(2025, 5, 1, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("cadences", "speeds", "factor"),
    [
        ([83, 84, 0, 0], [3.4], 2),  # running strides of one foot (the fenix 2)
        ([61, 61], [1.4], 2),  # a walk's strides (the fenix 5)
        ([89, 89], [1.5], 2),  # below 90 is always strides
        ([90, 90], [2.19], 1),  # 90 steps/min at a walk's speed: already doubled
        ([90, 90], [RUNNING_SPEED], 2),  # at running speed: strides at 180 spm
        ([100, 100], [], 2),  # no speed: strides, as the formats define it
        ([ALREADY_STEPS_ABOVE, ALREADY_STEPS_ABOVE], [], 2),
        ([ALREADY_STEPS_ABOVE + 1] * 2, [], 1),
        ([0, 0], [3.0], 2),
        ([], [], 2),
        ([0, 0, 0, 116, 116], [], 1),  # standing (0) does not vote
        ([100, 100], [0, 0, 0, 3.0], 2),  # nor does a speed of 0
    ],
)
def test_cadence_is_doubled_unless_the_writer_already_did(
    cadences: list[float], speeds: list[float], factor: int
) -> None:
    assert cadence_factor(cadences, speeds)[0] == factor


def test_the_warning_says_why_cadence_was_not_doubled() -> None:
    assert (
        cadence_factor([116], [])[1]
        == "cadence 116 looks like steps per minute already; not doubled"
    )
    assert cadence_factor([100], [1.2])[1] == (
        "cadence 100 at 1.2 m/s is a walk in steps per minute; not doubled"
    )
    assert cadence_factor([80], [3.0])[1] == ""


@pytest.mark.parametrize(
    ("value", "beats"),
    [
        (0, None),
        (255, None),
        (None, None),
        (float("nan"), None),
        (19, None),
        (20, 20),
        (250, 250),
        (251, None),
        (150.4, 150),
    ],
)
def test_a_heart_rate_of_0_or_255_or_outside_a_pulse_is_no_reading(
    value: float | None, beats: int | None
) -> None:
    assert heart_rate(value) == beats


def test_distance_between_two_points_is_the_great_circle() -> None:
    assert distance_between((51.5, -0.1), (51.5001, -0.1)) == pytest.approx(11.12, abs=0.01)
    assert distance_between((0.0, 0.0), (0.0, 180.0)) == pytest.approx(20_015_115, rel=1e-6)


@pytest.mark.parametrize(
    ("elevations", "kind"),
    [
        ([], Altitude.NONE),
        ([10.0, 10.0], Altitude.GPS),
        ([10.0, 10.3, 10.6, 10.9], Altitude.BAROMETRIC),  # a steady climb bends nowhere
        ([10.0, 10.3, 10.0, 10.3], Altitude.GPS),  # 0.6 m bends: jitter
        ([0.0, 0.15, 0.0, 0.15], Altitude.BAROMETRIC),  # 0.3 m bends: at the limit
        ([0.0, 0.16, 0.0, 0.16], Altitude.GPS),  # just past it
    ],
)
def test_altitude_is_barometric_when_smooth_and_gps_when_it_jitters(
    elevations: list[float], kind: Altitude
) -> None:
    assert altitude_kind(elevations) is kind


def test_the_builder_keeps_time_order_takes_naive_times_as_utc_and_doubles_cadence() -> None:
    builder = TrackBuilder("gpx")
    builder.add(T0, raw_cadence=80, heart=0)
    builder.add(T0 - timedelta(seconds=1), raw_cadence=80)
    builder.add(datetime(2025, 5, 1, 7, 0, 1), raw_cadence=81, heart=140)
    track = builder.build()
    assert [p.time for p in track.points] == [T0, T0 + timedelta(seconds=1)]
    assert [p.cadence_spm for p in track.points] == [160, 162]
    assert [p.heart_rate for p in track.points] == [None, 140]
    assert track.warnings == (
        "1 samples went back in time and were left out",
        "times without a time zone were read as UTC",
    )


def test_the_builder_sums_positions_within_a_stretch_only() -> None:
    builder = TrackBuilder("gpx")
    builder.sum_positions()
    builder.add(T0, position=(51.5, -0.1))
    builder.add(T0 + timedelta(seconds=1), position=(51.5001, -0.1))
    builder.new_stretch()
    builder.add(T0 + timedelta(seconds=60), position=(51.6, -0.1))
    builder.add(T0 + timedelta(seconds=61), position=(51.6001, -0.1))
    builder.add(T0 + timedelta(seconds=62), position=(95.0, -0.1))  # not a latitude
    distances = [p.distance_m for p in builder.build().points]
    assert distances == pytest.approx([0, 11.12, 11.12, 22.24, 22.24], abs=0.01)


def test_a_long_jump_in_time_is_a_pause_where_the_format_has_no_timer_events() -> None:
    builder = TrackBuilder("gpx", gap_is_pause=300)
    for second in (0, 300, 601):
        builder.add(T0 + timedelta(seconds=second))
    (pause,) = builder.build().pauses
    assert (pause.start, pause.seconds) == (T0 + timedelta(seconds=300), 301)


def test_a_pause_that_does_not_move_forward_and_a_broken_lap_are_not_kept() -> None:
    builder = TrackBuilder("fit")
    builder.pause(T0, T0)
    builder.lap(T0, float("nan"))
    builder.lap(T0, -1)
    builder.lap(T0, 60, distance_m=float("inf"))
    builder.add(T0)
    track = builder.build()
    assert track.pauses == ()
    assert [(lap.seconds, lap.distance_m) for lap in track.laps] == [(60, None)]


def test_a_reader_cut_off_mid_way_keeps_what_came_before_and_says_so() -> None:
    builder = TrackBuilder("fit")
    builder.add(T0)
    builder.cut_short("it ends in the middle of a record")
    track = builder.build()
    assert track.cut_short
    assert len(track.points) == 1
    assert track.warnings == (
        "the file was cut short (it ends in the middle of a record); kept the samples read"
        " before it",
    )


def test_more_samples_than_any_run_are_refused() -> None:
    builder = TrackBuilder("fit")
    builder._times = [T0] * MAX_POINTS  # as if MAX_POINTS samples had been read
    with pytest.raises(OverflowError, match="more than 360,000 samples"):
        builder.add(T0 + timedelta(days=9))


def test_per_second_keeps_the_first_sample_of_each_second_and_drops_positions_unless_kept() -> None:
    from couchtimer.core.activity import per_second
    from couchtimer.core.track import Lap, Pause, Track, TrackPoint

    points = tuple(
        TrackPoint(T0 + timedelta(seconds=s), s, 10.0, 160, 150, (51.5, -0.1))
        for s in (0, 0.25, 0.5, 1, 1.9, 3)
    )
    laps, pauses = (Lap(T0, 3),), (Pause(T0 + timedelta(seconds=1.9), T0 + timedelta(seconds=3)),)
    track = Track("gpx", "phone", Altitude.GPS, points, laps, pauses, ("w",), True)
    plain = per_second(track, keep_positions=False)
    assert plain.points == tuple(
        TrackPoint(T0 + timedelta(seconds=s), s, 10.0, 160, 150) for s in (0, 1, 3)
    )
    assert not plain.has_positions
    assert (plain.laps, plain.pauses, plain.warnings, plain.cut_short) == (
        laps,
        pauses,
        ("w",),
        True,
    )
    kept = per_second(track, keep_positions=True)
    assert [p.position for p in kept.points] == [(51.5, -0.1)] * 3


def test_a_stored_runs_segments_sit_at_its_start_plus_active_seconds() -> None:
    from couchtimer.core.activity import planned_segments, timed_segments
    from couchtimer.core.history import RunRecord, RunStatus, SegmentRecord
    from couchtimer.core.programme import Segment, SegmentKind

    plan = (Segment(SegmentKind.WARMUP, 300), Segment(SegmentKind.RUN, 60))
    visits = (
        SegmentRecord(0, SegmentKind.WARMUP, 0, 300, 0, 300.0),
        SegmentRecord(1, SegmentKind.RUN, 300, 60, 300, 0.0),  # skipped at once: nothing
        SegmentRecord(1, SegmentKind.RUN, 300, 60, 300, 42.5),
    )
    run = RunRecord(7, "p", 1, 1, plan, T0, None, RunStatus.ENDED_EARLY, "x", visits)
    first, second = timed_segments(run)
    assert (first.index, first.start, first.seconds) == (0, T0, 300)
    assert (second.index, second.kind, second.seconds) == (1, SegmentKind.RUN, 42.5)
    assert second.start == T0 + timedelta(seconds=300)
    laid = planned_segments(plan, T0)
    assert [(s.index, s.start, s.end) for s in laid] == [
        (0, T0, T0 + timedelta(seconds=300)),
        (1, T0 + timedelta(seconds=300), T0 + timedelta(seconds=360)),
    ]
