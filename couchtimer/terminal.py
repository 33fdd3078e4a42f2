"""``couchtimer run --terminal``: a whole workout in the terminal, with audio cues.

The loop sleeps (in ``select`` on the keyboard) until the engine's next deadline, the next timed
cue (metronome, form reminder), a key press or the next repaint, whichever is first, then ticks the
engine and plays the cues the policy gives for the events. The engine keeps time, so a late
wake-up never shifts the schedule.

Keys: space pause/resume, n skip, b back, q quit (asks to confirm), p then 1-9 (0 = 10) within
5 s marks pain now (p alone records an unrated mark). Every engine event and pain mark is also
handed to an optional ``recorder`` (``RunRecorder``), which is how runs get saved.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import select
import signal
import sys
import termios
import tty
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TextIO

from couchtimer.audio import Player, stderr_captured
from couchtimer.core.clocktext import clock_text as format_clock
from couchtimer.core.cues import CuePolicy, CueSettings, text_of
from couchtimer.core.engine import (
    Clock,
    EngineState,
    Event,
    Paused,
    Resumed,
    SegmentStarted,
    WorkoutEngine,
    WorkoutFinished,
)
from couchtimer.core.pain import PainMark
from couchtimer.core.programme import Programme, Workout
from couchtimer.core.recording import Recorder
from couchtimer.core.text import printable
from couchtimer.priority import timely

log = logging.getLogger(__name__)

PAIN_KEY_WINDOW = 5.0  # real seconds to press 1-9 or 0 (= 10) after p
QUIT_CONFIRM_WINDOW = 5.0
REPAINT_SECONDS = 0.25  # real seconds between live-line repaints on a terminal
BAR_WIDTH = 24


@dataclass(frozen=True, slots=True)
class PainMarkInput:
    """A "pain now" key press: when (active seconds, segment) and how bad (0-10, None unrated)."""

    active_seconds: float
    segment_index: int
    intensity: int | None


class RunRecorder(Protocol):
    """Receives everything that happens in a run, as it happens (e.g. to save it).

    The runner prints an event, or "pain mark recorded", only after the recorder has taken it,
    so whatever the terminal showed before a crash is in the history file.
    """

    def on_events(self, events: Sequence[Event]) -> None: ...

    def on_pain_mark(self, mark: PainMarkInput) -> None:
        """ "p" was pressed: the mark, at once, without its intensity."""

    def on_pain_intensity(self, intensity: int) -> None:
        """A digit followed within 5 s: the intensity of the mark just made."""

    def on_progress(self, index: int, active_seconds: float) -> None:
        """Where the run is (at least once a second), so a kill loses at most a second."""


class RecorderBridge:
    """A terminal ``RunRecorder`` writing through a core ``Recorder`` (the SQLite store)."""

    def __init__(
        self,
        recorder: Recorder,
        programme_id: str,
        workout: Workout,
        utc_now: Callable[[], datetime],
    ) -> None:
        self.recorder = recorder
        self._handle: int | None = None
        recorder.start(programme_id, workout, utc_now())

    def on_events(self, events: Sequence[Event]) -> None:
        self.recorder.record_events(events)

    def on_pain_mark(self, mark: PainMarkInput) -> None:
        self._handle = self.recorder.add_mark(
            PainMark(int(mark.active_seconds * 1000), mark.segment_index, mark.intensity)
        )

    def on_pain_intensity(self, intensity: int) -> None:
        if self._handle is not None:
            self.recorder.update_mark(self._handle, intensity)

    def on_progress(self, index: int, active_seconds: float) -> None:
        self.recorder.progress(index, active_seconds)

    @property
    def problem(self) -> str | None:
        return getattr(self.recorder, "problem", None)

    @property
    def reason(self) -> str | None:
        return getattr(self.recorder, "reason", None)

    @property
    def kept(self) -> str:
        """Where the last thing recorded is: "history", "journal" or "memory"."""
        return str(getattr(self.recorder, "kept", "history"))

    @property
    def safe_in(self) -> object:
        return getattr(self.recorder, "safe_in", None)


@dataclass
class RunSummary:
    workout: Workout
    finished: WorkoutFinished | None = None
    pain_marks: list[PainMarkInput] = field(default_factory=list)
    cues_played: int = 0
    sound_problem: str | None = None
    recorder_problem: str | None = None


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP during a terminal run: it ends early, like Ctrl+C (everything kept,
    the terminal's mode restored on the way out)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextlib.contextmanager
def ending_on_signals() -> Iterator[list[int]]:
    """SIGTERM and SIGHUP raise :class:`Terminated` (once: a second one while the run is
    being closed is ignored, so the closing is not cut short). Yields the signals received."""
    received: list[int] = []

    def handler(signum: int, _frame: object) -> None:
        received.append(signum)
        if len(received) == 1:
            raise Terminated(signum)

    wanted = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    previous = {sig: signal.signal(sig, handler) for sig in wanted}
    try:
        yield received
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


class KeySource(Protocol):
    """Key presses, one at a time; entered for the length of the run."""

    def __enter__(self) -> KeySource: ...

    def __exit__(self, *exc: object) -> None: ...

    def read(self, timeout: float) -> str | None: ...


class KeyReader:
    """Single key presses from a file descriptor; cbreak mode while it is a terminal."""

    def __init__(self, fd: int | None) -> None:
        self.fd = fd
        self._saved: list[Any] | None = None
        self._ended = fd is None

    def __enter__(self) -> KeyReader:
        if self.fd is not None and os.isatty(self.fd):
            self._saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._saved is not None and self.fd is not None:
            saved, self._saved = self._saved, None
            with contextlib.suppress(termios.error, OSError):  # a hung-up terminal is gone
                termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)

    def read(self, timeout: float) -> str | None:
        """The next key, or None after ``timeout`` seconds without one."""
        timeout = max(0.0, timeout)
        if self._ended or self.fd is None:
            select.select([], [], [], timeout)
            return None
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return None
        data = os.read(self.fd, 1)
        if not data:  # end of input (a pipe closed): keep running without keys
            self._ended = True
            return None
        return data.decode("utf-8", "replace")


class TerminalRunner:
    def __init__(
        self,
        programme: Programme,
        workout: Workout,
        player: Player,
        clock: Clock,
        settings: CueSettings,
        *,
        speed: float = 1.0,
        out: TextIO | None = None,
        keys: KeySource | None = None,
        recorder: RunRecorder | None = None,
    ) -> None:
        self.programme = programme
        self.workout = workout
        self.player = player
        self.clock = clock
        self.policy = CuePolicy(workout, settings)
        self.engine = WorkoutEngine(workout, clock)
        self.speed = speed
        self.out = out or sys.stdout
        self.keys: KeySource = keys or KeyReader(None)
        self.recorder = recorder
        self.summary = RunSummary(workout, sound_problem=player.problem)
        self._live = self.out.isatty()
        self._timed_index = 0
        self._timed_elapsed = 0.0
        self._pending_pain: tuple[float, PainMarkInput] | None = None  # (expiry, mark)
        self._quit_asked_at: float | None = None
        self._told_problem: str | None = None

    # --- the loop ---

    def run(self) -> RunSummary:
        self._say(
            f"{self.programme.name}: week {self.workout.week}, run {self.workout.run} "
            f"({format_clock(self.workout.total_seconds)})"
        )
        if not self.player.available:
            self._say(f"⚠ {self.player.problem}")
        self._say(
            "Keys: space pause/resume · n skip · b back · p pain now (then 1-9, 0 = 10) · q quit"
        )
        with self.keys, _quiet_stderr(), timely():  # cues on time on a busy machine
            try:
                self._handle(self.engine.start())
                while self.engine.state is not EngineState.FINISHED:
                    self._step()
            except KeyboardInterrupt:
                self._handle(self.engine.finish_early())
            finally:
                self._expire_pain(force=True)
                if self._live:
                    self._write("\r\x1b[K")
        self._print_summary()
        return self.summary

    def _step(self) -> None:
        now = self.clock.monotonic()
        wake = [now + REPAINT_SECONDS * self.speed if self._live else math.inf]
        deadline = self.engine.next_deadline()
        if deadline is not None:
            wake.append(deadline)
        timed = self._next_timed(now)
        if timed is not None:
            wake.append(timed)
        real_timeout = (min(wake) - now) / self.speed
        if self.recorder is not None:  # progress reaches the recorder at least once a second
            real_timeout = min(real_timeout, 1.0)
        if self._pending_pain or self._quit_asked_at is not None:
            real_timeout = min(real_timeout, 0.25)
        if math.isinf(real_timeout):  # paused and not on a terminal: wait for a key
            real_timeout = 0.5
        key = self.keys.read(real_timeout)
        now = self.clock.monotonic()
        self._handle(self.engine.tick(now))
        self._timed(now)
        if self.engine.state is not EngineState.FINISHED:
            snapshot = self.engine.snapshot(now)
            self._tell_recorder(
                lambda recorder: recorder.on_progress(snapshot.index, snapshot.active_seconds),
                "Recording",
            )
        self._tell_save_problem()
        if key is not None:
            self._key(key, now)
        self._expire_pain()
        if self._live and self.engine.state is not EngineState.FINISHED:
            self._repaint(now)

    # --- cues and events ---

    def _handle(self, events: list[Event]) -> None:
        if not events:
            return
        cues = self.policy.cues_for_events(events)
        for cue in cues:
            self.player.play(cue)
        self.summary.cues_played += len(cues)
        self._tell_recorder(lambda recorder: recorder.on_events(events), "Recording")
        for event in events:
            self._describe(event)
            if isinstance(event, SegmentStarted):
                self._timed_index, self._timed_elapsed = event.index, 0.0
            if isinstance(event, WorkoutFinished):
                self.summary.finished = event

    def _tell_recorder(self, call: Callable[[RunRecorder], None], what: str) -> None:
        if self.recorder is None:
            return
        try:
            call(self.recorder)
        except Exception as exc:  # keep running; say so loudly
            log.exception("recorder failed")
            self.summary.recorder_problem = f"recording failed: {exc}"
            self._say(f"⚠ {what} failed ({exc}); the timer carries on.")

    def _next_timed(self, now: float) -> float | None:
        if self.engine.state is not EngineState.RUNNING:
            return None
        elapsed = self.engine.snapshot(now).segment_elapsed
        due = self.policy.next_timed_cue(self.engine.index, elapsed)
        return None if due is None else now + (due - elapsed)

    def _timed(self, now: float) -> None:
        if self.engine.state is not EngineState.RUNNING:
            return
        snapshot = self.engine.snapshot(now)
        if snapshot.index != self._timed_index:
            self._timed_index, self._timed_elapsed = snapshot.index, 0.0
        cues = self.policy.timed_cues(snapshot.index, self._timed_elapsed, snapshot.segment_elapsed)
        self._timed_elapsed = max(self._timed_elapsed, snapshot.segment_elapsed)
        for cue in cues:
            self.player.play(cue)
        self.summary.cues_played += len(cues)

    def _describe(self, event: Event) -> None:
        match event:
            case SegmentStarted():
                heading = self._heading(event.index)
                planned = format_clock(event.segment.seconds)
                line = f"{format_clock(event.due):>7}  {heading} for {planned}"
                cues = self.policy.announcement(event.index)
                if cues and not self.player.available:
                    line += f"   ({text_of(cues)})"
                self._say(line)
            case Paused():
                why = " (the computer went to sleep)" if event.suspended else ""
                self._say(f"{format_clock(event.due):>7}  Paused{why}: press space to carry on")
            case Resumed():
                self._say(f"{format_clock(event.due):>7}  Resumed")
            case WorkoutFinished():
                self._say(
                    f"{format_clock(event.due):>7}  "
                    + ("Workout complete. Well done!" if event.completed else "Workout ended.")
                )
            case _:
                pass

    def _heading(self, index: int) -> str:
        ordinal = self.workout.run_ordinal(index)
        if ordinal and ordinal[1] > 1:
            return f"Run {ordinal[0]} of {ordinal[1]}"
        return self.workout.segments[index].kind.heading

    # --- keys ---

    def _key(self, key: str, now: float) -> None:
        if self._quit_asked_at is not None:
            self._quit_asked_at = None
            if key.lower() in ("y", "q"):
                self._handle(self.engine.finish_early(now))
            else:
                self._say("         Carrying on.")
            return
        if self._pending_pain is not None and key.isdigit():
            _, mark = self._pending_pain
            self._pending_pain = None
            intensity = int(key) or 10  # as on the run screen: 1-9, and 0 for 10
            self._tell_recorder(
                lambda recorder: recorder.on_pain_intensity(intensity), "Recording the intensity"
            )
            self._record_pain(PainMarkInput(mark.active_seconds, mark.segment_index, intensity))
            return
        match key.lower():
            case " ":
                self._handle(self.engine.toggle_pause(now))
            case "n":
                self._handle(self.engine.skip(now))
            case "b":
                self._handle(self.engine.back(now))
            case "q":
                self._quit_asked_at = self._real_now()
                self._say("         End the workout now? Press y to end, any other key to go on.")
            case "p":
                self._expire_pain(force=True)
                snapshot = self.engine.snapshot(now)
                # The whole milliseconds the history keeps, so the time shown is the time stored
                # (shown rounded up: 41.0004 s would show 0:42 and be kept as 41.000 s).
                stored = int(snapshot.active_seconds * 1000) / 1000
                mark = PainMarkInput(stored, snapshot.index, None)
                self._tell_recorder(
                    lambda recorder: recorder.on_pain_mark(mark), "Recording the pain mark"
                )
                self._pending_pain = (self._real_now() + PAIN_KEY_WINDOW, mark)
                self._say(
                    f"{format_clock(mark.active_seconds):>7}  {self._mark_kept_words()} "
                    "How bad, 1-9 (0 = 10)? (5 s)"
                )
            case _:
                pass

    def _mark_kept_words(self) -> str:
        """What is true of the mark just taken: "saved" only once it is on disk."""
        if self.recorder is None:
            return "Pain mark noted (this run is not being saved)."
        kept = getattr(self.recorder, "kept", "history")
        reason = getattr(self.recorder, "reason", None) or "the history file cannot be written"
        if kept == "history":
            return "Pain mark saved."
        if kept == "journal":
            return f"Pain mark saved in the run's journal — {reason}; it goes in later."
        return f"Pain mark kept in memory only — {reason}."

    def _tell_save_problem(self) -> None:
        """Say at once, during the run, when the history file stops (or starts again) taking it."""
        problem = getattr(self.recorder, "problem", None)
        if problem == self._told_problem:
            return
        self._told_problem = problem
        if problem is None:
            self._say("         ✓ The history file has everything again.")
            return
        safe_in = getattr(self.recorder, "safe_in", None)
        where = (
            f"Everything so far is safe in {safe_in} and goes into the history when it can."
            if safe_in is not None
            else "The run is kept in memory only: keep this terminal open until it ends."
        )
        self._say(f"⚠ Not in the history file yet: {problem} {where}")

    def _real_now(self) -> float:
        return self.clock.monotonic() / self.speed

    def _expire_pain(self, force: bool = False) -> None:
        if self._pending_pain is not None and (force or self._real_now() >= self._pending_pain[0]):
            _, mark = self._pending_pain
            self._pending_pain = None
            self._record_pain(mark)
        if self._quit_asked_at is not None and (
            self._real_now() - self._quit_asked_at >= QUIT_CONFIRM_WINDOW
        ):
            self._quit_asked_at = None
            self._say("         Carrying on.")

    def _record_pain(self, mark: PainMarkInput) -> None:
        """The mark is complete (rated, or 5 s passed): keep it for the summary."""
        self.summary.pain_marks.append(mark)
        rating = "unrated" if mark.intensity is None else f"{mark.intensity}/10"
        self._say(f"{format_clock(mark.active_seconds):>7}  Pain mark recorded ({rating})")

    # --- output ---

    def _write(self, text: str) -> None:
        """Output, unless the terminal has gone (SIGHUP: writing then fails with EIO)."""
        try:
            self.out.write(text)
            self.out.flush()
        except OSError:
            self._live = False

    def _say(self, line: str) -> None:
        self._write(("\r\x1b[K" if self._live else "") + printable(line) + "\n")

    def _repaint(self, now: float) -> None:
        snap = self.engine.snapshot(now)
        filled = round(snap.fraction_done * BAR_WIDTH)
        bar = "█" * filled + "·" * (BAR_WIDTH - filled)
        state = " PAUSED" if snap.state is EngineState.PAUSED else ""
        line = (
            f"{self._heading(snap.index)}  {format_clock(snap.seconds_left)} left  "
            f"[{bar}] {snap.fraction_done:4.0%}  {format_clock(snap.total_left)} to go{state}"
        )
        self._write("\r\x1b[K" + printable(line))

    def _sound_words(self) -> str:
        if not self.player.available:
            return f" (not heard: {self.player.problem})"
        if self.player.problem:  # the device failed part-way through
            return f" (not all heard: {self.player.problem})"
        return ""

    def _print_summary(self) -> None:
        finished = self.summary.finished
        timings = finished.timings if finished else self.engine.timings
        done = sum(1 for t in timings if t.ended.value == "completed")
        skipped = sum(1 for t in timings if t.skipped)
        active = format_clock(self.engine.active_seconds())
        planned = format_clock(self.workout.total_seconds)
        lines = [
            "",
            "Summary",
            f"  {self.workout.code}: "
            + ("completed" if finished and finished.completed else "ended early"),
            f"  time running {active} of {planned} planned"
            + f", paused {format_clock(self.engine.paused_seconds())}",
            f"  segments: {done} completed, {skipped} skipped, of {len(self.workout.segments)}",
            f"  cues: {self.summary.cues_played}" + self._sound_words(),
        ]
        if self.summary.pain_marks:
            lines.append(f"  pain marks: {len(self.summary.pain_marks)}")
            for mark in self.summary.pain_marks:
                rating = "unrated" if mark.intensity is None else f"{mark.intensity}/10"
                when = format_clock(mark.active_seconds)
                lines.append(f"    {when:>7}  {self._heading(mark.segment_index)}  {rating}")
        else:
            lines.append("  pain marks: none")
        if self.summary.recorder_problem:
            lines.append(f"  ⚠ {self.summary.recorder_problem}")
        problem = getattr(self.recorder, "problem", None)
        if problem:
            lines.append(f"  ⚠ not all of this run is saved yet: {problem}")
        self._write("".join(printable(line) + "\n" for line in lines))


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Keep ALSA's C-level messages from scribbling over the live line; log them instead."""
    if not sys.stderr.isatty():
        yield
        return
    with stderr_captured() as written:
        try:
            yield
        finally:
            noise = written()
            if noise:
                log.info("sound system messages during the run: %s", noise)
