"""The Qt app on a FakeClock: today screen, run screen, keys, pain marks, quitting."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from couchtimer.core.engine import EngineState
from couchtimer.core.pain import PainMark
from couchtimer.ui.desktop import Request
from couchtimer.ui.main_window import MainWindow
from tests.helpers.stubs import Answers, FakeClock, RecordingPlayer


def start_custom(window: MainWindow) -> None:
    window.today.programme_box.setCurrentIndex(window.today.programme_box.count() - 1)
    assert window.presenter.programme.id == "quick-test"
    window.today.start_button.click()
    assert window.driver is not None


def key(qtbot: QtBot, window: MainWindow, code: Qt.Key) -> None:
    qtbot.keyClick(window.run_screen, code)


def test_fonts_are_installed(qapp: QApplication) -> None:
    """Text needs real fonts (fonts-dejavu-core on Debian); pixels alone would not tell."""
    assert QFontDatabase.families()


def test_today_suggests_the_first_run_not_done(window: MainWindow) -> None:
    """A first start suggests week 1 run 1 and shows all 27 runs in the grid."""
    assert window.today.selected == (1, 1)
    assert window.today.next_title.text() == "Next: week 1, run 1"
    assert window.today.start_button.text() == "Start week 1, run 1"
    assert len(window.today.cells) == 27
    window.today.cells[(4, 1)].click()
    assert window.today.selected == (4, 1)
    assert window.today.next_title.text() == "Chosen: week 4, run 1"
    assert window.today.next_summary.text().startswith("31:30 in all: Warm-up 5:00 · Run 3:00")


def test_today_selection_marks_exactly_one_cell(window: MainWindow) -> None:
    """Choosing runs moves the ▶, the bold face and the check from cell to cell."""
    today = window.today
    for week, run in [(4, 1), (2, 3), (2, 3), (1, 1)]:
        today.cells[(week, run)].click()
        marked = [key for key, cell in today.cells.items() if cell.text().startswith("▶ ")]
        checked = [key for key, cell in today.cells.items() if cell.isChecked()]
        bold = [key for key, cell in today.cells.items() if cell.font().bold()]
        assert marked == checked == bold == [(week, run)]


def test_switching_programmes_rebuilds_the_grid(qtbot: QtBot, window: MainWindow) -> None:
    """Week and run headings and cells are those of the chosen programme, none left over."""
    from PySide6.QtWidgets import QLabel

    def headings() -> list[str]:
        labels = window.today.grid_host.findChildren(QLabel)
        return sorted(label.text() for label in labels if label.isVisibleTo(window))

    nhs = sorted(["Run 1", "Run 2", "Run 3"] + [f"Week {week}" for week in range(1, 10)])
    assert headings() == nhs
    window.today.programme_box.setCurrentIndex(window.today.programme_box.count() - 1)
    qtbot.waitUntil(lambda: headings() == ["Run 1", "Week 1"])  # new widgets show on the next pass
    assert list(window.today.cells) == [(1, 1)]
    window.today.programme_box.setCurrentIndex(0)
    qtbot.waitUntil(lambda: headings() == nhs)
    assert len(window.today.cells) == 27


def test_guidance_cleared_takes_the_run_off_hold(window: MainWindow) -> None:
    """Urgent guidance puts the selected run on hold; no guidance any more lifts it."""
    from couchtimer.core.guidance import Action, Guidance, Rule

    today = window.today
    urgent = Guidance(Action.URGENT, Rule.RED_FLAGS, "Please do not run again yet", "Numbness.")
    today.set_guidance(urgent, "Call 111 or see a GP today.")
    assert today.on_hold
    assert today.next_title.text().startswith("On hold until the urgent advice below is followed")
    assert today.guidance.seen_button.isVisible()
    today.set_guidance(None)
    assert not today.on_hold
    assert today.next_title.text() == "Next: week 1, run 1"
    assert not today.guidance.isVisible()


def test_run_screen_follows_the_workout(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, player: RecordingPlayer
) -> None:
    """Labels, the bar's now marker and the cues change exactly at each boundary."""
    start_custom(window)
    screen = window.run_screen
    assert window.stack.currentWidget() is screen
    assert screen.kind_label.text() == "WARM-UP"
    assert screen.countdown_label.text() == "00:04"
    assert screen.detail_label.text() == "Brisk walk"
    assert screen.next_label.text() == "Next: Run 00:05"
    assert screen.total_label.text() == "00:25 left in all"
    assert player.played == ["start:warmup"]
    assert window.driver is not None
    clock.advance(3.999)
    window.driver.poll()
    assert screen.kind_label.text() == "WARM-UP"
    assert screen.countdown_label.text() == "00:01"
    clock.advance(0.001)
    window.driver.poll()
    assert screen.kind_label.text() == "RUN"
    assert screen.detail_label.text() == "Run 1 of 2"
    assert screen.countdown_label.text() == "00:05"
    assert player.played == [
        "start:warmup", "countdown:3", "countdown:2", "countdown:1", "start:run",
    ]  # fmt: skip
    now_x = screen.bar.now_x()
    assert now_x is not None
    assert abs(now_x - screen.bar.x_at(4.0)) <= 1.0  # the marker moves in whole pixels


def test_keys_pause_skip_and_back(qtbot: QtBot, window: MainWindow, clock: FakeClock) -> None:
    """Space pauses and resumes, → skips, ← restarts or goes back."""
    start_custom(window)
    screen = window.run_screen
    driver = window.driver
    assert driver is not None
    key(qtbot, window, Qt.Key.Key_Space)
    assert driver.session.engine.state is EngineState.PAUSED
    assert screen.status_label.text() == "Paused"
    assert screen.pause_button.text() == "Resume"
    clock.advance(60)
    driver.poll()
    assert screen.countdown_label.text() == "00:04"
    key(qtbot, window, Qt.Key.Key_Space)
    assert driver.session.engine.state is EngineState.RUNNING
    key(qtbot, window, Qt.Key.Key_Right)
    assert screen.kind_label.text() == "RUN"
    clock.advance(1)
    key(qtbot, window, Qt.Key.Key_Left)
    assert screen.kind_label.text() == "WARM-UP"
    assert screen.countdown_label.text() == "00:04"


def test_pain_mark_with_intensity(qtbot: QtBot, window: MainWindow, clock: FakeClock) -> None:
    """P marks pain at once in the current segment; 7 within 5 s sets its intensity."""
    start_custom(window)
    screen = window.run_screen
    driver = window.driver
    assert driver is not None
    clock.advance(6.25)  # 2.25 s into run 1 (segment 1)
    driver.poll()
    key(qtbot, window, Qt.Key.Key_P)
    assert screen.prompt.isVisible()
    assert screen.prompt_label.text().startswith("Pain marked at 00:07 (Run 1 of 2).")
    assert driver.session.marks == (PainMark(6250, 1, None),)
    clock.advance(2)
    key(qtbot, window, Qt.Key.Key_7)
    assert driver.session.marks == (PainMark(6250, 1, 7),)
    assert not screen.prompt.isVisible()
    assert len(screen.bar.marker_rects()) == 1


def test_intensity_window_closes_after_five_seconds(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    """After 5 s the strip goes; the mark stays without a number; digits do nothing."""
    start_custom(window)
    driver = window.driver
    assert driver is not None
    key(qtbot, window, Qt.Key.Key_P)
    clock.advance(5.5)
    driver.poll()
    assert not window.run_screen.prompt.isVisible()
    key(qtbot, window, Qt.Key.Key_3)
    assert driver.session.marks == (PainMark(0, 0, None),)


@pytest.mark.parametrize("speed", [1.0, 10.0])
@pytest.mark.parametrize(("after", "taken"), [(5.0, True), (5.001, False)])
def test_the_intensity_window_is_five_of_the_runners_seconds(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, speed: float, after: float, taken: bool
) -> None:
    """The one rule of the run session, from the run screen: a number up to 5 s of the
    runner's time after P counts (at exactly 5 s too), at any --speed; a moment later not.
    Paused first, so that no boundary comes in between: a pause does not stretch it either."""
    window.ctx.speed = speed
    start_custom(window)
    driver = window.driver
    assert driver is not None
    key(qtbot, window, Qt.Key.Key_Space)
    key(qtbot, window, Qt.Key.Key_P)
    clock.advance(after * speed)
    key(qtbot, window, Qt.Key.Key_3)
    assert driver.session.marks == (PainMark(0, 0, 3 if taken else None),)
    assert not window.run_screen.prompt.isVisible()


def test_full_screen_toggle(qtbot: QtBot, window: MainWindow) -> None:
    """F11 enters treadmill mode, Esc leaves it."""
    start_custom(window)
    key(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    key(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_closing_during_a_run_asks_first(
    qtbot: QtBot, window: MainWindow, answers: Answers, clock: FakeClock
) -> None:
    """Closing mid-run asks; 'no' keeps running, 'yes' ends the run early and closes."""
    start_custom(window)
    answers.reply = False
    assert not window.close()
    assert answers.asked == ["End this run?"]
    assert window.run_in_progress
    answers.reply = True
    clock.advance(2)
    assert window.close()
    assert window.driver is None
    assert not window.isVisible()


def test_finished_run_returns_to_today(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, player: RecordingPlayer
) -> None:
    """At the end the finish cue plays and Today says how it went."""
    start_custom(window)
    driver = window.driver
    assert driver is not None
    key(qtbot, window, Qt.Key.Key_P)
    clock.advance(30)
    driver.poll()
    qtbot.waitUntil(lambda: window.driver is None)
    assert player.played[-1] == "finish"
    assert window.stack.currentWidget() is window.tabs
    assert window.today.notice.text() == "Run complete. Well done! You marked pain 1 time."
    QApplication.processEvents()


def test_real_cue_policy_at_each_boundary(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, player: RecordingPlayer
) -> None:
    """With the shipped cue policy, the run's chime and words start exactly at the boundary."""
    from couchtimer.core.cues import CuePolicy
    from couchtimer.settings_file import saved_cue_settings

    window.ctx.cue_source = lambda workout, values: CuePolicy(workout, saved_cue_settings(values))
    start_custom(window)
    driver = window.driver
    assert driver is not None
    boundary = len(player.played)
    assert player.played[0] == "tone-walk"
    clock.advance(3.999)
    driver.poll()
    before = list(player.played)
    clock.advance(0.001)
    driver.poll()
    assert player.played[len(before)] == "tone-run"
    # a 5 s run is too short for "Run 1 of 2" (that is said for runs of 10 s or more)
    assert player.played[len(before) :] == ["tone-run", "say-run-for", "num-5", "say-seconds"]
    assert before[boundary:] == ["tone-pip", "tone-pip", "tone-pip"]


def test_metronome_clicks_only_in_runs(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, player: RecordingPlayer
) -> None:
    """At 180 steps a minute, a 5 s run gets 14 clicks (one every 1/3 s), the walk none."""
    from couchtimer.core.cues import CuePolicy
    from couchtimer.settings_file import saved_cue_settings

    values = window.ctx.settings.values() | {"metronome": True, "metronome_spm": 180}
    window.ctx.settings.save(values)
    window.ctx.cue_source = lambda workout, vals: CuePolicy(workout, saved_cue_settings(vals))
    start_custom(window)
    driver = window.driver
    assert driver is not None
    clicks_by_segment = []
    for _segment in range(3):  # warm-up, run, walk
        before = player.played.count("tone-click")
        segment_index = driver.session.engine.index
        while driver.session.engine.index == segment_index:
            deadline = driver.session.next_deadline()
            assert deadline is not None
            clock.advance(deadline - clock.monotonic())
            driver.poll()
        clicks_by_segment.append(player.played.count("tone-click") - before)
    assert clicks_by_segment == [0, 14, 0]


def test_enter_starts_the_selected_run(qtbot: QtBot, window: MainWindow) -> None:
    """On Today, Enter starts the run shown on the big button."""
    window.today.cells[(2, 3)].click()
    qtbot.keyClick(window.today, Qt.Key.Key_Return)
    assert window.driver is not None
    assert window.driver.session.workout.code == "W2R3"


def test_a_new_volume_goes_to_the_open_player(window: MainWindow) -> None:
    """A new volume is handed to the player that is open (it rescales its cues); no reopening."""
    opened: list[RecordingPlayer] = []

    def open_player() -> RecordingPlayer:
        opened.append(RecordingPlayer())
        return opened[-1]

    window.ctx.player_factory = open_player
    assert window.presenter.player is window.presenter.player
    assert len(opened) == 1
    window.commands.apply_settings(window.ctx.settings.values() | {"countdown": False})
    assert window.presenter.player is not None
    assert len(opened) == 1
    assert opened[0].volumes == []
    window.commands.apply_settings(window.ctx.settings.values() | {"volume": 40})
    assert window.presenter.player is opened[0]
    assert len(opened) == 1
    assert opened[0].volumes == [0.4]
    assert window.ctx.settings.values()["volume"] == 40


def test_a_later_launch_can_start_a_run(window: MainWindow) -> None:
    """`couchtimer run W2R1` while the app is open starts that run in the open window."""
    window.presenter.handle_request(Request((2, 1)))
    assert window.driver is not None
    assert window.driver.session.workout.code == "W2R1"
    window.presenter.handle_request(Request((3, 1)))  # a run is in progress: not interrupted
    assert window.driver.session.workout.code == "W2R1"
    assert window.statusBar().currentMessage() == (
        "A run is in progress; week 3, run 1 was not started."
    )


def test_a_later_launch_asking_for_nonsense_only_raises(window: MainWindow) -> None:
    """An unknown run starts nothing (a garbled request never gets here: see parse_request)."""
    window.presenter.handle_request(Request((12, 1)))
    window.presenter.handle_request(Request())
    assert window.driver is None


def test_the_run_screen_says_when_the_history_file_stops_and_when_a_write_fails(
    window: MainWindow, clock: FakeClock
) -> None:
    """The run session tells the screen once the recorder has a problem (with where the run is
    kept meanwhile), clears it when the file takes the run again, and says so when a write
    raises; the run goes on each time."""
    from datetime import UTC, datetime
    from pathlib import Path

    from tests.helpers.run_views import FailingRecorder

    recorder = FailingRecorder(lambda: datetime(2026, 12, 2, tzinfo=UTC))
    window.ctx.recorder_factory = lambda: recorder
    start_custom(window)
    driver = window.driver
    assert driver is not None
    notice = window.run_screen.notice_label
    recorder.problem = "The history file is locked by another program."
    recorder.safe_in = Path("/run/user/1000/couchtimer/journals/run.journal")
    driver.poll()
    assert notice.text() == (
        "Not in your history yet: The history file is locked by another program. The run goes "
        "on. Everything so far is safe in /run/user/1000/couchtimer/journals/run.journal and "
        "goes into your history as soon as the file can be written."
    )
    recorder.problem = None
    driver.poll()
    assert notice.text() == ""
    clock.advance(4.5)  # the warm-up (4 s) ends: handing its end to the recorder fails
    driver.poll()
    assert notice.text() == "Recording failed (disk full); the timer carries on."
    assert driver.session.in_progress


@pytest.mark.root
def test_the_gui_thread_is_ten_nicer_while_a_run_is_on(
    window: MainWindow, clock: FakeClock
) -> None:
    """ui/run_driver.py: from Start to the run's end the GUI thread has a nice value 10 lower
    (never real time: it draws the desktop's windows), then the one it had."""
    import os
    import threading

    thread = threading.get_native_id()
    before = os.getpriority(os.PRIO_PROCESS, thread)
    start_custom(window)
    assert os.getpriority(os.PRIO_PROCESS, thread) == before - 10
    assert os.sched_getscheduler(0) == os.SCHED_OTHER
    assert window.driver is not None
    clock.advance(26.0)  # the quick test workout is 25 s
    driver = window.driver
    driver.poll()
    assert driver.session.finished is not None
    assert os.getpriority(os.PRIO_PROCESS, thread) == before
