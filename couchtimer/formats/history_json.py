"""The history as JSON: complete and re-importable (``couchtimer export --format json``).

JSON holds every run with its stable ``uuid``, so importing the same file twice adds nothing.
An import file comes from outside, so it is read defensively: its size is capped, duplicate keys
and the non-standard tokens ``NaN``/``Infinity`` are refused, and every field is checked against
the ranges declared below (``LIMITS``) before anything is written. Whatever is wrong, the error
(``ExportFileError``) names the file; importing it into the history is ``store/transfer.py``.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import re
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from couchtimer import __version__
from couchtimer.core.advice import AdviceEntry
from couchtimer.core.errors import ExportFileError
from couchtimer.core.history import (
    MeasuredTerrain,
    RunRecord,
    SegmentRecord,
    parse_utc,
    utc_text,
)
from couchtimer.core.pain import Checkin, PainMark, PainReport
from couchtimer.core.programme import MAX_RUN, MAX_SEGMENTS, MAX_WEEK, MAX_WORKOUT_SECONDS
from couchtimer.core.text import first_control
from couchtimer.formats.recording_json import KeptRecording, recording_from_json

FORMAT_NAME = "couchtimer-history"
# 2: a run may carry its watch or phone recording ("recording"). Version 1 files are read as
# before; a CouchTimer that reads only 1 refuses a 2 ("update CouchTimer") rather than drop
# the recordings without a word.
FORMAT_VERSION = 2
READS_VERSIONS = (1, 2)


def run_to_json(run: RunRecord, recording: dict[str, Any] | None = None) -> dict[str, Any]:
    """The run as an export holds it; ``recording``: its kept recording's export object
    (``store.tracks.recordings_for_export``), or None."""
    row = run.to_row()
    del row["id"]  # ids are local to one file; the uuid travels
    row["planned"] = json.loads(row["planned"])
    report = None
    if run.report is not None:
        report = run.report.to_row()
        for name in ("areas", "characters", "red_flags_yes"):
            report[name] = json.loads(report[name])
    checkin = None
    if run.checkin is not None:
        checkin = run.checkin.to_row()
        checkin["at"] = None if run.checkin_at is None else utc_text(run.checkin_at)
    document = {
        **row,
        "segments": [segment.to_row() for segment in run.segments],
        "marks": [mark.to_row() for mark in run.marks],
        "report": report,
        "checkin": checkin,
    }
    if recording is not None:  # only where one is kept: a run without stays as version 1 had it
        document["recording"] = recording
    return document


def export_json(
    runs: list[RunRecord],
    now: datetime,
    advice: Sequence[AdviceEntry] = (),
    recordings: Mapping[int, dict[str, Any]] | None = None,
    cleared_at: datetime | None = None,
) -> str:
    """The export: every run with its recording (by run id, where one is kept), the advice
    log (what the runner was told, and when), and ``red_flags_cleared_at``: when the runner
    last said a doctor or physio has seen them (null: never; ``store/facts.py``)."""
    recordings = recordings or {}
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": utc_text(now),
        "app_version": __version__,
        "red_flags_cleared_at": None if cleared_at is None else utc_text(cleared_at),
        "runs": [run_to_json(run, recordings.get(run.id)) for run in runs],
        "advice": [entry.to_row() for entry in advice],
    }
    # allow_nan=False: never write NaN or Infinity, which are not JSON (a ValueError instead)
    return json.dumps(document, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


@dataclass(frozen=True, slots=True)
class Limits:
    """What an imported run may hold. A value outside these is refused, never clipped."""

    max_file_bytes: int = 32 * 1024 * 1024  # 1,000 runs (five years) export to 3.3 MB
    earliest: datetime = datetime(2000, 1, 1, tzinfo=UTC)  # dates from 2000 ...
    latest: datetime = datetime(2101, 1, 1, tzinfo=UTC)  # ... to the end of 2100
    max_week: int = MAX_WEEK
    max_run: int = MAX_RUN
    max_seconds: float = MAX_WORKOUT_SECONDS  # any offset or duration inside a run: 12 h
    max_planned: int = MAX_SEGMENTS  # planned segments of a run
    max_visits: int = 10 * MAX_SEGMENTS  # recorded segments ("back" revisits one)
    max_marks: int = 10_000
    max_notes: int = 10_000  # characters in a note
    max_id: int = 100  # characters in a uuid, programme id, app version, red flag id
    max_list: int = 100  # body areas, characters, red flags of a report
    max_depth: int = 64  # lists and objects inside each other (an export goes 5 deep)
    max_advice: int = 100_000  # advice log entries (one a day for years is a few thousand)


LIMITS = Limits()


class _RefusedError(ValueError):
    """A value the reader refuses outright: a duplicate key, NaN or Infinity."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _RefusedError(f"the key {_short(key)} appears twice in one object")
        result[key] = value
    return result


def _no_constant(name: str) -> float:
    raise _RefusedError(f"{name} is not a number JSON allows")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _RefusedError(f"the number {_short(text)} is too large")
    return value


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _run_from_json(item: Any) -> tuple[RunRecord, KeptRecording | None]:
    """The run, and its recording where the export carries one (``run.measured`` then holds
    the recording's per-segment figures, as the store would load them)."""
    if not isinstance(item, dict):
        raise ValueError("a run must be an object")
    for name, most in (("segments", LIMITS.max_visits), ("marks", LIMITS.max_marks)):
        if isinstance(item.get(name), list) and len(item[name]) > most:
            raise ValueError(f"it has {len(item[name])} {name}, more than the {most} allowed")
    if isinstance(item.get("planned"), list) and len(item["planned"]) > LIMITS.max_planned:
        raise ValueError(
            f"it plans {len(item['planned'])} segments, more than the {LIMITS.max_planned} allowed"
        )
    segments = tuple(SegmentRecord.from_row(s) for s in _list(item["segments"], "segments"))
    marks = tuple(PainMark.from_row(m) for m in _list(item["marks"], "marks"))
    report = None if item["report"] is None else PainReport.from_row(item["report"])
    checkin, checkin_at = None, None
    if item["checkin"] is not None:
        checkin = Checkin.from_row(item["checkin"])
        checkin_at = parse_utc(item["checkin"]["at"])
    uuid_text = item["uuid"]
    if not isinstance(uuid_text, str) or not uuid_text:
        raise ValueError("every run needs its uuid")
    planned = len(_list(item["planned"], "planned"))
    for mark in marks:
        if mark.segment_index >= planned:
            raise ValueError(f"a pain mark names segment {mark.segment_index + 1} of {planned}")
    for segment in segments:
        if not 0 <= segment.index < planned:
            raise ValueError(f"a recorded segment names segment {segment.index + 1} of {planned}")
    run = RunRecord.from_row(
        {**item, "id": 0},
        segments=segments,
        marks=marks,
        report=report,
        checkin=checkin,
        checkin_at=checkin_at,
    )
    check_run(run)
    kept = None
    if item.get("recording") is not None:
        kept = recording_from_json(
            item["recording"], planned, LIMITS.max_visits, LIMITS.earliest, LIMITS.latest
        )
        run = dataclasses.replace(run, measured=MeasuredTerrain(kept.metrics))
    return run, kept


# A uuid names the run's lock file (runs/<uuid>.live) and a programme id can be looked up as a
# programme: neither may hold a path. CouchTimer makes uuid4s and programme-file ids.
_UUID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
_PROGRAMME_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


def check_run(run: RunRecord) -> None:
    """Every field of ``run`` within ``LIMITS``; ValueError names the first that is not."""
    for name, text in (
        ("uuid", run.uuid),
        ("programme id", run.programme_id),
        ("app version", run.app_version),
    ):
        _check_text(text, name, LIMITS.max_id)
    if not _UUID.fullmatch(run.uuid):
        raise ValueError(
            f"its uuid {_short(run.uuid)} is not one CouchTimer makes (letters, digits, dashes)"
        )
    if not _PROGRAMME_ID.fullmatch(run.programme_id):
        raise ValueError(
            f"its programme id {_short(run.programme_id)} is not a programme id "
            "(lower-case letters, digits and dashes)"
        )
    _check_range(run.week, 1, LIMITS.max_week, "week")
    _check_range(run.run, 1, LIMITS.max_run, "run number")
    _check_moment(run.started_at, "start")
    if run.ended_at is not None:
        _check_moment(run.ended_at, "end")
        if run.ended_at < run.started_at:
            raise ValueError(
                f"it ends ({utc_text(run.ended_at)}) before it starts ({utc_text(run.started_at)})"
            )
    if run.checkin_at is not None:
        _check_moment(run.checkin_at, "check-in time")
    planned_total = sum(segment.seconds for segment in run.planned)
    if planned_total > LIMITS.max_seconds:
        raise ValueError(f"its planned workout lasts {planned_total} s, more than 12 hours")
    for segment in run.planned:
        _check_text(segment.label, "segment label", LIMITS.max_id * 2)
    most = LIMITS.max_seconds
    for record in run.segments:
        _check_range(record.planned_start, 0, most, "a segment's planned start (s)")
        _check_range(record.planned_seconds, 0, most, "a segment's planned length (s)")
        _check_range(record.actual_start, 0, most, "a segment's start (s)")
        _check_range(record.actual_seconds, 0, most, "a segment's length (s)")
    for mark in run.marks:
        _check_range(mark.offset_ms, 0, int(most * 1000), "a pain mark's time (ms)")
    if run.report is not None:
        report = run.report
        _check_text(report.notes, "the report's notes", LIMITS.max_notes, lines=True)
        _check_text(report.onset_note, "the report's onset note", LIMITS.max_notes, lines=True)
        if report.onset_segment is not None:
            _check_range(report.onset_segment, 0, len(run.planned) - 1, "the onset segment")
        for name, items in (
            ("body areas", report.areas),
            ("characters", report.characters),
            ("red flags", report.red_flags_yes),
        ):
            if len(items) > LIMITS.max_list:
                raise ValueError(
                    f"its report lists {len(items)} {name}, more than {LIMITS.max_list}"
                )
        for flag in report.red_flags_yes:
            _check_text(flag, "a red flag id", LIMITS.max_id)
    if run.checkin is not None:
        _check_text(run.checkin.notes, "the check-in's notes", LIMITS.max_notes, lines=True)


def _check_range(value: float, least: float, most: float, name: str) -> None:
    if not (isinstance(value, int | float) and least <= value <= most):  # NaN fails too
        raise ValueError(f"{name} {_short(value)} is outside {least}..{most}")


def _check_moment(moment: datetime, name: str) -> None:
    if not LIMITS.earliest <= moment < LIMITS.latest:
        raise ValueError(
            f"its {name} {utc_text(moment)} is not between {LIMITS.earliest.year} "
            f"and {LIMITS.latest.year - 1}"
        )


def _check_text(text: str, name: str, most: int, lines: bool = False) -> None:
    if len(text) > most:
        raise ValueError(f"{name} is {len(text):,} characters long; at most {most:,} are allowed")
    control = first_control(text.replace("\n", "").replace("\t", "") if lines else text)
    if control is not None:
        raise ValueError(f"{name} holds the control character {control}")


def _list(value: Any, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"{name} must be a list")
    return value


_MADE_BY = "import reads files made by `couchtimer export --format json`."


def _read_bytes(path: Path) -> bytes:
    """The file's bytes: a regular file (a FIFO or device would never end) up to the cap."""
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise ExportFileError(f"{path} is not a regular file; {_MADE_BY}")
            # read(n) sets aside n bytes first: ask for what the file holds, up to the cap
            data = handle.read(min(info.st_size, LIMITS.max_file_bytes) + 1)
    except FileNotFoundError:
        raise ExportFileError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise ExportFileError(
            f"{path} is a folder; give the path of the exported .json file."
        ) from None
    except OSError as exc:
        raise ExportFileError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    if len(data) > LIMITS.max_file_bytes:
        raise ExportFileError(
            f"{path} is larger than {LIMITS.max_file_bytes // (1024 * 1024)} MB, more than any "
            f"history export; check that this is the right file ({_MADE_BY})"
        )
    return data


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _too_deep(text: str, most: int) -> bool:
    """Whether lists and objects nest more than ``most`` deep (strings skipped). Checked before
    parsing: Python 3.13's json parses 5,000 levels without a RecursionError, older ones raise."""
    depth = 0
    for bracket in _JSON_BRACKET.finditer(_JSON_STRING.sub('""', text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > most:
            return True
    return False


def _parse_json(path: Path, data: bytes) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ExportFileError(f"{path} is not UTF-8 text; {_MADE_BY}") from None
    if _too_deep(text, LIMITS.max_depth):
        raise ExportFileError(
            f"{path} is nested too deeply (lists or objects inside each other more than "
            f"{LIMITS.max_depth} levels down); {_MADE_BY}"
        )
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constant,
            parse_float=_finite,
        )
    except json.JSONDecodeError as exc:
        raise ExportFileError(
            f"{path} is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); {_MADE_BY}"
        ) from None
    except RecursionError:
        raise ExportFileError(
            f"{path} is nested too deeply (lists or objects inside each other hundreds of "
            f"levels down); {_MADE_BY}"
        ) from None
    except _RefusedError as exc:
        raise ExportFileError(f"{path} is not a valid export: {exc}; {_MADE_BY}") from None
    except ValueError as exc:  # a number too long to convert, and the like
        raise ExportFileError(f"{path} is not a valid export: {exc}; {_MADE_BY}") from None


@dataclass(frozen=True, slots=True)
class Export:
    """What a JSON export holds: the runs, the advice log (absent from older exports), and
    when the runner was last seen by a doctor or physio (absent from older exports too)."""

    runs: list[RunRecord]
    advice: list[AdviceEntry]
    recordings: dict[str, KeptRecording] = dataclasses.field(default_factory=dict)  # by uuid
    cleared_at: datetime | None = None


def read_history_file(path: Path) -> list[RunRecord]:
    """The runs of a JSON export (see ``read_export``)."""
    return read_export(path).runs


def read_export(path: Path) -> Export:
    """Parse and validate a JSON export completely; raise ExportFileError naming the first problem.

    Only ExportFileError leaves: whatever else the file makes Python raise (an overflowing date, a
    list nested thousands deep, a number too long for memory) is turned into one.
    """
    try:
        return _read_history_file(path)
    except MemoryError:
        raise ExportFileError(
            f"{path} needs more memory to read than there is; nothing imported. {_MADE_BY}"
        ) from None
    except RecursionError:
        raise ExportFileError(
            f"{path} holds data nested too deeply; nothing imported. {_MADE_BY}"
        ) from None


def _read_history_file(path: Path) -> Export:
    document = _parse_json(path, _read_bytes(path))
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ExportFileError(
            f"{path} is not a CouchTimer history export; "
            "import reads files made by `couchtimer export --format json`."
        )
    if document.get("version") not in READS_VERSIONS:
        raise ExportFileError(
            f"{path} is export format version {document.get('version')!r}; this CouchTimer "
            f"reads versions {READS_VERSIONS[0]} to {READS_VERSIONS[-1]}. Update CouchTimer."
        )
    items = document.get("runs")
    if not isinstance(items, list):
        raise ExportFileError(f"{path} has no list of runs.")
    runs = []
    recordings: dict[str, KeptRecording] = {}
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        try:
            run, kept = _run_from_json(item)
        except KeyError as exc:
            problem = f"{path}: run {number} has no {_short(exc.args[0])}; nothing imported."
            raise ExportFileError(problem) from None
        except (ValueError, TypeError, OverflowError, AttributeError, IndexError) as exc:
            problem = f"{path}: run {number} is not valid: {_message(exc)}; nothing imported."
            raise ExportFileError(problem) from None
        if run.uuid in seen:
            raise ExportFileError(
                f"{path}: run {number} repeats uuid {run.uuid}; nothing imported."
            )
        seen.add(run.uuid)
        runs.append(run)
        if kept is not None:
            recordings[run.uuid] = kept
    advice = _advice_from_json(path, document.get("advice", []))
    cleared_at = _cleared_from_json(path, document.get("red_flags_cleared_at"))
    return Export(runs, advice, recordings, cleared_at)


def _cleared_from_json(path: Path, value: Any) -> datetime | None:
    """``red_flags_cleared_at``: null or absent (an export before it was carried), else a
    time with its zone in the years a run may have."""
    if value is None:
        return None
    try:
        if not isinstance(value, str) or len(value) > LIMITS.max_id:
            raise ValueError(f"{_short(value)} is not a time")
        moment = parse_utc(value)
        _check_moment(moment, "time")
    except (ValueError, OverflowError) as exc:
        raise ExportFileError(
            f"{path}: red_flags_cleared_at (when a doctor or physio had seen you) is not "
            f"valid: {_message(exc)}; nothing imported."
        ) from None
    return moment


def _advice_from_json(path: Path, items: Any) -> list[AdviceEntry]:
    if not isinstance(items, list):
        raise ExportFileError(f"{path}: its advice log is not a list; nothing imported.")
    if len(items) > LIMITS.max_advice:
        raise ExportFileError(
            f"{path}: its advice log has {len(items)} entries, more than {LIMITS.max_advice}; "
            "nothing imported."
        )
    entries = []
    for number, item in enumerate(items, start=1):
        try:
            if not isinstance(item, dict):
                raise ValueError(f"an entry must be an object, not {_short(item)}")
            entry = AdviceEntry.from_row(item)
            _check_moment(entry.at, "time")
            for name in ("suggestion", "reason", "lifted"):
                _check_text(getattr(entry, name), name, LIMITS.max_notes, lines=True)
            for name in ("run_uuid", "run_code"):
                _check_text(getattr(entry, name), name, LIMITS.max_id)
        except KeyError as exc:
            problem = f"{path}: advice {number} has no {_short(exc.args[0])}; nothing imported."
            raise ExportFileError(problem) from None
        except (ValueError, TypeError, OverflowError) as exc:
            problem = f"{path}: advice {number} is not valid: {_message(exc)}; nothing imported."
            raise ExportFileError(problem) from None
        entries.append(entry)
    return entries


def _message(exc: BaseException) -> str:
    """The exception's words, cut short, with no control characters."""
    text = str(exc)
    if isinstance(exc, OverflowError):
        text = f"a value is out of range ({text})"
    if len(text) > 300:
        text = text[:297] + "..."
    control = first_control(text)
    return text if control is None else repr(text)
