"""Downhill, flat or uphill: a segment's slope from what a recording measured (pure).

One rule, used by the run timeline's gradient strip, the per-segment table and pain against
gradient across runs: a segment is *downhill* when its mean gradient is ``DOWNHILL_GRADE``
(-4 %) or steeper, *uphill* from ``UPHILL_GRADE`` (+4 %), *flat* between; a segment the
recording gives no gradient for (shorter than 100 m, no elevation, not covered) has none.
-4 % (a 4 m drop every 100 m) is a gentle but real hill, clear of the ±1-2 % that smoothed GPS
or barometric altitude still wanders by on level ground.
"""

from __future__ import annotations

from enum import StrEnum

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
