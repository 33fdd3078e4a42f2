"""The figures behind the charts at their edges: a mark at a segment's very start, a segment
visited twice, a zero-length visit, the run list's every column, the week marks."""

from __future__ import annotations

from dataclasses import replace

import pytest

from couchtimer.core import analysis, chartdata
from couchtimer.core.demo import MarkAt, make_run
from couchtimer.core.history import RunRecord, SegmentRecord
from couchtimer.core.pain import PainMark, PainReport, Region
from couchtimer.core.programme import SegmentKind
from tests.helpers.runs import START, day_run, week_workout

R, K = SegmentKind.RUN, SegmentKind.WALK
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def with_second_visit(marks: tuple[PainMark, ...]) -> RunRecord:
    """Run 0-120 s, walk 120-180 s, run 180-300 s; then "back" and the walk again at 300 s and
    the second run again at 360 s."""
    run = make_run(1, "nhs-c25k", week_workout(4), START)
    visits = (
        SegmentRecord(1, K, 120.0, 60, 300.0, 60.0),
        SegmentRecord(2, R, 180.0, 120, 360.0, 120.0),
    )
    return replace(run, segments=(*run.segments, *visits), marks=marks)


def test_a_mark_at_the_very_start_of_a_run_segment_is_0_minutes_in() -> None:
    run = make_run(1, "nhs-c25k", week_workout(4), START, [MarkAt(0, 0, 3), MarkAt(2, 0.6, 1)])
    assert analysis.onsets(run) == [0.0, pytest.approx(0.01)]


@pytest.mark.parametrize(
    ("seconds", "onset_seconds"),
    [
        pytest.param(200.0, 20.0, id="in the first visit, a later one exists"),
        pytest.param(359.5, 179.5, id="half a second before the second visit"),
        pytest.param(360.0, 0.0, id="exactly at the second visit's start"),
        pytest.param(360.5, 0.5, id="just into the second visit"),
    ],
)
def test_each_mark_counts_from_the_visit_that_holds_it(
    seconds: float, onset_seconds: float
) -> None:
    run = with_second_visit((PainMark(round(seconds * 1000), 2, 3),))
    assert analysis.onsets(run) == [pytest.approx(onset_seconds / 60)]


def test_the_first_mark_in_a_segment_is_its_onset_whatever_the_order_stored() -> None:
    marks = (PainMark(50_000, 0, 2), PainMark(20_000, 0, 3), PainMark(30_000, 0, 1))
    run = replace(make_run(1, "nhs-c25k", week_workout(4), START), marks=marks)
    assert analysis.onsets(run) == [pytest.approx(20 / 60)]


def test_every_visit_is_a_band_in_the_order_run_even_one_of_no_time() -> None:
    run = make_run(1, "nhs-c25k", week_workout(4), START)
    short = (
        SegmentRecord(2, R, 180.0, 120, 0.5, 120.0),
        SegmentRecord(0, R, 0.0, 120, 0.0, 0.5, True),
        SegmentRecord(1, K, 120.0, 60, 0.5, 0.0, True),
    )
    bands = chartdata.timeline(replace(run, segments=short)).bands
    assert [(b.kind, b.start, b.end, b.index, b.skipped) for b in bands] == [
        (R, 0.0, 0.5, 0, True), (K, 0.5, 0.5, 1, True), (R, 0.5, 120.5, 2, False),
    ]  # fmt: skip


def test_an_unrecorded_run_is_drawn_from_its_plan_with_its_marks() -> None:
    run = make_run(1, "nhs-c25k", week_workout(4), START, [MarkAt(1, 5, 2)], PainReport(False))
    line = chartdata.timeline(replace(run, segments=()))
    assert [(b.kind, b.start, b.end, b.index) for b in line.bands] == [
        (R, 0.0, 120.0, 0), (K, 120.0, 180.0, 1), (R, 180.0, 300.0, 2),
    ]  # fmt: skip
    assert [(p.seconds, p.intensity, p.segment_index, p.kind) for p in line.points] == [
        (125.0, 2, 1, K)
    ]


def test_the_run_list_line_has_every_column() -> None:
    run = day_run(0, 4, Region.KNEE, in_runs=2, in_walks=1, after=3, morning=1)
    summary = analysis.summarise(replace(run, programme_id="my-plan"))
    assert summary.programme_id == "my-plan"
    assert summary.worst == analysis.WorstPain(during=4, after=3, morning=1)
    assert summary.split == analysis.SegmentSplit(2, 1, 4.0, 4.0)


def test_week_marks_where_the_programme_or_the_week_changes() -> None:
    runs = [
        day_run(0, week=1), day_run(1, week=1), day_run(2, week=2),
        replace(day_run(3, week=2), programme_id="my-plan"), day_run(4, week=2),
    ]  # fmt: skip
    assert analysis.week_boundaries(reversed(runs)) == [(0, 1), (2, 2), (3, 2), (4, 2)]
    assert analysis.week_boundaries([]) == []
    assert analysis.week_boundaries(runs[1:2]) == [(0, 1)]


@pytest.mark.parametrize(
    ("marks", "worst_during", "long", "short"),
    [
        pytest.param((), None, "-", "-", id="no number given"),
        pytest.param((PainMark(1, 0, 6),), 6, "6/10", "6/10", id="the mark agrees"),
        pytest.param((PainMark(1, 0, 7),), 6, "6/10 (highest mark 7)", "6/10 (mark 7)", id="a higher mark"),
        pytest.param((PainMark(1, 0, 3),), None, "3/10", "3/10", id="marks only"),
    ],
)  # fmt: skip
def test_worst_words(
    marks: tuple[PainMark, ...], worst_during: int | None, long: str, short: str
) -> None:
    report = PainReport(False, worst_during=worst_during) if worst_during is not None else None
    run = replace(make_run(1, "nhs-c25k", week_workout(4), START), marks=marks, report=report)
    assert analysis.worst_words(run) == long
    assert analysis.worst_words(run, short=True) == short


def test_a_run_point_carries_the_run_s_id_week_split_and_worst_pain() -> None:
    run = day_run(3, 4, Region.KNEE, week=5, after=2, morning=1, in_runs=2, in_walks=1)
    (point,) = chartdata.run_points([run])
    assert point == chartdata.RunPoint(
        position=0,
        run_id=72,
        code="W5R1",
        week=5,
        run=1,
        split=analysis.SegmentSplit(run_marks=2, walk_marks=1, run_mean=4.0, walk_mean=4.0),
        worst=analysis.WorstPain(during=4, after=2, morning=1),
        started_at=run.started_at,
    )


def monthly_points(months: int) -> list[chartdata.RunPoint]:
    """One run on the 10th of each month from January 2026, ``months`` of them."""
    runs = [
        replace(day_run(0), id=i, started_at=START.replace(2026 + i // 12, i % 12 + 1, 10))
        for i in range(months)
    ]
    return chartdata.run_points(runs)


def test_up_to_12_months_are_labelled_by_month_and_13_by_year() -> None:
    twelve = chartdata.date_ticks(monthly_points(12))
    assert twelve == [(i, f"{name} 2026") for i, name in enumerate(MONTHS)]
    assert chartdata.date_ticks(monthly_points(13)) == [(0, "2026"), (12, "2027")]


def test_labels_by_year_name_each_year_once() -> None:
    """25 months from January 2026: three years, each at its first run."""
    assert chartdata.date_ticks(monthly_points(25)) == [(0, "2026"), (12, "2027"), (24, "2028")]


def test_a_run_label_names_the_month_unless_the_run_before_was_in_it() -> None:
    """Without week starts every run is a short label: the first names its month, as does the
    first run of a new month."""
    points = monthly_points(2)
    points.insert(
        1, replace(points[0], position=1, started_at=points[0].started_at.replace(day=20))
    )
    points[2] = replace(points[2], position=2)
    first, others = chartdata.run_ticks(points, [])
    assert first == []
    assert others == [(0, "R1\n10 Jan"), (1, "R1\n20"), (2, "R1\n10 Feb")]
