"""Programme files at their limits, and every error's exact wording (found by mutation testing).

Each limit is tested at its value and one past it: 4 hours a segment, 12 hours a workout, 100
repeats, ids of 1 to 64 characters. Each error is a ProgrammeError that names the file, the place
and what to write instead; a wrong type never escapes as AttributeError or TypeError.
"""

from __future__ import annotations

import itertools

import pytest

from couchtimer.core.errors import ProgrammeError
from couchtimer.core.programme import (
    FORMAT_VERSION,
    MAX_SEGMENT_SECONDS,
    MAX_WORKOUT_SECONDS,
    Programme,
    Segment,
    SegmentKind,
    Workout,
    parse_duration,
    parse_programme,
    programme_from_data,
)
from tests.helpers.text import exactly

HEAD = 'id = "x"\nname = "X"\n'
ONE = "[[workouts]]\nweek = 1\nruns = [1]\n"
RUN, WALK, WARMUP, COOLDOWN = (
    SegmentKind.RUN,
    SegmentKind.WALK,
    SegmentKind.WARMUP,
    SegmentKind.COOLDOWN,
)


def test_the_limits() -> None:
    """4 hours a segment and 12 hours a workout: a typo such as 5000 for "50m" stands out."""
    assert (MAX_SEGMENT_SECONDS, MAX_WORKOUT_SECONDS, FORMAT_VERSION) == (4 * 3600, 12 * 3600, 1)


def segments_of(segments: str, head: str = HEAD) -> tuple[Segment, ...]:
    return parse_programme(head + ONE + f"segments = {segments}\n", "p.toml").workout(1, 1).segments


def test_segments_after_a_repeat_group_are_kept() -> None:
    """A repeat group in the middle: what follows it is there too, in order."""
    segments = segments_of(
        '[{walk = 5}, {repeat = 2, of = [{run = 60}, {walk = 90}]}, {run = "30s"}]'
    )
    assert segments == (
        Segment(WALK, 5), Segment(RUN, 60), Segment(WALK, 90), Segment(RUN, 60),
        Segment(WALK, 90), Segment(RUN, 30),
    )  # fmt: skip


def test_nested_repeats_expand_inside_out() -> None:
    segments = segments_of("[{repeat = 2, of = [{run = 1}, {repeat = 2, of = [{walk = 2}]}]}]")
    assert [s.seconds for s in segments] == [1, 2, 2, 1, 2, 2]


@pytest.mark.parametrize("count", [1, 100])
def test_a_repeat_count_from_1_to_100(count: int) -> None:
    assert len(segments_of(f"[{{repeat = {count}, of = [{{run = 1}}]}}]")) == count


def test_a_segment_of_exactly_4_hours_is_allowed() -> None:
    assert segments_of('[{run = "4h"}]') == (Segment(RUN, MAX_SEGMENT_SECONDS),)
    assert Segment(RUN, MAX_SEGMENT_SECONDS).seconds == 14400
    assert Segment(RUN, 1).seconds == 1


@pytest.mark.parametrize("seconds", [0, -1, MAX_SEGMENT_SECONDS + 1])
def test_a_segment_built_in_code_is_checked_too(seconds: int) -> None:
    with pytest.raises(ValueError, match=rf"^segment duration {seconds} s is outside 1..14400$"):
        Segment(RUN, seconds)


def test_a_workout_of_exactly_12_hours_is_allowed() -> None:
    """Warm-up and cool-down count: 5 min + 11 h 50 min + 5 min is 12 h exactly."""
    head = HEAD + "warmup = { seconds = 300 }\ncooldown = { seconds = 300 }\n"
    segments = segments_of('[{repeat = 2, of = [{run = "4h"}]}, {walk = "3h50m"}]', head)
    assert sum(s.seconds for s in segments) == MAX_WORKOUT_SECONDS
    assert [s.kind for s in segments] == [WARMUP, RUN, RUN, WALK, COOLDOWN]


ERRORS = {
    "id missing": (
        'name = "X"\n',
        "p.toml: field 'id': missing. Add id = \"...\" at the top of the file.",
    ),
    "id a number": (
        'id = 5\nname = "X"\n',
        "p.toml: field 'id': must be non-empty text. Write id = \"...\"",
    ),
    "id blank": (
        'id = " "\nname = "X"\n',
        "p.toml: field 'id': must be non-empty text. Write id = \"...\"",
    ),
    "id starting with a dash": (
        'id = "-x"\nname = "X"\n',
        "p.toml: field 'id': '-x' is not a valid id. Use lower-case letters, digits and dashes, "
        'e.g. id = "my-plan".',
    ),
    "id of 65 characters": (
        f'id = "{"a" * 65}"\nname = "X"\n',
        f"p.toml: field 'id': '{'a' * 65}' is not a valid id. Use lower-case letters, digits and "
        'dashes, e.g. id = "my-plan".',
    ),
    "name blank": (
        'id = "x"\nname = "  "\n',
        "p.toml: field 'name': must be non-empty text. Write name = \"...\"",
    ),
    "description a number": (
        HEAD + "description = 3\n",
        "p.toml: field 'description': must be text. Write description = \"...\"",
    ),
    "source a list": (
        HEAD + 'source = ["a"]\n',
        "p.toml: field 'source': must be text. Write source = \"...\"",
    ),
    "cooldown as text": (
        HEAD + 'cooldown = "5m"\n',
        "p.toml: field 'cooldown': must be a table. Write cooldown = { seconds = 300, label = "
        '"..." }.',
    ),
    "cooldown with an unknown field": (
        HEAD + 'cooldown = { seconds = 60, colour = "red" }\n',
        "p.toml: field 'cooldown.colour': not a known field. Use only 'seconds' and 'label'.",
    ),
    "cooldown without seconds": (
        HEAD + 'cooldown = { label = "Walk" }\n',
        "p.toml: field 'cooldown.seconds': missing. Add seconds = 300 (for example).",
    ),
    "cooldown label a number": (
        HEAD + "cooldown = { seconds = 60, label = 7 }\n",
        "p.toml: field 'cooldown.label': must be text. Write label = \"...\".",
    ),
    "cooldown over 4 hours": (
        HEAD + 'cooldown = { seconds = "4h1s" }\n',
        "p.toml: field 'cooldown.seconds': duration 14401 s is longer than 4 hours. Check the "
        'unit: plain numbers are seconds ("5m" is five minutes).',
    ),
    "workouts as text": (
        HEAD + 'workouts = "all"\n',
        "p.toml: field 'workouts': must be a non-empty list of [[workouts]] tables. Add at least "
        "one [[workouts]] table with week, runs and segments.",
    ),
    "a workout as text": (
        HEAD + 'workouts = ["W1"]\n',
        "p.toml: workouts #1: must be a table. Write it as a [[workouts]] table.",
    ),
    "runs missing": (
        HEAD + "[[workouts]]\nweek = 2\nsegments = [{run = 1}]\n",
        "p.toml, line 3: week 2, field 'runs': missing. Add runs = [1, 2, 3] (the runs of the "
        "week that use this workout).",
    ),
    "segments missing": (
        HEAD + "[[workouts]]\nweek = 2\nruns = [1]\n",
        "p.toml, line 3: week 2, field 'segments': missing. Add segments = [ { run = \"60s\" }, "
        '{ walk = "90s" } ].',
    ),
    "week as text": (
        HEAD + '[[workouts]]\nweek = "one"\nruns = [1]\nsegments = [{run = 1}]\n',
        "p.toml, line 3: workouts #1, field 'week': 'one' is not a week number. Use 1, 2, 3...",
    ),
    "week true": (
        HEAD + "[[workouts]]\nweek = true\nruns = [1]\nsegments = [{run = 1}]\n",
        "p.toml, line 3: workouts #1, field 'week': True is not a week number. Use 1, 2, 3...",
    ),
    "run 0": (
        HEAD + "[[workouts]]\nweek = 1\nruns = [0]\nsegments = [{run = 1}]\n",
        "p.toml, line 3: week 1, field 'runs': [0] is not a list of run numbers. Write runs = "
        "[1, 2, 3] (or runs = [1] for one run).",
    ),
    "no runs": (
        HEAD + "[[workouts]]\nweek = 1\nruns = []\nsegments = [{run = 1}]\n",
        "p.toml, line 3: week 1, field 'runs': [] is not a list of run numbers. Write runs = "
        "[1, 2, 3] (or runs = [1] for one run).",
    ),
    "run true": (
        HEAD + "[[workouts]]\nweek = 1\nruns = [1, true]\nsegments = [{run = 1}]\n",
        "p.toml, line 3: week 1, field 'runs': [1, True] is not a list of run numbers. Write "
        "runs = [1, 2, 3] (or runs = [1] for one run).",
    ),
    "a segment with no kind": (
        HEAD + ONE + 'segments = [{label = "x"}]\n',
        "p.toml, line 3: week 1 runs [1], segment 1: needs exactly one of warmup, run, walk or "
        'cooldown. Write { run = "60s" } or { walk = 90 }.',
    ),
    "a segment as text": (
        HEAD + ONE + 'segments = [{run = 1}, "run"]\n',
        "p.toml, line 3: week 1 runs [1], segment 2: 'run' is not a segment. Write { run = "
        '"60s" } or { walk = 90 }.',
    ),
    "repeat 101": (
        HEAD + ONE + "segments = [{repeat = 101, of = [{run = 1}]}]\n",
        "p.toml, line 3: week 1 runs [1], segment 1, field 'repeat': 101 is not a repeat count. "
        "Use a whole number from 1 to 100.",
    ),
    "repeat true": (
        HEAD + ONE + "segments = [{repeat = true, of = [{run = 1}]}]\n",
        "p.toml, line 3: week 1 runs [1], segment 1, field 'repeat': True is not a repeat count. "
        "Use a whole number from 1 to 100.",
    ),
    "of without repeat": (
        HEAD + ONE + "segments = [{of = [{run = 1}]}]\n",
        "p.toml, line 3: week 1 runs [1], segment 1, field 'repeat': None is not a repeat count. "
        "Use a whole number from 1 to 100.",
    ),
    "of empty": (
        HEAD + ONE + "segments = [{repeat = 2, of = []}]\n",
        "p.toml, line 3: week 1 runs [1], segment 1, field 'of': must be a non-empty list of "
        'segments. Write of = [ { run = "60s" }, { walk = "90s" } ].',
    ),
    "of a table": (
        HEAD + ONE + "segments = [{repeat = 2, of = {run = 1}}]\n",
        "p.toml, line 3: week 1 runs [1], segment 1, field 'of': must be a non-empty list of "
        'segments. Write of = [ { run = "60s" }, { walk = "90s" } ].',
    ),
    "a bad segment inside a repeat": (
        HEAD + ONE + "segments = [{run = 1}, {repeat = 2, of = [{walk = 1}, {jog = 1}]}]\n",
        "p.toml, line 3: week 1 runs [1], segment 2 (repeat), segment 2, field 'jog': not a "
        "known segment field. A segment is one of warmup/run/walk/cooldown with a duration, plus "
        "an optional label.",
    ),
    "a label that is not text": (
        HEAD + ONE + "segments = [{walk = 1, label = false}]\n",
        "p.toml, line 3: week 1 runs [1], segment 1, field 'label': must be text. Write label = "
        '"...".',
    ),
    "12 hours and a second": (
        HEAD + ONE + 'segments = [{repeat = 3, of = [{run = "4h"}]}, {walk = 1}]\n',
        "p.toml, line 3: week 1 runs [1], field 'segments': the workout lasts 12:00:01, longer "
        "than 12 hours. Check the repeat counts and the units (plain numbers are seconds).",
    ),
    "a segment of 4 hours and a second": (
        HEAD + ONE + "segments = [{run = 14401}]\n",
        "p.toml, line 3: week 1 runs [1], segment 1, field 'run': duration 14401 s is longer "
        'than 4 hours. Check the unit: plain numbers are seconds ("5m" is five minutes).',
    ),
    "the second workout's line": (
        HEAD + ONE + "segments = [{run = 1}]\n\n[[workouts]]\nweek = 2\nruns = [1]\n"
        "segments = [{run = 0}]\n",
        "p.toml, line 8: week 2 runs [1], segment 1, field 'run': duration 0 s is not allowed. "
        "Use at least 1 second.",
    ),
    "format 0": (
        "format = 0\n" + HEAD,
        "p.toml: field 'format': format 0 is not supported. Use format = 1.",
    ),
}


@pytest.mark.parametrize(("text", "message"), ERRORS.values(), ids=ERRORS.keys())
def test_every_error_names_the_place_and_the_remedy(text: str, message: str) -> None:
    with pytest.raises(ProgrammeError, match=exactly(message)):
        parse_programme(text, "p.toml")


@pytest.mark.parametrize("programme_id", ["a", "0", "a" * 64, "my-plan-2", "x-"])
def test_ids_of_1_to_64_lower_case_letters_digits_and_dashes(programme_id: str) -> None:
    text = f'id = "{programme_id}"\nname = "X"\n' + ONE + "segments = [{run = 1}]\n"
    assert parse_programme(text, "p.toml").id == programme_id


def test_optional_text_fields_may_be_empty_or_missing() -> None:
    text = HEAD + 'description = ""\nsource = "https://example.org/plan"\n' + ONE
    programme = parse_programme(text + "segments = [{run = 1}]\n", "p.toml")
    assert (programme.description, programme.source) == ("", "https://example.org/plan")
    assert parse_programme(HEAD + ONE + "segments = [{run = 1}]\n", "p.toml").description == ""
    assert parse_programme("format = 1\n" + HEAD + ONE + "segments = [{run = 1}]\n", "p").id == "x"


def test_origin_is_kept_only_when_given() -> None:
    data = {
        "id": "x",
        "name": "X",
        "workouts": [{"week": 1, "runs": [1], "segments": [{"run": 1}]}],
    }
    assert programme_from_data(data, "p.toml").origin == ""
    assert programme_from_data(data, "p.toml", origin="/plans/p.toml").origin == "/plans/p.toml"


# --- the programme's own queries ---------------------------------------------------------------


def three_weeks() -> Programme:
    w = (Segment(RUN, 1),)
    return Programme(
        "p", "P", (Workout(1, 1, w), Workout(1, 2, w), Workout(3, 1, w), Workout(2, 1, w))
    )


def test_next_after_each_workout_in_week_and_run_order() -> None:
    programme = three_weeks()
    order = [(1, 1), (1, 2), (2, 1), (3, 1)]
    for here, there in itertools.pairwise(order):
        following = programme.next_after(*here)
        assert following is not None
        assert (following.week, following.run) == there
    assert programme.next_after(3, 1) is None
    assert programme.next_after(2, 2) is None


def test_weeks_and_runs_in_order() -> None:
    programme = three_weeks()
    assert programme.weeks == (1, 2, 3)
    assert programme.runs_in_week(1) == (1, 2)
    assert programme.runs_in_week(4) == ()


def test_workout_lookup_names_the_choices() -> None:
    with pytest.raises(
        ProgrammeError,
        match=exactly("P (p) has no week 1 run 3; choose one of: W1R1, W1R2, W3R1, W2R1"),
    ):
        three_weeks().workout(1, 3)


def test_kind_headings() -> None:
    assert [k.heading for k in SegmentKind] == ["Warm-up", "Run", "Walk", "Cool-down"]


def test_run_ordinal_and_offsets() -> None:
    w = Workout(2, 3, (Segment(WARMUP, 5), Segment(RUN, 7), Segment(WALK, 9), Segment(RUN, 11)))
    assert [w.run_ordinal(i) for i in range(4)] == [None, (1, 2), None, (2, 2)]
    assert [w.start_offset(i) for i in range(5)] == [0, 5, 12, 21, 32]
    assert (w.total_seconds, w.code) == (32, "W2R3")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1h2m3s", 3723), (" 2 min 5 sec ", 125), ("0s", 0), ("5m and more", None), ("90s!", None),
     ("x5m", None), ("h", None)],
)  # fmt: skip
def test_a_duration_is_read_whole_or_not_at_all(text: str, seconds: int | None) -> None:
    """Text after (or before) a duration makes it unreadable, not a shorter duration."""
    assert parse_duration(text) == seconds
