"""Pain marks placed by hand on a run done outdoors (segment_bar.mark_at): in the segment under
the click, inside the run."""

from __future__ import annotations

import pytest

from couchtimer.core.pain import PainMark
from couchtimer.ui.segment_bar import mark_at
from tests.helpers.workouts import COOLDOWN, RUN, WARMUP, workout

SEGMENTS = workout((WARMUP, 10), (RUN, 20), (COOLDOWN, 5)).segments


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
def test_a_mark_goes_in_the_segment_under_it(seconds: float, expected: PainMark) -> None:
    assert mark_at(SEGMENTS, seconds, 4) == expected
