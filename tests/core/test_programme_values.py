"""Segment, Workout and Programme behave as the frozen, slotted dataclasses they were: the same
constructor, equal and hashed by the same fields, shown the same way, copied and pickled, never
changed. They are written out by hand so that the app's first frame does not make three
dataclasses (benchmarks/startup.py); these tests hold every one of those behaviours."""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError
from typing import Any

import pytest

from couchtimer.core.programme import (
    MAX_SEGMENT_SECONDS,
    Programme,
    Segment,
    SegmentKind,
    Workout,
)

RUN, WALK, WARMUP = SegmentKind.RUN, SegmentKind.WALK, SegmentKind.WARMUP
JOG = Segment(RUN, 60, "Easy")
REST = Segment(WALK, 90)
W1R1 = Workout(1, 1, (JOG, REST))
PLAN = Programme("plan", "Plan", (W1R1,), "Nine weeks", "nhs.uk", "/plans/plan.toml")


def test_segment_takes_kind_seconds_and_label_in_order_or_by_name() -> None:
    """Positional or by keyword, the same three fields; the label may be left out (empty)."""
    assert (JOG.kind, JOG.seconds, JOG.label) == (RUN, 60, "Easy")
    by_name = Segment(label="Easy", seconds=60, kind=RUN)
    assert (by_name.kind, by_name.seconds, by_name.label) == (RUN, 60, "Easy")
    assert (REST.kind, REST.seconds, REST.label) == (WALK, 90, "")
    assert Segment.__match_args__ == ("kind", "seconds", "label")


@pytest.mark.parametrize("seconds", [1, 2, MAX_SEGMENT_SECONDS - 1, MAX_SEGMENT_SECONDS])
def test_segment_takes_one_second_up_to_four_hours(seconds: int) -> None:
    assert Segment(RUN, seconds).seconds == seconds


@pytest.mark.parametrize("seconds", [-1, 0, MAX_SEGMENT_SECONDS + 1])
def test_segment_refuses_a_duration_outside_one_second_to_four_hours(seconds: int) -> None:
    with pytest.raises(ValueError, match="outside") as caught:
        Segment(RUN, seconds)
    assert str(caught.value) == f"segment duration {seconds} s is outside 1..14400"


def test_workout_takes_week_run_and_segments_in_order_or_by_name() -> None:
    assert (W1R1.week, W1R1.run, W1R1.segments) == (1, 1, (JOG, REST))
    by_name = Workout(segments=(REST,), run=3, week=2)
    assert (by_name.week, by_name.run, by_name.segments) == (2, 3, (REST,))
    assert Workout.__match_args__ == ("week", "run", "segments")


def test_workout_refuses_no_segments() -> None:
    with pytest.raises(ValueError, match="segment") as caught:
        Workout(1, 1, ())
    assert str(caught.value) == "a workout needs at least one segment"


def test_workout_counts_its_runs_only() -> None:
    """Warm-up and walks are not runs: "Run 2 of 2" counts run segments alone."""
    workout = Workout(1, 1, (Segment(WARMUP, 300), JOG, REST, JOG, REST))
    assert [workout.run_ordinal(i) for i in range(5)] == [None, (1, 2), None, (2, 2), None]
    alone = Workout(1, 1, (JOG,))
    assert alone.run_ordinal(0) == (1, 1)
    walking = Workout(1, 1, (REST, REST))
    assert [walking.run_ordinal(i) for i in range(2)] == [None, None]


def test_programme_takes_its_fields_in_order_or_by_name() -> None:
    assert (PLAN.id, PLAN.name, PLAN.workouts) == ("plan", "Plan", (W1R1,))
    assert (PLAN.description, PLAN.source, PLAN.origin) == (
        "Nine weeks",
        "nhs.uk",
        "/plans/plan.toml",
    )
    bare = Programme(workouts=(W1R1,), name="Plan", id="plan")
    assert (bare.id, bare.name, bare.workouts) == ("plan", "Plan", (W1R1,))
    assert (bare.description, bare.source, bare.origin) == ("", "", "")
    assert Programme.__match_args__ == (
        "id", "name", "workouts", "description", "source", "origin",
    )  # fmt: skip


def test_values_show_every_field_as_a_dataclass_does() -> None:
    """The workout's run count is its own bookkeeping and not shown."""
    assert repr(REST) == "Segment(kind=<SegmentKind.WALK: 'walk'>, seconds=90, label='')"
    jog = "Segment(kind=<SegmentKind.RUN: 'run'>, seconds=60, label='Easy')"
    assert repr(JOG) == jog
    rest = repr(REST)
    assert repr(W1R1) == f"Workout(week=1, run=1, segments=({jog}, {rest}))"
    assert repr(PLAN) == (
        f"Programme(id='plan', name='Plan', workouts=({W1R1!r},), description='Nine weeks', "
        "source='nhs.uk', origin='/plans/plan.toml')"
    )


SAME_AND_DIFFERENT: list[tuple[object, object, list[object]]] = [
    (JOG, Segment(RUN, 60, "Easy"), [Segment(WALK, 60, "Easy"), Segment(RUN, 61, "Easy"),
                                     Segment(RUN, 60, "Steady")]),
    (W1R1, Workout(1, 1, (Segment(RUN, 60, "Easy"), Segment(WALK, 90))),
     [Workout(2, 1, (JOG, REST)), Workout(1, 2, (JOG, REST)), Workout(1, 1, (JOG,))]),
    (PLAN, Programme("plan", "Plan", (W1R1,), "Nine weeks", "nhs.uk", "elsewhere"),
     [Programme("other", "Plan", (W1R1,), "Nine weeks", "nhs.uk", "/plans/plan.toml"),
      Programme("plan", "Other", (W1R1,), "Nine weeks", "nhs.uk", "/plans/plan.toml"),
      Programme("plan", "Plan", (W1R1, Workout(1, 2, (JOG,))), "Nine weeks", "nhs.uk",
                "/plans/plan.toml"),
      Programme("plan", "Plan", (W1R1,), "Six weeks", "nhs.uk", "/plans/plan.toml"),
      Programme("plan", "Plan", (W1R1,), "Nine weeks", "other", "/plans/plan.toml")]),
]  # fmt: skip


@pytest.mark.parametrize(("value", "same", "different"), SAME_AND_DIFFERENT)
def test_equal_by_every_compared_field(
    value: object, same: object, different: list[object]
) -> None:
    """Equal values hash alike (so they stay one key); a change in any compared field is another
    value. A programme's origin (the file it came from) is not compared."""
    assert value is not same
    assert value == same
    assert not value != same  # noqa: SIM202 (the operator itself is under test)
    assert hash(value) == hash(same)
    assert len({value, same}) == 1
    for other in different:
        assert value != other
        assert not value == other  # noqa: SIM201
    assert len({value, *different}) == 1 + len(different)


def test_hash_is_the_hash_of_the_compared_fields() -> None:
    """As a frozen dataclass hashes: the tuple of its compared fields, in order."""
    assert hash(JOG) == hash((RUN, 60, "Easy"))
    assert hash(W1R1) == hash((1, 1, (JOG, REST)))
    assert hash(PLAN) == hash(("plan", "Plan", (W1R1,), "Nine weeks", "nhs.uk"))


@pytest.mark.parametrize(
    ("value", "fields"),
    [(JOG, (RUN, 60, "Easy")), (W1R1, (1, 1, (JOG, REST))), (PLAN, ("plan", "Plan", (W1R1,)))],
)
def test_never_equal_to_another_type(value: Any, fields: tuple[object, ...]) -> None:
    """Not even to a tuple of the same fields: the other side is asked instead."""
    assert value.__eq__(fields) is NotImplemented
    assert value.__eq__(object()) is NotImplemented
    assert value != fields
    assert value != (*fields, "", "", "")


@pytest.mark.parametrize("value", [JOG, W1R1, PLAN])
def test_no_field_can_be_changed_or_removed(value: Any) -> None:
    """FrozenInstanceError, the frozen dataclass's error, for a field or any other name."""
    kept = repr(value)
    for name in ("seconds", "week", "name", "label", "_ordinals", "anything"):
        with pytest.raises(FrozenInstanceError) as assigned:
            setattr(value, name, 5)
        assert str(assigned.value) == f"cannot assign to field {name!r}"
        with pytest.raises(FrozenInstanceError) as deleted:
            delattr(value, name)
        assert str(deleted.value) == f"cannot delete field {name!r}"
    assert repr(value) == kept
    assert not hasattr(value, "__dict__")  # slotted: no room for anything else


@pytest.mark.parametrize(
    ("value", "reduced"),
    [
        (JOG, (Segment, (RUN, 60, "Easy"))),
        (W1R1, (Workout, (1, 1, (JOG, REST)))),
        (PLAN, (Programme, ("plan", "Plan", (W1R1,), "Nine weeks", "nhs.uk", "/plans/plan.toml"))),
    ],
)
def test_copies_and_pickles_are_made_through_the_constructor(
    value: Any, reduced: tuple[object, ...]
) -> None:
    """Every field survives, the origin too, and a copied workout still counts its runs."""
    assert value.__reduce__() == reduced
    pickled = pickle.loads(pickle.dumps(value))  # noqa: S301 (our own bytes)
    for again in (copy.copy(value), copy.deepcopy(value), pickled):
        assert type(again) is type(value)
        assert again == value
        assert repr(again) == repr(value)
    workout = pickle.loads(pickle.dumps(Workout(1, 1, (REST, JOG, JOG))))  # noqa: S301
    assert [workout.run_ordinal(i) for i in range(3)] == [None, (1, 2), (2, 2)]


def test_values_match_by_their_fields() -> None:
    """`match` reads the same fields, in the same order, as the dataclasses did."""
    match PLAN:
        case Programme(pid, name, (Workout(week, run, (Segment(kind, seconds, label), _)),)):
            assert (pid, name, week, run, kind, seconds, label) == (
                "plan", "Plan", 1, 1, RUN, 60, "Easy",
            )  # fmt: skip
        case _:
            pytest.fail("no match")
