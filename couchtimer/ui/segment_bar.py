"""A workout drawn as a bar of blocks, with pain marks and an optional "now" marker.

Placing a pain mark on the planned bar
--------------------------------------
A mark records ``offset_ms`` in *active* workout time (pauses excluded) and the ``segment_index``
it was pressed in. The bar is drawn on the *planned* timeline. Skips, "back" and early finishes
make active time and planned time drift apart, so the active offset alone would put a mark in the
wrong block. The rule used here:

    planned position = planned start of the mark's segment
                       + (mark offset - active time at which that visit to the segment started),
                       clamped to the segment's planned length.

So a mark always sits in the block it was pressed in, at how far into that segment the runner
was. ``set_marks(marks, visit_start)`` takes an optional callable ``visit_start(mark) -> active
seconds at which the visit containing the mark started``; ``visit_starts(timings)`` builds it from
the engine's ``SegmentTiming`` list (or the store's segment rows). Without it, each segment is
assumed to have started on plan, which is exact for a run with no skip or back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from couchtimer.charts import theme
from couchtimer.core.clocktext import clock_text
from couchtimer.core.engine import SegmentTiming
from couchtimer.core.pain import PainMark
from couchtimer.core.programme import Segment, SegmentKind

VisitStart = Callable[[PainMark], float]

HEAD = 18.0  # diameter of a pain mark's head (circle with the intensity)
HEAD_GAP = 3.0
BAR_HEIGHT = 30.0
NOW_HEIGHT = 9.0
SIDE_PAD = HEAD / 2 + 1  # a head at either end of the bar is not clipped
STEM_CLEARANCE = 4.0  # half the stem's halo, plus a pixel


# --- pure helpers (no painting) ------------------------------------------------------------------


def planned_starts(segments: Sequence[Segment]) -> list[int]:
    starts, total = [], 0
    for segment in segments:
        starts.append(total)
        total += segment.seconds
    return starts


def visit_starts(timings: Sequence[SegmentTiming]) -> VisitStart:
    """``visit_start`` from the visits the engine recorded.

    The visit containing a mark is the latest recorded visit to its segment that began at or
    before the mark. A mark in the segment that was still running when the run ended (not yet in
    ``timings``) belongs to a visit that began when the last recorded visit before it ended.
    """
    recorded = tuple(timings)

    def start(mark: PainMark) -> float:
        at = mark.offset_ms / 1000
        same = [t.start_offset for t in recorded if t.index == mark.segment_index]
        before = [s for s in same if s <= at + 1e-6]
        if before:
            return max(before)
        ended = [t.start_offset + t.duration for t in recorded]
        return max((e for e in ended if e <= at + 1e-6), default=0.0)

    return start


def mark_planned_seconds(
    segments: Sequence[Segment], mark: PainMark, visit_start: VisitStart | None = None
) -> float:
    """Where on the planned timeline (seconds) a mark is drawn; see the module docstring."""
    if mark.segment_index >= len(segments):
        raise ValueError(
            f"pain mark in segment {mark.segment_index + 1}, "
            f"but the workout has only {len(segments)} segments"
        )
    starts = planned_starts(segments)
    start = starts[mark.segment_index]
    began = visit_start(mark) if visit_start is not None else float(start)
    into = mark.offset_ms / 1000 - began
    return start + min(max(into, 0.0), float(segments[mark.segment_index].seconds))


def segment_words(segments: Sequence[Segment], index: int) -> str:
    """ "Run 2 of 5", "Walk 1 of 4", "Warm-up": how a runner names a segment."""
    kind = segments[index].kind
    if kind in (SegmentKind.RUN, SegmentKind.WALK):
        same = [i for i, seg in enumerate(segments) if seg.kind is kind]
        if len(same) > 1:
            return f"{kind.heading} {same.index(index) + 1} of {len(same)}"
    return kind.heading


def about_time(seconds: float) -> str:
    """A rough, speakable time into a segment: "after about 2 min"."""
    if seconds < 10:
        return "in the first few seconds"
    if seconds < 55:
        return f"after about {int(seconds / 10 + 0.5) * 10} s"
    return f"after about {max(1, int(seconds / 60 + 0.5))} min"


def mark_at(segments: Sequence[Segment], planned_seconds: float, intensity: int | None) -> PainMark:
    """A pain mark placed by hand at ``planned_seconds`` into a run done as planned (a run done
    outdoors, marked afterwards): in the segment there, inside the run."""
    total = sum(segment.seconds for segment in segments)
    offset_ms = min(max(int(planned_seconds * 1000), 0), total * 1000 - 1)
    starts = planned_starts(segments)
    index = max(i for i, start in enumerate(starts) if start * 1000 <= offset_ms)
    return PainMark(offset_ms, index, intensity)


@dataclass(frozen=True, slots=True)
class PlacedMark:
    mark: PainMark
    seconds: float  # planned timeline

    def words(self, segments: Sequence[Segment]) -> str:
        into = self.seconds - planned_starts(segments)[self.mark.segment_index]
        text = f"{segment_words(segments, self.mark.segment_index)}, {about_time(into)}"
        if self.mark.intensity is not None:
            text += f", intensity {self.mark.intensity} of 10"
        return text


# --- the widget ----------------------------------------------------------------------------------


class SegmentBar(QWidget):
    """Blocks proportional to planned duration; pain marks as pins; an optional "now" line."""

    #: Planned seconds under a left click on the bar, while ``set_placing(True)``.
    clicked = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._placing = False
        self._segments: tuple[Segment, ...] = ()
        self._marks: tuple[PlacedMark, ...] = ()
        self._now: float | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setAccessibleName("Workout segments")
        self._update_description()

    # API

    def set_segments(self, segments: Sequence[Segment]) -> None:
        self._segments = tuple(segments)
        self._marks = ()
        self._now = None
        self._changed()

    def set_marks(self, marks: Sequence[PainMark], visit_start: VisitStart | None = None) -> None:
        placed = [
            PlacedMark(mark, mark_planned_seconds(self._segments, mark, visit_start))
            for mark in marks
        ]
        self._marks = tuple(placed)
        self._changed()

    def set_placing(self, placing: bool) -> None:
        """Clicks on the bar place pain marks (``clicked``); the pointer says so."""
        self._placing = placing
        if placing:
            self.setCursor(Qt.CursorShape.CrossCursor)
        else:
            self.unsetCursor()

    def seconds_at(self, x: float) -> float:
        """Planned seconds at ``x`` on the bar (the inverse of ``x_at``), within the workout."""
        bar = self.bar_rect()
        share = min(max((x - bar.left()) / bar.width(), 0.0), 1.0)
        return share * self.total_seconds

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        point = event.position()
        bar = self.bar_rect().adjusted(0, -HEAD, 0, 0)  # the labels above count too
        if self._placing and event.button() is Qt.MouseButton.LeftButton and bar.contains(point):
            self.clicked.emit(self.seconds_at(point.x()))
            event.accept()
            return
        super().mousePressEvent(event)

    def set_now(self, planned_seconds: float | None) -> None:
        if planned_seconds is not None:
            planned_seconds = min(max(planned_seconds, 0.0), float(self.total_seconds))
        if planned_seconds != self._now:
            self._now = planned_seconds
            self.update()

    @property
    def total_seconds(self) -> int:
        return sum(segment.seconds for segment in self._segments)

    @property
    def placed_marks(self) -> tuple[PlacedMark, ...]:
        return self._marks

    # geometry (also what tests inspect)

    def bar_rect(self) -> QRectF:
        top = HEAD + HEAD_GAP
        return QRectF(SIDE_PAD, top, max(1.0, self.width() - 2 * SIDE_PAD), BAR_HEIGHT)

    def x_at(self, planned_seconds: float) -> float:
        bar = self.bar_rect()
        total = self.total_seconds
        if total == 0:
            return bar.left()
        return bar.left() + bar.width() * planned_seconds / total

    def block_rects(self) -> list[QRectF]:
        bar = self.bar_rect()
        rects = []
        for start, segment in zip(planned_starts(self._segments), self._segments, strict=True):
            left, right = self.x_at(start), self.x_at(start + segment.seconds)
            rects.append(QRectF(left, bar.top(), right - left, bar.height()))
        return rects

    def marker_rects(self) -> list[QRectF]:
        """The head of each pain mark (the circle above the bar), in the order given."""
        return [
            QRectF(self.x_at(placed.seconds) - HEAD / 2, 0.0, HEAD, HEAD) for placed in self._marks
        ]

    def label_space(self, block: QRectF) -> QRectF:
        """The widest stretch of a block that no pain-mark stem crosses: labels go there."""
        clear = STEM_CLEARANCE
        stems = sorted(
            x
            for x in (r.center().x() for r in self.marker_rects())
            if block.left() < x < block.right()
        )
        edges = [block.left(), *(e for x in stems for e in (x - clear, x + clear)), block.right()]
        gaps = [(edges[i], edges[i + 1]) for i in range(0, len(edges), 2)]
        left, right = max(gaps, key=lambda gap: gap[1] - gap[0])
        return QRectF(left, block.top(), max(0.0, right - left), block.height())

    def now_x(self) -> float | None:
        return None if self._now is None else self.x_at(self._now)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(
            max(480, 12 * len(self._segments)), int(HEAD + HEAD_GAP + BAR_HEIGHT + NOW_HEIGHT)
        )

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(160, int(HEAD + HEAD_GAP + BAR_HEIGHT + NOW_HEIGHT))

    # description

    def description(self) -> str:
        if not self._segments:
            return "No workout."
        parts = [f"{seg.kind.heading} {clock_text(seg.seconds)}" for seg in self._segments]
        text = f"{len(self._segments)} segments, {clock_text(self.total_seconds)} in all: "
        text += ", ".join(parts) + "."
        if not self._marks:
            return text + " No pain marks."
        count = len(self._marks)
        marks = "; ".join(placed.words(self._segments) for placed in self._marks)
        return text + f" {count} pain mark{'s' if count != 1 else ''}: {marks}."

    def _changed(self) -> None:
        self._update_description()
        self.updateGeometry()
        self.update()

    def _update_description(self) -> None:
        self.setAccessibleDescription(self.description())
        self.setToolTip("")

    # tooltips: what is under the pointer

    def event(self, event: object) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QHelpEvent.Type.ToolTip:
            text = self._text_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)  # type: ignore[arg-type]

    def _text_at(self, point: QPointF) -> str:
        for placed, rect in zip(self._marks, self.marker_rects(), strict=True):
            if rect.adjusted(-2, -2, 2, 2).contains(point):
                return "Pain mark: " + placed.words(self._segments)
        for index, rect in enumerate(self.block_rects()):
            if rect.contains(point):
                seg = self._segments[index]
                return f"{segment_words(self._segments, index)}: {clock_text(seg.seconds)}"
        return ""

    # painting

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        dark = theme.is_dark(self.palette())
        self._paint_blocks(painter, dark)
        self._paint_now(painter, dark)
        self._paint_marks(painter, dark)
        painter.end()

    def _paint_blocks(self, painter: QPainter, dark: bool) -> None:
        window = self.palette().color(QPalette.ColorRole.Window)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        for segment, rect in zip(self._segments, self.block_rects(), strict=True):
            fill = theme.kind_colour(segment.kind, dark)
            ink = theme.text_colour_on(fill)
            painter.fillRect(rect, fill)
            pattern = theme.kind_pattern(segment.kind)
            if pattern is not Qt.BrushStyle.SolidPattern:
                texture = QColor(ink)
                texture.setAlpha(70)
                painter.fillRect(rect, QBrush(texture, pattern))
            # a separator in the window colour keeps neighbouring blocks apart
            painter.setPen(QPen(window, 1.0))
            painter.drawLine(rect.topRight(), rect.bottomRight())
            space = self.label_space(rect)
            label = self._fitting_label(segment, space.width() - 4, metrics)
            if label:
                painter.setPen(ink)
                painter.drawText(space, Qt.AlignmentFlag.AlignCenter, label)
        if self._segments:
            frame = self.palette().color(QPalette.ColorRole.WindowText)
            frame.setAlpha(140)
            painter.setPen(QPen(frame, 1.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.bar_rect())

    @staticmethod
    def _fitting_label(segment: Segment, width: float, metrics: QFontMetricsF) -> str:
        choices = (
            f"{segment.kind.heading} {clock_text(segment.seconds)}",
            segment.kind.heading,
            theme.kind_short(segment.kind),
        )
        for text in choices:
            if metrics.horizontalAdvance(text) <= width:
                return text
        return ""

    def _paint_now(self, painter: QPainter, dark: bool) -> None:
        x = self.now_x()
        if x is None:
            return
        ink, halo = theme.mark_colours(dark)
        bar = self.bar_rect()
        tip = QPainterPath()
        tip.moveTo(x, bar.bottom())
        tip.lineTo(x - NOW_HEIGHT * 0.8, bar.bottom() + NOW_HEIGHT)
        tip.lineTo(x + NOW_HEIGHT * 0.8, bar.bottom() + NOW_HEIGHT)
        tip.closeSubpath()
        painter.setPen(QPen(halo, 4.0))
        painter.drawLine(QPointF(x, bar.top()), QPointF(x, bar.bottom()))
        painter.setPen(QPen(ink, 2.0))
        painter.drawLine(QPointF(x, bar.top()), QPointF(x, bar.bottom()))
        painter.setPen(QPen(halo, 1.0))
        painter.setBrush(ink)
        painter.drawPath(tip)

    def _paint_marks(self, painter: QPainter, dark: bool) -> None:
        ink, halo = theme.mark_colours(dark)
        bar = self.bar_rect()
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(int(HEAD * 0.62))
        painter.setFont(font)
        for placed, head in zip(self._marks, self.marker_rects(), strict=True):
            x = head.center().x()
            for colour, width in ((halo, 5.0), (ink, 2.5)):
                painter.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
                painter.drawLine(QPointF(x, head.bottom()), QPointF(x, bar.bottom()))
            painter.setPen(QPen(halo, 1.5))
            painter.setBrush(ink)
            painter.drawEllipse(head.adjusted(0.75, 0.75, -0.75, -0.75))
            text = "!" if placed.mark.intensity is None else str(placed.mark.intensity)
            painter.setPen(halo)
            painter.drawText(head, Qt.AlignmentFlag.AlignCenter, text)
