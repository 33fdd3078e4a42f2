"""Engine events in a compact, comparable form."""

from __future__ import annotations

from couchtimer.core.engine import (
    Countdown,
    Event,
    Halfway,
    OneMinuteLeft,
    Paused,
    Resumed,
    SegmentEnded,
    SegmentStarted,
    WorkoutFinished,
)


def names(events: list[Event]) -> list[str]:
    """A compact picture of an event list: 'start0', 'cd3@0', 'half1', 'end0', 'finish'..."""
    out = []
    for e in events:
        match e:
            case SegmentStarted():
                out.append(f"start{e.index}")
            case SegmentEnded():
                out.append(f"end{e.timing.index}")
            case Countdown():
                out.append(f"cd{e.seconds}@{e.index}")
            case Halfway():
                out.append(f"half{e.index}")
            case OneMinuteLeft():
                out.append(f"1min{e.index}")
            case Paused():
                out.append("paused-suspend" if e.suspended else "paused")
            case Resumed():
                out.append("resumed")
            case WorkoutFinished():
                out.append("finish" if e.completed else "finish-early")
    return out
