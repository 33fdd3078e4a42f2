"""Workout geometry (core/placement.py): planned starts, which visit of a segment holds a pain
mark, where a mark is drawn, "after about N min", and how a runner names a segment."""

from __future__ import annotations

import pytest

from couchtimer.core.engine import SegmentEnd, SegmentEnded, SegmentTiming, WorkoutEngine
from couchtimer.core.history import SegmentRecord
from couchtimer.core.pain import PainMark
from couchtimer.core.placement import (
    TOLERANCE_SECONDS,
    Visit,
    about_time,
    mark_at,
    mark_seconds,
    mark_words,
    middle_of,
    planned_into,
    planned_start,
    planned_starts,
    seconds_into,
    segment_name,
    segment_names,
    visit_start,
)
from couchtimer.core.programme import Segment, SegmentKind, Workout
from tests.helpers.stubs import FakeClock
from tests.helpers.workouts import COOLDOWN, RUN, WALK, WARMUP, workout

# warm-up 0–120, run 120–300, walk 300–390, run 390–510, cool-down 510–600
SEGMENTS = workout((WARMUP, 120), (RUN, 180), (WALK, 90), (RUN, 120), (COOLDOWN, 90)).segments


# --- planned starts ----------------------------------------------------------------------------


def test_planned_starts_add_up_the_segments_before() -> None:
    assert planned_starts(SEGMENTS) == (0, 120, 300, 390, 510)
    assert planned_starts(()) == ()
    assert [planned_start(SEGMENTS, i) for i in range(6)] == [0, 120, 300, 390, 510, 600]


def test_a_workout_asks_placement_for_its_starts() -> None:
    """Workout.start_offset is the same answer (the engine and the recorder use it)."""
    plan = Workout(1, 1, SEGMENTS)
    assert [plan.start_offset(i) for i in range(5)] == list(planned_starts(SEGMENTS))


def test_middle_of_a_segment() -> None:
    assert [middle_of(SEGMENTS, i) for i in range(5)] == [60.0, 210.0, 345.0, 450.0, 555.0]


# --- which visit holds a mark ------------------------------------------------------------------

# Run 1 left by "back" after 40 s and run again; the walk after it still running.
BACK = (
    Visit(0, 0.0, 120.0),
    Visit(1, 120.0, 40.0),
    Visit(1, 160.0, 180.0),
)


def test_rule_1_the_latest_visit_of_the_segment_that_began_at_or_before_the_mark() -> None:
    assert visit_start(SEGMENTS, BACK, 1, 150.0) == 120.0  # in the first visit
    assert visit_start(SEGMENTS, BACK, 1, 160.0) == 160.0  # at the second visit's start
    assert visit_start(SEGMENTS, BACK, 1, 200.0) == 160.0  # in the second


def test_rule_1_counts_a_mark_a_hair_before_its_visit_as_in_it() -> None:
    """Clock noise: a mark the tolerance before the visit began is still in it; more is not."""
    at_edge = 160.0 - TOLERANCE_SECONDS
    assert visit_start(SEGMENTS, BACK, 1, at_edge) == 160.0
    assert visit_start(SEGMENTS, BACK, 1, at_edge - 1e-6) == 120.0


def test_the_tolerance_is_a_microsecond() -> None:
    """0.9 µs before a visit began is in it, 1.1 µs is not: for either rule."""
    assert TOLERANCE_SECONDS == 1e-6
    assert visit_start(SEGMENTS, BACK, 1, 160.0 - 0.9e-6) == 160.0
    assert visit_start(SEGMENTS, BACK, 1, 160.0 - 1.1e-6) == 120.0
    assert visit_start(SEGMENTS, BACK, 2, 340.0 - 0.9e-6) == 340.0
    assert visit_start(SEGMENTS, BACK, 2, 340.0 - 1.1e-6) == 160.0


def test_rule_2_a_segment_not_yet_recorded_began_when_the_last_visit_before_the_mark_ended() -> (
    None
):
    """The walk still running when the records stop began at 340 s (160 + 180)."""
    assert visit_start(SEGMENTS, BACK, 2, 350.0) == 340.0
    assert visit_start(SEGMENTS, BACK, 2, 340.0) == 340.0
    # a visit that ends after the mark does not count: here only run 1's first visit had ended
    assert visit_start(SEGMENTS, BACK, 2, 339.0) == 160.0


def test_rule_2_counts_a_visit_ending_a_hair_after_the_mark() -> None:
    assert visit_start(SEGMENTS, BACK, 2, 340.0 - TOLERANCE_SECONDS) == 340.0
    assert visit_start(SEGMENTS, BACK, 2, 340.0 - 2 * TOLERANCE_SECONDS) == 160.0


def test_rule_2_with_no_visit_ended_before_the_mark_is_the_start() -> None:
    visits = (Visit(0, 0.0, 120.0),)
    assert visit_start(SEGMENTS, visits, 1, 50.0) == 0.0


def test_rule_2_also_when_the_segments_own_visit_began_after_the_mark() -> None:
    """Records that disagree with the mark: the visit it names began later. The mark is placed
    after the last visit that had ended, not in a visit that had not begun."""
    visits = (Visit(0, 0.0, 120.0), Visit(1, 130.0, 180.0))
    assert visit_start(SEGMENTS, visits, 1, 125.0) == 120.0


def test_rule_3_nothing_recorded_means_on_plan() -> None:
    assert visit_start(SEGMENTS, (), 3, 400.0) == 390.0
    assert visit_start(SEGMENTS, (), 0, 5.0) == 0.0


def test_the_engines_timings_and_the_stored_rows_give_the_same_visits(clock: FakeClock) -> None:
    """After the run the visits come from the engine, from History from the stored rows: one
    rule, one answer. Warm-up skipped after 60 s; the run stopped 30 s into run 1."""
    engine = WorkoutEngine(Workout(1, 1, SEGMENTS), clock)
    engine.start()
    clock.advance(60)
    timings = [e.timing for e in engine.skip() if isinstance(e, SegmentEnded)]
    stored = [
        SegmentRecord(t.index, SEGMENTS[t.index].kind, 0.0, 120, t.start_offset, t.duration)
        for t in timings
    ]
    assert [t.visit for t in timings] == [r.visit for r in stored] == [Visit(0, 0.0, 60.0)]
    mark = PainMark(90_000, 1, 5)
    assert mark_seconds(SEGMENTS, mark, [t.visit for t in timings]) == 150.0
    assert mark_seconds(SEGMENTS, mark, [r.visit for r in stored]) == 150.0


def test_a_visit_ends_after_its_seconds() -> None:
    assert Visit(2, 300.0, 45.5).end == 345.5
    timing = SegmentTiming(2, 90, 300.0, 45.5, SegmentEnd.SKIPPED)
    assert timing.visit == Visit(2, 300.0, 45.5)


# --- how far into its segment, and where on the bar --------------------------------------------


def test_seconds_into_the_visit_never_below_zero() -> None:
    assert seconds_into(SEGMENTS, BACK, PainMark(200_000, 1)) == 40.0
    assert seconds_into(SEGMENTS, (), PainMark(100_000, 1)) == 0.0  # before its planned start
    assert seconds_into(SEGMENTS, (), PainMark(400_000, 1)) == 280.0  # not clamped


def test_a_mark_is_drawn_in_its_block_at_how_far_into_its_visit() -> None:
    assert mark_seconds(SEGMENTS, PainMark(150_000, 1)) == 150.0
    assert mark_seconds(SEGMENTS, PainMark(200_000, 1), BACK) == 160.0
    assert planned_into(SEGMENTS, PainMark(200_000, 1), BACK) == 40.0


def test_a_mark_is_clamped_to_its_block() -> None:
    """280 s "into" a 180 s run is drawn at the run's end; exactly its length stays there."""
    assert mark_seconds(SEGMENTS, PainMark(400_000, 1)) == 300.0
    assert mark_seconds(SEGMENTS, PainMark(300_000, 1)) == 300.0
    assert mark_seconds(SEGMENTS, PainMark(299_000, 1)) == 299.0
    assert mark_seconds(SEGMENTS, PainMark(100_000, 1)) == 120.0


def test_a_mark_beyond_the_workout_is_an_error() -> None:
    with pytest.raises(
        ValueError, match=r"^pain mark in segment 6, but the workout has only 5 segments$"
    ):
        mark_seconds(SEGMENTS, PainMark(0, 5))
    assert mark_seconds(SEGMENTS, PainMark(510_000, 4)) == 510.0


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0, "in the first few seconds"),
        (9.99, "in the first few seconds"),
        (10, "after about 10 s"),
        (24, "after about 20 s"),
        (25, "after about 30 s"),
        (54.99, "after about 50 s"),
        (55, "after about 1 min"),
        (89, "after about 1 min"),
        (90, "after about 2 min"),
        (150, "after about 3 min"),
    ],
)
def test_about_time_rounds_for_speech(seconds: float, words: str) -> None:
    assert about_time(seconds) == words


def test_mark_words_name_the_segment_the_time_and_the_intensity() -> None:
    assert mark_words(SEGMENTS, PainMark(150_000, 1, 6)) == (
        "Run 1 of 2, after about 30 s, intensity 6 of 10"
    )
    assert mark_words(SEGMENTS, PainMark(430_000, 3)) == "Run 2 of 2, after about 40 s"
    assert mark_words(SEGMENTS, PainMark(200_000, 1, 0), BACK) == (
        "Run 1 of 2, after about 40 s, intensity 0 of 10"
    )


# --- marks placed by hand ----------------------------------------------------------------------

HAND = workout((WARMUP, 10), (RUN, 20), (COOLDOWN, 5)).segments


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        pytest.param(-3.0, PainMark(0, 0, 4), id="before the start: at it"),
        pytest.param(9.999, PainMark(9999, 0, 4), id="just before the run"),
        pytest.param(10.0, PainMark(10000, 1, 4), id="the run's first moment"),
        pytest.param(34.9999, PainMark(34999, 2, 4), id="the last millisecond"),
        pytest.param(35.0, PainMark(34999, 2, 4), id="the end: the last millisecond"),
        pytest.param(99.0, PainMark(34999, 2, 4), id="past the end"),
    ],
)
def test_a_mark_placed_by_hand_goes_in_the_segment_under_it(
    seconds: float, expected: PainMark
) -> None:
    assert mark_at(HAND, seconds, 4) == expected


# --- naming ------------------------------------------------------------------------------------


def test_runs_and_walks_are_counted_when_there_is_more_than_one() -> None:
    assert [segment_name(SEGMENTS, i) for i in range(5)] == [
        "Warm-up",
        "Run 1 of 2",
        "Walk",
        "Run 2 of 2",
        "Cool-down",
    ]


def test_one_run_is_just_run_and_two_walks_are_counted() -> None:
    plan = workout((WALK, 60), (RUN, 60), (WALK, 60), (WARMUP, 5), (WARMUP, 5)).segments
    assert [segment_name(plan, i) for i in range(5)] == [
        "Walk 1 of 2",
        "Run",
        "Walk 2 of 2",
        "Warm-up",  # warm-ups are never counted, however many
        "Warm-up",
    ]


def test_every_segment_is_named_at_once_by_the_same_rule() -> None:
    """``segment_names`` (one pass, for a long plan) says what ``segment_name`` says, index by
    index: one run alone is "Run", two are counted; warm-ups never are."""
    plan = workout((WALK, 60), (RUN, 60), (WALK, 60), (WARMUP, 5), (WARMUP, 5)).segments
    assert segment_names(plan) == ["Walk 1 of 2", "Run", "Walk 2 of 2", "Warm-up", "Warm-up"]
    assert segment_names(SEGMENTS) == ["Warm-up", "Run 1 of 2", "Walk", "Run 2 of 2", "Cool-down"]
    assert segment_names(()) == []
    for segments in (plan, SEGMENTS, workout((RUN, 5), (RUN, 5), (RUN, 5)).segments):
        assert segment_names(segments) == [segment_name(segments, i) for i in range(len(segments))]


def test_an_index_outside_the_plan_is_named_by_number() -> None:
    assert segment_name(SEGMENTS, 5) == "Segment 6"
    assert segment_name(SEGMENTS, -1) == "Segment 0"
    assert segment_name(SEGMENTS, 4) == "Cool-down"
    assert segment_name((), 0) == "Segment 1"


def test_only_runs_and_walks_are_numbered_kinds() -> None:
    assert [kind.numbered for kind in SegmentKind] == [False, True, True, False]
    assert segment_name((Segment(RUN, 5), Segment(RUN, 5)), 1) == "Run 2 of 2"
