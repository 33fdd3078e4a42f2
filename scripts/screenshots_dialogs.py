#!/usr/bin/env python3
"""Write screenshots of the segment bar and the discomfort dialogs to docs/screenshots/.

Run offscreen: ``QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_dialogs.py``.
Each picture is taken in a light and a dark palette. Open them and look: nothing clipped,
text readable.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from couchtimer.core.pain import PainMark
from couchtimer.core.programme import Segment, SegmentKind, Workout
from couchtimer.ui import theme
from couchtimer.ui.segment_bar import SegmentBar

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"

K = SegmentKind
# NHS C25K week 4: warm-up, runs of 3, 5, 3, 5 min with walks between, cool-down
WEEK4 = Workout(
    4,
    1,
    (
        Segment(K.WARMUP, 300),
        Segment(K.RUN, 180),
        Segment(K.WALK, 90),
        Segment(K.RUN, 300),
        Segment(K.WALK, 150),
        Segment(K.RUN, 180),
        Segment(K.WALK, 90),
        Segment(K.RUN, 300),
        Segment(K.COOLDOWN, 300),
    ),
)
# the seed story: stabbing lower-back pain in the runs, gone in the walks
WEEK4_MARKS = (
    PainMark(offset_ms=(480 + 130) * 1000, segment_index=3, intensity=4),
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


SHOTS: dict[str, Callable[[], QWidget]] = {
    "segment-bar": segment_bar,
}


def shoot(name: str, build: Callable[[], QWidget], dark: bool) -> Path:
    widget = build()
    if dark:
        widget.setPalette(theme.dark_palette())
    widget.show()
    QApplication.processEvents()
    path = OUT / f"{name}-{'dark' if dark else 'light'}.png"
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    widget.close()
    widget.deleteLater()
    return path


def main(argv: list[str]) -> int:
    app = QApplication.instance() or QApplication(argv)
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
