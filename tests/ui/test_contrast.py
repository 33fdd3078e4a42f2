"""WCAG 1.4.3 and 1.4.11 measured on pixels of the real widgets, in both palettes (issue 20).

The figures before the fixes, with the same ``measure``: selected row 3.69:1 (light), threshold
labels 2.86:1 over the hatching (light) and 2.98:1 (dark), notes placeholder 4.00:1 (light) and
4.35:1 (dark), no visible focus change on the page tab, the run grid or the charts.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from couchtimer.charts import theme
from couchtimer.core.demo import seed_story
from couchtimer.programmes import resolve_programme
from couchtimer.ui.focus import FocusRing
from couchtimer.ui.main_window import MainWindow
from tests.helpers.contrast_screens import measure

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TEXT, NON_TEXT = 4.5, 3.0


@pytest.fixture(params=["light", "dark"])
def themed(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The app in the Light or Dark setting, with its focus ring, for the window made next."""
    theme.apply_theme(qapp, request.param)
    ring = FocusRing.install(qapp)
    yield request.param
    ring.uninstall()
    theme.apply_theme(qapp, "system")


def test_texts_and_focus_marks_meet_aa(themed: str, qtbot: QtBot, window: MainWindow) -> None:
    """Every listed text at 4.5:1 or more over what is under it; every focus mark 3:1."""
    window.resize(1280, 900)
    runs = seed_story(
        resolve_programme("nhs-c25k"), datetime(2026, 3, 2, 7, 30, tzinfo=UTC), fixed_after="W7R2"
    )
    figures = measure(window, runs)
    print(themed, figures)  # the figures, for the record (pytest -s)
    assert len(figures) == 12
    low = {
        key: value
        for key, value in figures.items()
        if value < (NON_TEXT if key.startswith("focus:") else TEXT)
    }
    assert low == {}
