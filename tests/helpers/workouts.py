"""Building workouts for tests in one line: ``workout((RUN, 60), (WALK, 90))``."""

from __future__ import annotations

from couchtimer.core.programme import Segment, SegmentKind, Workout

RUN, WALK = SegmentKind.RUN, SegmentKind.WALK
WARMUP, COOLDOWN = SegmentKind.WARMUP, SegmentKind.COOLDOWN


def workout(*segments: tuple[SegmentKind, int]) -> Workout:
    """Week 1 run 1 made of (kind, seconds) pairs, without labels."""
    return Workout(1, 1, tuple(Segment(kind, seconds) for kind, seconds in segments))
