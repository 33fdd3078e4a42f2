#!/usr/bin/env python3
"""Cost of one WorkoutEngine.tick() and of loading the shipped programmes, with baselines.

Targets (issue "Foundation"): loading + validating the NHS programme <= 5 ms; tick() <= 20 us.
Baselines measured in the same run: tomllib parsing the same file alone (the floor for loading),
and a bare Python method call (the floor for a tick).
"""

from __future__ import annotations

import statistics
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from couchtimer.core.engine import WorkoutEngine  # noqa: E402
from couchtimer.core.programme import load_programme  # noqa: E402

NHS = ROOT / "assets" / "programmes" / "nhs-c25k.toml"


class StepClock:
    """Time moved by the benchmark (a real clock would add its own cost to every tick)."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    def boottime(self) -> float:
        return self.now


def per_call(function: object, repeats: int, rounds: int = 7) -> float:
    """Median seconds per call over ``rounds`` rounds of ``repeats`` calls."""
    call = function  # type: ignore[assignment]
    results = []
    for _ in range(rounds):
        begin = time.perf_counter()
        for _ in range(repeats):
            call()  # type: ignore[operator]
        results.append((time.perf_counter() - begin) / repeats)
    return statistics.median(results)


def main() -> int:
    text = NHS.read_text(encoding="utf-8")
    parse_only = per_call(lambda: tomllib.loads(text), 200)
    load = per_call(lambda: load_programme(NHS), 200)

    workout = load_programme(NHS).workout(4, 1)
    clock = StepClock()
    current = [WorkoutEngine(workout, clock)]
    current[0].start(0.0)

    def tick() -> None:
        clock.now += 0.25  # four ticks a second, as the repaint timer does
        current[0].tick(clock.now)
        if clock.now > workout.total_seconds - 1:  # stay inside the workout: start it again
            clock.now = 0.0
            current[0] = WorkoutEngine(workout, clock)
            current[0].start(0.0)

    class Bare:
        def tick(self, now: float) -> list[object]:
            return []

    bare = Bare()
    bare_tick = per_call(lambda: bare.tick(1.0), 100_000)
    engine_tick = per_call(tick, 100_000)

    print("programme loading (NHS Couch to 5K, 27 workouts)")
    print(f"  tomllib.loads alone (baseline)  {parse_only * 1e3:7.3f} ms")
    print(
        f"  load + validate                 {load * 1e3:7.3f} ms  (target <= 5 ms) "
        f"-> {'OK' if load <= 0.005 else 'OVER TARGET'}"
    )
    print("WorkoutEngine.tick() at 4 Hz through W4R1")
    print(f"  bare method call (baseline)     {bare_tick * 1e6:7.3f} us")
    print(
        f"  tick()                          {engine_tick * 1e6:7.3f} us  (target <= 20 us) "
        f"-> {'OK' if engine_tick <= 20e-6 else 'OVER TARGET'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
