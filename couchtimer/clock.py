"""Real clocks for the engine (``couchtimer.core.engine.Clock``): system time, and a scaled one.

``SystemClock`` reads CLOCK_MONOTONIC (stops while the machine sleeps) and CLOCK_BOOTTIME (keeps
counting), which is how the engine notices a suspend; elsewhere it falls back to
``time.monotonic`` and ``time.time``. ``ScaledClock`` runs a base clock ``speed`` times faster, for
``--speed`` demos and black-box tests only.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from couchtimer.core.errors import SettingsError

if TYPE_CHECKING:
    from couchtimer.core.engine import Clock


#: ``--speed`` (demos and black-box tests) runs the clock at most this many times real time,
#: and at least this fraction of it (slower than that is no demo; 1e-9 overflowed Qt's timers).
MAX_SPEED = 1000.0
MIN_SPEED = 0.1


def check_speed(speed: float) -> None:
    """``SettingsError`` unless ``speed`` is one ``--speed`` allows (the app and the terminal
    both check it before anything opens)."""
    if not MIN_SPEED <= speed <= MAX_SPEED:  # also refuses nan
        raise SettingsError(
            f"--speed {speed:g} is outside {MIN_SPEED:g}..{MAX_SPEED:g}; 1 is real time"
        )


class SystemClock:
    def __init__(self) -> None:
        self._mono_id = getattr(time, "CLOCK_MONOTONIC", None)
        self._boot_id = getattr(time, "CLOCK_BOOTTIME", None)

    def monotonic(self) -> float:
        if self._mono_id is None:  # pragma: no cover - not Linux
            return time.monotonic()
        return time.clock_gettime(self._mono_id)

    def boottime(self) -> float:
        if self._boot_id is None:  # pragma: no cover - not Linux
            return time.time()
        return time.clock_gettime(self._boot_id)


class ScaledClock:
    """``base`` sped up ``speed`` times from the moment this clock is made."""

    def __init__(self, base: Clock, speed: float) -> None:
        check_speed(speed)
        self.base = base
        self.speed = speed
        self._mono_origin = base.monotonic()
        self._boot_origin = base.boottime()
        self._last_mono = self._mono_origin

    def monotonic(self) -> float:
        elapsed = self.base.monotonic() - self._mono_origin
        self._last_mono = self._mono_origin + elapsed * self.speed
        return self._last_mono

    def boottime(self) -> float:
        """Boot time at the last :meth:`monotonic` reading: that reading plus the real time
        spent suspended since this clock was made.

        Suspended time is not scaled, and the moments between reading the two clocks are not
        counted: the engine tells a suspend by boot time running ahead of monotonic time, and
        scaling that gap turned a process stalled for 2 ms at --speed 1000 into a 2 s
        "suspend" (the run paused itself and waited for a key that never came).
        """
        asleep = (self.base.boottime() - self.base.monotonic()) - (
            self._boot_origin - self._mono_origin
        )
        return self._boot_origin + (self._last_mono - self._mono_origin) + asleep

    def real_seconds(self, seconds: float) -> float:
        """How long ``seconds`` of this clock's time take in real time."""
        return seconds / self.speed
