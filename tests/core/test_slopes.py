"""A segment's slope from its measured gradient, on both sides of each threshold and at it."""

from __future__ import annotations

import pytest

from couchtimer.core.programme import SegmentKind
from couchtimer.core.slopes import DOWNHILL_GRADE, UPHILL_GRADE, Slope, slope_of
from couchtimer.core.track import SegmentMetrics


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
