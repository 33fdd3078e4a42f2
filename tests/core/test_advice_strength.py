"""Which suggestion is stronger (issue 23): an urgent hold is never replaced by a rest, and a
rest never by a step back; only their order matters (advice.STRENGTH)."""

from __future__ import annotations

from datetime import timedelta

from couchtimer.core.advice import AdviceEntry, in_force
from couchtimer.core.guidance import Action, Guidance, Rule
from couchtimer.core.pain import Region
from tests.helpers.runs import START, day_run

REST = Guidance(Action.REST, Rule.OVER_LIMIT, "Rest, and see a GP.", "Pain reached 6/10.")
URGENT = Guidance(Action.URGENT, Rule.RED_FLAGS, "Seek urgent help.", "Red flags.")
STEP = Guidance(Action.STEP_BACK, Rule.TWO_IN_A_ROW, "Step back a week.", "Two in a row.")
FIRST = day_run(0, 6, Region.LOWER_BACK)
SHOWN = START + timedelta(days=1)


def held(guidance: Guidance) -> AdviceEntry:
    return AdviceEntry(
        SHOWN, guidance.action, guidance.rule, guidance.suggestion, guidance.reason, FIRST.uuid,
        FIRST.code,
    )  # fmt: skip


def test_a_rest_never_replaces_an_urgent_hold() -> None:
    shown = in_force(held(URGENT), REST, [FIRST])
    assert (shown.action, shown.rule) == (Action.URGENT, Rule.RED_FLAGS)


def test_a_step_back_never_replaces_a_rest() -> None:
    shown = in_force(held(REST), STEP, [FIRST])
    assert (shown.action, shown.rule) == (Action.REST, Rule.HELD)


def test_an_urgent_suggestion_replaces_a_rest_at_once() -> None:
    assert in_force(held(REST), URGENT, [FIRST]) is URGENT
