#!/usr/bin/env python3
"""History with 5 years of runs (scripts/demo_data: ~1,000 runs, 15,000 segments, ~3,000 marks).

Each figure is printed next to a baseline measured in the same session:

  history tab ready      issue 19: History clicked -> first frame, as the app does it (the file
                         open since start-up; benchmarks/_history_tab.py says exactly what is
                         timed)          target <= 1.0x the baseline
                                         baseline: the same rows in a plain QTableWidget
  across-runs tab        then switch to the across-runs charts (drawn on first show), paint
                         (held to 250 ms)
  timeline redraw        select another run, its timeline redrawn and painted
                         (target <= 30 ms)       baseline: one PlotWidget scatter setData + paint
  PDF report             `couchtimer report -o FILE.pdf` as a process (target <= 3 s)
                                                 baseline: a one-page QPdfWriter PDF with Qt

The History tab with a recording on every run against the same history without is measured by
benchmarks/activity.py, with the same definition. ``--tab-only`` leaves out the PDF's process.
`couchtimer history --json` is issue 19's row in benchmarks/cli_commands.py (against every
table read with bare sqlite3 and dumped as JSON, in the same run); it is not repeated here.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _harness import PDF_BASELINE, PYTHON, ROOT, five_year_history, fresh_tmp, private_env, summary
from _history_tab import tab_ready

sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def timed_process(command: list[str], env: dict[str, str]) -> float:
    begin = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - begin
    if result.returncode != 0:
        raise SystemExit(f"{command} failed ({result.returncode}):\n{result.stderr}")
    return elapsed


def verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "OVER TARGET"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--tab-only", action="store_true", help="leave out the PDF")
    args = parser.parse_args()

    tmp = fresh_tmp()
    env = private_env(tmp)
    db = five_year_history(tmp, env)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    import pyqtgraph as pg

    from couchtimer.store import HistoryStore
    from couchtimer.ui.history_view import HistoryView

    def load() -> list:
        store = HistoryStore.open(db, backups=False)
        try:
            return store.load_runs()
        finally:
            store.close()

    runs = load()
    times = tab_ready(db, args.repeats)
    ready, baseline, across = times.first.wall, times.baseline.wall, times.across.wall

    # --- timeline redraw ---
    view = HistoryView()
    view.resize(1200, 800)
    view.show()
    view.set_runs(runs)
    app.processEvents()
    ids = [r.id for r in runs if r.marks][-40:]
    redraw = []
    for run_id in ids:
        begin = time.perf_counter()
        view.select_run(run_id)
        view.timeline.widget.repaint()
        redraw.append(time.perf_counter() - begin)
    plot = pg.PlotWidget()
    plot.resize(650, 600)
    plot.show()
    scatter = pg.ScatterPlotItem()
    plot.addItem(scatter)
    app.processEvents()
    plot_baseline = []
    for i in range(40):
        begin = time.perf_counter()
        scatter.setData([1.0, 2.0, 3.0, 4.0 + i], [6.0, 6.0, 5.0, 4.0])
        plot.repaint()
        plot_baseline.append(time.perf_counter() - begin)
    view.close()

    # --- CLI: the PDF report, as a process (`history --json`: benchmarks/cli_commands.py) ---
    report_cmd = [PYTHON, "-m", "couchtimer", "report", "-o", str(tmp / "r.pdf"), "--db", str(db)]
    pdf_baseline_cmd = [PYTHON, "-c", PDF_BASELINE, str(tmp / "b.pdf")]
    pdf: list[float] = []
    pdf_base: list[float] = []
    if not args.tab_only:
        timed_process(report_cmd, env)  # warm the file cache
        for _ in range(args.repeats):
            pdf.append(timed_process(report_cmd, env))
            pdf_base.append(timed_process(pdf_baseline_cmd, env))

    segments = sum(len(r.segments) for r in runs)
    marks = sum(len(r.marks) for r in runs)
    print(f"history: {len(runs)} runs, {segments} segments, {marks} pain marks (offscreen)")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores here)")
    m = statistics.median
    tab, base = m(ready), m(baseline)
    print(
        f"issue 19 row: History tab ready {tab * 1000:.0f} ms | a plain QTableWidget of the "
        f"same rows {base * 1000:.0f} ms | {tab / base:.2f}x that baseline (target <= 1.0x): "
        f"{verdict(tab / base, 1.0)}"
    )
    cpu, cpu_base = m(times.first.cpu), m(times.baseline.cpu)
    again, again_cpu = m(times.again.wall), m(times.again.cpu)
    print(
        f"  CPU time: {cpu * 1000:.0f} ms vs {cpu_base * 1000:.0f} ms, {cpu / cpu_base:.2f}x; "
        f"clicked again (the tab showing the runs already): {again * 1000:.0f} ms, "
        f"{again / base:.2f}x; CPU {again_cpu * 1000:.0f} ms, {again_cpu / cpu_base:.2f}x"
    )
    rows = [
        ("history tab ready", ready, "plain QTableWidget", baseline, None, "ms", 1000.0),
        ("across-runs tab", across, "plain QTableWidget", baseline, 0.250, "ms", 1000.0),
        ("timeline redraw", redraw, "one scatter setData", plot_baseline, 0.030, "ms", 1000.0),
    ]
    if not args.tab_only:
        rows += [
            ("PDF report", pdf, "one-page QPdfWriter", pdf_base, 3.0, "s", 1.0),
        ]
    for name, values, base_name, base_values, target, unit, scale in rows:
        median = statistics.median(values)
        print(f"  {name:<18} {summary(values, unit, scale)}")
        print(f"  {'  baseline':<18} {summary(base_values, unit, scale)}  [{base_name}]")
        ratio = median / statistics.median(base_values)
        if target is None:  # issue 19: no slower than the plain table
            print(
                f"  {'':<18} ratio {ratio:.2f}x the plain table (target <= 1.0x): "
                f"{verdict(ratio, 1.0)}"
            )
        else:
            print(
                f"  {'':<18} target <= {target * scale:g} {unit}: "
                f"{verdict(median, target)} (median {median * scale:.3g} {unit})"
            )
    if not args.tab_only:
        pages = Path(tmp / "r.pdf").stat().st_size
        print(f"  PDF size {pages / 1024:.0f} KiB")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
