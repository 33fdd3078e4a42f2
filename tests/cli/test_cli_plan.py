"""``couchtimer plan``: a workout's segments, runs named by the app's one rule
(``core.placement.segment_name``), as the real command prints them."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.cli import couchtimer


def test_the_only_run_of_a_workout_is_not_run_1_of_1(tmp_path: Path) -> None:
    """Week 9: one 30-minute run. The app calls it "Run" (no "1 of 1"), so plan adds nothing
    to its heading, as for the walks."""
    done = couchtimer("plan", "W9R1", home=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "NHS Couch to 5K: week 9, run 1 (40:00 in all)\n"
        "  1  Warm-up     5:00  Brisk walk\n"
        "  2  Run        30:00  \n"
        "  3  Cool-down   5:00  Walk\n"
    )


def test_runs_among_several_are_numbered_as_the_app_numbers_them(tmp_path: Path) -> None:
    done = couchtimer("plan", "W4R1", home=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "NHS Couch to 5K: week 4, run 1 (31:30 in all)\n"
        "  1  Warm-up     5:00  Brisk walk\n"
        "  2  Run         3:00  run 1 of 4\n"
        "  3  Walk        1:30  \n"
        "  4  Run         5:00  run 2 of 4\n"
        "  5  Walk        2:30  \n"
        "  6  Run         3:00  run 3 of 4\n"
        "  7  Walk        1:30  \n"
        "  8  Run         5:00  run 4 of 4\n"
        "  9  Cool-down   5:00  Walk\n"
    )
