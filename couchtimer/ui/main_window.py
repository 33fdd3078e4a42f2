"""The main window: Today and History tabs, the run screen during a run, menus, full screen.

It is the ``WindowView`` of ``AppPresenter`` (ui/app_presenter.py), which decides what happens
(the run lifecycle, the red-flag start gate, check-ins, a later launch); the window shows it,
asks the runner and drives a run from Qt timers. Its questions and dialogs are in
``window_dialogs``, the menus' other actions in ``window_actions``, the History tab in
``history_tab``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

# PySide6 makes a class's Python type, enums and all, the first time the class is looked up:
# ``QtCore.Qt`` (93 enums, 15 ms) and the dialogs are looked up where they are used, not imported,
# because the first frame does without them (benchmarks/startup.py).
from PySide6 import QtCore
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QTabWidget

from couchtimer.ui import window_dialogs
from couchtimer.ui.app_presenter import AppPresenter
from couchtimer.ui.history_tab import HistoryTab
from couchtimer.ui.today import TodayScreen
from couchtimer.ui.window_actions import DISCLAIMER, KEYS_HELP, WindowActions
from couchtimer.ui.window_view import ALREADY_OPEN, AppContext, AppPlayer

# Only what the first frame needs is imported above; the rest loads when it is first used, so
# that the window shows sooner (benchmarks/startup.py).
if TYPE_CHECKING:
    from datetime import datetime

    from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent

    from couchtimer.core.engine import WorkoutFinished
    from couchtimer.core.history import RunRecord
    from couchtimer.core.pain import Checkin, PainReport
    from couchtimer.run.session import RunSession
    from couchtimer.ui.checkin_dialog import CheckinDialog
    from couchtimer.ui.desktop import SleepInhibitor
    from couchtimer.ui.pain_dialog import PostRunDialog
    from couchtimer.ui.post_run import PostRun
    from couchtimer.ui.run_driver import RunDriver
    from couchtimer.ui.run_screen import RunScreen

__all__ = ["ALREADY_OPEN", "DISCLAIMER", "KEYS_HELP", "AppContext", "AppPlayer", "MainWindow"]


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, *, keys_later: bool = False) -> None:
        """``keys_later``: the menus' items, their keys and Today's Enter are added by
        ``add_menu_items``, which the app calls just after the first frame (start-up time: the
        first frame draws only the menu titles); otherwise here."""
        super().__init__()
        self.setWindowTitle("CouchTimer")
        self.setObjectName("main_window")
        self.setAcceptDrops(True)  # a watch or phone recording dropped here is attached
        self.driver: RunDriver | None = None
        self.post_run_dialog: PostRunDialog | None = None
        self.checkin_dialog: CheckinDialog | None = None
        self._save_timer = QTimer(self)
        self._save_timer.setInterval(2000)
        self._inhibitor: SleepInhibitor | None = None  # made at the first run
        self._was_maximized = False
        self._run_screen: RunScreen | None = None  # built on first use (start-up time)

        self.today = TodayScreen()
        self.presenter = presenter = AppPresenter(ctx, self)
        self.commands = WindowActions(self)
        self.history = HistoryTab(
            store=lambda: presenter.ctx.store,
            cleared_at=lambda: presenter.cleared_at,
            utc_now=lambda: presenter.ctx.utc_now(),
            warn=self.warn,
            status=self.statusBar().showMessage,
            can_edit=lambda: self.driver is None,
        )
        self.history.edit_requested.connect(presenter.edit_report)
        self.history.add_outdoor_requested.connect(self.commands.add_outdoor_run)
        self.history.show_requested.connect(lambda: self.show_tab(1))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        # Tab can land on the tab widget itself (its tab bar is its focus proxy): named, not a
        # blank stop for a screen reader (4.1.2).
        self.tabs.setAccessibleName("Today and History")
        self.tabs.addTab(self.today, "&Today")
        self.tabs.addTab(self.history, "&History")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self.disclaimer = QLabel(DISCLAIMER)
        self.disclaimer.setObjectName("disclaimer")
        self.statusBar().addPermanentWidget(self.disclaimer)

        self._save_timer.timeout.connect(presenter.keep_saving)
        today = self.today
        today.start_requested.connect(presenter.start_run)
        today.checkin_requested.connect(presenter.checkins.open)
        today.seen_professional.connect(presenter.confirm_seen_professional)
        today.programme_chosen.connect(presenter.choose_programme)
        today.start_week_chosen.connect(presenter.set_start_week)
        today.report_requested.connect(presenter.describe_pending_run)
        today.report_dismissed.connect(presenter.dismiss_pending_report)

        bar = self.menuBar()
        self._menus = [bar.addMenu(title) for title in ("&File", "&View", "&Settings", "&Help")]
        self._menu_items_added = False
        if not keys_later:
            self.add_menu_items()
        presenter.refresh_programmes()
        from couchtimer.ui.fit import bounded

        self.resize(bounded(QtCore.QSize(1100, 760), self))

    @property
    def ctx(self) -> AppContext:
        return self.presenter.ctx

    @property
    def run_screen_built(self) -> RunScreen | None:
        return self._run_screen

    @property
    def run_screen(self) -> RunScreen:
        """The run screen, built and wired the first time it is needed."""
        if self._run_screen is not None:
            return self._run_screen
        from couchtimer.ui.run_screen import RunScreen

        screen = self._run_screen = RunScreen()
        self.stack.addWidget(screen)
        screen.end_requested.connect(self.confirm_end_run)
        screen.fullscreen_requested.connect(self.toggle_full_screen)
        screen.volume_step.connect(self.commands.step_volume)
        screen.show_volume(int(self.ctx.settings.values()["volume"]))
        # Queued: the session reports the finish from inside its own call; act after it returns.
        screen.run_complete.connect(self._on_finished, QtCore.Qt.ConnectionType.QueuedConnection)
        player = self.presenter.player_opened
        if player is not None and not player.available:
            screen.show_sound_problem(player.problem)
        return screen

    # --- menus ---

    def _action(self, text: str, key: str | None, slot: Callable[[], Any], tip: str) -> QAction:
        # Imported here: PySide6 makes the QKeySequence type, 70-odd enum values and all, when
        # it is first looked up (1 ms), and the first frame has no use for it.
        from PySide6.QtGui import QAction, QKeySequence

        # QAction(self) + setText, not QAction(text, self): that one's overloads make PySide6
        # build the QIcon type (1.5 ms) before the first frame.
        action = QAction(self)
        action.setText(text)
        if key:
            # setShortcuts([...]), not setShortcut(...): the latter's overloads make PySide6
            # build the whole Qt namespace (15 ms) before the first frame; the effect is the same.
            action.setShortcuts([QKeySequence(key)])
        action.setToolTip(tip)
        action.setStatusTip(tip)
        # triggered(bool checked): never hand ``checked`` to the slot, whose first parameter may
        # mean something else (export_report's path was once given False).
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def add_menu_items(self) -> None:
        """The menus' items and their keys, held by the window too; Today's Enter. Once."""
        if self._menu_items_added:
            return
        self._menu_items_added = True
        self.today.add_start_keys()
        acts, p = self.commands, self.presenter
        file_menu, view_menu, settings_menu, help_menu = self._menus
        self.open_action = self._action(
            "&Open programme file…", "Ctrl+O", acts.open_programme_file, "Load your own programme"
        )
        self.report_action = self._action(
            "&Report for a physio…",
            None,
            acts.export_report,
            "A PDF of your runs, pain and notes to take to a physio or GP",
        )
        self.checkin_action = self._action(
            "How is it this &morning?…",
            None,
            p.checkins.open,
            "The morning check-in for your last run with discomfort",
        )
        file_menu.addActions([self.open_action, self.report_action, self.checkin_action])
        file_menu.addSeparator()
        for text, slot, tip in (
            (
                "Export run as &audio…",
                acts.export_audio,
                "The selected run as one audio file for a phone: every cue at its time",
            ),
            (
                "Export run for a &watch…",
                acts.export_watch_workout,
                "The selected run as a FIT workout: the watch gives the cues",
            ),
            (
                "Add a run done &outdoors…",
                acts.add_outdoor_run,
                "A run you did away from the laptop: its date and time, then where it hurt",
            ),
        ):
            file_menu.addAction(self._action(text, None, slot, tip))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", "Ctrl+Q", self.close, "Quit CouchTimer"))
        view_menu.addAction(self._action("&Today", "Ctrl+1", lambda: self.show_tab(0), "Today"))
        self.history_action = self._action(
            "&History", "Ctrl+2", lambda: self.show_tab(1), "Your runs and pain history"
        )
        view_menu.addAction(self.history_action)
        view_menu.addAction(
            self._action(
                "&Full screen", "F11", self.toggle_full_screen, "Full screen (F11; Esc leaves it)"
            )
        )
        # Esc leaves full screen, from Today as from a run; only while full screen, so that Esc
        # means nothing new otherwise.
        self.leave_full_screen_action = self._action(
            "Leave full screen", "Esc", self.leave_full_screen, "Leave full screen"
        )
        self.leave_full_screen_action.setEnabled(False)
        self.addAction(self.leave_full_screen_action)
        self.settings_action = self._action(
            "&Preferences…", "Ctrl+,", acts.open_settings, "Sound, countdown, metronome, reminders"
        )
        settings_menu.addAction(self.settings_action)
        help_menu.addAction(self._action("&Keys", "F1", acts.show_keys, "Keyboard shortcuts"))
        help_menu.addAction(self._action("&About CouchTimer", None, acts.show_about, "About"))
        # Full screen hides the menu bar, and a hidden menu bar's shortcuts do not fire: the
        # window holds the actions too, so F11, Ctrl+Q and the rest work there as well.
        for menu in (file_menu, view_menu, settings_menu, help_menu):
            self.addActions(menu.actions())

    def _set_run_actions_enabled(self, enabled: bool) -> None:
        for action in (
            self.open_action,
            self.settings_action,
            self.history_action,
            self.report_action,
            self.checkin_action,
        ):
            action.setEnabled(enabled)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.history:
            self.history.refresh()

    def show_tab(self, index: int) -> None:
        if self.driver is None:
            self.tabs.setCurrentIndex(index)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        from couchtimer.ui.export_actions import recording_paths

        if event.mimeData().hasUrls() and recording_paths(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        """A watch or phone recording dropped on the window is attached as from History."""
        from couchtimer.ui.export_actions import recording_paths

        paths = recording_paths(event.mimeData().urls()) if event.mimeData().hasUrls() else []
        if paths and self.driver is None:
            event.acceptProposedAction()
            self.history.attach_recording(paths[0])

    # --- WindowView: what the presenter shows and asks through ---

    @property
    def post_run_open(self) -> bool:
        return self.post_run_dialog is not None

    def status(self, text: str, msecs: int = 15000) -> None:
        self.statusBar().showMessage(text, msecs)

    def warn(self, title: str, text: str) -> None:
        window_dialogs.warn(self, self.ctx.ask, title, text)

    def ask(self, title: str, question: str) -> bool:
        return window_dialogs.ask(self, self.ctx.ask, title, question)

    def choose(self, title: str, text: str, yes: str, no: str) -> bool:
        return window_dialogs.choose(self, self.ctx.ask, title, text, yes, no)

    def run_view(self) -> RunScreen:
        return self.run_screen

    def show_sound_problem(self, problem: str | None) -> None:
        if self._run_screen is not None:
            self._run_screen.show_sound_problem(problem)
        if problem:
            from couchtimer.ui.run_screen import NO_SOUND_NOTICE

            self.status(NO_SOUND_NOTICE, 20000)

    def begin_run(self, run: RunSession, title: str, single_keys: bool) -> None:
        from couchtimer.ui.run_driver import RunDriver

        screen = self.run_screen
        screen.set_workout(run.workout, title)
        screen.set_single_keys(single_keys)
        # The screen's buttons and keys go straight to the driver while this run lasts.
        self.driver = RunDriver(run, self.ctx.clock, self.ctx.speed, screen)
        self.stack.setCurrentWidget(screen)
        screen.setFocus()
        self._set_run_actions_enabled(False)
        if self._inhibitor is None:
            from couchtimer.ui.desktop import SleepInhibitor

            self._inhibitor = SleepInhibitor()
        self._inhibitor.inhibit("A run is in progress")
        self.driver.start()
        self.setWindowTitle(f"Week {run.workout.week}, run {run.workout.run} — CouchTimer")

    def end_run(self) -> None:
        if self.driver is not None:
            self.driver.stop()
            self.driver = None
        if self._inhibitor is not None:
            self._inhibitor.release()
        self._set_run_actions_enabled(True)
        self.leave_full_screen()
        self.stack.setCurrentWidget(self.tabs)
        self.setWindowTitle("CouchTimer")

    def keep_retrying(self, retrying: bool) -> None:
        if retrying:
            self._save_timer.start()
        else:
            self._save_timer.stop()

    def open_post_run(self, post_run: PostRun) -> None:
        def done(report: PainReport | None) -> None:
            self.post_run_dialog = None
            self.presenter.save_report(post_run.run_id, report)

        self.post_run_dialog = window_dialogs.post_run_dialog(self, post_run, done)

    def open_checkin(self, run: RunRecord) -> None:
        def done(checkin: Checkin | None) -> None:
            self.checkin_dialog = None
            self.presenter.checkins.save(run.id, checkin)

        if self.checkin_dialog is None:
            self.checkin_dialog = window_dialogs.checkin_dialog(self, run, done)

    def show_cleared_at(self, cleared_at: datetime | None) -> None:
        self.history.set_cleared_at(cleared_at)

    def refresh_history(self) -> None:
        self.history.refresh_if_built()

    def raise_window(self, token: str | None = None) -> bool:
        return window_dialogs.raise_window(self, token)

    def notify(self, summary: str, body: str) -> None:
        from couchtimer import APP_ID
        from couchtimer.ui.desktop import notify

        notify(summary, body, APP_ID)

    # --- running ---

    def _on_finished(self, finished: WorkoutFinished) -> None:
        self.presenter.finish(finished)

    @property
    def run_in_progress(self) -> bool:
        return self.driver is not None and self.driver.session.in_progress

    def confirm_end_run(self) -> bool:
        """Ask before ending a run in progress; True when no run is left running."""
        if not self.run_in_progress:
            return True
        if not self.ask("End this run?", "End this run now? What you have done so far is kept."):
            return False
        self.end_run_now()
        return True

    def end_run_now(self) -> None:
        if self.driver is not None:
            self.driver.finish_early()
            finished = self.driver.session.finished
            if finished is not None:
                self._on_finished(finished)

    def quit_on_signal(self) -> None:
        """SIGTERM/SIGINT: end a run early (kept; no dialog now, Today offers its report at the
        next start) and close without asking."""
        self.presenter.closing = True
        self.end_run_now()
        if self._inhibitor is not None:
            self._inhibitor.release()
        self.hide()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.presenter.closing = True  # a run ended by closing gets no post-run dialog
        if self.confirm_end_run():
            if self._inhibitor is not None:
                self._inhibitor.release()
            self.commands.cancel_export()  # its half-written file is removed, not left behind
            event.accept()
        else:
            self.presenter.closing = False  # the runner carries on: the dialog comes at the end
            event.ignore()

    # --- full screen ---

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.leave_full_screen()
        else:
            self._was_maximized = self.isMaximized()
            self.set_chrome_visible(False)
            self.leave_full_screen_action.setEnabled(True)
            self.showFullScreen()

    def set_chrome_visible(self, visible: bool) -> None:
        """Menus and status bar; hidden in treadmill (full screen) mode to give the clock room."""
        self.menuBar().setVisible(visible)
        self.statusBar().setVisible(visible)

    def leave_full_screen(self) -> None:
        self.set_chrome_visible(True)
        self.leave_full_screen_action.setEnabled(False)
        if self.isFullScreen():
            if self._was_maximized:
                self.showMaximized()
            else:
                self.showNormal()
