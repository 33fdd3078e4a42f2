"""Every fake the tests use, in one place. Each has tests of its own in tests/test_stubs.py."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from couchtimer.core.findings import Finding
    from couchtimer.core.guidance import Guidance
    from couchtimer.core.hints import Hint
    from couchtimer.core.history import RunRecord
    from couchtimer.core.programme import Programme
    from couchtimer.core.settings import Value
    from couchtimer.run.session import RunSession
    from couchtimer.ui.post_run import PostRun
    from tests.helpers.run_views import FakeView


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
        self.plans: list[tuple[tuple[str, ...], float]] = []  # every plan handed over: cues, at
        self.pending: tuple[tuple[str, ...], float] | None = None  # the plan not yet started
        self.cancelled: list[tuple[tuple[str, ...], float]] = []  # taken back before starting
        self.plan_clock: tuple[Callable[[], float], float] | None = None  # the last plan's
        self.ticks: list[tuple[tuple[str, ...], float] | None] = []  # the plan at each ``ticked``
        self._plan_started = False

    def play(self, cue_id: str) -> None:
        if self.closed:
            raise RuntimeError(f"cue {cue_id!r} played after close()")
        self.played.append(cue_id)

    # Plans (``Player.plan``): held until the test starts them (``start_planned``, what the
    # player's thread does at the deadline) or the session takes them back (``cancel_plan``).

    def plan(
        self, cue_ids: Sequence[str], at: float, now: Callable[[], float], speed: float
    ) -> None:
        self.plans.append((tuple(cue_ids), at))
        self.pending = (tuple(cue_ids), at)
        self.plan_clock = (now, speed)
        self._plan_started = False

    def cancel_plan(self) -> bool:
        started, self._plan_started = self._plan_started, False
        if self.pending is not None:
            self.cancelled.append(self.pending)
        self.pending = None
        return started

    def ticked(self) -> None:
        self.ticks.append(self.pending)

    def start_planned(self) -> list[str]:
        """The deadline came: play the planned cues (as the player's own thread does)."""
        if self.pending is None:
            raise AssertionError("nothing is planned")
        cues = list(self.pending[0])
        self.pending = None
        self._plan_started = True
        for cue in cues:
            self.play(cue)
        return cues

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


class FakeToday:
    """Today as the app presenter sees it (``TodayView``): remembers what it was last told."""

    def __init__(self) -> None:
        self.next_run: tuple[int, int] = (1, 1)
        self.selected: tuple[int, int] | None = None
        self.names: list[str] = []
        self.programme: Programme | None = None
        self.completed: set[tuple[int, int]] = set()
        self.guidance: Guidance | None = None
        self.advice = ""
        self.start_week: int | None = None
        self.report_reminder: str | None = None
        self.checkin_reminder: str | None = None
        self.notice = ""

    def select(self, week: int, run: int) -> None:
        self.selected = (week, run)

    def set_programmes(self, names: Sequence[str], current: int) -> None:
        self.names = list(names)

    def set_programme(
        self,
        programme: Programme,
        completed: set[tuple[int, int]],
        next_run: tuple[int, int] | None = None,
    ) -> None:
        self.programme, self.completed = programme, set(completed)
        if next_run is None:  # as Today: the first run not done yet
            left = [(w.week, w.run) for w in programme.workouts if (w.week, w.run) not in completed]
            last = programme.workouts[-1]
            next_run = left[0] if left else (last.week, last.run)
        self.next_run = next_run
        self.selected = self.next_run

    def set_guidance(
        self,
        guidance: Guidance | None,
        advice: str = "",
        found: Sequence[Finding] = (),
        hints: Sequence[Hint] = (),
    ) -> None:
        self.guidance, self.advice = guidance, advice

    def ask_start_week(self, week: int | None) -> None:
        self.start_week = week

    def set_report_reminder(self, code: str | None) -> None:
        self.report_reminder = code

    def set_checkin_reminder(self, words: str | None) -> None:
        self.checkin_reminder = words

    def set_notice(self, text: str) -> None:
        self.notice = text


class FakeWindow:
    """The app presenter's window (``WindowView``) without widgets, as Mu's ``Editor(view)``
    is tested with a fake view: it records what it was told, answers questions through
    ``answers`` and says whether it could come to the front (``raises``). A run it is given is
    started on ``clock`` and driven by the test (``run.tick``, ``run.finish_early``)."""

    def __init__(self, clock: FakeClock, answers: Answers | None = None) -> None:
        self.clock = clock
        self.answers = answers or Answers()
        self.today = FakeToday()
        from tests.helpers.run_views import FakeView

        self.screen = FakeView()  # the run screen
        self.post_run_open = False
        self.raises = True
        self.statuses: list[str] = []
        self.warnings: list[tuple[str, str]] = []
        self.run: RunSession | None = None
        self.run_title = ""
        self.runs_ended = 0
        self.retrying = False
        self.post_runs: list[PostRun] = []
        self.checkins: list[RunRecord] = []
        self.cleared_at: datetime | None = None
        self.history_refreshes = 0
        self.tokens: list[str | None] = []
        self.notifications: list[tuple[str, str]] = []

    def status(self, text: str, msecs: int = 15000) -> None:
        self.statuses.append(text)

    def warn(self, title: str, text: str) -> None:
        self.warnings.append((title, text))

    def ask(self, title: str, question: str) -> bool:
        return self.answers(self, title, question)

    def choose(self, title: str, text: str, yes: str, no: str) -> bool:
        return self.answers(self, title, text)

    def run_view(self) -> FakeView:
        return self.screen

    def show_sound_problem(self, problem: str | None) -> None:
        self.screen.show_sound_problem(problem)

    def begin_run(self, run: RunSession, title: str, single_keys: bool) -> None:
        self.run, self.run_title = run, title
        run.start(self.clock.monotonic())

    def end_run(self) -> None:
        self.run = None
        self.runs_ended += 1

    def keep_retrying(self, retrying: bool) -> None:
        self.retrying = retrying

    def open_post_run(self, post_run: PostRun) -> None:
        self.post_runs.append(post_run)
        self.post_run_open = True

    def open_checkin(self, run: RunRecord) -> None:
        self.checkins.append(run)

    def show_cleared_at(self, cleared_at: datetime | None) -> None:
        self.cleared_at = cleared_at

    def refresh_history(self) -> None:
        self.history_refreshes += 1

    def raise_window(self, token: str | None = None) -> bool:
        self.tokens.append(token)
        return self.raises

    def notify(self, summary: str, body: str) -> None:
        self.notifications.append((summary, body))


class MemorySettings:
    """The runner's settings (``AppSettings``) kept in memory, without QSettings."""

    def __init__(self) -> None:
        self.saved: dict[str, Value] = {}
        self.start_weeks: dict[str, int] = {}
        self.report_dismissed = ""

    def values(self) -> dict[str, Value]:
        from couchtimer.core.settings import resolved

        return resolved(self.saved)

    def save(self, values: dict[str, Value]) -> None:
        from couchtimer.core.settings import resolved

        self.saved = resolved(values)

    def start_week(self, programme_id: str) -> int | None:
        return self.start_weeks.get(programme_id)

    def set_start_week(self, programme_id: str, week: int) -> None:
        self.start_weeks[programme_id] = week

    def dismiss_report(self, run_uuid: str) -> None:
        self.report_dismissed = run_uuid
