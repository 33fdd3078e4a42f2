"""Value objects map to and from plain rows, and refuse rows that do not make sense."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from couchtimer.core.engine import SegmentEnd
from couchtimer.core.history import (
    MeasuredTerrain,
    RunRecord,
    RunStatus,
    SegmentRecord,
    parse_utc,
    planned_from_json,
    planned_to_json,
    utc_text,
)
from couchtimer.core.metrics import SegmentMetrics
from couchtimer.core.pain import (
    BodyArea,
    Checkin,
    PainMark,
    PainReport,
    Region,
    Side,
)
from couchtimer.core.programme import Segment, SegmentKind
from tests.helpers.reports import FULL_REPORT

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
PLANNED = (Segment(SegmentKind.WARMUP, 300, "Brisk walk"), Segment(SegmentKind.RUN, 180))


def test_utc_text_is_fixed_width_utc_and_parses_back() -> None:
    """Stored times are UTC text of one width (text order is time order) and read back equal."""
    plus_two = datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=2)))
    assert utc_text(plus_two) == "2026-03-02T07:00:00.000000+00:00"
    assert parse_utc("2026-03-02T07:00:00.000000+00:00") == START
    assert parse_utc("2026-03-02T09:00:00+02:00") == START
    with pytest.raises(ValueError, match="needs a timezone"):
        utc_text(datetime(2026, 3, 2, 7, 0))
    with pytest.raises(ValueError, match="no timezone"):
        parse_utc("2026-03-02T07:00:00")
    with pytest.raises(ValueError, match="ISO 8601 text"):
        parse_utc(1234)


def test_planned_json_round_trip_and_checks() -> None:
    """The planned workout is kept as compact JSON and read back as the same segments."""
    text = planned_to_json(PLANNED)
    assert text == (
        '[{"kind":"warmup","seconds":300,"label":"Brisk walk"},'
        '{"kind":"run","seconds":180,"label":""}]'
    )
    assert planned_from_json(text) == PLANNED
    with pytest.raises(ValueError, match="non-empty list"):
        planned_from_json("[]")
    with pytest.raises(ValueError, match="whole number"):
        planned_from_json('[{"kind":"run","seconds":"3","label":""}]')


def test_pain_mark_row_round_trip() -> None:
    """A mark survives to_row/from_row; a fractional offset is refused."""
    mark = PainMark(61_500, 2, 7)
    assert mark.to_row() == {"offset_ms": 61_500, "segment_index": 2, "intensity": 7}
    assert PainMark.from_row(mark.to_row()) == mark
    assert PainMark.from_columns(61_500, 2, 7) == mark
    assert PainMark.from_columns(0, 0, None) == PainMark(0, 0, None)
    with pytest.raises(ValueError, match="mark offset must be a whole number"):
        PainMark.from_row({"offset_ms": 1.5, "segment_index": 0, "intensity": None})
    with pytest.raises(ValueError, match="pain intensity"):
        PainMark.from_row({"offset_ms": 1, "segment_index": 0, "intensity": 11})


def test_report_row_round_trip_full_and_no_discomfort() -> None:
    """Every report field survives; list fields are JSON text in the row."""
    row = FULL_REPORT.to_row()
    assert row["areas"] == '[["lower-back", "both"], ["knee", "left"]]'
    assert row["characters"] == '["stabbing", "tight"]'
    assert row["terrain"] == "downhill"
    assert PainReport.from_row(row) == FULL_REPORT
    quiet = PainReport(True)
    assert quiet.to_row()["eased_in_walks"] is None
    assert PainReport.from_row(quiet.to_row()) == quiet
    # Rows from SQLite carry 0/1 for flags; rows from JSON may carry lists instead of text.
    sqlite_like = {**row, "no_discomfort": 0, "red_flags_asked": 1, "areas": [["hip", "right"]]}
    assert PainReport.from_row(sqlite_like).areas == (BodyArea(Region.HIP, Side.RIGHT),)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"areas": "[oops"}, "areas is not a JSON list"),
        ({"areas": '{"a": 1}'}, "areas must be a list"),
        ({"areas": '[["elbow", "left"]]'}, "'elbow' is not a valid Region"),
        ({"no_discomfort": 2}, "no_discomfort must be true or false"),
        ({"notes": 5}, "notes must be text"),
        ({"terrain": "cliff"}, "'cliff' is not a valid Terrain"),
        ({"worst_during": 12}, "worst pain during the run"),
    ],
)
def test_report_from_bad_row_is_refused(change: dict[str, Any], message: str) -> None:
    """A damaged or hand-edited row gives a ValueError naming the field."""
    with pytest.raises(ValueError, match=message):
        PainReport.from_row({**FULL_REPORT.to_row(), **change})


def test_checkin_row_round_trip() -> None:
    """The morning check-in maps both ways."""
    checkin = Checkin(2, 3, "stiff getting up")
    assert checkin.to_row() == {"intensity": 2, "stiffness": 3, "notes": "stiff getting up"}
    assert Checkin.from_row(checkin.to_row()) == checkin


def test_segment_record_row_round_trip_and_end_reason() -> None:
    """A segment visit keeps how it ended; 'skipped' follows from the end reason."""
    record = SegmentRecord(2, SegmentKind.WALK, 480.0, 90, 480.0, 40.5, True, SegmentEnd.SKIPPED)
    row = record.to_row()
    assert row == {
        "segment_index": 2,
        "kind": "walk",
        "planned_start": 480.0,
        "planned_seconds": 90,
        "actual_start": 480.0,
        "actual_seconds": 40.5,
        "skipped": True,
        "ended": "skipped",
    }
    assert SegmentRecord.from_row(row) == record
    assert SegmentRecord.from_columns(2, "walk", 480.0, 90, 480.0, 40.5, "skipped") == record
    run = SegmentRecord.from_columns(0, "run", 0, 60, 1, 59.5, "completed")
    assert run == SegmentRecord(0, SegmentKind.RUN, 0.0, 60, 1.0, 59.5, False)
    assert (type(run.planned_start), type(run.actual_start)) == (float, float)
    assert SegmentRecord.from_row({**row, "actual_seconds": 40}).actual_seconds == 40.0
    with pytest.raises(ValueError, match="'sprint' is not a segment kind"):
        SegmentRecord.from_row({**row, "kind": "sprint"})
    with pytest.raises(ValueError, match="actual start must be a number"):
        SegmentRecord.from_row({**row, "actual_start": "0"})
    with pytest.raises(ValueError, match="planned seconds must be a whole number"):
        SegmentRecord.from_row({**row, "planned_seconds": True})


def _run(**changes: Any) -> RunRecord:
    base: dict[str, Any] = {
        "id": 7,
        "programme_id": "nhs-c25k",
        "week": 4,
        "run": 1,
        "planned": PLANNED,
        "started_at": START,
        "ended_at": START + timedelta(minutes=8),
        "status": RunStatus.COMPLETED,
        "app_version": "0.1.0",
        "uuid": "6f1c3f9e-0000-4000-8000-000000000001",
    }
    base.update(changes)
    return RunRecord(**base)


def test_run_record_row_round_trip() -> None:
    """The run's own columns map both ways; children are passed in."""
    run = _run(marks=(PainMark(400_000, 1, 6),), report=FULL_REPORT)
    row = run.to_row()
    assert row["started_at"] == "2026-03-02T07:00:00.000000+00:00"
    assert row["status"] == "completed"
    again = RunRecord.from_row(row, marks=run.marks, report=FULL_REPORT)
    assert again == run
    open_run = _run(ended_at=None, status=RunStatus.IN_PROGRESS)
    assert RunRecord.from_row(open_run.to_row()) == open_run
    with pytest.raises(ValueError, match="programme id must be text"):
        RunRecord.from_row({**row, "programme_id": ""})
    with pytest.raises(ValueError, match="app version must be text"):
        RunRecord.from_row({**row, "app_version": None})
    with pytest.raises(ValueError, match="planned workout must be a list"):
        RunRecord.from_row({**row, "planned": 3})
    listed = {**row, "planned": [{"kind": "run", "seconds": 60, "label": ""}]}
    assert RunRecord.from_row(listed).planned == (Segment(SegmentKind.RUN, 60),)


def test_run_record_from_row_takes_the_recordings_figures_as_measured() -> None:
    """The store hands a recorded run's per-segment figures in (any sequence); they become its
    ``measured`` terrain. No recording is None; a recording with no segment measured is not."""
    row = _run().to_row()
    figures = [
        SegmentMetrics(1, SegmentKind.RUN, 1.0, grade_percent=-5.0, downhill_share=0.9),
        SegmentMetrics(2, SegmentKind.WALK, 0.5, cadence_spm=120.0),
    ]
    measured = RunRecord.from_row(row, measured=figures).measured
    assert measured == MeasuredTerrain(tuple(figures))
    assert measured is not None
    assert measured.segments == tuple(figures)
    assert RunRecord.from_row(row, measured=()).measured == MeasuredTerrain(())
    assert RunRecord.from_row(row).measured is None


def test_run_record_discomfort_and_recorded_time() -> None:
    """Discomfort is a mark or a report naming pain; recorded time reaches the last segment or mark."""
    assert not _run().has_discomfort
    assert _run(marks=(PainMark(1000, 0),)).has_discomfort
    assert not _run(report=PainReport(True)).has_discomfort
    assert _run(report=PainReport(True), marks=(PainMark(1000, 0),)).has_discomfort
    assert _run(report=FULL_REPORT).has_discomfort
    assert _run().recorded_seconds == 0.0
    segment = SegmentRecord(0, SegmentKind.WARMUP, 0.0, 300, 0.0, 300.0)
    assert _run(segments=(segment,)).recorded_seconds == 300.0
    assert _run(segments=(segment,), marks=(PainMark(310_500, 1),)).recorded_seconds == 310.5
