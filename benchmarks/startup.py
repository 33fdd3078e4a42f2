#!/usr/bin/env python3
"""Time from process start to the main window shown: CouchTimer vs a bare PySide6 QMainWindow.

Both run offscreen in the same session, alternating, each in a fresh process with private XDG
dirs. CouchTimer is started as the desktop entry starts it (``couchtimer``, no arguments, here
``python -m couchtimer``); COUCHTIMER_STARTUP_BENCHMARK makes it print the CLOCK_MONOTONIC time
at which its window was shown (after the first event-loop pass) and quit once start-up is over.
The bare window prints the same. The parent takes the time just before it starts the process.
Target: CouchTimer within 1.2x of the bare window (issue 19; it was 1.3x).

Every start gets fresh data, settings and state dirs. The target is for a runner's everyday
start, so those share one cache dir (XDG_CACHE_HOME), as starts on one machine do: the parsed
programme is kept there (couchtimer/programmes.py). The very first start, with an empty cache,
is measured and printed too.
"""

from __future__ import annotations

import argparse
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
    print(f"shown {time.monotonic()}", file=sys.stderr)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def one(command: list[str], cache: Path | None = None) -> float:
    env = private_env(fresh_tmp())
    env["COUCHTIMER_STARTUP_BENCHMARK"] = "1"
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    begin = time.monotonic()
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT, check=False)
    lines = [line for line in result.stderr.splitlines() if line.startswith("shown ")]
    if result.returncode != 0 or not lines:
        raise SystemExit(f"{command} failed ({result.returncode}):\n{result.stderr}")
    return float(lines[0].split()[1]) - begin


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    bare_cmd = [PYTHON, "-c", BARE]
    app_cmd = [PYTHON, "-m", "couchtimer"]
    shared_cache = fresh_tmp()
    one(bare_cmd), one(app_cmd, shared_cache)  # warm the file caches (and the app's own)
    bare, app, first = [], [], []
    for _ in range(args.runs):
        bare.append(one(bare_cmd))
        app.append(one(app_cmd, shared_cache))
        first.append(one(app_cmd))
    ratio = statistics.median(app) / statistics.median(bare)
    first_ratio = statistics.median(first) / statistics.median(bare)
    print("start-up to main window shown (offscreen)")
    print(f"  bare QMainWindow         {summary(bare)}")
    print(f"  CouchTimer               {summary(app)}")
    print(f"  CouchTimer, first start  {summary(first)}  ({first_ratio:.2f}x)")
    print(f"  ratio {ratio:.2f}x (target <= 1.20x) -> {'OK' if ratio <= TARGET else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
