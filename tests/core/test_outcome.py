"""``core.outcome``: how a run ended, from its segments' kinds and each visit's end (the one rule
the engine, the history, Today and the PDF share), and the engine names the same objects."""

from __future__ import annotations

import pytest

from couchtimer.core import engine, outcome
from couchtimer.core.outcome import RunOutcome, SegmentEnd, outcome_of
from couchtimer.core.programme import SegmentKind

W, R, K, C = SegmentKind.WARMUP, SegmentKind.RUN, SegmentKind.WALK, SegmentKind.COOLDOWN
DONE, SKIP, BACK, STOP = (
    SegmentEnd.COMPLETED,
    SegmentEnd.SKIPPED,
    SegmentEnd.RESTARTED,
    SegmentEnd.ENDED_EARLY,
)
PLAN = (W, R, K, R, C)


@pytest.mark.parametrize(
    ("visits", "expected"),
    [
        # every segment run to its end: completed
        ([(0, DONE), (1, DONE), (2, DONE), (3, DONE), (4, DONE)], RunOutcome.COMPLETED),
        # a segment left by "back", then run again to its end: still completed
        ([(0, DONE), (1, BACK), (1, DONE), (2, DONE), (3, DONE), (4, DONE)], RunOutcome.COMPLETED),
        # the cool-down run to its end, a walk skipped: completed with skips
        ([(0, DONE), (1, DONE), (2, SKIP), (3, DONE), (4, DONE)], RunOutcome.COMPLETED_WITH_SKIPS),
        # every run segment done, the cool-down cut short: completed with skips
        ([(0, DONE), (1, DONE), (2, DONE), (3, DONE), (4, STOP)], RunOutcome.COMPLETED_WITH_SKIPS),
        # one run segment short of that: ended early
        ([(0, DONE), (1, DONE), (2, DONE), (3, SKIP), (4, STOP)], RunOutcome.ENDED_EARLY),
        ([(0, DONE), (1, DONE), (2, DONE), (3, STOP)], RunOutcome.ENDED_EARLY),
        ([], RunOutcome.ENDED_EARLY),
    ],
)
def test_how_a_run_ended(visits: list[tuple[int, SegmentEnd]], expected: RunOutcome) -> None:
    assert outcome_of(PLAN, visits) is expected


def test_a_plan_without_run_segments_needs_every_segment_or_its_last() -> None:
    walks = (W, K, C)
    assert outcome_of(walks, [(0, DONE), (1, DONE), (2, DONE)]) is RunOutcome.COMPLETED
    assert outcome_of(walks, [(0, SKIP), (1, DONE), (2, DONE)]) is (RunOutcome.COMPLETED_WITH_SKIPS)
    assert outcome_of(walks, [(0, DONE), (1, DONE), (2, STOP)]) is RunOutcome.ENDED_EARLY


def test_visits_outside_the_plan_stand_in_for_no_segment() -> None:
    """Every segment of the plan counts, the first and the last included; a visit to an index
    the plan does not have (a hostile or older file) neither completes nor spoils a run."""
    every = [(i, DONE) for i in range(5)]
    assert outcome_of(PLAN, [*every, (5, DONE), (-1, DONE)]) is RunOutcome.COMPLETED
    assert outcome_of(PLAN, [(i, DONE) for i in range(1, 6)]) is RunOutcome.COMPLETED_WITH_SKIPS
    # the cool-down (the last) short, a run segment missing, its place taken by index 5: early
    assert outcome_of(PLAN, [(0, DONE), (1, DONE), (2, DONE), (5, DONE)]) is RunOutcome.ENDED_EARLY
    # the warm-up (the first) missing, every other segment run: completed with skips
    assert outcome_of(PLAN, every[1:]) is RunOutcome.COMPLETED_WITH_SKIPS


@pytest.mark.parametrize(
    ("kind", "ended", "expected"),
    [
        (R, DONE, RunOutcome.COMPLETED),
        (R, STOP, RunOutcome.ENDED_EARLY),
        (K, DONE, RunOutcome.COMPLETED),
        (K, SKIP, RunOutcome.ENDED_EARLY),
    ],
)
def test_a_one_segment_plan(kind: SegmentKind, ended: SegmentEnd, expected: RunOutcome) -> None:
    """At the smallest plan, its only segment is the first, the last and (a run) the one needed."""
    assert outcome_of((kind,), [(0, ended)]) is expected


def test_no_segments_is_ended_early() -> None:
    assert outcome_of((), [(0, DONE)]) is RunOutcome.ENDED_EARLY


def test_finished_is_completed_with_or_without_skips() -> None:
    assert [o.finished for o in RunOutcome] == [True, True, False]
    assert [str(o) for o in RunOutcome] == ["completed", "completed with skips", "ended early"]
    assert [e.value for e in SegmentEnd] == ["completed", "skipped", "restarted", "ended-early"]


def test_the_engine_names_the_same_rule_not_a_copy() -> None:
    assert engine.RunOutcome is outcome.RunOutcome
    assert engine.SegmentEnd is outcome.SegmentEnd
    assert engine.outcome_of is outcome.outcome_of
