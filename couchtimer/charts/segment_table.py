"""What a watch or phone recording measured in each segment of a run, as a table (History's
"This run", under the timeline; the PDF draws the same rows). Figures come from
``core.terrain`` via the store; the slope words from ``core.slopes``; nothing is computed here."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from couchtimer.core.clocktext import clock_text
from couchtimer.core.placement import segment_name
from couchtimer.core.programme import Segment
from couchtimer.core.slopes import slope_of
from couchtimer.core.track import SegmentMetrics

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


class SegmentMetricsTable(QTableWidget):
    """One row per segment of the run shown; hidden when the run has no recording."""

    def __init__(self) -> None:
        super().__init__(0, len(HEADERS))
        self.setObjectName("segment_metrics")
        self.setAccessibleName("Measured by the recording, per segment")
        self.setHorizontalHeaderLabels(list(HEADERS))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.hide()

    def set_metrics(self, planned: Sequence[Segment], metrics: Sequence[SegmentMetrics]) -> None:
        self.setRowCount(len(metrics))
        for row, m in enumerate(metrics):
            for column, text in enumerate(metric_cells(planned, m)):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.setItem(row, column, item)
        self.setVisible(bool(metrics))
        if metrics:
            rows = sum(self.rowHeight(r) for r in range(min(len(metrics), 6)))
            self.setFixedHeight(rows + self.horizontalHeader().height() + 4)

    def rows(self) -> list[tuple[str, ...]]:
        """The table's text, row by row (tests, the accessibility description)."""
        return [
            tuple(_text(self.item(r, c)) for c in range(self.columnCount()))
            for r in range(self.rowCount())
        ]


def _text(item: QTableWidgetItem | None) -> str:
    return "" if item is None else item.text()
