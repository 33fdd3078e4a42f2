"""Cues planned ahead (``Player.plan``) through real ALSA routed to a FIFO whose arrivals are
timestamped: the player's own thread starts them at their deadline, not before; taken back in
time, they never sound (audio/player.py's docstring; the run session plans them).

Nothing here waits a fixed time for the player's thread to act: ``wait_plan`` returns once it
has started or dropped the plan, and the FIFO is read until the cues' bytes are in (both with a
bound). Fixed sleeps remain only where nothing must happen (a plan taken back)."""

from __future__ import annotations

import math
import threading
import time
from datetime import UTC, datetime

import pytest
import simpleaudio  # type: ignore[import-untyped]

from couchtimer import resources
from couchtimer.audio import NullPlayer, SimpleAudioPlayer, load_cues, open_player
from couchtimer.audio.plans import READING_SECONDS, monotonic_time_of
from couchtimer.audio.player import PROBE_FRAMES
from couchtimer.core.cues import CueMode, CuePolicy, CueSettings
from couchtimer.core.engine import SUSPEND_THRESHOLD_SECONDS, EngineState, WorkoutEngine
from couchtimer.core.programme import Programme, Segment, SegmentKind, Workout
from couchtimer.core.recording import MemoryRecorder
from couchtimer.run.session import RunSession
from tests.helpers.alsa import AlsaCapture, AlsaFifo
from tests.helpers.run_views import FakeView
from tests.helpers.stubs import FakeClock

#: How late a planned cue's first bytes may reach ALSA: issue 4's worst case for any cue (the
#: benchmark measures the real figure; this is a test on a busy machine, at normal priority).
LATE = 0.025


PROBE = bytes(2 * PROBE_FRAMES)  # open_player's silent probe


def simple_player(fifo: AlsaFifo | None = None) -> SimpleAudioPlayer:
    player = open_player(1.0)
    assert isinstance(player, SimpleAudioPlayer), player.problem
    assert fifo is None or fifo.wait_for(len(PROBE))  # through ALSA before any cue
    return player


def onsets(
    fifo: AlsaFifo, player: SimpleAudioPlayer, cues: list[str], probe: bool = True
) -> list[float]:
    """When each of ``cues`` reached ALSA, once all their bytes have (10 s at most): ALSA must
    have received exactly the probe (``open_player``'s) and their frames, in order."""
    played = [PROBE] * probe + [player.sounds[cue].frames for cue in cues]
    assert fifo.wait_for(sum(len(frames) for frames in played))
    return fifo.onsets(played)[probe:]


def test_a_planned_cue_starts_at_its_deadline(alsa_fifo: AlsaFifo) -> None:
    player = simple_player(alsa_fifo)
    at = time.monotonic() + 0.3
    player.plan(["tone-pip"], at, time.monotonic, 1.0)
    assert player.wait_plan()
    assert player.cancel_plan() is True  # it had started
    assert player.cancel_plan() is False  # and is not the plan any more
    [arrived] = onsets(alsa_fifo, player, ["tone-pip"])
    player.close()
    assert at <= arrived <= at + LATE


def test_a_plan_on_a_clock_ten_times_faster_starts_in_a_tenth_of_the_time(
    alsa_fifo: AlsaFifo,
) -> None:
    """--speed 10: the deadline is 2 s ahead on the run's clock (one ten times as fast as
    monotonic time, here), 0.2 s in real time."""
    player = simple_player(alsa_fifo)
    due = time.monotonic() + 0.2
    player.plan(["tone-walk"], 10 * due, lambda: 10 * time.monotonic(), 10.0)
    assert player.wait_plan()
    [arrived] = onsets(alsa_fifo, player, ["tone-walk"])
    player.close()
    assert due <= arrived <= due + LATE


def test_a_plan_taken_back_in_time_never_sounds(alsa_fifo: AlsaFifo) -> None:
    player = simple_player(alsa_fifo)
    player.plan(["tone-pip"], time.monotonic() + 0.2, time.monotonic, 1.0)
    assert player.cancel_plan() is False
    time.sleep(0.4)  # past the deadline it would have sounded at
    player.close()
    assert player.played == 0
    assert onsets(alsa_fifo, player, []) == []


def test_a_new_plan_replaces_the_one_before(alsa_fifo: AlsaFifo) -> None:
    """Skip or back re-plans: only the new cue sounds, at its own deadline."""
    player = simple_player(alsa_fifo)
    now = time.monotonic()
    player.plan(["tone-pip"], now + 0.15, time.monotonic, 1.0)
    player.plan(["tone-run"], now + 0.3, time.monotonic, 1.0)
    assert player.wait_plan()
    [arrived] = onsets(alsa_fifo, player, ["tone-run"])
    player.close()
    assert player.played == 1
    assert now + 0.3 <= arrived <= now + 0.3 + LATE


def test_closing_the_player_drops_its_plan(alsa_fifo: AlsaFifo) -> None:
    player = simple_player(alsa_fifo)
    player.plan(["tone-pip"], time.monotonic() + 0.2, time.monotonic, 1.0)
    player.close()
    assert player.wait_plan()  # none waits: closing took it back
    time.sleep(0.3)  # past the deadline it would have sounded at
    assert player.played == 0
    assert onsets(alsa_fifo, player, []) == []


def test_planned_cues_follow_the_channel_rules_as_played_ones_do(
    alsa_capture: AlsaCapture,
) -> None:
    """A segment's chime and its announcement, planned: the chime, then the sentence recorded
    whole, byte for byte what ``play`` hands ALSA for the same cues."""
    player = simple_player()
    player.plan(
        ["tone-run", "say-run-for", "num-5", "say-minutes"], time.monotonic() + 0.05,
        time.monotonic, 1.0,
    )  # fmt: skip
    assert player.wait_plan()
    assert player.wait_idle()
    player.close()
    sounds = {cue: sound.frames for cue, sound in player.sounds.items()}
    assert alsa_capture.identify(sounds) == ["probe", "tone-run", "line-run-for-five-minutes"]


def test_a_player_without_sound_plans_nothing() -> None:
    """No device: nothing ever starts ahead, so the session plays the cues (silently) itself."""
    player = NullPlayer("No sound: test.")
    player.plan(["tone-pip"], time.monotonic(), time.monotonic, 1.0)
    assert player.cancel_plan() is False


def test_a_deadline_on_the_runs_clock_becomes_monotonic_time() -> None:
    """2 s ahead on a clock twice as fast: 1 s of monotonic time. A clock reading the thread was
    switched out in the middle of (4 ms here) is taken again, so the deadline does not move by it."""
    readings: list[float] = []

    def slow_first_reading() -> float:
        if not readings:
            time.sleep(0.004)
        readings.append(time.monotonic())
        return 100.0

    before = time.monotonic()
    at = monotonic_time_of(102.0, slow_first_reading, 2.0)
    assert len(readings) == 2
    assert readings[1] + 1.0 - READING_SECONDS <= at <= readings[1] + 1.0 + READING_SECONDS
    assert at - before >= 1.004 - READING_SECONDS


class ThreadNames:
    """A simpleaudio stand-in that notes which thread starts each buffer."""

    def __init__(self) -> None:
        self.threads: list[str] = []

    def play_buffer(self, *_args: object) -> object:
        self.threads.append(threading.current_thread().name)
        return self

    def is_playing(self) -> bool:
        return False

    def stop(self) -> None:
        return None


NORMAL, NICER, REAL_TIME = (0, 0), (0, 10), (1, 0)  # priority.standing()


@pytest.mark.parametrize(
    ("worker", "caller", "starts_in"),
    [
        pytest.param(NICER, NORMAL, "couchtimer-cues", id="the GUI thread hands over"),
        pytest.param(REAL_TIME, NICER, "couchtimer-cues", id="a nicer GUI thread to real time"),
        pytest.param(NICER, NICER, "MainThread", id="as far ahead: the caller starts it"),
        pytest.param(REAL_TIME, REAL_TIME, "MainThread", id="a raised caller starts it itself"),
        pytest.param(NORMAL, NORMAL, "MainThread", id="nothing to gain where raising is refused"),
    ],
)
def test_a_cue_is_started_by_the_thread_further_ahead(
    monkeypatch: pytest.MonkeyPatch,
    worker: tuple[int, int],
    caller: tuple[int, int],
    starts_in: str,
) -> None:
    """simpleaudio's playback thread inherits the priority of the thread that starts it: from a
    caller behind the worker (the app's GUI thread, at normal priority or 10 nicer against a
    real-time worker) the cue is started by the worker, and play returns once it has been."""
    import couchtimer.audio.player as player_module

    worker_asked = threading.Event()

    def standing() -> tuple[int, int]:
        if threading.current_thread().name == "couchtimer-cues":
            worker_asked.set()
            return worker
        return caller

    monkeypatch.setattr(player_module, "standing", standing)
    backend = ThreadNames()
    sounds = load_cues(resources.cues_dir())
    player = SimpleAudioPlayer({"tone-pip": sounds["tone-pip"]}, 1.0, backend=backend)
    assert worker_asked.wait(5.0)  # the worker is up and has asked for its standing,
    assert player.wait_plan()  # and kept it (it asks holding the lock wait_plan takes)
    player.play("tone-pip")
    assert backend.threads == [starts_in]
    assert player.played == 1
    player.close()


class BrokenDucker:
    """Music ducking that raises where it never should (``restore``): the worker dies of it."""

    ducked = True

    def duck(self) -> None:
        return None

    def restore(self) -> None:
        raise RuntimeError("a bug in the ducker")

    def close(self) -> None:
        return None


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_cue_is_not_handed_to_a_worker_that_has_died(monkeypatch: pytest.MonkeyPatch) -> None:
    """One bug in the worker must not silence every cue after it: play starts it itself, at
    once, instead of waiting for a thread that is gone."""
    import couchtimer.audio.player as player_module

    def standing() -> tuple[int, int]:
        return NICER if threading.current_thread().name == "couchtimer-cues" else NORMAL

    monkeypatch.setattr(player_module, "standing", standing)
    backend = ThreadNames()
    sounds = load_cues(resources.cues_dir())
    player = SimpleAudioPlayer(
        {"tone-pip": sounds["tone-pip"]}, 1.0, backend=backend, ducker=BrokenDucker()
    )
    deadline = time.monotonic() + 2.0
    while any(t.name == "couchtimer-cues" for t in threading.enumerate()):  # dying of the bug
        assert time.monotonic() < deadline
        time.sleep(0.01)
    asked = time.monotonic()
    player.play("tone-pip")
    assert time.monotonic() - asked < player_module.HAND_OVER_WAIT
    assert backend.threads == ["MainThread"]
    player.close()


class SleepyMachine:
    """Seconds slept since boot, as the player reads them (``slept``): the machine sleeps
    ``sleep`` seconds just after the first reading (the plan's), whenever the player's thread
    gets to the deadline, while monotonic time and the sound card stay real."""

    def __init__(self, sleep: float) -> None:
        self.slept = 0.0  # not suspended since boot
        self.sleep = sleep

    def __call__(self) -> float:
        slept, self.slept = self.slept, self.slept + self.sleep
        self.sleep = 0.0
        return slept


def player_on(machine: SleepyMachine) -> SimpleAudioPlayer:
    return SimpleAudioPlayer(load_cues(resources.cues_dir()), 1.0, simpleaudio, slept=machine)


@pytest.mark.parametrize(
    ("slept", "heard"),
    [
        pytest.param(600.0, [], id="a 10-minute suspend"),
        pytest.param(math.nextafter(SUSPEND_THRESHOLD_SECONDS, math.inf), [], id="just over 2 s"),
        pytest.param(SUSPEND_THRESHOLD_SECONDS, ["tone-pip"], id="2 s: no suspend"),
        pytest.param(1.0, ["tone-pip"], id="1 s"),
    ],
)
def test_a_plan_whose_deadline_comes_after_a_suspend_never_sounds(
    alsa_fifo: AlsaFifo, slept: float, heard: list[str]
) -> None:
    """The lid closed just before the pip: monotonic time stood still, so the player's thread
    reached the deadline on waking, before the run's tick could see the suspend. Slept more than
    the engine's suspend threshold since the plan was made (no tick since), it drops the plan
    (not started); by the threshold or less, it plays it."""
    player = player_on(SleepyMachine(slept))
    player.plan(["tone-pip"], time.monotonic() + 0.15, time.monotonic, 1.0)
    assert player.wait_plan()
    assert player.cancel_plan() is bool(heard)
    assert len(onsets(alsa_fifo, player, heard, probe=False)) == len(heard)
    player.close()
    assert player.played == len(heard)


def run_on(clock: FakeClock) -> tuple[RunSession, SimpleAudioPlayer]:
    """A run of a 4 s run and a 4 s walk, tones only (a pip 1 s in), at real speed on ``clock``
    through the real player, which reads the machine's sleep from the same clock."""
    workout = Workout(1, 1, (Segment(SegmentKind.RUN, 4), Segment(SegmentKind.WALK, 4)))
    player = SimpleAudioPlayer(
        load_cues(resources.cues_dir()), 1.0, simpleaudio,
        slept=lambda: clock.boottime() - clock.monotonic(),
    )  # fmt: skip
    start = datetime(2026, 12, 3, 7, 0, tzinfo=UTC)
    session = RunSession(
        Programme("test", "Test", (workout,)), workout, WorkoutEngine(workout, clock), FakeView(),
        player, CuePolicy(workout, CueSettings(mode=CueMode.TONES)), MemoryRecorder(lambda: start),
        lambda: start,
    )  # fmt: skip
    return session, player


def test_a_run_that_slept_just_before_a_pip_hears_it_once_after_resuming(
    alsa_fifo: AlsaFifo,
) -> None:
    """The review's case, through the run session and the real player: a pip planned 1 s ahead,
    the machine sleeps 10 minutes first. On waking, the pip does not sound and the tick pauses
    the run; resumed, the pip sounds once, at its new deadline. (The run's clock is a fake, so
    its 1 s is 1 s of real time for the player's thread: the test sleeps the machine well
    before the deadline.)"""
    clock = FakeClock(8274.964474552336)
    session, player = run_on(clock)
    session.start(clock.monotonic())  # the run's chime; the first pip planned, 1 s ahead
    clock.suspend(600)
    assert player.wait_plan()  # the pip's deadline came: dropped
    assert player.played == 1
    session.tick(clock.advance(0.25))  # the first tick after waking
    assert session.engine.state is EngineState.PAUSED
    session.toggle_pause(clock.advance(5.0))  # the runner carries on: the pip planned again
    assert player.wait_plan()
    assert player.played == 2  # started by the player's thread
    session.tick(clock.advance(1.001))
    assert session.cues_played == 2
    assert len(onsets(alsa_fifo, player, ["tone-run", "tone-pip"], probe=False)) == 2
    player.close()
    assert player.played == 2


def test_two_short_sleeps_in_one_plans_life_are_no_suspend(alsa_fifo: AlsaFifo) -> None:
    """Two sleeps of 1.5 s before a pip planned 1 s ahead, the run's 4 Hz tick between them:
    neither is a suspend to the engine (2 s at most between two ticks), so the run runs on, and
    the player's thread plays the pip at its deadline. Counted from the plan's making (3 s), the
    pip was dropped and left to the GUI thread's tick, late by as much as that tick was."""
    clock = FakeClock(8274.964474552336)
    session, player = run_on(clock)
    session.start(clock.monotonic())  # the run's chime; the first pip planned, 1 s ahead
    clock.suspend(1.5)
    session.tick(clock.advance(0.25))
    assert session.engine.state is EngineState.RUNNING
    clock.suspend(1.5)
    assert player.wait_plan()  # the pip's deadline came
    assert player.played == 2  # started by the player's thread, not dropped
    session.tick(clock.advance(0.75))  # the deadline's tick: the pip had started
    assert session.engine.state is EngineState.RUNNING
    assert session.cues_played == 2
    assert len(onsets(alsa_fifo, player, ["tone-run", "tone-pip"], probe=False)) == 2
    player.close()
    assert player.played == 2
