"""`couchtimer attach` and `couchtimer import-activity`: the real command, a real history file."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from couchtimer.store import HistoryStore
from couchtimer.store.tracks import load_metrics, load_track, runs_with_tracks
from tests.helpers.activities import FENIX2_RUN, spliced, stored_w4r1, w4r1_segments, write_tcx
from tests.helpers.cli import couchtimer

pytestmark = pytest.mark.slow

START = datetime(2025, 5, 1, 7, 0, tzinfo=UTC)
SEGMENT_KEYS = [
    "index",
    "kind",
    "coverage",
    "distance_m",
    "pace_s_per_km",
    "cadence_spm",
    "heart_rate",
    "ascent_m",
    "descent_m",
    "grade_percent",
    "downhill_share",
]


def test_attach_finds_the_overlapping_run_lines_it_up_and_keeps_it_apart(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    run_id = stored_w4r1(db, START)
    recording = write_tcx(spliced(w4r1_segments(START), 37), tmp_path / "watch.tcx", True)
    history_before = couchtimer("history", "--json", "--db", str(db), home=tmp_path).stdout

    done = couchtimer("attach", str(recording), "--json", "--db", str(db), home=tmp_path)

    assert (done.returncode, done.stderr) == (0, "")
    shown = json.loads(done.stdout)
    assert list(shown) == ["run", "offset_seconds", "method", "confidence", "warnings", "segments"]
    assert (shown["run"], shown["offset_seconds"], shown["method"]) == (run_id, 37, "pattern")
    assert shown["confidence"] >= 0.6
    assert shown["warnings"] == []
    assert [list(s) for s in shown["segments"]] == [SEGMENT_KEYS] * 9
    kinds = [s["kind"] for s in shown["segments"]]
    assert kinds == ["warmup", "run", "walk", "run", "walk", "run", "walk", "run", "cooldown"]
    for segment in shown["segments"]:
        assert segment["coverage"] == 1.0
        expected = 166 if segment["kind"] == "run" else 122
        assert segment["cadence_spm"] == pytest.approx(expected, abs=6)
    # The history's own figures do not move with a recording attached; what the recording
    # measured comes in through the findings' one rule: the run's terrain (its run segments
    # are flat) and the cadence finding, and nothing else.
    before = json.loads(history_before)
    after = json.loads(couchtimer("history", "--json", "--db", str(db), home=tmp_path).stdout)
    assert (before["runs"][0]["terrain"], after["runs"][0]["terrain"]) == (None, "flat")
    assert [f["kind"] for f in before["findings"]] == []
    assert after["findings"] == [
        {
            "kind": "cadence",
            "text": "Your cadence in run segments was 167 steps a minute (the median, from "
            "this run measured by a watch or phone).",
            "runs": 1,
            "tag": "below",
        }
    ]
    # What to try is a hint (none under a hold): the metronome at +5 %, with the figure.
    assert before["hints"] == []
    assert [(h["id"], h["text"], h["why"]) for h in after["hints"]] == [
        (
            "cadence",
            "Take shorter, quicker steps: set the metronome (Settings) to 175 steps a minute, "
            "5 % above your 167.",
            "Shown because your cadence in run segments was 167 steps a minute (the median, "
            "from this run measured by a watch or phone).",
        )
    ]
    for document in (before, after):
        del document["runs"][0]["terrain"], document["findings"], document["hints"]
    assert after == before
    with HistoryStore.open(db, backups=False) as store:
        kept = load_track(store, run_id)
        assert kept is not None
        assert kept.source == "watch.tcx"
        assert kept.track.has_positions is False  # positions only when asked for
        assert kept.track.device == "spliced test watch"
        assert len(kept.track.points) == len(spliced(w4r1_segments(START), 37).points)
        assert (kept.alignment.offset_seconds, kept.alignment.method.value) == (37, "pattern")
        assert [m.index for m in load_metrics(store, [run_id])[run_id]] == list(range(9))
        assert runs_with_tracks(store) == {run_id}


def test_attach_keeps_positions_only_when_asked(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    run_id = stored_w4r1(db, START)
    recording = write_tcx(spliced(w4r1_segments(START), 0), tmp_path / "watch.tcx", True)
    done = couchtimer(
        "attach",
        str(recording),
        "--run",
        str(run_id),
        "--keep-positions",
        "--db",
        str(db),
        home=tmp_path,
    )
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == (
        f"Attached watch.tcx to run {run_id} (offset +0 s by pattern, confidence 0.97)"
    )
    with HistoryStore.open(db, backups=False) as store:
        kept = load_track(store, run_id)
        assert kept is not None
        assert kept.track.points[0].position == (51.5, -0.1)


def test_attach_without_an_overlapping_run_exits_2_and_says_what_to_do(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    stored_w4r1(db, START)
    done = couchtimer("attach", str(FENIX2_RUN), "--db", str(db), home=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        f"couchtimer: {FENIX2_RUN}: no recorded run overlaps this recording (it starts"
        " 2015-08-15 14:45 UTC); name the run with --run ID (couchtimer history --json lists"
        " the ids)\n"
    )


def test_a_steady_run_attaches_with_a_warning_to_check_the_offset(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    run_id = stored_w4r1(db, START)
    steady = spliced(w4r1_segments(START), 0, walks=False)
    recording = write_tcx(steady, tmp_path / "steady.tcx")
    done = couchtimer("attach", str(recording), "--json", "--db", str(db), home=tmp_path)
    assert done.returncode == 0
    shown = json.loads(done.stdout)
    assert (shown["run"], shown["method"], shown["confidence"]) == (run_id, "utc", 0.3)
    assert shown["warnings"] == [
        "the recording could not be lined up with the run for sure (no clear run/walk pattern"
        " in the recording: check the offset on the timeline)"
    ]


def test_import_activity_creates_the_run_where_the_recording_did_it(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    recording = write_tcx(spliced(w4r1_segments(START), 37), tmp_path / "outdoors.tcx")
    done = couchtimer(
        "import-activity",
        str(recording),
        "--run",
        "W4R1",
        "--json",
        "--db",
        str(db),
        home=tmp_path,
    )
    assert (done.returncode, done.stderr) == (0, "")
    shown = json.loads(done.stdout)
    assert (shown["run"], shown["method"]) == (1, "pattern")
    history = json.loads(couchtimer("history", "--json", "--db", str(db), home=tmp_path).stdout)
    (run,) = history["runs"]
    assert (run["code"], run["status"]) == ("W4R1", "completed")
    # the recording's clock is 37 s behind the run's: the run began at 06:59:23 by it
    assert run["started_at"] == (START - timedelta(seconds=37)).isoformat()
    runs_segments = [s["kind"] for s in shown["segments"]]
    assert runs_segments[:3] == ["warmup", "run", "walk"]
    assert shown["segments"][1]["cadence_spm"] == pytest.approx(166, abs=6)


def test_import_activity_of_a_file_that_is_not_a_recording_adds_nothing(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    notice = tmp_path / "notes.txt"
    notice.write_text("not a run")
    done = couchtimer(
        "import-activity", str(notice), "--run", "W4R1", "--db", str(db), home=tmp_path
    )
    assert done.returncode == 2
    assert done.stderr == f"couchtimer: {notice}: not an activity file (FIT, GPX or TCX)\n"


def test_attach_with_an_offset_places_the_recording_where_the_runner_says(
    tmp_path: Path,
) -> None:
    """The command line's nudge: `attach FILE --run ID --offset S` places a recording the
    pattern could not (a steady run) at S seconds, method manual, with no warning; at the
    offset the pattern finds, the figures are the pattern's to the last digit."""
    db = tmp_path / "history.db"
    run_id = stored_w4r1(db, START)
    found = write_tcx(spliced(w4r1_segments(START), 37), tmp_path / "watch.tcx")
    auto = couchtimer("attach", str(found), "--json", "--db", str(db), home=tmp_path)
    by_hand = couchtimer(
        "attach", str(found), "--run", str(run_id), "--offset", "37", "--json", "--db", str(db),
        home=tmp_path,
    )  # fmt: skip
    assert (auto.returncode, by_hand.returncode, by_hand.stderr) == (0, 0, "")
    placed = json.loads(by_hand.stdout)
    assert (placed["offset_seconds"], placed["method"], placed["confidence"]) == (
        37,
        "manual",
        1.0,
    )
    assert placed["warnings"] == []
    assert placed["segments"] == json.loads(auto.stdout)["segments"]

    steady = write_tcx(spliced(w4r1_segments(START), 0, walks=False), tmp_path / "steady.tcx")
    moved = couchtimer(
        "attach", str(steady), "--offset=-75.5", "--db", str(db), home=tmp_path
    )  # the run it overlaps
    assert (moved.returncode, moved.stderr) == (0, "")
    assert moved.stdout.splitlines()[0] == (
        f"Attached steady.tcx to run {run_id} (offset -76 s by manual, confidence 1.00)"
    )
    with HistoryStore.open(db, backups=False) as store:
        kept = load_track(store, run_id)
        assert kept is not None
        assert (kept.alignment.offset_seconds, kept.alignment.method.value) == (-75.5, "manual")
        assert kept.alignment.confidence == 1.0


@pytest.mark.parametrize("offset", ["soon", "nan", "inf", "129601", "-129601"])
def test_an_offset_that_is_not_seconds_within_36_hours_exits_2(tmp_path: Path, offset: str) -> None:
    db = tmp_path / "history.db"
    stored_w4r1(db, START)
    done = couchtimer(
        "attach", str(FENIX2_RUN), f"--offset={offset}", "--db", str(db), home=tmp_path
    )
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].endswith(
        f"argument --offset: {offset!r} is not an offset in seconds within ±36 hours"
    )
    with HistoryStore.open(db, backups=False) as store:
        assert runs_with_tracks(store) == set()
