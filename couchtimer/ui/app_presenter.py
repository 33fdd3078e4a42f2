"""The app's decisions, without widgets (Mu's ``Editor(view)`` pattern, as ``run_presenter``).

``AppPresenter`` owns the context (programmes, settings, the history file), the run lifecycle
(start → finish → retry unsaved writes → post-run report → guidance), the red-flag start gate,
the morning check-in that is due (``Checkins``, ui/checkins.py), interrupted runs found at start
and what a second launch asks. It decides; the window (``WindowView``, the Qt ``MainWindow``)
shows and asks. Tests drive it with a recording fake view (tests/helpers/stubs.py). Nothing here
imports Qt (tests/ui/test_app_presenter.py checks sys.modules).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from couchtimer.core.errors import CouchTimerError
from couchtimer.ui.checkins import Checkins
from couchtimer.ui.window_view import (
    ALREADY_OPEN,
    AppContext,
    AppPlayer,
    LaunchRequest,
    WindowView,
)

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from couchtimer.core.engine import SegmentTiming, WorkoutFinished
    from couchtimer.core.history import RunRecord
    from couchtimer.core.pain import PainMark, PainReport
    from couchtimer.core.programme import Programme, Workout
    from couchtimer.core.recording import Recorder
    from couchtimer.core.redflags import Advice
    from couchtimer.run.session import RunSession
    from couchtimer.store import HistoryStore

log = logging.getLogger(__name__)

#: Start pressed before the start-up checks have read the history file (a slow disk).
OPENING = "Opening your history file; press Start again in a moment."


class AppPresenter:
    """The app's state and decisions; see the module docstring."""

    def __init__(self, ctx: AppContext, view: WindowView) -> None:
        self.ctx = ctx
        self.view = view
        self.programme_index = 0
        self.run: RunSession | None = None
        self.recorder: Recorder | None = None  # the last run's (its journal is closed at exit)
        self.unsaved: Recorder | None = None  # a finished run not yet all in the file
        self.last_marks: tuple[PainMark, ...] = ()
        self.last_timings: tuple[SegmentTiming, ...] = ()
        self.last_workout: Workout | None = None
        self.closing = False  # a run ended by closing the app gets no post-run dialog
        self.on_hold = False  # red flags: the start gate asks before any run
        self.urgent: Advice | None = None  # the red-flag advice beside an URGENT suggestion
        self.cleared_at: datetime | None = None  # seen by a doctor or physio: the history's
        self.pending_report: RunRecord | None = None  # "Describe how W4R1 felt" on Today
        self._player: AppPlayer | None = None
        self._waiting: list[LaunchRequest] | None = None  # while opening: see hold_starts
        self.checkins = Checkins(ctx, view, self.update_today)

    # --- sound ---

    @property
    def player(self) -> AppPlayer:
        """The sound player, opened on first use (the app opens it just after showing)."""
        if self._player is None:
            self._player = self.ctx.player_factory()
            problem = None if self._player.available else self._player.problem
            if problem:
                log.warning("no sound: %s", problem)
            self.view.show_sound_problem(problem)
        return self._player

    @property
    def player_opened(self) -> AppPlayer | None:
        return self._player

    def close_player(self, forget: bool = False) -> None:
        """Close the sound device; ``forget``: open it afresh when next needed."""
        if self._player is not None:
            self._player.close()
            if forget:
                self._player = None

    # --- programmes and Today ---

    @property
    def programme(self) -> Programme:
        return self.ctx.programmes[self.programme_index]

    def _completed(self) -> set[tuple[int, int]]:
        """Runs of this programme done before; none shown (not an error) if the file fails."""
        try:
            return self.ctx.completed(self.programme.id)
        except CouchTimerError as exc:
            self.view.status(str(exc))
            return set()

    def refresh_programmes(self) -> None:
        self.view.today.set_programmes([p.name for p in self.ctx.programmes], self.programme_index)
        self.update_today()

    def choose_programme(self, index: int) -> None:
        if 0 <= index < len(self.ctx.programmes):
            self.programme_index = index
            self.update_today()

    def set_start_week(self, week: int) -> None:
        self.ctx.settings.set_start_week(self.programme.id, week)
        self.update_today()

    def add_programme(self, programme: Programme) -> None:
        """A programme loaded from a file: replaces one with its id, and is chosen."""
        self.ctx.programmes = [p for p in self.ctx.programmes if p.id != programme.id]
        self.ctx.programmes.append(programme)
        self.programme_index = len(self.ctx.programmes) - 1
        self.refresh_programmes()

    def load_programme_path(self, path: Path) -> bool:
        from couchtimer.core.programme import load_programme

        try:
            programme = load_programme(path)
        except CouchTimerError as exc:
            self.view.warn("Programme file not loaded", str(exc))
            return False
        self.add_programme(programme)
        return True

    def update_today(self) -> None:
        """Today from the one rule (``core.nextrun.next_run``): the Next run the Start button
        starts, the guidance beside it (and with it the red-flag start gate), "which week are
        you in?" while this programme has no run recorded, and a report still to describe."""
        today = self.view.today
        programme = self.programme
        completed = self._completed()
        runs: list[RunRecord] | None = None
        self.cleared_at = None
        if self.ctx.store is not None:
            try:
                runs = self.ctx.store.load_runs()  # red flags count whatever the programme
                self.cleared_at = self.ctx.red_flags_cleared_at()  # unread: any hold stays
            except CouchTimerError as exc:
                self.view.status(str(exc))
        if runs is None:
            self.urgent = self.pending_report = None
            self.on_hold = False
            today.set_programme(programme, completed)
            today.set_guidance(None)
            today.ask_start_week(None)
            today.set_report_reminder(None)
            return
        from couchtimer.core.guidance import Action, urgent_advice_for
        from couchtimer.core.history import RunStatus
        from couchtimer.core.nextrun import next_run, pending_report

        settings = self.ctx.settings
        cleared_at = self.cleared_at
        start_week = settings.start_week(programme.id)
        chosen = next_run(programme, runs, cleared_at=cleared_at, start_week=start_week)
        mine = [run for run in runs if run.programme_id == programme.id]
        completed |= {
            (run.week, run.run)
            for run in mine
            if run.status is not RunStatus.IN_PROGRESS and run.outcome.finished
        }
        today.set_programme(programme, completed, (chosen.week, chosen.run))
        guidance = chosen.guidance
        try:  # logged once (the advice log); a hold nothing has lifted stays on show
            if self.ctx.store is not None:
                guidance = self.ctx.store.note_advice(
                    guidance, runs, cleared_at, self.ctx.utc_now()
                )
        except CouchTimerError as exc:
            self.view.status(str(exc))
        self.on_hold = guidance.action is Action.URGENT
        self.urgent = urgent_advice_for(runs, cleared_at) if self.on_hold else None
        from couchtimer.core.findings import findings, recent
        from couchtimer.core.hints import hints_for

        found = findings(recent(mine))
        today.set_guidance(
            guidance, self.urgent.text if self.urgent else "", found, hints_for(found, guidance)
        )
        today.ask_start_week(None if mine else (start_week or programme.weeks[0]))
        idle = not self.view.post_run_open and self.run is None
        self.pending_report = pending_report(mine, settings.report_dismissed) if idle else None
        today.set_report_reminder(self.pending_report.code if self.pending_report else None)
        self.view.show_cleared_at(cleared_at)

    def confirm_seen_professional(self) -> None:
        """The runner says a doctor or physio has seen them: red flags before now stop holding."""
        if self.view.ask(
            "Seen by a doctor or physio?",
            "Has a doctor or physiotherapist checked the symptoms you reported? Only say yes "
            "if they have. If the symptoms come back, answer the questions again after a run.",
        ):
            try:
                self.ctx.clear_red_flags(self.ctx.utc_now())
            except CouchTimerError as exc:
                self.view.warn("Not saved", str(exc))
            self.update_today()

    # --- running ---

    def may_start(self) -> bool:
        """The red-flag start gate: while the guidance says to see someone urgently, a run
        starts only if the runner answers the start-anyway question yes."""
        if not self.on_hold:
            return True
        from couchtimer.core.redflags import START_ANYWAY_TITLE, start_anyway_question

        return self.view.ask(START_ANYWAY_TITLE, start_anyway_question(self.urgent))

    def hold_starts(self) -> None:
        """Until ``startup_checks`` has run (red flags, interrupted runs, a check-in due: from the
        history file, opened after the first frame) Start does nothing; a later launch waits."""
        self._waiting = []

    def start_run(self, week: int, run: int) -> None:
        if self._waiting is not None:  # hold_starts: the checks have not run yet
            self.view.status(OPENING)
            return
        if self.run is not None or not self.may_start():
            return
        from couchtimer.core.engine import WorkoutEngine
        from couchtimer.core.recording import MemoryRecorder
        from couchtimer.run.session import RunSession

        programme = self.programme
        workout = programme.workout(week, run)
        settings = self.ctx.settings.values()
        recorder: Recorder = (
            self.ctx.recorder_factory()
            if self.ctx.recorder_factory
            else MemoryRecorder(self.ctx.utc_now)
        )
        self.run = RunSession(
            programme=programme,
            workout=workout,
            engine=WorkoutEngine(workout, self.ctx.clock),
            view=self.view.run_view(),
            player=self.player,
            cues=self.ctx.cue_source(workout, settings),
            recorder=recorder,
            utc_now=self.ctx.utc_now,
            clock_speed=self.ctx.speed,
        )
        self.recorder = recorder
        self.view.begin_run(
            self.run, f"{programme.name}: week {week}, run {run}", bool(settings["single_keys"])
        )

    def finish(self, finished: WorkoutFinished) -> None:
        """The run has ended (completed, or ended early): back to Today, retrying writes the
        history file refused, then the post-run report."""
        run = self.run
        if run is None:
            return
        self.last_marks = run.marks
        self.last_timings = run.engine.timings
        self.last_workout = run.workout
        if self.recorder is not None and self.recorder.pending_writes:
            self.unsaved = self.recorder
            self.view.keep_retrying(True)
        self.run = None
        self.view.end_run()
        self._after_run(finished)

    def keep_saving(self) -> None:
        """After a run whose writes the file refused (locked, full...), retry until all is in."""
        recorder = self.unsaved
        if recorder is None:
            self.view.keep_retrying(False)
            return
        if recorder.flush():
            self.unsaved = None
            self.view.keep_retrying(False)
            self.view.today.set_notice("The last run is now saved in your history.")
            return
        self.view.today.set_notice(
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
        self.view.today.set_notice(words)
        if self.unsaved is not None:
            self.keep_saving()  # says so on Today until the file takes the run
        run_id = None if self.recorder is None else self.recorder.run_id
        if self.ctx.store is None or run_id is None or self.closing or self.last_workout is None:
            self.update_today()
            return
        from couchtimer.ui.post_run import PostRun  # not before the first frame

        self.view.open_post_run(
            PostRun(
                run_id, self.last_workout, self.last_marks, finished.completed, self.last_timings
            )
        )
        self.update_today()  # behind the dialog: the run is in, its report still to come

    def save_report(self, run_id: int, report: PainReport | None) -> None:
        """The post-run dialog closed (``report`` None: nothing was said)."""
        if report is not None and self.ctx.store is not None:
            try:
                self.ctx.store.save_report(run_id, report)
            except CouchTimerError as exc:
                self.view.warn("Report not saved", str(exc))
        self.update_today()
        self.view.refresh_history()

    def edit_report(self, run: RunRecord) -> None:
        """The post-run dialog for ``run`` (from History, or Today's "Describe how W4R1 felt"),
        filled with its report if it has one."""
        if self.ctx.store is None or self.view.post_run_open:
            return
        from couchtimer.core.programme import Workout
        from couchtimer.ui.post_run import PostRun

        workout = Workout(run.week, run.run, run.planned)
        completed = run.outcome.finished
        self.view.open_post_run(
            PostRun(run.id, workout, run.marks, completed, stored=run, earlier=run.report)
        )

    def describe_pending_run(self) -> None:
        """Today's "Describe how W4R1 felt": the post-run dialog for that run."""
        if self.pending_report is not None and self.run is None:
            self.edit_report(self.pending_report)

    def dismiss_pending_report(self) -> None:
        if self.pending_report is not None:
            self.ctx.settings.dismiss_report(self.pending_report.uuid)
        self.update_today()

    # --- the history file ---

    def attach_store(self, store: HistoryStore | None, problem: str | None) -> None:
        """Use this history file from now on (None: runs stay in memory; ``problem`` says why)."""
        self.ctx.store = store
        self.ctx.store_problem = problem
        if store is not None:
            utc_now = self.ctx.utc_now
            self.ctx.recorder_factory = lambda: store.recorder(utc_now)
            self.ctx.completed = store.completed_workouts
        self.refresh_programmes()

    def close_journal_only(self) -> Path | None:
        """At exit, with no history file: where the last run's journal is kept (or None)."""
        from couchtimer.store.journal_recorder import JournalRecorder

        recorder = self.recorder
        return recorder.close() if isinstance(recorder, JournalRecorder) else None

    def startup_checks(self, ask_checkin: bool = True) -> None:
        """Tell about a damaged or unusable history file; offer to keep an interrupted run; then
        runs may start (``hold_starts``). A history file that fails now (locked by a terminal
        run, say) is reported, never raised: the app must still open its sound and start a run."""
        try:
            self._startup_checks(ask_checkin)
        except CouchTimerError as exc:
            self.view.warn(
                "History file", f"{exc} Runs are kept in memory until it can be written."
            )
        finally:
            waiting, self._waiting = self._waiting or [], None
        for request in waiting:
            self.handle_request(request)

    def _startup_checks(self, ask_checkin: bool) -> None:
        store = self.ctx.store
        if store is None:
            if self.ctx.store_problem:
                self.view.warn("History is not being saved", self.ctx.store_problem)
            return
        if store.read_only is not None:  # shown, but nothing can be resolved or added
            self.view.warn("History is read-only", self.ctx.store_problem or store.read_only)
            return
        if store.moved_aside is not None:
            self.view.warn(
                "History file could not be opened",
                f"Your history file was damaged, so CouchTimer moved it to\n{store.moved_aside}\n"
                "(nothing was deleted) and started a fresh one. Earlier backups are in "
                f"{store.path.parent / 'backups'}; 'couchtimer restore BACKUP' brings one back.",
            )
        if store.backup_problem:
            self.view.status(store.backup_problem)
        for run in store.interrupted_runs():  # oldest first
            when = run.started_at.astimezone().strftime("%A %d %B at %H:%M")
            keep = self.view.choose(
                "A run was interrupted",
                f"Week {run.week}, run {run.run} on {when} stopped before it ended "
                f"({len(run.segments)} segments and {len(run.marks)} pain marks were saved).",
                "Save what was done",
                "Discard",
            )
            store.resolve_interrupted(run.id, keep=keep)
        self.checkins.refresh(ask=ask_checkin)
        self.refresh_programmes()

    # --- a later launch ---

    def handle_request(self, request: LaunchRequest) -> None:
        """A later launch of CouchTimer: come to the front, and from ``couchtimer run WxRy`` start
        that run (from ``couchtimer --start next``, the run Today offers). Where the window cannot
        be brought forward (Wayland, and the desktop gave the later launch no activation token) a
        notification says that CouchTimer is open."""
        if self._waiting is not None:  # opening: hold_starts
            self._waiting.append(request)
            return
        raised = self.view.raise_window(request.token)
        start = self.view.today.next_run if request.start_next else request.start
        if request.start_next and self.run is not None:
            self.view.status("A run is in progress; the next run was not started.")
            start = None
        started = start is not None and self.start_requested(*start)
        if raised:
            return
        where = "Switch to it from your desktop's list of windows."
        if started and start is not None:
            where = f"Week {start[0]}, run {start[1]} has started in it. {where}"
        self.view.notify(ALREADY_OPEN, where)

    def start_requested(self, week: int, run: int) -> bool:
        """Start week ``week``, run ``run`` as asked from outside; True if it started."""
        if self.run is not None:
            self.view.status(f"A run is in progress; week {week}, run {run} was not started.")
            return False
        try:
            self.programme.workout(week, run)
        except CouchTimerError as exc:
            self.view.status(str(exc))
            return False
        self.view.today.select(week, run)
        self.start_run(week, run)
        return self.run is not None

    def start_next_run(self) -> None:
        """Start the run Today offers as Next (its red-flag question first, as the button)."""
        week, run = self.view.today.next_run
        self.view.today.select(week, run)
        self.start_run(week, run)
