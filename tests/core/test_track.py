"""The recording value objects: UTC times in order, the few derived figures."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from couchtimer.core.programme import SegmentKind
from couchtimer.core.track import (
    METRIC_FIELDS,
    Altitude,
    Pause,
    SegmentMetrics,
    TimedSegment,
    Track,
    TrackPoint,
)

T0 = datetime(2025, 5, 1, 7, 0, tzinfo=UTC)


def _points(*seconds: float) -> tuple[TrackPoint, ...]:
    return tuple(TrackPoint(T0 + timedelta(seconds=s)) for s in seconds)


def test_a_track_keeps_its_points_in_time_order_and_says_where_it_starts_and_ends() -> None:
    track = Track("fit", "Garmin fenix 2", Altitude.BAROMETRIC, _points(0, 1, 2.5))
    assert track.start == T0
    assert track.end == T0 + timedelta(seconds=2.5)
    assert track.points[2].seconds == T0.timestamp() + 2.5


def test_an_empty_track_has_no_start_or_end() -> None:
    track = Track("gpx", "", Altitude.NONE, ())
    assert (track.start, track.end, track.has_positions) == (None, None, False)


@pytest.mark.parametrize("seconds", [(0, 0), (0, 2, 1)])
def test_points_that_do_not_move_forward_in_time_are_refused(seconds: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="out of time order"):
        Track("fit", "", Altitude.NONE, _points(*seconds))


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        Track("fit", "", Altitude.NONE, (TrackPoint(datetime(2025, 5, 1, 7)),))


def test_an_aware_time_in_another_zone_is_the_same_moment() -> None:
    plus_two = T0.astimezone(timezone(timedelta(hours=2)))
    track = Track("tcx", "", Altitude.NONE, (TrackPoint(plus_two),))
    assert track.start == T0


def test_a_track_with_one_position_has_positions() -> None:
    points = (TrackPoint(T0), TrackPoint(T0 + timedelta(seconds=1), position=(51.5, -0.1)))
    assert Track("gpx", "", Altitude.GPS, points).has_positions


def test_a_pause_and_a_segment_know_their_length_and_a_segment_shifts_whole() -> None:
    assert Pause(T0, T0 + timedelta(seconds=90)).seconds == 90
    segment = TimedSegment(3, SegmentKind.RUN, T0, T0 + timedelta(seconds=60))
    assert segment.seconds == 60
    moved = segment.shifted(-37)
    assert (moved.index, moved.kind, moved.seconds) == (3, SegmentKind.RUN, 60)
    assert moved.start == T0 - timedelta(seconds=37)


def test_the_metric_fields_are_a_segments_figures_in_order_after_its_index_and_kind() -> None:
    """The segment_metrics table's columns and the export's keys, in SegmentMetrics' order."""
    assert METRIC_FIELDS == (
        "coverage",
        "distance_m",
        "pace_s_per_km",
        "cadence_spm",
        "heart_rate",
        "ascent_m",
        "descent_m",
        "grade_percent",
        "downhill_share",
    )
    figures = SegmentMetrics(3, SegmentKind.RUN, 0.5, 1, 2, 3, 4, 5, 6, 7, 8)
    assert [getattr(figures, name) for name in METRIC_FIELDS] == [0.5, 1, 2, 3, 4, 5, 6, 7, 8]


def test_a_recording_names_the_history_s_metrics_not_a_copy() -> None:
    """What a recording measured lives in core.metrics (the history reads it without a
    recording's types); core.track names the same objects."""
    from couchtimer.core import metrics, track

    assert track.SegmentMetrics is metrics.SegmentMetrics
    assert track.METRIC_FIELDS is metrics.METRIC_FIELDS
