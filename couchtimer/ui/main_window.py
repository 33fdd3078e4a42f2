"""The main window: Today and History tabs, the run screen during a run, menus and keys."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from couchtimer import __version__
from couchtimer.core.engine import Clock, WorkoutEngine, WorkoutFinished
from couchtimer.core.errors import CouchTimerError
from couchtimer.core.pain import PainMark
from couchtimer.core.programme import Programme, Workout, load_programme
from couchtimer.core.recording import MemoryRecorder, Recorder
from couchtimer.core.settings import Value
from couchtimer.ui.desktop import SleepInhibitor
from couchtimer.ui.run_driver import RunDriver
from couchtimer.ui.run_presenter import CuePlayer, CueSource, RunPresenter
from couchtimer.ui.run_screen import RunScreen
from couchtimer.ui.settings_dialog import SettingsDialog, SettingsStore
from couchtimer.ui.today import TodayScreen

log = logging.getLogger(__name__)

DISCLAIMER = "CouchTimer is not medical advice."


class AppPlayer(CuePlayer, Protocol):
    available: bool
    problem: str | None


@dataclass
class AppContext:
    """Everything the window needs from the outside world, injected so tests can own it."""

    programmes: list[Programme]
    settings: SettingsStore
    player: AppPlayer
    clock: Clock
    cue_source: Callable[[Workout, dict[str, Value]], CueSource]
    utc_now: Callable[[], datetime]
    speed: float = 1.0
    recorder_factory: Callable[[], Recorder] | None = None
    completed: Callable[[str], set[tuple[int, int]]] = field(default=lambda _programme_id: set())
    ask: Callable[[QWidget, str, str], bool] | None = None  # yes/no question; tests answer it


class MainWindow(QMainWindow):
    run_started = Signal()
    run_ended = Signal(object)  # WorkoutFinished

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle("CouchTimer")
        self.setObjectName("main_window")
        self.driver: RunDriver | None = None
        self.last_marks: tuple[PainMark, ...] = ()
        self._inhibitor = SleepInhibitor()
        self._programme_index = 0
        self._was_maximized = False

        self.today = TodayScreen()
        self.history = QLabel("Record a run to see it here.")
        self.history.setObjectName("history_placeholder")
        self.history.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(self.today, "&Today")
        self.tabs.addTab(self.history, "&History")
        self.run_screen = RunScreen()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.run_screen)
        self.setCentralWidget(self.stack)
        self.disclaimer = QLabel(DISCLAIMER)
        self.disclaimer.setObjectName("disclaimer")
        self.statusBar().addPermanentWidget(self.disclaimer)

        self.today.start_requested.connect(self.start_run)
        self.today.programme_chosen.connect(self._choose_programme)
        screen = self.run_screen
        screen.pause_requested.connect(lambda: self._drive("toggle_pause"))
        screen.skip_requested.connect(lambda: self._drive("skip"))
        screen.back_requested.connect(lambda: self._drive("back"))
        screen.pain_requested.connect(lambda: self._drive("mark_pain"))
        screen.end_requested.connect(self.confirm_end_run)
        screen.fullscreen_requested.connect(self.toggle_full_screen)
        screen.leave_fullscreen_requested.connect(self.leave_full_screen)
        screen.intensity_chosen.connect(self._set_intensity)
        # Queued: the presenter reports the finish from inside its own call; act after it returns.
        screen.run_complete.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)

        self._build_menus()
        self._refresh_programmes()
        screen.show_sound_problem(ctx.player.problem if not ctx.player.available else None)
        self.resize(1100, 760)

    # --- menus ---

    def _action(self, text: str, key: str | None, slot: Callable[[], Any], tip: str) -> QAction:
        action = QAction(text, self)
        if key:
            action.setShortcut(QKeySequence(key))
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.open_action = self._action(
            "&Open programme file…", "Ctrl+O", self.open_programme_file, "Load your own programme"
        )
        file_menu.addAction(self.open_action)
        file_menu.addSeparator()
        self.quit_action = self._action("&Quit", "Ctrl+Q", self.close, "Quit CouchTimer")
        file_menu.addAction(self.quit_action)
        view_menu = bar.addMenu("&View")
        view_menu.addAction(self._action("&Today", "Ctrl+1", lambda: self.show_tab(0), "Today"))
        self.history_action = self._action(
            "&History", "Ctrl+2", lambda: self.show_tab(1), "Your runs and pain history"
        )
        view_menu.addAction(self.history_action)
        view_menu.addAction(
            self._action("&Full screen", None, self.toggle_full_screen, "Full screen (F11)")
        )
        settings_menu = bar.addMenu("&Settings")
        self.settings_action = self._action(
            "&Preferences…", "Ctrl+,", self.open_settings, "Sound, countdown, metronome, reminders"
        )
        settings_menu.addAction(self.settings_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&Keys", "F1", self.show_keys, "Keyboard shortcuts"))
        help_menu.addAction(self._action("&About CouchTimer", None, self.show_about, "About"))

    def show_tab(self, index: int) -> None:
        if self.driver is None:
            self.tabs.setCurrentIndex(index)

    # --- programmes ---

    @property
    def programme(self) -> Programme:
        return self.ctx.programmes[self._programme_index]

    def _refresh_programmes(self) -> None:
        self.today.set_programmes([p.name for p in self.ctx.programmes], self._programme_index)
        self.today.set_programme(self.programme, self.ctx.completed(self.programme.id))

    def _choose_programme(self, index: int) -> None:
        if 0 <= index < len(self.ctx.programmes):
            self._programme_index = index
            self.today.set_programme(self.programme, self.ctx.completed(self.programme.id))

    def open_programme_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open a programme file", "", "Programme files (*.toml)"
        )
        if path:
            self.load_programme_path(path)

    def load_programme_path(self, path: str) -> bool:
        from pathlib import Path

        try:
            programme = load_programme(Path(path))
        except CouchTimerError as exc:
            QMessageBox.warning(self, "Programme file not loaded", str(exc))
            return False
        self.ctx.programmes = [p for p in self.ctx.programmes if p.id != programme.id]
        self.ctx.programmes.append(programme)
        self._programme_index = len(self.ctx.programmes) - 1
        self._refresh_programmes()
        return True

    # --- running ---

    def start_run(self, week: int, run: int) -> None:
        if self.driver is not None:
            return
        workout = self.programme.workout(week, run)
        settings = self.ctx.settings.values()
        recorder: Recorder = (
            self.ctx.recorder_factory()
            if self.ctx.recorder_factory
            else MemoryRecorder(self.ctx.utc_now)
        )
        presenter = RunPresenter(
            programme=self.programme,
            workout=workout,
            engine=WorkoutEngine(workout, self.ctx.clock),
            view=self.run_screen,
            player=self.ctx.player,
            cues=self.ctx.cue_source(workout, settings),
            recorder=recorder,
            utc_now=self.ctx.utc_now,
        )
        self.run_screen.set_workout(workout, f"{self.programme.name}: week {week}, run {run}")
        self.driver = RunDriver(presenter, self.ctx.clock, self.ctx.speed)
        self.stack.setCurrentWidget(self.run_screen)
        self.run_screen.setFocus()
        self._set_run_actions_enabled(False)
        self._inhibitor.inhibit("A run is in progress")
        self.run_ended.connect(self._after_run)
        self.driver.start()
        self.run_started.emit()
        self.setWindowTitle(f"CouchTimer — week {week}, run {run}")

    def _drive(self, name: str) -> None:
        if self.driver is not None:
            getattr(self.driver, name)()

    def _set_intensity(self, value: int) -> None:
        if self.driver is not None:
            self.driver.set_intensity(value)

    def _on_finished(self, finished: WorkoutFinished) -> None:
        if self.driver is None:
            return
        self.last_marks = self.driver.presenter.marks
        self.driver.stop()
        self.driver = None
        self._inhibitor.release()
        self._set_run_actions_enabled(True)
        self.leave_full_screen()
        self.stack.setCurrentWidget(self.tabs)
        self.setWindowTitle("CouchTimer")
        self.run_ended.emit(finished)

    def _after_run(self, finished: WorkoutFinished) -> None:
        self.run_ended.disconnect(self._after_run)
        self.today.set_programme(self.programme, self.ctx.completed(self.programme.id))
        words = "Run complete. Well done!" if finished.completed else "Run ended early."
        marks = len(self.last_marks)
        if marks:
            words += f" You marked pain {marks} time{'s' if marks != 1 else ''}."
        self.today.set_notice(words)

    def _set_run_actions_enabled(self, enabled: bool) -> None:
        for action in (self.open_action, self.settings_action, self.history_action):
            action.setEnabled(enabled)

    @property
    def run_in_progress(self) -> bool:
        return self.driver is not None and self.driver.presenter.in_progress

    def _ask(self, title: str, question: str) -> bool:
        if self.ctx.ask is not None:
            return self.ctx.ask(self, title, question)
        answer = QMessageBox.question(
            self,
            title,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def confirm_end_run(self) -> bool:
        """Ask before ending a run in progress; True when no run is left running."""
        if not self.run_in_progress:
            return True
        if not self._ask("End this run?", "End this run now? What you have done so far is kept."):
            return False
        self.end_run_now()
        return True

    def end_run_now(self) -> None:
        if self.driver is not None:
            self.driver.finish_early()
            finished = self.driver.presenter.finished
            if finished is not None:
                self._on_finished(finished)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.confirm_end_run():
            self._inhibitor.release()
            event.accept()
        else:
            event.ignore()

    # --- full screen ---

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.leave_full_screen()
        else:
            self._was_maximized = self.isMaximized()
            self.set_chrome_visible(False)
            self.showFullScreen()

    def set_chrome_visible(self, visible: bool) -> None:
        """Menus and status bar; hidden in treadmill (full screen) mode to give the clock room."""
        self.menuBar().setVisible(visible)
        self.statusBar().setVisible(visible)

    def leave_full_screen(self) -> None:
        self.set_chrome_visible(True)
        if self.isFullScreen():
            if self._was_maximized:
                self.showMaximized()
            else:
                self.showNormal()

    # --- dialogs ---

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.ctx.settings.values(), self)
        if dialog.exec():
            self.ctx.settings.save(dialog.values())

    def show_keys(self) -> None:
        QMessageBox.information(self, "Keys", KEYS_HELP)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About CouchTimer",
            f"<h3>CouchTimer {__version__}</h3>"
            "<p>An interval run timer for Couch-to-5K style programmes that records when "
            "discomfort happens, so you can see it against your run and walk segments.</p>"
            f"<p>{DISCLAIMER} If something hurts badly, or you are worried, see a GP or a "
            "physiotherapist.</p><p>Your data stays on this computer.</p>",
        )

    def raise_window(self) -> None:
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()


KEYS_HELP = "\n".join(
    [
        "During a run:",
        "  Space  pause / resume",
        "  →  skip to the next segment",
        "  ←  back (restart this segment; twice quickly for the previous one)",
        "  P  mark pain now, then 1–9 (0 = 10) for how bad",
        "  Ctrl+E  end the run",
        "  F11  full screen (treadmill mode); Esc leaves it",
        "",
        "Anywhere:",
        "  Ctrl+1 Today, Ctrl+2 History, Ctrl+, Settings, Ctrl+O open a programme file,",
        "  Ctrl+Q quit, F1 this help",
    ]
)
