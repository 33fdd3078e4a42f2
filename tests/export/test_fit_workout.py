"""The workout as a FIT workout file, read back with fitdecode: the same steps, in order, with
their planned durations; repeats written once with a repeat step; a valid FIT CRC."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import fitdecode
import pytest

from couchtimer.core.errors import CouchTimerError
from couchtimer.core.programme import Programme, Segment, SegmentKind, Workout
from couchtimer.export.fit_workout import (
    MAX_GROUP,
    WorkoutStep,
    export_workout,
    fit_crc,
    fit_workout,
    workout_steps,
)
from couchtimer.programmes import resolve_programme
from couchtimer.store.output import OutputError
from tests.helpers.workouts import COOLDOWN, RUN, WALK, WARMUP, workout

CREATED = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


def read_fit(data: bytes) -> list[tuple[str, dict[str, Any]]]:
    """Every data message, CRCs checked by fitdecode."""
    messages = []
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.ENABLED) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                messages.append((frame.name, {f.name: f.value for f in frame.fields}))
    return messages


def expanded(messages: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, float]]:
    """The steps a watch runs, repeats unrolled: (intensity, seconds)."""
    steps = [fields for name, fields in messages if name == "workout_step"]
    done: list[tuple[str, float]] = []
    index = 0
    counts: dict[int, int] = {}
    while index < len(steps):
        step = steps[index]
        if step["duration_type"] == "repeat_until_steps_cmplt":
            counts[index] = counts.get(index, 1) + 1
            if counts[index] <= step["repeat_steps"]:
                index = step["duration_step"]
                continue
        else:
            done.append((step["intensity"], step["duration_time"]))
        index += 1
    return done


INTENSITY = {"warmup": "warmup", "run": "active", "walk": "rest", "cooldown": "cooldown"}


@pytest.mark.parametrize(("week", "run"), [(1, 1), (4, 1), (5, 3), (9, 3)])
def test_every_nhs_workout_reads_back_as_its_plan(week: int, run: int) -> None:
    plan = resolve_programme(None).workout(week, run)
    messages = read_fit(fit_workout(plan, f"W{week}R{run} NHS Couch to 5K", CREATED))
    assert expanded(messages) == [
        (INTENSITY[segment.kind.value], float(segment.seconds)) for segment in plan.segments
    ]
    file_id = messages[0]
    assert file_id == (
        "file_id",
        {
            "type": "workout",
            "manufacturer": "development",
            "product": 0,
            "serial_number": int(CREATED.timestamp()),
            "time_created": CREATED,
        },
    )
    name, fields = messages[1]
    assert (name, fields["sport"], fields["wkt_name"]) == (
        "workout",
        "running",
        f"W{week}R{run} NHS Couch to 5K",
    )
    assert fields["num_valid_steps"] == len(messages) - 2


def test_week_one_is_five_steps_with_a_repeat_of_eight() -> None:
    """Warm-up, run 60 s, walk 90 s, repeat those 8 times, cool-down."""
    plan = resolve_programme(None).workout(1, 1)
    steps = [f for n, f in read_fit(fit_workout(plan, "W1R1", CREATED)) if n == "workout_step"]
    assert [(s["message_index"], s["wkt_step_name"], s["duration_type"]) for s in steps] == [
        (0, "Warm-up", "time"),
        (1, "Run", "time"),
        (2, "Walk", "time"),
        (3, "Repeat", "repeat_until_steps_cmplt"),
        (4, "Cool-down", "time"),
    ]
    assert (steps[3]["duration_step"], steps[3]["repeat_steps"]) == (1, 8)
    assert all(s["target_type"] == "open" for s in steps)


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        pytest.param(
            [(RUN, 60), (RUN, 60)],
            [WorkoutStep(RUN, 60), WorkoutStep(RUN, 60)],
            id="twice: a repeat step would save nothing",
        ),
        pytest.param(
            [(RUN, 60)] * 3,
            [WorkoutStep(RUN, 60), WorkoutStep(None, back_to=0, times=3)],
            id="three times: saves one",
        ),
        pytest.param(
            [(RUN, 60), (WALK, 30)] * 2,
            [WorkoutStep(RUN, 60), WorkoutStep(WALK, 30), WorkoutStep(None, back_to=0, times=2)],
            id="a pair twice",
        ),
        pytest.param(
            [
                (WARMUP, 300),
                (RUN, 60),
                (WALK, 30),
                (RUN, 60),
                (WALK, 30),
                (RUN, 90),
                (COOLDOWN, 60),
            ],
            [
                WorkoutStep(WARMUP, 300),
                WorkoutStep(RUN, 60),
                WorkoutStep(WALK, 30),
                WorkoutStep(None, back_to=1, times=2),
                WorkoutStep(RUN, 90),
                WorkoutStep(COOLDOWN, 60),
            ],
            id="a repeat in the middle",
        ),
        pytest.param(
            [(RUN, 1), (RUN, 2), (RUN, 3), (RUN, 4)] * 2,
            [*(WorkoutStep(RUN, n) for n in (1, 2, 3, 4)), WorkoutStep(None, back_to=0, times=2)],
            id=f"a group of {MAX_GROUP}",
        ),
        pytest.param(
            [(RUN, 1), (RUN, 2), (RUN, 3), (RUN, 4), (RUN, 5)] * 2,
            [WorkoutStep(RUN, n) for n in (1, 2, 3, 4, 5)] * 2,
            id=f"a group of {MAX_GROUP + 1}: not looked for",
        ),
    ],
)
def test_repeats_are_found_where_they_save_steps(
    plan: list[tuple[SegmentKind, int]], expected: list[WorkoutStep]
) -> None:
    assert MAX_GROUP == 4
    assert workout_steps(workout(*plan)) == expected
    unrolled = expanded(read_fit(fit_workout(workout(*plan), "x", CREATED)))
    assert unrolled == [(INTENSITY[kind.value], float(seconds)) for kind, seconds in plan]


def test_long_names_are_cut_on_a_character_boundary() -> None:
    plan = workout((RUN, 60))
    name = "W1R1 Zurück zum Laufen: ein sehr langer Programmname ü"
    _, fields = read_fit(fit_workout(plan, name, CREATED))[1]
    assert fields["wkt_name"] == "W1R1 Zurück zum Laufen: ein se"  # 31 bytes in UTF-8 at most
    assert len(fields["wkt_name"].encode()) == 31


def test_the_fit_crc_is_crc16_arc() -> None:
    """The FIT SDK's CRC is CRC-16/ARC: its check value for "123456789" is 0xBB3D."""
    assert fit_crc(b"123456789") == 0xBB3D
    assert fit_crc(b"") == 0
    data = fit_workout(workout((RUN, 60)), "x", CREATED)
    assert fit_crc(data) == 0  # a file followed by its own CRC sums to zero
    assert fit_crc(data[:14]) == 0


def test_export_workout_writes_a_private_fit_file_and_refuses_other_names(tmp_path: Path) -> None:
    programme = resolve_programme(None)
    plan = programme.workout(4, 1)
    target = tmp_path / "W4R1.fit"
    assert export_workout(programme, plan, target, CREATED) == 9
    assert target.stat().st_mode & 0o777 == 0o600
    assert len(expanded(read_fit(target.read_bytes()))) == 9
    with pytest.raises(CouchTimerError, match=r"end the file name with \.fit .* -o W4R1\.fit"):
        export_workout(programme, plan, tmp_path / "W4R1.txt", CREATED)
    (tmp_path / "dir.fit").mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        export_workout(programme, plan, tmp_path / "dir.fit", CREATED)


def test_a_programme_of_the_longest_kind_still_makes_a_readable_file() -> None:
    """1,000 segments that never repeat: one step each, every one read back."""
    plan = Workout(1, 1, tuple(Segment(RUN if n % 2 else WALK, 1 + n) for n in range(1000)))
    programme = Programme("long", "Long", (plan,))
    data = fit_workout(plan, programme.name, CREATED)
    assert len(expanded(read_fit(data))) == 1000
