"""The main window: Today and History tabs, the run screen during a run, menus and keys."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

# PySide6 makes a class's Python type, enums and all, the first time the class is looked up:
# ``QtCore.Qt`` (93 enums, 15 ms) and the dialogs are looked up where they are used, not imported,
# because the first frame does without them (benchmarks/startup.py).
from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from couchtimer import __version__
from couchtimer.core.errors import CouchTimerError
from couchtimer.ui.history_tab import HistoryTab
from couchtimer.ui.today import TodayScreen

# Only what the first frame needs is imported above; the rest loads when it is first used, so
# that the window shows sooner (benchmarks/startup.py).
if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent

    from couchtimer.core.engine import Clock, SegmentTiming, WorkoutFinished
    from couchtimer.core.history import RunRecord
    from couchtimer.core.pain import Checkin, PainMark, PainReport
    from couchtimer.core.programme import Programme, Workout
    from couchtimer.core.recording import Recorder
    from couchtimer.core.redflags import Advice
    from couchtimer.core.settings import Value
    from couchtimer.export.audio import AudioExport
    from couchtimer.run.session import CueSource
    from couchtimer.store import HistoryStore
    from couchtimer.store.outdoor import PlacedRecording
    from couchtimer.ui.desktop import Request, SleepInhibitor
    from couchtimer.ui.export_actions import AudioExportJob
    from couchtimer.ui.pain_dialog import CheckinDialog, PostRunDialog
    from couchtimer.ui.run_driver import RunDriver
    from couchtimer.ui.run_screen import RunScreen
    from couchtimer.ui.settings_store import SettingsStore

log = logging.getLogger(__name__)

DISCLAIMER = "CouchTimer is not medical advice."
#: The notification a later launch brings where the open window cannot come forward itself.
ALREADY_OPEN = "CouchTimer is already open"


class AppPlayer(Protocol):
    available: bool
    problem: str | None

    def play(self, cue_id: str) -> None: ...

    def close(self) -> None: ...

    def set_volume(self, volume: float) -> None: ...

    def preview(self, cue_id: str, volume: float) -> None: ...


@dataclass
class AppContext:
    """Everything the window needs from the outside world, injected so tests can own it."""

    programmes: list[Programme]
    settings: SettingsStore
    player_factory: Callable[[], AppPlayer]  # opened after the window shows (start-up speed)
    clock: Clock
    cue_source: Callable[[Workout, dict[str, Value]], CueSource]
    utc_now: Callable[[], datetime]
    speed: float = 1.0
    recorder_factory: Callable[[], Recorder] | None = None
    completed: Callable[[str], set[tuple[int, int]]] = field(default=lambda _programme_id: set())
    ask: Callable[[QWidget, str, str], bool] | None = None  # yes/no question; tests answer it
    store: HistoryStore | None = None
    store_problem: str | None = None  # why history is not being saved (shown, never fatal)


class MainWindow(QMainWindow):
    run_started = Signal()
    run_ended = Signal(object)  # WorkoutFinished

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle("CouchTimer")
        self.setObjectName("main_window")
        self.setAcceptDrops(True)  # a watch or phone recording dropped here is attached
        self.driver: RunDriver | None = None
        self.last_marks: tuple[PainMark, ...] = ()
        self.last_timings: tuple[SegmentTiming, ...] = ()
        self.last_workout: Workout | None = None
        self.post_run_dialog: PostRunDialog | None = None
        self.checkin_dialog: CheckinDialog | None = None
        self._recorder: Recorder | None = None
        self._closing = False
        self._unsaved: Recorder | None = None  # a finished run not yet all in the file
        self._save_timer = QTimer(self)
        self._save_timer.setInterval(2000)
        self._save_timer.timeout.connect(self._keep_saving)
        self._inhibitor: SleepInhibitor | None = None  # made at the first run
        self._programme_index = 0
        self._was_maximized = False
        self._urgent: Advice | None = None  # the red-flag advice beside an URGENT suggestion
        self._pending_report: RunRecord | None = None  # "Describe how W4R1 felt" on Today

        self.today = TodayScreen()
        self.history = HistoryTab(
            store=lambda: self.ctx.store,
            cleared_at=lambda: self.ctx.settings.red_flags_cleared_at,
            utc_now=lambda: self.ctx.utc_now(),
            warn=self._warn,
            status=self.statusBar().showMessage,
            can_edit=lambda: self.driver is None,
        )
        self.history.edit_requested.connect(self.edit_report)
        self.history.add_outdoor_requested.connect(self.add_outdoor_run)
        self.history.show_requested.connect(lambda: self.show_tab(1))
        self._export_job: AudioExportJob | None = None
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        # Tab can land on the tab widget itself (its tab bar is its focus proxy): named, not a
        # blank stop for a screen reader (4.1.2).
        self.tabs.setAccessibleName("Today and History")
        self.tabs.addTab(self.today, "&Today")
        self.tabs.addTab(self.history, "&History")
        self.tabs.currentChanged.connect(self._tab_changed)
        self._run_screen: RunScreen | None = None  # built on first use (start-up time)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self.disclaimer = QLabel(DISCLAIMER)
        self.disclaimer.setObjectName("disclaimer")
        self.statusBar().addPermanentWidget(self.disclaimer)

        self.run_ended.connect(self._after_run)
        self.today.start_requested.connect(self.start_run)
        self.today.checkin_requested.connect(self.open_checkin)
        self.today.seen_professional.connect(self.confirm_seen_professional)
        self.today.programme_chosen.connect(self._choose_programme)
        self.today.start_week_chosen.connect(self._set_start_week)
        self.today.report_requested.connect(self.describe_pending_run)
        self.today.report_dismissed.connect(self._dismiss_pending_report)

        self._build_menus()
        self._refresh_programmes()
        self._player: AppPlayer | None = None
        from couchtimer.ui.fit import bounded

        self.resize(bounded(QtCore.QSize(1100, 760), self))

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
        screen.volume_step.connect(self.step_volume)
        screen.show_volume(int(self.ctx.settings.values()["volume"]))
        # Queued: the session reports the finish from inside its own call; act after it returns.
        screen.run_complete.connect(self._on_finished, QtCore.Qt.ConnectionType.QueuedConnection)
        if self._player is not None and not self._player.available:
            screen.show_sound_problem(self._player.problem)
        return screen

    # --- menus ---

    def _action(self, text: str, key: str | None, slot: Callable[[], Any], tip: str) -> QAction:
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

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.open_action = self._action(
            "&Open programme file…", "Ctrl+O", self.open_programme_file, "Load your own programme"
        )
        file_menu.addAction(self.open_action)
        self.report_action = self._action(
            "&Report for a physio…",
            None,
            self.export_report,
            "A PDF of your runs, pain and notes to take to a physio or GP",
        )
        file_menu.addAction(self.report_action)
        self.checkin_action = self._action(
            "How is it this &morning?…",
            None,
            self.open_checkin,
            "The morning check-in for your last run with discomfort",
        )
        file_menu.addAction(self.checkin_action)
        file_menu.addSeparator()
        self.export_audio_action = self._action(
            "Export run as &audio…",
            None,
            self.export_audio,
            "The selected run as one audio file for a phone: every cue at its time",
        )
        file_menu.addAction(self.export_audio_action)
        self.export_workout_action = self._action(
            "Export run for a &watch…",
            None,
            self.export_watch_workout,
            "The selected run as a FIT workout: the watch gives the cues",
        )
        file_menu.addAction(self.export_workout_action)
        self.add_outdoor_action = self._action(
            "Add a run done &outdoors…",
            None,
            self.add_outdoor_run,
            "A run you did away from the laptop: its date and time, then where it hurt",
        )
        file_menu.addAction(self.add_outdoor_action)
        file_menu.addSeparator()
        self.quit_action = self._action("&Quit", "Ctrl+Q", self.close, "Quit CouchTimer")
        file_menu.addAction(self.quit_action)
        view_menu = bar.addMenu("&View")
        view_menu.addAction(self._action("&Today", "Ctrl+1", lambda: self.show_tab(0), "Today"))
        self.history_action = self._action(
            "&History", "Ctrl+2", lambda: self.show_tab(1), "Your runs and pain history"
        )
        view_menu.addAction(self.history_action)
        self.full_screen_action = self._action(
            "&Full screen", "F11", self.toggle_full_screen, "Full screen (F11; Esc leaves it)"
        )
        view_menu.addAction(self.full_screen_action)
        # Esc leaves full screen, from Today as from a run; only while full screen, so that Esc
        # means nothing new otherwise.
        self.leave_full_screen_action = self._action(
            "Leave full screen", "Esc", self.leave_full_screen, "Leave full screen"
        )
        self.leave_full_screen_action.setEnabled(False)
        self.addAction(self.leave_full_screen_action)
        settings_menu = bar.addMenu("&Settings")
        self.settings_action = self._action(
            "&Preferences…", "Ctrl+,", self.open_settings, "Sound, countdown, metronome, reminders"
        )
        settings_menu.addAction(self.settings_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&Keys", "F1", self.show_keys, "Keyboard shortcuts"))
        help_menu.addAction(self._action("&About CouchTimer", None, self.show_about, "About"))
        # Full screen hides the menu bar, and a hidden menu bar's shortcuts do not fire: the
        # window holds the actions too, so F11, Ctrl+Q and the rest work there as well.
        for menu in (file_menu, view_menu, settings_menu, help_menu):
            self.addActions(menu.actions())

    @property
    def player(self) -> AppPlayer:
        """The sound player, opened on first use (the app opens it just after showing)."""
        if self._player is None:
            self._player = self.ctx.player_factory()
            problem = None if self._player.available else self._player.problem
            if self._run_screen is not None:
                self._run_screen.show_sound_problem(problem)
            if problem:
                from couchtimer.ui.run_screen import NO_SOUND_NOTICE

                log.warning("no sound: %s", problem)
                self.statusBar().showMessage(NO_SOUND_NOTICE, 20000)
        return self._player

    def close_player(self) -> None:
        if self._player is not None:
            self._player.close()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.history:
            self.history.refresh()

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

    def export_report(self, path: str | None = None) -> bool:
        """Write the PDF report for a physio (asks where when ``path`` is not given)."""
        if path is None:
            path, _ = QtWidgets.QFileDialog.getSaveFileName(
                self, "Save a report for a physio", "couchtimer-report.pdf", "PDF files (*.pdf)"
            )
            if not path:
                return False
            if not path.lower().endswith(".pdf"):
                path += ".pdf"  # the runner typed a bare name
        from pathlib import Path

        from couchtimer.report.pdf import write_report

        try:
            runs = self.ctx.store.load_runs() if self.ctx.store is not None else []
            from couchtimer.store.tracks import load_metrics

            metrics = (
                load_metrics(self.ctx.store, [run.id for run in runs])
                if self.ctx.store is not None
                else {}
            )
            pages = write_report(
                runs,
                Path(path),
                self.ctx.utc_now(),
                cleared_at=self.ctx.settings.red_flags_cleared_at,
                advice=self.ctx.store.advice_log() if self.ctx.store is not None else (),
                metrics=metrics,
            )
        except CouchTimerError as exc:
            self._warn("Report not written", str(exc))
            return False
        self.statusBar().showMessage(f"Report written to {path} ({pages} pages).", 15000)
        return True

    def _workout_to_export(self) -> Workout:
        """The run Today has selected (the one Start starts)."""
        week, run = self.today.selected or self.today.next_run
        return self.programme.workout(week, run)

    def export_audio(self, path: Path | None = None) -> AudioExportJob | None:
        """Write the selected run as one audio file, in a worker with a progress dialog (asks
        where when ``path`` is not given). Returns the job, or None when nothing was asked."""
        from couchtimer.ui.export_actions import AudioExportJob, ask_audio_path
        from couchtimer.ui.wiring import cue_settings

        if self._export_job is not None and self._export_job.running():
            self.statusBar().showMessage("An audio file is being written; wait for it.", 10000)
            return None
        workout = self._workout_to_export()
        target = path or ask_audio_path(self, workout)
        if target is None:
            return None
        job = AudioExportJob(workout, cue_settings(self.ctx.settings.values()), target, self)
        progress = QtWidgets.QProgressDialog(
            f"Writing {workout.code} to {target.name}…", "Cancel", 0, 100, self
        )
        progress.setWindowTitle(f"Exporting {workout.code} as audio")
        progress.setMinimumDuration(0)
        progress.setValue(0)
        progress.canceled.connect(job.cancel)
        job.progressed.connect(progress.setValue)

        def written(done: AudioExport) -> None:
            progress.reset()
            progress.close()
            from couchtimer.core.clocktext import clock_text

            self.statusBar().showMessage(
                f"Audio written to {done.path} ({clock_text(done.seconds)}, "
                f"{len(done.cues)} cues).",
                30000,
            )

        def failed(text: str) -> None:
            progress.reset()
            progress.close()
            self._warn("Audio not written", text)

        def cancelled() -> None:
            progress.close()
            self.statusBar().showMessage("Audio export cancelled: no file was written.", 30000)

        job.written.connect(written)
        job.failed.connect(failed)
        job.cancelled.connect(cancelled)
        self._export_job = job
        job.start()
        return job

    def export_watch_workout(self, path: Path | None = None) -> bool:
        """Write the selected run as a FIT workout for a watch (asks where without ``path``)."""
        from couchtimer.ui.export_actions import ask_workout_path, write_watch_workout

        workout = self._workout_to_export()
        target = path or ask_workout_path(self, workout)
        if target is None:
            return False
        try:
            line = write_watch_workout(self.programme, workout, target, self.ctx.utc_now())
        except CouchTimerError as exc:
            self._warn("Watch workout not written", str(exc))
            return False
        self.statusBar().showMessage(line, 30000)
        return True

    def describe_pending_run(self) -> None:
        """Today's "Describe how W4R1 felt": the post-run dialog for that run."""
        if self._pending_report is not None and self.driver is None:
            self.edit_report(self._pending_report)

    def _dismiss_pending_report(self) -> None:
        if self._pending_report is not None:
            self.ctx.settings.dismiss_report(self._pending_report.uuid)
        self.update_today()

    def edit_report(self, run: RunRecord) -> None:
        """Open the post-run dialog for ``run``, filled with its report if it has one."""
        from couchtimer.core.programme import Workout
        from couchtimer.ui.pain_dialog import PostRunDialog

        if self.ctx.store is None or self.post_run_dialog is not None:
            return
        workout = Workout(run.week, run.run, run.planned)
        completed = run.outcome.finished
        from couchtimer.core.analysis import segment_start

        def visit_start(mark: PainMark) -> float:  # the visit of its segment that held the mark
            return segment_start(run, mark.segment_index, mark.offset_ms / 1000)

        dialog = PostRunDialog(self, workout, run.marks, completed, visit_start, earlier=run.report)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._save_report(run.id, dialog.report()))
        self.post_run_dialog = dialog
        dialog.open()

    def add_outdoor_run(self) -> None:
        """A run done away from the laptop: which workout and when (AddOutdoorRunDialog), then
        the post-run dialog where the runner places the pain marks on the segment bar; the run
        is written, as planned and with those marks, when that dialog closes (any way)."""
        from couchtimer.ui.outdoor_dialogs import AddOutdoorRunDialog

        if self.ctx.store is None or self.post_run_dialog is not None or self.driver is not None:
            self.statusBar().showMessage("A run can be added when no run or report is open.")
            return
        programme = self.programme
        chooser = AddOutdoorRunDialog(
            self, programme.workouts, self._workout_to_export(), self.ctx.utc_now()
        )
        if chooser.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        workout, started_at, recording = chooser.chosen()
        if recording is None:
            self._place_outdoor_marks(programme, workout, started_at, None)
            return
        from couchtimer.ui.export_actions import PlaceJob

        job = PlaceJob(recording, workout, self)
        busy = QtWidgets.QProgressDialog(f"Reading {recording.name}…", "", 0, 0, self)
        busy.setWindowTitle("Adding a run done outdoors")
        busy.setCancelButton(None)
        busy.setMinimumDuration(300)

        def placed(place: PlacedRecording) -> None:
            busy.reset()
            busy.close()
            self._place_outdoor_marks(programme, workout, place.start, place)

        def failed(text: str) -> None:
            busy.reset()
            busy.close()
            self._warn("Run not added", text)

        job.placed.connect(placed)
        job.failed.connect(failed)
        self.history.job = job
        job.start()

    def _place_outdoor_marks(
        self,
        programme: Programme,
        workout: Workout,
        started_at: datetime,
        recording: PlacedRecording | None,
    ) -> None:
        """The post-run dialog where the runner places the marks; the run (and its recording)
        is written when it closes, any way."""
        from couchtimer.ui.pain_dialog import PostRunDialog

        dialog = PostRunDialog(self, workout, (), True, placing=True)
        dialog.setWindowTitle(f"After the run – {workout.code}, done outdoors")
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)

        def done(_result: int) -> None:
            from couchtimer.store.outdoor import keep_recording, record_planned_run

            self.post_run_dialog = None
            marks = dialog.marks()
            try:
                assert self.ctx.store is not None
                if recording is None:
                    run_id = record_planned_run(
                        self.ctx.store, programme.id, workout, started_at, marks
                    )
                else:
                    run_id = keep_recording(
                        self.ctx.store, programme.id, workout, recording, marks, self.ctx.utc_now()
                    )
            except CouchTimerError as exc:
                self._warn("Run not added", str(exc))
                return
            count = len(marks)
            self.statusBar().showMessage(
                f"{workout.code} added to your history"
                + (f" with {count} pain mark{'s' if count != 1 else ''}." if count else "."),
                20000,
            )
            self._save_report(run_id, dialog.report())
            self.update_today()
            if recording is not None and recording.attachment.warnings:
                self._warn("Run added, with a warning", "\n".join(recording.attachment.warnings))

        dialog.finished.connect(done)
        self.post_run_dialog = dialog
        dialog.open()

    def show_tab(self, index: int) -> None:
        if self.driver is None:
            self.tabs.setCurrentIndex(index)

    # --- programmes ---

    @property
    def programme(self) -> Programme:
        return self.ctx.programmes[self._programme_index]

    def _completed(self) -> set[tuple[int, int]]:
        """Runs of this programme done before; none shown (not an error) if the file fails."""
        try:
            return self.ctx.completed(self.programme.id)
        except CouchTimerError as exc:
            self.statusBar().showMessage(str(exc), 15000)
            return set()

    def _refresh_programmes(self) -> None:
        self.today.set_programmes([p.name for p in self.ctx.programmes], self._programme_index)
        self.update_today()

    def _choose_programme(self, index: int) -> None:
        if 0 <= index < len(self.ctx.programmes):
            self._programme_index = index
            self.update_today()

    def _set_start_week(self, week: int) -> None:
        self.ctx.settings.set_start_week(self.programme.id, week)
        self.update_today()

    def update_today(self) -> None:
        """Today from the one rule (``core.nextrun.next_run``): the Next run the Start button
        starts, the guidance beside it, "which week are you in?" while this programme has no
        run recorded, and a report still to describe."""
        programme = self.programme
        completed = self._completed()
        runs: list[RunRecord] | None = None
        if self.ctx.store is not None:
            try:
                runs = self.ctx.store.load_runs()  # red flags count whatever the programme
            except CouchTimerError as exc:
                self.statusBar().showMessage(str(exc), 15000)
        if runs is None:
            self._urgent = self._pending_report = None
            self.today.set_programme(programme, completed)
            self.today.set_guidance(None)
            self.today.ask_start_week(None)
            self.today.set_report_reminder(None)
            return
        from couchtimer.core.guidance import Action, urgent_advice_for
        from couchtimer.core.history import RunStatus
        from couchtimer.core.nextrun import next_run, pending_report

        settings = self.ctx.settings
        cleared_at = settings.red_flags_cleared_at
        start_week = settings.start_week(programme.id)
        chosen = next_run(programme, runs, cleared_at=cleared_at, start_week=start_week)
        mine = [run for run in runs if run.programme_id == programme.id]
        completed |= {
            (run.week, run.run)
            for run in mine
            if run.status is not RunStatus.IN_PROGRESS and run.outcome.finished
        }
        self.today.set_programme(programme, completed, (chosen.week, chosen.run))
        guidance = chosen.guidance
        try:  # logged once (the advice log); a hold nothing has lifted stays on show
            if self.ctx.store is not None:
                guidance = self.ctx.store.note_advice(
                    guidance, runs, cleared_at, self.ctx.utc_now()
                )
        except CouchTimerError as exc:
            self.statusBar().showMessage(str(exc), 15000)
        urgent = guidance.action is Action.URGENT
        self._urgent = urgent_advice_for(runs, cleared_at) if urgent else None
        from couchtimer.core.findings import findings, recent
        from couchtimer.core.hints import hints_for

        found = findings(recent(mine))
        self.today.set_guidance(
            guidance,
            self._urgent.text if self._urgent else "",
            found,
            hints_for(found, guidance),
        )
        self.today.ask_start_week(None if mine else (start_week or programme.weeks[0]))
        idle = self.post_run_dialog is None and self.driver is None
        self._pending_report = pending_report(mine, settings.report_dismissed) if idle else None
        self.today.set_report_reminder(self._pending_report.code if self._pending_report else None)
        self.history.set_cleared_at(cleared_at)

    def open_programme_file(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, "Open a programme file", "", "Programme files (*.toml)"
        )
        if path:
            self.load_programme_path(path)

    def load_programme_path(self, path: str) -> bool:
        from pathlib import Path

        from couchtimer.core.programme import load_programme

        try:
            programme = load_programme(Path(path))
        except CouchTimerError as exc:
            QtWidgets.QMessageBox.warning(self, "Programme file not loaded", str(exc))
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
        if self.today.on_hold:
            from couchtimer.core.redflags import START_ANYWAY_TITLE, start_anyway_question

            if not self._ask(START_ANYWAY_TITLE, start_anyway_question(self._urgent)):
                return
        from couchtimer.core.engine import WorkoutEngine
        from couchtimer.core.recording import MemoryRecorder

        workout = self.programme.workout(week, run)
        settings = self.ctx.settings.values()
        recorder: Recorder = (
            self.ctx.recorder_factory()
            if self.ctx.recorder_factory
            else MemoryRecorder(self.ctx.utc_now)
        )
        from couchtimer.run.session import RunSession
        from couchtimer.ui.run_driver import RunDriver

        session = RunSession(
            programme=self.programme,
            workout=workout,
            engine=WorkoutEngine(workout, self.ctx.clock),
            view=self.run_screen,
            player=self.player,
            cues=self.ctx.cue_source(workout, settings),
            recorder=recorder,
            utc_now=self.ctx.utc_now,
            clock_speed=self.ctx.speed,
        )
        self.run_screen.set_workout(workout, f"{self.programme.name}: week {week}, run {run}")
        self.run_screen.set_single_keys(bool(settings["single_keys"]))
        # The screen's buttons and keys go straight to the driver while this run lasts.
        self.driver = RunDriver(session, self.ctx.clock, self.ctx.speed, self.run_screen)
        self.stack.setCurrentWidget(self.run_screen)
        self.run_screen.setFocus()
        self._set_run_actions_enabled(False)
        if self._inhibitor is None:
            from couchtimer.ui.desktop import SleepInhibitor

            self._inhibitor = SleepInhibitor()
        self._inhibitor.inhibit("A run is in progress")
        self._recorder = recorder
        self.driver.start()
        self.run_started.emit()
        self.setWindowTitle(f"Week {week}, run {run} — CouchTimer")

    def close_journal_only(self) -> Path | None:
        """At exit, with no history file: where the last run's journal is kept (or None)."""
        from couchtimer.store.recorder import JournalRecorder

        recorder = self._recorder
        if not isinstance(recorder, JournalRecorder):
            return None
        return recorder.close()

    def _on_finished(self, finished: WorkoutFinished) -> None:
        if self.driver is None:
            return
        self.last_marks = self.driver.session.marks
        self.last_timings = self.driver.session.engine.timings
        self.last_workout = self.driver.session.workout
        if self._recorder is not None and self._recorder.pending_writes:
            self._unsaved = self._recorder
            self._save_timer.start()
        self.driver.stop()
        self.driver = None
        if self._inhibitor is not None:
            self._inhibitor.release()
        self._set_run_actions_enabled(True)
        self.leave_full_screen()
        self.stack.setCurrentWidget(self.tabs)
        self.setWindowTitle("CouchTimer")
        self.run_ended.emit(finished)

    def _keep_saving(self) -> None:
        """After a run whose writes the file refused (locked, full...), retry until all is in."""
        recorder = self._unsaved
        if recorder is None:
            self._save_timer.stop()
            return
        if recorder.flush():
            self._unsaved = None
            self._save_timer.stop()
            self.today.set_notice("The last run is now saved in your history.")
            return
        self.today.set_notice(
            f"The last run is not saved yet: {recorder.problem} "
            "CouchTimer keeps trying while it is open."
        )

    def _after_run(self, finished: WorkoutFinished) -> None:
        words = {
            "completed": "Run complete. Well done!",
            "completed with skips": "Run complete, with some parts skipped. Well done!",
        }.get(finished.outcome.value, "Run ended early.")
        marks = len(self.last_marks)
        if marks:
            words += f" You marked pain {marks} time{'s' if marks != 1 else ''}."
        self.today.set_notice(words)
        if self._unsaved is not None:
            self._keep_saving()  # says so on Today until the file takes the run
        run_id = None if self._recorder is None else self._recorder.run_id
        workout = self.last_workout
        if self.ctx.store is None or run_id is None or self._closing or workout is None:
            self.update_today()
            return
        from couchtimer.ui.pain_dialog import PostRunDialog  # loaded when first needed
        from couchtimer.ui.segment_bar import visit_starts

        dialog = PostRunDialog(
            self,
            workout,
            self.last_marks,
            finished.completed,
            visit_starts(self.last_timings),
        )
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._save_report(run_id, dialog.report()))
        self.post_run_dialog = dialog
        self.update_today()  # behind the dialog: the run is in, its report still to come
        dialog.open()

    def _save_report(self, run_id: int, report: PainReport | None) -> None:
        self.post_run_dialog = None
        if report is not None and self.ctx.store is not None:
            try:
                self.ctx.store.save_report(run_id, report)
            except CouchTimerError as exc:
                self._warn("Report not saved", str(exc))
        self.show_guidance()
        self.history.refresh_if_built()

    def confirm_seen_professional(self) -> None:
        """The runner says a doctor or physio has seen them: red flags before now stop holding."""
        if self._ask(
            "Seen by a doctor or physio?",
            "Has a doctor or physiotherapist checked the symptoms you reported? Only say yes "
            "if they have. If the symptoms come back, answer the questions again after a run.",
        ):
            self.ctx.settings.clear_red_flags(self.ctx.utc_now())
            self.show_guidance()

    def show_guidance(self) -> None:
        """One suggestion with its reason on Today, and the Next run that agrees with it."""
        self.update_today()

    def _set_run_actions_enabled(self, enabled: bool) -> None:
        for action in (
            self.open_action,
            self.settings_action,
            self.history_action,
            self.report_action,
            self.checkin_action,
        ):
            action.setEnabled(enabled)

    @property
    def run_in_progress(self) -> bool:
        return self.driver is not None and self.driver.session.in_progress

    def _ask(self, title: str, question: str) -> bool:
        if self.ctx.ask is not None:
            return self.ctx.ask(self, title, question)
        answer = QtWidgets.QMessageBox.question(
            self,
            title,
            question,
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
            QtWidgets.QMessageBox.StandardButton.No,
        )
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def confirm_end_run(self) -> bool:
        """Ask before ending a run in progress; True when no run is left running."""
        if not self.run_in_progress:
            return True
        if not self._ask("End this run?", "End this run now? What you have done so far is kept."):
            return False
        self.end_run_now()
        return True

    def quit_on_signal(self) -> None:
        """SIGTERM/SIGINT: end a run early (kept; no dialog now, Today offers its report at the
        next start) and close without asking."""
        self._closing = True
        self.end_run_now()
        if self._inhibitor is not None:
            self._inhibitor.release()
        self.hide()

    def end_run_now(self) -> None:
        if self.driver is not None:
            self.driver.finish_early()
            finished = self.driver.session.finished
            if finished is not None:
                self._on_finished(finished)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self._closing = True  # a run ended by closing gets no post-run dialog
        if self.confirm_end_run():
            if self._inhibitor is not None:
                self._inhibitor.release()
            if self._export_job is not None and self._export_job.running():
                self._export_job.cancel()  # its half-written file is removed, not left behind
                self._export_job.wait(5.0)
            event.accept()
        else:
            self._closing = False  # the runner chose to carry on: the dialog comes at the end
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

    # --- dialogs ---

    def open_settings(self) -> None:
        from couchtimer.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ctx.settings.values(), self, test_sound=self.preview_sound)
        if dialog.exec():
            self.apply_settings(dialog.values())

    def step_volume(self, step: int) -> None:
        """+ / − on the run screen: the cue volume up or down by VOLUME_STEP %, saved, in effect
        from the next cue."""
        volume = int(self.ctx.settings.values()["volume"])
        new = max(0, min(100, volume + step * VOLUME_STEP))
        if new != volume:
            self.apply_settings(self.ctx.settings.values() | {"volume": new})
        self.run_screen.show_volume(new, announce=True)

    def preview_sound(self, volume_percent: int) -> None:
        """Settings' "Test sound": a spoken cue at the volume the dialog shows (not yet saved)."""
        self.player.preview(TEST_SOUND_CUE, volume_percent / 100)

    def apply_settings(self, values: dict[str, Value]) -> None:
        """Save; a new volume goes to the player (which rescales its cues off this thread)."""
        before = self.ctx.settings.values()
        self.ctx.settings.save(values)
        theme_mode = self.ctx.settings.values()["theme"]
        if theme_mode != before["theme"]:
            from couchtimer.charts.theme import apply_theme

            apply_theme(QtWidgets.QApplication.instance(), str(theme_mode))
            self.show_guidance()  # the guidance panel's colours follow the palette
        if self.ctx.settings.values()["music"] != before["music"] and self.driver is None:
            self.close_player()  # opened again, with the new way of treating music, when needed
            self._player = None
        volume = int(self.ctx.settings.values()["volume"])
        if volume != before["volume"]:
            if self._player is not None:
                self._player.set_volume(volume / 100)
            if self._run_screen is not None:
                self._run_screen.show_volume(volume)

    def show_keys(self) -> None:
        QtWidgets.QMessageBox.information(self, "Keys", KEYS_HELP)

    def show_about(self) -> None:
        QtWidgets.QMessageBox.about(
            self,
            "About CouchTimer",
            f"<h3>CouchTimer {__version__}</h3>"
            "<p>An interval run timer for Couch-to-5K style programmes that records when "
            "discomfort happens, so you can see it against your run and walk segments.</p>"
            f"<p>{DISCLAIMER} If something hurts badly, or you are worried, see a GP or a "
            "physiotherapist.</p><p>Your data stays on this computer.</p>",
        )

    # --- history file ---

    def attach_store(self, store: HistoryStore | None, problem: str | None) -> None:
        """Use this history file from now on (None: runs stay in memory; ``problem`` says why)."""
        self.ctx.store = store
        self.ctx.store_problem = problem
        if store is not None:
            utc_now = self.ctx.utc_now
            self.ctx.recorder_factory = lambda: store.recorder(utc_now)
            self.ctx.completed = store.completed_workouts
        self._refresh_programmes()

    def startup_checks(self, ask_checkin: bool = True) -> None:
        """Tell about a damaged or unusable history file; offer to keep an interrupted run.

        A history file that fails now (locked by a terminal run, say) is reported, never raised:
        the app must still open its sound device and start a run.
        """
        try:
            self._startup_checks(ask_checkin)
        except CouchTimerError as exc:
            self._warn("History file", f"{exc} Runs are kept in memory until it can be written.")

    def _startup_checks(self, ask_checkin: bool) -> None:
        store = self.ctx.store
        if store is None:
            if self.ctx.store_problem:
                self._warn("History is not being saved", self.ctx.store_problem)
            return
        if store.read_only is not None:  # shown, but nothing can be resolved or added
            self._warn("History is read-only", self.ctx.store_problem or store.read_only)
            return
        if store.moved_aside is not None:
            self._warn(
                "History file could not be opened",
                f"Your history file was damaged, so CouchTimer moved it to\n{store.moved_aside}\n"
                "(nothing was deleted) and started a fresh one. Earlier backups are in "
                f"{store.path.parent / 'backups'}; 'couchtimer restore BACKUP' brings one back.",
            )
        if store.backup_problem:
            self.statusBar().showMessage(store.backup_problem, 15000)
        for run in store.interrupted_runs():  # oldest first
            when = run.started_at.astimezone().strftime("%A %d %B at %H:%M")
            keep = self._choose(
                "A run was interrupted",
                f"Week {run.week}, run {run.run} on {when} stopped before it ended "
                f"({len(run.segments)} segments and {len(run.marks)} pain marks were saved).",
                "Save what was done",
                "Discard",
            )
            store.resolve_interrupted(run.id, keep=keep)
        self.refresh_checkin(ask=ask_checkin)
        self._refresh_programmes()

    def _checkin_offered(self) -> RunRecord | None:
        """The run "How is it this morning?" asks about: a check-in that is due (the morning
        after), else the last run with discomfort that has none yet."""
        due = self._checkin_due()
        if due is not None or self.ctx.store is None:
            return due
        try:
            run = self.ctx.store.last_run_with_discomfort()
        except CouchTimerError as exc:
            self.statusBar().showMessage(str(exc), 15000)
            return None
        return run if run is not None and run.checkin is None else None

    def _checkin_due(self) -> RunRecord | None:
        if self.ctx.store is None:
            return None
        try:
            from couchtimer.core.history import local_day

            due = self.ctx.store.runs_needing_checkin(local_day(self.ctx.utc_now()))
        except CouchTimerError as exc:
            self.statusBar().showMessage(str(exc), 15000)
            return None
        return due[-1] if due else None

    def refresh_checkin(self, ask: bool = False) -> None:
        """Remind on Today of a morning check-in that is due; at start, ask it at once."""
        due = self._checkin_due()
        run = due or self._checkin_offered()
        self.today.set_checkin_reminder(checkin_words(run) if run else None)
        if due is not None and ask:
            self.open_checkin()

    def open_checkin(self) -> None:
        """The check-in ("How is it this morning?") for the run ``_checkin_offered`` names;
        from the menu, the last run with discomfort even if answered (the answer is replaced)."""
        run = self._checkin_offered()
        if run is None and self.ctx.store is not None:
            try:
                run = self.ctx.store.last_run_with_discomfort()
            except CouchTimerError as exc:
                self.statusBar().showMessage(str(exc), 15000)
                return
        if run is None:
            self.statusBar().showMessage("No run with discomfort to check in on yet.", 15000)
            return
        if self.checkin_dialog is not None:
            return
        from couchtimer.ui.pain_dialog import CheckinDialog  # loaded when first needed

        dialog = CheckinDialog(self, run_words(run))
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._save_checkin(run.id, dialog.checkin()))
        self.checkin_dialog = dialog
        dialog.open()

    def _save_checkin(self, run_id: int, checkin: Checkin | None) -> None:
        self.checkin_dialog = None
        if checkin is not None and self.ctx.store is not None:
            try:
                self.ctx.store.save_checkin(run_id, checkin, self.ctx.utc_now())
            except CouchTimerError as exc:
                self._warn("Check-in not saved", str(exc))
        self.refresh_checkin()
        self.show_guidance()

    def _warn(self, title: str, text: str) -> None:
        if self.ctx.ask is not None:
            self.ctx.ask(self, title, text)
            return
        QtWidgets.QMessageBox.warning(self, title, text)

    def _choose(self, title: str, text: str, yes: str, no: str) -> bool:
        if self.ctx.ask is not None:
            return self.ctx.ask(self, title, text)
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Question, title, text, parent=self)
        keep = box.addButton(yes, QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton(no, QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.exec()
        # Only the destructive button itself says no: a box closed any other way (Escape, the
        # app quitting on SIGTERM) keeps what was done.
        return box.clickedButton() is not drop

    def handle_request(self, request: Request) -> None:
        """A later launch of CouchTimer: come to the front, and from ``couchtimer run WxRy`` start
        that run (from ``couchtimer --start next``, the run Today offers). Where the window cannot
        be brought forward (Wayland, and the desktop gave the later launch no activation token) a
        notification says that CouchTimer is open."""
        raised = self.raise_window(request.token)
        start = self.today.next_run if request.start_next else request.start
        if request.start_next and self.driver is not None:
            message = "A run is in progress; the next run was not started."
            self.statusBar().showMessage(message, 15000)
            start = None
        started = start is not None and self._start_requested(*start)
        if raised:
            return
        from couchtimer import APP_ID
        from couchtimer.ui.desktop import notify

        where = "Switch to it from your desktop's list of windows."
        if started and start is not None:
            where = f"Week {start[0]}, run {start[1]} has started in it. {where}"
        notify(ALREADY_OPEN, where, APP_ID)

    def _start_requested(self, week: int, run: int) -> bool:
        if self.driver is not None:
            self.statusBar().showMessage(
                f"A run is in progress; week {week}, run {run} was not started.", 15000
            )
            return False
        try:
            self.programme.workout(week, run)
        except CouchTimerError as exc:
            self.statusBar().showMessage(str(exc), 15000)
            return False
        self.today.select(week, run)
        self.start_run(week, run)
        return self.driver is not None

    def start_next_run(self) -> None:
        """Start the run Today offers as Next (its red-flag question first, as the button)."""
        week, run = self.today.next_run
        self.today.select(week, run)
        self.start_run(week, run)

    def raise_window(self, token: str | None = None) -> bool:
        """Un-minimise, raise and activate the window; False where that cannot work: on Wayland a
        window takes the focus only with an activation token the compositor issued (``token``,
        which the later launch got from the desktop), and without one Qt's own request is refused
        unless the window has the focus already."""
        self.setWindowState(self.windowState() & ~QtCore.Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        wayland = QGuiApplication.platformName().startswith("wayland")
        active = self.isActiveWindow()
        if wayland and token:
            # Qt's xdg-shell plugin activates with this token, read (and unset) when asked.
            os.environ["XDG_ACTIVATION_TOKEN"] = token
        self.activateWindow()
        os.environ.pop("XDG_ACTIVATION_TOKEN", None)  # never handed on to a program we start
        return not wayland or bool(token) or active


def checkin_words(run: RunRecord) -> str:
    """The Today link to the check-in: ``How is it this morning? (W4R3, Tuesday)``."""
    when = run.started_at.astimezone().strftime("%A")
    return f"How is it this morning? (after {run.code} on {when})"


def run_words(run: RunRecord) -> str:
    when = run.started_at.astimezone().strftime("%A")
    return f"After week {run.week}, run {run.run} on {when}, where you noted some discomfort."


#: How much one press of + or − on the run screen changes the cue volume, in %.
VOLUME_STEP = 10
#: What Settings' "Test sound" plays.
TEST_SOUND_CUE = "line-run-for-five-minutes"

KEYS_HELP = "\n".join(
    [
        "During a run:",
        "  Space  pause / resume",
        "  →  skip to the next segment",
        "  ←  back (restart this segment; twice quickly for the previous one)",
        "  P  mark pain now, then 1–9 (0 = 10) for how bad",
        "  Ctrl+E  end the run",
        f"  + / −  cues louder / quieter ({VOLUME_STEP} % a press)",
        "  F11  full screen (treadmill mode); Esc leaves it",
        "  Tab reaches the buttons; Enter presses the focused one.",
        "  With Settings > 'Single-key shortcuts in a run' off: Alt+Space, Alt+P, Alt+1...",
        "",
        "Anywhere:",
        "  Ctrl+1 Today, Ctrl+2 History, Ctrl+, Settings, Ctrl+O open a programme file,",
        "  Ctrl+Q quit, F1 this help",
    ]
)
