"""File > Export run as audio… and Export run for a watch…, chosen with the mouse, the file
dialog answered with keys, as a runner taking the selected run outdoors would."""

from __future__ import annotations

import io
import re

import fitdecode
import pytest
import soundfile

from couchtimer.audio.wavs import SAMPLE_RATE
from tests.helpers.activities import FENIX2_RUN
from tests.helpers.desktop import Desktop
from tests.helpers.paths import CUSTOM_PROGRAMME

MAIN = "CouchTimer"


def test_export_run_as_audio_writes_the_selected_run(desktop: Desktop) -> None:
    """The user's own 25-second W1R1 is the selected run: its audio is 25 s to the sample."""
    desktop.start_app("--programme", str(CUSTOM_PROGRAMME))
    desktop.menu("File", "Export run as audio…")
    out = desktop.home / "quick run.ogg"
    desktop.save_as(out, re.compile("^Export W1R1 as audio"))
    desktop.wait_text(f"Audio written to {out} (0:25, 41 cues).", timeout=60)
    desktop.assert_no_error()
    samples, rate = soundfile.read(out)
    assert (rate, samples.shape) == (SAMPLE_RATE, (25 * SAMPLE_RATE,))


def test_export_run_for_a_watch_writes_a_fit_workout(desktop: Desktop) -> None:
    """A bare name gets .fit; the status bar says where the file goes on the watch."""
    desktop.start_app("--programme", str(CUSTOM_PROGRAMME))
    desktop.menu("File", "Export run for a watch…")
    desktop.save_as(desktop.home / "quick", re.compile("^Export W1R1 for a watch"))
    out = desktop.home / "quick.fit"
    desktop.wait_text(re.compile(f"^Watch workout written to {re.escape(str(out))} \\(5 steps\\)"))
    desktop.assert_no_error()
    with fitdecode.FitReader(io.BytesIO(out.read_bytes())) as reader:
        steps = [
            (frame.get_value("wkt_step_name"), frame.get_value("duration_type"))
            for frame in reader
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "workout_step"
        ]
    assert steps == [
        ("Warm-up", "time"), ("Run", "time"), ("Walk", "time"),
        ("Repeat", "repeat_until_steps_cmplt"), ("Cool-down", "time"),
    ]  # fmt: skip


def test_a_long_export_can_be_cancelled_while_the_window_stays_live(desktop: Desktop) -> None:
    """W9R3 (40 minutes) is written in a worker: Cancel is heard at once, nothing is left."""
    desktop.start_app()
    desktop.click(desktop.find("check box", re.compile("^W9R3"), window=MAIN))
    desktop.menu("File", "Export run as audio…")
    out = desktop.home / "W9R3.ogg"
    desktop.save_as(out, re.compile("^Export W9R3 as audio"))
    desktop.click(desktop.find("push button", "Cancel"))
    desktop.wait_text("Audio export cancelled: no file was written.", timeout=30)
    desktop.assert_no_error()
    assert not out.exists()
    assert [p.name for p in desktop.home.iterdir() if "W9R3" in p.name] == []


def test_a_run_done_outdoors_is_added_with_the_marks_placed_on_the_bar(desktop: Desktop) -> None:
    """Issue 15, item 4: no laptop on the run, so nothing was pressed. The runner gives the
    workout and when it started, then marks where it hurt: a click on the segment bar, and the
    keyboard way (a part of the run and how bad). The run is in the history as planned."""
    desktop.start_app("--programme", str(CUSTOM_PROGRAMME))
    desktop.menu("File", "Add a run done outdoors…")
    chooser = re.compile("^Add a run done outdoors")
    desktop.wait_window(chooser)
    desktop.key("Tab", window=chooser)  # from the workout to the time
    desktop.type("202603041730")
    desktop.key("Return")
    title = re.compile("^After the run – W1R1, done outdoors")
    desktop.wait_window(title)
    bar = desktop.find(name="Workout segments", window=title)
    desktop.click(bar)  # the middle: 12.5 s, to the pixel
    desktop.wait_text(re.compile("^You marked pain 1 time \\(worst 5 of 10\\)"), window=title)
    # The keyboard way: the part of the run (the click chose Walk 1 of 2; the next is Run 2 of
    # 2), how bad, and the button, each by its Alt key.
    desktop.key("alt+r", window=title)
    desktop.key("Down")
    desktop.key("alt+h")
    desktop.key("ctrl+a")
    desktop.type("8")
    desktop.key("alt+p")
    desktop.wait_text(re.compile("^You marked pain 2 times \\(worst 8 of 10\\)"), window=title)
    desktop.screenshot("outdoor-run-marks")
    desktop.click(desktop.find("push button", "Later", window=title))
    desktop.wait_no_window(title)
    desktop.wait_text("W1R1 added to your history with 2 pain marks.")
    desktop.assert_no_error()
    (run,) = desktop.history()
    assert (run["programme_id"], run["week"], run["run"], run["status"]) == (
        "quick-test", 1, 1, "completed",
    )  # fmt: skip
    assert run["started_at"].startswith("2026-03-04T17:30:00")
    assert [(m["segment_index"], m["intensity"]) for m in run["marks"]] == [
        (2, 5),  # the middle of the bar: the first walk
        (3, 8),  # the middle of the second run (13-18 s)
    ]
    # A click is as exact as a pixel: the middle pixel of a bar of odd width is half a pixel
    # short of 12.5 s (25 s over about 700 pixels: 36 ms each). One pixel off is a defect.
    assert bar.extents is not None
    pixel_ms = 25_000 / bar.extents[2]
    assert abs(run["marks"][0]["offset_ms"] - 12_500) < pixel_ms
    assert run["marks"][1]["offset_ms"] == 15_500  # chosen by keyboard: exactly the middle


def test_a_watch_recording_added_in_history_shows_gradient_and_cadence(desktop: Desktop) -> None:
    """Issue 15, "done when": a run done outdoors (W9R1 from 14:45 on 15 August 2015), its
    watch recording (a real fenix 2 run from that afternoon) added in History: the run's row
    says it is recorded and the run shows what the watch measured, segment by segment."""
    desktop.start_app()
    desktop.click(desktop.find("check box", re.compile("^W9R1"), window=MAIN))
    desktop.menu("File", "Add a run done outdoors…")
    chooser = re.compile("^Add a run done outdoors")
    desktop.wait_window(chooser)
    desktop.key("Tab", window=chooser)
    desktop.type("201508151445")
    desktop.key("Return")
    title = re.compile("^After the run – W9R1, done outdoors")
    desktop.wait_window(title)
    desktop.click(desktop.find("push button", "Later", window=title))
    desktop.wait_no_window(title)
    desktop.key("ctrl+2", window=MAIN)
    desktop.click(desktop.find("push button", "Add watch or phone recording…", window=MAIN))
    desktop.save_as(FENIX2_RUN, re.compile("^Add a watch or phone recording"))
    desktop.wait_text(
        re.compile(r"^Recording activity-small-fenix2-run\.fit attached to W9R1 \(15 Aug 2015; "),
        timeout=60,
    )
    # A steady run has no run/walk pattern to line up on: the runner is told to check it.
    desktop.wait_text(re.compile("^the recording could not be lined up with the run for sure"))
    desktop.click(desktop.find("push button", "OK"))
    desktop.assert_no_error()
    table = desktop.find("table", "Measured by the recording, per segment", window=MAIN)
    assert table.extents
    desktop.find("table cell", "Completed, recording attached", window=MAIN)  # its row says so
    desktop.find(name="168 spm", window=MAIN)  # the run segment's cadence, from the watch
    desktop.screenshot("history-with-recording")


def test_a_run_done_outdoors_is_added_from_its_recording(desktop: Desktop) -> None:
    """Issue 15, item 4: no laptop, but a watch. The run is made from the recording (when it
    started comes from the file), the runner marks where it hurt, and the run carries what the
    watch measured."""
    desktop.start_app()
    desktop.click(desktop.find("check box", re.compile("^W9R1"), window=MAIN))
    desktop.menu("File", "Add a run done outdoors…")
    chooser = re.compile("^Add a run done outdoors")
    desktop.wait_window(chooser)
    desktop.click(desktop.find("push button", "Choose a recording… (optional)", window=chooser))
    desktop.save_as(FENIX2_RUN, re.compile("^Add a watch or phone recording"))
    desktop.click(desktop.find("push button", "Add run", window=chooser))
    title = re.compile("^After the run – W9R1, done outdoors")
    desktop.wait_window(title, timeout=60)
    desktop.click(desktop.find(name="Workout segments", window=title))
    desktop.click(desktop.find("push button", "Later", window=title))
    desktop.wait_no_window(title)
    # A steady run has no run/walk pattern to place the plan by: it starts with the recording.
    desktop.wait_text(re.compile("^the plan could not be placed on the recording for sure"))
    desktop.click(desktop.find("push button", "OK"))
    desktop.wait_text("W9R1 added to your history with 1 pain mark.")
    desktop.assert_no_error()
    (run,) = desktop.history()
    assert run["started_at"].startswith("2015-08-15T14:45:08")  # the recording's first second
    ((offset_ms, intensity),) = [(m["offset_ms"], m["intensity"]) for m in run["marks"]]
    # The middle of the bar, to the pixel: 40 minutes over some 900 pixels is 2.7 s a pixel.
    assert (offset_ms, intensity) == (pytest.approx(1_200_000, abs=3_000), 5)
    desktop.key("ctrl+2", window=MAIN)
    desktop.find("table cell", "Completed, recording attached", window=MAIN)
    desktop.find("table", "Measured by the recording, per segment", window=MAIN)
