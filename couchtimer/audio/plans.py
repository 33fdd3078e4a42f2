"""Cues planned ahead: when the player's worker starts them (``SimpleAudioPlayer.plan``).

A plan's deadline is turned into ``time.monotonic`` time on the planning thread (the run's clock
is read by that thread only), and keeps how long the machine had slept since boot when the run
last looked for a suspend (when the plan was made, then at each tick that kept it:
``SimpleAudioPlayer.ticked``): monotonic time, and so the worker's wait, stands still in a
suspend, which the worker tells by that figure, as the engine does between two ticks (see
``SimpleAudioPlayer._start_planned_locked``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

#: The worker wakes this long before a planned cue and waits out the rest holding the
#: interpreter, so that a thread busy in Python code (the GUI thread painting) at the deadline
#: cannot hold the cue back; about 1 % of a core while a metronome clicks 180 times a minute.
PLAN_SPIN_SECONDS = 0.002


#: Two readings of monotonic time further apart than this have a thread switch between them.
READING_SECONDS = 0.0005


@dataclass(frozen=True, slots=True)
class PlannedCues:
    """Cues to start at ``at``, in ``time.monotonic`` time; ``slept``: the seconds the machine
    had been suspended (``slept_since_boot``) when they were planned or, if later, when the run
    last ticked while they stood."""

    cue_ids: tuple[str, ...]
    at: float
    slept: float

    def real_seconds_left(self) -> float:
        return self.at - time.monotonic()


def slept_since_boot() -> float:
    """Seconds the machine has been suspended since it booted: CLOCK_BOOTTIME counts them,
    CLOCK_MONOTONIC (what ``time.monotonic`` and timed waits read) does not."""
    return time.clock_gettime(time.CLOCK_BOOTTIME) - time.clock_gettime(time.CLOCK_MONOTONIC)


def monotonic_time_of(at: float, now: Callable[[], float], speed: float) -> float:
    """``at`` on the clock ``now`` (running ``speed`` times real time) in ``time.monotonic``
    time. The clock is read only here, on the caller's thread (``ScaledClock`` keeps its last
    reading for the engine's next boot-time reading), between two readings of monotonic time;
    read again if the thread was switched out in between."""
    for _ in range(3):
        before = time.monotonic()
        clock = now()
        after = time.monotonic()
        if after - before < READING_SECONDS:
            break
    return (before + after) / 2 + (at - clock) / speed
