"""``PostRun``: a post-run report the app presenter asks the window to open.

Its own module, loaded when the first report is asked for: the first frame has no use for it, and
making a frozen dataclass costs 4.6 M instructions (benchmarks/startup.py), so it is not in
``window_view``, which loads before the frame."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from couchtimer.core.engine import SegmentTiming
    from couchtimer.core.history import RunRecord
    from couchtimer.core.pain import PainMark, PainReport
    from couchtimer.core.programme import Workout


@dataclass(frozen=True)
class PostRun:
    """A post-run report to ask for: just after a run (``timings``: the visits the engine
    recorded) or later for a stored run (``stored``, with its report so far, ``earlier``)."""

    run_id: int
    workout: Workout
    marks: Sequence[PainMark]
    completed: bool
    timings: Sequence[SegmentTiming] = ()
    stored: RunRecord | None = None
    earlier: PainReport | None = None
