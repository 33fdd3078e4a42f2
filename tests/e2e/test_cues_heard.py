"""Issue 19 item 6: in the desktop app the cues a runner hears line up with the segments the
history records, to the millisecond's tens, while the runner presses keys (a pain mark, a pause,
back, skip). The real app on Xvfb, real key presses, its sound through ALSA into a FIFO whose
arrivals are timestamped (``sound="timed"``); the history read back through the CLI.

The segment boundaries that come by themselves are planned: the player's raised thread starts
their cues at the deadline (run/session.py), not the GUI thread's timer.
"""

from __future__ import annotations

import re
import time

from tests.helpers.alsa import cue_starts
from tests.helpers.desktop import Desktop

PROGRAMME = """format = 1
id = "cue-check"
name = "Cue check"

[[workouts]]
week = 1
runs = [1]
segments = [{ run = 5 }, { walk = 6 }, { run = 8 }, { walk = 5 }]
"""
RUN_TITLE = re.compile("^Week 1, run 1 — CouchTimer$")
VOLUME = 0.8  # the default setting
NAMED = ("tone-run", "tone-walk", "tone-pip", "tone-finish", "say-paused", "say-resumed")
#: How far a cue heard may be from where the history puts it (issue 4: no cue more than 25 ms
#: off the schedule).
TOLERANCE = 0.025
#: Each named cue's first bytes as played, which begin that cue and no other.
START_BYTES = cue_starts(NAMED, VOLUME)


def heard(desktop: Desktop) -> list[tuple[float, str]]:
    """(arrival, cue) of each of the NAMED cues ALSA received, found by their first bytes."""
    return desktop.alsa_fifo.places(START_BYTES)


def wait_for_cue(desktop: Desktop, cue: str, count: int = 1) -> None:
    desktop.wait_for(
        lambda: [c for _, c in heard(desktop)].count(cue) >= count,
        f"{cue} heard {count} time(s)",
        timeout=30,
    )


def test_the_cues_heard_line_up_with_the_segments_recorded(desktop: Desktop) -> None:
    desktop.step("start the run at once, its sound timed as it reaches ALSA")
    programme = desktop.workdir / "cue-check.toml"
    programme.write_text(PROGRAMME, encoding="utf-8")
    desktop.launch("--programme", str(programme), "--start", "W1R1", sound="timed")
    desktop.wait_window(RUN_TITLE)

    desktop.step("pain 4 in run 1, then a pause of about a second in the walk")
    wait_for_cue(desktop, "tone-run")
    desktop.key("p", "4", window=RUN_TITLE)
    wait_for_cue(desktop, "tone-walk")
    time.sleep(1.5)
    desktop.key("space", window=RUN_TITLE)
    wait_for_cue(desktop, "say-paused")
    time.sleep(1.0)
    desktop.key("space", window=RUN_TITLE)
    wait_for_cue(desktop, "say-resumed")

    desktop.step("back 4.5 s into run 2 (it restarts), then skip it 1.5 s later")
    wait_for_cue(desktop, "tone-run", 2)
    time.sleep(4.5)
    desktop.key("Left", window=RUN_TITLE)
    wait_for_cue(desktop, "tone-run", 3)
    time.sleep(1.5)
    desktop.key("Right", window=RUN_TITLE)
    wait_for_cue(desktop, "tone-finish")
    desktop.assert_no_error()

    desktop.step("each chime where the history's segments start, each pip where it belongs")
    (run,) = desktop.history()
    visits = run["segments"]
    assert [(v["segment_index"], v["ended"]) for v in visits] == [
        (0, "completed"), (1, "completed"), (2, "restarted"), (2, "skipped"), (3, "completed"),
    ]  # fmt: skip
    assert [(m["segment_index"], m["intensity"]) for m in run["marks"]] == [(0, 4)]
    cues = heard(desktop)
    chimes = [(t, c) for t, c in cues if c in ("tone-run", "tone-walk", "tone-finish")]
    assert [c for _, c in chimes] == [
        "tone-run", "tone-walk", "tone-run", "tone-run", "tone-walk", "tone-finish",
    ]  # fmt: skip
    # The walk's length in real time holds the pause, which the history does not keep (and its
    # spoken cues queue behind the walk's announcement): the pause is heard inside the walk.
    (paused,) = [t for t, c in cues if c == "say-paused"]
    (resumed,) = [t for t, c in cues if c == "say-resumed"]
    assert chimes[1][0] < paused < resumed < chimes[2][0]
    for visit, (start, _), (end, _) in zip(visits, chimes, chimes[1:], strict=False):
        if visit["segment_index"] != 1:
            assert abs(end - start - visit["actual_seconds"]) <= TOLERANCE, (visit, cues)
    # The countdown of the three visits that ran to their end: pips 3, 2 and 1 s before the
    # next chime (the walk's pause came before its countdown).
    for (start, _), (end, _) in (chimes[0:2], chimes[1:3], chimes[4:6]):
        pips = [t for t, c in cues if c == "tone-pip" and start < t < end]
        assert len(pips) == 3, cues
        for seconds, pip in zip((3, 2, 1), pips, strict=True):
            assert abs(end - pip - seconds) <= TOLERANCE, (seconds, cues)
