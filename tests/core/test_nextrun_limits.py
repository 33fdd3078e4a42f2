"""Next run at its edges: only unfinished runs, a run the programme no longer has, stepping
back from week 1, a programme with a gap in its weeks."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from couchtimer.core.demo import MarkAt, make_run
from couchtimer.core.guidance import Action
from couchtimer.core.history import RunRecord
from couchtimer.core.nextrun import next_run
from couchtimer.core.pain import PainReport
from couchtimer.core.programme import Programme, Segment, SegmentKind, Workout

START = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
SEGMENTS = (Segment(SegmentKind.WALK, 60), Segment(SegmentKind.RUN, 60))
# Weeks 1, 2 and 4 (no week 3), two runs each, listed out of order.
PLAN = Programme(
    "plan", "Plan",
    tuple(Workout(week, run, SEGMENTS) for week in (4, 1, 2) for run in (2, 1)),
)  # fmt: skip


def ran(day: int, week: int, run: int, pain: int = 0, *, early: bool = False) -> RunRecord:
    workout = Workout(week, run, SEGMENTS)
    marks = [MarkAt(1, 10, pain)] if pain else []
    report = PainReport(False, worst_during=pain) if pain else PainReport(True)
    return make_run(
        day, "plan", workout, START + timedelta(days=day), marks, report,
        stop_after=0 if early else None,
    )  # fmt: skip


def code(runs: list[RunRecord], start_week: int | None = None) -> str:
    return next_run(PLAN, runs, start_week=start_week).code


def test_with_only_unfinished_runs_the_latest_is_offered_again() -> None:
    assert code([ran(1, 1, 1, early=True), ran(2, 1, 2, early=True)]) == "W1R2"
    assert code([ran(2, 1, 2, early=True), ran(1, 2, 1, early=True)]) == "W1R2"


def test_a_finished_run_the_programme_does_not_have_is_not_where_the_runner_is() -> None:
    """W3R1 (not in the plan) finished after W1R1: next is still W1R2."""
    assert code([ran(1, 1, 1), ran(2, 3, 1)]) == "W1R2"
    assert code([ran(2, 3, 1)], start_week=2) == "W2R1"


def test_after_the_last_run_the_last_run_again() -> None:
    assert code([ran(1, 4, 2)]) == "W4R2"
    assert code([ran(1, 2, 2)]) == "W4R1"


def test_the_nearest_week_the_programme_has_starts_with_its_first_run() -> None:
    assert [code([], start_week=week) for week in (1, 2, 3, 4, 9)] == [
        "W1R1", "W2R1", "W2R1", "W4R1", "W4R1",
    ]  # fmt: skip


def test_stepping_back_from_week_1_stays_in_week_1() -> None:
    runs = [ran(1, 1, 1, 3), ran(2, 1, 2, 4)]
    following = next_run(PLAN, runs)
    assert following.guidance.action is Action.STEP_BACK
    assert following.code == "W1R1"
    runs = [ran(1, 4, 1, 3), ran(2, 4, 2, 4)]
    assert next_run(PLAN, runs).code == "W2R1"  # week 3 is not in the plan: the nearest below


def test_a_run_of_another_workout_with_the_same_code_is_found_by_week_and_run() -> None:
    other = replace(ran(1, 2, 1), programme_id="other")
    assert code([ran(1, 1, 1), other]) == "W1R2"
