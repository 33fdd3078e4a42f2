"""Pain value objects refuse impossible values and describe themselves in plain words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from couchtimer.core.history import RunRecord, RunStatus
from couchtimer.core.pain import (
    BodyArea,
    Character,
    Checkin,
    Eased,
    PainMark,
    PainReport,
    Region,
    Side,
    Surface,
    Terrain,
    check_intensity,
    sides_for,
    words,
)
from couchtimer.core.programme import Segment, SegmentKind
from tests.helpers.text import exactly


@pytest.mark.parametrize("bad", [-1, 11, True, 2.5, "3"])
def test_intensity_must_be_0_to_10(bad: object) -> None:
    """Only whole numbers 0..10 (or nothing) are intensities."""
    with pytest.raises(ValueError, match="whole number from 0 to 10"):
        check_intensity(bad, "pain")  # type: ignore[arg-type]


def test_pain_mark_validation_and_update() -> None:
    """A mark lies within the run, in a real segment; intensity can be added later."""
    mark = PainMark(offset_ms=61_500, segment_index=2)
    assert mark.with_intensity(7) == PainMark(61_500, 2, 7)
    with pytest.raises(ValueError, match="before the start"):
        PainMark(-1, 0)
    with pytest.raises(ValueError, match="segment index"):
        PainMark(0, -1)
    with pytest.raises(ValueError, match="pain intensity"):
        PainMark(0, 0, 12)


def test_body_area_words() -> None:
    """Areas read naturally in the UI and the physio report."""
    assert BodyArea(Region.LOWER_BACK, Side.BOTH).words == "Lower back (both sides)"
    assert BodyArea(Region.LOWER_BACK, Side.CENTRE).words == "Lower back (centre)"
    assert BodyArea(Region.KNEE, Side.LEFT).words == "Knee (left)"


def test_report_rules() -> None:
    """'No discomfort' is exclusive; back pain is recognised for the red-flag questions."""
    report = PainReport(False, areas=(BodyArea(Region.LOWER_BACK, Side.BOTH),), worst_during=6)
    assert report.involves_back
    assert not report.has_red_flags
    assert PainReport(False, red_flags_yes=("fever",)).has_red_flags
    with pytest.raises(ValueError, match="no discomfort"):
        PainReport(True, worst_during=3)
    with pytest.raises(ValueError, match="onset segment"):
        PainReport(False, onset_segment=-2)
    with pytest.raises(ValueError, match="pain now"):
        PainReport(False, intensity_after=11)


def test_checkin_validation() -> None:
    """Morning values are 0..10 too."""
    assert Checkin(2, 3).stiffness == 3
    with pytest.raises(ValueError, match="stiffness"):
        Checkin(2, 30)


def _record(**changes: object) -> RunRecord:
    base = RunRecord(
        id=1,
        programme_id="nhs-c25k",
        week=4,
        run=1,
        planned=(Segment(SegmentKind.WARMUP, 300), Segment(SegmentKind.RUN, 180)),
        started_at=datetime(2026, 11, 1, 7, 0, tzinfo=UTC),
        ended_at=None,
        status=RunStatus.COMPLETED,
        app_version="0.1.0",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_run_record_worst_pain() -> None:
    """Worst pain takes the higher of marks and report; none recorded is unknown, not zero."""
    assert _record().code == "W4R1"
    assert _record().worst_pain is None
    assert _record(report=PainReport(True)).worst_pain == 0
    marks = (PainMark(1000, 1, 4), PainMark(2000, 1, None))
    assert _record(marks=marks).worst_mark == 4
    report = PainReport(False, worst_during=6)
    assert _record(marks=marks, report=report).worst_pain == 6
    assert _record(marks=(PainMark(1000, 1),)).worst_pain is None
    unrated = _record(marks=(PainMark(1000, 1),), report=PainReport(True))
    assert unrated.worst_pain is None  # a mark pressed is not 0/10 because the report said none
    assert (unrated.pain_unrated, unrated.has_pain) == (True, True)
    assert (_record().pain_unrated, _record().has_pain) == (False, False)
    no_pain = _record(report=PainReport(True))
    assert (no_pain.pain_unrated, no_pain.has_pain) == (False, False)
    assert _record().kind_at(1) is SegmentKind.RUN
    assert _record().kind_at(5) is None


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(
            lambda: PainMark(0, 0, 11),
            "pain intensity must be a whole number from 0 to 10, not 11",
            id="a mark",
        ),
        pytest.param(
            lambda: PainReport(False, worst_during=11),
            "worst pain during the run must be a whole number from 0 to 10, not 11",
            id="the worst during the run",
        ),
        pytest.param(
            lambda: PainReport(False, worst_during=3, intensity_after=-1),
            "pain now must be a whole number from 0 to 10, not -1",
            id="pain right after the run",
        ),
    ],
)
def test_each_intensity_out_of_range_is_named_in_its_error(
    make: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=exactly(message)):
        make()


def test_every_enum_of_the_form_has_display_words_in_core() -> None:
    """What the dialog, the PDF and the CSV say: words, never the stored values."""
    assert [words(member) for member in Side] == ["Left", "Right", "Both sides", "Centre"]
    assert [words(member) for member in Eased] == ["Yes", "Partly", "No"]
    assert [words(member) for member in Character] == [
        "Aching",
        "Stabbing",
        "Burning",
        "Tight",
        "Tingling or numb",
    ]
    assert [words(member) for member in Terrain] == [
        "Flat",
        "Uphill",
        "Downhill",
        "Mixed",
        "Treadmill",
    ]
    assert [words(member) for member in Surface] == [
        "Road or pavement",
        "Trail",
        "Grass",
        "Track",
        "Treadmill",
        "Other",
    ]
    assert words(Region.LOWER_BACK) == "Lower back"
    assert [words(member) for member in Side] == [member.words for member in Side]


def test_an_enum_without_words_is_refused_plainly() -> None:
    with pytest.raises(ValueError, match=r"^<SegmentKind.RUN: 'run'> has no display words$"):
        words(SegmentKind.RUN)


def test_the_back_and_other_areas_have_a_centre_limbs_do_not() -> None:
    back = (Side.CENTRE, Side.LEFT, Side.RIGHT, Side.BOTH)
    limb = (Side.LEFT, Side.RIGHT, Side.BOTH)
    assert {region: sides_for(region) for region in Region} == {
        Region.LOWER_BACK: back,
        Region.HIP: limb,
        Region.KNEE: limb,
        Region.SHIN: limb,
        Region.CALF: limb,
        Region.ACHILLES: limb,
        Region.FOOT: limb,
        Region.OTHER: back,
    }
