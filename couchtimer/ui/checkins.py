"""The morning check-in, without widgets: which run "How is it this morning?" asks about, the
reminder on Today, asking it at start when due, and keeping the answer. ``AppPresenter`` holds
one (``presenter.checkins``); the window (``WindowView``) shows and asks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from couchtimer.core.errors import CouchTimerError
from couchtimer.ui.window_view import AppContext, WindowView, checkin_words

if TYPE_CHECKING:
    from couchtimer.core.history import RunRecord
    from couchtimer.core.pain import Checkin


class Checkins:
    """The check-in's decisions on ``ctx``'s history file; ``saved`` is called after an answer
    (Today's guidance may change with it)."""

    def __init__(self, ctx: AppContext, view: WindowView, saved: Callable[[], None]) -> None:
        self.ctx = ctx
        self.view = view
        self._saved = saved

    def due(self) -> RunRecord | None:
        """The latest run whose morning-after check-in is due today (None: none is)."""
        if self.ctx.store is None:
            return None
        try:
            from couchtimer.core.history import local_day

            due = self.ctx.store.runs_needing_checkin(local_day(self.ctx.utc_now()))
        except CouchTimerError as exc:
            self.view.status(str(exc))
            return None
        return due[-1] if due else None

    def offered(self) -> RunRecord | None:
        """The run "How is it this morning?" asks about: a check-in that is due (the morning
        after), else the last run with discomfort that has none yet."""
        due = self.due()
        if due is not None or self.ctx.store is None:
            return due
        try:
            run = self.ctx.store.last_run_with_discomfort()
        except CouchTimerError as exc:
            self.view.status(str(exc))
            return None
        return run if run is not None and run.checkin is None else None

    def refresh(self, ask: bool = False) -> None:
        """Remind on Today of a morning check-in that is due; at start, ask it at once."""
        due = self.due()
        run = due or self.offered()
        self.view.today.set_checkin_reminder(checkin_words(run) if run else None)
        if due is not None and ask:
            self.open()

    def open(self) -> None:
        """The check-in for the run ``offered`` names; from the menu, the last run with
        discomfort even if answered (the answer is replaced)."""
        run = self.offered()
        if run is None and self.ctx.store is not None:
            try:
                run = self.ctx.store.last_run_with_discomfort()
            except CouchTimerError as exc:
                self.view.status(str(exc))
                return
        if run is None:
            self.view.status("No run with discomfort to check in on yet.")
            return
        self.view.open_checkin(run)

    def save(self, run_id: int, checkin: Checkin | None) -> None:
        if checkin is not None and self.ctx.store is not None:
            try:
                self.ctx.store.save_checkin(run_id, checkin, self.ctx.utc_now())
            except CouchTimerError as exc:
                self.view.warn("Check-in not saved", str(exc))
        self.refresh()
        self._saved()
