"""Which cue plays for which engine event: the cue catalogue and the cue policy (pure).

A *cue id* is the stem of a WAV file in ``assets/cues`` (``tone-run``, ``say-halfway``...). The
catalogue below is the pinned list that ``scripts/make_cues`` turns into those files and that
``scripts/make_cues --check`` verifies. To stay small (the WAVs are committed, 16-bit mono 44.1 kHz)
spoken sentences are *composed* from parts: "Run for three minutes" is ``say-run-for``,
``num-3``, ``say-minutes`` played back to back, which also lets a user's own programme with any
duration under 100 minutes be announced.

Channels tell a player what to do when a cue arrives while another is sounding:

* ``INTERRUPT`` (segment chimes, the finish fanfare): stop what is sounding or queued and play now,
  so the new segment's cue starts exactly at the boundary, even after skip/back.
* ``OVERLAY`` (countdown pip, metronome click): play now, over any speech; never delayed.
* ``QUEUE`` (voice parts): play as soon as the cue now sounding ends, so parts join into a sentence.

Rules of :class:`CuePolicy` (``cues_for``), in voice mode; tones mode keeps only the tones, silent
mode plays nothing (but see the metronome):

* segment start: its chime (``tone-run`` two rising notes; ``tone-walk`` two lower notes for walk,
  warm-up and cool-down), then "Run for <duration>" (or "Walk for", "Warm up: brisk walk for",
  "Cool down: walk for") and, for runs of 10 s or more in a workout with several runs,
  "Run <i> of <n>". Segments shorter than 3 s get the chime only, and no countdown pips.
* countdown pips 3, 2 and 1 s before a segment ends (``countdown`` setting).
* "Halfway" in runs of 2 minutes or more (``halfway`` setting); "One minute left" in runs of 5
  minutes or more.
* "Paused" / "Resumed"; at the end the fanfare and "Workout complete. Well done", or "Workout
  ended" when finished early.

Timed cues (the GUI and the terminal runner drive them from their own timer, as they do the
engine): ``timed_cues(index, before, now)`` returns the cues due in segment ``index`` for
segment-elapsed seconds in ``(before, now]``; ``next_timed_cue(index, elapsed)`` says when the next
one is due so a timer can be set for it. Call with ``before=0`` after each ``SegmentStarted``, then
with the elapsed seconds you last passed. They are the metronome (a ``tone-click`` every
``60 / metronome_spm`` s during run segments only; it also plays in silent mode, because it is a
setting of its own) and, in voice mode, form reminders every ``form_reminder_minutes`` of a run,
never in its last 15 s. A late call returns at most one click: a burst of clicks is worse than a
missed one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from couchtimer.core.engine import (
    Countdown,
    Event,
    Halfway,
    OneMinuteLeft,
    Paused,
    Resumed,
    SegmentStarted,
    WorkoutFinished,
)
from couchtimer.core.errors import SettingsError
from couchtimer.core.programme import Segment, SegmentKind, Workout
from couchtimer.core.settings import BY_KEY

#: Segments shorter than this get their chime only: no voice, no countdown.
SHORT_SEGMENT_SECONDS = 3
#: Runs at least this long say "Run 3 of 8".
COUNT_MIN_SECONDS = 10
HALFWAY_MIN_RUN_SECONDS = 120
ONE_MINUTE_MIN_RUN_SECONDS = 300
#: No form reminder this close to the end of a run (the countdown and next cue own that time).
FORM_REMINDER_QUIET_SECONDS = 15
METRONOME_SPM_RANGE = (BY_KEY["metronome_spm"].minimum, BY_KEY["metronome_spm"].maximum)
_EPSILON = 1e-9


class CueMode(StrEnum):
    VOICE = "voice"
    TONES = "tones"
    SILENT = "silent"


class CueChannel(StrEnum):
    INTERRUPT = "interrupt"
    OVERLAY = "overlay"
    QUEUE = "queue"


@dataclass(frozen=True, slots=True)
class CueSpec:
    """One WAV in the catalogue: its id, what it says (or, for a tone, what it sounds like)."""

    id: str
    text: str
    channel: CueChannel

    @property
    def is_voice(self) -> bool:
        return self.id.startswith(("say-", "num-", "line-"))


_NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS_WORDS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty"}
_TENS_WORDS |= {60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"}

FORM_REMINDERS = ("say-form-tall", "say-form-steps", "say-form-soft")

_TONES = {
    "tone-run": ("two rising notes: a run starts", CueChannel.INTERRUPT),
    "tone-walk": ("two lower falling notes: a walk starts", CueChannel.INTERRUPT),
    "tone-finish": ("a rising four-note fanfare: the workout is complete", CueChannel.INTERRUPT),
    "tone-pip": ("a short high pip: countdown", CueChannel.OVERLAY),
    "tone-click": ("a very short click: metronome", CueChannel.OVERLAY),
    "tone-halfway": ("a single soft bell: halfway", CueChannel.QUEUE),
}
_PHRASES = {
    "say-warmup-for": "Warm up: brisk walk for",
    "say-cooldown-for": "Cool down: walk for",
    "say-run-for": "Run for",
    "say-walk-for": "Walk for",
    "say-run": "Run",
    "say-walk": "Walk",
    "say-of": "of",
    "say-second": "second",
    "say-seconds": "seconds",
    "say-minute": "minute",
    "say-minutes": "minutes",
    "say-and-a-half": "and a half",
    "say-halfway": "Halfway",
    "say-one-minute-left": "One minute left",
    "say-complete": "Workout complete. Well done",
    "say-ended": "Workout ended",
    "say-paused": "Paused",
    "say-resumed": "Resumed",
    "say-form-tall": "Form check: run tall",
    "say-form-steps": "Short, quick steps",
    "say-form-soft": "Land softly",
}
_PHRASES |= {f"num-{n}": _NUMBER_WORDS[n] for n in range(1, 20)}
_PHRASES |= {f"num-{n}": word for n, word in _TENS_WORDS.items()}

#: Every cue there is, by id: the pinned list ``scripts/make_cues`` generates.
CATALOGUE: Mapping[str, CueSpec] = MappingProxyType(
    {cue: CueSpec(cue, text, channel) for cue, (text, channel) in _TONES.items()}
    | {cue: CueSpec(cue, text, CueChannel.QUEUE) for cue, text in _PHRASES.items()}
)


def cue_channel(cue_id: str) -> CueChannel:
    """How a player treats ``cue_id`` when another cue is sounding (QUEUE if unknown)."""
    spec = CATALOGUE.get(cue_id)
    return spec.channel if spec else CueChannel.QUEUE


def number_parts(number: int) -> list[str] | None:
    """Cue ids that say a whole number from 1 to 99 ("twenty", "five"); None outside that."""
    if not 1 <= number <= 99:
        return None
    if number < 20:
        return [f"num-{number}"]
    tens, units = divmod(number, 10)
    return [f"num-{tens * 10}"] + ([f"num-{units}"] if units else [])


def duration_parts(seconds: int) -> list[str] | None:
    """Cue ids that say a duration the way a coach would; None when it needs 100+ minutes.

    Up to 99 s in seconds ("ninety seconds"); whole minutes from 2 ("three minutes"); half
    minutes from 2.5 ("two and a half minutes"); otherwise minutes and seconds.
    """
    minutes, rest = divmod(seconds, 60)
    if seconds < 100:
        return _counted(seconds, "say-second", "say-seconds")
    if minutes > 99:
        return None
    if rest == 0:  # 2 minutes or more: one minute is said as "sixty seconds"
        return [*(number_parts(minutes) or []), "say-minutes"]
    if rest == 30:
        return [*(number_parts(minutes) or []), "say-and-a-half", "say-minutes"]
    return [
        *(_counted(minutes, "say-minute", "say-minutes") or []),
        *(_counted(rest, "say-second", "say-seconds") or []),
    ]


def _counted(number: int, singular: str, plural: str) -> list[str] | None:
    parts = number_parts(number)
    if parts is None:
        return None
    return [*parts, singular if number == 1 else plural]


def spoken_line(cue_ids: Iterable[str]) -> str:
    """What the spoken cues among these say, as one line for the screen: "Run for three
    minutes", "Form check: run tall"; "" when none of them speaks (tones, clicks).

    Every spoken cue is also shown, so a runner without sound (or who cannot hear it) misses
    nothing that was said. Sentences said one after the other are shown as sentences: "Run for
    eight minutes. Run one of two" (a new one starts at each spoken part that does not continue
    a phrase, see ``_CONTINUATIONS``).
    """
    sentences: list[list[str]] = []
    for cue in cue_ids:
        if cue not in _PHRASES and not cue.startswith("line-"):
            continue
        if sentences and cue.startswith(_CONTINUATIONS):
            sentences[-1].append(RECORDINGS[cue].text)
        else:
            sentences.append([RECORDINGS[cue].text])
    return ". ".join(_capitalised(" ".join(words)) for words in sentences)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def text_of(cue_ids: Iterable[str]) -> str:
    """What a list of cues says, for logs, tests and the terminal: 'Run for | three | minutes'."""
    return " | ".join(RECORDINGS[cue].text if cue in RECORDINGS else f"?{cue}" for cue in cue_ids)


@dataclass(frozen=True, slots=True)
class CueSettings:
    mode: CueMode = CueMode.VOICE
    countdown: bool = True
    halfway: bool = True
    volume: float = 0.8
    metronome: bool = False
    metronome_spm: int = 170
    form_reminders: bool = False
    form_reminder_minutes: int = 3

    def __post_init__(self) -> None:
        if not 0.0 <= self.volume <= 1.0:
            raise SettingsError(f"volume {self.volume} is outside 0..1; use 0.8 for 80 %")
        low, high = METRONOME_SPM_RANGE
        if not low <= self.metronome_spm <= high:
            raise SettingsError(
                f"metronome {self.metronome_spm} steps per minute is outside {low}..{high}; "
                "most runners step 160 to 185 times a minute"
            )
        if self.form_reminder_minutes < 1:
            raise SettingsError(
                f"form reminders every {self.form_reminder_minutes} minutes: use 1 or more"
            )


_CHIME = {
    SegmentKind.RUN: "tone-run",
    SegmentKind.WALK: "tone-walk",
    SegmentKind.WARMUP: "tone-walk",
    SegmentKind.COOLDOWN: "tone-walk",
}
_INTRO = {
    SegmentKind.RUN: ("say-run-for", "say-run"),
    SegmentKind.WALK: ("say-walk-for", "say-walk"),
    SegmentKind.WARMUP: ("say-warmup-for", "say-walk"),
    SegmentKind.COOLDOWN: ("say-cooldown-for", "say-walk"),
}


def ducks_music(cue_id: str) -> bool:
    """Whether other apps' music is lowered while ``cue_id`` sounds: speech and chimes do; the
    countdown pips and metronome clicks (overlays, several a second) do not."""
    return cue_channel(cue_id) is not CueChannel.OVERLAY


# --- whole sentences ---

#: The segment announcements recorded whole: every duration of the shipped programme (NHS Couch
#: to 5K; tests/core/test_cues_sentences.py checks that each of its announcements is here).
SENTENCE_DURATIONS: Mapping[SegmentKind, tuple[int, ...]] = MappingProxyType(
    {
        SegmentKind.WARMUP: (300,),
        SegmentKind.COOLDOWN: (300,),
        SegmentKind.RUN: (60, 90, 180, 300, 480, 600, 1200, 1500, 1680, 1800),
        SegmentKind.WALK: (90, 120, 150, 180, 300),
    }
)
#: "Run 3 of 8" recorded whole for every run of a workout with this many runs.
SENTENCE_RUN_COUNTS = (2, 3, 4, 6, 8)
#: Parts that continue a phrase: a sentence never ends just before one of them, so "Run 1 of 2"
#: is never taken out of "Run 1 of 25".
_CONTINUATIONS = ("num-", "say-second", "say-minute", "say-and-a-half", "say-of")


# The two functions below run once, at import, to build SENTENCES: mutmut switches a mutant in
# when a function is called, so none of theirs could take effect (they all "survived").
# tests/core/test_cues_sentences.py pins the table they build.
# pragma: no mutate start
def _sentence_parts() -> list[tuple[str, ...]]:
    said: list[tuple[str, ...]] = []
    for kind, durations in SENTENCE_DURATIONS.items():
        said += [(_INTRO[kind][0], *(duration_parts(s) or [])) for s in durations]
    for total in SENTENCE_RUN_COUNTS:
        for which in range(1, total + 1):
            said.append(
                ("say-run", *(number_parts(which) or []), "say-of", *(number_parts(total) or []))
            )
    return said


def _sentence_spec(parts: tuple[str, ...]) -> CueSpec:
    line = " ".join(_PHRASES[part] for part in parts)
    text = line[:1].upper() + line[1:]
    slug = "-".join(re.findall(r"[a-z]+", text.lower()))
    return CueSpec(f"line-{slug}", text, CueChannel.QUEUE)


# pragma: no mutate end
#: Whole sentences by the parts they replace: ("say-run-for", "num-5", "say-minutes") is
#: ``line-run-for-five-minutes``, "Run for five minutes" in one breath.
SENTENCES: Mapping[tuple[str, ...], CueSpec] = MappingProxyType(
    {parts: _sentence_spec(parts) for parts in _sentence_parts()}
)
#: Every cue file there is, by id: the parts and tones of CATALOGUE and the whole sentences.
RECORDINGS: Mapping[str, CueSpec] = MappingProxyType(
    dict(CATALOGUE) | {spec.id: spec for spec in SENTENCES.values()}
)
_LONGEST_SENTENCE = max(len(parts) for parts in SENTENCES)


def recorded(cue_ids: Sequence[str]) -> list[str]:
    """The recordings that say ``cue_ids``: each run of parts that has a whole sentence becomes
    that sentence; the rest stay parts (the fallback for a user's own durations).

    The one rule for which recording plays; players and front ends call it on what
    ``CuePolicy`` returns, whose ids and timing it leaves alone. Longest match first, and only
    where the phrase ends (the next part does not continue it).
    """
    out: list[str] = []
    i = 0
    while i < len(cue_ids):
        for end in range(min(len(cue_ids), i + _LONGEST_SENTENCE), i + 1, -1):
            spec = SENTENCES.get(tuple(cue_ids[i:end]))
            if spec is not None and not (
                end < len(cue_ids) and cue_ids[end].startswith(_CONTINUATIONS)
            ):
                out.append(spec.id)
                i = end
                break
        else:
            out.append(cue_ids[i])
            i += 1
    return out


class CuePolicy:
    """Maps the engine's events for one workout to cue ids, following the settings."""

    def __init__(self, workout: Workout, settings: CueSettings) -> None:
        self.workout = workout
        self.settings = settings

    @property
    def _voice(self) -> bool:
        return self.settings.mode is CueMode.VOICE

    def cues_for(self, event: Event) -> list[str]:
        """The cues to play, in order, when ``event`` happens."""
        if self.settings.mode is CueMode.SILENT:
            return []
        match event:
            case SegmentStarted():
                return self._segment_start(event.index)
            case Countdown():
                short = self._segment(event.index).seconds < SHORT_SEGMENT_SECONDS
                return ["tone-pip"] if self.settings.countdown and not short else []
            case Halfway():
                if not self.settings.halfway or not self._is_run(
                    event.index, HALFWAY_MIN_RUN_SECONDS
                ):
                    return []
                return ["say-halfway"] if self._voice else ["tone-halfway"]
            case OneMinuteLeft():
                wanted = self._voice and self._is_run(event.index, ONE_MINUTE_MIN_RUN_SECONDS)
                return ["say-one-minute-left"] if wanted else []
            case Paused():
                return ["say-paused"] if self._voice else []
            case Resumed():
                return ["say-resumed"] if self._voice else []
            case WorkoutFinished():
                if event.completed:
                    return ["tone-finish", "say-complete"] if self._voice else ["tone-finish"]
                return ["say-ended"] if self._voice else []
            case _:  # SegmentEnded: the next segment's start speaks for it
                return []

    def cues_for_events(self, events: Iterable[Event]) -> list[str]:
        """Cues for a batch of events from one engine call.

        Everything before the last interrupting cue (a chime) is dropped: after a late tick or a
        skip those cues are stale, and the chime would cut them off anyway.
        """
        cues = [cue for event in events for cue in self.cues_for(event)]
        interrupts = [i for i, cue in enumerate(cues) if cue_channel(cue) is CueChannel.INTERRUPT]
        return cues[interrupts[-1] :] if interrupts else cues

    def announcement(self, index: int) -> list[str]:
        """The spoken part of segment ``index``'s start: "Run for three minutes. Run 3 of 8"."""
        segment = self._segment(index)
        intro_for, intro_bare = _INTRO[segment.kind]
        duration = duration_parts(segment.seconds)
        words = [intro_for, *duration] if duration else [intro_bare]
        ordinal = self.workout.run_ordinal(index)
        if ordinal and ordinal[1] > 1 and segment.seconds >= COUNT_MIN_SECONDS:
            which, of = number_parts(ordinal[0]), number_parts(ordinal[1])
            if which and of:
                words += ["say-run", *which, "say-of", *of]
        return words

    def timed_cues(self, index: int, before: float, now: float) -> list[str]:
        """Metronome clicks and form reminders due in segment ``index`` in ``(before, now]``.

        ``before`` and ``now`` are seconds into the segment (active time, pauses excluded).
        """
        segment = self._segment(index)
        if segment.kind is not SegmentKind.RUN:
            return []  # (now <= before needs no check: nothing falls due in an empty interval)
        cues: list[str] = []
        reminder = self._reminder_between(segment, before, now)
        if reminder is not None:
            cues.append(reminder)
        beat = self._beat_seconds
        if beat is not None:
            # The epsilon keeps 3 * (60 / 180) on the beat despite binary floating point.
            next_beat = (math.floor(before / beat + _EPSILON) + 1) * beat
            if next_beat <= now + _EPSILON and next_beat < segment.seconds - _EPSILON:
                cues.append("tone-click")
        return cues

    def next_timed_cue(self, index: int, elapsed: float) -> float | None:
        """Seconds into segment ``index`` of the next timed cue after ``elapsed``; None if none."""
        segment = self._segment(index)
        if segment.kind is not SegmentKind.RUN:
            return None
        candidates: list[float] = []
        beat = self._beat_seconds
        if beat is not None:
            next_beat = (math.floor(elapsed / beat + _EPSILON) + 1) * beat
            if next_beat < segment.seconds - _EPSILON:
                candidates.append(next_beat)
        period = self._reminder_seconds
        if period is not None:
            next_reminder = (math.floor(elapsed / period) + 1) * period
            if next_reminder <= segment.seconds - FORM_REMINDER_QUIET_SECONDS:
                candidates.append(float(next_reminder))
        return min(candidates) if candidates else None

    # --- internals ---

    @property
    def _beat_seconds(self) -> float | None:
        return 60.0 / self.settings.metronome_spm if self.settings.metronome else None

    @property
    def _reminder_seconds(self) -> int | None:
        if not (self.settings.form_reminders and self._voice):
            return None
        return self.settings.form_reminder_minutes * 60

    def _reminder_between(self, segment: Segment, before: float, now: float) -> str | None:
        period = self._reminder_seconds
        if period is None:
            return None
        last = math.floor(now / period)
        due = last * period
        if last < 1 or due <= before or due > segment.seconds - FORM_REMINDER_QUIET_SECONDS:
            return None
        return FORM_REMINDERS[(last - 1) % len(FORM_REMINDERS)]

    def _segment(self, index: int) -> Segment:
        return self.workout.segments[index]

    def _is_run(self, index: int, min_seconds: int) -> bool:
        segment = self._segment(index)
        return segment.kind is SegmentKind.RUN and segment.seconds >= min_seconds

    def _segment_start(self, index: int) -> list[str]:
        segment = self._segment(index)
        chime = _CHIME[segment.kind]
        if not self._voice or segment.seconds < SHORT_SEGMENT_SECONDS:
            return [chime]
        return [chime, *self.announcement(index)]
