"""The workout engine: a state machine over a workout, driven by an injected monotonic clock.

The engine never sleeps and never counts ticks. Time is kept as *active seconds* (monotonic time
since start minus time spent paused), and each segment's end is its start plus its planned
duration, where a segment starts exactly where the previous one ended (or where a skip/back put
it). So cues do not drift however long the run, and a late tick still yields every due event once,
in order.

A system suspend is noticed by comparing how far the boot-time clock (which counts suspended time)
moved against the monotonic clock (which does not): the workout is then paused at the moment of the
suspend rather than running on, or skipping segments, after wake-up.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

# How a segment and a run ended: core.outcome, so that the history reads them without the
# engine and its events; named here too, where the engine's users have always found them.
from couchtimer.core.outcome import RunOutcome as RunOutcome
from couchtimer.core.outcome import SegmentEnd as SegmentEnd
from couchtimer.core.outcome import outcome_of as outcome_of
from couchtimer.core.placement import Visit
from couchtimer.core.programme import Segment, Workout

#: Seconds into a segment before which "back" goes to the previous segment instead of restarting.
BACK_GRACE_SECONDS = 3.0
#: A boot-time advance this much larger than the monotonic advance between two ticks is a suspend.
SUSPEND_THRESHOLD_SECONDS = 2.0
COUNTDOWN_FROM = 3
#: How many floats either way of its estimate a deadline is looked for (it is a few off at most).
FIRST_FLOAT_STEPS = 64


class Clock(Protocol):
    """Monotonic time (stops during suspend) and boot time (keeps counting during suspend)."""

    def monotonic(self) -> float: ...

    def boottime(self) -> float: ...


class StillClock:
    """A clock no time passes on by itself: an engine on it moves only to the ``now`` it is
    given, and never sees a suspend (planning ahead, a workout run as planned)."""

    def monotonic(self) -> float:
        return 0.0

    def boottime(self) -> float:
        return 0.0


class EngineState(Enum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


@dataclass(frozen=True, slots=True)
class SegmentTiming:
    """One visit to a segment: where it started (active seconds) and how long it actually ran."""

    index: int
    planned_seconds: int
    start_offset: float
    duration: float
    ended: SegmentEnd

    @property
    def skipped(self) -> bool:
        return self.ended is SegmentEnd.SKIPPED

    @property
    def visit(self) -> Visit:
        return Visit(self.index, self.start_offset, self.duration)


# --- events --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SegmentStarted:
    index: int
    segment: Segment
    due: float  # active seconds at which it was due


@dataclass(frozen=True, slots=True)
class SegmentEnded:
    timing: SegmentTiming
    due: float


@dataclass(frozen=True, slots=True)
class Countdown:
    seconds: int  # 3, 2, 1 before the end of segment ``index``
    index: int
    due: float


@dataclass(frozen=True, slots=True)
class Halfway:
    index: int
    due: float


@dataclass(frozen=True, slots=True)
class OneMinuteLeft:
    index: int
    due: float


@dataclass(frozen=True, slots=True)
class Paused:
    due: float
    suspended: bool = False  # paused because the machine went to sleep
    suspended_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class Resumed:
    due: float


@dataclass(frozen=True, slots=True)
class WorkoutFinished:
    timings: tuple[SegmentTiming, ...]
    outcome: RunOutcome  # see outcome_of
    due: float

    @property
    def completed(self) -> bool:
        """Completed, with or without skips (not ended early)."""
        return self.outcome.finished


Event = (
    SegmentStarted
    | SegmentEnded
    | Countdown
    | Halfway
    | OneMinuteLeft
    | Paused
    | Resumed
    | WorkoutFinished
)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything a screen shows, computed for one instant."""

    state: EngineState
    index: int
    segment: Segment
    seconds_left: float
    segment_elapsed: float
    active_seconds: float
    paused_seconds: float
    total_left: float
    fraction_done: float


class WorkoutEngine:
    def __init__(self, workout: Workout, clock: Clock) -> None:
        self.workout = workout
        self._clock = clock
        self._segments = workout.segments
        self._state = EngineState.READY
        self._index = 0
        self._paused_total = 0.0
        self._pause_started: float | None = None  # set exactly while PAUSED
        self._segment_start = 0.0  # active seconds at which the current segment started
        self._timings: list[SegmentTiming] = []
        # Given by start() (and _finish()): no made-up value to read before that.
        self._start_mono: float
        self._last_mono: float
        self._last_boot: float
        self._schedule: list[Event]
        self._finished_active: float

    # --- read-only state ---

    @property
    def state(self) -> EngineState:
        return self._state

    @property
    def index(self) -> int:
        return self._index

    @property
    def clock(self) -> Clock:
        return self._clock

    @property
    def segment(self) -> Segment:
        return self._segments[self._index]

    @property
    def timings(self) -> tuple[SegmentTiming, ...]:
        return tuple(self._timings)

    def active_seconds(self, now: float | None = None) -> float:
        """Seconds the workout has been running, not counting pauses."""
        if self._state is EngineState.READY:
            return 0.0
        if self._state is EngineState.FINISHED:
            return self._finished_active
        active = self._active_at(self._now(now))
        # Not yet ticked past the very end: the workout cannot have run longer than its plan.
        natural_end = self._segment_start + sum(s.seconds for s in self._segments[self._index :])
        return min(active, natural_end)

    def paused_seconds(self, now: float | None = None) -> float:
        if self._state is EngineState.READY:
            return 0.0
        now = self._now(now)
        current = now - self._pause_started if self._pause_started is not None else 0.0
        return self._paused_total + current

    def seconds_left(self, now: float | None = None) -> float:
        """Seconds left in the current segment (never negative)."""
        if self._state is EngineState.FINISHED:
            return 0.0
        end = self._segment_start + self._segments[self._index].seconds
        return max(0.0, end - self.active_seconds(now))

    def fraction_done(self, now: float | None = None) -> float:
        """Share of the planned workout behind the runner (skipped parts count as done)."""
        if self._state is EngineState.FINISHED:
            return 1.0
        total = self.workout.total_seconds
        elapsed = self._segments[self._index].seconds - self.seconds_left(now)
        # Float rounding in the pause sums can make 'elapsed' -1e-16; it never exceeds the
        # segment (seconds_left is never negative), so the share never exceeds 1.
        return max(0.0, (self.workout.start_offset(self._index) + elapsed) / total)

    def snapshot(self, now: float | None = None) -> Snapshot:
        now = self._now(now)
        left = self.seconds_left(now)
        later = sum(s.seconds for s in self._segments[self._index + 1 :])
        finished = self._state is EngineState.FINISHED
        return Snapshot(
            state=self._state,
            index=self._index,
            segment=self.segment,
            seconds_left=left,
            segment_elapsed=self.segment.seconds - left,
            active_seconds=self.active_seconds(now),
            paused_seconds=self.paused_seconds(now),
            total_left=0.0 if finished else left + later,
            fraction_done=self.fraction_done(now),
        )

    def next_deadline(self) -> float | None:
        """Monotonic time of the next event or boundary: the first float at which a tick reports
        it; None while paused, ready or finished."""
        if self._state is not EngineState.RUNNING:
            return None
        due = self._segment_start + self._segments[self._index].seconds
        if self._schedule:
            due = min(due, self._schedule[0].due)
        return _first_float(
            self._start_mono + self._paused_total + due, lambda now: self._active_at(now) >= due
        )

    def time_into_segment(self, seconds: float) -> float | None:
        """Monotonic time at which the current segment will have run ``seconds`` (a timed cue's
        deadline): the first float at which ``snapshot(now).segment_elapsed`` reaches it. None
        while not running, and for more seconds than the segment has."""
        if self._state is not EngineState.RUNNING or seconds > self.segment.seconds:
            return None
        start = self._start_mono + self._paused_total + self._segment_start
        return _first_float(
            start + seconds, lambda now: self.segment.seconds - self.seconds_left(now) >= seconds
        )

    def ahead(self) -> WorkoutEngine:
        """A copy of this engine as it is now, on a ``StillClock``: ticking it says what this
        one will report if nothing else happens first (no key, no suspend), and changes nothing
        here."""
        twin = copy.copy(self)
        twin._clock = StillClock()
        twin._timings = list(self._timings)
        if self._state is not EngineState.READY:
            twin._schedule = list(self._schedule)
            twin._last_boot = twin._clock.boottime()
        return twin

    # --- operations ---

    def start(self, now: float | None = None) -> list[Event]:
        if self._state is not EngineState.READY:
            raise RuntimeError("the workout has already started")
        now = self._now(now)
        self._start_mono = now
        self._last_mono = now
        self._last_boot = self._clock.boottime()
        self._state = EngineState.RUNNING
        return [self._enter(0, 0.0), *self.tick(now)]

    def tick(self, now: float | None = None) -> list[Event]:
        """Advance to ``now`` and return every event that fell due since the last call, in order."""
        if self._state is not EngineState.RUNNING:
            return []
        now = self._now(now)
        suspended = self._suspended_seconds(now)
        if suspended is not None:
            # Time after wake-up (monotonic now - last tick) is not running time: pause where the
            # last tick left off, and let the runner resume when ready.
            events = self._advance(self._active_at(self._last_mono))
            self._pause_started = self._last_mono
            self._state = EngineState.PAUSED
            self._remember(now)
            due = self._active_at(self._pause_started)
            return [*events, Paused(due, suspended=True, suspended_seconds=suspended)]
        self._remember(now)
        return self._advance(self._active_at(now))

    def pause(self, now: float | None = None) -> list[Event]:
        if self._state is not EngineState.RUNNING:
            return []
        events = self.tick(now)
        if not self._running():  # finished, or paused by a detected suspend
            return events
        self._pause_started = self._last_mono
        self._state = EngineState.PAUSED
        return [*events, Paused(self._active_at(self._last_mono))]

    def resume(self, now: float | None = None) -> list[Event]:
        pause_started = self._pause_started
        if pause_started is None:  # not paused
            return []
        now = self._now(now)
        self._paused_total += max(0.0, now - pause_started)
        self._pause_started = None
        self._state = EngineState.RUNNING
        self._remember(now)
        return [Resumed(self._active_at(now))]

    def toggle_pause(self, now: float | None = None) -> list[Event]:
        if self._state is EngineState.PAUSED:
            return self.resume(now)
        return self.pause(now)

    def skip(self, now: float | None = None) -> list[Event]:
        """End the current segment now and start the next (or finish after the last)."""
        events = self._catch_up(now)
        if self._state in (EngineState.READY, EngineState.FINISHED):
            return events
        at = self._active_at(self._last_mono)  # while paused: where the pause began
        events.append(self._close(SegmentEnd.SKIPPED, at))
        if self._index + 1 >= len(self._segments):
            events.append(self._finish(at))
        else:
            events.append(self._enter(self._index + 1, at))
        return events

    def back(self, now: float | None = None) -> list[Event]:
        """Restart the current segment, or go to the previous one when less than 3 s into it."""
        events = self._catch_up(now)
        if self._state in (EngineState.READY, EngineState.FINISHED):
            return events
        at = self._active_at(self._last_mono)  # while paused: where the pause began
        target = self._index
        if at - self._segment_start < BACK_GRACE_SECONDS and self._index > 0:
            target -= 1
        events.append(self._close(SegmentEnd.RESTARTED, at))
        events.append(self._enter(target, at))
        return events

    def finish_early(self, now: float | None = None) -> list[Event]:
        events = self._catch_up(now)
        if self._state in (EngineState.READY, EngineState.FINISHED):
            return events
        at = self._active_at(self._last_mono)
        events.append(self._close(SegmentEnd.ENDED_EARLY, at))
        events.append(self._finish(at))
        return events

    # --- internals ---

    def _running(self) -> bool:
        return self._state is EngineState.RUNNING

    def _now(self, now: float | None) -> float:
        return self._clock.monotonic() if now is None else now

    def _remember(self, now: float) -> None:
        self._last_mono = max(self._last_mono, now)
        self._last_boot = self._clock.boottime()

    def _active_at(self, mono: float) -> float:
        paused = self._paused_total
        if self._pause_started is not None:
            paused += max(0.0, mono - self._pause_started)
        return max(0.0, mono - self._start_mono - paused)

    def _suspended_seconds(self, now: float) -> float | None:
        boot_delta = self._clock.boottime() - self._last_boot
        mono_delta = now - self._last_mono
        gap = boot_delta - mono_delta
        return gap if gap > SUSPEND_THRESHOLD_SECONDS else None

    def _catch_up(self, now: float | None) -> list[Event]:
        if self._state is EngineState.RUNNING:
            return self.tick(now)
        if self._state is EngineState.PAUSED:
            self._remember(self._now(now))  # finish_early ends the pause here
        return []

    def _enter(self, index: int, at: float) -> SegmentStarted:
        self._index = index
        self._segment_start = at
        segment = self._segments[index]
        end = at + segment.seconds
        timed: list[Event] = []
        if segment.seconds > 1:
            timed.append(Halfway(index, at + segment.seconds / 2))
        if segment.seconds > 60:
            timed.append(OneMinuteLeft(index, end - 60))
        timed.extend(
            Countdown(n, index, end - n)
            for n in range(COUNTDOWN_FROM, 0, -1)
            if n < segment.seconds
        )
        # Stable sort: at equal times, halfway/one-minute come before the countdown pip.
        self._schedule = sorted(timed, key=lambda event: event.due)
        return SegmentStarted(index, segment, at)

    def _close(self, ended: SegmentEnd, at: float) -> SegmentEnded:
        timing = SegmentTiming(
            index=self._index,
            planned_seconds=self._segments[self._index].seconds,
            start_offset=self._segment_start,
            duration=at - self._segment_start,
            ended=ended,
        )
        self._timings.append(timing)  # the caller enters the next segment or finishes
        return SegmentEnded(timing, at)

    def _finish(self, at: float) -> WorkoutFinished:
        if self._pause_started is not None:  # finished in a pause (ended early, or skipped):
            self._paused_total += self._last_mono - self._pause_started  # the pause ends here
            self._pause_started = None
        self._state = EngineState.FINISHED
        self._finished_active = at
        kinds = [segment.kind for segment in self._segments]
        visits = [(t.index, t.ended) for t in self._timings]
        return WorkoutFinished(tuple(self._timings), outcome_of(kinds, visits), at)

    def _advance(self, active: float) -> list[Event]:
        events: list[Event] = []
        while self._state is EngineState.RUNNING:
            end = self._segment_start + self._segments[self._index].seconds
            while self._schedule and self._schedule[0].due <= min(active, end):
                events.append(self._schedule.pop(0))
            if end > active:
                break
            events.append(self._close(SegmentEnd.COMPLETED, end))
            if self._index + 1 >= len(self._segments):
                events.append(self._finish(end))
            else:
                events.append(self._enter(self._index + 1, end))
        return events


def _first_float(estimate: float, reached: Callable[[float], bool]) -> float:
    """The first float at which ``reached`` holds (false before some instant, true from it on),
    from an ``estimate`` a few units in the last place off. One rule for "has this deadline come":
    a deadline summed as start + pauses + due and ticked back as now - start - pauses may come out
    a hair short of ``due``, and a tick at that deadline then reported nothing. It looks at most
    ``FIRST_FLOAT_STEPS`` floats each way, so a predicate that holds for every earlier float (a
    deadline at or before a clamped start) or never (a bug) cannot hang the run loop: it answers
    the last float it looked at."""
    now = estimate
    for _ in range(FIRST_FLOAT_STEPS):
        if reached(now):
            break
        now = math.nextafter(now, math.inf)
    for _ in range(FIRST_FLOAT_STEPS):
        earlier = math.nextafter(now, -math.inf)
        if not reached(earlier):
            return now
        now = earlier
    return now
