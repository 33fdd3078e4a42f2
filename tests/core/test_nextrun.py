"""Which run comes next (issue 12, defect 3): one rule for Today, the app's start and the CLI."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from couchtimer.core.demo import MarkAt, make_run
from couchtimer.core.guidance import Action, Rule
from couchtimer.core.history import RunRecord
from couchtimer.core.nextrun import next_run
from couchtimer.core.pain import BodyArea, PainReport, Region, Side
from couchtimer.programmes import resolve_programme

C25K = resolve_programme("nhs-c25k")
START = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def done(
    day: int,
    code: str,
    pain: int = 0,
    *,
    early: bool = False,
    flags: tuple[str, ...] = (),
    programme_id: str = "nhs-c25k",
    report: bool = True,
) -> RunRecord:
    week, run = int(code[1]), int(code[3])
    workout = C25K.workout(week, run)
    run_segment = next(i for i, s in enumerate(workout.segments) if s.kind == "run")
    marks = [MarkAt(run_segment, 30, pain)] if pain else []
    said = (
        PainReport(
            False,
            areas=(BodyArea(Region.LOWER_BACK, Side.CENTRE),),
            worst_during=pain or None,
            red_flags_yes=flags,
        )
        if pain or flags
        else PainReport(True)
    )
    return make_run(
        day,
        programme_id,
        workout,
        START + timedelta(days=day),
        marks,
        said if report else None,
        stop_after=run_segment if early else None,
    )


def test_a_runner_new_to_the_app_in_week_4_gets_the_week_after_their_last_run() -> None:
    """W4R1, W4R2, W4R3 done here (W1-W3 never recorded): next is W5R1, not W1R1."""
    runs = [done(1, "W4R1"), done(3, "W4R2"), done(5, "W4R3")]
    chosen = next_run(C25K, runs)
    assert (chosen.code, chosen.guidance.rule, chosen.guidance.suggestion) == (
        "W5R1",
        Rule.PROGRESS,
        "Go on to W5R1.",
    )


@pytest.mark.parametrize(
    ("start_week", "code"), [(None, "W1R1"), (4, "W4R1"), (9, "W9R1"), (12, "W9R1")]
)
def test_with_nothing_recorded_the_week_the_runner_says_they_are_in(
    start_week: int | None, code: str
) -> None:
    chosen = next_run(C25K, [], start_week=start_week)
    assert (chosen.code, chosen.guidance.rule) == (code, Rule.NO_RUNS)
    assert chosen.guidance.suggestion == f"Start with {code} when you are ready."


def test_the_start_week_is_only_for_a_programme_with_nothing_recorded() -> None:
    assert next_run(C25K, [done(1, "W4R1")], start_week=2).code == "W4R2"


@pytest.mark.parametrize(
    ("runs", "code", "action"),
    [
        pytest.param([done(1, "W4R1"), done(3, "W4R2", 4)], "W4R2", Action.REPEAT, id="repeat"),
        pytest.param(
            [done(1, "W4R1", 3), done(3, "W4R2", 4)], "W3R1", Action.STEP_BACK, id="step back"
        ),
        pytest.param([done(1, "W4R2"), done(3, "W4R3", 6)], "W4R3", Action.REST, id="rest"),
        pytest.param(
            [done(1, "W4R1"), done(3, "W4R2", 2, flags=("fever",))],
            "W4R2",
            Action.URGENT,
            id="red flags: start anyway starts the run shown",
        ),
        pytest.param(
            [done(1, "W4R1"), done(3, "W4R2", early=True)], "W4R2", Action.REPEAT, id="ended early"
        ),
        pytest.param([done(1, "W9R3")], "W9R3", Action.PROGRESS, id="after the last run"),
    ],
)
def test_next_follows_the_guidance_beside_it(
    runs: list[RunRecord], code: str, action: Action
) -> None:
    chosen = next_run(C25K, runs)
    assert (chosen.code, chosen.guidance.action) == (code, action)
    if action in (Action.REPEAT, Action.STEP_BACK):
        assert f"week {chosen.week}" in chosen.guidance.suggestion or (
            chosen.code in chosen.guidance.suggestion
        )


def test_an_abandoned_run_after_see_a_gp_keeps_rest_and_offers_that_run_again() -> None:
    runs = [done(1, "W4R3", 6), done(3, "W4R1", report=False, early=True)]
    chosen = next_run(C25K, runs)
    assert (chosen.code, chosen.guidance.rule) == ("W4R1", Rule.HELD)


def test_other_programmes_runs_do_not_move_next_but_their_red_flags_hold() -> None:
    """A red flag after another programme's run holds this one too: no step on until seen."""
    other = done(1, "W6R1", 2, flags=("fever",), programme_id="my-own-plan")
    chosen = next_run(C25K, [done(0, "W4R1"), other])
    assert (chosen.code, chosen.guidance.action) == ("W4R1", Action.URGENT)
    seen = next_run(C25K, [done(0, "W4R1"), other], cleared_at=START + timedelta(days=2))
    assert (seen.code, seen.guidance.action) == ("W4R2", Action.PROGRESS)


def test_json_is_what_today_shows() -> None:
    chosen = next_run(C25K, [done(1, "W4R3")])
    assert chosen.to_json() == {
        "programme": "nhs-c25k",
        "week": 5,
        "run": 1,
        "code": "W5R1",
        "advice": {
            "action": "progress",
            "suggestion": "Go on to W5R1.",
            "reason": "Pain was 0/10 on W4R3: 0-2 is fine.",
        },
    }


def test_a_report_is_pending_for_the_latest_run_until_done_or_dismissed() -> None:
    from dataclasses import replace

    from couchtimer.core.nextrun import pending_report

    later = done(3, "W4R1", report=False)
    assert pending_report([done(1, "W3R3"), later], "") == later
    assert pending_report([later, done(5, "W4R2")], "") is None  # only the latest run
    assert pending_report([later], dismissed=later.uuid) is None
    assert pending_report([later], dismissed="demo-nhs-c25k-000001") == later  # another run's
    assert pending_report([replace(later, report=PainReport(True))], "") is None
    assert pending_report([replace(later, ended_at=None)], "") is None  # still in progress
    assert pending_report([], "") is None
