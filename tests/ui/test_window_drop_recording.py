"""A watch or phone recording dropped on the window is attached to its run, read in a worker
thread (issue 15, item 4); other files are not taken."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from pytestqt.qtbot import QtBot

from couchtimer.core.programme import load_programme
from couchtimer.store import HistoryStore
from couchtimer.store.outdoor import record_planned_run
from couchtimer.store.tracks import runs_with_tracks
from couchtimer.ui.main_window import MainWindow
from tests.helpers.activities import FENIX2_RUN
from tests.helpers.paths import CUSTOM_PROGRAMME as CUSTOM
from tests.helpers.stubs import Answers
from tests.helpers.windows import make_window

NOW = datetime(2026, 3, 4, 20, 0, tzinfo=UTC)
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(tmp_path / "history.db", backups=False) as opened:
        yield opened


def window_on(qtbot: QtBot, store: HistoryStore, answers: Answers, tmp_path: Path) -> MainWindow:
    return make_window(
        qtbot, tmp_path, active=False, store=store, ask=answers, utc_now=lambda: NOW,
        programmes=[load_programme(CUSTOM)],
    )  # fmt: skip


def dragged(*paths: Path) -> QMimeData:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return data


def test_a_dropped_recording_is_attached_to_the_run_it_overlaps(
    qtbot: QtBot, store: HistoryStore, tmp_path: Path
) -> None:
    """The quick W1R1 ran at 14:50 on 15 Aug 2015, inside the fenix 2 recording."""
    workout = load_programme(CUSTOM).workout(1, 1)
    run_id = record_planned_run(
        store, "quick-test", workout, datetime(2015, 8, 15, 14, 50, tzinfo=UTC)
    )
    answers = Answers()
    window = window_on(qtbot, store, answers, tmp_path)
    data = dragged(tmp_path / "notes.txt", FENIX2_RUN)
    enter = QDragEnterEvent(
        QPoint(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: run_id in runs_with_tracks(store), timeout=30000)
    assert window.history.view is not None
    assert window.history.view.model.recorded == {run_id}
    assert (
        window.statusBar()
        .currentMessage()
        .startswith("Recording activity-small-fenix2-run.fit attached to W1R1 (15 Aug 2015; ")
    )


def test_other_files_are_not_taken(qtbot: QtBot, store: HistoryStore, tmp_path: Path) -> None:
    window = window_on(qtbot, store, Answers(), tmp_path)
    data = dragged(tmp_path / "plan.toml")  # kept: the event holds it without a reference
    enter = QDragEnterEvent(
        QPoint(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    enter.ignore()
    window.dragEnterEvent(enter)
    assert not enter.isAccepted()
