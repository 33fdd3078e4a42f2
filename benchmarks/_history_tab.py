"""History clicked -> its first frame drawn, as the app does it, beside a plain QTableWidget of
the same rows; shared by history.py (issue 19's row) and activity.py (with recordings vs without).

The app opens the history file once, at start-up; clicking History loads the runs and returns
to the event loop, which lays the widgets out and paints them once (``HistoryTab.refresh``). So
every side here starts with the file open and ends when the event loop has painted the frame
(``processEvents``; a forced ``repaint()`` first, as this benchmark did before, paints the tab
once before its layout and again after it, which the app never does). Each repeat times,
alternately, wall clock and this process's CPU time (the machine is shared: CPU time moves less):

  first    a new History tab whose view is built and shown, empty (what the first click builds:
           the charts, pyqtgraph): ``refresh()`` loads the runs and hands them over, then paint
  again    the same tab clicked again (it shows the runs already): ``refresh()``, then paint
  baseline ``store.load_runs()``, a new QTableWidget filled with date, run, status and worst pain
           of every run (4 items a row), then paint
  across   (the tab) then switching to Across runs, drawn on first show, and paint
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path


@dataclass
class Times:
    """Seconds, wall clock and CPU, of each repeat."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def take(self, step: Callable[[], None]) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        step()
        self.cpu.append(time.process_time() - cpu)
        self.wall.append(time.perf_counter() - wall)


@dataclass
class TabTimes:
    first: Times = field(default_factory=Times)
    again: Times = field(default_factory=Times)
    baseline: Times = field(default_factory=Times)
    across: Times = field(default_factory=Times)


def tab_ready(db: Path, repeats: int, times: TabTimes | None = None) -> TabTimes:
    """``repeats`` of each, interleaved, added to ``times``."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem
    from shiboken6 import getCppPointer

    from couchtimer.store import HistoryStore
    from couchtimer.ui.history_tab import HistoryTab

    times = times or TabTimes()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    painted: Counter[int] = Counter()  # paint events by widget, to check a frame was drawn

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                painted[getCppPointer(watched)[0]] += 1
            return False

    paints = Paints()
    app.installEventFilter(paints)
    store = HistoryStore.open(db, backups=False)
    for _ in range(repeats):
        opened: list[HistoryStore] = []  # none yet: the first refresh builds an empty view
        tab = HistoryTab(
            lambda opened=opened: opened[0] if opened else None,  # type: ignore[misc]
            lambda: None,
            lambda: datetime.now(UTC),
            lambda _title, _text: None,
            lambda _text, _ms: None,
            lambda: True,
        )
        tab.resize(1200, 800)
        tab.refresh()
        tab.show()
        app.processEvents()
        opened.append(store)

        def show(tab: HistoryTab = tab) -> None:
            tab.refresh()
            app.processEvents()

        def across(tab: HistoryTab = tab) -> None:
            assert tab.view is not None
            tab.view.chart_tabs.setCurrentIndex(1)
            app.processEvents()

        painted.clear()
        times.first.take(show)
        assert tab.view is not None
        frame = (tab.view.table.viewport(), tab.view.timeline.widget.viewport())
        assert [painted[getCppPointer(w)[0]] for w in frame] == [1, 1], "painted once"
        times.across.take(across)
        assert tab.view is not None
        tab.view.chart_tabs.setCurrentIndex(0)
        app.processEvents()
        times.again.take(show)
        tab.close()
        tab.deleteLater()
        app.processEvents()

        table = QTableWidget()
        table.resize(1200, 800)
        table.show()
        app.processEvents()

        def fill(table: QTableWidget = table) -> None:
            loaded = store.load_runs()
            table.setRowCount(len(loaded))
            table.setColumnCount(4)
            for row, run in enumerate(reversed(loaded)):
                for column, text in enumerate(
                    (
                        run.started_at.date().isoformat(),
                        run.code,
                        str(run.status),
                        str(run.worst_pain),
                    )
                ):
                    table.setItem(row, column, QTableWidgetItem(text))
            app.processEvents()

        painted.clear()
        times.baseline.take(fill)
        assert painted[getCppPointer(table.viewport())[0]] == 1, "the table painted once"
        table.close()
        table.deleteLater()
        app.processEvents()
    app.removeEventFilter(paints)
    store.close()
    return times
