"""Qt fixtures: a main window on a FakeClock with a recording player and a private settings file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from couchtimer.ui.main_window import MainWindow
from tests.helpers.stubs import Answers, FakeClock, RecordingPlayer
from tests.helpers.windows import make_window


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
    win = make_window(
        qtbot,
        tmp_path,
        clock=clock,
        player_factory=lambda: player,
        ask=answers,
        now=datetime(2026, 11, 27, 7, 0, tzinfo=UTC),
    )
    yield win
    if win.driver is not None:
        win.driver.stop()
