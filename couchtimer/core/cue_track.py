"""A whole workout's cues laid out on one timeline, for an audio file a phone can play (pure).

``cue_schedule(workout, settings)`` says which cue starts when (seconds from the start of the
workout) when the workout is run as planned: no pause, no skip. It asks the same rules a live run
asks: the engine (``WorkoutEngine``, driven at each of its own deadlines) says when events fall due,
``CuePolicy.cues_for_events`` which cues they bring, and ``CuePolicy.timed_cues`` /
``next_timed_cue`` the metronome clicks and form reminders. Nothing here decides a cue of its own.

``place_cues(schedule, seconds_of, length)`` then does what a player does with them in real time
(``couchtimer.audio.player``), by each cue's channel: a chime (INTERRUPT) cuts off whatever is
sounding or queued and starts at once; a pip or click (OVERLAY) starts at once over anything; a
voice part (QUEUE) starts when the cue occupying the voice ends, so "Run for" "three" "minutes"
follow each other. Everything is cut at ``length`` (the end of the file).

The workout's end is the end of the file: the finish fanfare falls due exactly there, so a track
as long as the plan ends with the cool-down's countdown pips (the runner hears the track stop).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from couchtimer.core.cues import CueChannel, CuePolicy, CueSettings, cue_channel
from couchtimer.core.engine import Event, SegmentStarted, StillClock, WorkoutEngine
from couchtimer.core.programme import Workout


@dataclass(frozen=True, slots=True)
class ScheduledCue:
    """Cue ``cue_id`` falls due ``at`` seconds from the start of the workout."""

    at: float
    cue_id: str


@dataclass(frozen=True, slots=True)
class PlacedCue:
    """Cue ``cue_id`` sounds from ``start`` to ``end`` seconds (``end`` earlier than its natural
    end when a chime or the end of the track cut it off)."""

    start: float
    end: float
    cue_id: str


def run_as_planned(workout: Workout) -> Iterator[tuple[float, list[Event]]]:
    """The engine's events for ``workout`` run as planned (no pause, no skip): at each of its
    deadlines, the seconds from the start and what fell due then, the finish last. What a
    live run's engine reports, with nobody pressing anything (also how a run done without the
    laptop is recorded)."""
    engine = WorkoutEngine(workout, StillClock())
    now = 0.0
    events = engine.start(now)
    while True:
        yield now, events
        deadline = engine.next_deadline()
        if deadline is None:
            return
        now = deadline
        events = engine.tick(now)


def cue_schedule(workout: Workout, settings: CueSettings) -> list[ScheduledCue]:
    """Every cue of ``workout`` run as planned, in the order a live run plays them."""
    policy = CuePolicy(workout, settings)
    schedule: list[ScheduledCue] = []
    timed: list[ScheduledCue] = []
    for now, events in run_as_planned(workout):
        schedule += [ScheduledCue(now, cue) for cue in policy.cues_for_events(events)]
        for event in events:
            if isinstance(event, SegmentStarted):
                timed += _timed(policy, event.index, event.due)
    # Stable: at the same moment the events' cues come first, then a click, as in a live run.
    return sorted(schedule + timed, key=lambda cue: cue.at)


def _timed(policy: CuePolicy, index: int, segment_start: float) -> list[ScheduledCue]:
    """Segment ``index``'s metronome clicks and form reminders, asked of the policy as the run
    screen asks it: at each ``next_timed_cue``, the cues in ``(last, that]``."""
    cues: list[ScheduledCue] = []
    elapsed = 0.0
    while (due := policy.next_timed_cue(index, elapsed)) is not None:
        due_cues = policy.timed_cues(index, elapsed, due)
        cues += [ScheduledCue(segment_start + due, cue) for cue in due_cues]
        elapsed = due
    return cues


def place_cues(
    schedule: Sequence[ScheduledCue], seconds_of: Mapping[str, float], length: float
) -> list[PlacedCue]:
    """Where each cue sounds on a track ``length`` seconds long, by its channel (see the module
    docstring). ``seconds_of`` gives each cue's own length; cues due at or after ``length`` are
    left out."""
    placed: list[PlacedCue] = []
    voice_free_at = 0.0  # when the cue occupying the voice (a chime or voice part) ends
    for cue in schedule:
        if cue.at >= length:
            continue
        seconds = seconds_of[cue.cue_id]
        channel = cue_channel(cue.cue_id)
        if channel is CueChannel.INTERRUPT:
            # Silence: queued parts that have not started go, the ones sounding stop here.
            placed = [
                PlacedCue(p.start, min(p.end, cue.at), p.cue_id) for p in placed if p.start < cue.at
            ]
            start = cue.at
            voice_free_at = start + seconds
        elif channel is CueChannel.OVERLAY:
            start = cue.at
        else:
            start = max(cue.at, voice_free_at)
            voice_free_at = start + seconds
        if start < length:
            placed.append(PlacedCue(start, min(start + seconds, length), cue.cue_id))
    return sorted(placed, key=lambda p: p.start)
