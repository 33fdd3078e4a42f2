"""The History tab: the list of runs with their charts (HistoryView, made the first time the tab
is opened), the button that opens a run's post-run report, and watch/phone recordings attached
to a run (from the button or a file dropped on the window)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from couchtimer.core.errors import CouchTimerError

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from couchtimer.core.advice import AdviceEntry
    from couchtimer.core.history import RunRecord
    from couchtimer.recordings import Attachment
    from couchtimer.store import HistoryStore
    from couchtimer.ui.export_actions import AttachJob, PlaceJob
    from couchtimer.ui.history_view import HistoryView


class HistoryTab(QWidget):
    """The History tab's widget. It reads the history file through ``store()`` (the window may
    change files while open) and reports through ``warn`` and ``status``; the window acts on its
    signals (open a run's report, add a run done outdoors, bring this tab forward)."""

    edit_requested = Signal(object)  # RunRecord: open its post-run report
    add_outdoor_requested = Signal()
    show_requested = Signal()  # a recording was attached: show it here

    def __init__(
        self,
        store: Callable[[], HistoryStore | None],
        cleared_at: Callable[[], datetime | None],
        utc_now: Callable[[], datetime],
        warn: Callable[[str, str], None],
        status: Callable[[str, int], None],
        can_edit: Callable[[], bool],
    ) -> None:
        super().__init__()
        self.setObjectName("history_tab")
        self._store = store
        self._cleared_at = cleared_at
        self._utc_now = utc_now
        self._warn = warn
        self._status = status
        self._can_edit = can_edit
        # The contents, charts (pyqtgraph, numpy) and all, are made the first time the tab is
        # opened (start-up time).
        self.view: HistoryView | None = None
        self.report_button: QPushButton | None = None
        self.attach_button: QPushButton | None = None
        self.add_outdoor_button: QPushButton | None = None
        self.selected_run: RunRecord | None = None
        #: A recording being read (AttachJob) or placed (PlaceJob, a run added outdoors): one
        #: at a time.
        self.job: AttachJob | PlaceJob | None = None
        #: Reading the runs again because runs of the list were gone from the file.
        self._reading_again = False

    def _build(self) -> HistoryView:
        from couchtimer.ui.history_view import HistoryView

        layout = QVBoxLayout(self)
        report_button = self.report_button = QPushButton("Discomfort report for the selected run…")
        report_button.setObjectName("edit_report")
        report_button.setToolTip("Add or change the post-run report (Enter, or double-click)")
        report_button.setEnabled(False)
        report_button.clicked.connect(self.edit_selected_report)
        attach_button = self.attach_button = QPushButton("Add &watch or phone recording…")
        attach_button.setObjectName("attach_recording")
        attach_button.setToolTip(
            "A FIT, GPX or TCX file of a run: it goes with the run it overlaps (else the "
            "selected one). You can also drop the file on the window."
        )
        attach_button.clicked.connect(lambda: self.attach_recording())
        add_outdoor_button = self.add_outdoor_button = QPushButton("Add a run done &outdoors…")
        add_outdoor_button.clicked.connect(self.add_outdoor_requested.emit)
        report_row = QHBoxLayout()
        report_row.addWidget(attach_button)
        report_row.addWidget(add_outdoor_button)
        report_row.addStretch(1)
        report_row.addWidget(report_button)
        layout.addLayout(report_row)
        view = self.view = HistoryView()
        view.cleared_at = self._cleared_at()
        layout.addWidget(view, 1)
        view.run_selected.connect(self._run_selected)
        view.recording_moved.connect(self.move_recording)
        view.table.doubleClicked.connect(lambda _index: self.edit_selected_report())
        return view

    def refresh(self) -> None:
        """(Re)load every recorded run, creating the view on first use. Each run is read with
        its own row only, and whole when the view needs it: the rows it shows, page by page,
        and every run for Across runs and the hints (``HistoryView.run_source``)."""
        from couchtimer.store.listing import run_rows, runs_measured
        from couchtimer.ui.recording_nudge import StoreRecordings

        view = self.view if self.view is not None else self._build()
        runs: list[RunRecord] = []
        advice: list[AdviceEntry] = []
        recorded: set[int] = set()
        store = self._store()
        # The runs and what the view makes of them live as long as the tab shows them: the
        # cyclic collector would only scan them over and over while they are made, before the
        # tab's frame (2-3 % of it: benchmarks/history.py). It is paused until the event loop
        # has drawn the frame (as at start-up); reference counting frees as usual meanwhile.
        collecting = gc.isenabled()
        gc.disable()
        try:
            if store is not None:
                try:
                    runs = run_rows(store)
                    recorded = runs_measured(store)
                    advice = store.advice_log()
                except CouchTimerError as exc:
                    self._status(str(exc), 15000)
            view.nudge.source = StoreRecordings(store) if store is not None else None
            view.run_source = None if store is None else lambda of: self._complete(store, of)
            view.set_runs(runs, advice, recorded, whole=False)
        finally:
            if collecting:
                QTimer.singleShot(0, gc.enable)

    def _complete(self, store: HistoryStore, runs: Sequence[RunRecord]) -> list[RunRecord]:
        """These runs (the list's, with their own row only) whole, for the view. Where the
        file cannot be read now, none: the status bar says why and the tab shows no runs, as
        when the first reading fails. Where runs of the list are gone from the file, or their
        ids are other runs' now (another process imported or discarded runs), the file is
        read again. Either way nothing more is read for the runs shown meanwhile (the view
        shows nothing of a run it could not read), and the runs are given again once the
        event loop is back."""
        from couchtimer.store.listing import complete_runs

        listed = {run.id: run for run in runs}
        try:
            found = complete_runs(store, list(listed))
        except CouchTimerError as exc:
            self._status(str(exc), 15000)
            self._stop_reading(self._show_none)
            return []
        same = [run for run in found if _same_run(run, listed[run.id])]
        if len(same) < len(listed):
            # Once: the file unlike its list again at once is a file that cannot be read so.
            if self._reading_again:
                self._status(
                    f"The history file {store.path} changed while History read it. "
                    "Open History again to read it.",
                    15000,
                )
            self._stop_reading(self._show_none if self._reading_again else self._read_again)
        return same

    def _stop_reading(self, then: Callable[[], None]) -> None:
        if self.view is not None:
            self.view.run_source = None
        QTimer.singleShot(0, then)

    def _read_again(self) -> None:
        self._reading_again = True
        try:
            self.refresh()
        finally:
            self._reading_again = False

    def _show_none(self) -> None:
        if self.view is not None:
            self.view.set_runs([])

    def refresh_if_built(self) -> None:
        """Reload after a change, where the tab has been opened already."""
        if self.view is not None:
            self.refresh()

    def set_cleared_at(self, cleared_at: datetime | None) -> None:
        if self.view is not None:
            self.view.cleared_at = cleared_at

    def _run_selected(self, run: RunRecord | None) -> None:
        self.selected_run = run
        can_edit = run is not None and self._store() is not None and self._can_edit()
        if self.report_button is not None:
            self.report_button.setEnabled(can_edit)

    def edit_selected_report(self) -> None:
        """Open the post-run dialog for the selected run, filled with its report."""
        if self.selected_run is not None:
            self.edit_requested.emit(self.selected_run)

    def move_recording(self, run_id: int, offset: float) -> bool:
        """Keep run ``run_id``'s recording where the runner moved it (History's nudge): the
        figures are measured there and kept (method manual), and History shows them."""
        from couchtimer.recordings import move_recording
        from couchtimer.ui.recording_nudge import offset_words

        store = self._store()
        if store is None:
            self._warn("Recording not moved", "There is no history file to keep it in.")
            return False
        try:
            move_recording(store, run_id, offset)
        except CouchTimerError as exc:
            self._warn("Recording not moved", str(exc))
            return False
        self.refresh()
        if self.view is not None:
            self.view.select_run(run_id)
        self._status(f"Recording kept at {offset_words(offset)}, placed by you.", 30000)
        return True

    def job_running(self) -> bool:
        return self.job is not None and self.job.running()

    def attach_recording(self, path: Path | None = None) -> AttachJob | None:
        """Attach a watch or phone recording (asks for the file without ``path``): read and
        measured in a worker thread with a busy dialog, then kept with its run here, and
        History shows that run with its gradient and cadence."""
        from couchtimer.ui.export_actions import AttachJob, ask_recording_path

        store = self._store()
        if store is None:
            self._warn("Recording not added", "There is no history file to add it to.")
            return None
        if self.job_running():
            self._status("A recording is being read; wait for it.", 10000)
            return None
        window = self.window()
        path = path or ask_recording_path(window)
        if path is None:
            return None
        try:
            runs = store.load_runs()
        except CouchTimerError as exc:
            self._warn("Recording not added", str(exc))
            return None
        job = AttachJob(path, runs, self.selected_run, window)
        busy = QtWidgets.QProgressDialog(f"Reading {path.name}…", "", 0, 0, window)
        busy.setWindowTitle("Adding a recording")
        busy.setCancelButton(None)
        busy.setMinimumDuration(300)

        def prepared(attachment: Attachment) -> None:
            from couchtimer.core.analysis import date_words
            from couchtimer.recordings import store_attachment

            busy.reset()
            busy.close()
            try:
                store_attachment(store, attachment, self._utc_now())
            except CouchTimerError as exc:
                self._warn("Recording not added", str(exc))
                return
            run = store.load_run(attachment.run_id)
            a = attachment.alignment
            self._status(
                f"Recording {attachment.source} attached to {run.code} ({date_words(run)}; "
                f"lined up by {a.method.value}, offset {a.offset_seconds:+.0f} s).",
                30000,
            )
            self.show_requested.emit()
            self.refresh()
            if self.view is not None:
                self.view.select_run(run.id)
            if attachment.warnings:
                self._warn("Recording added, with a warning", "\n".join(attachment.warnings))

        def failed(text: str) -> None:
            busy.reset()
            busy.close()
            self._warn("Recording not added", text)

        job.prepared.connect(prepared)
        job.failed.connect(failed)
        self.job = job
        job.start()
        return job


def _same_run(whole: RunRecord, listed: RunRecord) -> bool:
    """The run read whole is the one listed (not another given its id since)."""
    return whole.uuid == listed.uuid and whole.started_at == listed.started_at
