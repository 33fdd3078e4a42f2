"""A recorded run as the store keeps it and the history/analysis reads it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from couchtimer.core.pain import Checkin, PainMark, PainReport
from couchtimer.core.programme import Segment, SegmentKind


class RunStatus(StrEnum):
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    ENDED_EARLY = "ended-early"


@dataclass(frozen=True, slots=True)
class SegmentRecord:
    """One segment as run: planned start/length and what actually happened (seconds)."""

    index: int
    kind: SegmentKind
    planned_start: float
    planned_seconds: int
    actual_start: float
    actual_seconds: float
    skipped: bool = False


@dataclass(frozen=True, slots=True)
class RunRecord:
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

    @property
    def code(self) -> str:
        return f"W{self.week}R{self.run}"

    @property
    def worst_mark(self) -> int | None:
        values = [m.intensity for m in self.marks if m.intensity is not None]
        return max(values) if values else None

    @property
    def worst_pain(self) -> int | None:
        """The worst the runner reported for this run, from marks or the post-run report."""
        candidates = [self.worst_mark, self.report.worst_during if self.report else None]
        values = [v for v in candidates if v is not None]
        if values:
            return max(values)
        return 0 if self.report is not None and self.report.no_discomfort else None

    def kind_at(self, segment_index: int) -> SegmentKind | None:
        if 0 <= segment_index < len(self.planned):
            return self.planned[segment_index].kind
        return None
