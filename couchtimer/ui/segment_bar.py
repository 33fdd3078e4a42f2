"""A workout drawn as a bar of blocks, with pain marks and an optional "now" marker.

A mark records ``offset_ms`` in *active* workout time and the ``segment_index`` it was pressed
in; the bar is drawn on the *planned* timeline. Where a mark sits (in the visit of its segment
that held it, clamped to the block) is ``core.placement``'s rule, the same one the post-run
dialog, History and the analysis use; ``set_marks(marks, visits)`` passes the recorded visits.
"""

from __future__ import annotations

from collections.abc import Sequence
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
from couchtimer.core.pain import PainMark
from couchtimer.core.placement import (
    Visit,
    mark_seconds,
    mark_words,
    planned_starts,
    segment_name,
)
from couchtimer.core.programme import Segment

HEAD = 18.0  # diameter of a pain mark's head (circle with the intensity)
HEAD_GAP = 3.0
BAR_HEIGHT = 30.0
NOW_HEIGHT = 9.0
SIDE_PAD = HEAD / 2 + 1  # a head at either end of the bar is not clipped
STEM_CLEARANCE = 4.0  # half the stem's halo, plus a pixel


@dataclass(frozen=True, slots=True)
class PlacedMark:
    mark: PainMark
    seconds: float  # planned timeline
    words: str  # "Run 1 of 2, after about 2 min, intensity 6 of 10"


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

    def set_marks(self, marks: Sequence[PainMark], visits: Sequence[Visit] = ()) -> None:
        """``visits``: the visits recorded so far (``core.placement`` places each mark in the
        visit that held it); none: the run went as planned."""
        segments = self._segments
        placed = [
            PlacedMark(
                mark,
                mark_seconds(segments, mark, visits),
                mark_words(segments, mark, visits),
            )
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
        marks = "; ".join(placed.words for placed in self._marks)
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
                return "Pain mark: " + placed.words
        for index, rect in enumerate(self.block_rects()):
            if rect.contains(point):
                seg = self._segments[index]
                return f"{segment_name(self._segments, index)}: {clock_text(seg.seconds)}"
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
