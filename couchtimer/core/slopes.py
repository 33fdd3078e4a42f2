"""Downhill, flat or uphill: a segment's slope from what a recording measured (pure).

One rule, used by the findings (``core.findings``: where the pain marks came, the run's
measured terrain), the run timeline's gradient strip, the per-segment table and pain against
gradient across runs: a segment is *downhill* when its mean gradient is ``DOWNHILL_GRADE``
(-4 %) or steeper, *uphill* from ``UPHILL_GRADE`` (+4 %), *flat* between; a segment the
recording gives no gradient for (shorter than 100 m, no elevation, not covered) has none.
-4 % (a 4 m drop every 100 m) is a gentle but real hill, clear of the ±1-2 % that smoothed GPS
or barometric altitude still wanders by on level ground.

What a run's recording measured travels with the run: ``RunRecord.measured``
(``core.history.MeasuredTerrain``), filled in by the store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from couchtimer.core.metrics import SegmentMetrics
from couchtimer.core.pain import Terrain
from couchtimer.core.programme import SegmentKind

if TYPE_CHECKING:  # history imports this module for the measured terrain
    from couchtimer.core.history import RunRecord

DOWNHILL_GRADE = -4.0  # percent, and steeper
UPHILL_GRADE = 4.0


class Slope(StrEnum):
    DOWNHILL = "downhill"
    FLAT = "flat"
    UPHILL = "uphill"

    @property
    def words(self) -> str:
        """How the History views and the report name the band of gradients."""
        return f"{self.value} ({self.band})" if self.band else self.value

    @property
    def band(self) -> str:
        """The gradients it covers: "−4 % and steeper" ("" for flat)."""
        return _BANDS[self]


_BANDS = {
    Slope.DOWNHILL: f"{DOWNHILL_GRADE:+.0f} % and steeper".replace("-", "−"),
    Slope.FLAT: "",
    Slope.UPHILL: f"{UPHILL_GRADE:+.0f} % and steeper",
}


def slope_of(metrics: SegmentMetrics) -> Slope | None:
    """The segment's slope from its measured mean gradient; None without one."""
    grade = metrics.grade_percent
    if grade is None:
        return None
    if grade <= DOWNHILL_GRADE:
        return Slope.DOWNHILL
    if grade >= UPHILL_GRADE:
        return Slope.UPHILL
    return Slope.FLAT


def measured_terrain(segments: Iterable[SegmentMetrics]) -> Terrain | None:
    """A run's terrain from what its recording measured in its run segments: the slope of
    more than half of those with a gradient, else mixed; None when none has a gradient."""
    slopes = Counter(
        slope for m in segments if m.kind is SegmentKind.RUN and (slope := slope_of(m)) is not None
    )
    if not slopes:
        return None
    slope, count = slopes.most_common(1)[0]
    return Terrain(slope.value) if count * 2 > slopes.total() else Terrain.MIXED


def measured_segments(run: RunRecord) -> tuple[SegmentMetrics, ...]:
    """What the run's recording measured in its run segments (none without a recording)."""
    if run.measured is None:
        return ()
    return tuple(m for m in run.measured.segments if run.kind_at(m.index) is SegmentKind.RUN)


@dataclass(frozen=True, slots=True)
class SlopePain:
    """Pain marks in the run segments a recording measured on one slope, across runs."""

    slope: Slope
    segments: int  # measured run segments on this slope
    segments_with_marks: int
    runs: int  # runs with at least one such segment
    runs_with_marks: int  # ... with a pain mark in one of them
    mean_mark: float | None  # mean of the rated marks in them; None without one


def pain_by_slope(runs: Iterable[RunRecord]) -> list[SlopePain]:
    """Per slope (in ``Slope`` order, only slopes measured at all): the run segments of the
    recorded runs, and the pain marks in them. Walks, warm-up and cool-down are left out: the
    question is how running downhill, on the flat or uphill went."""
    segments: dict[Slope, int] = {}
    marked: dict[Slope, int] = {}
    run_ids: dict[Slope, set[int]] = {}
    marked_runs: dict[Slope, set[int]] = {}
    intensities: dict[Slope, list[int]] = {}
    for run in runs:
        for m in measured_segments(run):
            slope = slope_of(m)
            if slope is None:
                continue
            marks = [mark for mark in run.marks if mark.segment_index == m.index]
            segments[slope] = segments.get(slope, 0) + 1
            run_ids.setdefault(slope, set()).add(run.id)
            if marks:
                marked[slope] = marked.get(slope, 0) + 1
                marked_runs.setdefault(slope, set()).add(run.id)
            rated = [mark.intensity for mark in marks if mark.intensity is not None]
            intensities.setdefault(slope, []).extend(rated)
    return [
        SlopePain(
            slope,
            segments[slope],
            marked.get(slope, 0),
            len(run_ids[slope]),
            len(marked_runs.get(slope, ())),
            sum(intensities[slope]) / len(intensities[slope]) if intensities[slope] else None,
        )
        for slope in Slope
        if slope in segments
    ]


#: Below this median cadence in run segments the findings suggest trying 5 % more.
CADENCE_HINT_BELOW = 170.0
CADENCE_STEP = 0.05  # +5 %: what step-rate studies tried first (Heiderscheit et al. 2011)


def run_cadences(runs: Iterable[RunRecord]) -> list[float]:
    """The cadence (steps a minute) of every measured run segment, in run order."""
    return [
        m.cadence_spm for run in runs for m in measured_segments(run) if m.cadence_spm is not None
    ]


def median(values: Sequence[float]) -> float | None:
    """The median of ``values``; None without any."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
