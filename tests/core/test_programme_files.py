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
    Segment,
    SegmentKind,
    Workout,
    parse_programme,
    parse_toml,
    read_programme_text,
)
from tests.helpers.text import exactly

HEADER = 'format = 1\nid = "p"\nname = "P"\n'
WORKOUT = '[[workouts]]\nweek = 1\nruns = [1]\nsegments = [{ run = "1m" }]\n'


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
