"""What a watch or phone recording measured in each segment of a run, as a table (History's
"This run", under the timeline; the PDF draws the same rows). Figures come from
``core.terrain`` via the store; the slope words from ``core.slopes``; nothing is computed here."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from couchtimer.charts.segment_cells import HEADERS, metric_cells
from couchtimer.core.metrics import SegmentMetrics
from couchtimer.core.programme import Segment


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
        header = self.horizontalHeader()
        # Columns fitted to their contents once, when filled: fitted as each cell came they
        # measured every row again per cell (40 ms for a 16-segment run).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.setRowCount(len(metrics))
        for row, m in enumerate(metrics):
            for column, text in enumerate(metric_cells(planned, m)):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.setItem(row, column, item)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
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
