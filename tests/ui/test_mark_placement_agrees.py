"""The same pain mark is placed the same after the run and when the report is edited from History.

After the run the post-run dialog knew the visits from the engine's timings; from History it knew
them from the stored segment rows. The two answered "which visit of its segment holds this mark"
with different fallbacks, so a mark in a segment the records do not hold (the run stopped in it,
after a skip) was pre-filled at two different places: 70 s into walk 2 after the run, at
its planned start (120 s) from History. Both now ask ``core.placement.visit_start``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pytestqt.qtbot import QtBot

from couchtimer.core.engine import SegmentEnd, SegmentTiming
from couchtimer.core.history import RunRecord, RunStatus, SegmentRecord
from couchtimer.core.pain import PainMark
from couchtimer.core.placement import visit_start
from couchtimer.core.programme import Segment, SegmentKind, Workout
from couchtimer.ui.pain_dialog import PostRunDialog

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
    after_the_run = visit_start(PLANNED, [t.visit for t in TIMINGS], 2, 100.0)
    run = stored_run()
    from_history = visit_start(run.planned, run.visits, MARK.segment_index, 100.0)
    assert after_the_run == from_history == 70.0


def test_the_post_run_dialog_prefills_the_same_both_ways(qtbot: QtBot) -> None:
    """The dialog as main_window opens it after the run and from History."""
    workout = Workout(1, 1, PLANNED)
    run = stored_run()
    after = PostRunDialog(None, workout, (MARK,), False, [t.visit for t in TIMINGS])
    edited = PostRunDialog(None, workout, run.marks, False, run.visits, earlier=run.report)
    qtbot.addWidget(after)
    qtbot.addWidget(edited)
    for dialog in (after, edited):
        assert dialog.form["onset_note"].value() == "after about 30 s"
        assert dialog.bar.placed_marks[0].seconds == 150.0
        assert dialog.marks_summary.text() == (
            "You marked pain 1 time (worst 4 of 10). First: Walk 2 of 2, after about 30 s, intensity 4 of 10."
        )
