#!/usr/bin/env python3
"""Peak memory of a run: CouchTimer running W1R1 for 15 s, against a bare PySide6 window.

Three children, alternating, each in a fresh process with private XDG dirs, offscreen, for the
same time, their peak RSS (VmHWM) read from /proc just before they end:

  bare QMainWindow                     the baseline (what PySide6 alone costs)
  CouchTimer --start W1R1, ALSA null   the run with a sound device (cues really play)
  CouchTimer --start W1R1, no device   the same run with no sound device (on-screen cues)

Target (issue 19): the run with a sound device <= 90 MiB. Memory does not depend on the load
of the machine the way time does, so this one is an absolute figure beside its baseline.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from _harness import PYTHON, ROOT, fresh_tmp, private_env
from run_cpu import BARE, _peak_rss_mb

TARGET_MIB = 90.0


def peak(command: list[str], seconds: float, sound: bool) -> float:
    tmp = fresh_tmp()
    env = private_env(tmp)
    if not sound:  # a card that does not exist: the player reports no device
        conf = tmp / "no-device.conf"
        conf.write_text("pcm.!default { type hw; card 29 }\n")
        env["ALSA_CONFIG_PATH"] = f"/usr/share/alsa/alsa.conf:{conf}"
    child = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.PIPE)
    time.sleep(seconds - 1.0)
    rss = _peak_rss_mb(child.pid)  # /proc counts kB of 1024 bytes: this is MiB
    _, stderr = child.communicate(timeout=60)
    if child.returncode != 0:
        raise SystemExit(f"{command} failed ({child.returncode}):\n{stderr.decode()[-2000:]}")
    return rss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    seconds = args.seconds
    app = [PYTHON, "-m", "couchtimer", "--start", "W1R1", "--quit-after", str(seconds)]
    rows: dict[str, list[float]] = {"bare": [], "sound": [], "silent": []}
    for _ in range(args.rounds):
        rows["bare"].append(peak([PYTHON, "-c", BARE, str(seconds)], seconds, True))
        rows["sound"].append(peak(app, seconds, True))
        rows["silent"].append(peak(app, seconds, False))
    print(f"peak RSS (VmHWM) of {seconds:.0f} s offscreen, MiB, {args.rounds} rounds alternating")
    labels = {
        "bare": "bare QMainWindow (baseline)",
        "sound": "CouchTimer W1R1, ALSA null",
        "silent": "CouchTimer W1R1, no device",
    }
    for key, label in labels.items():
        values = "  ".join(f"{v:5.1f}" for v in rows[key])
        print(f"  {label:<30} {values}")
    worst = max(rows["sound"])
    ok = worst <= TARGET_MIB
    print(
        f"  run with sound: {statistics.median(rows['sound']):.1f} MiB median, {worst:.1f} max "
        f"(target <= {TARGET_MIB:g} MiB) -> {'OK' if ok else 'OVER TARGET'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
