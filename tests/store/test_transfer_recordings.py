"""Recordings are never lost: a recording the runner attached travels with its run through a
JSON export into a fresh history, and through a backup and its restore (issue 15). Real
recordings (tests/data/activities), the real commands, real SQLite files."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from couchtimer.formats.history_json import FORMAT_VERSION, READS_VERSIONS
from couchtimer.recordings import attach_recording, move_recording
from couchtimer.store import HistoryStore
from couchtimer.store.backup import daily_backup
from couchtimer.store.tracks import StoredTrack, load_metrics, load_track
from tests.helpers.activities import FENIX2_RUN, FENIX5_WALK, stored_w4r1, track
from tests.helpers.cli import couchtimer

pytestmark = pytest.mark.slow

ATTACHED = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def _recorded_history(db: Path) -> tuple[int, int]:
    """A history with two W4R1 runs, the real fenix 2 run attached to the first (then nudged
    by hand to +12 s) and the real fenix 5 walk, with its positions, to the second."""
    first = stored_w4r1(db, track(FENIX2_RUN).points[0].time)
    second = stored_w4r1(db, track(FENIX5_WALK).points[0].time)
    with HistoryStore.open(db, backups=False) as store:
        attach_recording(store, FENIX2_RUN, first, now=ATTACHED)
        move_recording(store, first, 12.0)
        attach_recording(store, FENIX5_WALK, second, keep_positions=True, now=ATTACHED)
    return first, second


def _kept(db: Path) -> dict[str, tuple[StoredTrack, tuple[object, ...], object]]:
    """Every kept recording by its run's uuid: the recording, its figures, the run's
    ``measured`` as the store loads it."""
    with HistoryStore.open(db, backups=False) as store:
        runs = store.load_runs()
        metrics = load_metrics(store, [run.id for run in runs])
        found = {}
        for run in runs:
            kept = load_track(store, run.id)
            if kept is not None:
                found[run.uuid] = (kept, metrics[run.id], run.measured)
    return found


def _same(a: StoredTrack, b: StoredTrack) -> None:
    assert (a.track, a.alignment, a.source, a.attached_at) == (
        b.track,
        b.alignment,
        b.source,
        b.attached_at,
    )


def test_recordings_survive_export_and_import_into_a_fresh_history(tmp_path: Path) -> None:
    source, fresh, exported = tmp_path / "history.db", tmp_path / "fresh.db", tmp_path / "h.json"
    _recorded_history(source)
    before = _kept(source)
    assert len(before) == 2

    done = couchtimer("export", "-o", str(exported), "--db", str(source), home=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    document = json.loads(exported.read_text())
    assert (document["version"], FORMAT_VERSION, READS_VERSIONS) == (2, 2, (1, 2))
    recording = document["runs"][0]["recording"]
    assert list(recording) == [
        "source", "attached_at", "format", "device", "altitude", "offset_seconds", "method",
        "confidence", "warnings", "samples", "segments",
    ]  # fmt: skip
    assert (recording["source"], recording["method"], recording["offset_seconds"]) == (
        "activity-small-fenix2-run.fit",
        "manual",
        12.0,
    )

    done = couchtimer("import", str(exported), "--db", str(fresh), home=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    after = _kept(fresh)
    assert after.keys() == before.keys()
    for uuid, (kept, metrics, measured) in before.items():
        _same(after[uuid][0], kept)
        assert after[uuid][1:] == (metrics, measured)
    walk = next(kept for kept, _, _ in after.values() if kept.track.device == "garmin fenix5")
    assert walk.track.has_positions  # kept because the runner asked, and carried

    again = couchtimer("import", str(exported), "--db", str(fresh), home=tmp_path)
    assert again.returncode == 0
    with sqlite3.connect(fresh) as conn:
        assert conn.execute("SELECT count(*) FROM tracks").fetchone() == (2,)


def test_an_import_adds_a_recording_to_a_run_the_history_has_without_one(tmp_path: Path) -> None:
    """The run is already there (same uuid) but its recording is not: the file's is kept."""
    source, other, exported = tmp_path / "history.db", tmp_path / "other.db", tmp_path / "h.json"
    _recorded_history(source)
    assert (
        couchtimer("export", "-o", str(exported), "--db", str(source), home=tmp_path).returncode
        == 0
    )
    plain = json.loads(exported.read_text())
    for run in plain["runs"]:
        run["recording"] = None
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(plain))
    assert couchtimer("import", str(bare), "--db", str(other), home=tmp_path).returncode == 0
    assert _kept(other) == {}
    done = couchtimer("import", str(exported), "--db", str(other), home=tmp_path)
    assert done.returncode == 0
    before, after = _kept(source), _kept(other)
    assert after.keys() == before.keys()
    for uuid, (kept, metrics, _) in before.items():
        _same(after[uuid][0], kept)
        assert after[uuid][1] == metrics


def test_a_version_1_export_without_recordings_still_imports(tmp_path: Path) -> None:
    seed = Path(__file__).parents[1] / "data" / "import" / "two-runs.json"
    assert json.loads(seed.read_text())["version"] == 1
    done = couchtimer("import", str(seed), "--db", str(tmp_path / "h.db"), home=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda r: r.update(samples="not base64!"), "its recording's samples cannot be decoded"),
        (lambda r: r.update(samples=r["samples"][:-40]), "samples are cut short"),
        (lambda r: r.update(method="by guess"), "'by guess' is not a valid AlignMethod"),
        (lambda r: r.update(confidence=1.5), "its recording's confidence (1.5) is outside"),
        (lambda r: r.update(offset_seconds=200_000), "its recording's offset (200000)"),
        (lambda r: r["segments"][0].update(index=99), "its recording names segment 99 of 9"),
        (lambda r: r["segments"][0].pop("cadence_spm"), "does not have the figures it should"),
        (lambda r: r.update(source="a\x1bb.fit"), "file name holds a control character"),
        (lambda r: r.update(warnings="x"), "is not a list of at most 100"),
    ],
)
def test_a_damaged_recording_in_an_export_refuses_the_whole_file(
    tmp_path: Path, change: object, problem: str
) -> None:
    """Nothing half-imported: the error names the run, and the history is left as it was."""
    source, fresh, exported = tmp_path / "history.db", tmp_path / "fresh.db", tmp_path / "h.json"
    _recorded_history(source)
    assert (
        couchtimer("export", "-o", str(exported), "--db", str(source), home=tmp_path).returncode
        == 0
    )
    document = json.loads(exported.read_text())
    change(document["runs"][0]["recording"])  # type: ignore[operator]
    exported.write_text(json.dumps(document))
    done = couchtimer("import", str(exported), "--db", str(fresh), home=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(f"couchtimer: {exported}: run 1 is not valid: ")
    assert problem in done.stderr
    assert done.stderr.endswith("; nothing imported.\n")
    with sqlite3.connect(fresh) as conn:
        assert conn.execute("SELECT count(*) FROM runs").fetchone() == (0,)


def test_a_zip_bomb_in_the_samples_is_refused_without_inflating_it(tmp_path: Path) -> None:
    import base64
    import zlib

    from couchtimer.formats.recording_json import MAX_DOCUMENT_BYTES, recording_from_json

    bomb = base64.b64encode(zlib.compress(b"[" + b" " * (MAX_DOCUMENT_BYTES + 10) + b"]"))
    item = {"samples": bomb.decode(), "format": "fit", "device": "", "altitude": "none",
            "warnings": []}  # fmt: skip
    earliest, latest = datetime(2000, 1, 1, tzinfo=UTC), datetime(2101, 1, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="cut short or larger than any recording"):
        recording_from_json(item, 9, 90, earliest, latest)


def test_recordings_come_back_with_a_restored_backup(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    first, second = _recorded_history(db)
    before = _kept(db)
    with HistoryStore.open(db, backups=False) as store:
        backup = daily_backup(store.connection, db, ATTACHED + timedelta(days=1))
        assert backup is not None
        with store.transaction() as conn:  # the recordings are lost from the history...
            conn.execute("DELETE FROM tracks")
    assert _kept(db) == {}
    done = couchtimer("restore", str(backup), "--db", str(db), home=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")  # ... and come back with the backup
    after = _kept(db)
    assert after.keys() == before.keys()
    for uuid, (kept, metrics, measured) in before.items():
        _same(after[uuid][0], kept)
        assert after[uuid][1:] == (metrics, measured)
    assert {first, second} == {kept.run_id for kept, _, _ in after.values()}


def test_a_recording_for_a_run_held_otherwise_is_measured_against_the_run_held(
    tmp_path: Path,
) -> None:
    """The history's copy of a run starts a minute later than the file's: the file's recording
    is kept with the history's run, measured against that run's segments."""
    from couchtimer.recordings import measure_at

    source, other, exported = tmp_path / "history.db", tmp_path / "other.db", tmp_path / "h.json"
    _recorded_history(source)
    assert (
        couchtimer("export", "-o", str(exported), "--db", str(source), home=tmp_path).returncode
        == 0
    )
    document = json.loads(exported.read_text())
    bare = json.loads(exported.read_text())
    for run in bare["runs"]:
        del run["recording"]
    later = datetime.fromisoformat(bare["runs"][0]["started_at"]) + timedelta(minutes=1)
    bare["runs"][0]["started_at"] = later.isoformat()
    (tmp_path / "bare.json").write_text(json.dumps(bare))
    assert (
        couchtimer(
            "import", str(tmp_path / "bare.json"), "--db", str(other), home=tmp_path
        ).returncode
        == 0
    )
    first = document["runs"][0]
    assert couchtimer("import", str(exported), "--db", str(other), home=tmp_path).returncode == 0
    with HistoryStore.open(other, backups=False) as store:
        held = next(r for r in store.load_runs() if r.uuid == first["uuid"])
        kept = load_track(store, held.id)
    assert kept is not None
    assert kept.alignment.offset_seconds == 12.0
    assert held.measured is not None
    assert held.measured.segments == measure_at(held, kept.track, 12.0)
    assert held.measured.segments != _kept(source)[first["uuid"]][1]
