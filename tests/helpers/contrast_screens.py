"""The texts and focus marks issue 20 lists, measured on screenshots of the real widgets.

``measure(window, runs)`` works on any version of the window (the figures before the fixes were
taken with it too); the caller sets the palette (light or dark) and shows the window.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget

from couchtimer.core.history import RunRecord
from couchtimer.ui.main_window import MainWindow
from tests.helpers.contrast import (
    focus_change_ratio,
    text_over_ratio,
    uniform_text_ratio,
)


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _label_rect(chart: object, line: object) -> QRect:
    """Where a threshold line's label is drawn, in the chart widget's pixels."""
    widget = chart.widget  # type: ignore[attr-defined]
    label = line.label  # type: ignore[attr-defined]
    polygon = widget.mapFromScene(label.mapToScene(label.boundingRect()))
    return polygon.boundingRect().translated(widget.viewport().pos())


def _threshold_ratio(chart: object, line: object) -> float:
    widget = chart.widget  # type: ignore[attr-defined]
    rect = _label_rect(chart, line)
    with_text = widget.grab().toImage()
    label = line.label  # type: ignore[attr-defined]
    colour = QColor(label.color)
    label.setColor(QColor(0, 0, 0, 0))
    _settle()
    without = widget.grab().toImage()
    label.setColor(colour)
    _settle()
    return text_over_ratio(with_text, without, rect)


def _focus_ratio(target: QWidget, elsewhere: QWidget) -> float:
    """Focus moved there as Tab moves it (styles draw some focus marks only for the keyboard)."""
    target.setFocus(Qt.FocusReason.TabFocusReason)
    _settle()
    focused = target.grab().toImage()
    elsewhere.setFocus(Qt.FocusReason.TabFocusReason)
    _settle()
    unfocused = target.grab().toImage()
    return focus_change_ratio(focused, unfocused)


def _image(widget: QWidget) -> QImage:
    _settle()
    return widget.grab().toImage()


def measure(window: MainWindow, runs: Sequence[RunRecord]) -> dict[str, float]:
    """Contrast ratios, rounded to 2 places, keyed by what was measured."""
    figures: dict[str, float] = {}
    today = window.today
    window.tabs.setCurrentIndex(0)
    _settle()
    image = _image(today.next_title)
    figures["Today: next-run title"] = uniform_text_ratio(image, image.rect())
    figures["focus: Start (default button)"] = _focus_ratio(today.start_button, today.programme_box)
    tab_bar = window.tabs.tabBar()
    figures["focus: page tab"] = _focus_ratio(tab_bar, today.programme_box)
    grid = today.grid_host.parentWidget().parentWidget()  # the scroll area round the grid
    figures["focus: run grid scroll area"] = _focus_ratio(grid, today.programme_box)

    window.tabs.setCurrentIndex(1)
    view = window.history.view
    assert view is not None
    view.set_runs(runs)
    view.table.setFocus()
    view.table.selectRow(0)
    _settle()
    table_image = view.table.viewport().grab().toImage()
    row = view.table.visualRect(view.model.index(0, 1))
    figures["History: selected row text"] = uniform_text_ratio(table_image, row)
    with_pain = next(i for i, run in enumerate(view.model.runs) if run.marks)
    view.table.selectRow(with_pain)
    _settle()
    timeline = view.timeline
    for line in timeline.thresholds:
        words = line.label.toPlainText()
        figures[f"This run chart: '{words}' over the bands"] = _threshold_ratio(timeline, line)
    figures["focus: This run chart"] = _focus_ratio(timeline.widget, view.table)
    view.chart_tabs.setCurrentIndex(1)
    _settle()
    worst = view.across.worst
    for line in worst.thresholds:
        words = line.label.toPlainText()
        figures[f"Worst pain chart: '{words}'"] = _threshold_ratio(worst, line)

    window.statusBar().showMessage(
        "No sound: the sound device did not open. The workout still runs, with on-screen cues."
    )
    bar = _image(window.statusBar())
    figures["status-bar warning"] = uniform_text_ratio(
        bar, QRect(0, 0, bar.width() // 2, bar.height())
    )
    window.statusBar().clearMessage()

    from couchtimer.ui.pain_dialog import PostRunDialog
    from couchtimer.ui.pain_editors import NotesEditor

    programme = window.presenter.programme
    dialog = PostRunDialog(window, programme.workout(1, 1), (), True)
    dialog.resize(900, 900)
    dialog.show()
    _settle()
    notes = dialog.form.editor("notes", NotesEditor).widget
    notes.clear()
    notes_image = _image(notes.viewport())
    figures["post-run: notes placeholder"] = uniform_text_ratio(notes_image, notes_image.rect())
    dialog.close()
    dialog.deleteLater()
    window.tabs.setCurrentIndex(0)
    return {key: round(value, 2) for key, value in figures.items()}


Measure = Callable[[MainWindow, Sequence[RunRecord]], dict[str, float]]
