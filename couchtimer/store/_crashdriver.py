"""A small run driver for the crash-safety test: ``python -m couchtimer.store._crashdriver``.

Runs one workout through the real WorkoutEngine on a sped-up real clock into a SqliteRecorder,
pressing "pain now" every ``--mark-every`` active seconds, and prints a line each time something
is committed to the file::

    started RUN_ID
    segment SEQ INDEX DURATION      a finished segment is in the file
    mark SEQ OFFSET_MS INDEX        a pain mark is in the file
    intensity SEQ VALUE             its intensity is in the file
    progress INDEX SECONDS          the recorder's progress note is in the file
    finished STATUS

The test SIGKILLs it at random moments and checks that the next start recovers everything that
was reported. (It stands in for ``couchtimer run --terminal`` until that exists.)
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from couchtimer.core.engine import EngineState, SegmentEnded, WorkoutEngine
from couchtimer.core.pain import PainMark
from couchtimer.core.programme import load_programme
from couchtimer.store.database import HistoryStore


class ScaledClock:
    """Real monotonic time, running ``speed`` times faster from the moment it is made."""

    def __init__(self, speed: float) -> None:
        self._speed = speed
        self._origin = time.monotonic()

    def monotonic(self) -> float:
        return (time.monotonic() - self._origin) * self._speed

    def boottime(self) -> float:
        return self.monotonic()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("programme", type=Path)
    parser.add_argument("--speed", type=float, default=50.0)
    parser.add_argument("--mark-every", type=float, default=1.5, help="active seconds")
    args = parser.parse_args(argv)

    programme = load_programme(args.programme)
    workout = programme.workouts[0]
    store = HistoryStore.open(args.db, backups=False)
    recorder = store.recorder()
    clock = ScaledClock(args.speed)
    engine = WorkoutEngine(workout, clock)

    def say(line: str) -> None:
        if recorder.pending_writes == 0:  # only what is really in the file
            print(line, flush=True)

    recorder.start(programme.id, workout, datetime.now(UTC))
    say(f"started {recorder.run_id}")
    segment_seq = 0
    mark_seq = 0
    next_mark = args.mark_every
    events = engine.start()
    while True:
        recorder.record_events(events)
        for event in events:
            if isinstance(event, SegmentEnded):
                say(f"segment {segment_seq} {event.timing.index} {event.timing.duration!r}")
                segment_seq += 1
        if engine.state is EngineState.FINISHED:
            break
        active = engine.active_seconds()
        if active >= next_mark:
            handle = recorder.add_mark(PainMark(int(active * 1000), engine.index))
            say(f"mark {mark_seq} {int(active * 1000)} {engine.index}")
            intensity = mark_seq % 11
            recorder.update_mark(handle, intensity)
            say(f"intensity {mark_seq} {intensity}")
            mark_seq += 1
            next_mark += args.mark_every
        recorder.progress(engine.index, active)
        say(f"progress {engine.index} {active!r}")
        deadline = engine.next_deadline()
        wake = min(deadline or next_mark, next_mark, clock.monotonic() + 0.25)
        time.sleep(max(0.0, wake - clock.monotonic()) / args.speed)
        events = engine.tick()
    finished = recorder.snapshot().finished
    say(f"finished {'completed' if finished and finished.completed else 'ended-early'}")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
