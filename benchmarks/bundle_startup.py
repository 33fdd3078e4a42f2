#!/usr/bin/env python3
"""Start-up of the packaged app against the source tree, measured in the same run (issue 8).

Target: the installed (PyInstaller) app shows its main window within 1.2x the time the source
tree takes. Both run offscreen, alternating, each in a fresh process with private XDG dirs and
ALSA routed to a file (benchmarks/_harness.py); the child prints the CLOCK_MONOTONIC time its
window was shown (COUCHTIMER_STARTUP_BENCHMARK, as in benchmarks/startup.py) and quits. The CLI
start-up (``--version``, no Qt) and the sizes of the bundle and the .deb are printed as well.

  python benchmarks/bundle_startup.py [--packaged PATH] [--runs N]

PATH defaults to /opt/couchtimer/couchtimer when the .deb is installed, else dist/couchtimer/
couchtimer from `make bundle`; with neither there is nothing to measure, and it says so.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from pathlib import Path

from _harness import PYTHON, ROOT, fresh_tmp, private_env, summary

TARGET_RATIO = 1.2


def window_shown(command: list[str]) -> float:
    env = private_env(fresh_tmp())
    env["COUCHTIMER_STARTUP_BENCHMARK"] = "1"
    begin = time.monotonic()
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT, check=False)
    lines = [line for line in result.stderr.splitlines() if line.startswith("shown ")]
    if result.returncode != 0 or not lines:
        raise SystemExit(f"{command} failed ({result.returncode}):\n{result.stderr}")
    return float(lines[0].split()[1]) - begin


def cli_exit(command: list[str]) -> float:
    env = private_env(fresh_tmp())
    begin = time.monotonic()
    subprocess.run(command, env=env, capture_output=True, cwd=ROOT, check=True)
    return time.monotonic() - begin


def size_mib(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(f.lstat().st_size for f in path.rglob("*") if not f.is_symlink()) / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--packaged", type=Path, help="the packaged couchtimer executable")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    packaged = args.packaged
    if packaged is None:
        bundled = ROOT / "dist" / "couchtimer" / "couchtimer"
        candidates = (Path("/opt/couchtimer/couchtimer"), bundled)
        packaged = next((c for c in candidates if c.is_file()), None)
    if packaged is None:
        print("bundle_startup: nothing to measure; run `make bundle` (or install the .deb)")
        return 0

    bundle = ROOT / "dist" / "couchtimer"
    if bundle.is_dir():
        print(f"bundle dist/couchtimer: {size_mib(bundle):6.1f} MiB on disk (limit 150)")
    for deb in sorted((ROOT / "dist").glob("couchtimer_*.deb")):
        print(f".deb {deb.name}: {size_mib(deb):6.1f} MiB (limit 55)")

    source_gui = [PYTHON, "-m", "couchtimer"]  # as the desktop entry starts it: no arguments
    packaged_gui = [str(packaged)]
    source_cli = [PYTHON, "-m", "couchtimer", "--version"]
    packaged_cli = [str(packaged), "--version"]
    for command in (source_gui, packaged_gui):  # warm the file cache for both
        window_shown(command)
    src, pkg, src_cli, pkg_cli = [], [], [], []
    for _ in range(args.runs):
        src.append(window_shown(source_gui))
        pkg.append(window_shown(packaged_gui))
        src_cli.append(cli_exit(source_cli))
        pkg_cli.append(cli_exit(packaged_cli))

    ratio = statistics.median(pkg) / statistics.median(src)
    verdict = "OK" if ratio <= TARGET_RATIO else "OVER TARGET"
    print(f"start-up to main window shown (offscreen); packaged = {packaged}")
    print(f"  source tree   {summary(src)}")
    print(f"  packaged      {summary(pkg)}")
    print(f"  ratio {ratio:.2f}x (target <= {TARGET_RATIO:.2f}x) -> {verdict}")
    print("CLI `couchtimer --version` to exit")
    print(f"  source tree   {summary(src_cli)}")
    print(f"  packaged      {summary(pkg_cli)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
