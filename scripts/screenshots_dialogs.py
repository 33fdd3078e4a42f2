#!/usr/bin/env python3
"""Write screenshots of the segment bar and the discomfort dialogs to docs/screenshots/.

Run: ``.venv/bin/python scripts/screenshots_dialogs.py [NAME...]``. It draws offscreen on a
1366 x 768 screen (the smallest common laptop), so a dialog that would not fit is shown as the
runner would see it: scrolled. Each picture is taken in a light and a dark palette. Open them and
look: nothing clipped, text readable.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from couchtimer.charts import theme
from couchtimer.core.pain import Character, Eased, PainMark, Side, Surface, Terrain
from couchtimer.programmes import resolve_programme
from couchtimer.ui.checkin_dialog import CheckinDialog
from couchtimer.ui.pain_dialog import PostRunDialog
from couchtimer.ui.segment_bar import SegmentBar

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"

# NHS Couch to 5K week 4 (the shipped programme): runs of 3, 5, 3 and 5 minutes
WEEK4 = resolve_programme("nhs-c25k").workout(4, 1)
# the seed story: stabbing lower-back pain in the runs, gone in the walks
WEEK4_MARKS = (
    PainMark(offset_ms=(570 + 130) * 1000, segment_index=3, intensity=4),
    PainMark(offset_ms=(1020 + 100) * 1000, segment_index=5, intensity=6),
    PainMark(offset_ms=(1290 + 200) * 1000, segment_index=7, intensity=None),
)


def segment_bar() -> QWidget:
    holder = QWidget()
    layout = QVBoxLayout(holder)
    bar = SegmentBar()
    bar.set_segments(WEEK4.segments)
    bar.set_marks(WEEK4_MARKS)
    bar.set_now(1380)
    layout.addWidget(bar)
    holder.resize(640, holder.sizeHint().height())
    return holder


def post_run_question() -> QWidget:
    return PostRunDialog(None, WEEK4, WEEK4_MARKS, completed=True)


def post_run_empty() -> QWidget:
    dialog = PostRunDialog(None, WEEK4, WEEK4_MARKS, completed=True)
    dialog.describe_button.click()
    return dialog


def post_run_filled() -> QWidget:
    dialog = post_run_empty()
    assert isinstance(dialog, PostRunDialog)
    dialog.areas.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.side.setCurrentIndex(dialog.side.findData(Side.BOTH))
    form = dialog.form
    form["worst_during"].set_value(7)
    form["intensity_after"].set_value(2)
    form["eased_in_walks"].set_value(Eased.YES)
    form["characters"].set_value((Character.STABBING,))
    form["terrain"].set_value(Terrain.DOWNHILL)
    form["surface"].set_value(Surface.ROAD)
    form["notes"].set_value("Either side of the lower spine. Worst on the long downhill.")
    return dialog


def post_run_red_flag() -> QWidget:
    dialog = post_run_filled()
    assert isinstance(dialog, PostRunDialog)
    dialog.red_flag_boxes["saddle-numbness"].setChecked(True)
    return dialog


def checkin() -> QWidget:
    dialog = CheckinDialog(None, "After W4R1 yesterday: lower back, worst 7 of 10.")
    dialog.intensity.setValue(3)
    dialog.stiffness.setValue(5)
    dialog.notes.setText("Stiff getting out of bed, easing now")
    return dialog


SHOTS: dict[str, Callable[[], QWidget]] = {
    "segment-bar": segment_bar,
    "post-run-question": post_run_question,
    "post-run-empty": post_run_empty,
    "post-run-filled": post_run_filled,
    "post-run-red-flag": post_run_red_flag,
    "checkin": checkin,
}


def shoot(name: str, build: Callable[[], QWidget], dark: bool) -> Path:
    theme.apply_theme(QApplication.instance(), "dark" if dark else "light")  # Settings > Colours
    widget = build()
    widget.show()
    QApplication.processEvents()

    path = OUT / f"{name}-{'dark' if dark else 'light'}.png"
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    widget.close()
    widget.deleteLater()
    return path


def use_laptop_screen() -> None:
    """Offscreen Qt with one 1366 x 768 screen (must run before the QApplication exists)."""
    screen = {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96}
    config = Path(tempfile.mkdtemp(prefix="couchtimer-shots-")) / "offscreen.json"
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def main(argv: list[str]) -> int:
    use_laptop_screen()
    app = QApplication(argv)
    QApplication.setStyle("Fusion")
    OUT.mkdir(parents=True, exist_ok=True)
    wanted = argv[1:] or list(SHOTS)
    for name in wanted:
        for dark in (False, True):
            print(shoot(name, SHOTS[name], dark).relative_to(ROOT))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
