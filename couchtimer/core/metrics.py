"""What a watch or phone recording measured in one segment of a run (issue 15):
``SegmentMetrics``, kept with the run in the history (the ``segment_metrics`` table) and read
by the findings. Apart from ``core.track`` (the recording itself) so that reading the history
does not load a recording's types.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from couchtimer.core.programme import SegmentKind


@dataclass(frozen=True, slots=True)
class SegmentMetrics:
    """What a recording says about one segment of a run. Every figure is None where the
    recording has nothing to say (no samples in the segment, no cadence sensor, a segment too
    short for a gradient). ``coverage`` is the share of the segment's time with samples."""

    index: int
    kind: SegmentKind
    coverage: float  # 0..1
    distance_m: float | None = None
    pace_s_per_km: float | None = None
    cadence_spm: float | None = None  # median over the segment
    heart_rate: float | None = None  # mean over the segment
    ascent_m: float | None = None  # after smoothing and hysteresis
    descent_m: float | None = None
    grade_percent: float | None = None  # net elevation change / distance; only from 100 m
    downhill_share: float | None = None  # share of the distance going downhill (0..1)


#: ``SegmentMetrics``' figures in order, after its index and kind: the ``segment_metrics``
#: table's columns and the recording export's keys.
METRIC_FIELDS = tuple(f.name for f in fields(SegmentMetrics))[2:]
