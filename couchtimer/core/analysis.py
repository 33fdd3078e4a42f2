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
from datetime import date, datetime

from couchtimer.core.history import RunRecord, local_day
from couchtimer.core.pain import PainMark, Region, Terrain
from couchtimer.core.placement import seconds_into
from couchtimer.core.programme import SegmentKind

# The pain-monitoring model (Silbernagel et al. 2007): 0-2 is "safe", up to 5 is "acceptable".
SAFE_MAX = 2
ACCEPTABLE_MAX = 5


def date_words(run: RunRecord) -> str:
    """``3 Mar 2026``: the runner's local day of the run's start (``history.local_day``)."""
    day = run.day
    return f"{day.day} {day:%b %Y}"


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
    return sorted(runs, key=lambda r: (r.started_at, r.id))


def _mean(values: Sequence[float]) -> float | None:
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


def segment_split(run: RunRecord) -> SegmentSplit:
    run_values: list[int] = []
    walk_values: list[int] = []
    run_marks = walk_marks = 0
    for mark in run.marks:
        in_run = run.kind_at(mark.segment_index) is SegmentKind.RUN
        if in_run:
            run_marks += 1
        else:
            walk_marks += 1
        if mark.intensity is not None:
            (run_values if in_run else walk_values).append(mark.intensity)
    return SegmentSplit(run_marks, walk_marks, _mean(run_values), _mean(walk_values))


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


def worst_pain(run: RunRecord) -> WorstPain:
    return WorstPain(
        during=run.worst_pain,
        after=run.report.intensity_after if run.report else None,
        morning=run.checkin.intensity if run.checkin else None,
    )


def onsets(run: RunRecord) -> list[float]:
    """Minutes into each run segment at which the first pain mark in it came."""
    first: dict[int, int] = {}
    for mark in run.marks:
        if run.kind_at(mark.segment_index) is SegmentKind.RUN:
            index = mark.segment_index
            first[index] = min(first.get(index, mark.offset_ms), mark.offset_ms)
    if not first:
        return []  # (most runs: no need to gather the visits)
    visits = run.visits
    return [
        seconds_into(run.planned, visits, PainMark(offset_ms, index)) / 60
        for index, offset_ms in sorted(first.items())
    ]


@dataclass(frozen=True, slots=True)
class Band:
    """One visit to a segment on the run's time axis, at its real length."""

    kind: SegmentKind
    start: float  # seconds of active time
    end: float
    index: int = -1  # the segment's index in the workout
    skipped: bool = False  # left early with "skip" (drawn hatched; thin if it lasted no time)


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    seconds: float
    intensity: int | None
    segment_index: int
    kind: SegmentKind | None


@dataclass(frozen=True, slots=True)
class Timeline:
    """One run on a time axis: its segments as bands, its pain marks as points."""

    bands: tuple[Band, ...]
    points: tuple[TimelinePoint, ...]
    worst: WorstPain

    @property
    def seconds(self) -> float:
        ends = [band.end for band in self.bands] + [p.seconds for p in self.points]
        return max(ends, default=0.0)


def timeline(run: RunRecord) -> Timeline:
    """Every segment entered, in the order it was run, at its real length: skipped and
    shortened ones included (``Band.skipped``), so each pain mark lies inside the band of the
    segment it was pressed in and no stretch of the run is left blank. The plan when no
    segment was recorded."""
    if run.segments:
        bands = tuple(
            Band(s.kind, s.actual_start, s.actual_start + s.actual_seconds, s.index, s.skipped)
            for s in sorted(run.segments, key=lambda s: (s.actual_start, s.index))
        )
    else:
        start = 0.0
        planned: list[Band] = []
        for index, segment in enumerate(run.planned):
            planned.append(Band(segment.kind, start, start + segment.seconds, index))
            start += segment.seconds
        bands = tuple(planned)
    points = tuple(
        TimelinePoint(
            m.offset_ms / 1000, m.intensity, m.segment_index, run.kind_at(m.segment_index)
        )
        for m in sorted(run.marks, key=lambda m: m.offset_ms)
    )
    return Timeline(bands, points, worst_pain(run))


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


@dataclass(frozen=True, slots=True)
class RunPoint:
    """One run on the across-runs charts (x = position in date order)."""

    position: int
    run_id: int
    code: str
    week: int
    run: int  # within the week
    split: SegmentSplit
    worst: WorstPain
    started_at: datetime


def run_points(runs: Iterable[RunRecord]) -> list[RunPoint]:
    return [
        RunPoint(
            position=i,
            run_id=run.id,
            code=run.code,
            week=run.week,
            run=run.run,
            split=segment_split(run),
            worst=worst_pain(run),
            started_at=run.started_at,
        )
        for i, run in enumerate(in_date_order(runs))
    ]


def run_ticks(
    points: Sequence[RunPoint], boundaries: Sequence[tuple[int, int]]
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Every run labelled under a chart: the first run of each week with its code over its
    local day ("W4R1" / "18 Mar"), the others shorter ("R2" / "20"; the month too when it
    changes), so that a programme's runs all fit under a half-screen chart.

    Two lists so that a chart too narrow even for that keeps the week starts and drops the
    rest (pyqtgraph leaves out a lower level's labels that would overlap).
    """
    starts = {position for position, _week in boundaries}
    first: list[tuple[int, str]] = []
    others: list[tuple[int, str]] = []
    previous: date | None = None
    for point in points:
        day = local_day(point.started_at)
        same_month = previous is not None and (previous.year, previous.month) == (
            day.year,
            day.month,
        )
        previous = day
        if point.position in starts:
            first.append((point.position, f"{point.code}\n{day.day} {day:%b}"))
        else:
            shown = f"{day.day}" if same_month else f"{day.day} {day:%b}"
            others.append((point.position, f"R{point.run}\n{shown}"))
    return first, others


def date_ticks(points: Sequence[RunPoint], most: int = 12) -> list[tuple[int, str]]:
    """(position, label) at the first run of each month ("Mar 2026") or, over longer spans,
    of each year ("2026"), so that there are at most about ``most`` labels."""
    if not points:
        return []
    months = {(p.started_at.year, p.started_at.month) for p in points}
    by_year = len(months) > most
    ticks: list[tuple[int, str]] = []
    seen: set[tuple[int, ...]] = set()
    for point in points:
        at = point.started_at
        key = (at.year,) if by_year else (at.year, at.month)
        if key not in seen:
            seen.add(key)
            ticks.append((point.position, str(at.year) if by_year else f"{at:%b %Y}"))
    step = max(1, -(-len(ticks) // most))
    return ticks[::step]


def week_boundaries(runs: Iterable[RunRecord]) -> list[tuple[int, int]]:
    """(position, week) wherever the programme week changes, in date order; the first run too."""
    keys = [(run.programme_id, run.week) for run in in_date_order(runs)]
    return [(i, key[1]) for i, key in enumerate(keys) if i == 0 or key != keys[i - 1]]


@dataclass(frozen=True, slots=True)
class WeekOnset:
    week: int
    onsets: tuple[float, ...]  # minutes into a run segment

    @property
    def median(self) -> float:
        return statistics.median(self.onsets)


def onset_by_week(runs: Iterable[RunRecord]) -> list[WeekOnset]:
    """Onset minutes grouped by programme week; weeks without any pain are left out."""
    grouped: dict[int, list[float]] = {}
    for run in runs:
        found = onsets(run)
        if found:
            grouped.setdefault(run.week, []).extend(found)
    return [WeekOnset(week, tuple(values)) for week, values in sorted(grouped.items())]


@dataclass(frozen=True, slots=True)
class GroupPain:
    """Pain in a group of runs (a terrain, a body region)."""

    label: str
    runs: int
    runs_with_pain: int  # pain noted, rated or not
    mean_worst: float | None  # over the runs in the group with a known worst value; None if none
    rated: int = 0  # runs in the group with a known worst value (what mean_worst is over)


def _group(label: str, members: Sequence[RunRecord]) -> GroupPain:
    values = [r.worst_pain for r in members if r.worst_pain is not None]
    with_pain = sum(1 for r in members if r.has_pain)
    return GroupPain(label, len(members), with_pain, _mean(values), len(values))


def pain_by_terrain(runs: Iterable[RunRecord]) -> list[GroupPain]:
    """Per terrain (measured, else named in the post-run report), in the order of ``Terrain``."""
    grouped: dict[Terrain, list[RunRecord]] = {}
    for run in runs:
        if run.terrain is not None:
            grouped.setdefault(run.terrain, []).append(run)
    return [_group(str(t), grouped[t]) for t in Terrain if t in grouped]


def pain_by_region(runs: Iterable[RunRecord]) -> list[GroupPain]:
    """Per body region named in the reports, most often named first."""
    grouped: dict[Region, list[RunRecord]] = {}
    for run in runs:
        for region in regions_of(run):
            grouped.setdefault(region, []).append(run)
    ordered = sorted(grouped.items(), key=lambda item: (-len(item[1]), list(Region).index(item[0])))
    return [_group(region.words, members) for region, members in ordered]
