"""Builders of the app as the tests need it: ``make_app_context`` (Qt-free; the presenter's
tests use it with a fake window) and ``make_window``, the one way tests build the Qt window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from couchtimer.ui.window_view import AppContext
from tests.helpers.stubs import EventCues, FakeClock, MemorySettings, RecordingPlayer

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from couchtimer.ui.main_window import MainWindow
    from couchtimer.ui.run_driver import RunDriver

#: The wall clock's time when a test's FakeClock reads 1000 (its start).
START = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)


def make_app_context(folder: Path, **overrides: Any) -> AppContext:
    """An AppContext on a FakeClock (``clock``) whose wall clock reads ``now`` (START) at the
    clock's start, every shipped programme and the custom one, a recording player, event cues
    and settings in memory; with ``store``, runs go to that history file. Any other field of
    AppContext can be given."""
    from couchtimer.core.programme import load_programme
    from couchtimer.programmes import shipped_programmes
    from tests.helpers.paths import CUSTOM_PROGRAMME

    clock = overrides.pop("clock", None) or FakeClock()
    now: datetime = overrides.pop("now", START)
    start = clock.monotonic()

    def utc_now() -> datetime:
        return now + timedelta(seconds=clock.monotonic() - start)

    fields: dict[str, Any] = {
        "programmes": [*shipped_programmes(), load_programme(CUSTOM_PROGRAMME)],
        "settings": MemorySettings(),
        "player_factory": RecordingPlayer,
        "clock": clock,
        "cue_source": lambda workout, values: EventCues(),
        "utc_now": utc_now,
    }
    store = overrides.get("store")
    if store is not None:
        fields["recorder_factory"] = lambda: store.recorder(utc_now)
        fields["completed"] = store.completed_workouts
    fields |= overrides
    return AppContext(**fields)


def make_window(
    qtbot: QtBot, folder: Path, *, show: bool = True, active: bool = True, **overrides: Any
) -> MainWindow:
    """The main window on ``make_app_context(folder, **overrides)``, its settings in
    ``folder/settings.ini`` unless ``settings`` is given; ``show``n and ``active`` (keys reach
    shortcuts only in the active window) unless told not to be."""
    from couchtimer.ui.main_window import MainWindow
    from couchtimer.ui.settings_store import SettingsStore

    overrides.setdefault("settings", SettingsStore(folder / "settings.ini"))
    window = MainWindow(make_app_context(folder, **overrides))
    qtbot.addWidget(window)
    if not show:
        return window
    window.show()
    qtbot.waitExposed(window)
    if active:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    return window


def start_run(window: MainWindow) -> RunDriver:
    """Press Today's Start, as the runner does, and give the run's driver (the run has begun)."""
    window.today.start_button.click()
    driver = window.driver
    assert driver is not None, "Start did not begin a run"
    return driver
