"""History's nudge (issue 15): the runner moves a recording that sits wrong against the run's
segments with the slider's keys, sees the figures per segment follow, keeps it, and finds it
where they kept it after a restart. The real app on Xvfb, driven by keys; a recording made of
real samples (the fenix 2 run's running, the fenix 5 walk's walking)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tests.helpers.activities import spliced, w4r1_segments, write_tcx
from tests.helpers.desktop import Desktop, Widget

MAIN = "CouchTimer"
START = datetime(2026, 3, 4, 17, 30, tzinfo=UTC)
SLIDER = "Recording position against the segments (seconds)"
TABLE = "Measured by the recording, per segment"


def _segment_rows(desktop: Desktop) -> list[list[str]]:
    """The per-segment table's rows as shown (cells inside the table, 7 a row)."""
    table = desktop.find("table", TABLE, window=MAIN)
    assert table.extents is not None
    cells = [
        c.name for c in desktop.find_all("table cell", window=MAIN) if c.inside(*table.extents)
    ]
    return [cells[i : i + 7] for i in range(0, len(cells) - len(cells) % 7, 7)]


def _walk_cadences(desktop: Desktop) -> list[int]:
    return [int(row[5].split()[0]) for row in _segment_rows(desktop) if row[0].startswith("Walk")]


def _slider(desktop: Desktop) -> Widget:
    return desktop.find("slider", SLIDER, window=MAIN)


def test_a_recording_moved_with_the_slider_is_measured_again_and_kept(desktop: Desktop) -> None:
    recording = write_tcx(spliced(w4r1_segments(START), 37), desktop.workdir / "watch.tcx")
    desktop.cli("import-activity", str(recording), "--run", "W4R1")  # placed on its pattern
    desktop.cli("attach", str(recording), "--run", "1", "--offset=-60")  # then put a minute off

    desktop.start_app()
    desktop.key("ctrl+2", window=MAIN)
    assert _slider(desktop).value == -60
    desktop.find(name="The recording is kept at −60 s (placed by you).", window=MAIN)
    off = _walk_cadences(desktop)
    assert off[0] > 150  # a minute off, the first walk (90 s) reads as running

    desktop.key("alt+p", window=MAIN)  # "Recording position": the slider
    assert _slider(desktop).focused
    desktop.key("Page_Up", "Page_Up", "Page_Up", "Page_Up", window=MAIN)  # 4 x 15 s
    desktop.wait_text(
        re.compile(r"Shown at \+0 s: not kept yet\. Cadence follows the run/walk pattern here: "
                   r"r = 0\.9\d\.$"),
        window=MAIN,
    )  # fmt: skip
    assert _slider(desktop).value == 0
    desktop.wait_for(lambda: all(c < 135 for c in _walk_cadences(desktop)), "walks at walking")
    desktop.screenshot("history-nudge")

    desktop.key("alt+n", window=MAIN)  # Keep this position
    desktop.wait_text("Recording kept at +0 s, placed by you.", window=MAIN)
    desktop.find(name="The recording is kept at +0 s (placed by you).", window=MAIN)
    desktop.assert_no_error()
    (run,) = desktop.history()
    kept = run["recording"]
    assert (kept["offset_seconds"], kept["method"], kept["confidence"]) == (0.0, "manual", 1.0)
    walks = [s["cadence_spm"] for s in kept["segments"] if s["kind"] == "walk"]
    assert all(cadence < 135 for cadence in walks)

    desktop.menu("File", "Quit")
    desktop.start_again()
    desktop.key("ctrl+2", window=MAIN)
    assert _slider(desktop).value == 0
    desktop.find(name="The recording is kept at +0 s (placed by you).", window=MAIN)
    assert all(cadence < 135 for cadence in _walk_cadences(desktop))
    desktop.find("table cell", "Completed, recording attached", window=MAIN)
