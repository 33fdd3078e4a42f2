"""What the run needs of a player (the ``Player`` protocol), and the one that plays nothing
(``NullPlayer``: no sound device, and it says why). The player itself: ``player.py``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable


@runtime_checkable
class Player(Protocol):
    """Plays cues by id. ``play`` never raises; ``problem`` says why there is no sound."""

    available: bool
    problem: str | None

    def play(self, cue_id: str) -> None: ...

    def plan(
        self, cue_ids: Sequence[str], at: float, now: Callable[[], float], speed: float
    ) -> None:
        """Play ``cue_ids`` (in order, as ``play`` does) when the clock ``now`` (running
        ``speed`` times real time) reaches ``at``; replaces the plan before it. Never raises."""
        ...

    def cancel_plan(self) -> bool:
        """Drop the plan; True when its cues had already started (they are not played again)."""
        ...

    def ticked(self) -> None:
        """The run is about to tick (its engine looks for a suspend since its last tick), and
        the plan stands: a suspend before its deadline counts from here too. Never raises."""
        ...

    def stop(self) -> None: ...

    def close(self) -> None: ...

    def set_volume(self, volume: float) -> None: ...

    def preview(self, cue_id: str, volume: float) -> None: ...

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until nothing is queued or sounding (at most ``timeout`` s); True when idle."""
        ...


class NullPlayer:
    """Plays nothing, and says why (shown as the "no sound" banner)."""

    def __init__(self, problem: str) -> None:
        self.available = False
        self.problem: str | None = problem

    def play(self, cue_id: str) -> None:
        return None

    def plan(
        self, cue_ids: Sequence[str], at: float, now: Callable[[], float], speed: float
    ) -> None:
        return None

    def cancel_plan(self) -> bool:
        return False  # nothing planned ever starts: the session plays them (silently) itself

    def ticked(self) -> None:
        return None

    def stop(self) -> None:
        return None

    def close(self) -> None:
        return None

    def set_volume(self, volume: float) -> None:
        return None

    def preview(self, cue_id: str, volume: float) -> None:
        return None

    def wait_idle(self, timeout: float = 10.0) -> bool:
        return True
