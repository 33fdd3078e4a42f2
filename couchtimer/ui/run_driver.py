"""Drives a RunSession from Qt timers, and hands it the run screen's intents.

One single-shot ``PreciseTimer`` is armed for ``session.next_deadline()`` so each deadline is
taken in (shown, recorded) when it comes; a coarse 4 Hz timer only repaints the countdown (and
ticks, which is cheap, so a suspend is noticed promptly after wake-up). Time comes from the
injected clock, never from counting timer shots. The cues themselves start from the player's
raised thread (run/session.py plans them); while the run is on, the GUI thread asks for a nice
value 10 lower where allowed (``couchtimer.priority``), so that on a busy machine it is not kept
off the CPU while it holds the interpreter the player's thread needs at a deadline. The screen's
buttons and keys are connected straight to the driver's methods for the length of the run (each
reads the clock, calls the session and re-arms the timer).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, SignalInstance

from couchtimer.core.engine import Clock
from couchtimer.priority import raise_priority
from couchtimer.run.session import RunSession

if TYPE_CHECKING:
    from couchtimer.ui.run_screen import RunScreen

REPAINT_MS = 250
MAX_WAIT_MS = 3_600_000


class RunDriver(QObject):
    changed = Signal()

    def __init__(
        self,
        session: RunSession,
        clock: Clock,
        speed: float = 1.0,
        screen: RunScreen | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self._clock = clock
        self._speed = speed
        self._deadline_timer = QTimer(self)
        self._deadline_timer.setSingleShot(True)
        self._deadline_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._deadline_timer.timeout.connect(self._on_deadline)
        self._repaint_timer = QTimer(self)
        self._repaint_timer.setInterval(REPAINT_MS)
        self._repaint_timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._repaint_timer.timeout.connect(self._on_repaint)
        self._connections: list[tuple[SignalInstance, Callable[..., None]]] = []
        self._restore_priority: Callable[[], None] = _unchanged
        if screen is not None:
            for signal, slot in (
                (screen.pause_requested, self.toggle_pause),
                (screen.skip_requested, self.skip),
                (screen.back_requested, self.back),
                (screen.pain_requested, self.mark_pain),
                (screen.intensity_chosen, self.set_intensity),
            ):
                signal.connect(slot)
                self._connections.append((signal, slot))

    def now(self) -> float:
        return self._clock.monotonic()

    def start(self) -> None:
        self.session.start(self.now())  # first: if it raises, the priority stays as it was
        self._restore_priority = raise_priority(real_time=False)
        self._repaint_timer.start()
        self._arm()

    def stop(self) -> None:
        self._restore_priority()
        self._restore_priority = _unchanged
        self._deadline_timer.stop()
        self._repaint_timer.stop()
        while self._connections:  # the screen outlives the run: the next run connects anew
            signal, slot = self._connections.pop()
            signal.disconnect(slot)

    def _arm(self) -> None:
        deadline = self.session.next_deadline()
        if not self.session.in_progress:
            self.stop()
            self.session.refresh(self.now())
            return
        if deadline is None:  # paused: only the repaint timer runs
            self._deadline_timer.stop()
            return
        wait_ms = math.ceil(max(0.0, deadline - self.now()) / self._speed * 1000)
        # A QTimer takes a signed 32-bit interval; waking early only re-arms (the repaint
        # tick runs anyway), so an hour is a safe ceiling however long the segment.
        self._deadline_timer.start(min(wait_ms, MAX_WAIT_MS))

    def _on_deadline(self) -> None:
        self.session.tick(self.now())
        self._arm()
        self.changed.emit()

    def _on_repaint(self) -> None:
        self.poll()

    def poll(self) -> None:
        """Bring the run up to the clock's now: play due cues, repaint, re-arm the timer."""
        now = self.now()
        self.session.tick(now)
        self.session.refresh(now)
        self._arm()

    # --- the runner's controls ---

    def toggle_pause(self) -> None:
        self.session.toggle_pause(self.now())
        self._arm()

    def skip(self) -> None:
        self.session.skip(self.now())
        self._arm()

    def back(self) -> None:
        self.session.back(self.now())
        self._arm()

    def finish_early(self) -> None:
        self.session.finish_early(self.now())
        self._arm()

    def mark_pain(self) -> None:
        self.session.mark_pain(self.now())
        self._arm()

    def set_intensity(self, value: int) -> None:
        self.session.set_intensity(value, self.now())


def _unchanged() -> None:
    return None
