"""A recorded run as the store keeps it and the history/analysis reads it.

``from_row`` builds each value object from a row (a mapping of column name to plain value, as
SQLite or an imported JSON file gives it) and ``to_row`` gives the plain values back, so the store
and the export share one mapping and nothing but value objects travels across layers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum
from functools import lru_cache
from typing import Any

from couchtimer.core.metrics import SegmentMetrics
from couchtimer.core.outcome import RunOutcome, SegmentEnd, outcome_of
from couchtimer.core.pain import Checkin, PainMark, PainReport, Terrain
from couchtimer.core.placement import Visit
from couchtimer.core.programme import Segment, SegmentKind
from couchtimer.core.slopes import Slope, measured_terrain, slope_of


class RunStatus(StrEnum):
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    ENDED_EARLY = "ended-early"


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The runner's day of ``moment``: the calendar day where they are (``tz``, else the
    computer's local time zone). The one rule for "which day" in History, the report, the CLI,
    the check-in and Today: a run at 00:30 in UTC+2 is on that day, not the UTC day before."""
    if moment.tzinfo is None:
        raise ValueError(f"a day needs a moment with a timezone, not a naive {moment!r}")
    try:
        return moment.astimezone(tz).date()
    except OverflowError:  # within hours of 0001-01-01 or 9999-12-31 (an old import let it in)
        return moment.date()


#: How many days a moment's local day can be from its own date: both offsets from UTC are under
#: a day, so the two wall clocks are under two days apart.
DAYS_APART = 2


def in_days(
    moment: datetime, first: date | None, last: date | None, tz: tzinfo | None = None
) -> bool:
    """``moment`` falls on a local day from ``first`` to ``last`` (both included; None: open).

    A moment's local day is at most ``DAYS_APART`` days from its own date (both its offset and
    the local one are under a day from UTC), so a moment further than that inside the range,
    or outside it, is answered without working out its local day (History's filters ask for
    every run; the answer is the same)."""
    if moment.tzinfo is None:
        raise ValueError(f"a day needs a moment with a timezone, not a naive {moment!r}")
    own = moment.toordinal()
    if (first is None or first.toordinal() + DAYS_APART <= own) and (
        last is None or own + DAYS_APART <= last.toordinal()
    ):
        return True
    if (first is not None and own + DAYS_APART < first.toordinal()) or (
        last is not None and last.toordinal() + DAYS_APART < own
    ):
        return False
    day = local_day(moment, tz)
    return (first is None or first <= day) and (last is None or day <= last)


def utc_text(moment: datetime) -> str:
    """A timezone-aware moment as fixed-width ISO 8601 UTC text (so text order is time order)."""
    if moment.tzinfo is None:
        raise ValueError(f"a stored time needs a timezone, not a naive {moment!r}")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_utc(text: Any) -> datetime:
    if not isinstance(text, str):
        raise ValueError(f"a time must be ISO 8601 text, not {text!r}")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"time {text!r} has no timezone")
    return moment.astimezone(UTC)


def _parse_optional_utc(text: Any) -> datetime | None:
    return None if text is None else parse_utc(text)


def planned_to_json(planned: tuple[Segment, ...]) -> str:
    return json.dumps(
        [{"kind": str(s.kind), "seconds": s.seconds, "label": s.label} for s in planned],
        separators=(",", ":"),
    )


@lru_cache(maxsize=512)
def planned_from_json(text: str) -> tuple[Segment, ...]:
    """The planned segments of a run (cached: thousands of runs share a few dozen workouts)."""
    items = json.loads(text)
    if not isinstance(items, list) or not items:
        raise ValueError("the planned workout must be a non-empty list of segments")
    return tuple(
        Segment(SegmentKind(item["kind"]), _whole(item["seconds"], "seconds"), str(item["label"]))
        for item in items
    )


def _planned(value: Any) -> tuple[Segment, ...]:
    if isinstance(value, list):
        value = json.dumps(value)
    if not isinstance(value, str):
        raise ValueError(f"the planned workout must be a list of segments, not {value!r}")
    return planned_from_json(value)


# Exact type checks (a bool is not a number here) and dict lookups instead of Enum(value):
# loading five years of history maps 15,000 segment rows, and these are most of that time.


def _whole(value: Any, name: str) -> int:
    if type(value) is not int:
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    return value


def _number(value: Any, name: str) -> float:
    kind = type(value)
    if kind is float:
        return value  # type: ignore[no-any-return]
    if kind is int:
        return float(value)
    raise ValueError(f"{name} must be a number, not {value!r}")


_KINDS = {kind.value: kind for kind in SegmentKind}
_ENDS = {end.value: end for end in SegmentEnd}
_STATUSES = {status.value: status for status in RunStatus}
# Enum members read once, into module names: in Python 3.11 each ``SegmentKind.RUN`` in a
# loop is a class attribute lookup of about a thousand instructions, and these loops run for
# every visit or mark of a thousand runs (issue 19: History and ``history --json``).
_SKIPPED = SegmentEnd.SKIPPED
_IN_PROGRESS = RunStatus.IN_PROGRESS


def _status(value: Any) -> RunStatus:
    """``RunStatus(value)``, its members looked up in a dict first (the same errors)."""
    try:
        return _STATUSES[value]
    except (KeyError, TypeError):
        return RunStatus(value)


def _member(table: Mapping[str, Any], value: Any, name: str) -> Any:
    try:
        return table[value]
    except (KeyError, TypeError):
        raise ValueError(f"{value!r} is not a {name}; expected one of {', '.join(table)}") from None


@dataclass(frozen=True, slots=True)
class SegmentRecord:
    """One segment as run: planned start/length and what actually happened (seconds).

    A segment can be visited more than once ("back" restarts it), so a run may hold several
    records with the same ``index``; ``ended`` says how each visit ended.
    """

    index: int
    kind: SegmentKind
    planned_start: float
    planned_seconds: int
    actual_start: float
    actual_seconds: float
    skipped: bool = False
    ended: SegmentEnd = SegmentEnd.COMPLETED
    # ``visit``, made the first time it is asked for: the store shares one record between the
    # runs that ran a segment alike, so most runs' visits are made once (issue 19 item 4)
    _visit: Visit | None = field(default=None, init=False, compare=False, repr=False)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> SegmentRecord:
        return cls.from_columns(
            row["segment_index"],
            row["kind"],
            row["planned_start"],
            row["planned_seconds"],
            row["actual_start"],
            row["actual_seconds"],
            row["ended"],
        )

    @classmethod
    def from_columns(
        cls,
        segment_index: Any,
        kind: Any,
        planned_start: Any,
        planned_seconds: Any,
        actual_start: Any,
        actual_seconds: Any,
        ended: Any,
    ) -> SegmentRecord:
        """``from_row`` of a row's values as they come, in the order of the ``segments``
        table's columns (the store makes one per distinct row of a history: a mapping each,
        or keyword arguments, would cost more than the record)."""
        end: SegmentEnd = _member(_ENDS, ended, "segment end")
        return cls(
            _whole(segment_index, "segment index"),
            _member(_KINDS, kind, "segment kind"),
            _number(planned_start, "planned start"),
            _whole(planned_seconds, "planned seconds"),
            _number(actual_start, "actual start"),
            _number(actual_seconds, "actual seconds"),
            end is _SKIPPED,
            end,
        )

    def to_row(self) -> dict[str, Any]:
        return {
            "segment_index": self.index,
            "kind": str(self.kind),
            "planned_start": self.planned_start,
            "planned_seconds": self.planned_seconds,
            "actual_start": self.actual_start,
            "actual_seconds": self.actual_seconds,
            "skipped": self.skipped,
            "ended": self.ended.value,
        }

    @property
    def visit(self) -> Visit:
        """This visit for ``core.placement``: its index, when it began, how long it lasted."""
        visit = self._visit
        if visit is None:
            visit = Visit(self.index, self.actual_start, self.actual_seconds)
            object.__setattr__(self, "_visit", visit)
        return visit


@dataclass(frozen=True, slots=True)
class MeasuredTerrain:
    """What a watch or phone recording of the run measured, segment by segment (the store fills
    it in from ``segment_metrics``: ``RunRecord.measured``), not what the runner said.

    The slope of each segment comes from one rule (``core.slopes.slope_of``: -4 % and steeper
    is downhill); the findings read the downhill segments and the cadence from here, and prefer
    the measured terrain to the runner's answer (``RunRecord.terrain``).
    """

    segments: tuple[SegmentMetrics, ...]
    #: Indices (into the planned segments) of the segments measured downhill.
    downhill_segments: frozenset[int] = field(init=False, compare=False, repr=False)
    #: The run's terrain as measured (``core.slopes.measured_terrain``); None when no run
    #: segment has a gradient (the runner's answer stands then).
    terrain: Terrain | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Worked out once: the findings and the analysis ask for them for every run, often.
        downhill = frozenset(m.index for m in self.segments if slope_of(m) is Slope.DOWNHILL)
        object.__setattr__(self, "downhill_segments", downhill)
        object.__setattr__(self, "terrain", measured_terrain(self.segments))


def worst_of(marks: Sequence[PainMark], report: PainReport | None) -> tuple[int | None, int | None]:
    """(the highest mark with a number, the worst pain during the run) of a run's marks and
    report: the one rule for both.

    The worst pain during a run is the runner's own "worst during the run" where they gave it
    (their judgement of the whole run, not overridden by a higher mark pressed in the moment),
    else the highest mark. ``RunRecord.mark_differs`` says when the two differ, so that every
    place that shows this number can show the highest mark beside it.

    None when they gave no number: nothing recorded, or pain marked without a number (a
    "no discomfort" report does not turn marks pressed during the run into 0/10).
    """
    values = [m.intensity for m in marks if m.intensity is not None]
    mark = max(values) if values else None
    said = report.worst_during if report else None
    if said is not None:
        return mark, said
    if mark is not None:
        return mark, mark
    said_none = report is not None and report.no_discomfort and not marks
    return mark, 0 if said_none else None


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One recorded run: its plan, when it ran, each segment visit, the pain marks, the
    post-run report and the morning check-in (the store's rows: ``from_row``, ``to_row``)."""

    id: int
    programme_id: str
    week: int
    run: int
    planned: tuple[Segment, ...]
    started_at: datetime  # UTC, timezone-aware
    ended_at: datetime | None
    status: RunStatus
    app_version: str
    segments: tuple[SegmentRecord, ...] = ()
    marks: tuple[PainMark, ...] = ()
    report: PainReport | None = None
    checkin: Checkin | None = None
    uuid: str = ""  # stable across export/import, so importing twice adds nothing
    checkin_at: datetime | None = None  # when the morning check-in was answered (UTC)
    measured: MeasuredTerrain | None = None  # from a recording, where there is one
    # ``visits``, gathered the first time they are asked for (the findings, the onset chart
    # and the report's table each ask, for every run with a mark in a run segment)
    _visits: tuple[Visit, ...] | None = field(default=None, init=False, compare=False, repr=False)
    # ``outcome``, worked out the first time it is asked for (page 1 counts every run's, the
    # table and History say each again: ~9 us a run, 1,400 times for five years)
    _outcome: RunOutcome | None = field(default=None, init=False, compare=False, repr=False)
    # ``worst_mark`` and ``worst_pain`` (``worst_of``), worked out together the first time
    # either is asked for: page 1, the charts' points, the table and History ask each run's
    # several times over (15,000 times for five years in the report)
    _worst: tuple[int | None, int | None] | None = field(
        default=None, init=False, compare=False, repr=False
    )

    @classmethod
    def from_row(
        cls,
        row: Mapping[str, Any],
        segments: tuple[SegmentRecord, ...] = (),
        marks: tuple[PainMark, ...] = (),
        report: PainReport | None = None,
        checkin: Checkin | None = None,
        checkin_at: datetime | None = None,
        measured: Sequence[SegmentMetrics] | None = None,
    ) -> RunRecord:
        if not isinstance(row["programme_id"], str) or not row["programme_id"]:
            raise ValueError(f"programme id must be text, not {row['programme_id']!r}")
        if not isinstance(row["app_version"], str):
            raise ValueError(f"app version must be text, not {row['app_version']!r}")
        return cls(  # by position (the store makes a thousand): RunRecord's field order
            _whole(row["id"], "run id"),
            row["programme_id"],
            _whole(row["week"], "week"),
            _whole(row["run"], "run"),
            _planned(row["planned"]),
            parse_utc(row["started_at"]),
            _parse_optional_utc(row["ended_at"]),
            _status(row["status"]),
            row["app_version"],
            segments,
            marks,
            report,
            checkin,
            str(row["uuid"]),
            checkin_at,
            None if measured is None else MeasuredTerrain(tuple(measured)),
        )

    def to_row(self) -> dict[str, Any]:
        """The run's own columns (segments, marks, report and check-in have rows of their own)."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "programme_id": self.programme_id,
            "week": self.week,
            "run": self.run,
            "planned": planned_to_json(self.planned),
            "started_at": utc_text(self.started_at),
            "ended_at": None if self.ended_at is None else utc_text(self.ended_at),
            "status": self.status.value,
            "app_version": self.app_version,
        }

    @property
    def terrain(self) -> Terrain | None:
        """The run's terrain: measured from a recording where there is one, else the runner's
        answer in the post-run report (None: neither)."""
        measured = self.measured.terrain if self.measured is not None else None
        if measured is not None:
            return measured
        return self.report.terrain if self.report is not None else None

    @property
    def code(self) -> str:
        return f"W{self.week}R{self.run}"

    @property
    def has_discomfort(self) -> bool:
        """Pain was recorded: a mark during the run, or a report that is not 'no discomfort'."""
        if self.report is not None:
            return not self.report.no_discomfort or bool(self.marks)
        return bool(self.marks)

    @property
    def recorded_seconds(self) -> float:
        """Active seconds the record reaches: the end of the last segment or the last mark."""
        ends = [s.actual_start + s.actual_seconds for s in self.segments]
        ends += [m.offset_ms / 1000 for m in self.marks]
        return max(ends, default=0.0)

    @property
    def worst_mark(self) -> int | None:
        """The highest pain mark with a number (``worst_of``)."""
        worst = self._worst
        return (worst if worst is not None else self._work_out_worst())[0]

    @property
    def worst_pain(self) -> int | None:
        """The worst pain during this run (``worst_of``, where the rule is said)."""
        worst = self._worst
        return (worst if worst is not None else self._work_out_worst())[1]

    def _work_out_worst(self) -> tuple[int | None, int | None]:
        worst = worst_of(self.marks, self.report)
        object.__setattr__(self, "_worst", worst)
        return worst

    @property
    def mark_differs(self) -> bool:
        """The highest pain mark is not the worst the runner reported (show it beside it)."""
        return self.worst_mark is not None and self.worst_mark != self.worst_pain

    @property
    def outcome(self) -> RunOutcome:
        """Completed / completed with skips / ended early, by the one rule (``outcome_of``),
        from the segments as recorded; a run with none recorded keeps its stored status."""
        outcome = self._outcome
        if outcome is None:
            if self.segments:
                kinds = [segment.kind for segment in self.planned]
                outcome = outcome_of(kinds, ((s.index, s.ended) for s in self.segments))
            elif self.status is RunStatus.COMPLETED:
                outcome = RunOutcome.COMPLETED
            else:
                outcome = RunOutcome.ENDED_EARLY
            object.__setattr__(self, "_outcome", outcome)
        return outcome

    @property
    def day(self) -> date:
        """The runner's local calendar day of the run's start (see ``local_day``)."""
        return local_day(self.started_at)

    @property
    def pain_unrated(self) -> bool:
        """Pain was noted (a mark, or a report of discomfort) but given no number during the run."""
        return self.worst_pain is None and self.has_discomfort

    @property
    def has_pain(self) -> bool:
        """Pain was noted: a worst value above 0, or pain marked or reported without a number."""
        worst = self.worst_pain
        return worst > 0 if worst is not None else self.has_discomfort

    @property
    def status_words(self) -> str:
        """How the run ended, as History, the report and the CLI say it."""
        if self.status is _IN_PROGRESS:
            return "not finished"
        return self.outcome.value

    @property
    def visits(self) -> tuple[Visit, ...]:
        """The recorded visits to segments, for ``core.placement``."""
        visits = self._visits
        if visits is None:
            visits = tuple(record.visit for record in self.segments)
            object.__setattr__(self, "_visits", visits)
        return visits

    def kind_at(self, segment_index: int) -> SegmentKind | None:
        if 0 <= segment_index < len(self.planned):
            return self.planned[segment_index].kind
        return None
