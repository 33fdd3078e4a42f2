"""Workout geometry: one answer to each "where in the workout" question.

The run screen, the post-run dialog, History, the analysis, the findings, the store and the
report all ask here:

- where each segment starts on the plan (``planned_starts``, ``planned_start``);
- which visit of a segment holds a pain mark (``visit_start``: the one rule, below);
- how far into its segment a mark came (``seconds_into``) and where it is drawn on the planned
  bar (``mark_seconds``), said roughly as "after about 2 min" (``about_time``);
- how a runner names a segment: "Run 2 of 5", "Walk 1 of 4", "Warm-up" (``segment_name``).

Which visit holds a mark
------------------------
A mark records ``offset_ms`` in *active* time (pauses excluded) and the ``segment_index`` it was
pressed in. Skips, "back" and early finishes make active and planned time drift apart, and "back"
visits a segment twice. The visit that holds a mark at active second ``at`` began:

1. at the latest recorded visit to the mark's segment that began at or before ``at``;
2. else, when visits were recorded, when the latest recorded visit that ended at or before ``at``
   ended (the segment still running when the records stop: the live run, or a run that stopped
   or crashed in it), or at 0 s when none had ended;
3. else (nothing recorded: an old run, or a run done outdoors and marked by hand) at its planned
   start.

This module is pure: segments are anything with a ``kind`` (``heading``, ``numbered``) and
``seconds``, so ``core.programme`` can ask here without an import circle.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    # Made only by mark_at, which imports it: core.programme asks here for planned starts, and
    # the app's first frame needs programmes but not the pain module (benchmarks/startup.py).
    from couchtimer.core.pain import PainMark

# A mark pressed in the very instant its visit began still counts as inside it.
TOLERANCE_SECONDS = 1e-6


class Kind(Protocol):
    @property
    def heading(self) -> str: ...

    @property
    def numbered(self) -> bool: ...


class Planned(Protocol):
    """A planned segment, as ``core.programme.Segment``."""

    @property
    def kind(self) -> Kind: ...

    @property
    def seconds(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Visit:
    """One visit to a segment as run: its index, when it began (active seconds), how long."""

    index: int
    start: float
    seconds: float

    @property
    def end(self) -> float:
        return self.start + self.seconds


def planned_starts(segments: Sequence[Planned]) -> tuple[int, ...]:
    """Planned seconds from the start of the workout to the start of each segment."""
    ends = tuple(accumulate((segment.seconds for segment in segments), initial=0))
    return ends[:-1]


def planned_start(segments: Sequence[Planned], index: int) -> int:
    """Planned seconds from the start of the workout to the start of segment ``index`` (the
    whole plan's length for an index past its end)."""
    return sum(segment.seconds for segment in segments[:index])


def visit_start(
    segments: Sequence[Planned], visits: Sequence[Visit], index: int, at: float
) -> float:
    """Active seconds at which the visit of segment ``index`` holding moment ``at`` began: the
    one rule of the module docstring."""
    if not visits:
        return float(planned_start(segments, index))
    began = [v.start for v in visits if v.index == index and v.start <= at + TOLERANCE_SECONDS]
    if began:
        return max(began)
    return max((v.end for v in visits if v.end <= at + TOLERANCE_SECONDS), default=0.0)


def seconds_into(segments: Sequence[Planned], visits: Sequence[Visit], mark: PainMark) -> float:
    """How far into its visit a mark came (seconds, never below 0)."""
    at = mark.offset_ms / 1000
    return max(0.0, at - visit_start(segments, visits, mark.segment_index, at))


def planned_into(
    segments: Sequence[Planned], mark: PainMark, visits: Sequence[Visit] = ()
) -> float:
    """How far into its segment a mark is drawn: how far into its visit it came, at most the
    segment's planned length (what "after about 2 min" says)."""
    if mark.segment_index >= len(segments):
        raise ValueError(
            f"pain mark in segment {mark.segment_index + 1}, "
            f"but the workout has only {len(segments)} segments"
        )
    length = float(segments[mark.segment_index].seconds)
    return min(seconds_into(segments, visits, mark), length)


def mark_seconds(
    segments: Sequence[Planned], mark: PainMark, visits: Sequence[Visit] = ()
) -> float:
    """Where on the planned timeline (seconds) a mark is drawn: the planned start of its segment
    plus ``planned_into``. So a mark always sits in the block it was pressed in."""
    into = planned_into(segments, mark, visits)
    return planned_start(segments, mark.segment_index) + into


def mark_at(segments: Sequence[Planned], planned_seconds: float, intensity: int | None) -> PainMark:
    """A pain mark placed by hand at ``planned_seconds`` into a run done as planned (a run done
    outdoors, marked afterwards): in the segment there, inside the run."""
    total = sum(segment.seconds for segment in segments)
    offset_ms = min(max(int(planned_seconds * 1000), 0), total * 1000 - 1)
    starts = planned_starts(segments)
    index = max(i for i, start in enumerate(starts) if start * 1000 <= offset_ms)
    from couchtimer.core.pain import PainMark

    return PainMark(offset_ms, index, intensity)


def middle_of(segments: Sequence[Planned], index: int) -> float:
    """Planned seconds at the middle of segment ``index``: where a mark goes when the runner
    knows the part of the run but not the second."""
    return planned_start(segments, index) + segments[index].seconds / 2


def about_time(seconds: float) -> str:
    """A rough, speakable time into a segment: "after about 2 min"."""
    if seconds < 10:
        return "in the first few seconds"
    if seconds < 55:
        return f"after about {int(seconds / 10 + 0.5) * 10} s"
    return f"after about {max(1, int(seconds / 60 + 0.5))} min"


def segment_name(segments: Sequence[Planned], index: int) -> str:
    """How a runner names a segment: "Run 2 of 5", "Walk 1 of 4"; a run or walk that is the
    only one of its kind, and the warm-up and cool-down, by their kind alone ("Run",
    "Warm-up"); "Segment 7" for an index the plan does not hold."""
    if not 0 <= index < len(segments):
        return f"Segment {index + 1}"
    kind = segments[index].kind
    same = [i for i, segment in enumerate(segments) if segment.kind == kind]
    return _named(kind, same.index(index) + 1, len(same))


def segment_names(segments: Sequence[Planned]) -> list[str]:
    """``segment_name`` of every segment, in one pass (``couchtimer plan`` of a long plan)."""
    counts = Counter(segment.kind for segment in segments)
    seen: Counter[Kind] = Counter()
    names = []
    for segment in segments:
        seen[segment.kind] += 1
        names.append(_named(segment.kind, seen[segment.kind], counts[segment.kind]))
    return names


def _named(kind: Kind, position: int, count: int) -> str:
    """The one naming rule: a run or walk among several by its number, else by its kind."""
    if kind.numbered and count > 1:
        return f"{kind.heading} {position} of {count}"
    return kind.heading


def mark_words(segments: Sequence[Planned], mark: PainMark, visits: Sequence[Visit] = ()) -> str:
    """A mark as the runner says it: "Run 1 of 2, after about 2 min, intensity 6 of 10"."""
    into = planned_into(segments, mark, visits)
    text = f"{segment_name(segments, mark.segment_index)}, {about_time(into)}"
    if mark.intensity is not None:
        text += f", intensity {mark.intensity} of 10"
    return text
