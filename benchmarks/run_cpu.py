#!/usr/bin/env python3
"""CPU and memory of CouchTimer during a run, against an idle bare PySide6 window.

Starts ``couchtimer --start W1R1 --quit-after SECONDS`` offscreen with ALSA routed to a file (so
cues really play) and a bare QMainWindow for the same time, and reads each child's CPU time and
peak RSS (VmHWM) from /proc. Targets: CouchTimer <= 1 % of one core, RSS <= 120 MB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from pathlib import Path

from _harness import PYTHON, ROOT, fresh_tmp, private_env

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.show()
QTimer.singleShot(int(float(sys.argv[1]) * 1000), app.quit)
app.exec()
"""


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(command: list[str], seconds: float) -> tuple[float, float, int]:
    """(share of one core after start-up, peak RSS in MB, ALSA bytes captured) for one child.

    CPU is read from /proc between 5 s after the start and 1 s before the end, so start-up and
    shutdown do not count: the figure is what a run costs while it runs.
    """
    tmp = fresh_tmp()
    child = subprocess.Popen(command, env=private_env(tmp), cwd=ROOT, stderr=subprocess.PIPE)
    time.sleep(5.0)
    cpu_begin, begin = _cpu_seconds(child.pid), time.monotonic()
    time.sleep(seconds - 6.0)
    cpu_end, end = _cpu_seconds(child.pid), time.monotonic()
    rss = _peak_rss_mb(child.pid)
    _, stderr = child.communicate(timeout=30)
    if child.returncode != 0:
        raise SystemExit(f"{command} failed ({child.returncode}):\n{stderr.decode()}")
    audio = tmp / "alsa-out.raw"
    size = audio.stat().st_size if audio.exists() else 0
    return (cpu_end - cpu_begin) / (end - begin), rss, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    seconds = args.seconds
    bare = measure([PYTHON, "-c", BARE, str(seconds)], seconds)
    app = measure(
        [PYTHON, "-m", "couchtimer", "--start", "W1R1", "--quit-after", str(seconds)], seconds
    )
    print(f"{seconds:.0f} s offscreen (CPU measured from 5 s in to 1 s before the end)")
    print(f"  bare QMainWindow idle   CPU {bare[0] * 100:5.2f} % of a core, RSS {bare[1]:.0f} MB")
    print(
        f"  CouchTimer W1R1 running CPU {app[0] * 100:5.2f} % of a core, RSS {app[1]:.0f} MB, "
        f"audio captured {app[2]:,} bytes"
    )
    ok = app[0] <= 0.01 and app[1] <= 120
    print(f"  targets: CPU <= 1 %, RSS <= 120 MB -> {'OK' if ok else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
