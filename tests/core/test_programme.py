"""Programme files: the shipped NHS plan and every validation rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from couchtimer.core.errors import ProgrammeError
from couchtimer.core.programme import (
    MAX_WORKOUT_SECONDS,
    Programme,
    Segment,
    SegmentKind,
    Workout,
    load_programme,
    parse_duration,
    parse_programme,
)

ROOT = Path(__file__).resolve().parents[2]
NHS = ROOT / "assets" / "programmes" / "nhs-c25k.toml"
BAD = ROOT / "tests" / "data" / "programmes"

M = 60
# The NHS Couch to 5K plan as published (nhs.uk "Couch to 5K running plan"), written out by hand:
# (run, walk) pairs between the 5-minute warm-up and the 5-minute cool-down.
NHS_TABLE: dict[tuple[int, int], list[tuple[str, int]]] = {}
for run in (1, 2, 3):
    NHS_TABLE[(1, run)] = [("run", 60), ("walk", 90)] * 8
    NHS_TABLE[(2, run)] = [("run", 90), ("walk", 2 * M)] * 6
    NHS_TABLE[(3, run)] = [("run", 90), ("walk", 90), ("run", 3 * M), ("walk", 3 * M)] * 2
    NHS_TABLE[(4, run)] = [
        ("run", 3 * M), ("walk", 90), ("run", 5 * M), ("walk", 150),
        ("run", 3 * M), ("walk", 90), ("run", 5 * M),
    ]  # fmt: skip
    NHS_TABLE[(7, run)] = [("run", 25 * M)]
    NHS_TABLE[(8, run)] = [("run", 28 * M)]
    NHS_TABLE[(9, run)] = [("run", 30 * M)]
NHS_TABLE[(5, 1)] = [("run", 5 * M), ("walk", 3 * M)] * 2 + [("run", 5 * M)]
NHS_TABLE[(5, 2)] = [("run", 8 * M), ("walk", 5 * M), ("run", 8 * M)]
NHS_TABLE[(5, 3)] = [("run", 20 * M)]
NHS_TABLE[(6, 1)] = [
    ("run", 5 * M), ("walk", 3 * M), ("run", 8 * M), ("walk", 3 * M), ("run", 5 * M),
]  # fmt: skip
NHS_TABLE[(6, 2)] = [("run", 10 * M), ("walk", 3 * M), ("run", 10 * M)]
NHS_TABLE[(6, 3)] = [("run", 25 * M)]


def test_nhs_programme_matches_the_published_plan() -> None:
    """Every one of the 27 workouts is warm-up 5:00, the NHS intervals, cool-down 5:00."""
    programme = load_programme(NHS)
    assert programme.id == "nhs-c25k"
    assert programme.weeks == (1, 2, 3, 4, 5, 6, 7, 8, 9)
    assert len(programme.workouts) == 27
    for (week, run), body in NHS_TABLE.items():
        workout = programme.workout(week, run)
        got = [(str(s.kind), s.seconds) for s in workout.segments]
        assert got == [("warmup", 300), *body, ("cooldown", 300)], (week, run)


def test_nhs_week_4_run_1_total() -> None:
    """W4R1 is 31:30 in all, the figure the CLI's JSON example uses."""
    assert load_programme(NHS).workout(4, 1).total_seconds == 1890


def test_nhs_cites_its_source() -> None:
    """The file names the NHS page it was checked against."""
    assert load_programme(NHS).source.startswith("https://www.nhs.uk/")


EXPECTED_ERRORS = [
    (
        "absurd-duration.toml",
        "absurd-duration.toml, line 5: week 1 runs [1], segment 1, field 'run': duration 18000 s is longer than 4 hours. Check the unit: plain numbers are seconds (\"5m\" is five minutes).",
    ),
    (
        "bad-repeat.toml",
        "bad-repeat.toml, line 5: week 1 runs [1], segment 1, field 'repeat': 0 is not a repeat count. Use a whole number from 1 to 100.",
    ),
    (
        "bad-runs.toml",
        "bad-runs.toml, line 5: week 1, field 'runs': 1 is not a list of run numbers. Write runs = [1, 2, 3] (or runs = [1] for one run).",
    ),
    (
        "bad-syntax.toml",
        "bad-syntax.toml: not valid TOML (Illegal character '\\n' (at line 3, column 12)). Fix the syntax at that line; see assets/programmes/nhs-c25k.toml for a working example.",
    ),
    (
        "bad-warmup.toml",
        "bad-warmup.toml: field 'warmup.seconds': duration 0 s is not allowed. Use at least 1 second.",
    ),
    (
        "duplicate-run.toml",
        "duplicate-run.toml, line 10: week 1 run 2: defined twice (workouts #1 and #2). Keep one definition of each week/run.",
    ),
    (
        "empty-workout.toml",
        'empty-workout.toml, line 5: week 1 runs [1, 2], field \'segments\': empty: a workout needs at least one segment. Add segments such as [ { run = "60s" }, { walk = "90s" } ].',
    ),
    (
        "missing-name.toml",
        "missing-name.toml: field 'name': missing. Add name = \"...\" at the top of the file.",
    ),
    (
        "missing-week.toml",
        "missing-week.toml, line 5: workouts #1, field 'week': missing. Add week = N to the [[workouts]] table.",
    ),
    (
        "missing-workouts.toml",
        "missing-workouts.toml: field 'workouts': missing. Add at least one [[workouts]] table with week, runs and segments.",
    ),
    (
        "negative-duration.toml",
        "negative-duration.toml, line 5: week 1 runs [1], segment 1 (repeat), segment 1, field 'run': duration -60 s is not allowed. Use at least 1 second.",
    ),
    (
        "two-kinds.toml",
        'two-kinds.toml, line 5: week 1 runs [1], segment 1: needs exactly one of warmup, run, walk or cooldown. Write { run = "60s" } or { walk = 90 }.',
    ),
    (
        "unknown-segment-key.toml",
        "unknown-segment-key.toml, line 5: week 1 runs [1], segment 2, field 'pace': not a known segment field. A segment is one of warmup/run/walk/cooldown with a duration, plus an optional label.",
    ),
    (
        "unknown-top-key.toml",
        "unknown-top-key.toml: field 'colour': not a known programme field. Remove it or check the spelling; known fields: cooldown, description, format, id, name, source, warmup, workouts.",
    ),
    (
        "unknown-workout-key.toml",
        "unknown-workout-key.toml, line 10: week 2, field 'rest': not a known workout field. Remove it or check the spelling; known fields: runs, segments, week.",
    ),
    (
        "unreadable-duration.toml",
        'unreadable-duration.toml, line 5: week 1 runs [1], segment 1, field \'run\': \'five minutes\' is not a duration. Write whole seconds (90) or text such as "90s", "5m" or "2m30s".',
    ),
    (
        "zero-duration.toml",
        "zero-duration.toml, line 5: week 3 runs [2], segment 2, field 'walk': duration 0 s is not allowed. Use at least 1 second.",
    ),
]


@pytest.mark.parametrize(("name", "message"), EXPECTED_ERRORS)
def test_bad_programme_file_names_file_place_and_remedy(name: str, message: str) -> None:
    """Each broken file gives one ProgrammeError with this exact text."""
    with pytest.raises(ProgrammeError) as caught:
        load_programme(BAD / name)
    assert str(caught.value) == f"{BAD / name}".removesuffix(name) + message


def test_missing_file_says_so() -> None:
    """A path that does not exist is a ProgrammeError naming the path."""
    path = BAD / "no-such-file.toml"
    with pytest.raises(ProgrammeError) as caught:
        load_programme(path)
    assert str(caught.value) == (
        f"{path}: cannot read the programme file (No such file or directory). "
        "Check the path and that the file is readable."
    )


def test_binary_file_is_refused(tmp_path: Path) -> None:
    """A file that is not UTF-8 text gets a clear message, not a traceback."""
    path = tmp_path / "plan.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ProgrammeError) as caught:
        load_programme(path)
    assert str(caught.value) == f"{path}: not a UTF-8 text file. Save it as UTF-8 TOML."


def test_custom_programme_loads_with_repeats_and_labels() -> None:
    """A user's file with a repeat group expands in order, edges added once."""
    programme = load_programme(BAD / "custom.toml")
    workout = programme.workout(1, 1)
    assert workout.segments == (
        Segment(SegmentKind.WARMUP, 4, "Brisk walk"),
        Segment(SegmentKind.RUN, 5, "Easy"),
        Segment(SegmentKind.WALK, 4),
        Segment(SegmentKind.RUN, 5, "Easy"),
        Segment(SegmentKind.WALK, 4),
        Segment(SegmentKind.COOLDOWN, 3),
    )
    assert programme.origin == str(BAD / "custom.toml")
    assert workout.run_ordinal(3) == (2, 2)
    assert workout.run_ordinal(2) is None
    assert workout.start_offset(3) == 13
    assert workout.code == "W1R1"


def test_unknown_workout_lists_the_choices() -> None:
    """Asking for a week/run that does not exist names the valid ones."""
    programme = load_programme(BAD / "custom.toml")
    with pytest.raises(ProgrammeError) as caught:
        programme.workout(2, 1)
    assert str(caught.value) == "Quick test (quick-test) has no week 2 run 1; choose one of: W1R1"


def test_next_after_walks_the_programme_in_order() -> None:
    """W3R3 is followed by W4R1; the last run has no successor."""
    programme = load_programme(NHS)
    following = programme.next_after(3, 3)
    assert following is not None
    assert following.code == "W4R1"
    assert programme.next_after(9, 3) is None
    assert programme.next_after(10, 1) is None
    assert programme.runs_in_week(5) == (1, 2, 3)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [(90, 90), ("90s", 90), ("5m", 300), ("2m30s", 150), ("1h", 3600), ("5 min", 300),
     ("", None), ("m", None), (True, None), (1.5, None), ("3 weeks", None)],
)  # fmt: skip
def test_parse_duration(text: object, seconds: int | None) -> None:
    """Durations are whole seconds or h/m/s text; anything else is unreadable."""
    assert parse_duration(text) == seconds


def test_segment_and_workout_guard_their_invariants() -> None:
    """Value objects refuse impossible values even when built in code."""
    with pytest.raises(ValueError, match="outside"):
        Segment(SegmentKind.RUN, 0)
    with pytest.raises(ValueError, match="at least one segment"):
        Workout(1, 1, ())


def test_other_format_versions_are_refused() -> None:
    """A file from a future CouchTimer says which format it needs."""
    text = 'format = 2\nid = "x"\nname = "X"\n'
    with pytest.raises(ProgrammeError, match=r"format 2 is not supported. Use format = 1."):
        parse_programme(text, "x.toml")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('id = "Bad Id"\nname = "X"\n', "'Bad Id' is not a valid id"),
        ('id = "x"\nname = ""\n', "field 'name': must be non-empty text"),
        ('id = "x"\nname = "X"\nwarmup = 300\n', "field 'warmup': must be a table"),
        ('id = "x"\nname = "X"\nwarmup = { secs = 3 }\n', "field 'warmup.secs': not a known"),
        ('id = "x"\nname = "X"\nwarmup = { label = "a" }\n', "'warmup.seconds': missing"),
        ('id = "x"\nname = "X"\nworkouts = []\n', "must be a non-empty list"),
        ('id = "x"\nname = "X"\nworkouts = [1]\n', "workouts #1: must be a table"),
        ('id = "x"\nname = "X"\n[[workouts]]\nweek = 0\nruns = [1]\nsegments = [{run=1}]\n',
         "field 'week': 0 is not a week number"),
        ('id = "x"\nname = "X"\n[[workouts]]\nweek = 1\nruns = [1]\nsegments = [5]\n',
         "segment 1: 5 is not a segment"),
        ('id = "x"\nname = "X"\n[[workouts]]\nweek = 1\nruns = [1]\n'
         'segments = [{run = 1, label = 3}]\n', "field 'label': must be text"),
        ('id = "x"\nname = "X"\n[[workouts]]\nweek = 1\nruns = [1]\n'
         'segments = [{repeat = 2, times = 3}]\n', "field 'times': not a known repeat field"),
        ('id = "x"\nname = "X"\n[[workouts]]\nweek = 1\nruns = [1]\n'
         'segments = [{repeat = 2}]\n', "field 'of': must be a non-empty list"),
        ('id = "x"\nname = "X"\n[[workouts]]\nweek = 1\nruns = [1]\n'
         'segments = [{repeat = 100, of = [{run = "4h"}, {walk = "4h"}]}]\n',
         "the workout lasts 800:00:00, longer than 12 hours"),
    ],
)  # fmt: skip
def test_more_validation_rules(text: str, fragment: str) -> None:
    """Each rule names the field at fault."""
    with pytest.raises(ProgrammeError) as caught:
        parse_programme(text, "x.toml")
    assert fragment in str(caught.value)
    assert str(caught.value).startswith("x.toml")


_kinds = st.sampled_from([SegmentKind.RUN, SegmentKind.WALK])


@given(st.lists(st.tuples(_kinds, st.integers(1, 3600)), min_size=1, max_size=12),
       st.integers(1, 3))  # fmt: skip
def test_any_valid_file_round_trips(body: list[tuple[SegmentKind, int]], repeat: int) -> None:
    """Whatever valid segments are written, parsing gives them back in order, repeated."""
    assume(sum(seconds for _, seconds in body) * repeat <= MAX_WORKOUT_SECONDS)
    items = ", ".join(f"{{ {kind} = {seconds} }}" for kind, seconds in body)
    text = (
        'id = "gen"\nname = "Generated"\n[[workouts]]\nweek = 1\nruns = [1]\n'
        f"segments = [{{ repeat = {repeat}, of = [{items}] }}]\n"
    )
    programme: Programme = parse_programme(text, "gen.toml")
    expected = [Segment(kind, seconds) for kind, seconds in body] * repeat
    assert list(programme.workout(1, 1).segments) == expected
