#!/usr/bin/env python3
"""Reading watch and phone recordings (issue 15), each figure beside a baseline from this run.

  FIT, whole path        read_activity + per-segment metrics + alignment of the fenix 2 run
                         (47 min at 1 Hz, tests/data/activities)   target <= 1.2x
                         baseline: fitdecode alone reading the same file (its defaults)
  GPX, whole path        the same track written as GPX (positions, elevation, gpxtpx hr/cad)
                         target <= 1.5x                            baseline: gpxpy.parse alone
  history --json         `couchtimer history --json` on 5 years of demo history with a 1 Hz
                         recording attached to every run, against the same history without
                         (target: no change beyond noise; <= 0.5 s)
  History tab ready      History clicked -> painted, as the app (benchmarks/_history_tab.py),
                         with and without the recordings (<= 250 ms; must not move)
  installed size         what fitdecode and gpxpy add to the environment

The machine these figures were taken on was shared with other jobs: compare the ratios, not the
absolute times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from _harness import PYTHON, ROOT, fresh_tmp, private_env, summary
from _history_tab import TabTimes, tab_ready

sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FENIX2 = ROOT / "tests" / "data" / "activities" / "activity-small-fenix2-run.fit"


def gpx_of(track: object, path: Path) -> None:
    from couchtimer.core.track import Track

    assert isinstance(track, Track)
    rows = []
    for p in track.points:
        lat, lon = p.position or (0.0, 0.0)
        cadence = (
            "" if p.cadence_spm is None else f"<gpxtpx:cad>{p.cadence_spm / 2:.0f}</gpxtpx:cad>"
        )
        heart = "" if p.heart_rate is None else f"<gpxtpx:hr>{p.heart_rate}</gpxtpx:hr>"
        rows.append(
            f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>{p.elevation_m or 0:.1f}</ele>'
            f"<time>{p.time.strftime('%Y-%m-%dT%H:%M:%SZ')}</time><extensions>"
            f"<gpxtpx:TrackPointExtension>{heart}{cadence}</gpxtpx:TrackPointExtension>"
            "</extensions></trkpt>"
        )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="benchmark"'
        ' xmlns="http://www.topografix.com/GPX/1/1"'
        ' xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        "<trk><trkseg>" + "".join(rows) + "</trkseg></trk></gpx>",
        encoding="utf-8",
    )


def whole_path(path: Path) -> float:
    """Read, measure every segment of a W4R1-shaped run laid on the recording, align."""
    from couchtimer.core.activity import planned_segments
    from couchtimer.core.alignment import align
    from couchtimer.core.terrain import segment_metrics
    from couchtimer.formats import read_activity
    from couchtimer.programmes import resolve_programme

    workout = resolve_programme(None).workout(4, 1)
    begin = time.perf_counter()
    track = read_activity(path)
    assert track.start is not None
    segments = planned_segments(workout.segments, track.start + timedelta(seconds=60))
    alignment = align(segments, track)
    segment_metrics(segments, track, alignment.offset_seconds)
    return time.perf_counter() - begin


def fitdecode_alone(path: Path) -> float:
    import fitdecode

    begin = time.perf_counter()
    with fitdecode.FitReader(path) as reader:
        for _frame in reader:
            pass
    return time.perf_counter() - begin


def gpxpy_alone(path: Path) -> float:
    import gpxpy

    begin = time.perf_counter()
    with path.open(encoding="utf-8") as handle:
        gpxpy.parse(handle)
    return time.perf_counter() - begin


def timed_process(command: list[str], env: dict[str, str]) -> float:
    begin = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{command} failed ({done.returncode}):\n{done.stderr}")
    return time.perf_counter() - begin


def size_of(package: str) -> int:
    import importlib

    folder = Path(importlib.import_module(package).__file__ or "").parent
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def ratio_line(name: str, ours: list[float], base: list[float], target: float) -> None:
    ratio = statistics.median(ours) / statistics.median(base)
    verdict = "ok" if ratio <= target else "OVER TARGET"
    print(f"  {name:<22} {summary(ours)}")
    print(f"  {'  baseline':<22} {summary(base)}")
    print(f"  {'':<22} ratio {ratio:.2f} (target <= {target}): {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--years", type=float, default=5.0)
    args = parser.parse_args()
    tmp = fresh_tmp()
    env = private_env(tmp)

    from couchtimer.formats import read_activity

    gpx = tmp / "fenix2.gpx"
    gpx_of(read_activity(FENIX2), gpx)
    whole_path(FENIX2), fitdecode_alone(FENIX2)  # warm the imports and the file cache
    fit_ours, fit_base, gpx_ours, gpx_base = [], [], [], []
    for _ in range(args.repeats):  # interleaved, so a busy moment hits both sides
        fit_ours.append(whole_path(FENIX2))
        fit_base.append(fitdecode_alone(FENIX2))
        gpx_ours.append(whole_path(gpx))
        gpx_base.append(gpxpy_alone(gpx))
    print(f"recordings: {FENIX2.name} (47:13 at 1 Hz, 2,809 records); the same as GPX")
    ratio_line("FIT read+metrics+align", fit_ours, fit_base, 1.2)
    ratio_line("GPX read+metrics+align", gpx_ours, gpx_base, 1.5)

    plain, tracked = tmp / "plain.db", tmp / "tracked.db"
    for db, extra in ((plain, []), (tracked, ["--tracks"])):
        subprocess.run(
            [PYTHON, "scripts/demo_data", str(db), "--years", str(args.years),
             "--end", "2026-11-01", *extra],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
    history = [PYTHON, "-m", "couchtimer", "history", "--json", "--db"]
    timed_process([*history, str(plain)], env), timed_process([*history, str(tracked)], env)
    cli_plain, cli_tracked = [], []
    for _ in range(args.repeats):
        cli_plain.append(timed_process([*history, str(plain)], env))
        cli_tracked.append(timed_process([*history, str(tracked)], env))
    plain_times, tracked_times = TabTimes(), TabTimes()
    for _ in range(args.repeats):  # interleaved; History clicked -> painted (_history_tab.py)
        tab_ready(plain, 1, plain_times)
        tab_ready(tracked, 1, tracked_times)
    tab_plain, tab_tracked = plain_times.first.wall, tracked_times.first.wall
    print(
        f"history: {args.years:g} years of demo runs; file {plain.stat().st_size / 1e6:.1f} MB"
        f" without recordings, {tracked.stat().st_size / 1e6:.1f} MB with one per run"
    )
    for name, with_tracks, without, target in (
        ("history --json", cli_tracked, cli_plain, 0.5),
        ("History tab ready", tab_tracked, tab_plain, 0.25),
    ):
        print(f"  {name + ' (tracks)':<30} {summary(with_tracks)}")
        print(f"  {name + ' (none)':<30} {summary(without)}")
        median = statistics.median(with_tracks)
        change = median / statistics.median(without)
        verdict = "ok" if median <= target else "OVER TARGET"
        print(f"  {'':<30} with/without {change:.2f}; target <= {target * 1000:g} ms: {verdict}")
    sizes = {name: size_of(name) for name in ("fitdecode", "gpxpy")}
    print(
        "installed: "
        + ", ".join(f"{name} {size / 1e6:.2f} MB" for name, size in sizes.items())
        + f" (together {sum(sizes.values()) / 1e6:.2f} MB, pure Python)"
    )
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
