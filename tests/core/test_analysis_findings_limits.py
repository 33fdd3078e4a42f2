"""Each finding of the physio report on both sides of the evidence it needs, and at the limit.

A finding is a sentence a physio reads: it must be true when it is said, and it is said only when
the evidence is there (3 marks, 80 % of them while running, 2 runs a terrain, 1 point, 3 runs).
"""

from __future__ import annotations

import pytest

from couchtimer.core import analysis
from couchtimer.core.analysis import FindingKind
from couchtimer.core.history import RunRecord
from couchtimer.core.pain import Region, Terrain
from tests.helpers.runs import day_run

KNEE = Region.KNEE
DOWN, FLAT, UP = Terrain.DOWNHILL, Terrain.FLAT, Terrain.UPHILL


def found(runs: list[RunRecord], kind: FindingKind) -> str | None:
    texts = [f.text for f in analysis.findings(runs) if f.kind is kind]
    assert len(texts) <= 1 or kind is FindingKind.TERRAIN
    return texts[0] if texts else None


def test_the_evidence_each_finding_needs() -> None:
    assert analysis.MIN_MARKS_FOR_SEGMENT_FINDING == 3
    assert analysis.RUN_SHARE_FOR_FINDING == 0.8
    assert (analysis.MIN_RUNS_PER_TERRAIN, analysis.TERRAIN_DIFFERENCE) == (2, 1.0)
    assert analysis.MIN_PAIN_FREE_RUNS_AFTER == 3


# --- pain in run segments ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("in_runs", "in_walks", "text"),
    [
        pytest.param(3, 0, "100 % of 3 pain marks", id="3 marks, all while running"),
        pytest.param(2, 0, None, id="2 marks: too few"),
        pytest.param(4, 1, "80 % of 5 pain marks", id="4 of 5: exactly 80 %"),
        pytest.param(3, 1, None, id="3 of 4: 75 %"),
        pytest.param(2, 8, None, id="2 of 10: mostly while walking"),
        pytest.param(0, 4, None, id="all while walking"),
    ],
)
def test_pain_in_run_segments_needs_3_marks_and_80_percent_of_them(
    in_runs: int, in_walks: int, text: str | None
) -> None:
    runs = [day_run(0, 3, KNEE, in_runs=in_runs, in_walks=in_walks)]
    expected = (
        f"Pain occurs in run segments and eases in walks: {text} came while running."
        if text
        else None
    )
    assert found(runs, FindingKind.RUN_SEGMENTS) == expected


def test_marks_are_counted_across_runs() -> None:
    """Two runs with 2 and 1 marks while running make 3 marks: enough together."""
    runs = [day_run(0, 3, KNEE, in_runs=2), day_run(1, 3, KNEE, in_runs=1)]
    assert found(runs, FindingKind.RUN_SEGMENTS) == (
        "Pain occurs in run segments and eases in walks: 100 % of 3 pain marks came while running."
    )


# --- terrain -------------------------------------------------------------------------------


def terrain_runs(downhill: list[int], others: list[int], other: Terrain = FLAT) -> list[RunRecord]:
    pains = [(p, DOWN) for p in downhill] + [(p, other) for p in others]
    return [
        day_run(day, p, KNEE, terrain=terrain, in_runs=0) for day, (p, terrain) in enumerate(pains)
    ]


def test_worse_downhill_by_exactly_1_point_is_a_finding() -> None:
    assert found(terrain_runs([4, 4], [3, 3]), FindingKind.TERRAIN) == (
        "More on downhill runs: worst pain averaged 4.0/10 on 2 downhill runs against 3.0/10 on "
        "the others in the same weeks."
    )


@pytest.mark.parametrize(
    ("downhill", "others"),
    [
        pytest.param([4, 3], [3, 3], id="half a point worse downhill"),
        pytest.param([3, 3], [3, 3], id="the same"),
        pytest.param([3, 3], [4, 4], id="a point better downhill"),
        pytest.param([2, 2], [5, 5], id="much better downhill"),
        pytest.param([5], [2, 2, 2], id="one downhill run only"),
        pytest.param([5, 5], [2], id="one other run only"),
    ],
)
def test_no_terrain_finding_without_the_evidence(downhill: list[int], others: list[int]) -> None:
    assert found(terrain_runs(downhill, others), FindingKind.TERRAIN) is None


def test_worse_uphill_is_said_as_uphill() -> None:
    runs = terrain_runs([2, 2], [4, 5], other=UP)
    assert found(runs, FindingKind.TERRAIN) == (
        "More on uphill runs: worst pain averaged 4.5/10 on 2 uphill runs against 2.0/10 on the "
        "others in the same weeks."
    )


def test_terrain_is_compared_only_from_the_first_to_the_last_run_with_pain() -> None:
    """Pain-free flat runs before the pain started and after it stopped are not 'the others'."""
    free_before = day_run(-5, 0, terrain=FLAT)
    free_after = day_run(20, 0, terrain=FLAT)
    runs = [free_before, *terrain_runs([4, 4], [3, 3]), free_after]
    assert found(runs, FindingKind.TERRAIN) == (
        "More on downhill runs: worst pain averaged 4.0/10 on 2 downhill runs against 3.0/10 on "
        "the others in the same weeks."
    )


# --- started and stopped -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("free", "text"),
    [
        pytest.param(0, None, id="pain from the first run"),
        pytest.param(1, "after 1 pain-free run.", id="after one run"),
        pytest.param(2, "after 2 pain-free runs.", id="after two runs"),
    ],
)
def test_pain_started_after_the_pain_free_runs(free: int, text: str | None) -> None:
    runs = [*[day_run(d, 0) for d in range(free)], day_run(free, 3, KNEE, week=2)]
    expected = f"Pain started in week 2 (W2R1, {2 + free} Mar 2026) {text}" if text else None
    assert found(runs, FindingKind.STARTED) == expected


@pytest.mark.parametrize(
    ("free_after", "text"),
    [
        pytest.param(2, None, id="2 pain-free runs since: too early to say"),
        pytest.param(3, "none in the 3 runs since.", id="3 pain-free runs since"),
        pytest.param(4, "none in the 4 runs since.", id="4 pain-free runs since"),
    ],
)
def test_pain_stopped_after_3_pain_free_runs(free_after: int, text: str | None) -> None:
    runs = [day_run(0, 3, KNEE), day_run(1, 2, KNEE)]
    runs += [day_run(2 + d, 0) for d in range(free_after)]
    expected = f"Pain stopped after W4R1 on 3 Mar 2026: {text}" if text else None
    assert found(runs, FindingKind.STOPPED) == expected


def test_pain_has_not_stopped_when_the_latest_run_hurts_again() -> None:
    """Pain, three pain-free runs, then pain again: no 'Pain stopped' sentence in the report."""
    runs = [day_run(0, 3, KNEE), *[day_run(1 + d, 0) for d in range(3)], day_run(4, 2, KNEE)]
    assert found(runs, FindingKind.STOPPED) is None
    runs.append(day_run(5, 0))
    assert found(runs, FindingKind.STOPPED) is None


# --- onset and region ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("runs_with_marks", "text"),
    [
        pytest.param(2, None, id="2 onsets: too few"),
        pytest.param(3, "Pain usually began about 0.2 minutes into a run segment.", id="3 onsets"),
    ],
)
def test_onset_needs_3_onsets(runs_with_marks: int, text: str | None) -> None:
    runs = [day_run(d, 3, KNEE) for d in range(runs_with_marks)]
    assert found(runs, FindingKind.ONSET) == text


def test_region_counts_the_reports_that_name_an_area() -> None:
    runs = [day_run(0, 3, KNEE), day_run(1, 3, Region.HIP), day_run(2, 3, KNEE), day_run(3, 3)]
    assert found(runs, FindingKind.REGION) == (
        "Knee was named in 2 of 3 reports that name a body area."
    )
