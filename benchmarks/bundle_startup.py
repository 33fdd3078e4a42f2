"""Start-up of the packaged app against the source tree, measured in the same run (issue 8).

Target: the installed (PyInstaller) app reaches its first window within 1.2x the time the source
tree takes. Both are started the same way, offscreen, with a fresh data folder, and told to quit
as soon as the event loop runs (``--quit-after 0``), so each figure is process start -> window
shown -> clean exit. The CLI start-up (``--version``, no Qt) is printed as well, with the sizes of
the bundle and the .deb.

  python benchmarks/bundle_startup.py [--packaged PATH] [--rounds N]

PATH defaults to /opt/couchtimer/couchtimer when the .deb is installed, else dist/couchtimer/
couchtimer from `make bundle`. Without either it says so and exits 0 (nothing to measure).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.2


def timed_run(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(
            f"bundle_startup: {' '.join(command)} exited {result.returncode}:\n{result.stderr}"
        )
    return elapsed


def fresh_env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    for name in ("data", "config", "cache", "runtime"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    (folder / "runtime").chmod(0o700)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_DATA_HOME=str(folder / "data"),
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_CACHE_HOME=str(folder / "cache"),
        XDG_RUNTIME_DIR=str(folder / "runtime"),
        # no sound card needed: ALSA writes to /dev/null through its file plugin
        ALSA_CONFIG_PATH=f"/usr/share/alsa/alsa.conf:{folder / 'asound.conf'}",
    )
    (folder / "asound.conf").write_text(
        'pcm.!default { type file; slave.pcm "null"; file "/dev/null"; format "raw" }\n'
    )
    return env


def median_of(command: list[str], rounds: int, scratch: Path) -> float:
    times = []
    for index in range(rounds + 1):  # the first run warms the page cache and is dropped
        folder = Path(tempfile.mkdtemp(dir=scratch))
        elapsed = timed_run(command, fresh_env(folder))
        if index:
            times.append(elapsed)
    return statistics.median(times)


def size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(f.lstat().st_size for f in path.rglob("*") if not f.is_symlink()) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packaged", type=Path, help="the packaged couchtimer executable")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    packaged = args.packaged
    if packaged is None:
        for candidate in (Path("/opt/couchtimer/couchtimer"), ROOT / "dist/couchtimer/couchtimer"):
            if candidate.is_file():
                packaged = candidate
                break
    if packaged is None:
        print("bundle_startup: no bundle to measure; run `make bundle` (or install the .deb)")
        return 0
    source = [sys.executable, "-m", "couchtimer"]

    bundle_dir = ROOT / "dist" / "couchtimer"
    debs = sorted((ROOT / "dist").glob("couchtimer_*.deb"))
    if bundle_dir.is_dir():
        print(f"bundle (dist/couchtimer): {size_mb(bundle_dir):6.1f} MB on disk   (limit 150)")
    if debs:
        print(f".deb ({debs[-1].name}): {size_mb(debs[-1]):6.1f} MB   (limit 55)")

    with tempfile.TemporaryDirectory(prefix="couchtimer-bench-") as tmp:
        scratch = Path(tmp)
        cli_src = median_of([*source, "--version"], args.rounds, scratch)
        cli_pkg = median_of([str(packaged), "--version"], args.rounds, scratch)
        gui_args = ["--quit-after", "0"]
        gui_src = median_of([*source, *gui_args], args.rounds, scratch)
        gui_pkg = median_of([str(packaged), *gui_args], args.rounds, scratch)

    print(f"packaged: {packaged}; source: {' '.join(source)} (cwd {Path.cwd()})")
    print(f"median of {args.rounds} runs each, after one warm-up run:")
    print(f"  CLI --version            source {cli_src:6.3f} s   packaged {cli_pkg:6.3f} s")
    ratio = gui_pkg / gui_src
    verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
    print(
        f"  GUI start to first window source {gui_src:6.3f} s   packaged {gui_pkg:6.3f} s"
        f"   ratio {ratio:.2f} (target <= {TARGET_RATIO}) {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
