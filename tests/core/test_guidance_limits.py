"""The pain-monitoring model at its limits: each rule on both sides of its threshold and at it.

Silbernagel et al. 2007 (the model docs/DESIGN.md and couchtimer/core/guidance.py follow): pain
during and after activity may reach 5/10 (so exactly 5/10 is acceptable), must have settled by the
next morning (at most 2/10, the "safe" zone), and must not rise from week to week.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from couchtimer.core.analysis import ACCEPTABLE_MAX, SAFE_MAX
from couchtimer.core.guidance import (
    RISE_THRESHOLD,
    SAME_PAIN_RUNS,
    Action,
    Rule,
    guidance_for,
)
from couchtimer.core.history import RunRecord
from couchtimer.core.pain import Region
from tests.helpers.runs import START, day_run

KNEE, SHIN, CALF, FOOT, HIP = Region.KNEE, Region.SHIN, Region.CALF, Region.FOOT, Region.HIP


def test_the_model_s_numbers() -> None:
    """Silbernagel 2007: 0-2/10 is safe, up to 5/10 acceptable; settled by the next morning; a
    rise of a point from one week to the next is too much. Three runs make a pattern."""
    assert (SAFE_MAX, ACCEPTABLE_MAX, RISE_THRESHOLD) == (2, 5, 1.0)
    assert SAME_PAIN_RUNS == 3


def rule_of(runs: list[RunRecord]) -> tuple[Action, Rule]:
    guidance = guidance_for(runs, next_code="W4R2")
    return guidance.action, guidance.rule


# --- 5/10 during or after the run ------------------------------------------------------------


def test_exactly_5_of_10_during_the_run_is_acceptable() -> None:
    guidance = guidance_for([day_run(0, 5, KNEE, in_runs=0, in_walks=1)])
    assert (guidance.action, guidance.rule) == (Action.REPEAT, Rule.ACCEPTABLE)
    assert guidance.reason == (
        "Pain reached 5/10: within the acceptable range (up to 5/10), so stay at this level "
        "until it is lower."
    )


def test_6_of_10_during_the_run_is_over_the_limit() -> None:
    assert rule_of([day_run(0, 6, KNEE)]) == (Action.REST, Rule.OVER_LIMIT)


@pytest.mark.parametrize(
    ("after", "rule"), [(4, Rule.ACCEPTABLE), (5, Rule.ACCEPTABLE), (6, Rule.OVER_LIMIT)]
)
def test_pain_after_the_run_has_the_same_5_of_10_limit(after: int, rule: Rule) -> None:
    assert rule_of([day_run(0, 3, KNEE, after=after)])[1] is rule


def test_pain_after_a_run_without_pain_during_it_is_counted() -> None:
    """No pain during the run, 4/10 afterwards: the 4 decides, not the 0."""
    guidance = guidance_for([day_run(0, 0, after=4)])
    assert guidance.rule is Rule.ACCEPTABLE
    assert guidance.reason.startswith("Pain reached 4/10")


# --- settled by the next morning -------------------------------------------------------------


@pytest.mark.parametrize(
    ("morning", "action", "rule"),
    [
        (1, Action.PROGRESS, Rule.PROGRESS),
        (2, Action.PROGRESS, Rule.PROGRESS),
        (3, Action.REST, Rule.MORNING),
    ],
)
def test_the_morning_after_may_be_2_of_10_but_not_3(
    morning: int, action: Action, rule: Rule
) -> None:
    guidance = guidance_for([day_run(0, 1, KNEE, morning=morning)], next_code="W4R2")
    assert (guidance.action, guidance.rule) == (action, rule)
    if rule is Rule.PROGRESS:
        assert (
            guidance.reason
            == f"Pain was 1/10 on W4R1 and {morning}/10 the next morning: 0-2 is fine."
        )


# --- two runs in a row above 2/10 ------------------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "latest", "rule"),
    [
        pytest.param(2, 2, Rule.PROGRESS, id="2 then 2: both safe"),
        pytest.param(2, 3, Rule.ACCEPTABLE, id="2 then 3: only the latest above 2"),
        pytest.param(3, 2, Rule.PROGRESS, id="3 then 2: settled"),
        pytest.param(3, 3, Rule.TWO_IN_A_ROW, id="3 then 3: step back"),
    ],
)
def test_two_in_a_row_means_both_above_2_of_10(previous: int, latest: int, rule: Rule) -> None:
    runs = [day_run(0, previous, KNEE), day_run(2, latest, SHIN)]
    assert rule_of(runs)[1] is rule


def test_exactly_two_runs_at_3_and_4_step_back() -> None:
    """The rule needs only two runs: a runner's first two runs are enough."""
    guidance = guidance_for([day_run(0, 3, KNEE), day_run(2, 4, SHIN)])
    assert (guidance.action, guidance.rule) == (Action.STEP_BACK, Rule.TWO_IN_A_ROW)
    assert guidance.reason == (
        "Pain was 3/10 and then 4/10 in your last two runs; an easier week lets it settle."
    )


@pytest.mark.parametrize(("week", "back_to"), [(1, 1), (2, 1), (3, 2), (9, 8)])
def test_step_back_goes_one_week_back_but_not_before_week_1(week: int, back_to: int) -> None:
    runs = [day_run(0, 3, KNEE, week=week), day_run(2, 4, SHIN, week=week)]
    assert guidance_for(runs).suggestion == (
        f"Step back a week: go back to week {back_to} for your next runs."
    )


# --- three runs in a row ---------------------------------------------------------------------


def test_the_same_pain_in_two_runs_is_not_yet_a_pattern() -> None:
    """Two runs with 1/10 in the knee: no pattern yet; a third makes it one."""
    two = [day_run(0, 1, KNEE), day_run(2, 1, KNEE)]
    assert rule_of(two) == (Action.PROGRESS, Rule.PROGRESS)
    three = [*two, day_run(4, 1, KNEE)]
    assert rule_of(three) == (Action.REST, Rule.THREE_IN_A_ROW)
    assert rule_of([day_run(0, 1, SHIN), *three[1:]]) == (Action.PROGRESS, Rule.PROGRESS)


# --- week on week ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("week_before", "this_week", "rising"),
    [
        pytest.param((1, 2), (3, 2), True, id="1.5 to 2.5: a rise of exactly 1 point"),
        pytest.param((2, 2), (3, 2), False, id="2.0 to 2.5: half a point"),
        pytest.param((1, 1), (3, 2), True, id="1.0 to 2.5: a point and a half"),
        pytest.param((0, 0), (3, 1), False, id="0 to exactly 2.0: still the safe zone"),
        pytest.param((0, 0), (4, 1), True, id="0 to 2.5: above it"),
    ],
)
def test_a_weekly_rise_of_1_point_above_2_of_10_is_rising(
    week_before: tuple[int, int], this_week: tuple[int, int], rising: bool
) -> None:
    """Mean worst pain over the last 7 days against the 7 days before."""
    regions = iter([KNEE, SHIN, CALF, FOOT])
    runs = [
        day_run(day, pain, next(regions) if pain else None)
        for day, pain in zip((0, 1, 8, 10), (*week_before, *this_week), strict=True)
    ]
    guidance = guidance_for(runs)
    assert (guidance.rule is Rule.RISING) is rising
    if rising:
        before = sum(week_before) / 2
        now = sum(this_week) / 2
        assert guidance.reason == (
            f"Your worst pain averaged {now:.1f}/10 this past week against {before:.1f}/10 the "
            "week before; it should not rise from week to week."
        )


@pytest.mark.parametrize(
    ("earlier_day", "rising"),
    [
        pytest.param(7.5, False, id="6.5 days before: the same week, nothing to compare"),
        pytest.param(7.0, True, id="exactly 7 days before: the week before"),
        pytest.param(6.5, True, id="7.5 days before: the week before"),
        pytest.param(0.5, True, id="13.5 days before: the week before"),
        pytest.param(0.0, False, id="exactly 14 days before: too long ago"),
        pytest.param(-0.5, False, id="14.5 days before: too long ago"),
    ],
)
def test_the_two_weeks_are_the_last_7_days_and_the_7_before(
    earlier_day: float, rising: bool
) -> None:
    """A run exactly 7 days before the latest belongs to the week before; 14 days is outside."""
    runs = [day_run(earlier_day, 1, KNEE), day_run(14, 3, SHIN)]
    assert (guidance_for(runs).rule is Rule.RISING) is rising


# --- after red flags were cleared --------------------------------------------------------------


def test_after_being_seen_the_latest_flagged_run_is_repeated_only_if_they_agree() -> None:
    fever = day_run(0, 2, Region.LOWER_BACK, flags=("fever",))
    guidance = guidance_for([fever], cleared_at=START.replace(hour=9))
    assert (guidance.action, guidance.rule) == (Action.REPEAT, Rule.CLEARED)
    assert guidance.suggestion == (
        "Repeat W4R1 next time, if the doctor or physio who saw you agrees."
    )


def test_the_same_pain_is_named_as_the_latest_run_names_it() -> None:
    """Knee and shin in each of the last 3 runs: said as the latest report lists them first."""
    from dataclasses import replace

    from couchtimer.core.pain import BodyArea, Side

    def areas(run: RunRecord, *regions: Region) -> RunRecord:
        assert run.report is not None
        named = tuple(BodyArea(r, Side.LEFT) for r in regions)
        return replace(run, report=replace(run.report, areas=named))

    runs = [
        areas(day_run(0, 1, KNEE), KNEE, SHIN),
        areas(day_run(2, 1, KNEE), KNEE, SHIN, CALF),
        areas(day_run(4, 1, KNEE), SHIN, FOOT, KNEE),
    ]
    assert guidance_for(runs).reason == "You noted shin in each of your last 3 runs."
    runs[0] = areas(runs[0], FOOT)
    assert guidance_for(runs).rule is Rule.PROGRESS


def test_red_flags_after_three_runs_name_each_run() -> None:
    runs = [
        day_run(0, 1, flags=("fever",), week=3),
        day_run(2, 1, flags=("fever",), week=4),
        day_run(4, 1, flags=("back-lump",), week=5),
    ]
    assert guidance_for(runs).reason == (
        "After W3R1, W4R1 and W5R1 you answered yes to 2 red-flag question(s); these need a "
        "doctor before any more running."
    )


def test_nothing_recorded_without_a_next_workout_says_the_next_run() -> None:
    from couchtimer.core.demo import make_run
    from tests.helpers.runs import week_workout

    silent = make_run(1, "nhs-c25k", week_workout(4), START)
    guidance = guidance_for([silent])
    assert (guidance.rule, guidance.suggestion) == (Rule.NOTHING_RECORDED, "Go on to the next run.")


# --- a "see a GP or physio" that still stands (rule held) ------------------------------------


def test_a_hold_from_three_runs_with_the_same_pain_ten_days_apart_stands() -> None:
    """Knee pain 3/10 on days 0, 10 and 20 (three in a row, however far apart), then a
    pain-free run: one pain-free run does not release the hold."""
    runs = [day_run(day, 3, KNEE) for day in (0, 10, 20)]
    assert rule_of(runs) == (Action.REST, Rule.THREE_IN_A_ROW)
    assert rule_of([*runs, day_run(21)]) == (Action.REST, Rule.HELD)


def test_a_hold_from_a_rise_over_two_weeks_of_runs_stands() -> None:
    """2/10 on days 0, 2 and 4, then 3/10 on days 8, 10 and 12 (a rise of exactly 1 point),
    then a pain-free run: the rise, seen over all six runs, still holds."""
    earlier = [day_run(day, 2, region) for day, region in ((0, KNEE), (2, SHIN), (4, CALF))]
    later = [day_run(day, 3, region) for day, region in ((8, FOOT), (10, HIP), (12, KNEE))]
    assert rule_of([*earlier, *later]) == (Action.REST, Rule.RISING)
    assert rule_of([*earlier, *later, day_run(13)]) == (Action.REST, Rule.HELD)


def test_a_hold_is_cleared_only_by_being_seen_after_the_run_started() -> None:
    """Seen at the very moment the 6/10 run started is not after it: the hold stands."""
    runs = [day_run(0, 6, KNEE), day_run(1)]
    at_start = runs[0].started_at
    assert guidance_for(runs, cleared_at=at_start).rule is Rule.HELD
    assert guidance_for(runs, cleared_at=at_start + timedelta(seconds=1)).rule is Rule.PROGRESS


@pytest.mark.parametrize(("morning", "rule"), [(2, Rule.PROGRESS), (3, Rule.MORNING)])
def test_a_morning_of_exactly_2_of_10_settles_a_hold(morning: int, rule: Rule) -> None:
    """Silbernagel 2007: settled by the next morning means back to 0-2/10."""
    assert guidance_for([day_run(0, 6, KNEE), day_run(1, morning=morning)]).rule is rule


def test_a_naive_time_of_being_seen_is_refused() -> None:
    with pytest.raises(ValueError, match="cleared_at needs a timezone, not a naive"):
        guidance_for([day_run(0, 6, KNEE)], cleared_at=datetime(2026, 3, 2, 12, 0))
