"""What Qt's accessibility interface exposes (the AT-SPI bridge exports exactly this): names that
carry the visible text, state, relations, announcements, keyboard reach and focus marks (issue 20).

The same screens are read over the real AT-SPI bus in tests/e2e (test_accessibility_atspi.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from couchtimer.charts import theme
from couchtimer.core.demo import seed_story
from couchtimer.core.engine import EngineState
from couchtimer.programmes import resolve_programme
from couchtimer.ui.focus import FocusRing
from couchtimer.ui.history_view import HistoryView
from couchtimer.ui.main_window import MainWindow
from couchtimer.ui.settings_dialog import SettingsDialog
from tests.helpers.stubs import FakeClock
from tests.ui.test_history_view import START
from tests.ui.test_main_window import key, start_custom

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NAME, DESCRIPTION = QAccessible.Text.Name, QAccessible.Text.Description


def name(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(NAME)


def description(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(DESCRIPTION)


def focus_stops(root: QWidget) -> list[QWidget]:
    """Every widget under ``root`` that Tab can reach and that shows now."""
    return [
        widget
        for widget in root.findChildren(QWidget)
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.focusProxy() is None  # Tab goes to the proxy (a tab widget's tab bar)
        and widget.isVisibleTo(root)
        and widget.isEnabled()
    ]


@pytest.fixture
def announced(window: MainWindow) -> list[str]:
    said: list[str] = []
    window.run_screen.announced.connect(said.append)
    return said


def test_run_screen_labels_expose_their_text(window: MainWindow, clock: FakeClock) -> None:
    """RUN, "Run 1 of 2", the time left, "Next: ..." and "... left in all" reach a screen reader:
    a label's accessible name is its text (a fixed name hid it before)."""
    start_custom(window)
    screen = window.run_screen
    assert window.driver is not None
    clock.advance(4.0)
    window.driver.poll()
    assert [name(label) for label in (screen.kind_label, screen.detail_label)] == [
        "RUN",
        "Run 1 of 2",
    ]
    assert name(screen.countdown_label) == "00:05"
    assert description(screen.countdown_label) == "00:05 left in this segment"
    assert name(screen.next_label) == "Next: Walk 00:04"
    assert name(screen.total_label) == "00:21 left in all"
    key_pressed = screen.key_actions["P"]
    key_pressed.trigger()
    assert name(screen.prompt_label) == (
        "Pain marked at 00:04 (Run 1 of 2). How bad? Press 1–9 (0 = 10), or just keep going."
    )
    assert name(screen.intensity_buttons[6]) == "7: pain intensity 7 of 10"


def test_today_exposes_the_next_run_and_labels_its_controls(window: MainWindow) -> None:
    """Today reads "Next: week 1, run 1" and its segments; Start and every cell are named by
    their visible label; the programme list is labelled by "Programme:"."""
    today = window.today
    assert name(today.next_title) == "Next: week 1, run 1"
    assert name(today.next_summary) == today.next_summary.text()
    assert name(today.next_summary).startswith("30:00 in all: Warm-up 5:00 · Run 1:00")
    assert name(today.start_button) == "Start week 1, run 1"
    assert name(today.cells[(1, 1)]) == "W1R1  30:00: week 1 run 1, not done yet"
    for cell in today.cells.values():
        visible = cell.text().removeprefix("▶ ").removeprefix("✓ ")
        assert name(cell).startswith(visible + ":")
    relations = QAccessible.queryAccessibleInterface(today.programme_box).relations(
        QAccessible.RelationFlag.Label
    )
    assert [iface.text(NAME) for iface, _flag in relations] == ["Programme:"]
    assert name(today.grid_scroll) == "Choose any run"


def test_every_focus_stop_has_a_name(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, tmp_path: Path
) -> None:
    """Today, History (both chart tabs) and the run screen: no unnamed stop for Tab."""
    window.resize(1280, 900)

    def unnamed() -> list[str]:
        return [
            f"{type(w).__name__}:{w.objectName()}"
            for w in focus_stops(window)
            if not name(w) and w.isVisible()
        ]

    assert unnamed() == []
    view = history_with_story(window)
    assert unnamed() == []
    view.chart_tabs.setCurrentIndex(1)
    assert unnamed() == []
    window.tabs.setCurrentIndex(0)
    start_custom(window)
    assert unnamed() == []


def history_with_story(window: MainWindow) -> HistoryView:
    window.tabs.setCurrentIndex(1)
    assert window.history.view is not None
    window.history.view.set_runs(
        seed_story(resolve_programme("nhs-c25k"), START, fixed_after="W7R2")
    )
    return window.history.view


def test_pause_button_says_what_it_does_and_shows_pressed(
    qtbot: QtBot, window: MainWindow, announced: list[str]
) -> None:
    """ "Pause" while running; "Resume", checked (pressed), while paused."""
    start_custom(window)
    button = window.run_screen.pause_button
    state = QAccessible.queryAccessibleInterface(button).state
    assert (name(button), state().checked) == ("Pause", 0)
    key(qtbot, window, Qt.Key.Key_Space)
    assert (name(button), state().checked) == ("Resume", 1)
    key(qtbot, window, Qt.Key.Key_Space)
    assert (name(button), state().checked) == ("Pause", 0)
    assert name(window.run_screen.end_button) == "End run"
    assert description(window.run_screen.end_button) == "End this run early"


def test_announcements_on_segment_change_pause_pain_and_finish(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, announced: list[str]
) -> None:
    """Each change a runner must know of is sent as an announcement (4.1.3)."""
    start_custom(window)
    driver = window.driver
    assert driver is not None
    assert announced == ["WARM-UP. Brisk walk. 00:04 left. Next: Run 00:05."]
    clock.advance(4.0)
    driver.poll()
    assert announced[-1] == "RUN. Run 1 of 2. 00:05 left. Next: Walk 00:04."
    clock.advance(1.0)
    driver.poll()
    assert len(announced) == 2  # the countdown alone is not announced
    key(qtbot, window, Qt.Key.Key_Space)
    assert announced[-1] == "Paused, 00:04 left in Run 1 of 2. Press Space to resume."
    key(qtbot, window, Qt.Key.Key_Space)
    assert announced[-1] == "Resumed: Run 1 of 2, 00:04 left."
    key(qtbot, window, Qt.Key.Key_P)
    assert announced[-1] == (
        "Pain marked at 00:05 (Run 1 of 2). How bad? Press 1–9 (0 = 10), or just keep going."
    )
    key(qtbot, window, Qt.Key.Key_6)
    assert announced[-1] == "Pain 6 of 10 recorded."
    key(qtbot, window, Qt.Key.Key_Left)  # back, 1 s into the run: the warm-up again, said so
    assert announced[-1] == "WARM-UP. Brisk walk. 00:04 left. Next: Run 00:05."
    clock.advance(30)
    driver.poll()
    assert announced[-1] == "Run complete. Well done!"


def test_single_key_shortcuts_can_require_alt(
    qtbot: QtBot, window: MainWindow, announced: list[str]
) -> None:
    """Setting off: Space, P and digits alone do nothing; with Alt they work (2.1.4)."""
    values = window.ctx.settings.values() | {"single_keys": False}
    window.commands.apply_settings(values)
    start_custom(window)
    driver = window.driver
    assert driver is not None
    key(qtbot, window, Qt.Key.Key_Space)
    key(qtbot, window, Qt.Key.Key_P)
    assert driver.session.engine.state is EngineState.RUNNING
    assert driver.session.marks == ()
    qtbot.keyClick(window.run_screen, Qt.Key.Key_Space, Qt.KeyboardModifier.AltModifier)
    assert driver.session.engine.state is EngineState.PAUSED
    assert announced[-1].endswith("Press Alt+Space to resume.")
    assert window.run_screen.pause_button.toolTip() == "Pause or resume (Alt+Space)"
    qtbot.keyClick(window.run_screen, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert len(driver.session.marks) == 1
    qtbot.keyClick(window.run_screen, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert driver.session.marks[0].intensity == 4


def test_tab_reaches_the_run_buttons_and_space_still_pauses(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Tab walks Back, Pause, Skip, Pain now, End run, Full screen; Enter presses the focused
    one; Space on a focused button is still the pause key, never a click on that button."""
    start_custom(window)
    screen = window.run_screen
    driver = window.driver
    assert driver is not None
    reached = []
    for _ in screen.controls:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached == list(screen.controls)
    skip = screen.skip_button
    skip.setFocus()
    qtbot.keyClick(skip, Qt.Key.Key_Space)
    assert driver.session.engine.state is EngineState.PAUSED
    assert screen.kind_label.text() == "WARM-UP"  # not skipped
    qtbot.keyClick(skip, Qt.Key.Key_Return)
    assert screen.kind_label.text() == "RUN"


def test_tab_leaves_the_history_table(qtbot: QtBot, window: MainWindow) -> None:
    """Tab out of the runs table goes to the next control, not the next cell (2.1.2)."""
    view = history_with_story(window)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.table.currentIndex().row() == 1  # arrows move inside
    qtbot.keyClick(view.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not view.table
    assert view.table.isAncestorOf(QApplication.focusWidget()) is False
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is not view.table


def test_selecting_a_row_through_accessibility_moves_the_chart(window: MainWindow) -> None:
    """A screen reader selects row 3 (AT-SPI's Table.addRowSelection): the chart follows."""
    view = history_with_story(window)
    # PySide6 has no QAccessibleTableInterface; this is what QAccessibleTable::selectRow does
    # for a single-selection, select-rows view (the AT-SPI test calls the real one).
    model = view.table.selectionModel()
    model.clearSelection()
    model.select(
        view.model.index(3, 0),
        model.SelectionFlag.Select | model.SelectionFlag.Rows,
    )
    assert view.selected is view.model.runs[3]
    assert (
        view.timeline.title
        == f"{view.model.runs[3].code}, {view.model.runs[3].started_at:%-d %b %Y}"
    )


def test_charts_are_named_described_and_have_tables(qtbot: QtBot, window: MainWindow) -> None:
    """Each chart's name is its title; its description sums its data up; the tables view holds
    the figures."""
    view = history_with_story(window)
    view.select_run(view.model.runs[-1].id)  # W1R1, the first run
    timeline = view.timeline.widget
    assert name(timeline) == "W1R1, 2 Mar 2026"
    assert description(timeline) == (
        "W1R1, 2 Mar 2026: no pain marks. During 0/10, after none, next morning 0/10."
    )
    view.chart_tabs.setCurrentIndex(1)
    worst = view.across.worst
    assert name(worst.widget) == "Worst pain per run: during, after, next morning"
    assert description(worst.widget).startswith("27 runs. Highest ")
    assert len(worst.rows) == 27
    view.tables_button.click()
    dialog = view.tables_dialog
    assert dialog is not None
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        chart.title for chart in view.across.charts
    ]
    worst_table = dialog.tables[1]
    assert worst_table.rowCount() == 27
    assert [worst_table.horizontalHeaderItem(c).text() for c in range(5)] == [
        "Run",
        "Date",
        "During",
        "After",
        "Next morning",
    ]
    assert worst_table.item(0, 0).text() == "W1R1"
    assert name(worst_table) == worst.title
    dialog.close()


@pytest.fixture
def ring(qapp: QApplication) -> Iterator[FocusRing]:
    ring = FocusRing.install(qapp)
    yield ring
    ring.uninstall()


def test_focus_ring_on_default_button_scroll_area_and_chart(
    qtbot: QtBot, window: MainWindow, ring: FocusRing
) -> None:
    """A 2-px ring in the text colour (>= 3:1 on the window) round the focused Start button,
    the grid scroll area and a chart; none on a widget that draws its own."""
    window.today.start_button.setFocus()
    qtbot.waitUntil(lambda: ring.overlay is not None)
    overlay = ring.overlay
    assert overlay is not None
    assert overlay.parentWidget() is window.today.start_button
    assert overlay.size() == window.today.start_button.size()
    image = window.today.start_button.grab().toImage()
    ink = window.palette().color(QPalette.ColorRole.WindowText)
    edge = image.pixelColor(image.width() // 2, 0)
    assert edge.rgb() == ink.rgb()
    assert theme.contrast_ratio(ink, window.palette().color(QPalette.ColorRole.Window)) >= 3.0
    window.today.grid_scroll.setFocus()
    qtbot.waitUntil(lambda: ring.target is window.today.grid_scroll)
    view = history_with_story(window)
    view.timeline.widget.setFocus()
    qtbot.waitUntil(lambda: ring.target is view.timeline.widget)
    window.today.programme_box.setFocus()
    qtbot.waitUntil(lambda: ring.target is None)
    assert ring.overlay is None


def test_focus_ring_survives_the_focused_button_being_deleted(
    qtbot: QtBot, window: MainWindow, ring: FocusRing
) -> None:
    """A dialog closed and deleted with its focused button (as at quitting after a run): the next
    focus change raised 'Internal C++ object already deleted' from the ring, and the error box it
    opened changed the focus again, without end, until the app crashed."""
    from PySide6.QtWidgets import QPushButton
    from shiboken6 import isValid

    doomed = QPushButton("Doomed", window)
    doomed.show()
    doomed.setFocus()
    qtbot.waitUntil(lambda: ring.target is doomed)
    doomed.deleteLater()
    qtbot.waitUntil(lambda: not isValid(doomed))
    window.today.start_button.setFocus()  # raised RuntimeError in the ring before the fix
    qtbot.waitUntil(lambda: ring.target is window.today.start_button)
    assert ring.overlay is not None


def test_palettes_keep_text_at_4_5_to_1(qapp: QApplication) -> None:
    """Light, dark and the platform's palette: the selected row, placeholders and text reach
    4.5:1 after with_readable_colours (Fusion light: selected row 3.69:1, placeholder 4.0:1)."""
    role = QPalette.ColorRole
    fusion = theme.light_palette()
    assert (
        round(
            theme.contrast_ratio(fusion.color(role.Highlight), fusion.color(role.HighlightedText)),
            2,
        )
        == 3.69
    )
    for palette in (fusion, theme.dark_palette(), QPalette()):
        fixed = theme.with_readable_colours(palette)
        for text, back in (
            (role.HighlightedText, role.Highlight),
            (role.PlaceholderText, role.Base),
            (role.WindowText, role.Window),
            (role.Text, role.Base),
        ):
            shown = theme.over(fixed.color(text), fixed.color(back))
            assert theme.contrast_ratio(shown, fixed.color(back)) >= 4.5, (text, back)


def test_theme_setting_switches_the_palette(window: MainWindow, qapp: QApplication) -> None:
    """Settings > Colours: Dark gives the dark palette at once, Light the light one."""
    try:
        window.commands.apply_settings(window.ctx.settings.values() | {"theme": "dark"})
        assert theme.is_dark(qapp.palette())
        assert qapp.palette().color(QPalette.ColorRole.Window).name() == "#2b2b2b"
        window.commands.apply_settings(window.ctx.settings.values() | {"theme": "light"})
        assert not theme.is_dark(qapp.palette())
        assert window.ctx.settings.values()["theme"] == "light"
    finally:
        theme.apply_theme(qapp, "system")


def test_settings_dialog_offers_colours_and_single_keys() -> None:
    """Declared once in core.settings, the two settings appear in the dialog with labels."""
    dialog = SettingsDialog({})
    colours = dialog.editors["theme"]
    single = dialog.editors["single_keys"]
    assert name(single) == "Single-key shortcuts in a run"
    label = [
        iface.text(NAME)
        for iface, _ in QAccessible.queryAccessibleInterface(colours).relations(
            QAccessible.RelationFlag.Label
        )
    ]
    assert label[0] == "Colours:"
    dialog.deleteLater()


def test_labels_never_hide_their_text(window: MainWindow) -> None:
    """No label on Today or the run screen has an accessible name other than its text."""
    start_custom(window)
    for root in (window.today, window.run_screen):
        named = [
            label.objectName()
            for label in root.findChildren(QLabel)
            if label.accessibleName() not in ("", label.text())
        ]
        assert named == []
