"""The run session without a front end: what it shows, plays and records for each engine state."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from couchtimer.core.engine import EngineState, SegmentStarted, WorkoutEngine
from couchtimer.core.pain import PainMark
from couchtimer.core.programme import Programme, Segment, SegmentKind, Workout
from couchtimer.core.recording import MemoryRecorder
from couchtimer.run.session import INTENSITY_WINDOW_SECONDS, RunDisplay, RunSession, clock_text
from tests.helpers.run_views import FailingRecorder, FakeView
from tests.helpers.stubs import EventCues, FakeClock, RecordingPlayer

K = SegmentKind
WORKOUT = Workout(
    4,
    1,
    (Segment(K.WARMUP, 300, "Brisk walk"), Segment(K.RUN, 180), Segment(K.WALK, 90),
     Segment(K.RUN, 300), Segment(K.COOLDOWN, 300)),
)  # fmt: skip
PROGRAMME = Programme("test", "Test", (WORKOUT,))
START = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)


Harness = tuple[RunSession, FakeView, RecordingPlayer, MemoryRecorder]


@pytest.fixture
def setup(clock: FakeClock) -> Harness:
    view, player = FakeView(), RecordingPlayer()
    recorder = MemoryRecorder(lambda: START)
    session = RunSession(
        PROGRAMME, WORKOUT, WorkoutEngine(WORKOUT, clock), view, player, EventCues(), recorder,
        lambda: START,
    )  # fmt: skip
    session.start(clock.monotonic())
    return session, view, player, recorder


def test_clock_text_rounds_up() -> None:
    """The countdown never shows 00:00 while time is left, and goes to hours when needed."""
    assert [clock_text(s) for s in (0, 0.2, 59.01, 60, 3599.5, 3600, 3661, -3)] == [
        "00:00", "00:01", "01:00", "01:00", "1:00:00", "1:00:00", "1:01:01", "00:00",
    ]  # fmt: skip


def test_display_in_a_run_segment(setup: Harness, clock: FakeClock) -> None:
    """Mid run 2 of 2: kind, countdown, "Run 2 of 2", what is next and the total left."""
    session, view, _, _ = setup
    session.tick(clock.advance(300 + 180 + 90 + 100.5))
    assert session.display(clock.monotonic()) == RunDisplay(
        kind=K.RUN,
        kind_text="RUN",
        countdown="03:20",
        detail="Run 2 of 2",
        next_text="Next: Cool-down 05:00",
        total_left="08:20 left in all",
        fraction=pytest.approx(670.5 / 1170),  # type: ignore[arg-type]
        bar_position=670.5,
        state=EngineState.RUNNING,
        status="",
    )
    assert view.display is not None
    assert view.display.kind_text == "RUN"


def test_warmup_shows_its_label_and_last_segment_says_finish(
    setup: Harness, clock: FakeClock
) -> None:
    """Segments that are not runs show their label; the last one announces the finish."""
    session, _, _, _ = setup
    assert session.display(clock.monotonic()).detail == "Brisk walk"
    for _ in range(4):
        session.skip(clock.monotonic())
    display = session.display(clock.monotonic())
    assert (display.kind_text, display.next_text) == ("COOL-DOWN", "Next: finish")


def test_cues_and_recorder_follow_events(setup: Harness, clock: FakeClock) -> None:
    """Every cue the policy names is played; every finished segment reaches the recorder."""
    session, _, player, recorder = setup
    session.tick(clock.advance(300))
    assert player.played == [
        "start:warmup",
        "countdown:3",
        "countdown:2",
        "countdown:1",
        "start:run",
    ]
    assert [t.index for t in recorder.snapshot().timings] == [0]


def test_pain_mark_flow(setup: Harness, clock: FakeClock) -> None:
    """A mark is kept at once; the intensity may follow within 5 s, not after."""
    session, view, _, recorder = setup
    session.tick(clock.advance(330.25))
    mark = session.mark_pain(clock.monotonic())
    assert mark == PainMark(330_250, 1, None)
    assert view.prompt == mark
    assert session.awaiting_intensity(clock.advance(4.9))
    assert session.set_intensity(7, clock.monotonic())
    assert view.prompt is None
    assert recorder.marks == (PainMark(330_250, 1, 7),)
    session.mark_pain(clock.monotonic())
    assert not session.set_intensity(3, clock.advance(5.1))
    assert session.marks == (PainMark(330_250, 1, 7), PainMark(335_150, 1, None))
    assert view.marks == session.marks


def test_suspend_is_said_on_screen(setup: Harness, clock: FakeClock) -> None:
    """After a sleep the run is paused and the screen says why; resuming clears it."""
    session, view, _, _ = setup
    session.tick(clock.advance(10))
    clock.suspend(12 * 60)
    session.tick(clock.advance(0.5))
    assert session.engine.state is EngineState.PAUSED
    assert view.notice == (
        "Paused: the computer was asleep for about 12 min. Press Space to carry on."
    )
    assert view.display is not None
    assert view.display.status == "Paused"
    session.toggle_pause(clock.monotonic())
    assert view.notice == ""


def test_finish_early_reports_the_end(setup: Harness, clock: FakeClock) -> None:
    """Ending early tells the view, with what was done; marks after the end are refused."""
    session, view, player, recorder = setup
    session.finish_early(clock.advance(42))
    assert view.finished is not None
    assert not view.finished.completed
    assert not session.in_progress
    assert session.mark_pain(clock.monotonic()) is None
    assert recorder.snapshot().ended_at == START
    assert player.played[-1] == "finish"


def test_a_sound_device_lost_mid_run_is_shown(setup: Harness, clock: FakeClock) -> None:
    """When the player starts failing, the next repaint puts its reason on screen."""
    session, view, player, _ = setup
    session.refresh(clock.advance(1))
    assert view.sound is None
    player.problem = "No sound: the sound device stopped working."
    session.refresh(clock.advance(0.25))
    assert view.sound == "No sound: the sound device stopped working."


def test_back_restarts_the_metronome(clock: FakeClock) -> None:
    """After "back" restarts a run segment, the clicks start again from its beginning."""
    from couchtimer.core.cues import CuePolicy, CueSettings

    run = Workout(1, 1, (Segment(K.RUN, 60),))
    view, player = FakeView(), RecordingPlayer()
    policy = CuePolicy(run, CueSettings(metronome=True, metronome_spm=180))
    session = RunSession(
        Programme("t", "T", (run,)), run, WorkoutEngine(run, clock), view, player, policy,
        MemoryRecorder(lambda: START), lambda: START,
    )  # fmt: skip

    def clicks_in(seconds: float) -> int:
        before = player.played.count("tone-click")
        end = clock.monotonic() + seconds
        while (deadline := session.next_deadline()) is not None and deadline <= end:
            session.tick(clock.advance(deadline - clock.monotonic()))
        session.tick(clock.advance(max(0.0, end - clock.monotonic())))
        return player.played.count("tone-click") - before

    session.start(clock.monotonic())
    assert clicks_in(10) == 30
    session.back(clock.monotonic())  # 10 s in: restart this run segment
    assert session.engine.seconds_left() == 60.0
    assert clicks_in(10) == 30


def test_cues_play_before_the_run_is_written(clock: FakeClock) -> None:
    """A boundary chime never waits for the history file: sound first, then the recorder."""
    order: list[str] = []

    class LoggingPlayer(RecordingPlayer):
        def play(self, cue_id: str) -> None:
            order.append(f"play {cue_id}")

    class LoggingRecorder(MemoryRecorder):
        def record_events(self, events: Sequence[object]) -> None:  # type: ignore[override]
            order.append("record")

    session = RunSession(
        PROGRAMME, WORKOUT, WorkoutEngine(WORKOUT, clock), FakeView(), LoggingPlayer(),
        EventCues(), LoggingRecorder(lambda: START), lambda: START,
    )  # fmt: skip
    session.start(clock.monotonic())
    order.clear()
    session.tick(clock.advance(300))
    assert order[-2:] == ["play start:run", "record"]


def test_every_spoken_cue_also_shows_on_screen(clock: FakeClock) -> None:
    """Issue 12, defect 12: a form reminder reached only the speaker (none without a sound
    device); now each spoken cue's words go to the screen as well, tones stay sound only."""
    from couchtimer.core.cues import CuePolicy, CueSettings

    run = Workout(1, 1, (Segment(K.RUN, 150), Segment(K.WALK, 60)))
    view, player = FakeView(), RecordingPlayer()
    policy = CuePolicy(run, CueSettings(form_reminders=True, form_reminder_minutes=1))
    session = RunSession(
        Programme("t", "T", (run,)), run, WorkoutEngine(run, clock), view, player, policy,
        MemoryRecorder(lambda: START), lambda: START,
    )  # fmt: skip
    session.start(clock.monotonic())
    end = clock.monotonic() + 155
    while (deadline := session.next_deadline()) is not None and deadline <= end:
        session.tick(clock.advance(deadline - clock.monotonic()))
    assert "say-form-tall" in player.played
    assert view.captions == [
        "Run for two and a half minutes",
        "Form check: run tall",
        "Halfway",
        "Short, quick steps",
        "Walk for sixty seconds",
    ]


def test_walks_between_runs_say_which_walk(clock: FakeClock) -> None:
    """Issue 12, item 13: the walk banner had no subtitle; now "Walk 2 of 3" as runs say
    "Run 2 of 4". A lone walk keeps its label."""
    run = Workout(
        1, 1,
        (Segment(K.RUN, 60), Segment(K.WALK, 90), Segment(K.RUN, 60), Segment(K.WALK, 90),
         Segment(K.RUN, 60), Segment(K.WALK, 90, "Easy walk")),
    )  # fmt: skip
    view = FakeView()
    session = RunSession(
        Programme("t", "T", (run,)), run, WorkoutEngine(run, clock), view, RecordingPlayer(),
        EventCues(), MemoryRecorder(lambda: START), lambda: START,
    )  # fmt: skip
    session.start(clock.monotonic())
    details = []
    for _ in range(6):
        details.append(session.display(clock.monotonic()).detail)
        session.skip(clock.monotonic())
    assert details == [
        "Run 1 of 3", "Walk 1 of 3", "Run 2 of 3", "Walk 2 of 3", "Run 3 of 3", "Walk 3 of 3",
    ]  # fmt: skip
    lone = Workout(1, 1, (Segment(K.RUN, 60), Segment(K.WALK, 90, "Easy walk")))
    assert lone.walk_ordinal(1) == (1, 1)
    assert lone.walk_ordinal(0) is None


def _session_at(clock: FakeClock, speed: float) -> tuple[RunSession, FakeView, MemoryRecorder]:
    view, recorder = FakeView(), MemoryRecorder(lambda: START)
    session = RunSession(
        PROGRAMME, WORKOUT, WorkoutEngine(WORKOUT, clock), view, RecordingPlayer(), EventCues(),
        recorder, lambda: START, clock_speed=speed,
    )  # fmt: skip
    session.start(clock.monotonic())
    return session, view, recorder


@pytest.mark.parametrize("speed", [1.0, 10.0])
@pytest.mark.parametrize(
    ("after", "taken"),
    [(4.999, True), (5.0, True), (5.001, False)],
)
def test_the_intensity_window_is_five_of_the_runners_seconds(
    clock: FakeClock, speed: float, after: float, taken: bool
) -> None:
    """One rule for both front ends: a number pressed up to 5 s (the runner's time: clock
    seconds / speed) after "pain now" counts, at exactly 5 s too; a moment later it does not."""
    assert INTENSITY_WINDOW_SECONDS == 5.0
    session, view, recorder = _session_at(clock, speed)
    session.mark_pain(clock.advance(20 * speed))
    assert session.set_intensity(6, clock.advance(after * speed)) is taken
    assert recorder.marks == (PainMark(int(20_000 * speed), 0, 6 if taken else None),)
    assert view.prompt is None
    assert view.prompts == [PainMark(int(20_000 * speed), 0, None), None]


def test_a_new_mark_closes_the_prompt_of_the_last(clock: FakeClock) -> None:
    """ "Pain now" again before a number: the first mark stays unrated, the prompt is the new
    mark's, and a number then rates the new one."""
    session, view, recorder = _session_at(clock, 1.0)
    first = session.mark_pain(clock.advance(10))
    second = session.mark_pain(clock.advance(2))
    assert view.prompts == [first, None, second]
    assert session.set_intensity(4, clock.advance(1))
    assert recorder.marks == (PainMark(10_000, 0, None), PainMark(12_000, 0, 4))


def test_the_view_hears_each_event_after_the_recorder(clock: FakeClock) -> None:
    """The terminal prints a segment's start only once the recorder has its predecessor."""
    seen: list[int] = []

    class CountingRecorder(MemoryRecorder):
        def record_events(self, events: Sequence[object]) -> None:  # type: ignore[override]
            super().record_events(events)  # type: ignore[arg-type]
            seen.append(len(view.events))

    view = FakeView()
    session = RunSession(
        PROGRAMME, WORKOUT, WorkoutEngine(WORKOUT, clock), view, RecordingPlayer(), EventCues(),
        CountingRecorder(lambda: START), lambda: START,
    )  # fmt: skip
    session.start(clock.monotonic())
    session.skip(clock.advance(1))
    assert seen == [0, 1]  # each batch reached the recorder before the view
    assert [e.index for e in view.events if isinstance(e, SegmentStarted)] == [0, 1]
    assert session.cues_played == 2  # "start:warmup", then the skip's "start:run"


def test_a_failing_recorder_is_reported_and_the_run_goes_on(clock: FakeClock) -> None:
    """The recorder raising never stops the timer or loses a mark the session holds."""
    view = FakeView()
    session = RunSession(
        PROGRAMME, WORKOUT, WorkoutEngine(WORKOUT, clock), view, RecordingPlayer(), EventCues(),
        FailingRecorder(lambda: START), lambda: START,
    )  # fmt: skip
    session.start(clock.monotonic())
    session.mark_pain(clock.advance(3))
    assert session.set_intensity(2, clock.advance(1))
    session.finish_early(clock.advance(1))
    assert session.marks == (PainMark(3000, 0, 2),)
    assert view.failures == [
        ("Recording", "disk full"),
        ("Recording the pain mark", "disk full"),
        ("Recording", "disk full"),
    ]
    assert session.recording_failure == "recording failed: disk full"
    assert view.finished is not None


def test_the_history_file_stopping_and_starting_again_is_told_once_each(
    clock: FakeClock,
) -> None:
    """The recorder's problem reaches the view on the next refresh, once; so does its end."""
    session, view, recorder = _session_at(clock, 1.0)
    session.refresh(clock.advance(1))
    assert view.save_problems == []
    recorder.problem = "The history file is locked."
    recorder.safe_in = Path("/tmp/run.journal")
    session.refresh(clock.advance(0.25))
    session.refresh(clock.advance(0.25))
    recorder.problem = None
    session.refresh(clock.advance(0.25))
    assert view.save_problems == [
        ("The history file is locked.", Path("/tmp/run.journal")),
        (None, Path("/tmp/run.journal")),
    ]


def test_progress_reaches_the_recorder_on_each_refresh(clock: FakeClock) -> None:
    """Where the run is goes to the recorder with every repaint, and not after the end."""
    session, _, recorder = _session_at(clock, 1.0)
    session.refresh(clock.advance(2.5))
    assert recorder.snapshot().progress == (0, 2.5)
    session.finish_early(clock.advance(1))
    session.refresh(clock.advance(1))
    assert recorder.snapshot().progress == (0, 2.5)


def test_a_lone_run_shows_its_label_as_a_lone_walk_does(clock: FakeClock) -> None:
    """ "Run 1 of 1" said nothing: with one run, the banner's subtitle is the run's label (the
    terminal and the screen name segments by one rule: a count only when there are two)."""
    lone = Workout(1, 1, (Segment(K.RUN, 60), Segment(K.WALK, 90, "Easy walk")))
    labelled = Workout(1, 2, (Segment(K.RUN, 60, "Steady"), Segment(K.WALK, 90)))
    details = []
    for workout in (lone, labelled):
        session = RunSession(
            Programme("t", "T", (workout,)), workout, WorkoutEngine(workout, clock), FakeView(),
            RecordingPlayer(), EventCues(), MemoryRecorder(lambda: START), lambda: START,
        )  # fmt: skip
        session.start(clock.monotonic())
        details.append(session.display(clock.monotonic()).detail)
        session.skip(clock.monotonic())
        details.append(session.display(clock.monotonic()).detail)
    assert details == ["", "Easy walk", "Steady", ""]


def test_pain_pressed_after_the_last_second_is_refused(setup: Harness, clock: FakeClock) -> None:
    """ "Pain now" pressed once the workout's time is up (the tick that it brings ends the run)
    makes no mark: the run is over, with its end recorded, and no prompt shows."""
    session, view, _, recorder = setup
    assert session.mark_pain(clock.advance(WORKOUT.total_seconds + 0.5)) is None
    assert session.finished is not None
    assert session.finished.completed
    assert (session.marks, recorder.marks, view.prompts) == ((), (), [])
