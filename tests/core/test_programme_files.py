"""Programme files at their limits, in the core: the size cap on both sides, what is not a
regular file, deep nesting, keys quoted in errors, and the walk counter ("Walk 2 of 3").

tests/test_hostile_programmes.py meets the same files through the CLI; these pin each limit
where the rule lives (and where mutation testing looks, `make mutate`).
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from couchtimer.core.errors import ProgrammeError
from couchtimer.core.programme import (
    MAX_FILE_BYTES,
    MAX_REPEAT_DEPTH,
    MAX_RUN,
    MAX_SEGMENTS,
    MAX_TEXT,
    MAX_WEEK,
    Segment,
    SegmentKind,
    Workout,
    parse_duration,
    parse_programme,
    parse_toml,
    programme_from_data,
    read_programme_text,
)
from tests.helpers.text import exactly

HEADER = 'format = 1\nid = "p"\nname = "P"\n'
WORKOUT = '[[workouts]]\nweek = 1\nruns = [1]\nsegments = [{ run = "1m" }]\n'
HEAD = 'id = "x"\nname = "X"\n'
ONE = "[[workouts]]\nweek = 1\nruns = [1]\n"


def too_big(source: str) -> str:
    return exactly(
        f"{source}: larger than 1024 kB, too large for a programme file (the NHS plan is 3 kB). "
        "Check that this is the right file."
    )


def comment_of(size: int) -> str:
    """A TOML document of exactly ``size`` characters: one comment."""
    return "#" + "x" * (size - 1)


def test_the_cap_is_one_mebibyte() -> None:
    assert MAX_FILE_BYTES == 1024 * 1024


def test_text_of_exactly_the_cap_is_read_and_one_character_more_is_refused() -> None:
    assert parse_toml(comment_of(MAX_FILE_BYTES), "p.toml") == {}
    with pytest.raises(ProgrammeError, match=too_big("p.toml")):
        parse_toml(comment_of(MAX_FILE_BYTES + 1), "p.toml")
    with pytest.raises(ProgrammeError, match=too_big("mine.toml")):
        parse_programme(comment_of(MAX_FILE_BYTES + 1), "mine.toml")


def test_a_file_of_exactly_the_cap_is_read_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(comment_of(MAX_FILE_BYTES), encoding="utf-8")
    assert read_programme_text(path) == comment_of(MAX_FILE_BYTES)
    path.write_text(comment_of(MAX_FILE_BYTES + 1), encoding="utf-8")
    with pytest.raises(ProgrammeError, match=too_big(str(path))):
        read_programme_text(path)


def test_a_file_far_over_the_cap_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    """Four times the cap on disk: at most the cap and a byte are read into memory."""
    path = tmp_path / "big.toml"
    path.write_bytes(b"#" * (4 * MAX_FILE_BYTES))
    tracemalloc.start()
    try:
        with pytest.raises(ProgrammeError, match=too_big(str(path))):
            read_programme_text(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert MAX_FILE_BYTES < peak < 2 * MAX_FILE_BYTES


def test_a_device_is_not_a_programme_file() -> None:
    with pytest.raises(
        ProgrammeError,
        match=exactly("/dev/null: not a regular file. Give the path of a .toml programme file."),
    ):
        read_programme_text(Path("/dev/null"))


def test_a_file_that_is_not_utf8_or_not_there(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('name = "Café"'.encode("latin-1"))
    with pytest.raises(
        ProgrammeError, match=exactly(f"{path}: not a UTF-8 text file. Save it as UTF-8 TOML.")
    ):
        read_programme_text(path)
    missing = tmp_path / "missing.toml"
    with pytest.raises(
        ProgrammeError,
        match=exactly(
            f"{missing}: cannot read the programme file (No such file or directory). Check the "
            "path and that the file is readable."
        ),
    ):
        read_programme_text(missing)


def test_arrays_nested_thousands_deep_are_our_error_naming_the_file() -> None:
    text = "a = " + "[" * 10_000 + "]" * 10_000
    with pytest.raises(
        ProgrammeError,
        match=exactly(
            "p.toml: nested too deeply to read (arrays or tables inside each other hundreds of "
            "levels down). A programme needs only a few levels; see "
            "assets/programmes/nhs-c25k.toml."
        ),
    ):
        parse_programme(text, "p.toml")


def unknown_field(key: str) -> str:
    return exactly(
        f"p.toml: field '{key}': not a known programme field. Remove it or check the spelling; "
        "known fields: cooldown, description, format, id, name, source, warmup, workouts."
    )


@pytest.mark.parametrize(
    ("key", "quoted"),
    [
        pytest.param("k" * 60, "k" * 60, id="60 characters: as it is"),
        pytest.param("k" * 61, f"'{'k' * 27}...{'k' * 28}'", id="61: cut short"),
        pytest.param('"a\\u001bb"', "'a\\x1bb'", id="a control character: escaped"),
    ],
)
def test_an_unknown_key_is_quoted_short_and_without_control_characters(
    key: str, quoted: str
) -> None:
    with pytest.raises(ProgrammeError, match=unknown_field(quoted)):
        parse_programme(f"{HEADER}{key} = 1\n{WORKOUT}", "p.toml")


def test_walks_are_counted_among_the_walks_only() -> None:
    walk, run = SegmentKind.WALK, SegmentKind.RUN
    kinds = (SegmentKind.WARMUP, run, walk, run, walk, run, SegmentKind.COOLDOWN)
    workout = Workout(1, 1, tuple(Segment(kind, 60) for kind in kinds))
    assert [workout.walk_ordinal(i) for i in range(len(kinds))] == [
        None, None, (1, 2), None, (2, 2), None, None,
    ]  # fmt: skip


# --- every bound at its value and one past it --------------------------------------------------

CONTROL_REMEDY = (
    "Remove it: names and labels are plain text (no escape codes, tabs or line breaks)."
)
TOO_MANY = "Check the repeat counts: a repeat multiplies every segment inside it."


def runs(count: int) -> str:
    return ", ".join(["{run = 1}"] * count)


def nested(levels: int) -> str:
    return "{repeat = 1, of = [" * levels + "{run = 1}" + "]}" * levels


def test_the_bounds() -> None:
    assert (MAX_SEGMENTS, MAX_REPEAT_DEPTH, MAX_WEEK, MAX_RUN) == (1000, 8, 999, 999)
    assert MAX_TEXT == {"id": 200, "name": 200, "description": 2000, "source": 2000, "label": 200}


ACCEPTED = {
    "a name of 200 characters": f'id = "x"\nname = "{"n" * 200}"\n' + ONE + "segments = [{run = 1}]\n",
    "a description of 2000": HEAD + f'description = "{"d" * 2000}"\n' + ONE + "segments = [{run = 1}]\n",
    "a source of 2000": HEAD + f'source = "{"s" * 2000}"\n' + ONE + "segments = [{run = 1}]\n",
    "a label of 200": HEAD + ONE + f'segments = [{{run = 1, label = "{"l" * 200}"}}]\n',
    "week 999, run 999": HEAD + "[[workouts]]\nweek = 999\nruns = [999]\nsegments = [{run = 1}]\n",
    "999 runs in a week": HEAD + "[[workouts]]\nweek = 1\nruns = ["
    + ", ".join(str(run) for run in range(1, 1000)) + "]\nsegments = [{run = 1}]\n",
    "1000 segments": HEAD + ONE + f"segments = [{runs(1000)}]\n",
    "1000 segments by a repeat": HEAD + ONE + f"segments = [{{repeat = 100, of = [{runs(10)}]}}]\n",
    "repeats 8 deep": HEAD + ONE + f"segments = [{nested(8)}]\n",
}  # fmt: skip


@pytest.mark.parametrize("text", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_each_bound_itself_is_allowed(text: str) -> None:
    assert parse_programme(text, "p.toml").id == "x"


REFUSED = {
    "a name of 201 characters": (
        f'id = "x"\nname = "{"n" * 201}"\n' + ONE + "segments = [{run = 1}]\n",
        "p.toml: field 'name': 201 characters long, more than the 200 allowed. Shorten it.",
    ),
    "a description of 2001": (
        HEAD + f'description = "{"d" * 2001}"\n' + ONE + "segments = [{run = 1}]\n",
        "p.toml: field 'description': 2001 characters long, more than the 2000 allowed. "
        "Shorten it.",
    ),
    "a name with an escape": (
        'id = "x"\nname = "a\\u001bb"\n' + ONE + "segments = [{run = 1}]\n",
        f"p.toml: field 'name': holds the control character \\x1b. {CONTROL_REMEDY}",
    ),
    "a label of 201": (
        HEAD + ONE + f'segments = [{{run = 1, label = "{"l" * 201}"}}]\n',
        "p.toml, line 3: week 1 runs [1], segment 1, field 'label': 201 characters long, more "
        "than the 200 allowed. Shorten it.",
    ),
    "a label with a right-to-left override": (
        HEAD + ONE + 'segments = [{run = 1, label = "a\\u202eb"}]\n',
        "p.toml, line 3: week 1 runs [1], segment 1, field 'label': holds the control character "
        f"\\u202e. {CONTROL_REMEDY}",
    ),
    "week 1000": (
        HEAD + "[[workouts]]\nweek = 1000\nruns = [1]\nsegments = [{run = 1}]\n",
        "p.toml, line 3: workouts #1, field 'week': week 1000 is beyond the last week a programme "
        "may have (999). Number the weeks 1, 2, 3... up to 999.",
    ),
    "an unknown field in week 999 names the week": (
        HEAD + "[[workouts]]\nweek = 999\nruns = [1]\ncolour = 1\nsegments = [{run = 1}]\n",
        "p.toml, line 3: week 999, field 'colour': not a known workout field. Remove it or check "
        "the spelling; known fields: runs, segments, week.",
    ),
    "an unknown field in week 1000 names the workout": (
        HEAD + "[[workouts]]\nweek = 1000\nruns = [1]\ncolour = 1\nsegments = [{run = 1}]\n",
        "p.toml, line 3: workouts #1, field 'colour': not a known workout field. Remove it or "
        "check the spelling; known fields: runs, segments, week.",
    ),
    "run 1000": (
        HEAD + "[[workouts]]\nweek = 1\nruns = [1000]\nsegments = [{run = 1}]\n",
        "p.toml, line 3: week 1, field 'runs': [1000] goes beyond the last run a week may have "
        "(999). Number the runs 1, 2, 3... up to 999.",
    ),
    "1000 runs in a week": (
        HEAD + "[[workouts]]\nweek = 1\nruns = [" + ", ".join(["1"] * 1000) + "]\n"
        "segments = [{run = 1}]\n",
        "p.toml, line 3: week 1, field 'runs': [1, 1, 1, 1, 1, 1, ...] goes beyond the last run "
        "a week may have (999). Number the runs 1, 2, 3... up to 999.",
    ),
    "1001 segments": (
        HEAD + ONE + f"segments = [{runs(1001)}]\n",
        "p.toml, line 3: week 1 runs [1], segment 1001: the workout has 1001 or more segments, "
        f"more than the 1000 allowed. {TOO_MANY}",
    ),
    "1100 segments by a repeat": (
        HEAD + ONE + f"segments = [{{repeat = 100, of = [{runs(11)}]}}]\n",
        "p.toml, line 3: week 1 runs [1], segment 1: the workout has 1100 or more segments, "
        f"more than the 1000 allowed. {TOO_MANY}",
    ),
    "a repeat is counted before it is multiplied out": (
        HEAD + ONE + f"segments = [{{run = 1}}, {{repeat = 2, of = [{{repeat = 100, of = "
        f"[{runs(6)}]}}]}}]\n",
        "p.toml, line 3: week 1 runs [1], segment 2: the workout has 1200 or more segments, "
        f"more than the 1000 allowed. {TOO_MANY}",
    ),
    "repeats 9 deep": (
        HEAD + ONE + f"segments = [{nested(9)}]\n",
        "p.toml, line 3: week 1 runs [1]"
        + ", segment 1 (repeat)" * 8
        + ", segment 1: repeats nested more than 8 deep. Write the workout with fewer repeats "
        "inside repeats.",
    ),
    "a workout that is not a table": (
        HEAD + "workouts = [1]\n",
        "p.toml: workouts #1: must be a table. Write it as a [[workouts]] table.",
    ),
}


@pytest.mark.parametrize(("text", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_one_past_each_bound_is_refused_saying_where_and_what_to_do(
    text: str, message: str
) -> None:
    with pytest.raises(ProgrammeError, match=exactly(message)):
        parse_programme(text, "p.toml")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        pytest.param("123456789s", 123_456_789, id="9 digits: read as they are"),
        pytest.param("1234567890s", 10**9, id="10 digits: counted as 10^9 s"),
        pytest.param("1234567890m", 60 * 10**9, id="10 digits of minutes"),
    ],
)
def test_a_duration_of_more_than_9_digits_counts_as_a_billion(text: str, seconds: int) -> None:
    """Far beyond 4 hours either way, so the range check names it; int() is never asked to
    convert thousands of digits."""
    assert parse_duration(text) == seconds


def test_a_file_s_lines_are_named_only_when_its_text_is_given() -> None:
    data = {"id": "x", "name": "X", "workouts": [{"week": 1, "runs": [1], "segments": []}]}
    text = HEAD + ONE + "segments = []\n"
    empty = (
        "week 1 runs [1], field 'segments': empty: a workout needs at least one segment. Add "
        'segments such as [ { run = "60s" }, { walk = "90s" } ].'
    )
    with pytest.raises(ProgrammeError, match=exactly(f"p.toml: {empty}")):
        programme_from_data(data, "p.toml")
    with pytest.raises(ProgrammeError, match=exactly(f"p.toml, line 3: {empty}")):
        programme_from_data(data, "p.toml", text)
