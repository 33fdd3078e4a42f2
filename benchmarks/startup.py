#!/usr/bin/env python3
"""Time from process start to the main window shown: CouchTimer vs a bare PySide6 QMainWindow.

Both run offscreen in the same session, alternating, each in a fresh process with private XDG
dirs. CouchTimer is started as the desktop entry starts it: ``couchtimer``, no arguments, the
console script pip writes (``from couchtimer.cli import main; sys.exit(main())``), here run as
``python -c`` with those lines so that the checkout being measured comes first on the path (not
``python -m couchtimer``, which also loads runpy). COUCHTIMER_STARTUP_BENCHMARK makes it print
the CLOCK_MONOTONIC time at which its window was shown (after the first event-loop pass) and the
CPU time it had used by then, and quit once start-up is over. The bare window prints the same.
The parent takes the time just before it starts the process.
Target: CouchTimer within 1.2x of the bare window (issue 19; it was 1.3x), for the everyday
start and the very first one.

- **Everyday start**: what a runner's machine holds after the first evening: the settings file
  the app wrote (every setting saved once, a start week answered) and the parsed programme kept
  in the cache dir (couchtimer/programmes.py), shared by all these starts as on one machine.
  Data and state dirs are fresh each time (the history file is opened after the window shows).
- **First start**: nothing yet: no settings file, an empty cache dir.
- In every start the install itself is warm, as on a machine that has run CouchTimer once: its
  compiled modules (.pyc) and, beside them, PySide6's compiled support code
  (``pyside_reads.CompiledOnce``; an install the user cannot write keeps that in the user's
  cache dir instead, so there a first start compiles it: ~120 M instructions more).
- Also printed, not a target: the start with the cache but no settings file yet (what this
  benchmark called the normal start before 2 Dec 2026).

Wall-clock ratios move by 10-20 % on a loaded machine; the CPU-time ratios (the child's own CPU
up to "shown") move less, so both are printed, with the load average; ``--realtime`` (root)
keeps other work from preempting the starts. Also printed, not a target: the same widgets as
CouchTimer's first frame built by a bare PySide6 script, what the screen itself costs.
``--compare DIR`` also starts the app from another checkout (e.g. a ``git archive`` of main) in
the same rounds, so before and after come from one run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path

from _harness import PYTHON, ROOT, fresh_tmp, private_env, summary

TARGET = 1.2

BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1100, 760)
window.show()
def shown():
    print(f"shown {time.monotonic()} {time.process_time()}", file=sys.stderr)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

# Not a target: the widgets of CouchTimer's first frame (Today, tabs, menus, status bar) built by
# a bare PySide6 script with no app code: what the screen itself costs beyond the bare window.
TREE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QComboBox, QGridLayout, QHBoxLayout, QLabel, QMainWindow, QPushButton,
    QScrollArea, QSpinBox, QStackedWidget, QTabWidget, QVBoxLayout, QWidget,
)
def bigger(widget, scale):
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    widget.setFont(font)
app = QApplication(sys.argv[:1])
window = QMainWindow()
today = QWidget()
box = QComboBox()
box.addItems(["NHS Couch to 5K"])
title = QLabel("Next: week 1, run 1")
bigger(title, 2.0)
summary = QLabel("30:00 in all: Warm-up 5:00 · Run 1:00 · Walk 1:30 · Run 1:00 · Walk 1:30")
start = QPushButton("Start week 1, run 1")
bigger(start, 1.8)
start.setMinimumHeight(start.sizeHint().height() * 2)
hidden = [QLabel(), QPushButton(), QPushButton(), QPushButton("Not this time"), QSpinBox()]
for widget in hidden:
    widget.hide()
host = QWidget()
grid = QGridLayout(host)
for run in range(1, 4):
    grid.addWidget(QLabel(f"Run {run}"), 0, run)
for week in range(1, 10):
    grid.addWidget(QLabel(f"Week {week}"), week, 0)
    for run in range(1, 4):
        grid.addWidget(QPushButton(f"W{week}R{run}  30:00"), week, run)
scroll = QScrollArea()
scroll.setWidget(host)
scroll.setWidgetResizable(True)
top = QHBoxLayout()
top.addWidget(QLabel("Programme:"))
top.addWidget(box, 1)
layout = QVBoxLayout(today)
layout.addLayout(top)
for widget in [title, summary, start, *hidden]:
    layout.addWidget(widget)
layout.addWidget(QLabel("Choose any run (repeating a week is fine):"))
layout.addWidget(scroll, 1)
tabs = QTabWidget()
tabs.addTab(today, "&Today")
tabs.addTab(QWidget(), "&History")
stack = QStackedWidget()
stack.addWidget(tabs)
window.setCentralWidget(stack)
window.statusBar().addPermanentWidget(QLabel("CouchTimer is not medical advice."))
for name, count in (("&File", 7), ("&View", 4), ("&Settings", 1), ("&Help", 2)):
    menu = window.menuBar().addMenu(name)
    for number in range(count):
        action = QAction(window)
        action.setText(f"Item {number}")
        action.setShortcuts([QKeySequence(f"Ctrl+{number}")])
        menu.addAction(action)
window.resize(1100, 760)
window.show()
def shown():
    print(f"shown {time.monotonic()} {time.process_time()}", file=sys.stderr)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

# The settings file as the app writes it (QSettings INI) once the runner has saved Settings and
# answered "which week are you in?".
WRITE_SETTINGS = """
import sys
from pathlib import Path
from couchtimer.core.settings import resolved
from couchtimer.ui.settings_store import SettingsStore
store = SettingsStore(Path(sys.argv[1]))
store.save(resolved({}))
store.set_start_week("nhs-c25k", 3)
"""


class Start:
    """One kind of start: how its dirs are prepared; its wall and CPU times."""

    def __init__(self, label: str, cwd: Path, cache: Path | None, settings: Path | None) -> None:
        self.label, self.cwd, self.cache, self.settings = label, cwd, cache, settings
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def once(self, command: list[str]) -> None:
        tmp = fresh_tmp()
        env = private_env(tmp)
        env["COUCHTIMER_STARTUP_BENCHMARK"] = "1"
        if self.cache is not None:
            env["XDG_CACHE_HOME"] = str(self.cache)
        if self.settings is not None:
            folder = tmp / "config" / "couchtimer"
            folder.mkdir(parents=True)
            shutil.copy(self.settings, folder / "settings.ini")
        begin = time.monotonic()
        result = subprocess.run(
            command, env=env, capture_output=True, text=True, cwd=self.cwd, check=False
        )
        lines = [line for line in result.stderr.splitlines() if line.startswith("shown ")]
        if result.returncode != 0 or not lines:
            raise SystemExit(f"{command} failed ({result.returncode}):\n{result.stderr}")
        fields = lines[0].split()
        self.wall.append(float(fields[1]) - begin)
        if len(fields) > 2:
            self.cpu.append(float(fields[2]))
        shutil.rmtree(tmp, ignore_errors=True)


def saved_settings_file() -> Path:
    path = fresh_tmp() / "settings.ini"
    subprocess.run([PYTHON, "-c", WRITE_SETTINGS, str(path)], cwd=ROOT, check=True)
    return path


def cpu_text(start: Start, bare: Start) -> str:
    if not start.cpu or not bare.cpu:
        return ""
    cpu, least = statistics.median(start.cpu), min(start.cpu)
    return (
        f"; CPU {cpu * 1000:.1f} ms, {cpu / statistics.median(bare.cpu):.2f}x"
        f" (least {least * 1000:.1f} ms, {least / min(bare.cpu):.2f}x)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--compare", type=Path, metavar="DIR", help="also start the app from this checkout"
    )
    parser.add_argument(
        "--realtime",
        action="store_true",
        help="start every process at real-time priority where allowed (root, or an RTPRIO "
        "limit), so that other work on a loaded machine does not preempt the starts",
    )
    args = parser.parse_args()
    if args.realtime:
        from couchtimer.priority import raise_priority

        raise_priority()  # the children inherit it
        policy = os.sched_getscheduler(0)
        print(f"  realtime: {'granted' if policy == os.SCHED_RR else 'refused (nice at most)'}")
    settings = saved_settings_file()
    bare = Start("bare QMainWindow", ROOT, None, None)
    widgets = Start("same widgets, no app code", ROOT, None, None)
    trees = [("", ROOT)] + ([(f" [{args.compare}]", args.compare)] if args.compare else [])
    starts: list[tuple[Start, bool]] = []  # (start, has a target)
    for suffix, tree in trees:
        cache = fresh_tmp()
        starts += [
            (Start(f"everyday start{suffix}", tree, cache, settings), True),
            (Start(f"first start{suffix}", tree, None, None), True),
            (Start(f"cache, no settings yet{suffix}", tree, cache, None), False),
        ]
    # The console script's own lines ([project.scripts] couchtimer = "couchtimer.cli:main").
    app_cmd = [PYTHON, "-c", "import sys\nfrom couchtimer.cli import main\nsys.exit(main())"]
    bare_cmd = [PYTHON, "-c", BARE]
    tree_cmd = [PYTHON, "-c", TREE]
    # Warm the file caches, compile each tree's modules and fill each shared programme cache.
    bare.once(bare_cmd)
    widgets.once(tree_cmd)
    for start, _ in starts:
        start.once(app_cmd)
        start.wall.clear(), start.cpu.clear()
    bare.wall.clear(), bare.cpu.clear()
    widgets.wall.clear(), widgets.cpu.clear()
    load_before = os.getloadavg()
    for _ in range(args.runs):
        bare.once(bare_cmd)
        widgets.once(tree_cmd)
        for start, _ in starts:
            start.once(app_cmd)
    load_after = os.getloadavg()
    base = statistics.median(bare.wall)
    print("start-up to main window shown (offscreen)")
    print(
        f"  load average {load_before[0]:.2f} before, {load_after[0]:.2f} after "
        f"({os.cpu_count()} cores)"
    )
    bare_cpu, bare_least = statistics.median(bare.cpu) * 1000, min(bare.cpu) * 1000
    print(f"  bare QMainWindow                   {summary(bare.wall)}")
    print(f"      CPU {bare_cpu:.1f} ms (least {bare_least:.1f} ms)")
    print(f"  bare PySide6, {widgets.label:<20} {summary(widgets.wall)}")
    widgets_ratio = statistics.median(widgets.wall) / base
    print(f"      ratio {widgets_ratio:.2f}x (not a target){cpu_text(widgets, bare)}")
    for start, targeted in starts:
        ratio = statistics.median(start.wall) / base
        verdict = ""
        if targeted:
            verdict = f" (target <= {TARGET:.2f}x) -> {'OK' if ratio <= TARGET else 'OVER TARGET'}"
        print(f"  CouchTimer, {start.label:<22} {summary(start.wall)}")
        print(f"      ratio {ratio:.2f}x{verdict}{cpu_text(start, bare)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
