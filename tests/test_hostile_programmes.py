"""Hostile programme files (issue 13, item 4): bounded work, our own errors, nothing printed raw.

Each file is a real file in a tmp dir; where the user meets it through the CLI (``plan``, ``run
--terminal``) the real ``couchtimer`` process is started.
"""

from __future__ import annotations

import io
import os
import time
import tracemalloc
from pathlib import Path

import pytest

from couchtimer.cli.workouts import workout_text
from couchtimer.core.cues import CueSettings
from couchtimer.core.errors import ProgrammeError
from couchtimer.core.programme import (
    Programme,
    Segment,
    SegmentKind,
    Workout,
    load_programme,
)
from couchtimer.core.text import printable
from couchtimer.terminal import TerminalRunner
from tests.helpers.cli import couchtimer
from tests.helpers.stubs import FakeClock, RecordingPlayer, ScriptedKeys

HEADER = 'format = 1\nid = "hostile"\nname = "Hostile"\n'


def _nested_repeat(levels: int) -> str:
    inner = '{ run = "1s" }'
    for _ in range(levels):
        inner = f"{{ repeat = 100, of = [{inner}] }}"
    return f"{HEADER}[[workouts]]\nweek = 1\nruns = [1]\nsegments = [{inner}]\n"


def _write(tmp_path: Path, text: str, name: str = "hostile.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("levels", [4, 5])
def test_nested_repeats_are_refused_before_they_are_expanded(tmp_path: Path, levels: int) -> None:
    """4 levels of repeat = 100 took 11.6 s and 2.5 GB on the old loader; 5 asked for 80 GB."""
    path = _write(tmp_path, _nested_repeat(levels))
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ProgrammeError) as caught:
        load_programme(path)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert str(caught.value) == (
        f"{path}, line 4: week 1 runs [1], segment 1{' (repeat), segment 1' * (levels - 2)}: "
        "the workout has 10000 or more segments, "
        "more than the 1000 allowed. Check the repeat counts: a repeat multiplies every "
        "segment inside it."
    )
    assert elapsed < 0.5
    assert peak < 5 * 1024 * 1024


def test_a_thousand_segments_is_still_a_programme(tmp_path: Path) -> None:
    """The limit is where it says: 10 x 100 segments load."""
    path = _write(
        tmp_path,
        f"{HEADER}[[workouts]]\nweek = 1\nruns = [1]\n"
        'segments = [{ repeat = 10, of = [{ repeat = 100, of = [{ run = "1s" }] }] }]\n',
    )
    assert len(load_programme(path).workout(1, 1).segments) == 1000


def test_arrays_nested_thousands_deep_are_our_error(tmp_path: Path) -> None:
    """tomllib recursed until RecursionError on 3,000 nested arrays."""
    path = _write(tmp_path, f"{HEADER}x = {'[' * 3000}{']' * 3000}\n")
    with pytest.raises(ProgrammeError) as caught:
        load_programme(path)
    assert str(caught.value).startswith(f"{path}: nested too deeply to read")


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + "#" * 1024 * 1024 + "\n")
    with pytest.raises(ProgrammeError) as caught:
        load_programme(path)
    assert str(caught.value) == (
        f"{path}: larger than 1024 kB, too large for a programme file (the NHS plan is 3 kB). "
        "Check that this is the right file."
    )


def test_a_fifo_is_refused_instead_of_waited_on(tmp_path: Path) -> None:
    """A FIFO named as the programme used to block ``plan`` for ever."""
    fifo = tmp_path / "plan.toml"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # so that opening it to read does not block
    try:
        done = couchtimer("plan", "W1R1", "--programme", str(fifo), home=tmp_path, timeout=20)
    finally:
        os.close(writer)
    assert done.returncode == 2
    assert done.stderr == (
        f"couchtimer: {fifo}: not a regular file. Give the path of a .toml programme file.\n"
    )


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("week", "18446744073709551616", "week 18446744073709551616 is beyond the last week"),
        ("week", "1000", "week 1000 is beyond the last week a programme may have (999)"),
        ("runs", "[1, 1000]", "[1, 1000] goes beyond the last run a week may have (999)"),
    ],
)
def test_week_and_run_numbers_are_bounded_for_plan_and_run(
    tmp_path: Path, field: str, value: str, problem: str
) -> None:
    """A 65-bit week passed ``plan`` and crashed ``run`` with OverflowError, leaving a .live file."""
    fields = {"week": "1", "runs": "[1]"}
    fields[field] = value
    path = _write(
        tmp_path,
        f"{HEADER}[[workouts]]\nweek = {fields['week']}\nruns = {fields['runs']}\n"
        'segments = [{ run = "2s" }]\n',
    )
    for command in (["plan", "W1R1"], ["run", "W1R1", "--terminal", "--cues", "silent"]):
        done = couchtimer(*command, "--programme", str(path), home=tmp_path)
        assert done.returncode == 2, done.stderr
        assert problem in done.stderr
        assert "Traceback" not in done.stderr
    data = tmp_path / "xdg_data_home"
    assert not data.exists() or list(data.rglob("*.live")) == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('id = "nl\\n"', "field 'id': holds the control character \\x0a."),
        ('name = "Hi\\u001b[2J\\u001b[31m"', "field 'name': holds the control character \\x1b."),
        ('description = "a\\rb"', "field 'description': holds the control character \\x0d."),
        ('source = "\\u202eevil"', "field 'source': holds the control character \\u202e."),
    ],
)
def test_control_characters_in_top_level_text_are_refused(
    tmp_path: Path, line: str, message: str
) -> None:
    top = {"id": 'id = "hostile"', "name": 'name = "Hostile"'}
    key = line.split(" ", 1)[0]
    top[key] = line
    text = "format = 1\n" + "\n".join(top.values()) + "\n"
    text += '[[workouts]]\nweek = 1\nruns = [1]\nsegments = [{ run = "2s" }]\n'
    path = _write(tmp_path, text)
    with pytest.raises(ProgrammeError) as caught:
        load_programme(path)
    assert str(caught.value).startswith(f"{path}: {message}")


def test_a_label_with_an_escape_code_is_refused_by_plan(tmp_path: Path) -> None:
    """``plan`` printed the label's escape codes raw: the terminal obeyed them."""
    path = _write(
        tmp_path,
        f"{HEADER}[[workouts]]\nweek = 1\nruns = [1]\n"
        'segments = [{ walk = "2s", label = "\\u001b]0;pwned\\u0007" }]\n',
    )
    done = couchtimer("plan", "W1R1", "--programme", str(path), home=tmp_path)
    assert done.returncode == 2
    assert "\x1b" not in done.stderr + done.stdout
    assert done.stderr == (
        f"couchtimer: {path}, line 4: week 1 runs [1], segment 1, field 'label': holds the "
        "control character \\x1b. Remove it: names and labels are plain text (no escape codes, "
        "tabs or line breaks).\n"
    )


def test_an_unknown_key_with_an_escape_code_is_quoted_not_printed(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + '"\\u001b[2J" = 1\n')
    done = couchtimer("plan", "W1R1", "--programme", str(path), home=tmp_path)
    assert done.returncode == 2
    assert "\x1b" not in done.stderr
    assert "field ''\\x1b[2J'': not a known programme field" in done.stderr


HOSTILE = Programme(
    "hostile",
    "Evil\x1b[2J name",
    (Workout(1, 1, (Segment(SegmentKind.WALK, 2, "lab\x1b[31mel\u202e"),)),),
)


def test_plan_text_escapes_control_characters_whatever_made_the_programme() -> None:
    """Output is safe on its own too: a Programme built in code still prints escaped."""
    assert workout_text(HOSTILE, HOSTILE.workout(1, 1)) == (
        "Evil\\x1b[2J name: week 1, run 1 (0:02 in all)\n"
        "  1  Walk        0:02  lab\\x1b[31mel\\u202e"
    )


def test_terminal_run_escapes_control_characters() -> None:
    """A whole terminal run of a programme with escape codes: none reaches the terminal raw."""
    clock = FakeClock()
    out = io.StringIO()
    runner = TerminalRunner(
        HOSTILE,
        HOSTILE.workout(1, 1),
        RecordingPlayer(),  # type: ignore[arg-type]
        clock,
        CueSettings(),
        out=out,
        keys=ScriptedKeys(clock, []),
    )
    runner.run()
    text = out.getvalue()
    assert text.startswith("Evil\\x1b[2J name: week 1, run 1 (0:02)\n")
    assert "\x1b[2J" not in text
    assert "\x1b[31m" not in text
    assert "\u202e" not in text


def test_printable_keeps_newlines_only_when_asked() -> None:
    assert printable("a\nb\x07") == "a\\x0ab\\x07"
    assert printable("a\nb\x07", keep_newlines=True) == "a\nb\\x07"
    assert printable("Café – 5 km ✓") == "Café – 5 km ✓"


def _workout(segments: str) -> str:
    return f"{HEADER}[[workouts]]\nweek = 1\nruns = [1]\nsegments = [{segments}]\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            _workout("{ repeat = 1, of = [" * 9 + '{ run = "1s" }' + "] }" * 9),
            "repeats nested more than 8 deep. Write the workout with fewer repeats inside repeats.",
        ),
        (
            _workout('{ run = "' + "9" * 5000 + 's" }'),
            "field 'run': duration 1000000000 s is longer than 4 hours.",
        ),
        (
            HEADER.replace('"Hostile"', '"' + "n" * 201 + '"'),
            "field 'name': 201 characters long, more than the 200 allowed. Shorten it.",
        ),
        (HEADER + "x = " + "9" * 5000 + "\n", "not a usable TOML file (Exceeds the limit"),
        (HEADER + "format = [[[[1]]]]\n", "not valid TOML"),
    ],
)
def test_more_bounds_each_with_our_error(tmp_path: Path, text: str, message: str) -> None:
    """Found by the fuzzer (a 5,000-digit duration raised ValueError) or at the edges."""
    path = _write(tmp_path, text)
    with pytest.raises(ProgrammeError) as caught:
        load_programme(path)
    assert message in str(caught.value)


def test_plan_of_a_thousand_segments_is_quick(tmp_path: Path) -> None:
    """run_ordinal was O(n) per segment: a 1,000-segment plan took 0.6 s of CPU (the fuzzer)."""
    path = _write(
        tmp_path, _workout('{ repeat = 10, of = [{ repeat = 100, of = [{ run = "1s" }] }] }')
    )
    programme = load_programme(path)
    started = time.process_time()
    text = workout_text(programme, programme.workout(1, 1))
    assert time.process_time() - started < 0.1
    assert text.splitlines()[-1] == "1000  Run         0:01  run 1000 of 1000"
