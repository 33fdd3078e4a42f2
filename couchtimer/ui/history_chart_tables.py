"""The charts' text alternative: each chart's figures as a table (History's "Chart data as
tables…")."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from couchtimer.charts.base import Chart


class ChartTables(QDialog):
    """Each chart's figures as a table, one tab per chart: the charts' text alternative."""

    def __init__(self, charts: Sequence[Chart], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chart_tables")
        self.setWindowTitle("Chart data as tables")
        self.tabs = QTabWidget()
        self.tables: list[QTableWidget] = []
        for chart in charts:
            page = QWidget()
            page_layout = QVBoxLayout(page)
            summary = QLabel(chart.widget.accessibleDescription() or chart.empty_text)
            summary.setWordWrap(True)
            table = QTableWidget(len(chart.rows), len(chart.headers))
            table.setObjectName(f"{chart.widget.objectName()}_table")
            table.setAccessibleName(chart.title)
            table.setTabKeyNavigation(False)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setHorizontalHeaderLabels(list(chart.headers))
            table.verticalHeader().hide()
            for row, values in enumerate(chart.rows):
                for column, value in enumerate(values):
                    table.setItem(row, column, QTableWidgetItem(value))
            table.resizeColumnsToContents()
            page_layout.addWidget(summary)
            page_layout.addWidget(table, 1)
            self.tabs.addTab(page, chart.title)
            self.tables.append(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(720, 480)
