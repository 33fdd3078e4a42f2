"""The exported cue track says what a live run says, when it says it: the run screen's session,
ticked at every deadline it asks for, plays the very cues ``cue_schedule`` lists, at the same
seconds (one rule for both)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from couchtimer.audio import NullPlayer
from couchtimer.core.cue_track import ScheduledCue, cue_schedule
from couchtimer.core.cues import CueMode, CuePolicy, CueSettings
from couchtimer.core.engine import WorkoutEngine
from couchtimer.core.recording import MemoryRecorder
from couchtimer.programmes import resolve_programme
from couchtimer.run.session import RunSession
from tests.helpers.run_views import FakeView
from tests.helpers.stubs import FakeClock

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


class TimedPlayer(NullPlayer):
    """Records each cue with the seconds since the run started; never plans ahead (the
    session then plays each cue at its tick); otherwise the null player."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__("")
        self.available, self.problem = True, None
        self._clock = clock
        self.start = clock.monotonic()
        self.played: list[ScheduledCue] = []

    def play(self, cue_id: str) -> None:
        self.played.append(ScheduledCue(round(self._clock.monotonic() - self.start, 6), cue_id))


@pytest.mark.parametrize(
    "settings",
    [
        pytest.param(CueSettings(), id="voice"),
        pytest.param(CueSettings(mode=CueMode.TONES, halfway=False), id="tones"),
        pytest.param(
            CueSettings(metronome=True, metronome_spm=170, form_reminders=True), id="metronome"
        ),
    ],
)
@pytest.mark.parametrize("code", [(1, 1), (4, 1), (9, 3)])
def test_the_live_run_plays_the_exported_schedule(
    settings: CueSettings, code: tuple[int, int]
) -> None:
    programme = resolve_programme(None)
    workout = programme.workout(*code)
    clock = FakeClock()
    player = TimedPlayer(clock)
    session = RunSession(
        programme, workout, WorkoutEngine(workout, clock), FakeView(), player,
        CuePolicy(workout, settings), MemoryRecorder(lambda: START), lambda: START,
    )  # fmt: skip
    session.start(clock.monotonic())
    while (deadline := session.next_deadline()) is not None:
        session.tick(clock.advance(deadline - clock.monotonic()))
    expected = [ScheduledCue(round(c.at, 6), c.cue_id) for c in cue_schedule(workout, settings)]
    assert player.played == expected
    assert expected[-1].at == workout.total_seconds
