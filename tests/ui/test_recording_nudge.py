"""History's nudge (issue 15): the slider under a recorded run's timeline moves the recording
against the segments; the figures follow live; keeping it is the window's to store. A real
history file, a recording made of real samples (tests/helpers/activities)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from couchtimer.core.alignment import NUDGE_SECONDS
from couchtimer.recordings import attach_recording
from couchtimer.store import HistoryStore
from couchtimer.ui.history_view import HistoryView
from couchtimer.ui.recording_nudge import StoreRecordings
from tests.helpers.activities import spliced, stored_w4r1, w4r1_segments, write_tcx

START = datetime(2025, 5, 1, 7, 0, tzinfo=UTC)
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    """W4R1 with a recording 37 s behind it that the runner placed, wrongly, at 0 s."""
    db = tmp_path / "history.db"
    run_id = stored_w4r1(db, START)
    recording = write_tcx(spliced(w4r1_segments(START), 37), tmp_path / "watch.tcx")
    with HistoryStore.open(db, backups=False) as opened:
        attach_recording(opened, recording, run_id, offset=0.0)
        yield opened


@pytest.fixture
def view(qtbot: QtBot, store: HistoryStore) -> Iterator[HistoryView]:
    widget = HistoryView()
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.nudge.source = StoreRecordings(store)
    widget.set_runs(store.load_runs())
    widget.show()
    yield widget
    widget.nudge.timer.stop()  # a slider move still settling reads nothing once the file closes
    widget.nudge.source = None


def _cadences(view: HistoryView) -> list[str]:
    return [row[5] for row in view.segment_table.rows()]


def test_the_slider_moves_the_recording_and_the_figures_follow(
    qtbot: QtBot, view: HistoryView
) -> None:
    nudge = view.nudge
    assert nudge.isVisible()
    assert (nudge.slider.minimum(), nudge.slider.value(), nudge.slider.maximum()) == (
        -NUDGE_SECONDS,
        0,
        NUDGE_SECONDS,
    )
    assert nudge.status.text() == "The recording is kept at +0 s (placed by you)."
    assert not nudge.keep_button.isEnabled()
    kept_cadences = _cadences(view)

    with qtbot.waitSignal(nudge.moved, timeout=5000) as moved:
        nudge.slider.setValue(37)
    metrics = moved.args[0]
    runs = [m.cadence_spm for m in metrics if m.kind.value == "run"]
    walks = [m.cadence_spm for m in metrics if m.kind.value == "walk"]
    assert all(c is not None and abs(c - 166) <= 6 for c in runs)
    assert all(c is not None and abs(c - 122) <= 6 for c in walks)
    assert _cadences(view) != kept_cadences  # the table follows the slider
    assert view.timeline.metrics == metrics  # and so do the timeline's strips
    assert nudge.value.text() == "+37 s"
    assert nudge.status.text().startswith(
        "The recording is kept at +0 s (placed by you). Shown at +37 s: not kept yet. Cadence "
        "follows the run/walk pattern here: r = 0.9"
    )
    with qtbot.waitSignal(view.recording_moved) as kept:
        nudge.keep_button.click()
    assert kept.args == [view.selected.id if view.selected else -1, 37.0]

    nudge.put_back()
    qtbot.waitUntil(lambda: _cadences(view) == kept_cadences)
    assert not nudge.back_button.isEnabled()


def test_keys_move_the_slider_a_second_or_fifteen(qtbot: QtBot, view: HistoryView) -> None:
    slider = view.nudge.slider
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)
    assert slider.value() == 16
    qtbot.keyClick(slider, Qt.Key.Key_End)
    assert slider.value() == NUDGE_SECONDS


def test_a_run_without_a_recording_has_no_nudge(qtbot: QtBot, store: HistoryStore) -> None:
    widget = HistoryView()
    qtbot.addWidget(widget)
    widget.nudge.source = StoreRecordings(store)
    widget.set_runs([replace(run, measured=None) for run in store.load_runs()])
    widget.show()
    assert not widget.nudge.isVisible()
