#!/usr/bin/env python3
"""History with 5 years of runs (scripts/demo_data: ~1,000 runs, 15,000 segments, ~3,000 marks).

Each figure is printed next to a baseline measured in the same session:

  history tab ready      load every run from the file, hand them to HistoryView, paint it
                         (target <= 250 ms)      baseline: the same rows in a plain QTableWidget
  across-runs tab        then switch to the across-runs charts (drawn on first show), paint
                         (held to the same 250 ms)
  timeline redraw        select another run, its timeline redrawn and painted
                         (target <= 30 ms)       baseline: one PlotWidget scatter setData + paint
  PDF report             `couchtimer report -o FILE.pdf` as a process (target <= 3 s)
                                                 baseline: a one-page QPdfWriter PDF with Qt

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

from _harness import PYTHON, ROOT, fresh_tmp, private_env, summary

sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PDF_BASELINE = """
import sys
from PySide6.QtGui import QPdfWriter, QPainter, QTextDocument
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
writer = QPdfWriter(sys.argv[1])
doc = QTextDocument()
doc.setHtml("<h1>Baseline</h1><p>One page.</p>")
painter = QPainter(writer)
doc.drawContents(painter)
painter.end()
"""


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
    args = parser.parse_args()

    tmp = fresh_tmp()
    env = private_env(tmp)
    db = tmp / "history.sqlite"
    subprocess.run(
        [PYTHON, "scripts/demo_data", str(db), "--end", "2026-11-01"],
        cwd=ROOT,
        env=env,
        check=True,
    )

    from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem

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
    # --- history tab ready ---
    ready, baseline, across = [], [], []
    for _ in range(args.repeats):
        view = HistoryView()
        view.resize(1200, 800)
        view.show()
        app.processEvents()
        begin = time.perf_counter()
        view.set_runs(load())
        view.repaint()
        app.processEvents()
        ready.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        view.chart_tabs.setCurrentIndex(1)
        view.repaint()
        app.processEvents()
        across.append(time.perf_counter() - begin)
        view.close()
        view.deleteLater()
        app.processEvents()

        table = QTableWidget()
        table.resize(1200, 800)
        table.show()
        app.processEvents()
        begin = time.perf_counter()
        loaded = load()
        table.setRowCount(len(loaded))
        table.setColumnCount(4)
        for row, run in enumerate(reversed(loaded)):
            for column, text in enumerate(
                (run.started_at.date().isoformat(), run.code, str(run.status), str(run.worst_pain))
            ):
                table.setItem(row, column, QTableWidgetItem(text))
        table.repaint()
        app.processEvents()
        baseline.append(time.perf_counter() - begin)
        table.close()
        table.deleteLater()
        app.processEvents()

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
    timed_process(report_cmd, env)  # warm the file cache
    pdf, pdf_base = [], []
    for _ in range(args.repeats):
        pdf.append(timed_process(report_cmd, env))
        pdf_base.append(timed_process(pdf_baseline_cmd, env))

    segments = sum(len(r.segments) for r in runs)
    marks = sum(len(r.marks) for r in runs)
    print(f"history: {len(runs)} runs, {segments} segments, {marks} pain marks (offscreen)")
    rows = [
        ("history tab ready", ready, "plain QTableWidget", baseline, 0.250, "ms", 1000.0),
        ("across-runs tab", across, "plain QTableWidget", baseline, 0.250, "ms", 1000.0),
        ("timeline redraw", redraw, "one scatter setData", plot_baseline, 0.030, "ms", 1000.0),
        ("PDF report", pdf, "one-page QPdfWriter", pdf_base, 3.0, "s", 1.0),
    ]
    for name, values, base_name, base, target, unit, scale in rows:
        median = statistics.median(values)
        print(f"  {name:<18} {summary(values, unit, scale)}")
        print(f"  {'  baseline':<18} {summary(base, unit, scale)}  [{base_name}]")
        print(
            f"  {'':<18} target <= {target * scale:g} {unit}: "
            f"{verdict(median, target)} (median {median * scale:.3g} {unit})"
        )
        if name == "history tab ready":  # issue 19: no slower than the plain table
            ratio = median / statistics.median(base)
            print(
                f"  {'':<18} ratio {ratio:.2f}x the plain table (target <= 1.0x): "
                f"{verdict(ratio, 1.0)}"
            )
    pages = Path(tmp / "r.pdf").stat().st_size
    print(f"  PDF size {pages / 1024:.0f} KiB")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
