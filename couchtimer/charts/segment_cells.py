"""What a watch or phone recording measured in each segment of a run, as words: the cells of
History's per-segment table (``charts/segment_table.py``) and of the PDF's. No Qt."""

from __future__ import annotations

from collections.abc import Sequence

from couchtimer.core.clocktext import clock_text
from couchtimer.core.metrics import SegmentMetrics
from couchtimer.core.placement import segment_name
from couchtimer.core.programme import Segment
from couchtimer.core.slopes import slope_of

HEADERS = ("Segment", "Distance", "Pace", "Gradient", "Downhill", "Cadence", "Heart rate")
NONE = "–"


def metric_cells(planned: Sequence[Segment], metrics: SegmentMetrics) -> tuple[str, ...]:
    """One segment's row, in words and units a runner reads."""
    m = metrics
    slope = slope_of(m)
    grade = NONE
    if m.grade_percent is not None:
        shown = round(m.grade_percent, 1) or 0.0  # never "−0.0"
        grade = f"{shown:+.1f} %".replace("-", "−") if shown else "0.0 %"
        if slope is not None and slope.value != "flat":
            grade += f" ({slope.value})"
    pace = NONE if m.pace_s_per_km is None else f"{clock_text(m.pace_s_per_km)} /km"
    return (
        segment_name(planned, m.index),
        NONE if m.distance_m is None else f"{m.distance_m:.0f} m",
        pace,
        grade,
        NONE if m.downhill_share is None else f"{m.downhill_share:.0%}",
        NONE if m.cadence_spm is None else f"{m.cadence_spm:.0f} spm",
        NONE if m.heart_rate is None else f"{m.heart_rate:.0f} bpm",
    )
