"""Programmes (weeks x runs), workouts and segments, and the TOML file format that holds them.

A programme file looks like this (see ``assets/programmes/nhs-c25k.toml``)::

    format = 1
    id = "nhs-c25k"
    name = "NHS Couch to 5K"
    warmup = { seconds = 300, label = "Brisk walk" }   # added to the start of every workout
    cooldown = { seconds = 300, label = "Walk" }      # added to the end of every workout

    [[workouts]]
    week = 1
    runs = [1, 2, 3]                                   # the same workout on runs 1, 2 and 3
    segments = [ { repeat = 8, of = [ { run = "60s" }, { walk = "90s" } ] } ]

A segment is a one-key table naming its kind (``warmup``, ``run``, ``walk``, ``cooldown``) with a
duration in whole seconds (``90``) or as text (``"90s"``, ``"5m"``, ``"2m30s"``), plus an optional
``label``. ``{ repeat = N, of = [...] }`` repeats a group of segments.

Everything in the file is bounded before it costs anything: the file's size
(``MAX_FILE_BYTES``), its nesting, the number of segments a workout expands to
(``MAX_SEGMENTS``, checked before a ``repeat`` multiplies its group), week and run numbers
(``MAX_WEEK``, ``MAX_RUN``) and the length of every text, which may hold no control characters.
"""

from __future__ import annotations

import os
import re
import reprlib
import stat
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeGuard, final

from couchtimer.core.clocktext import clock_text
from couchtimer.core.errors import ProgrammeError
from couchtimer.core.text import first_control

MAX_SEGMENT_SECONDS = 4 * 60 * 60
MAX_WORKOUT_SECONDS = 12 * 60 * 60
FORMAT_VERSION = 1
MAX_FILE_BYTES = 1024 * 1024  # the shipped programme is 2.5 kB
MAX_SEGMENTS = 1000  # per workout, once every repeat is expanded (the longest shipped: 19)
MAX_REPEAT_DEPTH = 8  # repeats inside repeats
MAX_WEEK = 999
MAX_RUN = 999
# Longest text allowed in each text field (characters).
MAX_TEXT = {"id": 200, "name": 200, "description": 2000, "source": 2000, "label": 200}


class SegmentKind(StrEnum):
    WARMUP = "warmup"
    RUN = "run"
    WALK = "walk"
    COOLDOWN = "cooldown"

    @property
    def heading(self) -> str:
        return _KIND_TITLES[self]

    @property
    def numbered(self) -> bool:
        """Runs and walks are counted: "Run 2 of 5" (see ``placement.segment_name``)."""
        return self in (SegmentKind.RUN, SegmentKind.WALK)


_KIND_TITLES = {
    SegmentKind.WARMUP: "Warm-up",
    SegmentKind.RUN: "Run",
    SegmentKind.WALK: "Walk",
    SegmentKind.COOLDOWN: "Cool-down",
}


# Segment, Workout and Programme are frozen value objects written out by hand, as a frozen, slotted
# dataclass would make them: equal by value (the same fields compared), hashable, shown with their
# fields, copied and pickled through __init__, never changed (FrozenInstanceError). Not
# dataclasses: the app makes this module before its first frame, and @dataclass costs about 4 M
# instructions a class (benchmarks/startup.py). tests/core/test_programme_values.py holds each of
# these behaviours; mypy sees the fields as Final, so no caller can assign one.
_set = object.__setattr__  # how __init__ writes past the frozen __setattr__, as a dataclass does


class _Frozen:
    __slots__ = ()

    if not TYPE_CHECKING:  # for mypy the fields are Final: no assignment passes it

        def __setattr__(self, name: str, value: object) -> None:
            from dataclasses import FrozenInstanceError  # only when it is raised

            raise FrozenInstanceError(f"cannot assign to field {name!r}")

        def __delattr__(self, name: str) -> None:
            from dataclasses import FrozenInstanceError

            raise FrozenInstanceError(f"cannot delete field {name!r}")


@final
class Segment(_Frozen):
    __slots__ = ("kind", "label", "seconds")
    __match_args__ = ("kind", "seconds", "label")
    # Set once, in __init__, through _set (so mypy asks for the initial value in vain)
    kind: Final[SegmentKind]  # type: ignore[misc]
    seconds: Final[int]  # type: ignore[misc]
    label: Final[str]  # type: ignore[misc]

    def __init__(self, kind: SegmentKind, seconds: int, label: str = "") -> None:
        if not 0 < seconds <= MAX_SEGMENT_SECONDS:
            raise ValueError(f"segment duration {seconds} s is outside 1..{MAX_SEGMENT_SECONDS}")
        _set(self, "kind", kind)
        _set(self, "seconds", seconds)
        _set(self, "label", label)

    def __repr__(self) -> str:
        return f"Segment(kind={self.kind!r}, seconds={self.seconds!r}, label={self.label!r})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not Segment:
            return NotImplemented
        return (self.kind, self.seconds, self.label) == (other.kind, other.seconds, other.label)

    def __hash__(self) -> int:
        return hash((self.kind, self.seconds, self.label))

    def __reduce__(self) -> tuple[type[Segment], tuple[SegmentKind, int, str]]:
        return Segment, (self.kind, self.seconds, self.label)


@final
class Workout(_Frozen):
    __slots__ = ("_ordinals", "_run_count", "run", "segments", "week")
    __match_args__ = ("week", "run", "segments")
    week: Final[int]  # type: ignore[misc]
    run: Final[int]  # type: ignore[misc]
    segments: Final[tuple[Segment, ...]]  # type: ignore[misc]
    # For each segment, which run it is (1, 2...; 0 for the others): run_ordinal in O(1), so
    # that listing a 1,000-segment workout is not a million steps. Neither shown nor compared.
    _ordinals: Final[tuple[int, ...]]  # type: ignore[misc]
    _run_count: Final[int]  # type: ignore[misc]

    def __init__(self, week: int, run: int, segments: tuple[Segment, ...]) -> None:
        if not segments:
            raise ValueError("a workout needs at least one segment")
        ordinals = []
        count = 0
        for segment in segments:
            if segment.kind is SegmentKind.RUN:
                count += 1
                ordinals.append(count)
            else:
                ordinals.append(0)
        _set(self, "week", week)
        _set(self, "run", run)
        _set(self, "segments", segments)
        _set(self, "_ordinals", tuple(ordinals))
        _set(self, "_run_count", count)

    def __repr__(self) -> str:
        return f"Workout(week={self.week!r}, run={self.run!r}, segments={self.segments!r})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not Workout:
            return NotImplemented
        return (self.week, self.run, self.segments) == (other.week, other.run, other.segments)

    def __hash__(self) -> int:
        return hash((self.week, self.run, self.segments))

    def __reduce__(self) -> tuple[type[Workout], tuple[int, int, tuple[Segment, ...]]]:
        return Workout, (self.week, self.run, self.segments)

    @property
    def total_seconds(self) -> int:
        return sum(segment.seconds for segment in self.segments)

    @property
    def code(self) -> str:
        """Short name used on the command line and in the UI, e.g. ``W4R1``."""
        return f"W{self.week}R{self.run}"

    def run_ordinal(self, index: int) -> tuple[int, int] | None:
        """For a run segment, (which run it is, how many runs there are): "Run 3 of 8"."""
        ordinal = self._ordinals[index]
        return (ordinal, self._run_count) if ordinal else None

    def walk_ordinal(self, index: int) -> tuple[int, int] | None:
        """For a walk between runs, (which walk it is, how many there are): "Walk 2 of 3"."""
        if self.segments[index].kind is not SegmentKind.WALK:
            return None
        walks = [i for i, seg in enumerate(self.segments) if seg.kind is SegmentKind.WALK]
        return walks.index(index) + 1, len(walks)

    def start_offset(self, index: int) -> int:
        """Planned seconds from the start of the workout to the start of segment ``index``."""
        from couchtimer.core.placement import planned_start  # not needed for the app's 1st frame

        return planned_start(self.segments, index)


@final
class Programme(_Frozen):
    __slots__ = ("description", "id", "name", "origin", "source", "workouts")
    __match_args__ = ("id", "name", "workouts", "description", "source", "origin")
    id: Final[str]  # type: ignore[misc]
    name: Final[str]  # type: ignore[misc]
    workouts: Final[tuple[Workout, ...]]  # type: ignore[misc]
    description: Final[str]  # type: ignore[misc]
    source: Final[str]  # type: ignore[misc]
    origin: Final[str]  # type: ignore[misc]  # where it was read from: shown, not compared

    def __init__(
        self,
        id: str,
        name: str,
        workouts: tuple[Workout, ...],
        description: str = "",
        source: str = "",
        origin: str = "",
    ) -> None:
        _set(self, "id", id)
        _set(self, "name", name)
        _set(self, "workouts", workouts)
        _set(self, "description", description)
        _set(self, "source", source)
        _set(self, "origin", origin)

    def __repr__(self) -> str:
        return (
            f"Programme(id={self.id!r}, name={self.name!r}, workouts={self.workouts!r}, "
            f"description={self.description!r}, source={self.source!r}, origin={self.origin!r})"
        )

    def _compared(self) -> tuple[str, str, tuple[Workout, ...], str, str]:
        return (self.id, self.name, self.workouts, self.description, self.source)

    def __eq__(self, other: object) -> bool:
        if type(other) is not Programme:
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())

    def __reduce__(
        self,
    ) -> tuple[type[Programme], tuple[str, str, tuple[Workout, ...], str, str, str]]:
        return Programme, (*self._compared(), self.origin)

    @property
    def weeks(self) -> tuple[int, ...]:
        return tuple(sorted({w.week for w in self.workouts}))

    def runs_in_week(self, week: int) -> tuple[int, ...]:
        return tuple(sorted(w.run for w in self.workouts if w.week == week))

    def workout(self, week: int, run: int) -> Workout:
        for candidate in self.workouts:
            if candidate.week == week and candidate.run == run:
                return candidate
        choices = ", ".join(w.code for w in self.workouts)
        raise ProgrammeError(
            f"{self.name} ({self.id}) has no week {week} run {run}; choose one of: {choices}"
        )

    def next_after(self, week: int, run: int) -> Workout | None:
        """The workout that follows week/run in programme order, or None after the last."""
        ordered = sorted(self.workouts, key=lambda w: (w.week, w.run))
        for position, candidate in enumerate(ordered):
            if (candidate.week, candidate.run) == (week, run):
                return ordered[position + 1] if position + 1 < len(ordered) else None
        return None


# --- parsing -------------------------------------------------------------------------------------

_TOP_KEYS = {"format", "id", "name", "description", "source", "warmup", "cooldown", "workouts"}
_WORKOUT_KEYS = {"week", "runs", "segments"}
_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s(?:ec)?)?\s*$")
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")  # used with fullmatch: "id\n" is not an id
_SHOWN = reprlib.Repr()
_SHOWN.maxstring = 60
_SHOWN.maxother = 60


def _shown(value: object) -> str:
    """``repr(value)``, cut short: an error message quotes what it found, not a megabyte of it."""
    return _SHOWN.repr(value)


def _key(name: str) -> str:
    """A key from the file as an error message quotes it: short, with no control characters."""
    return name if len(name) <= 60 and first_control(name) is None else _shown(name)


class _Context:
    """Where in which file we are, so that every error can say so."""

    def __init__(self, source: str, lines: dict[int, int]) -> None:
        self.source = source
        self.workout_lines = lines

    def error(
        self, where: str, problem: str, remedy: str, workout: int | None = None
    ) -> ProgrammeError:
        place = self.source
        if workout is not None and workout in self.workout_lines:
            place += f", line {self.workout_lines[workout]}"
        return ProgrammeError(f"{place}: {where}: {problem}. {remedy}")


def parse_duration(value: object) -> int | None:
    """Seconds from ``90`` or ``"90s"``/``"5m"``/``"2m30s"``/``"1h"``; None when unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        match = _DURATION.match(value)
        if match and any(match.groups()):
            # More than 9 digits is more than 4 hours whatever the unit (and int() refuses
            # over 4,300 digits): counted as 10^9 so that the range check names it.
            hours, minutes, seconds = (
                (int(g) if len(g) <= 9 else 10**9) if g else 0 for g in match.groups()
            )
            return hours * 3600 + minutes * 60 + seconds
    return None


def _workout_header_lines(text: str) -> dict[int, int]:
    """Line number (1-based) of each ``[[workouts]]`` header, by position in the array."""
    lines: dict[int, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("[[workouts]]"):
            lines[len(lines)] = number
    return lines


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """The TOML document in ``text``; ``source`` names the file in the error if it is not TOML."""
    import tomllib  # here: with the datetime it needs, 5 ms of start-up that a cache can save

    if len(text) > MAX_FILE_BYTES:
        raise _too_big(source)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProgrammeError(
            f"{source}: not valid TOML ({exc}). Fix the syntax at that line; "
            "see assets/programmes/nhs-c25k.toml for a working example."
        ) from exc
    except RecursionError:
        raise ProgrammeError(
            f"{source}: nested too deeply to read (arrays or tables inside each other hundreds "
            "of levels down). A programme needs only a few levels; see "
            "assets/programmes/nhs-c25k.toml."
        ) from None
    except ValueError as exc:  # a number too long to convert, and the like
        raise ProgrammeError(
            f"{source}: not a usable TOML file ({exc}). Check the numbers in it; see "
            "assets/programmes/nhs-c25k.toml for a working example."
        ) from None


def _too_big(source: str) -> ProgrammeError:
    return ProgrammeError(
        f"{source}: larger than {MAX_FILE_BYTES // 1024} kB, too large for a programme file "
        "(the NHS plan is 3 kB). Check that this is the right file."
    )


def programme_from_data(
    data: dict[str, Any], source: str, text: str | None = None, origin: str = ""
) -> Programme:
    """Validate a parsed programme file. With its ``text``, errors also name the line."""
    lines = _workout_header_lines(text) if text is not None else {}
    return _build_programme(data, _Context(source, lines), origin)


def parse_programme(text: str, source: str) -> Programme:
    """Parse and validate programme TOML. ``source`` names the file in error messages."""
    return programme_from_data(parse_toml(text, source), source, text)


def read_programme_text(path: Path) -> str:
    """The file's text: a regular file of at most ``MAX_FILE_BYTES`` (a FIFO would never end)."""
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise ProgrammeError(
                    f"{path}: not a regular file. Give the path of a .toml programme file."
                )
            # read(n) sets aside n bytes first: ask for what the file holds, up to the cap
            data = handle.read(min(info.st_size, MAX_FILE_BYTES) + 1)
        if len(data) > MAX_FILE_BYTES:
            raise _too_big(str(path))
        return data.decode("utf-8")
    except OSError as exc:
        raise ProgrammeError(
            f"{path}: cannot read the programme file ({exc.strerror}). "
            "Check the path and that the file is readable."
        ) from exc
    except UnicodeDecodeError as exc:
        raise ProgrammeError(f"{path}: not a UTF-8 text file. Save it as UTF-8 TOML.") from exc


def load_programme(path: Path) -> Programme:
    """Read and validate a programme file."""
    text = read_programme_text(path)
    return programme_from_data(parse_toml(text, str(path)), str(path), text, origin=str(path))


def _require_text(data: dict[str, Any], key: str, ctx: _Context, required: bool = False) -> str:
    if key not in data:
        if required:
            raise ctx.error(
                f"field '{key}'", "missing", f'Add {key} = "..." at the top of the file.'
            )
        return ""
    value = data[key]
    if not isinstance(value, str) or (required and not value.strip()):
        wanted = "must be non-empty text" if required else "must be text"
        raise ctx.error(f"field '{key}'", wanted, f'Write {key} = "..."')
    return _plain_text(value, key, f"field '{key}'", ctx, None)


def _plain_text(value: str, kind: str, where: str, ctx: _Context, workout: int | None) -> str:
    """Text as shown to the runner: bounded, and without control characters."""
    limit = MAX_TEXT[kind]
    if len(value) > limit:
        raise ctx.error(
            where,
            f"{len(value)} characters long, more than the {limit} allowed",
            "Shorten it.",
            workout,
        )
    control = first_control(value)
    if control is not None:
        raise ctx.error(
            where,
            f"holds the control character {control}",
            "Remove it: names and labels are plain text (no escape codes, tabs or line breaks).",
            workout,
        )
    return value


def _build_programme(data: dict[str, Any], ctx: _Context, origin: str) -> Programme:
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise ctx.error(
            f"field '{_key(unknown[0])}'",
            "not a known programme field",
            f"Remove it or check the spelling; known fields: {', '.join(sorted(_TOP_KEYS))}.",
        )
    version = data.get("format", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise ctx.error(
            "field 'format'",
            f"format {_shown(version)} is not supported",
            f"Use format = {FORMAT_VERSION}.",
        )
    programme_id = _require_text(data, "id", ctx, required=True)
    if not _ID.fullmatch(programme_id):
        raise ctx.error(
            "field 'id'",
            f"{programme_id!r} is not a valid id",
            'Use lower-case letters, digits and dashes, e.g. id = "my-plan".',
        )
    name = _require_text(data, "name", ctx, required=True)
    description = _require_text(data, "description", ctx)
    source = _require_text(data, "source", ctx)
    warmup = _edge_segment(data, "warmup", SegmentKind.WARMUP, ctx)
    cooldown = _edge_segment(data, "cooldown", SegmentKind.COOLDOWN, ctx)

    raw_workouts = data.get("workouts")
    if raw_workouts is None:
        raise ctx.error(
            "field 'workouts'",
            "missing",
            "Add at least one [[workouts]] table with week, runs and segments.",
        )
    if not isinstance(raw_workouts, list) or not raw_workouts:
        raise ctx.error(
            "field 'workouts'",
            "must be a non-empty list of [[workouts]] tables",
            "Add at least one [[workouts]] table with week, runs and segments.",
        )
    workouts: list[Workout] = []
    seen: dict[tuple[int, int], int] = {}
    for position, raw in enumerate(raw_workouts):
        for workout in _build_workouts(raw, position, warmup, cooldown, ctx):
            key = (workout.week, workout.run)
            if key in seen:
                raise ctx.error(
                    f"week {workout.week} run {workout.run}",
                    f"defined twice (workouts #{seen[key] + 1} and #{position + 1})",
                    "Keep one definition of each week/run.",
                    workout=position,
                )
            seen[key] = position
            workouts.append(workout)
    workouts.sort(key=lambda w: (w.week, w.run))
    return Programme(
        id=programme_id,
        name=name,
        workouts=tuple(workouts),
        description=description,
        source=source,
        origin=origin,
    )


def _edge_segment(
    data: dict[str, Any], key: str, kind: SegmentKind, ctx: _Context
) -> Segment | None:
    raw = data.get(key)
    if raw is None:
        return None
    where = f"field '{key}'"
    if not isinstance(raw, dict):
        raise ctx.error(
            where, "must be a table", f'Write {key} = {{ seconds = 300, label = "..." }}.'
        )
    unknown = sorted(set(raw) - {"seconds", "label"})
    if unknown:
        raise ctx.error(
            f"field '{key}.{_key(unknown[0])}'",
            "not a known field",
            "Use only 'seconds' and 'label'.",
        )
    if "seconds" not in raw:
        raise ctx.error(f"field '{key}.seconds'", "missing", "Add seconds = 300 (for example).")
    seconds = _checked_seconds(raw["seconds"], f"field '{key}.seconds'", ctx, None)
    label = _label(raw, f"field '{key}.label'", ctx, None)
    return Segment(kind, seconds, label)


def _checked_seconds(value: object, where: str, ctx: _Context, workout: int | None) -> int:
    seconds = parse_duration(value)
    if seconds is None:
        raise ctx.error(
            where,
            f"{_shown(value)} is not a duration",
            'Write whole seconds (90) or text such as "90s", "5m" or "2m30s".',
            workout,
        )
    if seconds <= 0:
        raise ctx.error(
            where, f"duration {seconds} s is not allowed", "Use at least 1 second.", workout
        )
    if seconds > MAX_SEGMENT_SECONDS:
        raise ctx.error(
            where,
            f"duration {seconds} s is longer than 4 hours",
            'Check the unit: plain numbers are seconds ("5m" is five minutes).',
            workout,
        )
    return seconds


def _label(raw: dict[str, Any], where: str, ctx: _Context, workout: int | None) -> str:
    label = raw.get("label", "")
    if not isinstance(label, str):
        raise ctx.error(where, "must be text", 'Write label = "...".', workout)
    return _plain_text(label, "label", where, ctx, workout)


def _positive_int(value: object, most: int | None = None) -> TypeGuard[int]:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value > 0
        and (most is None or value <= most)
    )


def _build_workouts(
    raw: object,
    position: int,
    warmup: Segment | None,
    cooldown: Segment | None,
    ctx: _Context,
) -> list[Workout]:
    name = f"workouts #{position + 1}"
    if not isinstance(raw, dict):
        # Not a table, so not written under a [[workouts]] header: no line to name.
        raise ctx.error(name, "must be a table", "Write it as a [[workouts]] table.")
    week = raw.get("week")
    if week is not None and _positive_int(week, MAX_WEEK):
        name = f"week {week}"
    unknown = sorted(set(raw) - _WORKOUT_KEYS)
    if unknown:
        raise ctx.error(
            f"{name}, field '{_key(unknown[0])}'",
            "not a known workout field",
            f"Remove it or check the spelling; known fields: {', '.join(sorted(_WORKOUT_KEYS))}.",
            position,
        )
    for key in ("week", "runs", "segments"):
        if key not in raw:
            raise ctx.error(f"{name}, field '{key}'", "missing", _MISSING_REMEDY[key], position)
    if not _positive_int(week):
        raise ctx.error(
            f"{name}, field 'week'",
            f"{_shown(week)} is not a week number",
            "Use 1, 2, 3...",
            position,
        )
    if week > MAX_WEEK:
        raise ctx.error(
            f"{name}, field 'week'",
            f"week {_shown(week)} is beyond the last week a programme may have ({MAX_WEEK})",
            f"Number the weeks 1, 2, 3... up to {MAX_WEEK}.",
            position,
        )
    runs = raw["runs"]
    if not isinstance(runs, list) or not runs or not all(_positive_int(r) for r in runs):
        raise ctx.error(
            f"{name}, field 'runs'",
            f"{_shown(runs)} is not a list of run numbers",
            "Write runs = [1, 2, 3] (or runs = [1] for one run).",
            position,
        )
    if len(runs) > MAX_RUN or max(runs) > MAX_RUN:
        raise ctx.error(
            f"{name}, field 'runs'",
            f"{_shown(runs)} goes beyond the last run a week may have ({MAX_RUN})",
            f"Number the runs 1, 2, 3... up to {MAX_RUN}.",
            position,
        )
    segments_raw = raw["segments"]
    where = f"week {week} runs {runs}"
    if not isinstance(segments_raw, list) or not segments_raw:
        raise ctx.error(
            f"{where}, field 'segments'",
            "empty: a workout needs at least one segment",
            'Add segments such as [ { run = "60s" }, { walk = "90s" } ].',
            position,
        )
    body = _segments(segments_raw, f"{where}, segment", ctx, position, depth=0)
    segments = tuple(s for s in (warmup, *body, cooldown) if s is not None)
    total = sum(segment.seconds for segment in segments)
    if total > MAX_WORKOUT_SECONDS:
        raise ctx.error(
            f"{where}, field 'segments'",
            f"the workout lasts {clock_text(total)}, longer than 12 hours",
            "Check the repeat counts and the units (plain numbers are seconds).",
            position,
        )
    return [Workout(week, run, segments) for run in runs]


_MISSING_REMEDY = {
    "week": "Add week = N to the [[workouts]] table.",
    "runs": "Add runs = [1, 2, 3] (the runs of the week that use this workout).",
    "segments": 'Add segments = [ { run = "60s" }, { walk = "90s" } ].',
}


def _segments(
    items: list[Any], where: str, ctx: _Context, workout: int, depth: int
) -> list[Segment]:
    result: list[Segment] = []
    for number, item in enumerate(items, start=1):
        here = f"{where} {number}"
        if not isinstance(item, dict):
            raise ctx.error(
                here,
                f"{_shown(item)} is not a segment",
                'Write { run = "60s" } or { walk = 90 }.',
                workout,
            )
        if "repeat" in item or "of" in item:
            result.extend(_repeat(item, here, ctx, workout, depth + 1))
            _check_count(len(result), here, ctx, workout)
            continue
        kinds = [k for k in item if k in SegmentKind.__members__.values()]
        unknown = sorted(set(item) - set(SegmentKind.__members__.values()) - {"label"})
        if unknown:
            raise ctx.error(
                f"{here}, field '{_key(unknown[0])}'",
                "not a known segment field",
                "A segment is one of warmup/run/walk/cooldown with a duration, plus an optional "
                "label.",
                workout,
            )
        if len(kinds) != 1:
            raise ctx.error(
                here,
                "needs exactly one of warmup, run, walk or cooldown",
                'Write { run = "60s" } or { walk = 90 }.',
                workout,
            )
        kind = SegmentKind(kinds[0])
        seconds = _checked_seconds(item[kinds[0]], f"{here}, field '{kind}'", ctx, workout)
        result.append(Segment(kind, seconds, _label(item, f"{here}, field 'label'", ctx, workout)))
        _check_count(len(result), here, ctx, workout)
    return result


def _check_count(count: int, here: str, ctx: _Context, workout: int) -> None:
    """Refuse a workout of more than ``MAX_SEGMENTS`` segments before building any more of it."""
    if count > MAX_SEGMENTS:
        raise ctx.error(
            here,
            f"the workout has {count} or more segments, more than the {MAX_SEGMENTS} allowed",
            "Check the repeat counts: a repeat multiplies every segment inside it.",
            workout,
        )


def _repeat(
    item: dict[str, Any], here: str, ctx: _Context, workout: int, depth: int
) -> list[Segment]:
    unknown = sorted(set(item) - {"repeat", "of"})
    if unknown:
        raise ctx.error(
            f"{here}, field '{_key(unknown[0])}'",
            "not a known repeat field",
            "A repeat is { repeat = N, of = [ ...segments... ] }.",
            workout,
        )
    count = item.get("repeat")
    if not _positive_int(count) or count > 100:
        raise ctx.error(
            f"{here}, field 'repeat'",
            f"{_shown(count)} is not a repeat count",
            "Use a whole number from 1 to 100.",
            workout,
        )
    group = item.get("of")
    if not isinstance(group, list) or not group:
        raise ctx.error(
            f"{here}, field 'of'",
            "must be a non-empty list of segments",
            'Write of = [ { run = "60s" }, { walk = "90s" } ].',
            workout,
        )
    if depth > MAX_REPEAT_DEPTH:
        raise ctx.error(
            here,
            f"repeats nested more than {MAX_REPEAT_DEPTH} deep",
            "Write the workout with fewer repeats inside repeats.",
            workout,
        )
    inner = _segments(group, f"{here} (repeat), segment", ctx, workout, depth)
    _check_count(len(inner) * count, here, ctx, workout)  # before the list is multiplied
    return inner * count
