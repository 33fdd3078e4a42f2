"""Players: every cue loaded once at start-up, then played from memory; never raise mid-run.

``open_player`` reads every cue WAV (a missing or corrupt one is a ``CueError`` naming the file,
before the run starts), then opens the sound device with a 10 ms silent probe. If that fails, it
returns a ``NullPlayer`` that says why, and the run goes on with on-screen cues. ALSA's own
messages about the failure are kept off the terminal and folded into that reason.

``SimpleAudioPlayer`` plays through simpleaudio (the ``simpleaudio-patched`` distribution, see
docs/DESIGN.md). Cues are played according to their channel (couchtimer.core.cues): chimes cut off
whatever is sounding, pips and clicks sound at once over speech, and voice parts are queued so that
"Run for", "three", "minutes" follow each other. A worker thread starts each queued part when the
one before it has played (by its known length, so no polling), and the first part of a sentence is
started directly by ``play()`` for the lowest latency. Where queued parts make a sentence that was
recorded whole (``couchtimer.core.cues.recorded``: "Run for five minutes" after a segment's chime),
the worker plays that recording instead of the parts.

Where the worker runs further ahead of ordinary work than the caller (the app's GUI thread:
``priority.standing``), ``play`` hands the cue to the worker and waits the fraction of a
millisecond until it is started there (``HAND_OVER_WAIT`` at most; played directly if the worker
has died): the playback thread simpleaudio starts then inherits the worker's
priority, and a cue at a key (Start, skip, back, pause) is not held back by a busy machine.

A run's next cues are handed over ahead of time (``plan``: the cue ids and the moment on the run's
clock), and the same worker, raised where allowed (``couchtimer.priority``), sleeps until that
moment and starts them there: the thread that drives the run (the app's GUI thread, at normal
priority) may be busy or preempted then, and the cue is still on time. The run session decides
what is planned, tells the player of each tick that keeps the plan (``ticked``) and cancels it
when a key changes the run (``couchtimer.run.session``). A plan whose deadline comes just after
the machine wakes from a suspend (more than the engine's threshold since the run's last tick)
is dropped: the tick that follows pauses the run, and the cue sounds when the runner resumes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from couchtimer import resources
from couchtimer.audio.capture import stderr_captured
from couchtimer.audio.mpris import MusicDucker
from couchtimer.audio.plans import (
    PLAN_SPIN_SECONDS,
    PlannedCues,
    monotonic_time_of,
    slept_since_boot,
)
from couchtimer.audio.protocol import NullPlayer, Player
from couchtimer.audio.wavs import SAMPLE_RATE, CueSound, cue_path, load_cues, read_cue
from couchtimer.core.cues import CueChannel, cue_channel, ducks_music, recorded
from couchtimer.core.engine import SUSPEND_THRESHOLD_SECONDS
from couchtimer.core.errors import CueError, SettingsError
from couchtimer.priority import raise_priority, standing

log = logging.getLogger(__name__)

PROBE_FRAMES = SAMPLE_RATE // 100  # 10 ms of silence: never an empty buffer
#: Music comes back this long after the last cue's end by the clock: its last byte reaches the
#: speaker a hand-off later than the play call the clock started from (about 1 ms, more when the
#: machine is busy).
RESTORE_AFTER = 0.025
NO_SOUND_SUFFIX = "The workout still runs, with on-screen cues only."
#: A caller waits this long at most for the worker to start a cue it handed over (the worker,
#: raised, takes well under a millisecond; a machine this late plays it a little later).
HAND_OVER_WAIT = 0.05


class SimpleAudioPlayer:
    """Plays preloaded, pre-scaled cue buffers with ``simpleaudio.play_buffer``.

    Each cue is held once, 16-bit mono at its own rate, already at the volume: a new volume
    (``set_volume``) decodes the files again and scales them in a worker thread, so a key press
    never waits for it, and swaps them in whole. A cue played before the swap is scaled for the
    new volume on the spot (``_sound_locked``), so it never sounds at the old one.
    """

    def __init__(
        self,
        sounds: dict[str, CueSound],
        volume: float,
        backend: Any = None,
        cues_dir: Path | None = None,
        ducker: MusicDucker | None = None,
        slept: Callable[[], float] = slept_since_boot,
    ) -> None:
        if not 0.0 <= volume <= 1.0:
            raise SettingsError(f"volume {volume} is outside 0..1; use 0.8 for 80 %")
        if backend is None:
            import simpleaudio  # type: ignore[import-untyped]

            backend = simpleaudio
        self._backend = backend
        self._cues_dir = cues_dir
        self._slept = slept
        self.ducker = ducker
        # Volume applied once here, never per play. ``sounds`` is taken over (its callers hand
        # it one just read): each cue let go as its scaled copy is made (peak RSS, issue 19).
        self._sounds = {cue_id: sounds.pop(cue_id).scaled(volume) for cue_id in list(sounds)}
        self._volume_wanted = volume
        self._fresh: dict[str, CueSound] = {}  # cues at _volume_wanted, until swapped in whole
        self._rescaling = False  # a _rescale thread runs
        self.available = True
        self.problem: str | None = None
        self.volume = volume
        self.played = 0  # buffers handed to the sound card
        self.failures = 0
        lock = threading.RLock()
        self._cond = threading.Condition(lock)  # the worker waits on it
        self._handed_over = threading.Condition(lock)  # callers of play wait on it
        self._plan_over = threading.Condition(lock)  # wait_plan waits on it
        self._rescaled = threading.Condition(lock)  # wait_volume waits on it
        self._soon: deque[str] = deque()  # handed over by play: the worker starts them at once
        self._asked = self._started = 0  # cues handed over, and started, since the player opened
        self._worker_standing: tuple[int, int] | None = None  # priority.standing(), once up
        self._queue: deque[str] = deque()  # cue ids
        self._sounding: list[Any] = []
        self._busy_until = 0.0
        self._planned: PlannedCues | None = None
        self._plan_started = False  # the worker started the last plan's cues
        self._closed = False
        self._worker = threading.Thread(target=self._run_queue, name="couchtimer-cues", daemon=True)
        self._worker.start()

    @property
    def sounds(self) -> Mapping[str, CueSound]:
        return self._sounds

    def play(self, cue_id: str) -> None:
        try:
            hand_over = self._hands_over()
            with self._cond:
                if not hand_over or self._closed:
                    self._play_locked(cue_id)
                    return
                self._soon.append(cue_id)
                self._asked += 1
                asked = self._asked
                self._cond.notify()
                self._handed_over.wait_for(lambda: self._started >= asked, HAND_OVER_WAIT)
        except Exception:  # a cue must never stop a run
            log.exception("could not play cue %r", cue_id)

    def _hands_over(self) -> bool:
        """Whether ``play`` leaves the cue to the worker: it runs further ahead of ordinary work
        than the caller (the GUI thread, at its normal or a nice value 10 lower, against a worker
        with real time or the same nice value lower) and is still alive."""
        worker = self._worker_standing
        return worker is not None and worker > standing() and self._worker.is_alive()

    def plan(
        self, cue_ids: Sequence[str], at: float, now: Callable[[], float], speed: float
    ) -> None:
        """The worker plays ``cue_ids`` when ``now()`` reaches ``at`` (see the module docstring)."""
        try:
            with self._cond:
                if self._closed:
                    return
                self._planned = PlannedCues(
                    tuple(cue_ids), monotonic_time_of(at, now, speed), self._slept()
                )
                self._plan_started = False
                self._cond.notify()
        except Exception:  # pragma: no cover - a lock and a dataclass
            log.exception("could not plan cues %r", cue_ids)

    def cancel_plan(self) -> bool:
        with self._cond:
            started = self._plan_started
            self._planned = None
            self._plan_started = False
            self._cond.notify()
            self._plan_over.notify_all()
            return started

    def ticked(self) -> None:
        """The run ticks and keeps the plan: its sleep is counted from here on, as the engine
        counts a suspend from its last tick (see ``_start_planned_locked``). Read before the
        engine's own reading, so a sleep the engine takes for a suspend is one here too."""
        try:
            slept = self._slept()
            with self._cond:
                if self._planned is not None:
                    self._planned = replace(self._planned, slept=slept)
        except Exception:  # a cue must never stop a run
            log.exception("could not note the run's tick")

    def wait_plan(self, timeout: float = 5.0) -> bool:
        """Block until no plan waits: its cues started or were dropped, or it was taken back
        (at most ``timeout`` s; tests). True when none waits."""
        with self._cond:
            return self._plan_over.wait_for(lambda: self._planned is None, timeout)

    def stop(self) -> None:
        try:
            with self._cond:
                self._silence_locked()
                self._cond.notify()  # nothing sounds: the worker puts the music back
        except Exception:
            log.exception("could not stop the cues")

    def set_volume(self, volume: float) -> None:
        """Play cues from now on at ``volume`` (0..1): the next cue already (``_sound_locked``)."""
        if not 0.0 <= volume <= 1.0:
            raise SettingsError(f"volume {volume} is outside 0..1; use 0.8 for 80 %")
        with self._cond:
            if volume != self._volume_wanted:
                self._fresh = {}
            self._volume_wanted = volume
            if not self._rescaling:
                self._rescaling = True
                rescale = threading.Thread(target=self._rescale, name="couchtimer-volume")
                rescale.daemon = True
                rescale.start()

    def preview(self, cue_id: str, volume: float) -> None:
        """Play ``cue_id`` now at ``volume`` (Settings' "Test sound", before the volume is
        saved): read from its file and scaled for this one play; never raises."""
        try:
            if not 0.0 <= volume <= 1.0:
                raise SettingsError(f"volume {volume} is outside 0..1")
            sound = read_cue(cue_path(self._cues_dir or resources.cues_dir(), cue_id))
            with self._cond:
                if self._closed:
                    return
                self._silence_locked()
                if self.ducker is not None:
                    self.ducker.duck()
                    self._cond.notify()
                self._start_locked(sound.scaled(volume), time.monotonic(), occupies=True)
        except Exception:  # a test sound must never take the app down
            log.exception("could not play the test sound %r", cue_id)

    def wait_volume(self, timeout: float = 5.0) -> bool:
        """Block until the last ``set_volume`` is swapped in, or given up (tests)."""
        with self._cond:
            return self._rescaled.wait_for(lambda: not self._rescaling, timeout)

    def _rescale(self) -> None:
        try:
            self._rescale_all()
        except BaseException:
            with self._cond:
                self._rescaled_locked()
            raise

    def _rescaled_locked(self) -> None:  # done: a set_volume from now on starts a new thread
        self._rescaling = False
        self._rescaled.notify_all()

    def _rescale_all(self) -> None:
        """Scale every cue for the volume wanted from its file, one at a time (planned ones first),
        into ``_fresh`` (cues played meanwhile add to it), then swap them in whole; again if the
        volume wanted changes meanwhile. Says it is done in the locked block deciding so."""
        cues_dir = self._cues_dir or resources.cues_dir()
        while True:
            with self._cond:
                wanted = self._volume_wanted
                if wanted == self.volume:
                    self._rescaled_locked()  # in this block: a set_volume after it is not lost
                    return
                planned = self._planned.cue_ids if self._planned is not None else ()
                order = dict.fromkeys([*(c for c in planned if c in self._sounds), *self._sounds])
                todo = [cue_id for cue_id in order if cue_id not in self._fresh]
            for cue_id in todo:
                try:
                    sound = read_cue(cue_path(cues_dir, cue_id)).scaled(wanted)
                except CueError as exc:  # the files went away: keep playing at the old volume
                    log.warning("volume stays at %d %%: %s", round(100 * self.volume), exc)
                    with self._cond:
                        self._volume_wanted, self._fresh = self.volume, {}
                        self._rescaled_locked()
                    return
                with self._cond:
                    if self._volume_wanted != wanted:
                        break
                    self._fresh.setdefault(cue_id, sound)
            with self._cond:  # whole, at the volume still wanted (else again)
                if self._volume_wanted == wanted and self._fresh.keys() >= self._sounds.keys():
                    self._sounds, self._fresh, self.volume = self._fresh, {}, wanted

    def close(self) -> None:
        with self._cond:
            if self._closed:
                return
            self._closed = True
            self._queue.clear()
            self._soon.clear()
            self._planned = None
            self._cond.notify()
            self._handed_over.notify_all()
            self._plan_over.notify_all()
        self._worker.join(timeout=2.0)
        self.stop()
        if self.ducker is not None:
            self.ducker.close()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until nothing is queued or sounding (for tests, doctor and the end of a run)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._cond:
                busy = (
                    bool(self._queue)
                    or bool(self._soon)
                    or time.monotonic() < self._busy_until
                    or any(p.is_playing() for p in self._sounding)
                )
            if not busy:
                return True
            time.sleep(0.005)
        return False

    # --- internals (call with the lock held) ---

    def _sound_locked(self, cue_id: str) -> CueSound | None:
        """``cue_id`` at the volume wanted. Before the rescale swaps a new volume in, the cue is
        read from its file and scaled on the spot (as ``preview`` does: about 0.3 ms for a chime,
        1-3 ms for a sentence), kept for the rescale; at the old volume if its file went away."""
        sound = self._sounds.get(cue_id)
        if sound is None or self._volume_wanted == self.volume:
            return sound
        fresh = self._fresh.get(cue_id)
        if fresh is None:
            try:
                path = cue_path(self._cues_dir or resources.cues_dir(), cue_id)
                fresh = self._fresh[cue_id] = read_cue(path).scaled(self._volume_wanted)
            except CueError as exc:
                log.warning("cue %r plays at the old volume: %s", cue_id, exc)
                return sound
        return fresh

    def _play_locked(self, cue_id: str) -> None:
        sound = self._sound_locked(cue_id)
        if sound is None:
            log.warning("no cue called %r", cue_id)
            return
        if self._closed:
            return
        channel = cue_channel(cue_id)
        if self.ducker is not None and ducks_music(cue_id):
            self.ducker.duck()  # before the cue's first byte
            self._cond.notify()  # the worker puts the music back after its last
        now = time.monotonic()
        if channel is CueChannel.INTERRUPT:
            self._silence_locked()
            self._start_locked(sound, now, occupies=True)
        elif channel is CueChannel.OVERLAY:
            self._start_locked(sound, now, occupies=False)
        elif self._queue or now < self._busy_until:
            self._queue.append(cue_id)
            self._cond.notify()
        else:
            self._start_locked(sound, now, occupies=True)

    def _silence_locked(self) -> None:
        self._queue.clear()
        for play_object in self._sounding:
            play_object.stop()
        self._sounding.clear()
        self._busy_until = 0.0

    def _start_locked(self, sound: CueSound, now: float, occupies: bool) -> None:
        self._sounding = [p for p in self._sounding if p.is_playing()]
        try:
            play_object = self._backend.play_buffer(
                sound.frames, sound.channels, sound.sample_width, sound.sample_rate
            )
        except Exception as exc:
            self.failures += 1
            self.problem = f"A cue did not play ({exc}). {NO_SOUND_SUFFIX}"
            log.warning("cue %s did not play: %s", sound.cue_id, exc)
            return
        self.played += 1
        self._sounding.append(play_object)
        if occupies:
            self._busy_until = now + sound.seconds

    def _run_queue(self) -> None:
        raise_priority()  # planned and queued cues start on time on a busy machine
        with self._cond:
            self._worker_standing = standing()
            while not self._closed:
                if self._soon:  # handed over by play
                    self._start_soon_locked()
                    continue
                timeout = None  # until notified
                planned = self._planned
                if planned is not None:
                    left = planned.real_seconds_left()
                    if left <= PLAN_SPIN_SECONDS:
                        self._start_planned_locked(planned, left)
                        continue
                    timeout = left - PLAN_SPIN_SECONDS
                now = time.monotonic()
                if not self._queue:
                    if self.ducker is not None and self.ducker.ducked:
                        restore_at = self._busy_until + RESTORE_AFTER if self._busy_until else 0
                        if now >= restore_at:  # the last cue's last byte has played
                            self.ducker.restore()
                            continue
                        timeout = _sooner(timeout, restore_at - now)
                elif now < self._busy_until:
                    timeout = _sooner(timeout, self._busy_until - now)
                else:
                    try:
                        self._start_next_locked(now)
                    except Exception:  # pragma: no cover - _start_locked already catches
                        log.exception("cue queue")
                    continue
                self._cond.wait(timeout)

    def _start_soon_locked(self) -> None:
        cue_id = self._soon.popleft()
        try:
            self._play_locked(cue_id)
        except Exception:  # a cue must never stop a run
            log.exception("could not play cue %r", cue_id)
        self._started += 1
        self._handed_over.notify_all()

    def _start_planned_locked(self, planned: PlannedCues, left: float) -> None:
        """Wait out the last ``left`` seconds (at most ``PLAN_SPIN_SECONDS``) without letting go
        of the lock or the interpreter, then start the plan's cues, unless the machine slept
        meanwhile by the engine's rule for a suspend: more than ``SUSPEND_THRESHOLD_SECONDS``
        since the run last looked (the plan was made, or a tick kept it: ``ticked``). Monotonic
        time stood still in the sleep, so the deadline came at wake-up, before the run's next
        tick could see the suspend and pause the run there: the cues are dropped
        (``cancel_plan``: not started) and play when the runner resumes. Sleeps the engine does
        not take for a suspend (the threshold or less between two ticks) drop nothing, however
        many come within one plan's life."""
        due = time.monotonic() + left
        while time.monotonic() < due:
            pass
        self._planned = None
        self._plan_over.notify_all()
        if self._slept() - planned.slept > SUSPEND_THRESHOLD_SECONDS:
            log.info(
                "planned cues %r dropped: the machine slept before their time", planned.cue_ids
            )
            return
        self._plan_started = True
        for cue_id in planned.cue_ids:
            try:
                self._play_locked(cue_id)
            except Exception:  # a cue must never stop a run
                log.exception("could not play cue %r", cue_id)

    def _start_next_locked(self, now: float) -> None:
        """Start what is queued next: a whole sentence where the queued parts make one."""
        queued = recorded(list(self._queue))
        self._queue = deque(queued[1:])
        sound = self._sound_locked(queued[0])
        if sound is not None:
            self._start_locked(sound, now, occupies=True)


def _sooner(timeout: float | None, other: float) -> float:
    return other if timeout is None else min(timeout, other)


def open_player(
    volume: float,
    cues_dir: Path | None = None,
    sounds: dict[str, CueSound] | None = None,
    music: str = "leave",
) -> Player:
    """The best player this machine allows: ``SimpleAudioPlayer``, else a ``NullPlayer`` saying why.

    ``music``: what happens to other apps' music while a cue sounds ("lower", "pause", "leave";
    couchtimer/audio/mpris.py).

    A missing or corrupt cue file raises ``CueError`` (naming it) whatever the sound device does.
    """
    if not 0.0 <= volume <= 1.0:
        raise SettingsError(f"volume {volume} is outside 0..1; use 0.8 for 80 %")
    if sounds is None:  # already read (and checked) by check_cues at start-up otherwise
        sounds = load_cues(cues_dir or resources.cues_dir())
    try:
        import simpleaudio
    except ImportError as exc:
        return NullPlayer(
            f"No sound: the simpleaudio library is not installed ({exc}). {NO_SOUND_SUFFIX}"
        )
    with stderr_captured() as alsa_messages:
        try:
            simpleaudio.play_buffer(bytes(2 * PROBE_FRAMES), 1, 2, SAMPLE_RATE)
        except Exception as exc:
            detail = " ".join(alsa_messages().split())
            log.warning("no sound device: %s; ALSA said: %s", exc, detail)
            return NullPlayer(f"No sound: the sound device did not open ({exc}). {NO_SOUND_SUFFIX}")
    from couchtimer.audio import mpris

    mpris.restore_after_crash()  # music a CouchTimer that died mid-cue left lowered
    ducker = mpris.MusicDucker(music) if music != "leave" else None
    return SimpleAudioPlayer(sounds, volume, backend=simpleaudio, cues_dir=cues_dir, ducker=ducker)
