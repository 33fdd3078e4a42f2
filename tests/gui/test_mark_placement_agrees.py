"""The same pain mark is placed the same after the run and when the report is edited from History.

After the run the post-run dialog knew the visits from the engine's timings; from History it knew
them from the stored segment rows. The two answered "which visit of its segment holds this mark"
with different fallbacks, so a mark in a segment the records do not hold (the run stopped in it,
after a skip) was pre-filled at two different places.
"""

from __future__ import annotations

from datetime import UTC, datetime

from couchtimer.core.analysis import segment_start
from couchtimer.core.engine import SegmentEnd, SegmentTiming
from couchtimer.core.history import RunRecord, RunStatus, SegmentRecord
from couchtimer.core.pain import PainMark
from couchtimer.core.programme import Segment, SegmentKind
from couchtimer.ui.segment_bar import visit_starts

K = SegmentKind
PLANNED = (Segment(K.WALK, 60), Segment(K.RUN, 60), Segment(K.WALK, 60), Segment(K.RUN, 60))
# walk 1 skipped after 10 s, run 1 as planned (10–70 s); the run stopped in walk 2, not recorded
TIMINGS = (
    SegmentTiming(0, 60, 0.0, 10.0, SegmentEnd.SKIPPED),
    SegmentTiming(1, 60, 10.0, 60.0, SegmentEnd.COMPLETED),
)
MARK = PainMark(100_000, 2, 4)  # 30 s into walk 2, which began at 70 s


def stored_run() -> RunRecord:
    return RunRecord(
        id=1,
        programme_id="c25k",
        week=1,
        run=1,
        planned=PLANNED,
        started_at=datetime(2026, 5, 1, 7, 0, tzinfo=UTC),
        ended_at=datetime(2026, 5, 1, 7, 2, tzinfo=UTC),
        status=RunStatus.ENDED_EARLY,
        app_version="test",
        segments=tuple(
            SegmentRecord(t.index, PLANNED[t.index].kind, 0.0, 60, t.start_offset, t.duration)
            for t in TIMINGS
        ),
        marks=(MARK,),
    )


def test_after_the_run_and_from_history_the_mark_is_in_the_same_visit() -> None:
    after_the_run = visit_starts(TIMINGS)(MARK)
    from_history = segment_start(stored_run(), MARK.segment_index, MARK.offset_ms / 1000)
    assert after_the_run == 70.0
    assert from_history == after_the_run
