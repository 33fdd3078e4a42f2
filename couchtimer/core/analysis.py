"""Pain against run segments, and trends across runs and weeks: the figures behind every chart.

Everything here is computed from ``RunRecord`` values (see ``couchtimer.core.history``) and is
pure: the history tab, ``couchtimer history`` and the physio report all draw from these numbers.

"Walking" means every segment that is not a run segment: walks, the warm-up and the cool-down
(all of them are walked in the programmes CouchTimer ships).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from time import strftime  # words for a given date only: no clock is read here

from couchtimer.core.history import RunRecord
from couchtimer.core.pain import PainMark, Region, Terrain
from couchtimer.core.placement import seconds_into
from couchtimer.core.programme import SegmentKind

# The pain-monitoring model (Silbernagel et al. 2007): 0-2 is "safe", up to 5 is "acceptable".
SAFE_MAX = 2
ACCEPTABLE_MAX = 5


def date_words(run: RunRecord) -> str:
    """``3 Mar 2026``: the runner's local day of the run's start (``history.local_day``)."""
    day = run.day
    # What ``f"{day:%b %Y}"`` does (the month in the locale's words, as strftime says it), asked
    # of ``time.strftime`` directly: ``date.strftime`` and ``date.timetuple`` import ``time`` at
    # every call, through PySide6's import hook once Qt has loaded (19,000 instructions each, a
    # date). '%b %Y' reads the month and the year only; the time tuple's other fields are
    # placeholders strftime accepts (weekday 0, day of the year 1, daylight saving unknown).
    return f"{day.day} {strftime('%b %Y', (day.year, day.month, day.day, 0, 0, 0, 0, 1, -1))}"


def worst_words(run: RunRecord, short: bool = False) -> str:
    """``6/10``, with the highest mark beside it where it differs (``6/10 (highest mark 7)``,
    or ``6/10 (mark 7)`` where room is short); ``-`` when no number was given."""
    worst = run.worst_pain
    if worst is None:
        return "-"
    if run.mark_differs:
        return f"{worst}/10 ({'mark' if short else 'highest mark'} {run.worst_mark})"
    return f"{worst}/10"


def in_date_order(runs: Iterable[RunRecord]) -> list[RunRecord]:
    """Oldest first; runs started at the same moment by id."""
    return sorted(runs, key=_START_AND_ID)


#: (started_at, id) of a run, read in C (History and the CLI sort a thousand runs a few times).
_START_AND_ID = attrgetter("started_at", "id")


def mean_or_none(values: Sequence[float]) -> float | None:
    return statistics.fmean(values) if values else None


# --- one run -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SegmentSplit:
    """Where one run's pain marks fell: run segments against walking."""

    run_marks: int
    walk_marks: int
    run_mean: float | None  # mean intensity of the marks that have one
    walk_mean: float | None

    @property
    def total(self) -> int:
        return self.run_marks + self.walk_marks

    @property
    def run_share(self) -> float | None:
        return self.run_marks / self.total if self.total else None

    @property
    def walk_share(self) -> float | None:
        return self.walk_marks / self.total if self.total else None


# Enum members read once, into module names: in Python 3.11 each ``SegmentKind.RUN`` in a
# loop is a class attribute lookup of about a thousand instructions, and these loops run for
# every visit or mark of a thousand runs (issue 19: History and ``history --json``).
_RUN = SegmentKind.RUN


def segment_split(run: RunRecord) -> SegmentSplit:
    if not run.marks:  # most runs: the one split of no marks (a value, shared)
        return _UNMARKED
    run_values: list[int] = []
    walk_values: list[int] = []
    run_marks = walk_marks = 0
    for mark in run.marks:
        in_run = run.kind_at(mark.segment_index) is _RUN
        if in_run:
            run_marks += 1
        else:
            walk_marks += 1
        if mark.intensity is not None:
            (run_values if in_run else walk_values).append(mark.intensity)
    return SegmentSplit(run_marks, walk_marks, mean_or_none(run_values), mean_or_none(walk_values))


@dataclass(frozen=True, slots=True)
class WorstPain:
    """Worst pain during the run, right after it ("now" in the report) and the next morning."""

    during: int | None
    after: int | None
    morning: int | None

    @property
    def highest(self) -> int | None:
        values = [v for v in (self.during, self.after, self.morning) if v is not None]
        return max(values) if values else None


_UNMARKED = SegmentSplit(0, 0, None, None)


def worst_pain(run: RunRecord) -> WorstPain:
    return WorstPain(
        during=run.worst_pain,
        after=run.report.intensity_after if run.report else None,
        morning=run.checkin.intensity if run.checkin else None,
    )


def onsets(run: RunRecord) -> list[float]:
    """Minutes into each run segment at which the first pain mark in it came."""
    first: dict[int, PainMark] = {}  # the segment's earliest mark itself: no mark made again
    for mark in run.marks:
        index = mark.segment_index
        if run.kind_at(index) is _RUN:
            held = first.get(index)
            if held is None or mark.offset_ms < held.offset_ms:
                first[index] = mark
    if not first:
        return []  # (most runs: no need to gather the visits)
    visits = run.visits
    return [seconds_into(run.planned, visits, mark) / 60 for _, mark in sorted(first.items())]


@dataclass(frozen=True, slots=True)
class RunSummary:
    """One line of the run list and of ``couchtimer history``."""

    run_id: int
    date: str
    code: str
    programme_id: str
    status: str
    worst: WorstPain
    split: SegmentSplit
    regions: tuple[Region, ...]
    terrain: Terrain | None
    red_flags: tuple[str, ...]
    notes: str


def regions_of(run: RunRecord) -> tuple[Region, ...]:
    if run.report is None:
        return ()
    return tuple(dict.fromkeys(area.region for area in run.report.areas))


def summarise(run: RunRecord) -> RunSummary:
    report = run.report
    return RunSummary(
        run_id=run.id,
        date=date_words(run),
        code=run.code,
        programme_id=run.programme_id,
        status=run.status_words,
        worst=worst_pain(run),
        split=segment_split(run),
        regions=regions_of(run),
        terrain=run.terrain,
        red_flags=report.red_flags_yes if report else (),
        notes=report.notes if report else "",
    )


# --- across runs ---------------------------------------------------------------------------


def week_boundaries(runs: Iterable[RunRecord]) -> list[tuple[int, int]]:
    """(position, week) wherever the programme week changes, in date order; the first run too."""
    keys = [(run.programme_id, run.week) for run in in_date_order(runs)]
    return [(i, key[1]) for i, key in enumerate(keys) if i == 0 or key != keys[i - 1]]
