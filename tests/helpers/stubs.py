"""Every fake the tests use, in one place. Each has tests of its own in tests/test_stubs.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FakeClock:
    """A clock the test moves by hand.

    ``monotonic`` stops during a simulated suspend and ``boottime`` does not, as on Linux.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self._mono = start
        self._boot = start + 50_000.0

    def monotonic(self) -> float:
        return self._mono

    def boottime(self) -> float:
        return self._boot

    def advance(self, seconds: float) -> float:
        """Let ``seconds`` of awake time pass; returns the new monotonic time."""
        if seconds < 0:
            raise ValueError("a clock does not run backwards")
        self._mono += seconds
        self._boot += seconds
        return self._mono

    def suspend(self, seconds: float) -> None:
        """The machine sleeps: boot time moves on, monotonic time does not."""
        if seconds < 0:
            raise ValueError("a clock does not run backwards")
        self._boot += seconds


class RecordingPlayer:
    """Stands in for the sound card: records every cue id played, in order (``available``)."""

    def __init__(self) -> None:
        self.available = True
        self.problem: str | None = None
        self.played: list[str] = []
        self.stops = 0
        self.closed = False
        self.volumes: list[float] = []  # set_volume calls, in order
        self.previews: list[tuple[str, float]] = []

    def play(self, cue_id: str) -> None:
        if self.closed:
            raise RuntimeError(f"cue {cue_id!r} played after close()")
        self.played.append(cue_id)

    def stop(self) -> None:
        self.stops += 1

    def close(self) -> None:
        self.closed = True

    def set_volume(self, volume: float) -> None:
        self.volumes.append(volume)

    def preview(self, cue_id: str, volume: float) -> None:
        self.previews.append((cue_id, volume))

    def wait_idle(self, timeout: float = 10.0) -> bool:
        return True  # nothing sounds: every cue is over as soon as it is played


class EventCues:
    """A cue source that names each engine event plainly ("start:run", "countdown:3"...)."""

    def cues_for_events(self, events: object) -> list[str]:
        return [cue for event in events for cue in self.cues_for(event)]  # type: ignore[attr-defined]

    def timed_cues(self, index: int, before: float, now: float) -> list[str]:
        return []

    def next_timed_cue(self, index: int, elapsed: float) -> float | None:
        return None

    def cues_for(self, event: object) -> list[str]:
        from couchtimer.core import engine

        match event:
            case engine.SegmentStarted():
                return [f"start:{event.segment.kind}"]
            case engine.Countdown():
                return [f"countdown:{event.seconds}"]
            case engine.WorkoutFinished():
                return ["finish"]
        return []


class FakeWallClock:
    """A UTC wall clock the test moves by hand; call it to read the time (``utc_now``)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the wall clock reads aware UTC times")
        self._now = start.astimezone(UTC)

    def __call__(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> datetime:
        if seconds < 0:
            raise ValueError("a clock does not run backwards")
        self._now += timedelta(seconds=seconds)
        return self._now


class ScriptedKeys:
    """Key presses at set times of a FakeClock; waiting for a key moves the clock instead of
    sleeping. ``presses`` are (seconds of the clock after its time at creation, key); at
    ``speed`` N the clock runs N times faster than the (real) seconds ``read`` waits."""

    def __init__(
        self, clock: FakeClock, presses: list[tuple[float, str]], speed: float = 1.0
    ) -> None:
        origin = clock.monotonic()
        self.clock = clock
        self.speed = speed
        self.presses = sorted((origin + at, key) for at, key in presses)
        self.waited = 0.0

    def __enter__(self) -> ScriptedKeys:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def read(self, timeout: float) -> str | None:
        now = self.clock.monotonic()
        timeout = max(0.0, timeout) * self.speed  # in the clock's seconds
        if self.presses and self.presses[0][0] <= now + timeout:
            at, key = self.presses.pop(0)
            self._wait(max(0.0, at - now))
            return key
        self._wait(timeout)
        return None

    def _wait(self, seconds: float) -> None:
        self.waited += seconds
        self.clock.advance(seconds)


class Answers:
    """Answers the window's yes/no questions and remembers what was asked."""

    def __init__(self) -> None:
        self.reply = True
        self.asked: list[str] = []
        self.questions: list[str] = []

    def __call__(self, parent: object, title: str, question: str) -> bool:
        self.asked.append(title)
        self.questions.append(question)
        return self.reply
