"""The fakes behave like the real things they stand in for."""

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from couchtimer.core.pain import PainMark
from tests.helpers.permissions import unwritable
from tests.helpers.stubs import FakeClock, FakeWallClock


def test_fake_clock_advances_both_clocks() -> None:
    """Awake time moves monotonic and boot time alike."""
    clock = FakeClock(start=10.0)
    boot = clock.boottime()
    assert clock.advance(2.5) == 12.5
    assert clock.monotonic() == 12.5
    assert clock.boottime() == boot + 2.5


def test_fake_clock_suspend_moves_only_boot_time() -> None:
    """During a suspend the monotonic clock stops, as CLOCK_MONOTONIC does on Linux."""
    clock = FakeClock(start=10.0)
    boot = clock.boottime()
    clock.suspend(600)
    assert clock.monotonic() == 10.0
    assert clock.boottime() == boot + 600


def test_fake_clock_refuses_to_run_backwards() -> None:
    """Negative steps are test bugs and fail loudly."""
    clock = FakeClock()
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(-1)
    with pytest.raises(ValueError, match="backwards"):
        clock.suspend(-1)


def test_fake_wall_clock_reads_and_advances_utc() -> None:
    """The wall clock gives aware UTC times and only moves when told."""
    start = datetime(2026, 11, 27, 7, 30, tzinfo=UTC)
    wall = FakeWallClock(start)
    assert wall() == start
    assert wall.advance(90) == datetime(2026, 11, 27, 7, 31, 30, tzinfo=UTC)
    assert wall() == datetime(2026, 11, 27, 7, 31, 30, tzinfo=UTC)
    with pytest.raises(ValueError, match="backwards"):
        wall.advance(-1)
    with pytest.raises(ValueError, match="aware"):
        FakeWallClock(datetime(2026, 11, 27))


def test_recording_player_records_plays_in_order_and_is_a_player() -> None:
    """RecordingPlayer satisfies the Player protocol and keeps every cue id, in order."""
    from couchtimer.audio import Player
    from tests.helpers.stubs import RecordingPlayer

    player = RecordingPlayer()
    assert isinstance(player, Player)
    assert (player.available, player.problem) == (True, None)
    player.play("tone-run")
    player.play("say-run-for")
    player.stop()
    assert player.played == ["tone-run", "say-run-for"]
    assert player.stops == 1
    player.close()
    with pytest.raises(RuntimeError, match="after close"):
        player.play("tone-pip")


def test_recording_player_holds_a_plan_until_started_or_taken_back() -> None:
    """A plan waits (``pending``) until the test starts it, as the player's thread would at the
    deadline (then ``cancel_plan`` says it had started), or the session takes it back."""
    from tests.helpers.stubs import FakeClock, RecordingPlayer

    clock, player = FakeClock(), RecordingPlayer()
    player.plan(["tone-pip"], 1003.0, clock.monotonic, 2.0)
    assert (player.pending, player.plan_clock) == ((("tone-pip",), 1003.0), (clock.monotonic, 2.0))
    assert player.cancel_plan() is False
    assert (player.pending, player.cancelled, player.played) == (
        None,
        [(("tone-pip",), 1003.0)],
        [],
    )
    player.plan(["tone-run", "say-run-for"], 1010.0, clock.monotonic, 1.0)
    assert player.start_planned() == ["tone-run", "say-run-for"]
    assert player.played == ["tone-run", "say-run-for"]
    assert player.cancel_plan() is True
    assert player.cancel_plan() is False
    assert player.plans == [(("tone-pip",), 1003.0), (("tone-run", "say-run-for"), 1010.0)]
    with pytest.raises(AssertionError, match="nothing is planned"):
        player.start_planned()


def test_recording_player_notes_the_plan_each_tick_finds() -> None:
    """``ticked`` (a tick that keeps the plan) is noted with the plan pending then."""
    from tests.helpers.stubs import FakeClock, RecordingPlayer

    clock, player = FakeClock(), RecordingPlayer()
    player.ticked()
    player.plan(["tone-pip"], 1003.0, clock.monotonic, 1.0)
    player.ticked()
    assert player.ticks == [None, (("tone-pip",), 1003.0)]


def test_scripted_keys_move_the_clock_to_each_press() -> None:
    """A read returns the next press once its time is within the timeout, moving the clock."""
    from tests.helpers.stubs import ScriptedKeys

    clock = FakeClock(start=100.0)
    with ScriptedKeys(clock, [(2.5, "n"), (1.0, " ")]) as keys:
        assert keys.read(0.5) is None
        assert clock.monotonic() == 100.5
        assert keys.read(10.0) == " "
        assert clock.monotonic() == 101.0
        assert keys.read(1.0) is None
        assert keys.read(1.0) == "n"
        assert clock.monotonic() == 102.5
        assert keys.read(-1.0) is None
        assert keys.waited == 2.5


def test_unwritable_refuses_writes_inside_and_gives_the_modes_back(tmp_path: Path) -> None:
    """Root or not, a new file in the folder and a write to the file fail inside; afterwards
    both are writable again with the modes they had (so the test can clean up)."""
    folder = tmp_path / "folder"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    kept = folder / "kept.txt"
    kept.write_text("before")
    kept.chmod(0o644)
    with unwritable(folder, kept):
        with pytest.raises(PermissionError):
            (folder / "new.txt").write_text("x")
        with pytest.raises(PermissionError):
            kept.write_text("after")
    assert os.geteuid() == os.getuid()  # root again, where it was root
    assert kept.read_text() == "before"
    assert [stat.S_IMODE(p.stat().st_mode) for p in (folder, kept)] == [0o755, 0o644]
    assert sorted(p.name for p in folder.iterdir()) == ["kept.txt"]


def test_the_fake_run_view_answers_every_call_of_the_run_view() -> None:
    """Tests are not type-checked: this keeps FakeView (and the recorders that fail on purpose)
    in step with the protocols the run session calls."""
    from couchtimer.core.recording import Recorder
    from couchtimer.run.session import RunView
    from tests.helpers.run_views import FailingRecorder, FakeView

    def members(protocol: type) -> set[str]:
        return {name for name in vars(protocol) if not name.startswith("_")}

    assert members(RunView) == {
        "show_display", "show_events", "show_marks", "show_intensity_prompt", "show_notice",
        "show_caption", "show_sound_problem", "show_save_problem", "show_recording_failure",
        "run_finished",
    }  # fmt: skip
    assert all(callable(getattr(FakeView(), name)) for name in members(RunView))
    recorder = FailingRecorder(lambda: datetime(2026, 12, 2, tzinfo=UTC))
    assert all(hasattr(recorder, name) for name in members(Recorder))
    with pytest.raises(OSError, match="disk full"):
        recorder.add_mark(PainMark(0, 0))


def test_memory_settings_keep_what_the_app_saves_as_the_settings_file_would() -> None:
    """Typed values with defaults, as SettingsStore gives them; the start week and a dismissed
    report are remembered (when red flags were cleared is the history file's, not a setting)."""
    from couchtimer.core.settings import resolved
    from tests.helpers.stubs import MemorySettings

    settings = MemorySettings()
    assert settings.values() == resolved({})
    settings.save(settings.values() | {"volume": 40})
    assert settings.values()["volume"] == 40
    settings.set_start_week("nhs-c25k", 4)
    settings.dismiss_report("uuid-1")
    assert settings.start_week("nhs-c25k") == 4
    assert (settings.start_week("other"), settings.report_dismissed) == (None, "uuid-1")


def test_fake_today_offers_the_first_run_not_done_as_today_does() -> None:
    from couchtimer.programmes import resolve_programme
    from tests.helpers.stubs import FakeToday

    today = FakeToday()
    programme = resolve_programme("nhs-c25k")
    today.set_programme(programme, {(1, 1), (1, 2)})
    assert (today.next_run, today.selected) == ((1, 3), (1, 3))
    today.set_programme(programme, {(w.week, w.run) for w in programme.workouts})
    assert today.next_run == (9, 3)  # all done: the last
    today.set_programme(programme, set(), (4, 2))  # core.nextrun's choice wins
    assert today.next_run == (4, 2)
