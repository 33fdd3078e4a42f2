"""The advice log: each suggestion shown is kept once, and a hold gives way only when the rule
that lifts it is met, named in the log."""

from __future__ import annotations

from datetime import timedelta

import pytest

from couchtimer.core.advice import AdviceEntry, entry_words, in_force, lifted_by, to_log
from couchtimer.core.guidance import Action, Guidance, Rule
from couchtimer.core.history import RunRecord
from couchtimer.core.pain import Region
from tests.helpers.runs import START, day_run

REST = Guidance(Action.REST, Rule.OVER_LIMIT, "Rest, and see a GP.", "Pain reached 6/10.")
URGENT = Guidance(Action.URGENT, Rule.RED_FLAGS, "Seek urgent help.", "Red flags.")
STEP = Guidance(Action.STEP_BACK, Rule.TWO_IN_A_ROW, "Step back a week.", "Two in a row.")
REPEAT = Guidance(Action.REPEAT, Rule.ACCEPTABLE, "Repeat W4R1.", "4/10.")
GO_ON = Guidance(Action.PROGRESS, Rule.PROGRESS, "Go on to W4R2.", "0/10.")
SHOWN = START + timedelta(days=1)  # the evening after the first run


def hold(guidance: Guidance, run: RunRecord) -> AdviceEntry:
    return AdviceEntry(
        SHOWN, guidance.action, guidance.rule, guidance.suggestion, guidance.reason, run.uuid,
        run.code,
    )  # fmt: skip


FIRST = day_run(0, 6, Region.LOWER_BACK)


def test_the_first_suggestion_is_logged_with_its_rule_evidence_and_run() -> None:
    entry = to_log(None, REST, [FIRST], SHOWN)
    assert entry == AdviceEntry(
        SHOWN, Action.REST, Rule.OVER_LIMIT, "Rest, and see a GP.", "Pain reached 6/10.",
        FIRST.uuid, "W4R1", "",
    )  # fmt: skip
    assert to_log(None, GO_ON, [], SHOWN) == AdviceEntry(
        SHOWN, Action.PROGRESS, Rule.PROGRESS, "Go on to W4R2.", "0/10."
    )


def test_the_same_suggestion_about_the_same_run_is_logged_once() -> None:
    last = to_log(None, REPEAT, [FIRST], SHOWN)
    assert to_log(last, REPEAT, [FIRST], SHOWN + timedelta(hours=1)) is None
    later = day_run(2, 4)
    assert to_log(last, REPEAT, [FIRST, later], SHOWN + timedelta(days=2)) is not None
    changed = Guidance(Action.REPEAT, Rule.UNRATED, "Repeat W4R1.", "Unrated.")
    assert to_log(last, changed, [FIRST], SHOWN) is not None


@pytest.mark.parametrize("stronger", [REST, URGENT, STEP])
def test_a_stronger_suggestion_follows_at_once(stronger: Guidance) -> None:
    last = to_log(None, REPEAT, [FIRST], SHOWN)
    entry = to_log(last, stronger, [FIRST], SHOWN)
    assert entry is not None
    assert (entry.action, entry.lifted) == (stronger.action, "")
    assert in_force(last, stronger, [FIRST]) is stronger


@pytest.mark.parametrize("weaker", [STEP, REPEAT, GO_ON])
def test_a_weaker_suggestion_never_silently_replaces_a_hold(weaker: Guidance) -> None:
    """Nothing lifts the rest: it stays in force, said as still standing, and nothing is logged."""
    last = hold(REST, FIRST)
    shown = in_force(last, weaker, [FIRST, day_run(2, 1)])
    assert (shown.action, shown.rule, shown.suggestion) == (Action.REST, Rule.HELD, REST.suggestion)
    assert shown.reason == (
        "Shown since 3 Mar 2026: Pain reached 6/10. It stands until you record 2 pain-free runs, "
        "a morning check-in settles at 0-2/10, or a doctor or physio has seen you."
    )
    assert to_log(last, weaker, [FIRST, day_run(2, 1)], SHOWN) is None


def test_an_urgent_hold_stands_until_a_doctor_or_physio_has_seen_the_runner() -> None:
    last = hold(URGENT, FIRST)
    runs = [FIRST, day_run(1, 0, morning=0), day_run(2, 0), day_run(3, 0)]
    shown = in_force(last, GO_ON, runs)
    assert (shown.action, shown.rule) == (Action.URGENT, Rule.RED_FLAGS)
    assert shown.reason == (
        "Shown since 3 Mar 2026: Red flags. It stands until a doctor or physio has seen you."
    )
    before = SHOWN - timedelta(seconds=1)
    assert lifted_by(last, runs, before) is None  # confirmed before it was shown: not since
    assert lifted_by(last, runs, SHOWN) is not None  # at the moment it was shown
    seen = SHOWN + timedelta(seconds=1)
    assert (
        lifted_by(last, runs, seen)
        == "you confirmed being seen by a doctor or physio on 3 Mar 2026"
    )
    entry = to_log(last, GO_ON, runs, seen, cleared_at=seen)
    assert entry is not None
    assert entry.lifted == (
        "Replaces “Seek urgent help.” (3 Mar 2026): lifted because you confirmed being seen by a "
        "doctor or physio on 3 Mar 2026."
    )


@pytest.mark.parametrize(
    ("runs", "lifted"),
    [
        ([FIRST], None),
        ([day_run(0, 6, morning=2)],
         "the morning check-in after W4R1 settled at 2/10 (0-2/10)"),
        ([day_run(0, 6, morning=3)], None),
        ([FIRST, day_run(1, 3, morning=1)], "the morning check-in after W4R1 settled at 1/10 (0-2/10)"),
        ([FIRST, day_run(1, 0)], None),
        ([FIRST, day_run(1, 0), day_run(2, 0)], "2 pain-free runs since (W4R1, W4R1)"),
        ([FIRST, day_run(1, 0), day_run(2, 3), day_run(3, 0)], "2 pain-free runs since (W4R1, W4R1)"),
    ],
)  # fmt: skip
def test_what_lifts_a_rest(runs: list[RunRecord], lifted: str | None) -> None:
    """A settled check-in (0-2/10) on its run or later, or 2 pain-free runs after it."""
    last = hold(REST, runs[0])
    assert lifted_by(last, runs, None) == lifted


def test_a_hold_whose_run_is_not_in_this_history_counts_runs_after_it_was_shown() -> None:
    last = AdviceEntry(SHOWN, Action.REST, Rule.OVER_LIMIT, "Rest.", "6/10.", "gone", "W4R1")
    assert lifted_by(last, [day_run(0, 0), day_run(0.5, 0)], None) is None  # before it was shown
    assert lifted_by(last, [day_run(2, 0), day_run(3, 0)], None) == (
        "2 pain-free runs since (W4R1, W4R1)"
    )
    assert lifted_by(last, [day_run(2, 4, morning=0)], None) == (
        "the morning check-in after W4R1 settled at 0/10 (0-2/10)"
    )


def test_a_lifted_rest_is_logged_naming_what_lifted_it() -> None:
    last = hold(REST, FIRST)
    runs = [FIRST, day_run(2, 0), day_run(3, 0)]
    entry = to_log(last, GO_ON, runs, SHOWN + timedelta(days=3))
    assert entry is not None
    assert entry.lifted == (
        "Replaces “Rest, and see a GP.” (3 Mar 2026): lifted because 2 pain-free runs since "
        "(W4R1, W4R1)."
    )
    assert entry_words(entry) == (
        "6 Mar 2026 after W4R1: Go on to W4R2. (progress) Replaces “Rest, and see a GP.” "
        "(3 Mar 2026): lifted because 2 pain-free runs since (W4R1, W4R1)."
    )


def test_an_equal_hold_follows_without_a_lift() -> None:
    """A rest after a rest (say, rule held) is logged; it lifts nothing."""
    last = hold(REST, FIRST)
    held = Guidance(Action.REST, Rule.HELD, "Rest, and see a GP.", "Still.")
    entry = to_log(last, held, [FIRST, day_run(2, 2)], SHOWN)
    assert entry is not None
    assert (entry.rule, entry.lifted) == (Rule.HELD, "")


def test_rows_round_trip_and_times_need_a_timezone() -> None:
    entry = AdviceEntry(SHOWN, Action.REST, Rule.HELD, "Rest.", "Why.", "u", "W4R1", "Lifted.")
    assert AdviceEntry.from_row(entry.to_row()) == entry
    assert entry.to_row()["at"] == "2026-03-03T07:30:00.000000+00:00"
    assert entry_words(AdviceEntry(SHOWN, Action.PROGRESS, Rule.NO_RUNS, "Start.", "")) == (
        "3 Mar 2026: Start. (no-runs)"
    )
    with pytest.raises(ValueError, match="naive"):
        AdviceEntry(SHOWN.replace(tzinfo=None), Action.REST, Rule.HELD, "Rest.", "Why.")
    with pytest.raises(ValueError, match="suggestion must be text"):
        AdviceEntry.from_row({**entry.to_row(), "suggestion": 3})
