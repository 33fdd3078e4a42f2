"""The next cues handed to the player ahead of time (``CuePlayer.plan``), so that a raised
thread starts them at their deadline whoever drives the run: what is planned, what a tick does
once the player has started them, and how keys take a plan back (run/session.py's docstring)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from couchtimer.core.cues import CuePolicy, CueSettings
from couchtimer.core.engine import (
    Countdown,
    EngineState,
    Halfway,
    Paused,
    SegmentEnded,
    SegmentStarted,
    WorkoutEngine,
)
from couchtimer.core.programme import Programme, Segment, SegmentKind, Workout
from couchtimer.core.recording import MemoryRecorder
from couchtimer.run.session import CueSource, RunSession
from tests.helpers.run_views import FakeView
from tests.helpers.stubs import EventCues, FakeClock, RecordingPlayer

K = SegmentKind
# Start 1000; halfway (no cue from EventCues) 1005; countdown 1007, 1008, 1009; run ends 1010;
# the walk's countdown 1015, 1016, 1017; the end 1018.
WORKOUT = Workout(1, 1, (Segment(K.RUN, 10), Segment(K.WALK, 8)))
PROGRAMME = Programme("test", "Test", (WORKOUT,))
START = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)

Harness = tuple[RunSession, FakeView, RecordingPlayer, MemoryRecorder]


def started(
    clock: FakeClock, workout: Workout = WORKOUT, cues: CueSource | None = None, speed: float = 1.0
) -> Harness:
    view, player, recorder = FakeView(), RecordingPlayer(), MemoryRecorder(lambda: START)
    session = RunSession(
        Programme("test", "Test", (workout,)), workout, WorkoutEngine(workout, clock), view,
        player, cues or EventCues(), recorder, lambda: START, clock_speed=speed,
    )  # fmt: skip
    session.start(clock.monotonic())
    return session, view, player, recorder


def to(clock: FakeClock, at: float) -> float:
    return clock.advance(at - clock.monotonic())


def test_the_first_plan_is_the_next_deadline_that_brings_a_cue(clock: FakeClock) -> None:
    """Halfway brings no cue here: passed over; the first countdown pip is planned, on the
    engine's clock at the session's speed."""
    _, _, player, _ = started(clock, speed=1.0)
    assert player.played == ["start:run"]
    assert player.plans == [(("countdown:3",), 1007.0)]
    assert player.plan_clock == (clock.monotonic, 1.0)


def test_the_plan_is_on_the_clock_the_run_keeps_at_its_speed(clock: FakeClock) -> None:
    """At --speed 10 the deadline is still in the session's clock; the player is told the speed
    to turn it into real time."""
    _, _, player, _ = started(clock, speed=10.0)
    assert player.plans == [(("countdown:3",), 1007.0)]
    assert player.plan_clock is not None
    assert player.plan_clock[1] == 10.0


def test_a_tick_after_the_player_started_the_cues_plays_them_not_again(clock: FakeClock) -> None:
    """The events of that deadline are shown as always; the cue sounded once (and is counted and
    captioned once); the next deadline's cue is planned."""
    session, view, player, _ = started(clock)
    assert player.start_planned() == ["countdown:3"]
    view.events.clear()
    session.tick(to(clock, 1007.004))  # the GUI thread's tick, a little late
    assert player.played == ["start:run", "countdown:3"]
    assert [type(e) for e in view.events] == [Halfway, Countdown]  # the halfway had no cue
    assert session.cues_played == 2
    assert player.plans[-1] == (("countdown:2",), 1008.0)


def test_a_tick_that_gets_there_first_plays_the_cues_itself_once(clock: FakeClock) -> None:
    """The driver reached the deadline before the player's thread: the plan is taken back and
    the tick plays its cues, once."""
    session, _, player, _ = started(clock)
    session.tick(to(clock, 1007.0))
    assert player.cancelled == [(("countdown:3",), 1007.0)]
    assert player.played == ["start:run", "countdown:3"]
    assert player.pending == (("countdown:2",), 1008.0)


def test_a_tick_before_the_deadline_leaves_the_plan_alone(clock: FakeClock) -> None:
    """The 4 Hz repaint tick neither takes the plan back nor hands it over again."""
    session, _, player, _ = started(clock)
    for at in (1000.25, 1005.0, 1006.999):
        session.tick(to(clock, at))
    assert player.plans == [(("countdown:3",), 1007.0)]
    assert player.cancelled == []
    assert player.played == ["start:run"]
    assert player.ticks == [(("countdown:3",), 1007.0)] * 3  # each tells the player it kept it


def test_a_tick_that_takes_the_plan_back_does_not_tell_the_player_it_stands(
    clock: FakeClock,
) -> None:
    session, _, player, _ = started(clock)
    session.tick(to(clock, 1007.0))
    assert player.ticks == []


class SleepsAtTheTick(RecordingPlayer):
    """The machine sleeps for 10 minutes just after the player has noted a tick."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__()
        self.clock = clock

    def ticked(self) -> None:
        super().ticked()
        self.clock.suspend(600)


def test_the_player_hears_of_a_tick_before_the_engine_looks_for_a_suspend(
    clock: FakeClock,
) -> None:
    """A sleep that begins just after the player took its reading for a tick is seen by that
    very tick (the run pauses), so the player's thread and the engine never disagree about a
    suspend: told after the engine's look, the player would count from after the sleep and
    play the cue on waking, and the run, paused by the next tick, would play it again."""
    player = SleepsAtTheTick(clock)
    session = RunSession(
        PROGRAMME, WORKOUT, WorkoutEngine(WORKOUT, clock), FakeView(), player, EventCues(),
        MemoryRecorder(lambda: START), lambda: START,
    )  # fmt: skip
    session.start(clock.monotonic())
    session.tick(to(clock, 1000.25))
    assert session.engine.state is EngineState.PAUSED
    assert player.ticks == [(("countdown:3",), 1007.0)]
    assert player.cancelled == [(("countdown:3",), 1007.0)]


def test_a_pause_just_before_a_deadline_cancels_its_cue(clock: FakeClock) -> None:
    """Paused 1 ms before the pip: it never sounds; on resume it is planned again, as late as
    the pause was long."""
    session, _, player, _ = started(clock)
    session.toggle_pause(to(clock, 1006.999))
    assert player.cancelled == [(("countdown:3",), 1007.0)]
    assert player.pending is None  # nothing falls due while paused
    session.tick(to(clock, 1030.0))
    assert player.played == ["start:run"]
    session.toggle_pause(to(clock, 1030.0))
    assert player.pending == (("countdown:3",), pytest.approx(1030.001))


def test_a_key_read_before_the_deadline_counts_from_it_once_the_cue_has_started(
    clock: FakeClock,
) -> None:
    """The race the other way: the key's instant was read a hair before the deadline, but the
    player's thread started the pip first. The run is paused at the pip's deadline (its event is
    recorded), and the pip is not played again."""
    session, view, player, _ = started(clock)
    clock.advance(6.9995)  # the driver reads 1006.9995 ...
    player.start_planned()  # ... the player's thread starts the pip at 1007 ...
    session.toggle_pause(clock.monotonic())  # ... and then the key reaches the session
    assert player.played == ["start:run", "countdown:3"]
    assert [type(e) for e in view.events[-2:]] == [Countdown, Paused]
    assert view.events[-1].due == 7.0  # paused at the pip's instant, not 0.5 ms before it


@pytest.mark.parametrize("key", ["skip", "back"])
def test_skip_and_back_replan_from_the_new_place(clock: FakeClock, key: str) -> None:
    """Skip in the walk goes to... the end; here: skip from the run to the walk (the walk's first
    pip is planned), back 2 s into the run restarts it (its first pip again, 10 s later)."""
    session, _, player, _ = started(clock)
    session.tick(to(clock, 1002.0))
    getattr(session, key)(clock.monotonic())
    assert player.cancelled == [(("countdown:3",), 1007.0)]
    if key == "skip":
        assert player.played == ["start:run", "start:walk"]
        assert player.pending == (("countdown:3",), 1007.0)  # 5 s into an 8 s walk
    else:
        assert player.played == ["start:run", "start:run"]
        assert player.pending == (("countdown:3",), 1009.0)


def test_finishing_early_takes_the_plan_back_and_plans_nothing(clock: FakeClock) -> None:
    session, _, player, _ = started(clock)
    session.finish_early(to(clock, 1003.0))
    assert player.cancelled == [(("countdown:3",), 1007.0)]
    assert player.pending is None
    assert session.engine.state is EngineState.FINISHED


def test_the_last_cue_before_the_finish_still_plays(clock: FakeClock) -> None:
    """The finish is planned like any deadline; once the player started it, the tick ends the
    run (the view is told) without playing it again, and nothing is planned after it."""
    session, view, player, _ = started(clock)
    session.skip(to(clock, 1001.0))  # the walk, from 1001 to 1009: pips at 1006, 1007, 1008
    for at in (1006.001, 1007.001, 1008.001):
        player.start_planned()
        session.tick(to(clock, at))
    assert player.pending == (("finish",), 1009.0)
    player.start_planned()
    session.tick(to(clock, 1009.002))
    assert view.finished is not None
    assert player.played.count("finish") == 1
    assert player.pending is None
    assert player.plans[-1] == (("finish",), 1009.0)


def every_cue(
    clock: FakeClock, workout: Workout, cues: CueSource, started_by_player: bool
) -> list[str]:
    session, _, player, _ = started(clock, workout, cues)
    while (deadline := session.next_deadline()) is not None:
        if started_by_player and player.pending is not None and player.pending[1] == deadline:
            player.start_planned()
        session.tick(to(clock, deadline + 0.003))
    return player.played


@pytest.mark.parametrize(
    ("settings", "clicks"),
    [
        pytest.param(CueSettings(), 0, id="voice"),
        pytest.param(
            CueSettings(
                metronome=True, metronome_spm=170, form_reminders=True, form_reminder_minutes=1
            ),
            636,  # beats of 60/170 s strictly inside 150 s (424) and 75 s (212) of running
            id="metronome",
        ),
    ],
)
def test_no_cue_plays_twice_or_goes_missing(settings: CueSettings, clicks: int) -> None:
    """A whole workout (the real cue policy, with a short segment whose countdown brings no pip
    and a metronome) sounds the same cues in the same order whether the player's thread starts
    every planned cue or the driver's ticks play them all."""
    workout = Workout(
        1,
        1,
        (
            Segment(K.WARMUP, 90),
            Segment(K.RUN, 150),
            Segment(K.WALK, 4),
            Segment(K.RUN, 75),
            Segment(K.COOLDOWN, 60),
        ),
    )
    planned = every_cue(FakeClock(), workout, CuePolicy(workout, settings), started_by_player=True)
    ticked = every_cue(FakeClock(), workout, CuePolicy(workout, settings), started_by_player=False)
    assert planned == ticked
    assert planned.count("tone-click") == clicks
    assert planned[-2:] == ["tone-finish", "say-complete"]


def test_a_planned_metronome_click_is_not_clicked_again(clock: FakeClock) -> None:
    """Timed cues are planned too: the click at the first beat, started by the player, is not
    played by the tick, and the next beat is planned."""
    workout = Workout(1, 1, (Segment(K.RUN, 60), Segment(K.WALK, 60)))
    policy = CuePolicy(workout, CueSettings(mode="tones", metronome=True, metronome_spm=120))  # type: ignore[arg-type]
    session, _, player, _ = started(clock, workout, policy)
    assert player.pending == (("tone-click",), 1000.5)
    player.start_planned()
    session.tick(to(clock, 1000.51))
    assert player.played == ["tone-run", "tone-click"]
    assert player.pending == (("tone-click",), 1001.0)


def test_a_late_tick_plays_only_what_was_not_planned(clock: FakeClock) -> None:
    """The driver held up past two deadlines: the pip the player started is not replayed, the
    next one (which had no plan yet) is played by the tick."""
    session, view, player, _ = started(clock)
    player.start_planned()  # 1007
    session.tick(to(clock, 1008.5))
    assert player.played == ["start:run", "countdown:3", "countdown:2"]
    assert [e.seconds for e in view.events if isinstance(e, Countdown)] == [3, 2]
    assert player.pending == (("countdown:1",), 1009.0)


def test_a_suspend_seen_before_the_deadline_takes_the_plan_back(clock: FakeClock) -> None:
    """The machine slept: the run pauses where it was, and the pip planned for later is dropped."""
    session, _, player, _ = started(clock)
    session.tick(to(clock, 1003.0))
    clock.suspend(600)
    session.tick(clock.advance(0.25))
    assert session.engine.state is EngineState.PAUSED
    assert player.cancelled == [(("countdown:3",), 1007.0)]
    assert player.pending is None


def test_the_first_chime_sounds_before_the_history_file_takes_the_run(clock: FakeClock) -> None:
    """The whole schedule counts from the start's instant, so the first chime does not wait for
    the recorder's first write (11 ms on a busy machine)."""
    order: list[str] = []

    class LoggingPlayer(RecordingPlayer):
        def play(self, cue_id: str) -> None:
            order.append(f"play {cue_id}")

    class LoggingRecorder(MemoryRecorder):
        def start(self, *args: object) -> None:  # type: ignore[override]
            order.append("start")

        def record_events(self, events: object) -> None:  # type: ignore[override]
            order.append("record")

    view = FakeView()
    session = RunSession(
        PROGRAMME, WORKOUT, WorkoutEngine(WORKOUT, clock), view, LoggingPlayer(),
        EventCues(), LoggingRecorder(lambda: START), lambda: START,
    )  # fmt: skip
    session.start(clock.monotonic())
    assert order == ["play start:run", "start", "record"]
    assert [type(e) for e in view.events] == [SegmentStarted]
    assert session.cues_played == 1


def test_segment_ended_events_lead_the_plan_they_precede(clock: FakeClock) -> None:
    """A plan's events are what a tick at its deadline reports from now: at the run's end, the
    end of the run and the walk's start together."""
    session, view, player, _ = started(clock)
    for _ in range(3):
        player.start_planned()
        session.tick(to(clock, clock.monotonic() + 1.0 if clock.monotonic() > 1006 else 1007.0))
    assert player.pending == (("start:walk",), 1010.0)
    player.start_planned()
    view.events.clear()
    session.tick(to(clock, 1010.0))
    assert [type(e) for e in view.events] == [SegmentEnded, SegmentStarted]
    assert player.played.count("start:walk") == 1


# (monotonic start, seconds in before a pause, seconds paused): clocks on which start + pauses +
# due, ticked back, came out a hair short of ``due`` (or a hair past the first float at which it
# falls due) at many deadlines (tests/core/test_engine_deadlines.py).
REAL_CLOCKS = [
    pytest.param(8086.518716146022, 34.56619509108987, 128.33066187038568, id="8086"),
    pytest.param(1354.9555510099772, 7.177502345425305, 701.9437204827711, id="1354"),
    pytest.param(1072.1048446833581, 2.8817265205748224, 2377.8114360035092, id="1072"),
]
SETTINGS = [
    pytest.param(CueSettings(), id="voice"),
    pytest.param(
        CueSettings(
            metronome=True, metronome_spm=170, form_reminders=True, form_reminder_minutes=1
        ),
        id="metronome",
    ),
]
LONG = Workout(
    1, 1, (Segment(K.WARMUP, 90), Segment(K.RUN, 150), Segment(K.WALK, 4), Segment(K.RUN, 75),
           Segment(K.COOLDOWN, 60)),
)  # fmt: skip


def cues_at_deadlines(
    clock: FakeClock, pause_at: float, pause_for: float, settings: CueSettings, by_player: bool
) -> tuple[list[str], list[float]]:
    """The whole of LONG, paused once, each tick exactly at the session's deadline; the player's
    thread starts every plan due there first when ``by_player``. What was heard, and the
    deadlines at which the driver's tick had to play cues itself."""
    session, _, player, _ = started(clock, LONG, CuePolicy(LONG, settings))
    session.tick(clock.advance(pause_at))
    session.toggle_pause(clock.monotonic())
    session.toggle_pause(clock.advance(pause_for))
    played_by_tick = []
    last = clock.monotonic()
    while (deadline := session.next_deadline()) is not None:
        assert deadline > last  # a tick at the deadline moved the run on
        last = deadline
        if by_player and player.pending is not None and player.pending[1] == deadline:
            player.start_planned()
        heard = len(player.played)
        clock.advance(max(0.0, deadline - clock.monotonic()))
        session.tick(deadline)
        if len(player.played) > heard:
            played_by_tick.append(deadline)
    return player.played, played_by_tick


@pytest.mark.parametrize("settings", SETTINGS)
@pytest.mark.parametrize(("start", "pause_at", "pause_for"), REAL_CLOCKS)
def test_every_deadline_with_cues_is_planned_on_a_real_looking_clock(
    start: float, pause_at: float, pause_for: float, settings: CueSettings
) -> None:
    """A monotonic start with all its decimals and a pause of odd length: the player's thread
    starts every cue (the driver's tick, exactly at each deadline, never has to), and what is
    heard is what the ticks alone play: no cue twice, none missing, the same order."""
    planned, late = cues_at_deadlines(FakeClock(start), pause_at, pause_for, settings, True)
    ticked, _ = cues_at_deadlines(FakeClock(start), pause_at, pause_for, settings, False)
    assert late == []
    assert planned == ticked
    assert planned[-2:] == ["tone-finish", "say-complete"]
    if settings.metronome:
        assert planned.count("tone-click") == 636


class DeafToItsOwnCue(EventCues):
    """A cue source that names a timed cue 0.5 s into each segment but never plays it: a deadline
    that brings nothing and stays where it is."""

    def __init__(self) -> None:
        self.asked = 0

    def timed_cues(self, index: int, before: float, now: float) -> list[str]:
        self.asked += 1
        return []

    def next_timed_cue(self, index: int, elapsed: float) -> float | None:
        return 0.5


def test_a_deadline_that_does_not_move_on_is_not_ticked_again(clock: FakeClock) -> None:
    """Planning stops at a deadline that brought nothing and comes round again (it used to be
    ticked 16 times over, then nothing was planned either)."""
    cues = DeafToItsOwnCue()
    _, _, player, _ = started(clock, cues=cues)
    assert cues.asked == 1  # the one tick at 1000.5, on the engine's copy
    assert player.plans == []
