"""The History tab's run list never cuts a column's title (it showed "egment"): each header
section holds its title in bold (a selected row makes the titles bold) with the style's
margins, at the window's first size and at its smallest, with the longest status there is."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle
from pytestqt.qtbot import QtBot

from couchtimer.core.history import RunRecord
from couchtimer.ui.history_runs import COLUMNS
from couchtimer.ui.history_view import HistoryView
from tests.helpers.runs import START, c25k_run, measured

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def longest_runs() -> list[RunRecord]:
    """Week 10 ... "Completed with skips, recorded": the longest words each column shows."""
    skipped = c25k_run(1, START, 9, 3, pain=10, early=True)
    recorded = replace(skipped, measured=measured(skipped.planned, {0: -5.0}, {0: 170.0}))
    return [recorded, c25k_run(2, START.replace(month=9, day=28), 9, 1)]


@pytest.mark.parametrize("size", ["first", "smallest"])
def test_every_title_of_the_run_list_shows_whole(qtbot: QtBot, size: str) -> None:
    view = HistoryView()
    qtbot.addWidget(view)
    # The window opens at 1100x760: the tab inside is about 1080 x 640.
    view.resize(1080, 640) if size == "first" else view.resize(view.minimumSizeHint())
    view.show()
    view.set_runs(longest_runs())
    view.select_run(1)
    qtbot.wait(5)
    header = view.table.horizontalHeader()
    bold = header.font()
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    for column, title in enumerate(COLUMNS):
        need = metrics.horizontalAdvance(title) + 2 * margin
        assert header.sectionSize(column) >= need, (size, title)
    if size == "first":  # room for every column: nothing scrolled out of sight
        assert header.length() <= view.table.viewport().width()
