"""Which run comes next: the one decision behind Today's "Next" and Start button, the app's
start, and ``couchtimer next``.

Rule (first match wins), for one programme:

=================  ================================================================================
guidance           next run
=================  ================================================================================
repeat             the run the guidance names (the latest run: "Repeat W4R2 next time")
step-back          run 1 of the week the guidance names ("go back to week 3": W3R1)
rest, urgent       the latest run again (what the runner will do once it is safe: never a step
                   on), so "Start anyway" after a hold starts the run the screen shows
progress           the run after the most recent run that was finished (completed, with or
                   without skips), in programme order; the last run again after the last
=================  ================================================================================

With no run of this programme recorded, the runner's own answer to "which week are you in?"
(``start_week``) picks run 1 of that week; without an answer, week 1 run 1. Runs recorded here
are the whole story: weeks done before CouchTimer are not assumed either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from couchtimer.core.analysis import in_date_order
from couchtimer.core.guidance import Action, Guidance, guidance_for
from couchtimer.core.history import RunRecord
from couchtimer.core.programme import Programme, Workout


@dataclass(frozen=True, slots=True)
class NextRun:
    """The run to offer next, and the guidance it agrees with."""

    programme_id: str
    workout: Workout
    guidance: Guidance

    @property
    def week(self) -> int:
        return self.workout.week

    @property
    def run(self) -> int:
        return self.workout.run

    @property
    def code(self) -> str:
        return self.workout.code

    def to_json(self) -> dict[str, Any]:
        """What ``couchtimer next --json`` prints."""
        return {
            "programme": self.programme_id,
            "week": self.week,
            "run": self.run,
            "code": self.code,
            "advice": {
                "action": str(self.guidance.action),
                "suggestion": self.guidance.suggestion,
                "reason": self.guidance.reason,
            },
        }


def _find(programme: Programme, week: int, run: int) -> Workout | None:
    return next((w for w in programme.workouts if (w.week, w.run) == (week, run)), None)


def _first_of_week(programme: Programme, week: int) -> Workout:
    """Run 1 of ``week`` (the nearest week the programme has, if it has not that one)."""
    nearest = min(programme.weeks, key=lambda w: (abs(w - week), w))
    return min((w for w in programme.workouts if w.week == nearest), key=lambda w: w.run)


def _after_latest_finished(
    programme: Programme, ordered: Sequence[RunRecord], start_week: int | None
) -> Workout:
    finished = [
        workout
        for r in ordered
        if r.outcome.finished and (workout := _find(programme, r.week, r.run)) is not None
    ]
    if not finished:
        # With runs recorded but none finished, the latest of them ended early: the guidance
        # beside this says "repeat" it, and next_run offers that run, not this one.
        return _first_of_week(programme, start_week or programme.weeks[0])
    latest_done = finished[-1]
    return programme.next_after(latest_done.week, latest_done.run) or latest_done


def next_run(
    programme: Programme,
    runs: Iterable[RunRecord],
    *,
    cleared_at: datetime | None = None,
    start_week: int | None = None,
) -> NextRun:
    """The next run of ``programme`` and the guidance beside it.

    ``runs`` are every recorded run (all programmes: red flags count whatever the programme);
    ``cleared_at`` is when the runner confirmed being seen by a doctor or physio;
    ``start_week`` is the week the runner said they are in, used while this programme has no
    run recorded.
    """
    every = in_date_order(runs)
    mine = [r for r in every if r.programme_id == programme.id]
    ahead = _after_latest_finished(programme, mine, start_week)
    guidance = guidance_for(mine, ahead.code, cleared_at=cleared_at, all_runs=every)
    workout = ahead
    if mine:
        latest = mine[-1]
        again = _find(programme, latest.week, latest.run)
        if guidance.action is Action.STEP_BACK:
            workout = _first_of_week(programme, max(1, latest.week - 1))
        elif guidance.action in (Action.REPEAT, Action.REST, Action.URGENT) and again:
            workout = again
    return NextRun(programme.id, workout, guidance)


def pending_report(runs: Iterable[RunRecord], dismissed: str) -> RunRecord | None:
    """The latest run, if it has no post-run report yet ("Later", or the app closed mid-run)
    and the runner has not dismissed it (``dismissed`` is that run's uuid, "" if none): Today offers
    "Describe how W4R1 felt" until it is done or dismissed. A run still in progress is not
    pending (it has not ended), nor is any run before the latest."""
    ordered = in_date_order(runs)
    if not ordered:
        return None
    latest = ordered[-1]
    if latest.report is not None or latest.ended_at is None or latest.uuid == dismissed:
        return None
    return latest
