"""A run done without the laptop, added afterwards from a date and time: stored as a run that
went as planned, with the pain marks the runner placed, like any live run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from couchtimer.core.engine import RunOutcome
from couchtimer.core.history import RunStatus
from couchtimer.core.pain import PainMark
from couchtimer.programmes import resolve_programme
from couchtimer.store import HistoryStore
from couchtimer.store.outdoor import record_planned_run

STARTED = datetime(2026, 3, 4, 17, 30, tzinfo=UTC)


def test_the_run_is_stored_as_planned_with_its_marks(tmp_path: Path) -> None:
    workout = resolve_programme(None).workout(4, 1)  # warm-up 5:00, then run 3:00 ...
    marks = [PainMark(420_000, 1, 6), PainMark(330_000, 1, 4), PainMark(1_600_000, 8, None)]
    store = HistoryStore.open(tmp_path / "history.db", backups=False)
    try:
        run_id = record_planned_run(store, "nhs-c25k", workout, STARTED, marks)
        run = store.load_run(run_id)
    finally:
        store.close()
    assert (run.programme_id, run.week, run.run) == ("nhs-c25k", 4, 1)
    assert (run.status, run.outcome) == (RunStatus.COMPLETED, RunOutcome.COMPLETED)
    assert (run.started_at, run.ended_at) == (STARTED, STARTED + timedelta(seconds=1890))
    assert [(s.index, s.actual_start, s.actual_seconds) for s in run.segments] == [
        (0, 0.0, 300.0), (1, 300.0, 180.0), (2, 480.0, 90.0), (3, 570.0, 300.0),
        (4, 870.0, 150.0), (5, 1020.0, 180.0), (6, 1200.0, 90.0), (7, 1290.0, 300.0),
        (8, 1590.0, 300.0),
    ]  # fmt: skip
    assert run.marks == (PainMark(330_000, 1, 4), PainMark(420_000, 1, 6), PainMark(1_600_000, 8))
    assert list((tmp_path / "runs").glob("*.journal")) == []  # all in the file


@pytest.mark.parametrize(
    ("offset_ms", "accepted"),
    [pytest.param(1_889_999, True, id="last moment"), pytest.param(1_890_000, False, id="the end")],
)
def test_a_mark_must_fall_inside_the_run(tmp_path: Path, offset_ms: int, accepted: bool) -> None:
    workout = resolve_programme(None).workout(4, 1)
    store = HistoryStore.open(tmp_path / "history.db", backups=False)
    try:
        if accepted:
            run_id = record_planned_run(
                store, "nhs-c25k", workout, STARTED, [PainMark(offset_ms, 8, 3)]
            )
            assert store.load_run(run_id).marks == (PainMark(offset_ms, 8, 3),)
        else:
            with pytest.raises(ValueError, match="after the end of W4R1"):
                record_planned_run(store, "nhs-c25k", workout, STARTED, [PainMark(offset_ms, 8, 3)])
            assert store.count_runs() == 0
    finally:
        store.close()


def test_a_run_done_outdoors_from_its_recording_keeps_the_recording(tmp_path: Path) -> None:
    """A real fenix 2 run as W9R1: the plan starts with the recording (a steady run gives no
    pattern to place it by, and says so); the run, its marks and the measured segments are kept."""
    from couchtimer.recordings import keep_recording, place_recording
    from couchtimer.store.tracks import load_metrics, runs_with_tracks
    from tests.helpers.activities import FENIX2_RUN

    workout = resolve_programme(None).workout(9, 1)
    placed = place_recording(FENIX2_RUN, workout)
    assert placed.start == datetime(2015, 8, 15, 14, 45, 8, tzinfo=UTC)
    assert placed.attachment.warnings[-1].startswith(
        "the plan could not be placed on the recording for sure"
    )
    store = HistoryStore.open(tmp_path / "history.db", backups=False)
    try:
        now = datetime(2026, 3, 4, 20, 0, tzinfo=UTC)
        run_id = keep_recording(store, "nhs-c25k", workout, placed, [PainMark(600_000, 1, 4)], now)
        run = store.load_run(run_id)
        assert (run.started_at, run.marks) == (placed.start, (PainMark(600_000, 1, 4),))
        assert runs_with_tracks(store) == {run_id}
        metrics = load_metrics(store, [run_id])[run_id]
        assert [m.kind for m in metrics] == [s.kind for s in workout.segments]
        assert metrics == placed.attachment.metrics
    finally:
        store.close()
