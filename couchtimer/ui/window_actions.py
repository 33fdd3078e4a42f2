"""What the main window's menus do that is not the run lifecycle: the physio report, exports of
the selected run (audio, watch workout), a run done outdoors, a programme file, Settings, Keys
and About. Each asks and shows through the window; the presenter holds the data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets

from couchtimer import __version__
from couchtimer.core.errors import CouchTimerError

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from couchtimer.core.programme import Programme, Workout
    from couchtimer.core.settings import Value
    from couchtimer.export.audio import AudioExport
    from couchtimer.recordings import PlacedRecording
    from couchtimer.ui.export_actions import AudioExportJob
    from couchtimer.ui.main_window import MainWindow

DISCLAIMER = "CouchTimer is not medical advice."
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


class WindowActions:
    """The menu actions of ``window`` (a MainWindow) outside the run lifecycle."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.export_job: AudioExportJob | None = None

    # --- files ---

    def open_programme_file(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self.window, "Open a programme file", "", "Programme files (*.toml)"
        )
        if path:
            from pathlib import Path

            self.window.presenter.load_programme_path(Path(path))

    def export_report(self, path: str | None = None) -> bool:
        """Write the PDF report for a physio (asks where when ``path`` is not given)."""
        window = self.window
        if path is None:
            path, _ = QtWidgets.QFileDialog.getSaveFileName(
                window, "Save a report for a physio", "couchtimer-report.pdf", "PDF files (*.pdf)"
            )
            if not path:
                return False
            if not path.lower().endswith(".pdf"):
                path += ".pdf"  # the runner typed a bare name
        from pathlib import Path

        from couchtimer.report.pdf import write_report

        ctx = window.presenter.ctx
        try:
            runs = ctx.store.load_runs() if ctx.store is not None else []  # with .measured
            pages = write_report(
                runs,
                Path(path),
                ctx.utc_now(),
                cleared_at=window.presenter.cleared_at,
                advice=ctx.store.advice_log() if ctx.store is not None else (),
            )
        except CouchTimerError as exc:
            window.warn("Report not written", str(exc))
            return False
        window.status(f"Report written to {path} ({pages} pages).")
        return True

    def workout_to_export(self) -> Workout:
        """The run Today has selected (the one Start starts)."""
        today = self.window.today
        week, run = today.selected or today.next_run
        return self.window.presenter.programme.workout(week, run)

    def export_audio(self, path: Path | None = None) -> AudioExportJob | None:
        """Write the selected run as one audio file, in a worker with a progress dialog (asks
        where when ``path`` is not given). Returns the job, or None when nothing was asked."""
        from couchtimer.settings_file import saved_cue_settings
        from couchtimer.ui.export_actions import AudioExportJob, ask_audio_path

        window = self.window
        if self.export_job is not None and self.export_job.running():
            window.status("An audio file is being written; wait for it.", 10000)
            return None
        workout = self.workout_to_export()
        target = path or ask_audio_path(window, workout)
        if target is None:
            return None
        settings = window.presenter.ctx.settings.values()
        job = AudioExportJob(workout, saved_cue_settings(settings), target, window)
        progress = QtWidgets.QProgressDialog(
            f"Writing {workout.code} to {target.name}…", "Cancel", 0, 100, window
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

            window.status(
                f"Audio written to {done.path} ({clock_text(done.seconds)}, "
                f"{len(done.cues)} cues).",
                30000,
            )

        def failed(text: str) -> None:
            progress.reset()
            progress.close()
            window.warn("Audio not written", text)

        def cancelled() -> None:
            progress.close()
            window.status("Audio export cancelled: no file was written.", 30000)

        job.written.connect(written)
        job.failed.connect(failed)
        job.cancelled.connect(cancelled)
        self.export_job = job
        job.start()
        return job

    def cancel_export(self) -> None:
        """At exit: an audio file being written is removed, not left half-written."""
        if self.export_job is not None and self.export_job.running():
            self.export_job.cancel()
            self.export_job.wait(5.0)

    def export_watch_workout(self, path: Path | None = None) -> bool:
        """Write the selected run as a FIT workout for a watch (asks where without ``path``)."""
        from couchtimer.ui.export_actions import ask_workout_path, write_watch_workout

        window = self.window
        workout = self.workout_to_export()
        target = path or ask_workout_path(window, workout)
        if target is None:
            return False
        presenter = window.presenter
        try:
            line = write_watch_workout(
                presenter.programme, workout, target, presenter.ctx.utc_now()
            )
        except CouchTimerError as exc:
            window.warn("Watch workout not written", str(exc))
            return False
        window.status(line, 30000)
        return True

    # --- a run done outdoors ---

    def add_outdoor_run(self) -> None:
        """A run done away from the laptop: which workout and when (AddOutdoorRunDialog), then
        the post-run dialog where the runner places the pain marks on the segment bar; the run
        is written, as planned and with those marks, when that dialog closes (any way)."""
        from couchtimer.ui.outdoor_dialogs import AddOutdoorRunDialog

        window = self.window
        presenter = window.presenter
        busy_now = window.post_run_dialog is not None or window.driver is not None
        if presenter.ctx.store is None or busy_now:
            window.statusBar().showMessage("A run can be added when no run or report is open.")
            return
        programme = presenter.programme
        chooser = AddOutdoorRunDialog(
            window, programme.workouts, self.workout_to_export(), presenter.ctx.utc_now()
        )
        if chooser.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        workout, started_at, recording = chooser.chosen()
        if recording is None:
            self._place_outdoor_marks(programme, workout, started_at, None)
            return
        from couchtimer.ui.export_actions import PlaceJob

        job = PlaceJob(recording, workout, window)
        busy = QtWidgets.QProgressDialog(f"Reading {recording.name}…", "", 0, 0, window)
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
            window.warn("Run not added", text)

        job.placed.connect(placed)
        job.failed.connect(failed)
        window.history.job = job
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

        window = self.window
        presenter = window.presenter
        dialog = PostRunDialog(window, workout, (), True, placing=True)
        dialog.setWindowTitle(f"After the run – {workout.code}, done outdoors")
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)

        def done(_result: int) -> None:
            from couchtimer.recordings import keep_recording
            from couchtimer.store.outdoor import record_planned_run

            window.post_run_dialog = None
            marks = dialog.marks()
            store = presenter.ctx.store
            try:
                assert store is not None
                if recording is None:
                    run_id = record_planned_run(store, programme.id, workout, started_at, marks)
                else:
                    run_id = keep_recording(
                        store, programme.id, workout, recording, marks, presenter.ctx.utc_now()
                    )
            except CouchTimerError as exc:
                window.warn("Run not added", str(exc))
                return
            count = len(marks)
            window.status(
                f"{workout.code} added to your history"
                + (f" with {count} pain mark{'s' if count != 1 else ''}." if count else "."),
                20000,
            )
            presenter.save_report(run_id, dialog.report())
            if recording is not None and recording.attachment.warnings:
                window.warn("Run added, with a warning", "\n".join(recording.attachment.warnings))

        dialog.finished.connect(done)
        window.post_run_dialog = dialog
        dialog.open()

    # --- settings and help ---

    def open_settings(self) -> None:
        from couchtimer.ui.settings_dialog import SettingsDialog

        settings = self.window.presenter.ctx.settings
        dialog = SettingsDialog(settings.values(), self.window, test_sound=self.preview_sound)
        if dialog.exec():
            self.apply_settings(dialog.values())

    def step_volume(self, step: int) -> None:
        """+ / − on the run screen: the cue volume up or down by VOLUME_STEP %, saved, in effect
        from the next cue."""
        settings = self.window.presenter.ctx.settings
        volume = int(settings.values()["volume"])
        new = max(0, min(100, volume + step * VOLUME_STEP))
        if new != volume:
            self.apply_settings(settings.values() | {"volume": new})
        self.window.run_screen.show_volume(new, announce=True)

    def preview_sound(self, volume_percent: int) -> None:
        """Settings' "Test sound": a spoken cue at the volume the dialog shows (not yet saved)."""
        self.window.presenter.player.preview(TEST_SOUND_CUE, volume_percent / 100)

    def apply_settings(self, values: dict[str, Value]) -> None:
        """Save; a new volume goes to the player (which rescales its cues off this thread)."""
        window = self.window
        presenter = window.presenter
        settings = presenter.ctx.settings
        before = settings.values()
        settings.save(values)
        after = settings.values()
        if after["theme"] != before["theme"]:
            from couchtimer.charts.palette import apply_theme

            apply_theme(QtWidgets.QApplication.instance(), str(after["theme"]))
            presenter.update_today()  # the guidance panel's colours follow the palette
        if after["music"] != before["music"] and presenter.run is None:
            # Opened again, with the new way of treating music, when needed.
            presenter.close_player(forget=True)
        volume = int(after["volume"])
        if volume != before["volume"]:
            player = presenter.player_opened
            if player is not None:
                player.set_volume(volume / 100)
            if window.run_screen_built is not None:
                window.run_screen_built.show_volume(volume)

    def show_keys(self) -> None:
        QtWidgets.QMessageBox.information(self.window, "Keys", KEYS_HELP)

    def show_about(self) -> None:
        QtWidgets.QMessageBox.about(
            self.window,
            "About CouchTimer",
            f"<h3>CouchTimer {__version__}</h3>"
            "<p>An interval run timer for Couch-to-5K style programmes that records when "
            "discomfort happens, so you can see it against your run and walk segments.</p>"
            f"<p>{DISCLAIMER} If something hurts badly, or you are worried, see a GP or a "
            "physiotherapist.</p><p>Your data stays on this computer.</p>",
        )
