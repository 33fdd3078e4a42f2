"""How a segment visit and a run ended: ``SegmentEnd``, ``RunOutcome`` and ``outcome_of``, the
one rule between them. The engine (``core.engine``) ends segments; the history reads how they
ended without loading the engine and its events.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum, StrEnum

from couchtimer.core.programme import SegmentKind


class SegmentEnd(Enum):
    COMPLETED = "completed"
    SKIPPED = "skipped"
    RESTARTED = "restarted"  # left by "back"
    ENDED_EARLY = "ended-early"


class RunOutcome(StrEnum):
    """How a run ended, in words a runner accepts (``outcome_of`` is the one rule)."""

    COMPLETED = "completed"
    COMPLETED_WITH_SKIPS = "completed with skips"
    ENDED_EARLY = "ended early"

    @property
    def finished(self) -> bool:
        """Completed, with or without skips: the run counts as done (a tick on Today)."""
        return self is not _ENDED_EARLY


# Enum members read once, into module names: in Python 3.11 each ``SegmentKind.RUN`` in a
# loop is a class attribute lookup of about a thousand instructions, and these loops run for
# every visit or mark of a thousand runs (issue 19: History and ``history --json``).
_DONE = SegmentEnd.COMPLETED
_RUN = SegmentKind.RUN
# (and the outcomes themselves: page 1 of the report asks every run whether it finished)
_COMPLETED = RunOutcome.COMPLETED
_COMPLETED_WITH_SKIPS = RunOutcome.COMPLETED_WITH_SKIPS
_ENDED_EARLY = RunOutcome.ENDED_EARLY


def outcome_of(
    kinds: Sequence[SegmentKind], visits: Iterable[tuple[int, SegmentEnd]]
) -> RunOutcome:
    """The one rule for how a run ended, from its segments' kinds and each visit's end.

    - completed: the last segment (the cool-down) was run to its end and every segment has a
      visit that was run to its end;
    - completed with skips: the last segment (the cool-down) was run to its end, or every run
      segment was (the cool-down skipped or ended), but something was skipped or cut short;
    - ended early: otherwise (the runner stopped, or the app was closed, before that).
    """
    if not kinds:
        return _ENDED_EARLY
    every = range(len(kinds))  # issuperset takes it as it is: no set built for every run
    done = {index for index, ended in visits if ended is _DONE}
    if done.issuperset(every):
        return _COMPLETED
    needed = [i for i, kind in enumerate(kinds) if kind is _RUN]
    if len(kinds) - 1 in done or done.issuperset(needed or every):
        return _COMPLETED_WITH_SKIPS
    return _ENDED_EARLY
