"""``couchtimer run --terminal``: a whole workout in the terminal, with audio cues.

The run itself is the shared ``RunSession`` (couchtimer/run/session.py: engine, cues, recorder,
pain marks, progress); this module is its terminal view and a small ``select`` loop. The loop
sleeps (in ``select`` on the keyboard) until the session's next deadline (a boundary or a timed
cue: metronome, form reminder), a key press, the next repaint or a second (progress reaches the
recorder at least once a second), whichever is first, then ticks the session. The engine keeps
time, so a late wake-up never shifts the schedule.

Keys: space pause/resume, n skip, b back, q quit (asks to confirm), p then 1-9 (0 = 10) within
5 s marks pain now (p alone records an unrated mark). A segment's start, or "Pain mark saved", is
printed only after the recorder has taken it, so whatever the terminal showed before a crash is
in the history file.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import signal
import sys
import termios
import tty
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TextIO

from couchtimer.audio import Player, stderr_captured
from couchtimer.core.clocktext import clock_text
from couchtimer.core.cues import CuePolicy, CueSettings, text_of
from couchtimer.core.engine import (
    Clock,
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
from couchtimer.core.programme import Programme, Workout
from couchtimer.core.recording import MemoryRecorder, Recorder
from couchtimer.core.text import printable
from couchtimer.priority import timely
from couchtimer.run.session import RunDisplay, RunSession

log = logging.getLogger(__name__)

QUIT_CONFIRM_WINDOW = 5.0  # real seconds to answer "End the workout now?"
REPAINT_SECONDS = 0.25  # real seconds between live-line repaints on a terminal
PROGRESS_SECONDS = 1.0  # real seconds: the recorder hears where the run is at least this often
PROMPT_POLL_SECONDS = 0.25  # real seconds between checks while a question waits for its key
BAR_WIDTH = 24


@dataclass(frozen=True, slots=True)
class TerminalSummary:
    """How the terminal run went, as printed at its end."""

    workout: Workout
    finished: WorkoutFinished | None
    pain_marks: tuple[PainMark, ...]
    cues_played: int
    sound_problem: str | None
    recorder_problem: str | None


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


class TerminalView:
    """The session's ``RunView`` on a terminal: a line for each event and pain mark, a live
    line (when the output is a terminal) repainted in place."""

    def __init__(
        self,
        workout: Workout,
        policy: CuePolicy,
        player: Player,
        recorder: Recorder,
        out: TextIO,
    ) -> None:
        self.workout = workout
        self.policy = policy
        self.player = player
        self.recorder = recorder
        self.out = out
        self.live = out.isatty()
        self._marks: tuple[PainMark, ...] = ()
        self._asking: int | None = None  # the mark whose number is being asked for

    # --- RunView ---

    def show_display(self, display: RunDisplay) -> None:
        """The live line; a finished run leaves it for the summary."""

    def show_events(self, events: Sequence[Event]) -> None:
        for event in events:
            self._describe(event)

    def show_marks(self, marks: Sequence[PainMark], timings: Sequence[SegmentTiming]) -> None:
        self._marks = tuple(marks)

    def show_intensity_prompt(self, mark: PainMark | None) -> None:
        if mark is not None:
            self._asking = len(self._marks) - 1
            self.say(
                f"{clock_text(mark.offset_ms / 1000):>7}  {self._mark_kept_words()} "
                "How bad, 1-9 (0 = 10)? (5 s)"
            )
            return
        if self._asking is None:
            return
        done, self._asking = self._marks[self._asking], None
        rating = "unrated" if done.intensity is None else f"{done.intensity}/10"
        self.say(f"{clock_text(done.offset_ms / 1000):>7}  Pain mark recorded ({rating})")

    def show_notice(self, text: str) -> None:
        """The screen's notice line (a suspend): the terminal's event line already says it."""

    def show_caption(self, text: str) -> None:
        """What a cue said: without sound, a segment's line already carries its words."""

    def show_sound_problem(self, problem: str | None) -> None:
        """Said at the start and in the summary."""

    def show_save_problem(self, problem: str | None, safe_in: Path | None) -> None:
        """Said at once, during the run, when the history file stops (or starts again)."""
        if problem is None:
            self.say("         ✓ The history file has everything again.")
            return
        where = (
            f"Everything so far is safe in {safe_in} and goes into the history when it can."
            if safe_in is not None
            else "The run is kept in memory only: keep this terminal open until it ends."
        )
        self.say(f"⚠ Not in the history file yet: {problem} {where}")

    def show_recording_failure(self, what: str, error: str) -> None:
        self.say(f"⚠ {what} failed ({error}); the timer carries on.")

    def run_finished(self, finished: WorkoutFinished, marks: Sequence[PainMark]) -> None:
        """The loop ends and prints the summary."""

    # --- lines ---

    def _describe(self, event: Event) -> None:
        match event:
            case SegmentStarted():
                heading = self.heading(event.index)
                planned = clock_text(event.segment.seconds)
                line = f"{clock_text(event.due):>7}  {heading} for {planned}"
                cues = self.policy.announcement(event.index)
                if cues and not self.player.available:
                    line += f"   ({text_of(cues)})"
                self.say(line)
            case Paused():
                why = " (the computer went to sleep)" if event.suspended else ""
                self.say(f"{clock_text(event.due):>7}  Paused{why}: press space to carry on")
            case Resumed():
                self.say(f"{clock_text(event.due):>7}  Resumed")
            case WorkoutFinished():
                self.say(
                    f"{clock_text(event.due):>7}  "
                    + ("Workout complete. Well done!" if event.completed else "Workout ended.")
                )
            case _:
                pass

    def heading(self, index: int) -> str:
        return segment_name(self.workout.segments, index)

    def _mark_kept_words(self) -> str:
        """What is true of the mark just taken: "saved" only once it is on disk."""
        kept = self.recorder.kept
        reason = self.recorder.reason
        if kept == "history":
            return "Pain mark saved."
        if kept == "journal":
            why = reason or "the history file cannot be written"
            return f"Pain mark saved in the run's journal — {why}; it goes in later."
        if reason is None:  # a recorder that keeps runs in memory by design
            return "Pain mark noted (this run is not being saved)."
        return f"Pain mark kept in memory only — {reason}."

    def write(self, text: str) -> None:
        """Output, unless the terminal has gone (SIGHUP: writing then fails with EIO)."""
        try:
            self.out.write(text)
            self.out.flush()
        except OSError:
            self.live = False

    def say(self, line: str) -> None:
        self.write(("\r\x1b[K" if self.live else "") + printable(line) + "\n")

    def repaint(self, snap_line: str) -> None:
        self.write("\r\x1b[K" + printable(snap_line))


class TerminalRunner:
    """One workout in the terminal: the session, its terminal view, and the key loop."""

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
        recorder: Recorder | None = None,
        utc_now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.programme = programme
        self.workout = workout
        self.player = player
        self.clock = clock
        self.speed = speed
        self.keys: KeySource = keys or KeyReader(None)
        self.recorder: Recorder = recorder if recorder is not None else MemoryRecorder(utc_now)
        policy = CuePolicy(workout, settings)
        self.view = TerminalView(workout, policy, player, self.recorder, out or sys.stdout)
        self.session = RunSession(
            programme,
            workout,
            WorkoutEngine(workout, clock),
            self.view,
            player,
            policy,
            self.recorder,
            utc_now,
            clock_speed=speed,
        )
        self._sound_problem = player.problem
        self._quit_asked_at: float | None = None

    # --- the loop ---

    def run(self) -> TerminalSummary:
        view = self.view
        view.say(
            f"{self.programme.name}: week {self.workout.week}, run {self.workout.run} "
            f"({clock_text(self.workout.total_seconds)})"
        )
        if not self.player.available:
            view.say(f"⚠ {self.player.problem}")
        view.say(
            "Keys: space pause/resume · n skip · b back · p pain now (then 1-9, 0 = 10) · q quit"
        )
        with self.keys, _quiet_stderr(), timely():  # cues on time on a busy machine
            try:
                self.session.start(self.clock.monotonic())
                while self.session.in_progress:
                    self._step()
            except KeyboardInterrupt:
                if self.session.in_progress:
                    self.session.finish_early(self.clock.monotonic())
            finally:
                if view.live:
                    view.write("\r\x1b[K")
        summary = TerminalSummary(
            self.workout,
            self.session.finished,
            self.session.marks,
            self.session.cues_played,
            self._sound_problem,
            self.session.recording_failure,
        )
        self._print_summary(summary)
        return summary

    def _step(self) -> None:
        """Wait for what comes first (see the module's docstring), then bring the run up to now."""
        now = self.clock.monotonic()
        wake = now + PROGRESS_SECONDS * self.speed
        if self.view.live:
            wake = min(wake, now + REPAINT_SECONDS * self.speed)
        if self.session.awaiting_intensity(now) or self._quit_asked_at is not None:
            wake = min(wake, now + PROMPT_POLL_SECONDS * self.speed)
        deadline = self.session.next_deadline()
        if deadline is not None:
            wake = min(wake, deadline)
        key = self.keys.read((wake - now) / self.speed)
        now = self.clock.monotonic()
        self.session.tick(now)
        if key is not None:
            # Read again: the tick may have planned the next cues, which reads the clock, and
            # a key handled at the older time would see boot time ahead of it, a "suspend" (the
            # run paused itself at --speed 300 and more).
            now = self.clock.monotonic()
            self._key(key, now)
        self._lapse_quit()
        self.session.refresh(now)  # lapses the pain prompt, tells the recorder, says problems
        if self.view.live and self.session.in_progress:
            self.view.repaint(self._live_line(now))

    # --- keys ---

    def _key(self, key: str, now: float) -> None:
        session = self.session
        if self._quit_asked_at is not None:
            self._quit_asked_at = None
            if key.lower() in ("y", "q"):
                session.finish_early(now)
            else:
                self.view.say("         Carrying on.")
            return
        if key.isdigit() and session.set_intensity(int(key) or 10, now):  # 0 is 10, as on screen
            return
        match key.lower():
            case " ":
                session.toggle_pause(now)
            case "n":
                session.skip(now)
            case "b":
                session.back(now)
            case "q":
                self._quit_asked_at = self._real_now()
                self.view.say(
                    "         End the workout now? Press y to end, any other key to go on."
                )
            case "p":
                session.mark_pain(now)
            case _:
                pass

    def _real_now(self) -> float:
        return self.clock.monotonic() / self.speed

    def _lapse_quit(self) -> None:
        if self._quit_asked_at is not None and (
            self._real_now() - self._quit_asked_at >= QUIT_CONFIRM_WINDOW
        ):
            self._quit_asked_at = None
            self.view.say("         Carrying on.")

    # --- output ---

    def _live_line(self, now: float) -> str:
        snap = self.session.engine.snapshot(now)
        filled = round(snap.fraction_done * BAR_WIDTH)
        bar = "█" * filled + "·" * (BAR_WIDTH - filled)
        state = " PAUSED" if snap.state is EngineState.PAUSED else ""
        return (
            f"{self.view.heading(snap.index)}  {clock_text(snap.seconds_left)} left  "
            f"[{bar}] {snap.fraction_done:4.0%}  {clock_text(snap.total_left)} to go{state}"
        )

    def _sound_words(self) -> str:
        if not self.player.available:
            return f" (not heard: {self.player.problem})"
        if self.player.problem:  # the device failed part-way through
            return f" (not all heard: {self.player.problem})"
        return ""

    def _print_summary(self, summary: TerminalSummary) -> None:
        engine = self.session.engine
        finished = summary.finished
        timings = finished.timings if finished else engine.timings
        done = sum(1 for t in timings if t.ended.value == "completed")
        skipped = sum(1 for t in timings if t.skipped)
        active = clock_text(engine.active_seconds())
        planned = clock_text(self.workout.total_seconds)
        lines = [
            "",
            "Summary",
            f"  {self.workout.code}: "
            + ("completed" if finished and finished.completed else "ended early"),
            f"  time running {active} of {planned} planned"
            + f", paused {clock_text(engine.paused_seconds())}",
            f"  segments: {done} completed, {skipped} skipped, of {len(self.workout.segments)}",
            f"  cues: {summary.cues_played}" + self._sound_words(),
        ]
        if summary.pain_marks:
            lines.append(f"  pain marks: {len(summary.pain_marks)}")
            for mark in summary.pain_marks:
                rating = "unrated" if mark.intensity is None else f"{mark.intensity}/10"
                when = clock_text(mark.offset_ms / 1000)
                lines.append(f"    {when:>7}  {self.view.heading(mark.segment_index)}  {rating}")
        else:
            lines.append("  pain marks: none")
        if summary.recorder_problem:
            lines.append(f"  ⚠ {summary.recorder_problem}")
        problem = self.recorder.problem
        if problem:
            lines.append(f"  ⚠ not all of this run is saved yet: {problem}")
        self.view.write("".join(printable(line) + "\n" for line in lines))


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
