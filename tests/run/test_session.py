"""The run screen's logic without widgets: what it shows and plays for each engine state."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from couchtimer.core.engine import EngineState, SegmentTiming, WorkoutEngine, WorkoutFinished
from couchtimer.core.pain import PainMark
from couchtimer.core.programme import Programme, Segment, SegmentKind, Workout
from couchtimer.core.recording import MemoryRecorder
from couchtimer.run.session import RunDisplay, RunPresenter, clock_text
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


class FakeView:
    """Records what the presenter asks the screen to show."""

    def __init__(self) -> None:
        self.display: RunDisplay | None = None
        self.marks: tuple[PainMark, ...] = ()
        self.prompt: PainMark | None = None
        self.notice = ""
        self.finished: WorkoutFinished | None = None
        self.sound: str | None = None
        self.captions: list[str] = []

    def show_display(self, display: RunDisplay) -> None:
        self.display = display

    def show_marks(self, marks: Sequence[PainMark], timings: Sequence[SegmentTiming]) -> None:
        self.marks = tuple(marks)

    def show_intensity_prompt(self, mark: PainMark | None) -> None:
        self.prompt = mark

    def show_notice(self, text: str) -> None:
        self.notice = text

    def show_caption(self, text: str) -> None:
        self.captions.append(text)

    def run_finished(self, finished: WorkoutFinished, marks: Sequence[PainMark]) -> None:
        self.finished = finished

    def show_sound_problem(self, problem: str | None) -> None:
        self.sound = problem


Harness = tuple[RunPresenter, FakeView, RecordingPlayer, MemoryRecorder]


@pytest.fixture
def setup(clock: FakeClock) -> Harness:
    view, player = FakeView(), RecordingPlayer()
    recorder = MemoryRecorder(lambda: START)
    presenter = RunPresenter(
        PROGRAMME, WORKOUT, WorkoutEngine(WORKOUT, clock), view, player, EventCues(), recorder,
        lambda: START,
    )  # fmt: skip
    presenter.start(clock.monotonic())
    return presenter, view, player, recorder


def test_clock_text_rounds_up() -> None:
    """The countdown never shows 00:00 while time is left, and goes to hours when needed."""
    assert [clock_text(s) for s in (0, 0.2, 59.01, 60, 3599.5, 3600, 3661, -3)] == [
        "00:00", "00:01", "01:00", "01:00", "1:00:00", "1:00:00", "1:01:01", "00:00",
    ]  # fmt: skip


def test_display_in_a_run_segment(setup: Harness, clock: FakeClock) -> None:
    """Mid run 2 of 2: kind, countdown, "Run 2 of 2", what is next and the total left."""
    presenter, view, _, _ = setup
    presenter.tick(clock.advance(300 + 180 + 90 + 100.5))
    assert presenter.display(clock.monotonic()) == RunDisplay(
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
    presenter, _, _, _ = setup
    assert presenter.display(clock.monotonic()).detail == "Brisk walk"
    for _ in range(4):
        presenter.skip(clock.monotonic())
    display = presenter.display(clock.monotonic())
    assert (display.kind_text, display.next_text) == ("COOL-DOWN", "Next: finish")


def test_cues_and_recorder_follow_events(setup: Harness, clock: FakeClock) -> None:
    """Every cue the policy names is played; every finished segment reaches the recorder."""
    presenter, _, player, recorder = setup
    presenter.tick(clock.advance(300))
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
    presenter, view, _, recorder = setup
    presenter.tick(clock.advance(330.25))
    mark = presenter.mark_pain(clock.monotonic())
    assert mark == PainMark(330_250, 1, None)
    assert view.prompt == mark
    assert presenter.awaiting_intensity(clock.advance(4.9))
    assert presenter.set_intensity(7, clock.monotonic())
    assert view.prompt is None
    assert recorder.marks == (PainMark(330_250, 1, 7),)
    presenter.mark_pain(clock.monotonic())
    assert not presenter.set_intensity(3, clock.advance(5.1))
    assert presenter.marks == (PainMark(330_250, 1, 7), PainMark(335_150, 1, None))
    assert view.marks == presenter.marks


def test_suspend_is_said_on_screen(setup: Harness, clock: FakeClock) -> None:
    """After a sleep the run is paused and the screen says why; resuming clears it."""
    presenter, view, _, _ = setup
    presenter.tick(clock.advance(10))
    clock.suspend(12 * 60)
    presenter.tick(clock.advance(0.5))
    assert presenter.engine.state is EngineState.PAUSED
    assert view.notice == (
        "Paused: the computer was asleep for about 12 min. Press Space to carry on."
    )
    assert view.display is not None
    assert view.display.status == "Paused"
    presenter.toggle_pause(clock.monotonic())
    assert view.notice == ""


def test_finish_early_reports_the_end(setup: Harness, clock: FakeClock) -> None:
    """Ending early tells the view, with what was done; marks after the end are refused."""
    presenter, view, player, recorder = setup
    presenter.finish_early(clock.advance(42))
    assert view.finished is not None
    assert not view.finished.completed
    assert not presenter.in_progress
    assert presenter.mark_pain(clock.monotonic()) is None
    assert recorder.snapshot().ended_at == START
    assert player.played[-1] == "finish"


def test_a_sound_device_lost_mid_run_is_shown(setup: Harness, clock: FakeClock) -> None:
    """When the player starts failing, the next repaint puts its reason on screen."""
    presenter, view, player, _ = setup
    presenter.refresh(clock.advance(1))
    assert view.sound is None
    player.problem = "No sound: the sound device stopped working."
    presenter.refresh(clock.advance(0.25))
    assert view.sound == "No sound: the sound device stopped working."


def test_back_restarts_the_metronome(clock: FakeClock) -> None:
    """After "back" restarts a run segment, the clicks start again from its beginning."""
    from couchtimer.core.cues import CuePolicy, CueSettings

    run = Workout(1, 1, (Segment(K.RUN, 60),))
    view, player = FakeView(), RecordingPlayer()
    policy = CuePolicy(run, CueSettings(metronome=True, metronome_spm=180))
    presenter = RunPresenter(
        Programme("t", "T", (run,)), run, WorkoutEngine(run, clock), view, player, policy,
        MemoryRecorder(lambda: START), lambda: START,
    )  # fmt: skip

    def clicks_in(seconds: float) -> int:
        before = player.played.count("tone-click")
        end = clock.monotonic() + seconds
        while (deadline := presenter.next_deadline()) is not None and deadline <= end:
            presenter.tick(clock.advance(deadline - clock.monotonic()))
        presenter.tick(clock.advance(max(0.0, end - clock.monotonic())))
        return player.played.count("tone-click") - before

    presenter.start(clock.monotonic())
    assert clicks_in(10) == 30
    presenter.back(clock.monotonic())  # 10 s in: restart this run segment
    assert presenter.engine.seconds_left() == 60.0
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

    presenter = RunPresenter(
        PROGRAMME, WORKOUT, WorkoutEngine(WORKOUT, clock), FakeView(), LoggingPlayer(),
        EventCues(), LoggingRecorder(lambda: START), lambda: START,
    )  # fmt: skip
    presenter.start(clock.monotonic())
    order.clear()
    presenter.tick(clock.advance(300))
    assert order[-2:] == ["play start:run", "record"]


def test_every_spoken_cue_also_shows_on_screen(clock: FakeClock) -> None:
    """Issue 12, defect 12: a form reminder reached only the speaker (none without a sound
    device); now each spoken cue's words go to the screen as well, tones stay sound only."""
    from couchtimer.core.cues import CuePolicy, CueSettings

    run = Workout(1, 1, (Segment(K.RUN, 150), Segment(K.WALK, 60)))
    view, player = FakeView(), RecordingPlayer()
    policy = CuePolicy(run, CueSettings(form_reminders=True, form_reminder_minutes=1))
    presenter = RunPresenter(
        Programme("t", "T", (run,)), run, WorkoutEngine(run, clock), view, player, policy,
        MemoryRecorder(lambda: START), lambda: START,
    )  # fmt: skip
    presenter.start(clock.monotonic())
    end = clock.monotonic() + 155
    while (deadline := presenter.next_deadline()) is not None and deadline <= end:
        presenter.tick(clock.advance(deadline - clock.monotonic()))
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
    presenter = RunPresenter(
        Programme("t", "T", (run,)), run, WorkoutEngine(run, clock), view, RecordingPlayer(),
        EventCues(), MemoryRecorder(lambda: START), lambda: START,
    )  # fmt: skip
    presenter.start(clock.monotonic())
    details = []
    for _ in range(6):
        details.append(presenter.display(clock.monotonic()).detail)
        presenter.skip(clock.monotonic())
    assert details == [
        "Run 1 of 3", "Walk 1 of 3", "Run 2 of 3", "Walk 2 of 3", "Run 3 of 3", "Walk 3 of 3",
    ]  # fmt: skip
    lone = Workout(1, 1, (Segment(K.RUN, 60), Segment(K.WALK, 90, "Easy walk")))
    assert lone.walk_ordinal(1) == (1, 1)
    assert lone.walk_ordinal(0) is None
