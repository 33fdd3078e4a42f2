"""Each finding on both sides of the evidence it needs, and at the limit.

A finding is a sentence a physio reads: it must be true when it is said, and worded with the
caution its evidence allows (one run: "in this run"; a terrain from one run each; "too soon to
say" under 3 pain-free runs).
"""

from __future__ import annotations

import pytest

from couchtimer.core import findings as module
from couchtimer.core.findings import FindingKind, findings
from couchtimer.core.history import RunRecord
from couchtimer.core.pain import Region, Terrain
from tests.helpers.runs import day_run

KNEE = Region.KNEE
DOWN, FLAT, UP = Terrain.DOWNHILL, Terrain.FLAT, Terrain.UPHILL


def found(runs: list[RunRecord], kind: FindingKind) -> str | None:
    texts = [f.text for f in findings(runs) if f.kind is kind]
    assert len(texts) <= 1 or kind is FindingKind.TERRAIN
    return texts[0] if texts else None


def test_the_evidence_each_finding_needs() -> None:
    assert (module.MOSTLY_RUNNING, module.TERRAIN_DIFFERENCE) == (0.8, 1.0)
    assert (module.MIN_PAIN_FREE_RUNS_AFTER, module.TREND_RUNS, module.WEEKS_SHOWN) == (3, 4, 6)
    assert module.WEEK_CHANGE == 1.0


# --- pain in run segments ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("in_runs", "in_walks", "text"),
    [
        pytest.param(1, 0, "Pain came in run segments, not in walks (1 of 1 mark, in this run).",
                     id="one mark is said, for this run"),
        pytest.param(4, 1, "Pain came mostly in run segments (4 of 5 marks; 1 in walks).",
                     id="4 of 5: exactly 80 %"),
        pytest.param(3, 1, "Pain came in run segments and in walks alike (3 marks in run "
                     "segments, 1 in walks).", id="3 of 4: 75 %"),
        pytest.param(0, 4, "Pain came in walks, not in run segments (4 of 4 marks).",
                     id="all while walking"),
        pytest.param(0, 0, None, id="no marks"),
    ],
)  # fmt: skip
def test_where_the_marks_fell(in_runs: int, in_walks: int, text: str | None) -> None:
    runs = [day_run(0, 3, KNEE, in_runs=in_runs, in_walks=in_walks)]
    assert found(runs, FindingKind.RUN_SEGMENTS) == text


def test_marks_are_counted_across_runs() -> None:
    runs = [day_run(0, 3, KNEE, in_runs=2), day_run(1, 3, KNEE, in_runs=1)]
    assert found(runs, FindingKind.RUN_SEGMENTS) == (
        "Pain came in run segments, not in walks (3 of 3 marks, in 2 of 2 runs)."
    )
    runs.append(day_run(2, 3, KNEE, in_runs=1, in_walks=1))
    assert found(runs, FindingKind.RUN_SEGMENTS) == (
        "Pain came mostly in run segments (4 of 5 marks; 1 in walks)."
    )


# --- terrain -------------------------------------------------------------------------------


def terrain_runs(downhill: list[int], others: list[int], other: Terrain = FLAT) -> list[RunRecord]:
    pains = [(p, DOWN) for p in downhill] + [(p, other) for p in others]
    return [
        day_run(day, p, KNEE, terrain=terrain, in_runs=0) for day, (p, terrain) in enumerate(pains)
    ]


@pytest.mark.parametrize(
    ("downhill", "others", "text"),
    [
        pytest.param([4, 4], [3, 3], "mean 4.0 vs 3.0 flat: 2 downhill runs against 2 flat runs",
                     id="exactly 1 point worse downhill"),
        pytest.param([5], [2], "mean 5.0 vs 2.0 flat: 1 downhill run against 1 flat run",
                     id="one run each is enough"),
        pytest.param([4, 3], [3, 3], None, id="half a point worse downhill"),
        pytest.param([3, 3], [3, 3], None, id="the same"),
        pytest.param([2, 2], [5, 5], None, id="better downhill"),
        pytest.param([5, 5], [], None, id="no other run"),
    ],
)  # fmt: skip
def test_worse_downhill(downhill: list[int], others: list[int], text: str | None) -> None:
    expected = f"Worse on downhill runs ({text})." if text else None
    assert found(terrain_runs(downhill, others), FindingKind.TERRAIN) == expected


def test_worse_uphill_is_said_as_uphill() -> None:
    runs = terrain_runs([2, 2], [4, 5], other=UP)
    assert found(runs, FindingKind.TERRAIN) == (
        "Worse on uphill runs (mean 4.5 vs 2.0 on the others: 2 uphill runs against 2 other runs)."
    )


def test_terrain_is_compared_only_from_the_first_to_the_last_run_with_pain() -> None:
    """Pain-free flat runs before the pain started and after it stopped are not 'the others'."""
    runs = [
        day_run(-5, 0, terrain=FLAT),
        *terrain_runs([4, 4], [3, 3]),
        day_run(20, 0, terrain=FLAT),
    ]
    assert found(runs, FindingKind.TERRAIN) == (
        "Worse on downhill runs (mean 4.0 vs 3.0 flat: 2 downhill runs against 2 flat runs)."
    )
    assert (
        found([day_run(0, 0, terrain=DOWN), day_run(1, 0, terrain=FLAT)], FindingKind.TERRAIN)
        is None
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
        pytest.param(0, None, id="pain in the latest run"),
        pytest.param(1, "No pain in the 1 run since W4R1; too soon to say it has stopped.",
                     id="1 pain-free run since"),
        pytest.param(2, "No pain in the 2 runs since W4R1; too soon to say it has stopped.",
                     id="2 pain-free runs since: too soon"),
        pytest.param(3, "Pain stopped after W4R1 on 3 Mar 2026: none in the 3 runs since.",
                     id="3 pain-free runs since"),
        pytest.param(4, "Pain stopped after W4R1 on 3 Mar 2026: none in the 4 runs since.",
                     id="4 pain-free runs since"),
    ],
)  # fmt: skip
def test_pain_stopped_after_3_pain_free_runs(free_after: int, text: str | None) -> None:
    runs = [day_run(0, 3, KNEE), day_run(1, 2, KNEE)]
    runs += [day_run(2 + d, 0) for d in range(free_after)]
    assert found(runs, FindingKind.STOPPED) == text


def test_pain_has_not_stopped_when_the_latest_run_hurts_again() -> None:
    runs = [day_run(0, 3, KNEE), *[day_run(1 + d, 0) for d in range(3)], day_run(4, 2, KNEE)]
    assert found(runs, FindingKind.STOPPED) is None


# --- onset, region, morning ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("runs_with_marks", "text"),
    [
        pytest.param(1, "In this run it began in run segment 1, 10 s into it.", id="one run"),
        pytest.param(3, "It began in run segment 1 in 3 of 3 runs, a median of 10 s into it.",
                     id="3 runs"),
    ],
)  # fmt: skip
def test_onset_from_the_first_run(runs_with_marks: int, text: str) -> None:
    runs = [day_run(d, 3, KNEE) for d in range(runs_with_marks)]
    assert found(runs, FindingKind.ONSET) == text


def test_region_counts_the_reports_that_name_an_area() -> None:
    runs = [day_run(0, 3, KNEE), day_run(1, 3, Region.HIP), day_run(2, 3, KNEE), day_run(3, 3)]
    assert found(runs, FindingKind.REGION) == "It was in the knee (left) (named in 2 of 3 reports)."


@pytest.mark.parametrize(
    ("morning", "text"),
    [
        (2, "It had settled by the next morning (0-2/10) after this run."),
        (3, "It had not settled by the next morning after W4R1 (3/10); 0 of 1 check-in settled "
            "at 0-2/10."),
    ],
)  # fmt: skip
def test_settled_by_the_next_morning_at_2_not_at_3(morning: int, text: str) -> None:
    """The check-in's answer enters the findings: 0-2/10 is settled (the pain-monitoring model)."""
    assert found([day_run(0, 4, KNEE, morning=morning)], FindingKind.MORNING) == text
