"""SegmentBar: geometry of blocks, pain marks and the "now" marker, and what it tells a screen reader."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from couchtimer.core.pain import PainMark
from couchtimer.core.programme import Segment, SegmentKind
from couchtimer.ui.segment_bar import HEAD, SIDE_PAD, SegmentBar

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
