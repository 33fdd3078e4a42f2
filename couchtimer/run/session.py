"""One run, whatever shows it: the session owns engine → cues → recorder → pain marks → progress.

Mu's ``Editor(view)`` pattern: the session holds every rule of a run in progress and tells a
``RunView`` what to show. The Qt run screen (``ui/run_screen.py``, timed by ``ui/run_driver.py``)
and the terminal (``couchtimer/terminal.py``, a ``select`` loop over ``next_deadline``) are its two
views; tests use the recording fake in ``tests/helpers/run_views.py``. No Qt here.

Time is the session's clock (the engine's ``now``); at ``--speed N`` it runs N times faster than
the runner's time, so a window meant for the runner (the pain intensity) is ``N`` times longer in
clock seconds.

Cues on time whoever drives the session: after each call the session works out, on a copy of the
engine (``WorkoutEngine.ahead``), which cues the next deadline brings and hands them to the player
with that deadline (``CuePlayer.plan``); the player's own thread, raised where allowed, starts them
there, even while the thread that drives the run (the app's GUI thread) is busy or preempted. When
the driver's tick comes, the events of that deadline are recorded and shown as always, and their
cues, already heard, are not played again. A key that changes the run (pause, skip, back, finish)
first takes the plan back (``cancel_plan``): not started, it is dropped and the run goes on from
the key's instant; started (the deadline came first, by a hair), the key counts from the deadline.
A driver that gets to a deadline before the player's thread plays its cues itself; an earlier
tick tells the player first (``ticked``), which counts a suspend from there, as the engine does.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol, TypeVar

from couchtimer.core.clocktext import clock_text as core_clock_text
from couchtimer.core.cues import spoken_line
from couchtimer.core.engine import (
    EngineState,
    Event,
    Paused,
    Resumed,
    SegmentStarted,
    SegmentTiming,
    WorkoutEngine,
    WorkoutFinished,
)
from couchtimer.core.pain import PainMark
from couchtimer.core.placement import segment_name
from couchtimer.core.programme import Programme, SegmentKind, Workout
from couchtimer.core.recording import Recorder

log = logging.getLogger(__name__)

#: Deadlines that bring no cue (a short segment's countdown) passed over when planning the next
#: cues, at most.
PLAN_LOOKAHEAD = 16

#: (segment index, seconds into it) up to which its timed cues (metronome, reminders) have played.
Timed = tuple[int, float]

#: Seconds of the runner's time to press 1-9/0 after "pain now" (a digit at exactly 5 s counts,
#: a later one does not), the same in both front ends. At ``--speed N`` that is 5 x N seconds of
#: the session's clock: the window is for a person's reaction, which a faster clock does not
#: speed up. Pausing does not stretch it.
INTENSITY_WINDOW_SECONDS = 5.0

T = TypeVar("T")


def clock_text(seconds: float) -> str:
    """``mm:ss`` rounded up, so the screen shows 00:01 until the very end of a segment."""
    return core_clock_text(seconds, pad=True)


KIND_WORDS = {
    SegmentKind.WARMUP: "WARM-UP",
    SegmentKind.RUN: "RUN",
    SegmentKind.WALK: "WALK",
    SegmentKind.COOLDOWN: "COOL-DOWN",
}


@dataclass(frozen=True, slots=True)
class RunDisplay:
    """Everything the run screen shows at one instant, already in words."""

    kind: SegmentKind
    kind_text: str
    countdown: str
    detail: str  # "Run 3 of 8" or the segment's label
    next_text: str
    total_left: str
    fraction: float
    bar_position: float  # planned seconds from the start, for the "now" marker
    state: EngineState
    status: str  # "", "Paused", "Finished"...


class RunView(Protocol):
    """What a front end shows of a run; the session calls these, in the order things happen."""

    def show_display(self, display: RunDisplay) -> None:
        """The state now (about 4 times a second while a view repaints, and after each event)."""

    def show_events(self, events: Sequence[Event]) -> None:
        """What the engine just reported, after the recorder has taken it (the terminal writes a
        line for each; the screen shows the state through ``show_display``)."""

    def show_marks(self, marks: Sequence[PainMark], timings: Sequence[SegmentTiming]) -> None: ...

    def show_intensity_prompt(self, mark: PainMark | None) -> None: ...

    def show_notice(self, text: str) -> None: ...

    def show_caption(self, text: str) -> None:
        """What a cue just said, shown for a few seconds (the view clears it)."""

    def show_sound_problem(self, problem: str | None) -> None: ...

    def show_save_problem(self, problem: str | None, safe_in: Path | None) -> None:
        """The history file stopped taking the run (``problem``; the run's journal is
        ``safe_in``, None: memory only), or takes it again (None)."""

    def show_recording_failure(self, what: str, error: str) -> None:
        """The recorder raised while ``what`` ("Recording", "Recording the pain mark"...); the run
        goes on."""

    def run_finished(self, finished: WorkoutFinished, marks: Sequence[PainMark]) -> None: ...


class CuePlayer(Protocol):
    """What the session needs of ``audio.Player``."""

    problem: str | None

    def play(self, cue_id: str) -> None: ...

    def plan(
        self, cue_ids: Sequence[str], at: float, now: Callable[[], float], speed: float
    ) -> None:
        """Play ``cue_ids`` when the clock ``now`` reaches ``at``, from the player's thread."""

    def cancel_plan(self) -> bool:
        """Drop the plan; True when its cues had already started."""

    def ticked(self) -> None:
        """A tick keeps the plan: a suspend before its deadline counts from here (the engine's)."""


@dataclass(frozen=True, slots=True)
class Plan:
    """The next cues handed to the player: what a tick at ``at`` (the session's clock) reports
    (``events``, from now to then) and plays (``cues``), and the timed cues' place after it."""

    at: float
    events: tuple[Event, ...] = field(compare=False)
    cues: tuple[str, ...]
    timed: Timed


class CueSource(Protocol):
    def cues_for_events(self, events: Sequence[Event]) -> list[str]: ...

    def timed_cues(self, index: int, before: float, now: float) -> list[str]: ...

    def next_timed_cue(self, index: int, elapsed: float) -> float | None: ...


class RunSession:
    """A run in progress: drive it with ``start``/``tick``/the controls at the clock's ``now``,
    wake for ``next_deadline()``, ``refresh`` about 4 times a second (repaint and progress)."""

    def __init__(
        self,
        programme: Programme,
        workout: Workout,
        engine: WorkoutEngine,
        view: RunView,
        player: CuePlayer,
        cues: CueSource,
        recorder: Recorder,
        utc_now: Callable[[], datetime],
        clock_speed: float = 1.0,
    ) -> None:
        self.programme = programme
        self.clock_speed = clock_speed
        self.workout = workout
        self.engine = engine
        self._view = view
        self._player = player
        self._cues = cues
        self._recorder = recorder
        self._utc_now = utc_now
        self._marks: list[PainMark] = []
        self._handles: list[int | None] = []  # the recorder's, per mark (None: it failed)
        self._pending: tuple[int, float] | None = None  # (mark position, answer-by monotonic)
        self.finished: WorkoutFinished | None = None
        self._timed: Timed = (-1, 0.0)  # see Timed; -1: no segment yet
        self._plan: Plan | None = None  # handed to the player, not yet taken back
        self._save_problem: str | None = None
        self._sound_problem: str | None = player.problem
        self.cues_played = 0
        self.recording_failure: str | None = None  # the last recorder error, in words

    @property
    def marks(self) -> tuple[PainMark, ...]:
        return tuple(self._marks)

    @property
    def in_progress(self) -> bool:
        return self.engine.state in (EngineState.RUNNING, EngineState.PAUSED)

    # --- driving ---

    def start(self, now: float) -> None:
        started_at = self._utc_now()
        events = self.engine.start(now)
        # Sound first here too: the first chime sounds at the run's first instant, then the
        # history file takes the run (its commit took up to 11 ms on a busy machine, and the
        # whole schedule counts from ``now``).
        cues = self._cues.cues_for_events(events)
        for cue in cues:
            self._player.play(cue)
        self._record(
            "Recording", lambda: self._recorder.start(self.programme.id, self.workout, started_at)
        )
        first = Plan(now, tuple(events), tuple(cues), _restarted(events, self._timed))
        self._handle(events, now, heard=first)
        self._replan()

    def tick(self, now: float) -> None:
        heard = self._take_plan() if self._plan and now >= self._plan.at else None
        if self._plan:  # told before the engine looks: a suspend to it is one to the player too
            self._player.ticked()
        self._handle(self.engine.tick(now), now, heard)
        self._play_timed(now)
        self._replan()

    def next_deadline(self) -> float | None:
        """Monotonic time of the next engine event or timed cue (metronome click, reminder)."""
        return self._deadline(self.engine, self._timed)

    def _deadline(self, engine: WorkoutEngine, timed: Timed) -> float | None:
        deadline = engine.next_deadline()
        if deadline is None:
            return None
        index, elapsed = timed
        if engine.index == index:
            due = self._cues.next_timed_cue(index, elapsed)
            at = None if due is None else engine.time_into_segment(due)
            if at is not None:
                return min(deadline, at)
        return deadline

    def _play_timed(self, now: float) -> None:
        cues, self._timed = self._timed_cues(self.engine, now, self._timed)
        self._play(cues)

    def _timed_cues(
        self, engine: WorkoutEngine, now: float, timed: Timed
    ) -> tuple[list[str], Timed]:
        """The timed cues due at ``now`` after those up to ``timed``, and the place after them."""
        if engine.state is not EngineState.RUNNING:
            return [], timed
        snap = engine.snapshot(now)
        index, elapsed = timed
        if snap.index != index:
            index, elapsed = snap.index, 0.0
        cues = self._cues.timed_cues(snap.index, elapsed, snap.segment_elapsed)
        return cues, (index, max(elapsed, snap.segment_elapsed))

    def toggle_pause(self, now: float) -> None:
        self._control(self.engine.toggle_pause, now)

    def skip(self, now: float) -> None:
        self._control(self.engine.skip, now)

    def back(self, now: float) -> None:
        self._control(self.engine.back, now)

    def finish_early(self, now: float) -> None:
        self._control(self.engine.finish_early, now)

    def _control(self, operation: Callable[[float], list[Event]], now: float) -> None:
        heard = self._take_plan()
        if heard is not None:  # its cues started after the key's instant was read
            now = max(now, heard.at)
        self._handle(operation(now), now, heard)
        self._replan()

    # --- the next cues, ahead of time ---

    def _take_plan(self) -> Plan | None:
        """Take the plan back: the plan if its cues have started, else None (they never start)."""
        plan, self._plan = self._plan, None
        if plan is not None and self._player.cancel_plan():
            return plan
        return None

    def _replan(self) -> None:
        """Hand the player the next deadline's cues (module docstring); an equal plan stands."""
        plan = self._next_plan()
        if plan == self._plan:
            self._plan = plan  # the same cues at the same instant: only the events left change
            return
        if self._plan is not None and self._take_plan() is not None:
            # The planned cues started in the very instant the run turned another way (a suspend
            # seen at that deadline): they are not played again.
            log.info("planned cues started as the run changed course")
        if plan is not None:
            self._player.plan(plan.cues, plan.at, self.engine.clock.monotonic, self.clock_speed)
        self._plan = plan

    def _next_plan(self) -> Plan | None:
        """What ticks at the coming deadlines would report and play, up to the first that plays
        something: the engine's copy is ticked, the session's rules asked as a tick asks them."""
        if self.engine.state is not EngineState.RUNNING:
            return None
        engine, timed = self.engine.ahead(), self._timed
        events: list[Event] = []
        before = -math.inf
        for _ in range(PLAN_LOOKAHEAD):
            at = self._deadline(engine, timed)
            if at is None or at <= before:  # a deadline that brought nothing comes no nearer
                return None
            before = at
            due = engine.tick(at)
            events += due
            cues = self._cues.cues_for_events(due)
            timed = _restarted(due, timed)
            later, timed = self._timed_cues(engine, at, timed)
            if cues or later:
                return Plan(at, tuple(events), (*cues, *later), timed)
        return None

    # --- pain marks ---

    def mark_pain(self, now: float) -> PainMark | None:
        """Capture "pain now" at once: the active time and the segment, no intensity yet."""
        if not self.in_progress:
            return None
        self.tick(now)  # the mark belongs to the segment that is current at this instant
        if self.finished is not None:  # the tick ended the workout
            return None
        self._close_prompt()  # a mark still waiting for its number stays unrated
        mark = PainMark(int(self.engine.active_seconds(now) * 1000), self.engine.index)
        self._handles.append(
            self._record("Recording the pain mark", lambda: self._recorder.add_mark(mark))
        )
        self._marks.append(mark)
        self._pending = (len(self._marks) - 1, now + INTENSITY_WINDOW_SECONDS * self.clock_speed)
        self._view.show_marks(self.marks, self.engine.timings)
        self._view.show_intensity_prompt(mark)
        return mark

    def set_intensity(self, intensity: int, now: float) -> bool:
        """Attach 0-10 to the mark just made; False when there is no mark waiting for one."""
        if self._pending is None or now > self._pending[1]:
            self._expire_prompt(now)
            return False
        position = self._pending[0]
        self._marks[position] = self._marks[position].with_intensity(intensity)
        handle = self._handles[position]
        if handle is not None:
            self._record(
                "Recording the intensity", lambda: self._recorder.update_mark(handle, intensity)
            )
        self._pending = None
        self._view.show_marks(self.marks, self.engine.timings)
        self._view.show_intensity_prompt(None)
        return True

    def awaiting_intensity(self, now: float) -> bool:
        self._expire_prompt(now)
        return self._pending is not None

    def _expire_prompt(self, now: float) -> None:
        if self._pending is not None and now > self._pending[1]:
            self._close_prompt()

    def _close_prompt(self) -> None:
        if self._pending is not None:
            self._pending = None
            self._view.show_intensity_prompt(None)

    # --- display ---

    def display(self, now: float) -> RunDisplay:
        snap = self.engine.snapshot(now)
        index = snap.index
        segment = snap.segment
        # "Run 2 of 5", "Walk 1 of 4" (core's one naming rule); a segment that is the only one of
        # its kind, the warm-up and the cool-down show their label instead.
        name = segment_name(self.workout.segments, index)
        detail = segment.label if name == segment.kind.heading else name
        if index + 1 < len(self.workout.segments):
            following = self.workout.segments[index + 1]
            next_text = f"Next: {following.kind.heading} {clock_text(following.seconds)}"
        else:
            next_text = "Next: finish"
        status = {
            EngineState.PAUSED: "Paused",
            EngineState.FINISHED: "Finished",
            EngineState.READY: "Ready",
        }.get(snap.state, "")
        return RunDisplay(
            kind=segment.kind,
            kind_text=KIND_WORDS[segment.kind],
            countdown=clock_text(snap.seconds_left),
            detail=detail,
            next_text=next_text,
            total_left=f"{clock_text(snap.total_left)} left in all",
            fraction=snap.fraction_done,
            bar_position=self.workout.start_offset(index) + snap.segment_elapsed,
            state=snap.state,
            status=status,
        )

    def refresh(self, now: float) -> None:
        """Repaint (about 4 times a second) and tell the recorder how far the run has got."""
        self._expire_prompt(now)
        if self.in_progress:
            index, active = self.engine.index, self.engine.active_seconds(now)
            self._record("Recording", lambda: self._recorder.progress(index, active))
        self._show_save_problem()
        self._show_sound_problem()
        self._view.show_display(self.display(now))

    def _show_sound_problem(self) -> None:
        """A sound device lost mid-run: the player keeps going silently; the view says so."""
        problem = self._player.problem
        if problem != self._sound_problem:
            self._sound_problem = problem
            self._view.show_sound_problem(problem)

    def _show_save_problem(self) -> None:
        problem = self._recorder.problem
        if problem != self._save_problem:
            self._save_problem = problem
            self._view.show_save_problem(problem, self._recorder.safe_in)

    def _record(self, what: str, call: Callable[[], T]) -> T | None:
        """Hand something to the recorder; if it raises, say so and carry on (the timer and the
        cues matter more mid-run than one write: the session keeps the marks itself)."""
        try:
            return call()
        except Exception as exc:
            log.exception("recorder failed: %s", what)
            self.recording_failure = f"recording failed: {exc}"
            self._view.show_recording_failure(what, str(exc))
            return None

    def _play(self, cues: Sequence[str], heard: Sequence[str] = ()) -> None:
        """Play the cues; whatever they say, and what the player started ahead (``heard``), also
        shows on the screen (issue 12: with no sound a form reminder was lost)."""
        for cue in cues:
            self._player.play(cue)
        self.cues_played += len(heard) + len(cues)
        line = spoken_line([*heard, *cues])
        if line:
            self._view.show_caption(line)

    def _handle(self, events: list[Event], now: float, heard: Plan | None = None) -> None:
        """What the engine reported at ``now``: cues, the recorder, the view. ``heard``: cues
        already started for the events that lead ``events`` (a plan the player started, the
        run's first chime): not played again."""
        if not events and heard is None:
            return
        ahead = heard.events if heard is not None else ()
        played = len(ahead) if tuple(events[: len(ahead)]) == ahead else 0
        # Sound first: a boundary's chime must not wait for the history file's commit.
        self._play(self._cues.cues_for_events(events[played:]), heard.cues if heard else ())
        if events:
            self._record("Recording", lambda: self._recorder.record_events(events))
            self._view.show_events(events)
        if heard is not None and played == len(ahead):
            self._timed = heard.timed  # its timed cue was among those heard
        self._timed = _restarted(events[played:], self._timed)
        for event in events:
            if isinstance(event, Paused) and event.suspended:
                minutes = max(1, round(event.suspended_seconds / 60))
                self._view.show_notice(
                    f"Paused: the computer was asleep for about {minutes} min. "
                    "Press Space to carry on."
                )
            elif isinstance(event, Resumed):
                self._view.show_notice("")
            if isinstance(event, WorkoutFinished):
                self.finished = event
                self._close_prompt()
                self._view.run_finished(event, self.marks)
        self._view.show_display(self.display(now))


def _restarted(events: Sequence[Event], timed: Timed) -> Timed:
    """The timed cues' place after ``events``: a segment (re)started counts from its start (also
    after "back" restarts the same segment)."""
    for event in events:
        if isinstance(event, SegmentStarted):
            timed = (event.index, 0.0)
    return timed
