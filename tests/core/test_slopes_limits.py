"""Pain by slope and the run cadence at their limits (issue 23): a slope measured but never
marked or rated, and medians of odd and even counts."""

from __future__ import annotations

from datetime import UTC, datetime

from couchtimer.core.demo import seed_story
from couchtimer.core.history import RunRecord
from couchtimer.core.programme import SegmentKind
from couchtimer.core.slopes import Slope, SlopePain, pain_by_slope, run_cadence
from couchtimer.core.track import SegmentMetrics
from couchtimer.programmes import resolve_programme

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)


def first_run() -> RunRecord:
    """W1R1 of the seed runner: run segments at odd indexes, walks at even ones."""
    run = seed_story(resolve_programme("nhs-c25k"), START, fixed_after="W7R2")[0]
    assert [run.kind_at(i) for i in (1, 2, 3)] == [
        SegmentKind.RUN,
        SegmentKind.WALK,
        SegmentKind.RUN,
    ]
    return run


def test_a_slope_run_on_without_marks_counts_none_and_has_no_mean() -> None:
    run = first_run()
    unmarked = [i for i in range(1, 40, 2) if run.kind_at(i) is SegmentKind.RUN]
    unmarked = [i for i in unmarked if not any(m.segment_index == i for m in run.marks)]
    uphill = {run.id: (SegmentMetrics(unmarked[0], SegmentKind.RUN, 1.0, grade_percent=6.0),)}
    assert pain_by_slope([run], uphill) == [SlopePain(Slope.UPHILL, 1, 0, 1, 0, None)]


def run_segments(*cadences: float) -> dict[int, tuple[SegmentMetrics, ...]]:
    run = first_run()
    return {
        run.id: tuple(
            SegmentMetrics(1 + 2 * i, SegmentKind.RUN, 1.0, cadence_spm=c)
            for i, c in enumerate(cadences)
        )
    }


def test_the_median_cadence_of_four_and_of_five_segments() -> None:
    run = first_run()
    assert run_cadence([run], run_segments(180.0, 150.0, 170.0, 160.0)) == 165.0
    assert run_cadence([run], run_segments(190.0, 150.0, 170.0, 160.0, 180.0)) == 170.0
