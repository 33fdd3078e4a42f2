"""A year of runs in History, as a runner goes through it with the keys (issue 19): the list reads
each run's own row first and the rest of a run a page (64 rows) at a time as it is shown, so the
rows at the far end of 201 runs, and a run with pain down there, must show exactly what the
command line says of them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from typing import Any

from tests.helpers.desktop import Desktop, Widget
from tests.helpers.paths import ROOT

CELLS = frozenset({"table cell", "cell"})  # pyatspi's and GetRoleName's words


def day_words(run: dict[str, Any]) -> str:
    day = date.fromisoformat(run["day"])
    return f"{day.day} {day:%b %Y}"


def row_words(run: dict[str, Any]) -> list[str]:
    """The list's cells of a run, as ``history --json`` says it (date, run, status, worst, and
    the sparkline's words for a screen reader)."""
    worst = run["worst_during"]
    return [
        day_words(run),
        f"Week {run['week']}, run {run['run']}",
        run["status"].capitalize(),
        "-" if worst is None else f"{worst}/10",
        f"{run['marks_in_runs']} pain marks in run segments, {run['marks_in_walks']} in walks",
    ]


def shown_rows(desktop: Desktop) -> list[list[str]]:
    """The list's rows on the screen, top to bottom, each cell's accessible name."""
    cells = [w for w in desktop.tree() if w.role in CELLS and w.extents is not None]
    rows: dict[int, list[Widget]] = {}
    for cell in cells:
        assert cell.extents is not None
        rows.setdefault(cell.extents[1], []).append(cell)
    return [
        [cell.name for cell in sorted(row, key=lambda c: c.extents[0] if c.extents else 0)]
        for _y, row in sorted(rows.items())
        if len(row) == 5
    ]


def test_a_year_of_runs_shows_the_oldest_as_the_command_line_says(desktop: Desktop) -> None:
    db = desktop.home / ".local" / "share" / "couchtimer" / "history.db"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo_data"), str(db), "--years", "1",
         "--end", "2026-11-01"],
        env=desktop.env(), check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    listed = json.loads(desktop.cli("history", "--json").stdout)["runs"]  # by programme
    runs = sorted(listed, key=lambda run: (run["started_at"], run["id"]))  # as History: by date
    assert len(runs) == 201  # rows 0-200, newest first: four pages of 64

    desktop.start_app()
    desktop.key("ctrl+2")
    desktop.find("table", "Runs")
    desktop.wait_for(lambda: bool(shown_rows(desktop)), "the list's rows on the screen")
    newest = shown_rows(desktop)
    assert newest[:3] == [row_words(run) for run in runs[-1:-4:-1]]

    desktop.click(next(w for w in desktop.tree() if w.role in CELLS and w.name.startswith("Week")))
    desktop.key("ctrl+End")  # the oldest run: the last row, on the last page
    oldest = runs[0]
    desktop.wait_for(
        lambda: bool(desktop.find_all("filler", f"{oldest['code']}, {day_words(oldest)}")),
        "This run shows the oldest run",
    )
    far_end = shown_rows(desktop)
    assert len(far_end) >= 15
    assert far_end == [row_words(run) for run in runs[len(far_end) - 1 :: -1]]

    # Up the list to a run with pain in its run segments, on a page not read before (64-127).
    hurt = next(i for i, run in enumerate(runs) if run["marks_in_runs"] and i >= 80)
    assert 64 <= 200 - hurt < 128
    desktop.xdotool("key", "--repeat", str(hurt), "--delay", "20", "Up")
    run = runs[hurt]
    title = f"{run['code']}, {day_words(run)}"
    desktop.wait_for(
        lambda: bool(desktop.find_all("filler", title)),
        f"This run shows {title} (row {200 - hurt})",
    )
    words = desktop.wait_text(re.compile(re.escape(f"{day_words(run)}, {run['code']}: ")))
    assert f"Worst during the run: {run['worst_during']}/10" in words
    selected = [w.name for w in desktop.tree() if w.role in CELLS and "selected" in w.states]
    assert selected == row_words(run)
    assert desktop.find("filler", title).description.startswith(title)
    desktop.screenshot("history-a-year-back")
    desktop.assert_no_error()
