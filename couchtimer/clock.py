"""Real clocks for the engine (the core only sees the ``Clock`` protocol)."""

from __future__ import annotations

import sys
import time


class SystemClock:
    """CLOCK_MONOTONIC (stops in suspend) and CLOCK_BOOTTIME (counts it) on Linux.

    Elsewhere ``time.monotonic`` and the wall clock stand in: a suspend still shows up as the wall
    clock running ahead of the monotonic one (a manual clock change may pause a run, which is safe).
    """

    def __init__(self) -> None:
        self._linux = sys.platform.startswith("linux") and hasattr(time, "CLOCK_BOOTTIME")

    def monotonic(self) -> float:
        if self._linux:
            return time.clock_gettime(time.CLOCK_MONOTONIC)
        return time.monotonic()

    def boottime(self) -> float:
        if self._linux:
            return time.clock_gettime(time.CLOCK_BOOTTIME)
        return time.time()


class ScaledClock:
    """A clock running ``speed`` times faster than ``base``, for demos and black-box tests."""

    def __init__(self, base: SystemClock, speed: float) -> None:
        if speed <= 0:
            raise ValueError(f"speed must be positive, not {speed}")
        self.speed = speed
        self._base = base
        self._mono0 = base.monotonic()
        self._boot0 = base.boottime()

    def monotonic(self) -> float:
        return self._mono0 + (self._base.monotonic() - self._mono0) * self.speed

    def boottime(self) -> float:
        return self._boot0 + (self._base.boottime() - self._boot0) * self.speed
