"""The terminal view of the run session on a FakeClock: cues in order, keys, pain marks, the
recorder."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import pytest

from couchtimer.audio import NullPlayer
from couchtimer.clock import ScaledClock
from couchtimer.core.cues import CueSettings
from couchtimer.core.engine import Event, SegmentStarted, WorkoutFinished
from couchtimer.core.pain import PainMark
from couchtimer.core.programme import Programme, Segment, SegmentKind, Workout
from couchtimer.core.recording import MemoryRecorder
from couchtimer.terminal import TerminalRunner
from tests.helpers.run_views import FailingRecorder
from tests.helpers.stubs import FakeClock, RecordingPlayer, ScriptedKeys

RUN, WALK = SegmentKind.RUN, SegmentKind.WALK
START = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)


def make(*segments: tuple[SegmentKind, int]) -> tuple[Programme, Workout]:
    workout = Workout(1, 2, tuple(Segment(kind, seconds) for kind, seconds in segments))
    return Programme("demo", "Demo plan", (workout,)), workout


class ListRecorder(MemoryRecorder):
    """A core recorder that also keeps the events it is handed, in order; it says what it
    records is in the history (as the SQLite recorder does when the file takes it)."""

    kept = "history"

    def __init__(self) -> None:
        super().__init__(lambda: START)
        self.events: list[Event] = []

    def record_events(self, events: Sequence[Event]) -> None:
        super().record_events(events)
        self.events.extend(events)


def runner(
    clock: FakeClock,
    segments: tuple[tuple[SegmentKind, int], ...],
    presses: list[tuple[float, str]] | None = None,
    settings: CueSettings | None = None,
    **kwargs: object,
) -> tuple[TerminalRunner, RecordingPlayer, io.StringIO]:
    programme, workout = make(*segments)
    player = kwargs.pop("player", None) or RecordingPlayer()
    out = io.StringIO()
    run = TerminalRunner(
        programme,
        workout,
        player,  # type: ignore[arg-type]
        clock,
        settings or CueSettings(),
        out=out,
        keys=ScriptedKeys(clock, presses or []),
        **kwargs,  # type: ignore[arg-type]
    )
    return run, player, out  # type: ignore[return-value]


def test_a_whole_run_plays_every_cue_in_order_and_prints_a_summary(clock: FakeClock) -> None:
    """Run 5 s, walk 4 s: announcements at the boundaries, three pips before each, the finale."""
    run, player, out = runner(clock, ((RUN, 5), (WALK, 4)))
    summary = run.run()
    assert player.played == [
        *["tone-run", "say-run-for", "num-5", "say-seconds"],
        *["tone-pip"] * 3,
        *["tone-walk", "say-walk-for", "num-4", "say-seconds"],
        *["tone-pip"] * 3,
        *["tone-finish", "say-complete"],
    ]
    assert summary.cues_played == 16
    assert summary.finished is not None
    assert summary.finished.completed
    assert out.getvalue() == (
        "Demo plan: week 1, run 2 (0:09)\n"
        "Keys: space pause/resume · n skip · b back · p pain now (then 1-9, 0 = 10) · q quit\n"
        "   0:00  Run for 0:05\n"
        "   0:05  Walk for 0:04\n"
        "   0:09  Workout complete. Well done!\n"
        "\n"
        "Summary\n"
        "  W1R2: completed\n"
        "  time running 0:09 of 0:09 planned, paused 0:00\n"
        "  segments: 2 completed, 0 skipped, of 2\n"
        "  cues: 16\n"
        "  pain marks: none\n"
    )


def test_keys_pause_skip_back_and_pain_marks(clock: FakeClock) -> None:
    """Space pauses and resumes, n skips, b restarts; p then 7 marks pain 7/10 at the p press."""
    presses = [(2.0, " "), (12.0, " "), (13.0, "p"), (14.0, "7"), (15.0, "n"), (30.0, "b")]
    recorder = ListRecorder()
    run, player, out = runner(clock, ((RUN, 60), (WALK, 90), (RUN, 60)), presses, recorder=recorder)
    summary = run.run()
    assert summary.pain_marks == (PainMark(3000, 0, 7),)
    assert recorder.marks == summary.pain_marks
    starts = [e.index for e in recorder.events if isinstance(e, SegmentStarted)]
    assert starts == [0, 1, 1, 2]  # skip to the walk at 5 s, back restarts it, then the run
    assert isinstance(recorder.events[-1], WorkoutFinished)
    assert player.played[:10] == [
        *["tone-run", "say-run-for", "num-60", "say-seconds", "say-run", "num-1", "say-of"],
        *["num-2", "say-paused", "say-resumed"],
    ]
    text = out.getvalue()
    assert "   0:02  Paused: press space to carry on\n   0:02  Resumed\n" in text
    assert (
        "   0:03  Pain mark saved. How bad, 1-9 (0 = 10)? (5 s)\n   0:03  Pain mark recorded (7/10)\n"
        in text
    )
    assert "  time running 2:50 of 3:30 planned, paused 0:10\n" in text
    assert "  segments: 2 completed, 1 skipped, of 3\n" in text
    assert "  pain marks: 1\n       0:03  Run 1 of 2  7/10\n" in text


def test_a_pain_mark_shows_the_second_it_is_kept_at(clock: FakeClock) -> None:
    """Pressed 41.0004 s in: kept as 41.000 s (whole milliseconds), so shown as 0:41, not
    0:42 (the crash test's kill at a random moment once caught the two apart)."""
    run, _, out = runner(clock, ((RUN, 60),), [(41.0004, "p"), (41.5, "3")])
    summary = run.run()
    assert summary.pain_marks == (PainMark(41_000, 0, 3),)
    assert "   0:41  Pain mark recorded (3/10)\n" in out.getvalue()


def test_pain_mark_without_a_number_is_kept_unrated(clock: FakeClock) -> None:
    """p with no digit within 5 s still records the mark (never lose what the user said)."""
    run, _, out = runner(clock, ((RUN, 20),), [(4.0, "p")])
    summary = run.run()
    assert summary.pain_marks == (PainMark(4000, 0, None),)
    assert (
        "   0:04  Pain mark noted (this run is not being saved). How bad, 1-9 (0 = 10)? (5 s)\n"
        "   0:04  Pain mark recorded (unrated)\n"
    ) in out.getvalue()


def test_quit_asks_first_and_only_y_or_q_ends(clock: FakeClock) -> None:
    """q asks; any other key carries on; q then y ends the workout early."""
    presses = [(5.0, "q"), (6.0, "x"), (8.0, "q"), (9.0, "y")]
    run, player, out = runner(clock, ((RUN, 60), (WALK, 60)), presses)
    summary = run.run()
    assert summary.finished is not None
    assert not summary.finished.completed
    assert summary.finished.due == 9.0
    assert player.played[-1] == "say-ended"
    assert out.getvalue().count("End the workout now? Press y to end, any other key to go on.") == 2
    assert "         Carrying on.\n" in out.getvalue()
    assert "  W1R2: ended early\n" in out.getvalue()


def test_unanswered_quit_question_lapses(clock: FakeClock) -> None:
    """Without an answer within 5 s, the question lapses and the run goes on to the end."""
    run, _, out = runner(clock, ((RUN, 20),), [(2.0, "q")])
    summary = run.run()
    assert summary.finished is not None
    assert summary.finished.completed
    assert "         Carrying on.\n" in out.getvalue()


def test_metronome_clicks_during_runs_only(clock: FakeClock) -> None:
    """120 spm: a click every 0.5 s inside the 2 s run, none at its end or in the walk."""
    settings = CueSettings(countdown=False, metronome=True, metronome_spm=120)
    run, player, _ = runner(clock, ((RUN, 2), (WALK, 2)), settings=settings)
    run.run()
    assert player.played == [
        "tone-run",
        *["tone-click"] * 3,
        "tone-walk",
        "tone-finish",
        "say-complete",
    ]


def test_recorder_failure_does_not_stop_the_run(clock: FakeClock) -> None:
    """A failing recorder is reported on screen and in the summary; the timer carries on."""
    run, _, out = runner(
        clock, ((RUN, 10),), [(3.0, "p"), (4.0, "2")], recorder=FailingRecorder(lambda: START)
    )
    summary = run.run()
    assert summary.finished is not None
    assert summary.finished.completed
    assert summary.pain_marks == (PainMark(3000, 0, 2),)
    assert "⚠ Recording failed (disk full); the timer carries on.\n" in out.getvalue()
    assert "⚠ Recording the pain mark failed (disk full); the timer carries on.\n" in out.getvalue()
    assert "  ⚠ recording failed: disk full\n" in out.getvalue()


def test_without_sound_the_reason_and_the_words_are_shown(clock: FakeClock) -> None:
    """With a NullPlayer, the no-sound reason heads the run and each cue is written out."""
    player = NullPlayer("No sound: the sound device did not open (test).")
    run, _, out = runner(clock, ((RUN, 90),), player=player)
    run.run()
    text = out.getvalue()
    assert "⚠ No sound: the sound device did not open (test).\n" in text
    assert "   0:00  Run for 1:30   (Run for | ninety | seconds)\n" in text
    assert "  cues: 9 (not heard: No sound: the sound device did not open (test).)\n" in text


@pytest.mark.parametrize("key", ["Z", "\x1b"])
def test_other_keys_are_ignored(clock: FakeClock, key: str) -> None:
    """Keys without a meaning change nothing."""
    run, player, _ = runner(clock, ((RUN, 5),), [(1.0, key)])
    run.run()
    assert player.played[-2:] == ["tone-finish", "say-complete"]


@pytest.mark.parametrize("speed", [1.0, 10.0])
@pytest.mark.parametrize(("after", "rating"), [(5.0, "3/10"), (5.001, "unrated")])
def test_the_intensity_window_is_five_of_the_runners_seconds(
    clock: FakeClock, speed: float, after: float, rating: str
) -> None:
    """The one rule of the run session, from the terminal: a digit up to 5 s of the runner's
    time after p counts (at exactly 5 s too), at any --speed; a moment later it does not."""
    presses = [(20.0 * speed, "p"), ((20.0 + after) * speed, "3")]
    programme, workout = make((RUN, 600))
    out = io.StringIO()
    run = TerminalRunner(
        programme,
        workout,
        RecordingPlayer(),  # type: ignore[arg-type]
        clock,
        CueSettings(),
        speed=speed,
        out=out,
        keys=ScriptedKeys(clock, presses, speed),
    )
    summary = run.run()
    assert summary.pain_marks == (
        PainMark(int(20_000 * speed), 0, None if rating == "unrated" else 3),
    )
    assert f"Pain mark recorded ({rating})\n" in out.getvalue()


class TerminalOut(io.StringIO):
    """Output that says it is a terminal, so the live line is drawn."""

    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_live_line_is_repainted_in_place(clock: FakeClock) -> None:
    """The live line is repainted in place (carriage return, erase line) about 4 times a
    second, says PAUSED while paused, and is wiped before each line and the summary."""
    programme, workout = make((RUN, 2), (WALK, 1))
    out = TerminalOut()
    run = TerminalRunner(
        programme,
        workout,
        RecordingPlayer(),  # type: ignore[arg-type]
        clock,
        CueSettings(),
        out=out,
        keys=ScriptedKeys(clock, [(0.5, " "), (1.0, " ")]),
    )
    run.run()
    text = out.getvalue()
    erase = "\r\x1b[K"
    bar = "█" * 4 + "·" * 20
    assert f"{erase}Run  0:02 left  [{bar}]  17%  0:03 to go PAUSED{erase}" in text
    assert f"{erase}Run  0:02 left  [{'█' * 6}{'·' * 18}]  25%  0:03 to go{erase}" in text
    assert f"{erase}Walk  0:01 left  [{'█' * 22}··]  92%  0:01 to go{erase}" in text
    assert text.endswith(
        f"{erase}   0:03  Workout complete. Well done!\n{erase}\nSummary\n  W1R2: completed\n"
        "  time running 0:03 of 0:03 planned, paused 0:01\n"
        "  segments: 2 completed, 0 skipped, of 2\n  cues: 6\n  pain marks: none\n"
    )


def test_segments_are_named_by_the_one_rule_the_screen_uses(clock: FakeClock) -> None:
    """core.placement.segment_name: a count only when there are two of a kind ("Walk 1 of 2"
    too, which the terminal used to call plain "Walk"), the kind alone otherwise."""
    run, _, out = runner(clock, ((RUN, 2), (WALK, 2), (RUN, 2), (WALK, 2)))
    run.run()
    starts = [line for line in out.getvalue().splitlines() if " for 0:02" in line]
    assert starts == [
        "   0:00  Run 1 of 2 for 0:02",
        "   0:02  Walk 1 of 2 for 0:02",
        "   0:04  Run 2 of 2 for 0:02",
        "   0:06  Walk 2 of 2 for 0:02",
    ]


class CreepingClock(FakeClock):
    """Real time that moves on ``step`` seconds at every reading: the work between readings."""

    def __init__(self, step: float) -> None:
        super().__init__()
        self.step = step

    def monotonic(self) -> float:
        return self.advance(self.step)


class ClockReadingPlayer(RecordingPlayer):
    """Plans as the real player does: the deadline is turned into real time by reading the
    run's clock there and then."""

    def plan(
        self, cue_ids: Sequence[str], at: float, now: Callable[[], float], speed: float
    ) -> None:
        now()
        super().plan(cue_ids, at, now, speed)


def test_a_key_after_a_tick_that_planned_cues_is_no_suspend_at_speed() -> None:
    """At --speed 1000 a key read in the step whose tick planned the next cues was handled at
    the time read before that tick; planning had read the clock since, and boot time ran ahead
    of the key's time by a reading's work times the speed: a "suspend" that paused the run."""
    base = CreepingClock(0.0025)  # 2.5 ms of work per reading: 2.5 s of the run's time
    presses = [(0.05 + 0.01 * n, "p") for n in range(40)]  # pain marks while pips fall due
    presses += [(1.0, "q"), (1.01, "y")]  # a run paused by mistake ends here, said below
    programme, workout = make((RUN, 60), (WALK, 60))
    out = io.StringIO()
    run = TerminalRunner(
        programme,
        workout,
        ClockReadingPlayer(),
        ScaledClock(base, 1000.0),
        CueSettings(),
        speed=1000.0,
        out=out,
        keys=ScriptedKeys(base, presses),
    )
    run.run()
    assert "(the computer went to sleep)" not in out.getvalue()
    assert "Paused" not in out.getvalue()
