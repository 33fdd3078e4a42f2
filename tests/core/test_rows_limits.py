"""Pain and history values at their limits, and rows that must come back whole.

A report reloaded without its red-flag answers would drop the URGENT advice; a time stored in the
machine's zone instead of UTC would sort wrongly. Some tests here run under a zone other than UTC
on purpose (the rest of the suite runs with TZ=UTC, which hides such a slip).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone, tzinfo

import pytest

from couchtimer.core.engine import SegmentEnd
from couchtimer.core.history import (
    RunRecord,
    RunStatus,
    SegmentRecord,
    parse_utc,
    planned_from_json,
    utc_text,
)
from couchtimer.core.pain import (
    MAX_INTENSITY,
    BodyArea,
    Checkin,
    PainMark,
    PainReport,
    Region,
    Side,
    check_intensity,
)
from couchtimer.core.programme import Segment, SegmentKind
from tests.helpers.text import exactly, starting

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
PLANNED = (Segment(SegmentKind.WARMUP, 300), Segment(SegmentKind.RUN, 180))

#: The ``segments`` table's columns in ``SegmentRecord.from_columns``' order.
SEGMENT_COLUMNS = (
    "segment_index", "kind", "planned_start", "planned_seconds", "actual_start", "actual_seconds",
    "ended",
)  # fmt: skip


def record(**changes: object) -> RunRecord:
    fields: dict[str, object] = {
        "id": 1,
        "programme_id": "nhs-c25k",
        "week": 4,
        "run": 1,
        "planned": PLANNED,
        "started_at": START,
        "ended_at": None,
        "status": RunStatus.COMPLETED,
        "app_version": "0.1.0",
    }
    fields.update(changes)
    return RunRecord(**fields)  # type: ignore[arg-type]


# --- intensities -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 10, None])
def test_intensities_from_0_to_10_inclusive(value: int | None) -> None:
    assert MAX_INTENSITY == 10
    check_intensity(value, "pain")
    assert PainMark(0, 0, value).intensity == value


@pytest.mark.parametrize("value", [-1, 11])
def test_an_intensity_one_past_either_end_is_refused(value: int) -> None:
    with pytest.raises(
        ValueError, match=exactly(f"pain now must be a whole number from 0 to 10, not {value}")
    ):
        check_intensity(value, "pain now")


@pytest.mark.parametrize(
    ("intensity", "stiffness", "message"),
    [
        (11, 0, "pain this morning must be a whole number from 0 to 10, not 11"),
        (0, 11, "stiffness this morning must be a whole number from 0 to 10, not 11"),
        (-1, 0, "pain this morning must be a whole number from 0 to 10, not -1"),
    ],
)
def test_a_morning_check_in_is_0_to_10_too(intensity: int, stiffness: int, message: str) -> None:
    with pytest.raises(ValueError, match=exactly(message)):
        Checkin(intensity, stiffness)
    assert Checkin(10, 10).intensity == 10
    assert Checkin(0, 0).stiffness == 0


def test_mark_limits_and_messages() -> None:
    assert PainMark(0, 0) == PainMark(offset_ms=0, segment_index=0, intensity=None)
    with pytest.raises(ValueError, match=exactly("a pain mark cannot be before the start (-1 ms)")):
        PainMark(-1, 0)
    with pytest.raises(ValueError, match=exactly("segment index must be >= 0, not -1")):
        PainMark(0, -1)


# --- the post-run report ---------------------------------------------------------------------


def test_a_report_with_red_flags_comes_back_with_them() -> None:
    """Dropping the answers on reload would silently drop the URGENT advice."""
    report = PainReport(False, red_flags_asked=True, red_flags_yes=("fever", "chest-pain"))
    row = report.to_row()
    assert row["red_flags_yes"] == '["fever", "chest-pain"]'
    assert row["red_flags_asked"] is True
    again = PainReport.from_row(row)
    assert again.red_flags_yes == ("fever", "chest-pain")
    assert again.red_flags_asked is True
    assert again == report
    assert again.has_red_flags


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("red_flags_yes", "[1]", "red flag must be text, not 1"),
        ("red_flags_yes", "{}", "red_flags_yes must be a list, not {}"),
        ("red_flags_asked", 2, "red_flags_asked must be true or false, not 2"),
        ("red_flags_asked", "yes", "red_flags_asked must be true or false, not 'yes'"),
        ("onset_note", None, "onset_note must be text, not None"),
        ("characters", "[x", "characters is not a JSON list: Expecting value: line 1 column 2"),
    ],
)
def test_a_damaged_report_row_names_the_field(field: str, value: object, message: str) -> None:
    row = {**PainReport(False).to_row(), field: value}
    with pytest.raises(ValueError, match=starting(message)):
        PainReport.from_row(row)


@pytest.mark.parametrize(("stored", "flag"), [(0, False), (1, True), (False, False), (True, True)])
def test_flags_stored_as_0_1_or_bool(stored: object, flag: bool) -> None:
    row = {**PainReport(False).to_row(), "no_discomfort": stored, "red_flags_asked": stored}
    report = PainReport.from_row(row)
    assert (report.no_discomfort, report.red_flags_asked) == (flag, flag)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"areas": (BodyArea(Region.KNEE, Side.LEFT),)},
        {"worst_during": 1},
        {"red_flags_yes": ("fever",)},
    ],
)
def test_no_discomfort_names_nothing(kwargs: dict[str, object]) -> None:
    with pytest.raises(
        ValueError, match=exactly("a 'no discomfort' report cannot name areas, pain or red flags")
    ):
        PainReport(True, **kwargs)  # type: ignore[arg-type]


def test_no_discomfort_may_say_0_of_10_and_pain_now() -> None:
    """0/10 during the run is no discomfort; pain now (after) may still be given."""
    assert PainReport(True, worst_during=0, intensity_after=3).intensity_after == 3


def test_onset_segment_0_is_the_first_segment() -> None:
    assert PainReport(False, onset_segment=0).onset_segment == 0
    with pytest.raises(ValueError, match=exactly("onset segment must be >= 0, not -1")):
        PainReport(False, onset_segment=-1)


def test_areas_in_words_and_the_back() -> None:
    assert [r.words for r in Region] == [
        "Lower back", "Hip", "Knee", "Shin", "Calf", "Achilles", "Foot", "Other",
    ]  # fmt: skip
    assert [r for r in Region if r.is_back] == [Region.LOWER_BACK]
    assert BodyArea(Region.SHIN, Side.RIGHT).words == "Shin (right)"
    assert not PainReport(False, areas=(BodyArea(Region.HIP, Side.BOTH),)).involves_back
    assert PainReport(
        False, areas=(BodyArea(Region.HIP, Side.LEFT), BodyArea(Region.LOWER_BACK, Side.CENTRE))
    ).involves_back


# --- run records -----------------------------------------------------------------------------


def test_kind_at_covers_exactly_the_planned_segments() -> None:
    run = record()
    assert [run.kind_at(i) for i in (-1, 0, 1, 2)] == [
        None,
        SegmentKind.WARMUP,
        SegmentKind.RUN,
        None,
    ]


@pytest.mark.parametrize(
    ("marks", "report", "worst", "has_pain", "unrated"),
    [
        pytest.param((), None, None, False, False, id="nothing recorded"),
        pytest.param((), PainReport(True), 0, False, False, id="no discomfort"),
        pytest.param((PainMark(1, 0, 0),), None, 0, False, False, id="a mark at 0/10"),
        pytest.param((PainMark(1, 0, 1),), None, 1, True, False, id="a mark at 1/10"),
        pytest.param((PainMark(1, 0),), None, None, True, True, id="a mark without a number"),
        pytest.param(
            (PainMark(1, 0, 3), PainMark(2, 0, 5), PainMark(3, 0)), None, 5, True, False,
            id="the worst of several marks",
        ),
        pytest.param(
            (PainMark(1, 0, 6),), PainReport(False, worst_during=4), 4, True, False,
            id="the runner's own worst wins over a higher mark",
        ),
        pytest.param(
            (PainMark(1, 0),), PainReport(False, worst_during=0), 0, False, False,
            id="an unrated mark, then 0/10 reported: the runner's judgement",
        ),
        pytest.param(
            (), PainReport(False), None, True, True, id="a report of discomfort without a number"
        ),
    ],
)  # fmt: skip
def test_worst_pain_and_whether_there_was_pain(
    marks: tuple[PainMark, ...],
    report: PainReport | None,
    worst: int | None,
    has_pain: bool,
    unrated: bool,
) -> None:
    run = record(marks=marks, report=report)
    assert (run.worst_pain, run.has_pain, run.pain_unrated) == (worst, has_pain, unrated)


def test_recorded_seconds_reach_the_latest_segment_end_or_mark() -> None:
    segments = (
        SegmentRecord(0, SegmentKind.WARMUP, 0.0, 300, 0.0, 300.0),
        SegmentRecord(1, SegmentKind.RUN, 300.0, 180, 300.0, 20.5, ended=SegmentEnd.ENDED_EARLY),
    )
    assert record(segments=segments).recorded_seconds == 320.5
    assert record(segments=segments, marks=(PainMark(400_000, 1),)).recorded_seconds == 400.0
    assert record(marks=(PainMark(2_500, 0),)).recorded_seconds == 2.5


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": True}, "run id must be a whole number, not True"),
        ({"week": 4.0}, "week must be a whole number, not 4.0"),
        ({"run": "1"}, "run must be a whole number, not '1'"),
        ({"programme_id": 5}, "programme id must be text, not 5"),
        ({"status": "done"}, "'done' is not a valid RunStatus"),
        ({"started_at": "2026-03-02T07:00:00"}, "time '2026-03-02T07:00:00' has no timezone"),
        ({"ended_at": 5}, "a time must be ISO 8601 text, not 5"),
    ],
)
def test_a_damaged_run_row_names_the_field(change: dict[str, object], message: str) -> None:
    row = {**record(ended_at=START + timedelta(minutes=8)).to_row(), **change}
    with pytest.raises(ValueError, match=exactly(message)):
        RunRecord.from_row(row)


def test_a_run_row_keeps_its_children_and_check_in_time() -> None:
    checkin_at = START + timedelta(days=1)
    run = record(
        marks=(PainMark(1, 0, 2),), report=PainReport(False, worst_during=2),
        checkin=Checkin(1, 2), checkin_at=checkin_at, uuid="u-1",
        segments=(SegmentRecord(0, SegmentKind.WARMUP, 0.0, 300, 0.0, 300.0),),
    )  # fmt: skip
    again = RunRecord.from_row(
        run.to_row(), run.segments, run.marks, run.report, run.checkin, checkin_at
    )
    assert again == run
    assert (again.checkin, again.checkin_at, again.uuid) == (Checkin(1, 2), checkin_at, "u-1")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ended": "lost"}, "'lost' is not a segment end; expected one of completed, skipped, "
         "restarted, ended-early"),
        ({"kind": ["run"]}, "['run'] is not a segment kind; expected one of warmup, run, walk, "
         "cooldown"),
        ({"planned_start": True}, "planned start must be a number, not True"),
        ({"actual_seconds": None}, "actual seconds must be a number, not None"),
        ({"segment_index": 1.0}, "segment index must be a whole number, not 1.0"),
    ],
)  # fmt: skip
def test_a_damaged_segment_row_names_the_field(change: dict[str, object], message: str) -> None:
    row = {**SegmentRecord(1, SegmentKind.RUN, 300.0, 180, 301.0, 180.0).to_row(), **change}
    with pytest.raises(ValueError, match=exactly(message)):
        SegmentRecord.from_row(row)
    columns = [row[name] for name in SEGMENT_COLUMNS]
    with pytest.raises(ValueError, match=exactly(message)):  # the store's way in: the same
        SegmentRecord.from_columns(*columns)


@pytest.mark.parametrize("ended", list(SegmentEnd))
def test_only_a_skip_is_skipped(ended: SegmentEnd) -> None:
    row = {**SegmentRecord(1, SegmentKind.RUN, 0.0, 1, 0.0, 1.0).to_row(), "ended": ended.value}
    assert SegmentRecord.from_row(row).skipped is (ended is SegmentEnd.SKIPPED)


@pytest.mark.parametrize("text", ["{}", "[]", '"run"'])
def test_a_planned_workout_must_be_a_non_empty_list(text: str) -> None:
    with pytest.raises(
        ValueError, match=exactly("the planned workout must be a non-empty list of segments")
    ):
        planned_from_json(text)


# --- times are UTC whatever the machine's zone ----------------------------------------------


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process runs in America/New_York (UTC-5 in March) for this test."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    assert time.timezone == 5 * 3600
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("new_york")
def test_stored_times_are_utc_in_any_local_zone() -> None:
    plus_two = datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=2)))
    assert utc_text(plus_two) == "2026-03-02T07:00:00.000000+00:00"
    assert utc_text(START) == "2026-03-02T07:00:00.000000+00:00"
    parsed = parse_utc("2026-03-02T09:00:00+02:00")
    assert (parsed, parsed.tzinfo) == (START, UTC)
    assert str(parsed) == "2026-03-02 07:00:00+00:00"
    run = RunRecord.from_row(
        {**record(ended_at=START).to_row(), "ended_at": "2026-03-02T04:00-03:00"}
    )
    assert run.ended_at is not None
    assert run.ended_at.isoformat() == "2026-03-02T07:00:00+00:00"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("notes", 5, "notes must be text, not 5"),
        ("onset_note", 5, "onset_note must be text, not 5"),
        ("characters", "{}", "characters must be a list, not {}"),
        ("areas", "{}", "areas must be a list, not {}"),
        ("no_discomfort", None, "no_discomfort must be true or false, not None"),
        ("red_flags_asked", 2, "red_flags_asked must be true or false, not 2"),
        ("red_flags_yes", "[1]", "red flag must be text, not 1"),
        ("red_flags_yes", "5", "red_flags_yes must be a list, not 5"),
    ],
)
def test_each_report_column_is_named_in_its_error(field: str, value: object, message: str) -> None:
    row = {**PainReport(False).to_row(), field: value}
    with pytest.raises(ValueError, match=exactly(message)):
        PainReport.from_row(row)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"offset_ms": 1.5, "segment_index": 0, "intensity": None}, "mark offset must be a whole number, not 1.5"),
        ({"offset_ms": 1, "segment_index": "0", "intensity": None}, "mark segment index must be a whole number, not '0'"),
    ],
)  # fmt: skip
def test_each_mark_column_is_named_in_its_error(row: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=exactly(message)):
        PainMark.from_row(row)
    with pytest.raises(ValueError, match=exactly(message)):  # the store's way in: the same
        PainMark.from_columns(row["offset_ms"], row["segment_index"], row["intensity"])


def test_a_check_in_row_names_its_notes() -> None:
    with pytest.raises(ValueError, match=exactly("notes must be text, not None")):
        Checkin.from_row({"intensity": 1, "stiffness": 1, "notes": None})
    assert Checkin.from_row({"intensity": 1, "stiffness": 2, "notes": "ok"}) == Checkin(1, 2, "ok")


# --- the runner's local day ------------------------------------------------------------------


def test_a_day_is_the_runner_s_local_day() -> None:
    from couchtimer.core.history import local_day

    late = datetime(2026, 3, 2, 22, 30, tzinfo=UTC)
    assert local_day(late, timezone(timedelta(hours=2))).isoformat() == "2026-03-03"
    assert local_day(late, UTC).isoformat() == "2026-03-02"
    with pytest.raises(
        ValueError,
        match=exactly(
            "a day needs a moment with a timezone, not a naive "
            "datetime.datetime(2026, 3, 2, 22, 30)"
        ),
    ):
        local_day(datetime(2026, 3, 2, 22, 30))


@pytest.mark.usefixtures("new_york")
def test_without_a_zone_the_day_is_the_computer_s() -> None:
    from couchtimer.core.history import in_days, local_day

    early_utc = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # 22:00 on 1 March in New York
    assert local_day(early_utc).isoformat() == "2026-03-01"
    day = local_day(early_utc)
    assert in_days(early_utc, day, day)
    assert not in_days(early_utc, day + timedelta(days=1), None)


@pytest.mark.parametrize(
    ("first", "last", "inside"),
    [
        pytest.param(None, None, True, id="open both ways"),
        pytest.param("2026-03-02", "2026-03-02", True, id="the one day"),
        pytest.param("2026-03-03", None, False, id="from the day after"),
        pytest.param("2026-03-02", None, True, id="from that day"),
        pytest.param(None, "2026-03-01", False, id="up to the day before"),
        pytest.param(None, "2026-03-02", True, id="up to that day"),
        pytest.param("2026-03-01", "2026-03-03", True, id="a day inside"),
        pytest.param("2026-03-03", "2026-03-01", False, id="an empty range"),
    ],
)
def test_in_days_includes_both_ends(first: str | None, last: str | None, inside: bool) -> None:
    from datetime import date

    from couchtimer.core.history import in_days

    moment = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    first_day = date.fromisoformat(first) if first else None
    last_day = date.fromisoformat(last) if last else None
    assert in_days(moment, first_day, last_day, UTC) is inside


def test_in_days_counts_the_day_in_the_zone_it_is_given() -> None:
    """22:30 UTC on 2 March is already 3 March in UTC+2 (the suite runs in UTC)."""
    from datetime import date

    from couchtimer.core.history import in_days

    late = datetime(2026, 3, 2, 22, 30, tzinfo=UTC)
    third = date(2026, 3, 3)
    assert in_days(late, third, third, timezone(timedelta(hours=2)))
    assert not in_days(late, third, third, UTC)


#: Offsets as far from UTC as a tzinfo may be (under a day either way), and none.
_FAR_OFFSETS = (-timedelta(hours=23, minutes=59), timedelta(0), timedelta(hours=23, minutes=59))


@pytest.mark.parametrize("own", _FAR_OFFSETS, ids=["own -23:59", "own UTC", "own +23:59"])
@pytest.mark.parametrize("local", _FAR_OFFSETS, ids=["local -23:59", "local UTC", "local +23:59"])
@pytest.mark.parametrize("clock", ["00:00", "00:01", "12:00", "23:58", "23:59"])
def test_in_days_answers_as_the_local_day_says_at_and_round_its_shortcut(
    own: timedelta, local: timedelta, clock: str
) -> None:
    """in_days answers a moment more than DAYS_APART days inside or outside the range without
    working out its local day: at every distance from the range's ends round that threshold,
    with the moment's own offset and the local one as far apart as they can be, the answer is
    what the local day says."""
    from datetime import date, time

    from couchtimer.core.history import DAYS_APART, in_days, local_day

    assert DAYS_APART == 2
    zone = timezone(local)
    moment = datetime.combine(date(2026, 3, 2), time.fromisoformat(clock), timezone(own))
    day = local_day(moment, zone)
    assert abs((day - moment.date()).days) <= DAYS_APART
    mid = moment.date()
    for apart in range(-DAYS_APART - 2, DAYS_APART + 3):
        edge = mid + timedelta(days=apart)
        for first, last in ((edge, None), (None, edge), (edge, edge), (edge, mid), (mid, edge)):
            expected = (first is None or first <= day) and (last is None or day <= last)
            assert in_days(moment, first, last, zone) is expected, (first, last, day)


def test_in_days_refuses_a_naive_moment_even_far_inside_the_range() -> None:
    from datetime import date

    from couchtimer.core.history import in_days

    with pytest.raises(ValueError, match="a day needs a moment with a timezone, not a naive"):
        in_days(datetime(2026, 3, 2, 12, 0), date(2020, 1, 1), date(2030, 1, 1))


class _NoLocalDay(tzinfo):
    """A zone that fails the test if the moment's local day is worked out in it."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        raise AssertionError("the local day was worked out")

    def dst(self, dt: datetime | None) -> timedelta:
        raise AssertionError("the local day was worked out")

    def tzname(self, dt: datetime | None) -> str:
        raise AssertionError("the local day was worked out")

    def fromutc(self, dt: datetime) -> datetime:
        raise AssertionError("the local day was worked out")


@pytest.mark.parametrize(
    ("first", "last", "inside"),
    [
        pytest.param(-2, None, True, id="from exactly DAYS_APART days before"),
        pytest.param(None, 2, True, id="up to exactly DAYS_APART days after"),
        pytest.param(-2, 2, True, id="both ends exactly DAYS_APART away"),
        pytest.param(-7, 2, True, id="deep inside, last at DAYS_APART"),
        pytest.param(3, None, False, id="from more than DAYS_APART days after"),
        pytest.param(None, -3, False, id="up to more than DAYS_APART days before"),
        pytest.param(3, 7, False, id="a range after, with both ends"),
        pytest.param(-7, -3, False, id="a range before, with both ends"),
    ],
)
def test_in_days_needs_no_local_day_where_its_shortcut_answers(
    first: int | None, last: int | None, inside: bool
) -> None:
    """The shortcut's reach, pinned (the range's ends in days from the moment's own date): it
    is answered without its local day when the range starts DAYS_APART (2) days before it or
    earlier and ends 2 days after it or later, or lies more than 2 days away on either side."""
    from couchtimer.core.history import in_days

    moment = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    first_day = None if first is None else moment.date() + timedelta(days=first)
    last_day = None if last is None else moment.date() + timedelta(days=last)
    assert in_days(moment, first_day, last_day, _NoLocalDay()) is inside


def test_in_days_works_out_the_local_day_within_its_reach() -> None:
    """One day inside either end, or up to two days outside, only the local day can say."""
    from datetime import date

    from couchtimer.core.history import in_days

    moment = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    for first, last in [
        (date(2026, 3, 1), None),
        (None, date(2026, 3, 3)),
        (date(2026, 3, 4), None),
        (None, date(2026, 2, 28)),
    ]:
        with pytest.raises(AssertionError, match="the local day was worked out"):
            in_days(moment, first, last, _NoLocalDay())
