"""A segment's slope from its measured gradient, on both sides of each threshold and at it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from couchtimer.core.demo import seed_story, with_seed_recordings
from couchtimer.core.history import MeasuredTerrain, RunRecord
from couchtimer.core.pain import PainMark, Terrain
from couchtimer.core.programme import SegmentKind
from couchtimer.core.slopes import (
    CADENCE_HINT_BELOW,
    DOWNHILL_GRADE,
    UPHILL_GRADE,
    Slope,
    SlopePain,
    measured_terrain,
    median,
    pain_by_slope,
    run_cadences,
    slope_of,
)
from couchtimer.core.track import SegmentMetrics
from couchtimer.programmes import resolve_programme


def metrics(grade: float | None) -> SegmentMetrics:
    return SegmentMetrics(1, SegmentKind.RUN, 1.0, grade_percent=grade)


@pytest.mark.parametrize(
    ("grade", "slope"),
    [
        pytest.param(-5.8, Slope.DOWNHILL, id="steeper than -4 %"),
        pytest.param(-4.0, Slope.DOWNHILL, id="at -4 %"),
        pytest.param(-3.99, Slope.FLAT, id="just under -4 %"),
        pytest.param(0.0, Slope.FLAT, id="level"),
        pytest.param(3.99, Slope.FLAT, id="just under +4 %"),
        pytest.param(4.0, Slope.UPHILL, id="at +4 %"),
        pytest.param(7.5, Slope.UPHILL, id="steeper than +4 %"),
        pytest.param(None, None, id="no gradient measured"),
    ],
)
def test_slope_of_a_segment(grade: float | None, slope: Slope | None) -> None:
    assert (DOWNHILL_GRADE, UPHILL_GRADE) == (-4.0, 4.0)
    assert slope_of(metrics(grade)) == slope


def test_the_bands_are_named_with_their_thresholds() -> None:
    assert [s.words for s in Slope] == [
        "downhill (−4 % and steeper)",
        "flat",
        "uphill (+4 % and steeper)",
    ]


START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)


def story() -> list[RunRecord]:
    """The seed runner, a watch on every run from week 4: run 2 of each week down the hill."""
    runs = seed_story(resolve_programme("nhs-c25k"), START, fixed_after="W7R2")
    return with_seed_recordings(runs, from_week=4)


def test_pain_by_slope_counts_the_measured_run_segments_and_their_marks() -> None:
    assert pain_by_slope(story()) == [
        # W4R2 4 runs, W5R2 and W6R2 2, W7R2-W9R2 1: 11; marks in all but W8R2's and W9R2's
        SlopePain(Slope.DOWNHILL, 11, 9, 6, 4, 6.0),
        SlopePain(Slope.FLAT, 22, 17, 12, 7, 3.0),
    ]


def test_walks_and_unmeasured_segments_do_not_count() -> None:
    runs = story()
    w4r2 = next(run for run in runs if run.code == "W4R2")
    only_walk = MeasuredTerrain((SegmentMetrics(2, SegmentKind.WALK, 1.0, grade_percent=-8.0),))
    assert pain_by_slope([replace(w4r2, measured=only_walk)]) == []
    no_grade = MeasuredTerrain((SegmentMetrics(1, SegmentKind.RUN, 1.0),))
    assert pain_by_slope([replace(w4r2, measured=no_grade)]) == []
    assert pain_by_slope([replace(w4r2, measured=None)]) == []


def test_run_cadences_are_the_measured_run_segments_and_median_is_the_middle() -> None:
    runs = story()
    assert median(run_cadences(runs)) == 156.0
    assert run_cadences([replace(run, measured=None) for run in runs]) == []
    two = MeasuredTerrain((SegmentMetrics(1, SegmentKind.RUN, 1.0, cadence_spm=150.0),
                           SegmentMetrics(2, SegmentKind.WALK, 1.0, cadence_spm=110.0),
                           SegmentMetrics(3, SegmentKind.RUN, 1.0, cadence_spm=160.0)))  # fmt: skip
    w1 = replace(runs[0], measured=two)
    assert run_cadences([w1]) == [150.0, 160.0]  # the walk left out
    assert median([150.0, 160.0]) == 155.0
    assert median([150.0, 160.0, 152.0]) == 152.0
    assert median([]) is None
    assert CADENCE_HINT_BELOW == 170.0


def _terrain(*slopes: float | None, kind: SegmentKind = SegmentKind.RUN) -> Terrain | None:
    return measured_terrain(
        SegmentMetrics(i, kind, 1.0, grade_percent=g) for i, g in enumerate(slopes)
    )


@pytest.mark.parametrize(
    ("grades", "terrain"),
    [
        pytest.param((-5.0, -5.0, 0.0), Terrain.DOWNHILL, id="2 of 3 downhill: more than half"),
        pytest.param((-5.0, -5.0, 0.0, 0.0), Terrain.MIXED, id="2 of 4: half is not more"),
        pytest.param((0.0, 1.0, -5.0), Terrain.FLAT, id="2 of 3 flat"),
        pytest.param((5.0, 4.0, None), Terrain.UPHILL, id="unmeasured left out"),
        pytest.param((-5.0, 5.0, 0.0), Terrain.MIXED, id="one of each"),
        pytest.param((None, None), None, id="no gradient: the runner's answer stands"),
    ],
)
def test_a_runs_measured_terrain_is_the_slope_of_most_of_its_run_segments(
    grades: tuple[float | None, ...], terrain: Terrain | None
) -> None:
    assert _terrain(*grades) == terrain
    assert _terrain(*grades, kind=SegmentKind.WALK) is None  # walks never decide it


def test_the_measured_terrain_wins_over_the_answer_only_where_it_has_a_gradient() -> None:
    w4r2 = next(run for run in story() if run.code == "W4R2")  # the runner said downhill
    assert w4r2.terrain is Terrain.DOWNHILL
    assert w4r2.measured is not None
    assert w4r2.measured.downhill_segments == frozenset({1, 3, 5, 7})  # its four run segments
    flat = MeasuredTerrain((SegmentMetrics(1, SegmentKind.RUN, 1.0, grade_percent=0.0),))
    assert replace(w4r2, measured=flat).terrain is Terrain.FLAT
    no_grade = MeasuredTerrain((SegmentMetrics(1, SegmentKind.RUN, 1.0),))
    assert replace(w4r2, measured=no_grade).terrain is w4r2.report.terrain  # type: ignore[union-attr]


def _runs_segments(run: RunRecord) -> list[int]:
    return [i for i in range(len(run.segments)) if run.kind_at(i) is SegmentKind.RUN]


def test_an_unmeasured_run_segment_before_a_measured_one_does_not_end_the_count() -> None:
    """A run segment without a gradient is passed over, and the ones after it still count; a
    slope without a mark has 0 marked segments (not a guess), a slope with marks none rated has
    no mean."""
    w4r2 = next(run for run in story() if run.code == "W4R2")
    first, second, third = _runs_segments(w4r2)[:3]
    measured = MeasuredTerrain(
        (
            SegmentMetrics(first, SegmentKind.RUN, 1.0),  # no gradient
            SegmentMetrics(second, SegmentKind.RUN, 1.0, grade_percent=-6.0),
            SegmentMetrics(third, SegmentKind.RUN, 1.0, grade_percent=0.5),
        )
    )
    run = replace(w4r2, measured=measured, marks=(PainMark(1000, second),))
    assert pain_by_slope([run]) == [
        SlopePain(Slope.DOWNHILL, 1, 1, 1, 1, None),  # marked, never rated: no mean
        SlopePain(Slope.FLAT, 1, 0, 1, 0, None),  # measured, never marked
    ]
    rated = replace(run, marks=(PainMark(1000, second, 4), PainMark(2000, second, 7)))
    assert pain_by_slope([rated])[0] == SlopePain(Slope.DOWNHILL, 1, 1, 1, 1, 5.5)


@pytest.mark.parametrize(
    ("values", "middle"),
    [
        pytest.param([4.0, 1.0, 3.0, 2.0], 2.5, id="four: the mean of the middle two"),
        pytest.param([5.0, 1.0, 4.0, 2.0, 3.0], 3.0, id="five: the third"),
        pytest.param([6.0, 1.0, 5.0, 2.0, 4.0, 3.0], 3.5, id="six"),
        pytest.param([7.0], 7.0, id="one"),
    ],
)
def test_median_is_the_middle_of_any_count(values: list[float], middle: float) -> None:
    assert median(values) == middle
