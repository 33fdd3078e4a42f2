#!/usr/bin/env python3
"""The two history commands a runner waits for, as whole processes, against baselines.

With five years of history (scripts/demo_data: ~1,000 runs, 15,000 segments, ~3,000 marks),
each subject is timed alternately with its baseline, in fresh processes, in the same run:

  couchtimer report -o FILE.pdf    baseline: a one-page QPdfWriter document (Python, Qt, one
                                   QApplication, one QTextDocument painted)       target <= 3x
  couchtimer history --json        baseline: every table read with bare sqlite3 and dumped as
                                   JSON (rows as arrays, one write)               target <= 2x

The ratio is of the medians. The machine these run on is shared, so only ratios count; the
CPU time (user + system) of each child is printed beside its wall time, and its ratio with it:
on a loaded machine a long process is preempted more often than a short one, so the wall ratio
grows with the load while the CPU ratio stays what the work is.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _harness import PDF_BASELINE, PYTHON, ROOT, five_year_history, fresh_tmp, private_env, summary

JSON_BASELINE = """
import json, sqlite3, sys
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
sys.stdout.write(json.dumps({t: con.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}))
"""


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of ``command``."""
    cpu = cpu_of_children()
    begin = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - begin
    if result.returncode != 0:
        raise SystemExit(f"{command} failed ({result.returncode}):\n{result.stderr.decode()}")
    return elapsed, cpu_of_children() - cpu


def compare(
    name: str,
    subject: list[str],
    baseline_name: str,
    baseline: list[str],
    target: float,
    repeats: int,
    env: dict[str, str],
) -> bool:
    timed(subject, env), timed(baseline, env)  # warm the file cache and compiled modules
    ours: list[tuple[float, float]] = []
    base: list[tuple[float, float]] = []
    for _ in range(repeats):
        base.append(timed(baseline, env))
        ours.append(timed(subject, env))
    ratio = statistics.median(w for w, _ in ours) / statistics.median(w for w, _ in base)
    cpu_ratio = statistics.median(c for _, c in ours) / statistics.median(c for _, c in base)
    ok = ratio <= target
    print(f"  {name:<26} {summary([w for w, _ in ours])}")
    print(f"  {'  CPU':<26} {summary([c for _, c in ours])}")
    print(f"  {'  baseline':<26} {summary([w for w, _ in base])}  [{baseline_name}]")
    print(f"  {'  baseline CPU':<26} {summary([c for _, c in base])}")
    verdict = "OK" if ok else "OVER TARGET"
    print(
        f"  {'':<26} ratio {ratio:.2f}x (target <= {target:g}x) -> {verdict}; "
        f"CPU ratio {cpu_ratio:.2f}x"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--only", choices=("report", "history"), help="one row (default: both)")
    args = parser.parse_args()
    tmp = fresh_tmp()
    env = private_env(tmp)
    db = five_year_history(tmp, env)
    couchtimer = [PYTHON, "-m", "couchtimer"]
    load = os.getloadavg()[0]
    size = Path(db).stat().st_size // 1024
    print(f"history commands, whole processes, {size} KiB history file, load average {load:.1f}")
    pdf = args.only == "history" or compare(
        "couchtimer report",
        [*couchtimer, "report", "-o", str(tmp / "report.pdf"), "--db", str(db)],
        "one-page QPdfWriter document",
        [PYTHON, "-c", PDF_BASELINE, str(tmp / "baseline.pdf")],
        3.0,
        args.repeats,
        env,
    )
    history = args.only == "report" or compare(
        "couchtimer history --json",
        [*couchtimer, "history", "--json", "--db", str(db)],
        "every table read with bare sqlite3 and dumped as JSON",
        [PYTHON, "-c", JSON_BASELINE, str(db)],
        2.0,
        args.repeats,
        env,
    )
    return 0 if pdf and history else 1


if __name__ == "__main__":
    sys.exit(main())
