"""Recordings kept with runs: their own tables, 1 Hz samples in a compact blob, read on demand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from couchtimer.core.activity import per_second, timed_segments
from couchtimer.core.terrain import segment_metrics
from couchtimer.core.track import Alignment, AlignMethod
from couchtimer.store import HistoryStore, StoreError
from couchtimer.store.tracks import (
    load_metrics,
    load_track,
    runs_with_tracks,
    samples_blob,
    save_track,
)
from tests.helpers.activities import FENIX2_RUN, stored_w4r1, track

ATTACHED = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def _attach(store: HistoryStore, run_id: int, keep_positions: bool) -> None:
    recording = per_second(track(FENIX2_RUN), keep_positions)
    run = store.load_run(run_id)
    metrics = segment_metrics(timed_segments(run), recording)
    alignment = Alignment(-12.0, AlignMethod.PATTERN, 0.9)
    save_track(store, run_id, recording, alignment, metrics, "run.fit", ATTACHED)


def test_a_kept_recording_comes_back_at_its_stored_resolution(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    run_id = stored_w4r1(db, track(FENIX2_RUN).points[0].time)
    with HistoryStore.open(db, backups=False) as store:
        _attach(store, run_id, keep_positions=True)
        kept = load_track(store, run_id)
        assert load_track(store, run_id + 1) is None
    original = track(FENIX2_RUN)
    assert kept is not None
    assert (kept.source, kept.attached_at) == ("run.fit", ATTACHED)
    assert (kept.alignment.offset_seconds, kept.alignment.method) == (-12.0, AlignMethod.PATTERN)
    back = kept.track
    assert (back.format, back.device, back.altitude) == ("fit", "garmin fenix2", original.altitude)
    assert back.laps == original.laps
    assert [p.time for p in back.points] == [p.time for p in original.points]
    for a, b in zip(original.points, back.points, strict=True):
        assert b.heart_rate == a.heart_rate
        assert b.distance_m == pytest.approx(a.distance_m, abs=0.0501)
        assert b.elevation_m == pytest.approx(a.elevation_m, abs=0.0501)
        assert b.cadence_spm == pytest.approx(a.cadence_spm, abs=0.25)
        assert a.position is not None
        assert b.position == pytest.approx(a.position, abs=1e-6)


def test_the_samples_of_47_minutes_take_a_few_kilobytes() -> None:
    assert len(samples_blob(per_second(track(FENIX2_RUN), False))) < 6_000


def test_attaching_again_replaces_the_recording_and_a_deleted_run_takes_it_along(
    tmp_path: Path,
) -> None:
    db = tmp_path / "history.db"
    run_id = stored_w4r1(db, track(FENIX2_RUN).points[0].time)
    with HistoryStore.open(db, backups=False) as store:
        _attach(store, run_id, keep_positions=True)
        _attach(store, run_id, keep_positions=False)
        kept = load_track(store, run_id)
        assert kept is not None
        assert kept.track.has_positions is False
        assert len(load_metrics(store, [run_id])[run_id]) == 9
        with store.transaction() as conn:
            conn.execute("DELETE FROM runs WHERE id = ?", (run_id,))
        assert runs_with_tracks(store) == set()
        assert load_metrics(store, [run_id]) == {}


def test_a_recording_for_a_run_that_is_not_there_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    stored_w4r1(db, datetime(2026, 5, 1, 7, tzinfo=UTC))
    with HistoryStore.open(db, backups=False) as store, pytest.raises(StoreError, match="no run 9"):
        save_track(
            store, 9, track(FENIX2_RUN), Alignment(0, AlignMethod.UTC, 1), (), "x.fit", ATTACHED
        )


def test_a_damaged_recording_says_to_attach_the_file_again(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    run_id = stored_w4r1(db, track(FENIX2_RUN).points[0].time - timedelta(seconds=0))
    with HistoryStore.open(db, backups=False) as store:
        _attach(store, run_id, keep_positions=False)
        with store.transaction() as conn:
            conn.execute("UPDATE tracks SET samples = x'00ff' WHERE run_id = ?", (run_id,))
        with pytest.raises(StoreError, match=r"is damaged \(.*\); attach the file again\.$"):
            load_track(store, run_id)


def test_loaded_runs_carry_what_their_recording_measured(tmp_path: Path) -> None:
    """The findings read ``RunRecord.measured``: the store fills it in whenever it loads runs
    (all of them, a range, or one), and leaves it None for a run without a recording."""
    db = tmp_path / "history.db"
    run_id = stored_w4r1(db, track(FENIX2_RUN).points[0].time)
    other = stored_w4r1(db, track(FENIX2_RUN).points[0].time + timedelta(days=2))
    with HistoryStore.open(db, backups=False) as store:
        _attach(store, run_id, keep_positions=False)
        stored = load_metrics(store, [run_id])[run_id]
        every = {run.id: run for run in store.load_runs()}
        since = store.load_runs(since=track(FENIX2_RUN).points[0].time - timedelta(hours=1))
        one = store.load_run(run_id)
    assert len(stored) == 9
    for run in (every[run_id], one, since[0]):
        assert run.measured is not None
        assert run.measured.segments == stored
    assert every[other].measured is None
    assert [run.id for run in since] == [run_id, other]


def test_figures_from_a_file_that_cannot_be_read_are_a_store_error(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    run_id = stored_w4r1(db, track(FENIX2_RUN).points[0].time)
    with HistoryStore.open(db, backups=False) as store:
        with store.transaction() as conn:
            conn.execute("DROP TABLE segment_metrics")
        with pytest.raises(StoreError, match="segment_metrics"):
            load_metrics(store, [run_id])


def test_moving_a_kept_recording_re_measures_it_and_keeps_the_samples(tmp_path: Path) -> None:
    """The runner's nudge: the offset, the method (manual) and the figures change in one
    transaction; the samples do not; the figures are what measuring at that offset gives."""
    from couchtimer.recordings import measure_at, move_recording

    db = tmp_path / "history.db"
    run_id = stored_w4r1(db, track(FENIX2_RUN).points[0].time)
    with HistoryStore.open(db, backups=False) as store:
        _attach(store, run_id, keep_positions=False)
        before = load_track(store, run_id)
        first = load_metrics(store, [run_id])[run_id]
        placed = move_recording(store, run_id, 95.0)
        after = load_track(store, run_id)
        moved = load_metrics(store, [run_id])[run_id]
        run = store.load_run(run_id)
        with pytest.raises(StoreError, match="has no recording to move"):
            move_recording(store, stored_w4r1(db, ATTACHED), 10.0)
    assert before is not None
    assert after is not None
    assert (placed.offset_seconds, placed.method, placed.confidence) == (
        95.0,
        AlignMethod.MANUAL,
        1.0,
    )
    assert after.alignment == Alignment(95.0, AlignMethod.MANUAL, 1.0)
    assert after.track == before.track
    assert moved == measure_at(run, after.track, 95.0)
    assert moved != first
    assert run.measured is not None
    assert run.measured.segments == moved
