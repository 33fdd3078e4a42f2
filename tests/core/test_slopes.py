"""A segment's slope from its measured gradient, on both sides of each threshold and at it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from couchtimer.core.demo import seed_metrics, seed_story
from couchtimer.core.history import RunRecord
from couchtimer.core.programme import SegmentKind
from couchtimer.core.slopes import (
    CADENCE_HINT_BELOW,
    DOWNHILL_GRADE,
    UPHILL_GRADE,
    Slope,
    SlopePain,
    cadence_sentence,
    pain_by_slope,
    run_cadence,
    slope_of,
    slope_sentence,
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


def story() -> tuple[list[RunRecord], dict[int, tuple[SegmentMetrics, ...]]]:
    """The seed runner, a watch on every run from week 4: run 2 of each week down the hill."""
    runs = seed_story(resolve_programme("nhs-c25k"), START, fixed_after="W7R2")
    return runs, {run.id: seed_metrics(run) for run in runs if run.week >= 4}


def test_pain_by_slope_counts_the_measured_run_segments_and_their_marks() -> None:
    runs, metrics = story()
    assert pain_by_slope(runs, metrics) == [
        # W4R2 4 runs, W5R2 and W6R2 2, W7R2-W9R2 1: 11; marks in all but W8R2's and W9R2's
        SlopePain(Slope.DOWNHILL, 11, 9, 6, 4, 6.0),
        SlopePain(Slope.FLAT, 22, 17, 12, 7, 3.0),
    ]
    assert slope_sentence(pain_by_slope(runs, metrics)) == (
        "Pain marks came in downhill (−4 % and steeper) run segments in 4 of 6 recorded runs "
        "that had one; in flat run segments in 7 of 12 recorded runs that had one."
    )


def test_walks_and_unmeasured_segments_do_not_count() -> None:
    runs, _ = story()
    w4r2 = next(run for run in runs if run.code == "W4R2")
    only_walk = {w4r2.id: (SegmentMetrics(2, SegmentKind.WALK, 1.0, grade_percent=-8.0),)}
    assert pain_by_slope(runs, only_walk) == []
    no_grade = {w4r2.id: (SegmentMetrics(1, SegmentKind.RUN, 1.0),)}
    assert pain_by_slope(runs, no_grade) == []
    assert slope_sentence([]) == ""


def test_no_sentence_without_a_mark_in_any_measured_segment() -> None:
    quiet = [SlopePain(Slope.DOWNHILL, 3, 0, 2, 0, None)]
    assert slope_sentence(quiet) == ""
    one = [SlopePain(Slope.UPHILL, 1, 1, 1, 1, 4.0)]
    assert slope_sentence(one) == (
        "Pain marks came in uphill (+4 % and steeper) run segments in 1 of 1 recorded run "
        "that had one."
    )


def test_run_cadence_is_the_median_of_the_measured_run_segments() -> None:
    runs, metrics = story()
    assert run_cadence(runs, metrics) == 156.0
    assert run_cadence(runs, {}) is None
    w1 = runs[0]
    two = {w1.id: (SegmentMetrics(1, SegmentKind.RUN, 1.0, cadence_spm=150.0),
                   SegmentMetrics(2, SegmentKind.WALK, 1.0, cadence_spm=110.0),
                   SegmentMetrics(3, SegmentKind.RUN, 1.0, cadence_spm=160.0))}  # fmt: skip
    assert run_cadence(runs, two) == 155.0  # the walk left out; the median of two


@pytest.mark.parametrize(
    ("cadence", "hint"),
    [
        pytest.param(158.0, "try +5 % (166 steps a minute)", id="below 170: the hint"),
        pytest.param(169.9, "try +5 % (178 steps a minute)", id="just below 170"),
        pytest.param(170.0, None, id="at 170: the figure only"),
        pytest.param(176.0, None, id="above 170"),
    ],
)
def test_the_cadence_sentence_suggests_the_metronome_only_below_170(
    cadence: float, hint: str | None
) -> None:
    assert CADENCE_HINT_BELOW == 170.0
    text = cadence_sentence(cadence)
    assert text.startswith(
        f"Your cadence in run segments was {cadence:.0f} steps a minute (from your recordings)."
    )
    if hint is None:
        assert "metronome" not in text
    else:
        assert text.endswith(f"the metronome (Settings) can help you {hint}.")
    assert cadence_sentence(None) == ""
