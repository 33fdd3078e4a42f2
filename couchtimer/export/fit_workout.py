"""A workout as a structured FIT workout file (``couchtimer export-workout``, File > Export
workout for a watch): warm-up, run, walk and cool-down steps with their durations, which Garmin
and other watches run with their own alerts. Copied into the watch's ``GARMIN/NewFiles`` folder
(USB), the watch files it under its workouts.

A small writer of our own (FIT protocol 1.0 records, little-endian, no developer fields) rather
than a library: the file is four message types, ``file_id``, ``workout`` and ``workout_step``
with fixed fields, plus the FIT CRC; fit-tool would add a dependency for that. It is read back
with fitdecode in the tests.

Steps: a run is ``active``, a walk between runs ``rest`` (understood by every FIT device), the
warm-up ``warmup`` and the cool-down ``cooldown``; each lasts its planned seconds (``time``
duration, in milliseconds) with an ``open`` target. A stretch of the plan that repeats (8 x run
60 s, walk 90 s) is written once, followed by a ``repeat_until_steps_cmplt`` step: watches hold
a limited number of steps (50 on many Garmin models), and show "2 of 8" themselves.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from couchtimer.core.errors import CouchTimerError
from couchtimer.core.programme import Programme, SegmentKind, Workout

#: FIT time is seconds since 1989-12-31 00:00 UTC.
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
PROFILE_VERSION = 2132  # 21.32: a profile that has every field used here
PROTOCOL_VERSION = 0x10  # 1.0: no developer fields or 64-bit types needed

# Global message numbers and enum values from the FIT profile.
MESG_FILE_ID, MESG_WORKOUT, MESG_WORKOUT_STEP = 0, 26, 27
FILE_TYPE_WORKOUT = 5
MANUFACTURER_DEVELOPMENT = 255
SPORT_RUNNING = 1
DURATION_TIME, DURATION_REPEAT_UNTIL_STEPS_CMPLT = 0, 6
TARGET_OPEN = 2
INTENSITY = {
    SegmentKind.RUN: 0,  # active
    SegmentKind.WALK: 1,  # rest
    SegmentKind.WARMUP: 2,  # warmup
    SegmentKind.COOLDOWN: 3,  # cooldown
}
ENUM_INVALID = 0xFF
#: Longest stretch of steps looked for as a repeating group.
MAX_GROUP = 4
NAME_BYTES = 16  # a step name field, NUL included (watches show about 15 characters)
WORKOUT_NAME_BYTES = 32

_BASE = {"enum": (0x00, "B"), "uint16": (0x84, "H"), "uint32": (0x86, "I"), "uint32z": (0x8C, "I")}
_STRING = 0x07


@dataclass(frozen=True, slots=True)
class WorkoutStep:
    """One step as written: a timed segment, or a repeat of the steps from ``back_to``."""

    kind: SegmentKind | None  # None for a repeat step
    seconds: int = 0
    back_to: int = 0
    times: int = 0

    @property
    def name(self) -> str:
        return self.kind.heading if self.kind is not None else "Repeat"


def workout_steps(workout: Workout) -> list[WorkoutStep]:
    """The plan's segments as steps, each repeating stretch once plus a repeat step."""
    plan = [(segment.kind, segment.seconds) for segment in workout.segments]
    steps: list[WorkoutStep] = []
    index = 0
    while index < len(plan):
        size, times = _repeat_at(plan, index)
        first = len(steps)
        steps += [WorkoutStep(kind, seconds) for kind, seconds in plan[index : index + size]]
        if times > 1:
            steps.append(WorkoutStep(None, back_to=first, times=times))
        index += size * times
    return steps


def _repeat_at(plan: Sequence[tuple[SegmentKind, int]], index: int) -> tuple[int, int]:
    """(group size, times) of the repeat starting at ``index`` that saves the most steps;
    (1, 1) when nothing repeats there."""
    best = (1, 1)
    best_saved = 0
    for size in range(1, MAX_GROUP + 1):
        group = plan[index : index + size]
        if len(group) < size:
            break
        times = 1
        while plan[index + times * size : index + (times + 1) * size] == group:
            times += 1
        saved = size * (times - 1) - 1  # the repeat step itself costs one
        if times > 1 and saved > best_saved:
            best, best_saved = (size, times), saved
    return best


def fit_workout(workout: Workout, name: str, created: datetime) -> bytes:
    """The FIT workout file for ``workout``, called ``name`` on the watch."""
    steps = workout_steps(workout)
    records = bytearray()
    records += _definition(0, MESG_FILE_ID, [(0, "enum"), (1, "uint16"), (2, "uint16"),
                                             (3, "uint32z"), (4, "uint32")])  # fmt: skip
    serial = int(created.timestamp()) & 0xFFFFFFFF or 1  # uint32z: 0 is "no value"
    records += _data(0, [("enum", FILE_TYPE_WORKOUT), ("uint16", MANUFACTURER_DEVELOPMENT),
                         ("uint16", 0), ("uint32z", serial),
                         ("uint32", _fit_time(created))])  # fmt: skip
    records += _definition(1, MESG_WORKOUT, [(4, "enum"), (6, "uint16"), (8, WORKOUT_NAME_BYTES)])
    records += _data(1, [("enum", SPORT_RUNNING), ("uint16", len(steps)),
                         (WORKOUT_NAME_BYTES, name)])  # fmt: skip
    records += _definition(
        2,
        MESG_WORKOUT_STEP,
        [(254, "uint16"), (0, NAME_BYTES), (1, "enum"), (2, "uint32"), (3, "enum"),
         (4, "uint32"), (7, "enum")],
    )  # fmt: skip
    for index, step in enumerate(steps):
        if step.kind is None:
            values = [DURATION_REPEAT_UNTIL_STEPS_CMPLT, step.back_to, TARGET_OPEN, step.times,
                      ENUM_INVALID]  # fmt: skip
        else:
            values = [DURATION_TIME, step.seconds * 1000, TARGET_OPEN, 0, INTENSITY[step.kind]]
        duration_type, duration, target, target_value, intensity = values
        records += _data(
            2,
            [("uint16", index), (NAME_BYTES, step.name), ("enum", duration_type),
             ("uint32", duration), ("enum", target), ("uint32", target_value),
             ("enum", intensity)],
        )  # fmt: skip
    header = struct.pack("<BBHI4s", 14, PROTOCOL_VERSION, PROFILE_VERSION, len(records), b".FIT")
    header += struct.pack("<H", fit_crc(header))
    body = header + bytes(records)
    return body + struct.pack("<H", fit_crc(body))


def export_workout(programme: Programme, workout: Workout, target: Path, created: datetime) -> int:
    """Write ``workout`` to ``target`` (a ``.fit`` file, or ``-``); returns how many steps."""
    from couchtimer.store.output import write_output

    if str(target) != "-" and target.suffix.lower() != ".fit":
        raise CouchTimerError(
            f"{target}: end the file name with .fit (a watch picks up only .fit files), "
            f"e.g. -o {workout.code}.fit"
        )
    name = f"{workout.code} {programme.name}"
    write_output(target, fit_workout(workout, name, created), f"{workout.code}.fit")
    return len(workout_steps(workout))


def _fit_time(moment: datetime) -> int:
    return max(0, int((moment - FIT_EPOCH).total_seconds()))


Field = tuple[int, str | int]  # (field number, base type name or string size)


def _definition(local: int, global_number: int, fields: Sequence[Field]) -> bytes:
    out = struct.pack("<BBBHB", 0x40 | local, 0, 0, global_number, len(fields))
    for number, kind in fields:
        if isinstance(kind, int):
            out += struct.pack("<BBB", number, kind, _STRING)
        else:
            base, code = _BASE[kind]
            out += struct.pack("<BBB", number, struct.calcsize(code), base)
    return out


def _data(local: int, values: Sequence[tuple[str | int, int | str]]) -> bytes:
    out = bytes([local])
    for kind, value in values:
        if isinstance(kind, int):
            out += _string(str(value), kind)
        else:
            out += struct.pack("<" + _BASE[kind][1], int(value))
    return out


def _string(text: str, size: int) -> bytes:
    """UTF-8, cut on a character boundary to leave room for the NUL, padded with NULs."""
    encoded = text.encode("utf-8")[: size - 1].decode("utf-8", "ignore").encode("utf-8")
    return encoded.ljust(size, b"\0")


_CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip


def fit_crc(data: bytes, crc: int = 0) -> int:
    """The FIT CRC-16 of ``data`` (the FIT SDK's nibble-table algorithm)."""
    for byte in data:
        for nibble in (byte & 0xF, byte >> 4):
            low = _CRC_TABLE[crc & 0xF]
            crc = (crc >> 4) & 0x0FFF
            crc ^= low ^ _CRC_TABLE[nibble]
    return crc
