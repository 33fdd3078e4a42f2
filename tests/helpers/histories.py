"""History files: for the end-to-end tests, as `couchtimer import` takes them (JSON exports); the
seed story as a real history file (``story_file``)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from couchtimer.core.demo import seed_metrics, seed_story
from couchtimer.core.track import Alignment, AlignMethod, Altitude, Track, TrackPoint
from couchtimer.programmes import resolve_programme
from couchtimer.store import HistoryStore
from couchtimer.store.rows import insert_run
from couchtimer.store.tracks import save_track
from tests.helpers.paths import E2E_HISTORY

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)  # the story's first run
ATTACHED = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)  # when its recordings were attached


def red_flag_history(folder: Path, flag: str = "saddle-numbness") -> Path:
    """The week-4 story whose latest run (W5R2) answered yes to ``flag``: Today is on hold."""
    history = json.loads(E2E_HISTORY.read_text(encoding="utf-8"))
    history["runs"][-1]["report"]["red_flags_yes"] = [flag]
    path = folder / "red-flag-history.json"
    path.write_text(json.dumps(history), encoding="utf-8")
    return path


def story_file(folder: Path, recordings: bool) -> Path:
    """The seed story (27 runs of the NHS plan, back pain from week 4) in a real history file;
    with ``recordings``, a watch on every run from week 4 (``seed_metrics``' figures)."""
    db = folder / "history.db"
    runs = seed_story(resolve_programme("nhs-c25k"), START, fixed_after="W7R2")
    with HistoryStore.open(db, backups=False) as store:
        with store.transaction() as conn:
            ids = [insert_run(conn, replace(run, id=0)) for run in runs]
        assert ids == [run.id for run in runs]
        if recordings:
            for run in runs[9:]:  # weeks 4 to 9
                samples = (TrackPoint(run.started_at, 0.0), TrackPoint(run.started_at, 1.0))
                samples = (samples[0], replace(samples[1], time=run.ended_at or run.started_at))
                track = Track("fit", "test watch", Altitude.BAROMETRIC, samples)
                alignment = Alignment(0.0, AlignMethod.UTC, 1.0)
                save_track(store, run.id, track, alignment, seed_metrics(run), "w.fit", ATTACHED)
    return db
