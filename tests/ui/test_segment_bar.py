"""SegmentBar: geometry of blocks, pain marks and the "now" marker, and what it tells a screen reader."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from couchtimer.core.engine import SegmentEnded, WorkoutEngine
from couchtimer.core.pain import PainMark
from couchtimer.core.programme import Segment, SegmentKind, Workout
from couchtimer.ui.segment_bar import (
    HEAD,
    SIDE_PAD,
    SegmentBar,
    about_time,
    mark_planned_seconds,
    segment_words,
    visit_starts,
)
from tests.helpers.stubs import FakeClock

K = SegmentKind
# 600 s in all, so a bar 600 px wide draws one pixel per second.
SEGMENTS = (
    Segment(K.WARMUP, 120),
    Segment(K.RUN, 180),
    Segment(K.WALK, 90),
    Segment(K.RUN, 120),
    Segment(K.COOLDOWN, 90),
)


@pytest.fixture
def bar(qtbot: QtBot) -> SegmentBar:
    widget = SegmentBar()
    qtbot.addWidget(widget)
    widget.set_segments(SEGMENTS)
    widget.resize(int(600 + 2 * SIDE_PAD), widget.sizeHint().height())
    return widget


def test_blocks_are_proportional_to_planned_seconds(bar: SegmentBar) -> None:
    """Each block spans its planned seconds at one pixel per second, side by side."""
    lefts = [round(r.left() - SIDE_PAD, 6) for r in bar.block_rects()]
    widths = [round(r.width(), 6) for r in bar.block_rects()]
    assert lefts == [0, 120, 300, 390, 510]
    assert widths == [120, 180, 90, 120, 90]


def test_mark_sits_in_its_segment_at_its_time_into_it(bar: SegmentBar) -> None:
    """A mark 150 s into an on-plan run is 30 s into run 1 (planned start 120 s)."""
    bar.set_marks([PainMark(150_000, 1, 6), PainMark(460_000, 3)])
    centres = [round(r.center().x() - SIDE_PAD, 6) for r in bar.marker_rects()]
    assert centres == [150, 460]
    assert bar.marker_rects()[0] == QRectF(SIDE_PAD + 150 - HEAD / 2, 0, HEAD, HEAD)


def test_mark_after_a_skip_uses_the_visit_start(clock: FakeClock) -> None:
    """Warm-up skipped after 60 s: a mark 90 s in is 30 s into run 1, drawn at planned 150 s."""
    workout = Workout(4, 1, SEGMENTS)
    engine = WorkoutEngine(workout, clock)
    engine.start()
    clock.advance(60)
    events = engine.skip()
    clock.advance(30)
    timings = [e.timing for e in events if isinstance(e, SegmentEnded)]
    mark = PainMark(90_000, 1, 5)
    assert mark_planned_seconds(SEGMENTS, mark, visit_starts(timings)) == 150.0
    # without the timings the bar would assume an on-plan warm-up and clamp to the block start
    assert mark_planned_seconds(SEGMENTS, mark) == 120.0


def test_visit_start_for_a_segment_revisited_with_back() -> None:
    """Run 1 left by "back" and run again: a mark in the second visit counts from that visit."""
    from couchtimer.core.engine import SegmentEnd, SegmentTiming

    timings = [
        SegmentTiming(0, 120, 0.0, 120.0, SegmentEnd.COMPLETED),
        SegmentTiming(1, 180, 120.0, 40.0, SegmentEnd.RESTARTED),
        SegmentTiming(1, 180, 160.0, 180.0, SegmentEnd.COMPLETED),
    ]
    start = visit_starts(timings)
    assert start(PainMark(150_000, 1)) == 120.0
    assert start(PainMark(200_000, 1)) == 160.0
    # a mark in the walk still running when the list was taken: that visit began at 340 s
    assert start(PainMark(350_000, 2)) == 340.0


def test_mark_is_clamped_to_its_block() -> None:
    """A mark can never be drawn outside the block it was pressed in."""
    late = PainMark(400_000, 1)  # 280 s "into" a 180 s run on plan
    assert mark_planned_seconds(SEGMENTS, late) == 300.0


def test_mark_beyond_the_workout_is_an_error() -> None:
    """A mark naming a segment the workout does not have is a bug, reported plainly."""
    with pytest.raises(ValueError, match="pain mark in segment 6, but the workout has only 5"):
        mark_planned_seconds(SEGMENTS, PainMark(0, 5))


def test_now_marker_and_clamping(bar: SegmentBar) -> None:
    """The now marker follows planned seconds and stays on the bar; None hides it."""
    assert bar.now_x() is None
    bar.set_now(300)
    assert bar.now_x() == SIDE_PAD + 300
    bar.set_now(10_000)
    assert bar.now_x() == SIDE_PAD + 600
    bar.set_now(None)
    assert bar.now_x() is None


def test_accessible_description_summarises_bar(bar: SegmentBar) -> None:
    """A screen reader hears the segments and where each pain mark is."""
    bar.set_marks([PainMark(150_000, 1, 6), PainMark(430_000, 3)])
    assert bar.accessibleName() == "Workout segments"
    assert bar.accessibleDescription() == (
        "5 segments, 10:00 in all: Warm-up 2:00, Run 3:00, Walk 1:30, Run 2:00, Cool-down 1:30. "
        "2 pain marks: Run 1 of 2, after about 30 s, intensity 6 of 10; "
        "Run 2 of 2, after about 40 s."
    )


def test_tooltip_text_under_pointer(bar: SegmentBar) -> None:
    """Hovering a mark head names the mark; hovering a block names the segment."""
    bar.set_marks([PainMark(150_000, 1, 6)])
    head = bar.marker_rects()[0].center()
    assert bar._text_at(head) == "Pain mark: Run 1 of 2, after about 30 s, intensity 6 of 10"
    walk = bar.block_rects()[2].center()
    assert bar._text_at(walk) == "Walk: 1:30"
    assert bar._text_at(QPointF(1, 1)) == ""


def test_words_for_segments_and_times() -> None:
    """Runs and walks are counted; warm-up/cool-down are named; times are rounded for speech."""
    assert [segment_words(SEGMENTS, i) for i in range(5)] == [
        "Warm-up",
        "Run 1 of 2",
        "Walk",
        "Run 2 of 2",
        "Cool-down",
    ]
    assert [about_time(s) for s in (3, 24, 54, 55, 89, 90, 150)] == [
        "in the first few seconds",
        "after about 20 s",
        "after about 50 s",
        "after about 1 min",
        "after about 1 min",
        "after about 2 min",
        "after about 3 min",
    ]


def test_painted_pixels_show_blocks_and_mark(bar: SegmentBar) -> None:
    """The run block is vermillion; the mark's stem is drawn in the marker colour over it."""
    bar.set_marks([PainMark(150_000, 1, 6)])
    image = bar.grab().toImage()
    run_block = bar.block_rects()[1]
    probe = image.pixelColor(int(SIDE_PAD + 250), int(run_block.top() + 3))
    assert probe.name() == QColor("#d55e00").name()
    stem = image.pixelColor(int(SIDE_PAD + 150), int(run_block.bottom() - 3))
    assert stem.name() == "#000000"


def test_labels_avoid_mark_stems(bar: SegmentBar) -> None:
    """A block's label is placed in its widest stretch that no mark stem crosses."""
    bar.set_marks([PainMark(150_000, 1, 6)])  # stem at 150 s, inside run 1 (120-300 s)
    run = bar.block_rects()[1]
    space = bar.label_space(run)
    assert (space.left() - SIDE_PAD, space.right() - SIDE_PAD) == (154.0, 300.0)
    # a block with no stem keeps all of its width
    assert bar.label_space(bar.block_rects()[2]) == bar.block_rects()[2]


def test_dark_palette_draws_light_marks(bar: SegmentBar) -> None:
    """In a dark palette the mark stems are white, and the cool-down uses its lighter blue."""
    from couchtimer.charts import theme

    bar.setPalette(theme.dark_palette())
    bar.set_marks([PainMark(150_000, 1, 6)])
    image = bar.grab().toImage()
    run_block = bar.block_rects()[1]
    stem = image.pixelColor(int(SIDE_PAD + 150), int(run_block.bottom() - 3))
    assert stem.name() == "#ffffff"
    cooldown = image.pixelColor(int(SIDE_PAD + 560), int(run_block.top() + 2))
    assert cooldown.name() == "#3d97d3"
