"""scripts/demo_data builds a plausible history that carries the seed story."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from statistics import mean

from couchtimer.core.pain import Eased, Region, Terrain
from couchtimer.core.programme import SegmentKind
from couchtimer.store import HistoryStore
from tests.helpers.cli import private_env

ROOT = Path(__file__).resolve().parent.parent
FIXED_FORM = "Fixed form"


def test_two_years_of_demo_history_tell_the_back_pain_story(tmp_path: Path) -> None:
    """Lower-back marks only in run segments, only from week 4 of the plan, worse on downhill
    reports, easing in the walks, and none after a 'fixed form' run until the next spring."""
    db = tmp_path / "demo.db"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo_data"), str(db), "--years", "2",
         "--end", "2026-11-27"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    with HistoryStore.open(db, backups=False) as store:
        runs = store.load_runs()
    segments = sum(len(r.segments) for r in runs)
    marks = sum(len(r.marks) for r in runs)
    assert done.stdout == f"{db}: {len(runs)} runs, {segments} segments, {marks} pain marks\n"
    assert 380 <= len(runs) <= 420
    assert 13 <= segments / len(runs) <= 17
    assert 0.8 <= marks / len(runs) <= 4

    back_runs = [r for r in runs if r.report and r.report.involves_back]
    assert back_runs
    for run in back_runs:
        assert all(run.kind_at(m.segment_index) is SegmentKind.RUN for m in run.marks)
        assert run.report is not None
        assert run.report.eased_in_walks is Eased.YES
        if run.programme_id == "nhs-c25k":
            assert run.week >= 4

    def worst(terrain: Terrain) -> float:
        return mean(
            r.worst_pain or 0 for r in back_runs if r.report and r.report.terrain is terrain
        )

    assert worst(Terrain.DOWNHILL) >= worst(Terrain.FLAT) + 1.5

    fixed = [i for i, r in enumerate(runs) if r.report and r.report.notes.startswith(FIXED_FORM)]
    assert len(fixed) == 2  # once each spring
    for start in fixed:
        quiet = runs[start + 1 : start + 60]
        assert not any(r.report and r.report.involves_back for r in quiet)
        assert all(
            r.report is None or all(a.region is not Region.LOWER_BACK for a in r.report.areas)
            for r in quiet
        )


def test_demo_recordings_attach_to_every_run_and_leave_the_history_as_it_was(
    tmp_path: Path,
) -> None:
    """--tracks attaches a 1 Hz recording to every run, in tables of their own: the history
    that `couchtimer history --json` prints is the same, figure for figure."""
    from couchtimer.store.tracks import load_metrics, load_track, runs_with_tracks

    printed = {}
    for name, extra in (("plain", []), ("tracked", ["--tracks"])):
        db = tmp_path / f"{name}.db"
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "demo_data"), str(db), "--years", "0.1",
             "--end", "2026-04-20", *extra],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        printed[name] = subprocess.run(
            [sys.executable, "-m", "couchtimer", "history", "--json", "--db", str(db)],
            capture_output=True, text=True, check=True, env=private_env(tmp_path),
        ).stdout  # fmt: skip
    plain, tracked = json.loads(printed["plain"]), json.loads(printed["tracked"])
    # What the recordings measured comes in through the findings' one rule (the measured
    # terrain, the downhill and cadence findings); every other figure is the same.
    found = {f["kind"]: f["text"] for f in tracked["findings"]}
    assert "cadence" in found
    assert "cadence" not in {f["kind"] for f in plain["findings"]}
    for document in (plain, tracked):
        for run in document["runs"]:
            del run["terrain"]
        document["findings"] = [
            f
            for f in document["findings"]
            if f["kind"] not in ("terrain", "terrain-segments", "cadence")
        ]
        document["hints"] = [
            h for h in document["hints"] if h["id"] not in ("downhill-steps", "flatter-route")
        ]
    assert tracked == plain
    with HistoryStore.open(tmp_path / "tracked.db", backups=False) as store:
        runs = store.load_runs()
        assert runs
        assert runs_with_tracks(store) == {run.id for run in runs}
        first = load_track(store, runs[0].id)
        metrics = load_metrics(store, [runs[0].id])[runs[0].id]
    assert first is not None
    assert len(first.track.points) == round(runs[0].recorded_seconds)
    assert [m.index for m in metrics] == [s.index for s in runs[0].segments]
    run_cadence = [m.cadence_spm for m in metrics if m.kind is SegmentKind.RUN]
    assert all(c is not None and 155 <= c <= 173 for c in run_cadence)
