"""Downhill, flat or uphill: a segment's slope from what a recording measured (pure).

One rule, used by the run timeline's gradient strip, the per-segment table and pain against
gradient across runs: a segment is *downhill* when its mean gradient is ``DOWNHILL_GRADE``
(-4 %) or steeper, *uphill* from ``UPHILL_GRADE`` (+4 %), *flat* between; a segment the
recording gives no gradient for (shorter than 100 m, no elevation, not covered) has none.
-4 % (a 4 m drop every 100 m) is a gentle but real hill, clear of the ±1-2 % that smoothed GPS
or barometric altitude still wanders by on level ground.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from couchtimer.core.history import RunRecord
from couchtimer.core.programme import SegmentKind
from couchtimer.core.track import SegmentMetrics

DOWNHILL_GRADE = -4.0  # percent, and steeper
UPHILL_GRADE = 4.0


class Slope(StrEnum):
    DOWNHILL = "downhill"
    FLAT = "flat"
    UPHILL = "uphill"

    @property
    def words(self) -> str:
        """How the History views and the report name the band of gradients."""
        return _WORDS[self]


_WORDS = {
    Slope.DOWNHILL: f"downhill ({DOWNHILL_GRADE:+.0f} % and steeper)".replace("-", "−"),
    Slope.FLAT: "flat",
    Slope.UPHILL: f"uphill ({UPHILL_GRADE:+.0f} % and steeper)",
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


@dataclass(frozen=True, slots=True)
class SlopePain:
    """Pain marks in the run segments a recording measured on one slope, across runs."""

    slope: Slope
    segments: int  # measured run segments on this slope
    segments_with_marks: int
    runs: int  # runs with at least one such segment
    runs_with_marks: int  # ... with a pain mark in one of them
    mean_mark: float | None  # mean of the rated marks in them; None without one


def pain_by_slope(
    runs: Iterable[RunRecord], metrics: Mapping[int, Sequence[SegmentMetrics]]
) -> list[SlopePain]:
    """Per slope (in ``Slope`` order, only slopes measured at all): the run segments of the
    recorded runs, and the pain marks in them. Walks, warm-up and cool-down are left out: the
    question is how running downhill, on the flat or uphill went."""
    segments: dict[Slope, int] = {}
    marked: dict[Slope, int] = {}
    run_ids: dict[Slope, set[int]] = {}
    marked_runs: dict[Slope, set[int]] = {}
    intensities: dict[Slope, list[int]] = {}
    for run in runs:
        for m in metrics.get(run.id, ()):
            slope = slope_of(m)
            if slope is None or run.kind_at(m.index) is not SegmentKind.RUN:
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


#: Below this median cadence in run segments the guidance suggests trying 5 % more.
CADENCE_HINT_BELOW = 170.0
CADENCE_STEP = 0.05  # +5 %: what step-rate studies tried first (Heiderscheit et al. 2011)


def run_cadence(
    runs: Iterable[RunRecord], metrics: Mapping[int, Sequence[SegmentMetrics]]
) -> float | None:
    """The median cadence (steps a minute) of the measured run segments; None without one."""
    values = sorted(
        m.cadence_spm
        for run in runs
        for m in metrics.get(run.id, ())
        if m.cadence_spm is not None and run.kind_at(m.index) is SegmentKind.RUN
    )
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def cadence_sentence(cadence: float | None) -> str:
    """What History says about the measured cadence: the figure, and below
    ``CADENCE_HINT_BELOW`` a careful suggestion of the metronome at +5 %. Never a diagnosis."""
    if cadence is None:
        return ""
    text = f"Your cadence in run segments was {cadence:.0f} steps a minute (from your recordings)."
    if cadence < CADENCE_HINT_BELOW:
        target = round(cadence * (1 + CADENCE_STEP))
        text += (
            f" Shorter, quicker steps ease the load on knees and hips for many runners: "
            f"the metronome (Settings) can help you try +5 % ({target} steps a minute)."
        )
    return text


def slope_sentence(pains: Sequence[SlopePain]) -> str:
    """Where the pain marks came, by measured slope, in figures: "Pain marks came in downhill
    run segments (−4 % and steeper) in 5 of 6 recorded runs that had one; in flat ones in 1 of
    9." Only what was measured; the terrain finding says whether it stands out."""
    parts = [
        f"in {p.slope.words} run segments in {p.runs_with_marks} of {p.runs} "
        f"recorded run{'s' if p.runs != 1 else ''} that had one"
        for p in pains
    ]
    if not parts or not any(p.runs_with_marks for p in pains):
        return ""
    return "Pain marks came " + "; ".join(parts) + "."
