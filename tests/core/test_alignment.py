"""Putting a recording on the run's clock: laps, UTC, whole hours, then the run/walk pattern."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from couchtimer.core.alignment import (
    CLEAR_MARGIN,
    CLEAR_R,
    CONFIDENT,
    MIN_OVERLAP,
    align,
    by_laps,
    coarse_offset,
    correlation,
    overlap,
    signal_of,
)
from couchtimer.core.programme import SegmentKind
from couchtimer.core.track import (
    Alignment,
    AlignMethod,
    Altitude,
    Lap,
    TimedSegment,
    Track,
    TrackPoint,
)
from tests.helpers.activities import spliced, w4r1_segments

START = datetime(2025, 5, 1, 7, 0, tzinfo=UTC)
W4R1 = w4r1_segments(START)


@pytest.mark.parametrize("offset", [0, 4, 37, -75, 150])
def test_a_spliced_w4r1_recording_is_put_back_on_the_runs_clock_exactly(offset: int) -> None:
    found = align(W4R1, spliced(W4R1, offset))
    assert found.offset_seconds == offset
    assert found.method is AlignMethod.PATTERN
    assert found.confidence >= CONFIDENT
    assert found.notes == (f"run/walk pattern matched at {offset:+d} s (r = 0.97)",)


def test_a_steady_run_with_no_walks_is_refused_with_a_low_confidence() -> None:
    found = align(W4R1, spliced(W4R1, 0, walks=False))
    assert found == Alignment(
        0.0,
        AlignMethod.UTC,
        0.3,
        ("no clear run/walk pattern in the recording: check the offset on the timeline",),
    )
    assert found.confidence < CONFIDENT


def test_a_recording_hours_off_is_shifted_by_whole_hours_then_the_pattern() -> None:
    found = align(W4R1, spliced(W4R1, -2 * 3600 + 37))
    assert found.offset_seconds == -2 * 3600 + 37
    assert found.method is AlignMethod.PATTERN


def test_whole_hours_alone_when_the_pattern_says_nothing() -> None:
    steady = spliced(W4R1, 3 * 3600, walks=False)
    assert coarse_offset(W4R1, steady) == (3 * 3600.0, AlignMethod.HOUR_SHIFT)
    found = align(W4R1, steady)
    assert (found.offset_seconds, found.method, found.confidence) == (
        3 * 3600.0,
        AlignMethod.HOUR_SHIFT,
        0.3,
    )


def test_a_recording_of_another_day_does_not_align() -> None:
    found = align(W4R1, spliced(W4R1, 3 * 86400))
    assert (found.offset_seconds, found.method, found.confidence) == (0.0, AlignMethod.NONE, 0.0)


def _points(seconds: int, offset: float = 0.0) -> tuple[TrackPoint, ...]:
    return tuple(
        TrackPoint(START + timedelta(seconds=s - offset), s * 2.0, cadence_spm=160)
        for s in range(seconds)
    )


def test_half_the_run_inside_the_recording_is_enough_for_utc() -> None:
    run_seconds = W4R1[-1].end - W4R1[0].start
    half = int(run_seconds.total_seconds() * MIN_OVERLAP)
    track = Track("fit", "", Altitude.NONE, _points(half + 1))
    assert overlap(W4R1, track, 0.0) >= MIN_OVERLAP
    assert coarse_offset(W4R1, track) == (0.0, AlignMethod.UTC)
    shorter = Track("fit", "", Altitude.NONE, _points(half - 1))
    assert coarse_offset(W4R1, shorter) == (0.0, AlignMethod.NONE)
    assert overlap((), track, 0.0) == 0.0


def test_laps_that_match_the_segments_are_the_segments() -> None:
    laps = tuple(
        Lap(s.start - timedelta(seconds=12), s.seconds + (2 if i % 2 else -2))
        for i, s in enumerate(W4R1)
    )
    track = Track("fit", "", Altitude.NONE, _points(3000, offset=12), laps=laps)
    assert by_laps(W4R1, track) == 12
    assert align(W4R1, track) == Alignment(
        12.0, AlignMethod.LAPS, 0.95, ("the watch's laps are the segments",)
    )


def test_laps_that_differ_from_the_segments_are_not_used() -> None:
    off = tuple(Lap(s.start, s.seconds + 10) for s in W4R1)  # 5 min warm-up: slack 9 s
    assert by_laps(W4R1, Track("fit", "", Altitude.NONE, (), laps=off)) is None
    too_few = tuple(Lap(s.start, s.seconds) for s in W4R1[:-1])
    assert by_laps(W4R1, Track("fit", "", Altitude.NONE, (), laps=too_few)) is None


def test_without_cadence_the_speed_carries_the_pattern() -> None:
    recording = spliced(W4R1, 37)
    no_cadence = Track(
        "gpx",
        "",
        Altitude.GPS,
        tuple(TrackPoint(p.time, p.distance_m) for p in recording.points),
    )
    found = align(W4R1, no_cadence)
    assert (found.offset_seconds, found.method) == (37, AlignMethod.PATTERN)


def test_a_track_of_one_sample_cannot_be_checked() -> None:
    lone = Track("fit", "", Altitude.NONE, (TrackPoint(START + timedelta(minutes=10)),))
    assert signal_of(lone) is None
    found = align(W4R1[1:2], lone)
    assert (found.method, found.confidence) == (AlignMethod.NONE, 0.0)


def test_the_clear_peak_rule_thresholds() -> None:
    assert (CLEAR_R, CLEAR_MARGIN, CONFIDENT) == (0.5, 0.1, 0.6)


def test_correlation_is_plus_one_for_a_perfect_square_wave_and_zero_without_contrast() -> None:
    segments = (
        TimedSegment(0, SegmentKind.RUN, START, START + timedelta(seconds=60)),
        TimedSegment(
            1, SegmentKind.WALK, START + timedelta(seconds=60), START + timedelta(seconds=120)
        ),
    )
    wave = Track(
        "fit",
        "",
        Altitude.NONE,
        tuple(
            TrackPoint(START + timedelta(seconds=s), cadence_spm=170 if s < 60 else 110)
            for s in range(120)
        ),
    )
    signal = signal_of(wave)
    assert signal is not None
    assert correlation(segments, signal, 0.0) == pytest.approx(1.0)
    assert correlation(segments, signal, 10_000.0) == 0.0
    flat = signal_of(Track("fit", "", Altitude.NONE, _points(120)))
    assert flat is not None
    assert correlation(segments, flat, 0.0) == 0.0


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(45, 200), min_size=6, max_size=10),
    st.integers(-150, 150),
)
def test_any_uneven_run_walk_pattern_is_recovered_at_any_offset_within_the_search(
    lengths: list[int], offset: int
) -> None:
    segments, at = [], START
    for index, seconds in enumerate(lengths):
        kind = SegmentKind.RUN if index % 2 else SegmentKind.WALK
        segments.append(TimedSegment(index, kind, at, at + timedelta(seconds=seconds)))
        at += timedelta(seconds=seconds)
    cadence = []
    for segment in segments:
        cadence += [166.0 if segment.kind is SegmentKind.RUN else 118.0] * int(segment.seconds)
    lead = [118.0] * 200
    values = lead + cadence + lead
    track = Track(
        "fit",
        "",
        Altitude.NONE,
        tuple(
            TrackPoint(START + timedelta(seconds=i - 200 - offset), cadence_spm=value + (i % 3))
            for i, value in enumerate(values)
        ),
    )
    found = align(segments, track)
    if found.method is AlignMethod.PATTERN:
        assert found.offset_seconds == offset
    else:  # a pattern that repeats itself has no single clear peak: then it says so
        assert found.confidence < CONFIDENT


@pytest.mark.parametrize("every", [2, 3, 5])
def test_smart_recording_every_few_seconds_still_lines_up_exactly(every: int) -> None:
    recording = spliced(W4R1, 37)
    sparse = Track("fit", "", Altitude.BAROMETRIC, recording.points[::every])
    assert align(W4R1, sparse).offset_seconds == 37


def test_a_run_of_no_length_overlaps_nothing() -> None:
    instant = (TimedSegment(0, SegmentKind.RUN, START, START),)
    assert overlap(instant, spliced(W4R1, 0), 0.0) == 0.0


@pytest.mark.parametrize(
    ("offset", "kept"),
    [
        pytest.param(-129_600.0, True, id="at -36 h"),
        pytest.param(-129_600.5, False, id="past -36 h"),
        pytest.param(0.0, True, id="none"),
        pytest.param(129_600.0, True, id="at +36 h"),
        pytest.param(129_600.5, False, id="past +36 h"),
        pytest.param(float("nan"), False, id="not a number"),
    ],
)
def test_a_recording_placed_by_hand_is_taken_as_sure_within_36_hours(
    offset: float, kept: bool
) -> None:
    from couchtimer.core.alignment import MAX_MANUAL_SECONDS, NUDGE_SECONDS, manual

    assert (MAX_MANUAL_SECONDS, NUDGE_SECONDS) == (129_600, 300)
    if not kept:
        with pytest.raises(ValueError, match="is more than 36 hours"):
            manual(offset)
        return
    placed = manual(offset)
    assert (placed.offset_seconds, placed.method, placed.confidence) == (
        offset,
        AlignMethod.MANUAL,
        1.0,
    )
    assert placed.notes == ("placed by the runner",)
    assert placed.confidence >= CONFIDENT  # no "check the offset" warning follows
