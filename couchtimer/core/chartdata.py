"""The figures the charts draw (the History tab's and the physio PDF's): a run on a time axis,
runs in date order with their axis labels, onset by week, pain by terrain and by region.

Kept apart from ``couchtimer.core.analysis`` so that the commands that draw no chart
(``couchtimer history``, ``next``, ``export``) do not create these classes (issue 19 item 4).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from operator import attrgetter

from couchtimer.core.analysis import (
    SegmentSplit,
    WorstPain,
    in_date_order,
    mean_or_none,
    onsets,
    regions_of,
    segment_split,
    worst_pain,
)
from couchtimer.core.history import RunRecord, local_day
from couchtimer.core.pain import PainMark, Region, Terrain
from couchtimer.core.programme import SegmentKind


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
    """A pain mark on the run's time axis: when, how bad, in which segment of which kind."""

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
        return axis_seconds([band.end for band in self.bands], [p.seconds for p in self.points])


def axis_seconds(ends: Sequence[float], marks: Sequence[float]) -> float:
    """The length of a run's time axis: to the last band's end or mark, whichever is later."""
    return max(max(ends, default=0.0), max(marks, default=0.0))


def _bands(run: RunRecord) -> list[tuple[SegmentKind, float, float, int, bool]]:
    """The one rule of a run's bands, as (kind, start, end, index, skipped): every segment
    entered, in the order it was run, at its real length; the plan when none was recorded."""
    if run.segments:
        return [
            (s.kind, s.actual_start, s.actual_start + s.actual_seconds, s.index, s.skipped)
            for s in sorted(run.segments, key=_VISIT_ORDER)
        ]
    start = 0.0
    planned: list[tuple[SegmentKind, float, float, int, bool]] = []
    for index, segment in enumerate(run.planned):
        planned.append((segment.kind, start, start + segment.seconds, index, False))
        start += segment.seconds
    return planned


def timeline(run: RunRecord) -> Timeline:
    """Every segment entered, in the order it was run, at its real length: skipped and
    shortened ones included (``Band.skipped``), so each pain mark lies inside the band of the
    segment it was pressed in and no stretch of the run is left blank. The plan when no
    segment was recorded."""
    bands = tuple([Band(*band) for band in _bands(run)])
    points = tuple(
        [
            TimelinePoint(
                m.offset_ms / 1000, m.intensity, m.segment_index, run.kind_at(m.segment_index)
            )
            for m in _pressed(run)
        ]
    )
    return Timeline(bands, points, worst_pain(run))


def spans(
    run: RunRecord,
) -> tuple[float, tuple[tuple[SegmentKind, float, float], ...], tuple[float, ...]]:
    """``timeline(run)``'s seconds, its bands as (kind, start, end) and its points' seconds:
    the same figures in the same order, by the same rules, without the objects (History's
    list draws a run's segments and marks as a small bar for each run it shows)."""
    bands = tuple([(kind, begin, end) for kind, begin, end, _, _ in _bands(run)])
    points = tuple([m.offset_ms / 1000 for m in _pressed(run)])
    return axis_seconds([end for _, _, end in bands], points), bands, points


def _pressed(run: RunRecord) -> list[PainMark]:
    """A run's pain marks in the order they were pressed (the timeline's points)."""
    return sorted(run.marks, key=_PRESSED)


# Sort keys read in C: History works out a timeline for each run it shows in its list.
_VISIT_ORDER = attrgetter("actual_start", "index")
_PRESSED = attrgetter("offset_ms")


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
    # The fields in their order, not by keyword: a fifth less work for each of a thousand runs
    return [
        RunPoint(
            i,
            run.id,
            run.code,
            run.week,
            run.run,
            segment_split(run),
            worst_pain(run),
            run.started_at,
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


@dataclass(frozen=True, slots=True)
class WeekOnset:
    """The onsets (minutes into a run segment) of one programme week's pain marks."""

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
    return GroupPain(label, len(members), with_pain, mean_or_none(values), len(values))


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
