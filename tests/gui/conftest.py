"""Qt fixtures: a main window on a FakeClock with a recording player and a private settings file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from couchtimer.core.programme import load_programme
from couchtimer.programmes import shipped_programmes
from couchtimer.ui.main_window import AppContext, MainWindow
from couchtimer.ui.settings_store import SettingsStore
from tests.helpers.paths import CUSTOM_PROGRAMME as CUSTOM
from tests.helpers.stubs import Answers, EventCues, FakeClock, RecordingPlayer


@pytest.fixture
def player() -> RecordingPlayer:
    return RecordingPlayer()


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(
    qtbot: QtBot, clock: FakeClock, player: RecordingPlayer, answers: Answers, tmp_path: Path
) -> Iterator[MainWindow]:
    start = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)
    ctx = AppContext(
        programmes=[*shipped_programmes(), load_programme(CUSTOM)],
        settings=SettingsStore(tmp_path / "settings.ini"),
        player_factory=lambda: player,
        clock=clock,
        cue_source=lambda workout, values: EventCues(),
        utc_now=lambda: start + timedelta(seconds=clock.monotonic() - 1000.0),
        ask=answers,
    )
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)  # keys reach shortcuts only in the active window
    yield win
    if win.driver is not None:
        win.driver.stop()
