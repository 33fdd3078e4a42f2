"""``--speed``: one range everywhere, and a scaled clock that does not invent suspends."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from couchtimer.clock import MAX_SPEED, MIN_SPEED, ScaledClock, check_speed
from couchtimer.core.engine import Paused, WorkoutEngine
from couchtimer.core.errors import SettingsError
from tests.helpers.stubs import FakeClock
from tests.helpers.workouts import RUN, WALK, workout


@pytest.mark.parametrize("speed", [1e-9, 0.0999, -1.0, 0.0, 1000.5, float("nan"), float("inf")])
def test_check_speed_refuses_what_the_timers_cannot_do(speed: float) -> None:
    with pytest.raises(SettingsError, match=r"--speed .* is outside 0\.1\.\.1000; 1 is real time"):
        check_speed(speed)


def test_check_speed_takes_its_bounds() -> None:
    check_speed(MIN_SPEED)
    check_speed(MAX_SPEED)


def test_a_stall_between_reading_the_clocks_is_no_suspend_at_high_speed() -> None:
    """At --speed 1000 the process stalls 5 ms between reading monotonic and boot time (a busy
    machine): the engine must not see a 5 s suspend and pause the run."""
    base = FakeClock()
    clock = ScaledClock(base, 1000)
    engine = WorkoutEngine(workout((RUN, 60), (WALK, 60)), clock)
    engine.start(clock.monotonic())
    for _ in range(20):
        base.advance(0.001)
        now = clock.monotonic()
        base.advance(0.005)  # the stall, before the engine reads boot time
        events = engine.tick(now)
        assert not [e for e in events if isinstance(e, Paused)]


def test_a_real_suspend_is_still_seen_at_high_speed() -> None:
    base = FakeClock()
    clock = ScaledClock(base, 1000)
    engine = WorkoutEngine(workout((RUN, 60), (WALK, 60)), clock)
    engine.start(clock.monotonic())
    base.advance(0.01)
    base.suspend(30.0)
    (paused,) = [e for e in engine.tick(clock.monotonic()) if isinstance(e, Paused)]
    assert paused.suspended
    assert paused.suspended_seconds == pytest.approx(30.0)


@pytest.mark.slow
def test_the_app_refuses_a_speed_its_timers_cannot_take(tmp_path: object) -> None:
    """`couchtimer --speed 1e-9 --start W1R1` used to open and crash (a timer interval over
    2^31 ms); it must stop before any window with the same message as the terminal mode."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for argv in (["--speed", "1e-9", "--start", "W1R1"], ["run", "W1R1", "--speed", "1e-9"],
                 ["run", "W1R1", "--terminal", "--speed", "1e-9"]):  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-m", "couchtimer", *argv],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2, argv
        assert done.stdout == ""
        assert done.stderr == (
            "couchtimer: --speed 1e-09 is outside 0.1..1000; 1 is real time\n"
        ), argv
