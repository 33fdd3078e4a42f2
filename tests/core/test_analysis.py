"""The figures behind the history charts (the findings in words: test_findings.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from couchtimer.core import analysis, chartdata, history
from couchtimer.core.demo import MarkAt, make_run, seed_story
from couchtimer.core.history import RunRecord, SegmentRecord
from couchtimer.core.outcome import RunOutcome
from couchtimer.core.pain import BodyArea, Checkin, PainMark, PainReport, Region, Side, Terrain
from couchtimer.core.placement import Visit, visit_start
from couchtimer.core.programme import Programme, Segment, SegmentKind, Workout
from couchtimer.programmes import resolve_programme

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
W, R, K, C = SegmentKind.WARMUP, SegmentKind.RUN, SegmentKind.WALK, SegmentKind.COOLDOWN
# warm-up 0-60, run 60-180, walk 180-240, run 240-360, cool-down 360-420
SHORT = Workout(
    4, 1, (Segment(W, 60), Segment(R, 120), Segment(K, 60), Segment(R, 120), Segment(C, 60))
)


@pytest.fixture(scope="module")
def nhs() -> Programme:
    return resolve_programme("nhs-c25k")


def run_with(
    marks: list[MarkAt],
    report: PainReport | None = None,
    checkin: Checkin | None = None,
    day: int = 0,
    run_id: int = 1,
    workout: Workout = SHORT,
) -> RunRecord:
    return make_run(
        run_id, "nhs-c25k", workout, START + timedelta(days=day), marks, report, checkin
    )


def pain(worst: int, terrain: Terrain | None = None, region: Region = Region.KNEE) -> PainReport:
    return PainReport(
        False, areas=(BodyArea(region, Side.LEFT),), worst_during=worst, terrain=terrain
    )


def test_segment_split_counts_and_means() -> None:
    """Marks in run segments against walking (walks, warm-up, cool-down), with mean intensity."""
    run = run_with(
        [MarkAt(1, 30, 4), MarkAt(3, 10, 6), MarkAt(3, 50, None), MarkAt(2, 5, 1), MarkAt(0, 5, 3)]
    )
    split = analysis.segment_split(run)
    assert (split.run_marks, split.walk_marks, split.total) == (3, 2, 5)
    assert split.run_mean == 5.0
    assert split.walk_mean == 2.0
    assert split.run_share == 0.6
    assert split.walk_share == 0.4
    empty = analysis.segment_split(run_with([]))
    assert (empty.run_share, empty.walk_share, empty.run_mean) == (None, None, None)


def test_worst_pain_during_after_and_morning() -> None:
    """During = the runner's own "worst during the run" where given (4), not overridden by a
    higher mark (6); after = report 'now'; morning = the check-in."""
    report = PainReport(False, worst_during=4, intensity_after=2)
    run = run_with([MarkAt(1, 5, 6)], report, Checkin(3, 1))
    assert analysis.worst_pain(run) == analysis.WorstPain(4, 2, 3)
    assert (run.worst_mark, run.mark_differs) == (6, True)
    assert analysis.worst_words(run) == "4/10 (highest mark 6)"
    assert analysis.worst_words(run, short=True) == "4/10 (mark 6)"
    assert analysis.worst_pain(run).highest == 4
    assert analysis.worst_pain(run_with([])) == analysis.WorstPain(None, None, None)
    assert analysis.WorstPain(None, None, None).highest is None


def test_onsets_are_minutes_into_each_run_segment() -> None:
    """Only the first mark in each run segment counts; walks are not run segments."""
    run = run_with([MarkAt(3, 90, 3), MarkAt(1, 30, 4), MarkAt(1, 60, 5), MarkAt(2, 10, 2)])
    assert analysis.onsets(run) == [0.5, 1.5]


def test_a_run_segments_earliest_mark_counts_wherever_it_is_listed() -> None:
    """The first mark is the earliest pressed, not the first listed (an imported history may
    list them in any order); marks pressed at the same moment give the same onset."""
    run = run_with([MarkAt(3, 90, 3), MarkAt(1, 60, 5), MarkAt(1, 30, 4), MarkAt(3, 45, None)])
    assert analysis.onsets(run) == [0.5, 0.75]
    assert analysis.onsets(run_with([MarkAt(1, 20, 2), MarkAt(1, 20, 6)])) == [pytest.approx(1 / 3)]


def test_onset_falls_back_to_the_plan_without_segment_records() -> None:
    """A run whose segments were not recorded is measured against its planned starts."""
    run = replace(run_with([MarkAt(3, 30, 3)]), segments=())
    assert analysis.onsets(run) == [0.5]


def test_onset_is_measured_from_the_visit_that_holds_the_mark() -> None:
    """After "back", a run segment has two visits; each mark counts from its own visit."""
    run = run_with([])
    again = SegmentRecord(1, R, 60, 120, 400, 120)  # run 1 visited a second time at 400 s
    run = replace(run, segments=(*run.segments, again), marks=(PainMark(430_000, 1, 3),))
    assert visit_start(run.planned, run.visits, 1, 430.0) == 400.0
    assert visit_start(run.planned, run.visits, 1, 70.0) == 60.0
    assert analysis.onsets(run) == [0.5]


def test_a_runs_visits_are_gathered_once_and_follow_its_segments() -> None:
    """``visits`` is worked out the first time it is asked for; a copy with other segments has
    its own, and having asked does not make two equal runs differ."""
    run = run_with([])
    assert run.visits is run.visits
    assert [v.index for v in run.visits] == [s.index for s in run.segments]
    again = SegmentRecord(1, R, 60, 120, 400, 120)
    moved = replace(run, segments=(*run.segments, again))
    assert moved.visits == (*run.visits, again.visit)
    assert replace(moved, segments=run.segments) == run
    assert hash(replace(moved, segments=run.segments)) == hash(run)


def test_a_runs_outcome_is_worked_out_once_and_follows_its_segments(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``outcome`` is worked out by the one rule the first time it is asked for, then kept; a
    copy with other segments works out its own, and asking does not make equal runs differ."""
    asked = []
    rule = history.outcome_of

    def counted(*args: Any) -> RunOutcome:
        asked.append(1)
        return rule(*args)

    monkeypatch.setattr(history, "outcome_of", counted)
    run, twin = run_with([]), run_with([])
    assert [run.outcome, run.outcome, run.outcome] == [RunOutcome.COMPLETED] * 3
    assert asked == [1]
    assert run == twin
    assert hash(run) == hash(twin)
    assert repr(run) == repr(twin)
    stopped = replace(run, segments=run.segments[:2])
    assert stopped.outcome is RunOutcome.ENDED_EARLY
    assert asked == [1, 1]
    assert replace(stopped, segments=run.segments).outcome is RunOutcome.COMPLETED


def test_a_runs_worst_pain_and_mark_are_worked_out_once_and_follow_its_marks_and_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``worst_mark`` and ``worst_pain`` come from the one rule (``worst_of``), worked out the
    first time either is asked for and then kept (so are ``mark_differs`` and ``has_pain``,
    which ask them); a copy with other marks or another report works out its own, and asking
    does not make equal runs differ."""
    asked = []
    rule = history.worst_of

    def counted(*args: Any) -> tuple[int | None, int | None]:
        asked.append(1)
        return rule(*args)

    monkeypatch.setattr(history, "worst_of", counted)
    run, twin = run_with([MarkAt(1, 30, 4), MarkAt(3, 10, 7)], pain(5)), run_with([], pain(5))
    twin = replace(twin, marks=run.marks)
    assert [run.worst_mark, run.worst_pain, run.mark_differs, run.has_pain] == [7, 5, True, True]
    assert [run.worst_pain, run.worst_mark] == [5, 7]
    assert asked == [1]
    assert run == twin
    assert hash(run) == hash(twin)
    assert repr(run) == repr(twin)
    unrated = replace(run, report=None)
    assert [unrated.worst_pain, unrated.worst_mark, unrated.mark_differs] == [7, 7, False]
    assert asked == [1, 1]
    calm = replace(run, marks=(), report=PainReport(True))
    assert [calm.worst_pain, calm.worst_mark, calm.has_pain] == [0, None, False]
    assert asked == [1, 1, 1]


def test_date_words_say_the_day_as_the_dates_own_format_does() -> None:
    """``date_words`` asks ``time.strftime`` for the month and year (as ``date.__format__``
    does, without its imports): the same words for every month, a one- and a two-digit day,
    the first and last day of a month and of the year."""
    noon = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    days = [noon + timedelta(days=n) for n in (0, 8, 9, 30, 31, 58, 59, 364)]
    days += [noon.replace(month=month, day=15) for month in range(1, 13)]
    for at in days:
        run = make_run(1, "nhs-c25k", SHORT, at)
        assert analysis.date_words(run) == f"{run.day.day} {run.day:%b %Y}"
    first = make_run(1, "nhs-c25k", SHORT, noon)
    last = make_run(2, "nhs-c25k", SHORT, noon + timedelta(days=364))
    assert [analysis.date_words(first), analysis.date_words(last)] == ["1 Jan 2026", "31 Dec 2026"]


def test_a_segments_visit_is_made_once_and_changes_nothing_else() -> None:
    """``SegmentRecord.visit`` is worked out the first time it is asked for (the store shares
    records between runs); asking does not make two equal records differ, and a changed copy
    has its own."""
    record = SegmentRecord(1, R, 60, 120, 400, 130)
    twin = SegmentRecord(1, R, 60, 120, 400, 130)
    assert record.visit == Visit(1, 400, 130)
    assert record.visit is record.visit
    assert record == twin
    assert hash(record) == hash(twin)
    assert (
        repr(record)
        == repr(twin)
        == (
            "SegmentRecord(index=1, kind=<SegmentKind.RUN: 'run'>, planned_start=60,"
            " planned_seconds=120, actual_start=400, actual_seconds=130, skipped=False,"
            " ended=<SegmentEnd.COMPLETED: 'completed'>)"
        )
    )
    assert replace(record, actual_start=410.0).visit == Visit(1, 410.0, 130)
    assert replace(record, index=2).visit == Visit(2, 400, 130)
    assert replace(record, actual_seconds=90.0).visit == Visit(1, 400, 90.0)


def test_a_run_with_marks_only_in_walks_has_no_onsets() -> None:
    run = run_with([MarkAt(2, 10, 2), MarkAt(0, 5, 1)])
    assert analysis.onsets(run) == []


def test_timeline_bands_and_points() -> None:
    """Bands follow the segments as run, a skipped one flagged; points keep their segment kind."""
    run = run_with([MarkAt(3, 30, 5), MarkAt(1, 30, None)], pain(5))
    skipped = (*run.segments[:2], replace(run.segments[2], skipped=True), *run.segments[3:])
    line = chartdata.timeline(replace(run, segments=skipped))
    assert [(b.kind, b.start, b.end, b.skipped) for b in line.bands] == [
        (W, 0.0, 60.0, False),
        (R, 60.0, 180.0, False),
        (K, 180.0, 240.0, True),
        (R, 240.0, 360.0, False),
        (C, 360.0, 420.0, False),
    ]
    assert [(p.seconds, p.intensity, p.kind) for p in line.points] == [
        (90.0, None, R),
        (270.0, 5, R),
    ]
    assert line.seconds == 420.0
    assert line.worst.during == 5


def test_timeline_of_an_unrecorded_run_uses_the_plan() -> None:
    """Without segment records the planned segments make the bands."""
    line = chartdata.timeline(replace(run_with([]), segments=()))
    assert [(b.start, b.end) for b in line.bands][-1] == (360.0, 420.0)
    assert len(line.bands) == 5
    assert chartdata.Timeline((), (), analysis.WorstPain(None, None, None)).seconds == 0.0


def test_summary_for_the_run_list() -> None:
    """The run list line: date, code, status, worst, split, regions, terrain, flags and notes."""
    report = replace(
        pain(4, Terrain.DOWNHILL, Region.LOWER_BACK), notes="hill", red_flags_yes=("fever",)
    )
    summary = analysis.summarise(run_with([MarkAt(1, 5, 4)], report, run_id=9))
    assert (summary.run_id, summary.date, summary.code, summary.status) == (
        9,
        "2 Mar 2026",
        "W4R1",
        "completed",
    )
    assert summary.regions == (Region.LOWER_BACK,)
    assert summary.terrain is Terrain.DOWNHILL
    assert summary.red_flags == ("fever",)
    assert summary.notes == "hill"
    bare = analysis.summarise(run_with([]))
    assert (bare.regions, bare.terrain, bare.red_flags, bare.notes) == ((), None, (), "")


def test_run_points_and_week_boundaries_in_date_order(nhs: Programme) -> None:
    """Runs are placed in date order whatever order they come in; each week start is marked."""
    runs = seed_story(nhs, START)[:7]
    points = chartdata.run_points(reversed(runs))
    assert [p.code for p in points] == ["W1R1", "W1R2", "W1R3", "W2R1", "W2R2", "W2R3", "W3R1"]
    assert analysis.week_boundaries(reversed(runs)) == [(0, 1), (3, 2), (6, 3)]


def test_groups_by_terrain_and_region() -> None:
    """Terrain groups follow the Terrain order; regions come most-often-named first."""
    runs = [
        run_with([], pain(6, Terrain.DOWNHILL, Region.LOWER_BACK), day=0),
        run_with([], pain(2, Terrain.FLAT, Region.LOWER_BACK), day=1),
        run_with([], PainReport(True, terrain=Terrain.FLAT), day=2),
        run_with([], pain(3, None, Region.KNEE), day=3),
        run_with([], None, day=4),
    ]
    assert chartdata.pain_by_terrain(runs) == [
        chartdata.GroupPain("flat", 2, 1, 1.0, rated=2),
        chartdata.GroupPain("downhill", 1, 1, 6.0, rated=1),
    ]
    assert chartdata.pain_by_region(runs) == [
        chartdata.GroupPain("Lower back", 2, 2, 4.0, rated=2),
        chartdata.GroupPain("Knee", 1, 1, 3.0, rated=1),
    ]


@pytest.mark.parametrize(
    ("report", "marks", "group"),
    [
        pytest.param(
            PainReport(False, areas=(BodyArea(Region.KNEE, Side.LEFT),), terrain=Terrain.FLAT),
            [],
            chartdata.GroupPain("flat", 2, 2, 2.0, rated=1),
            id="report of discomfort without a number",
        ),
        pytest.param(
            PainReport(True, terrain=Terrain.FLAT),
            [MarkAt(1, 5, None)],
            chartdata.GroupPain("flat", 2, 2, 2.0, rated=1),
            id="unrated mark despite a no-discomfort report",
        ),
        pytest.param(
            PainReport(True, terrain=Terrain.FLAT),
            [],
            chartdata.GroupPain("flat", 2, 1, 1.0, rated=2),
            id="no discomfort: a real 0/10",
        ),
    ],
)
def test_unrated_pain_counts_as_pain_but_not_as_a_number(
    report: PainReport, marks: list[MarkAt], group: chartdata.GroupPain
) -> None:
    """A run with pain but no number counts among the runs with pain and is left out of the
    mean (no 0/10 is made up for it); a report of no discomfort is a real 0/10."""
    runs = [run_with([], pain(2, Terrain.FLAT), day=0), run_with(marks, report, day=1, run_id=2)]
    assert chartdata.pain_by_terrain(runs) == [group]


def test_onset_by_week(nhs: Programme) -> None:
    """The seed runner's pain starts 1.5 minutes into every run segment of weeks 4 and 5."""
    weeks = chartdata.onset_by_week(seed_story(nhs, START, fixed_after="W5R2"))
    assert [(w.week, len(w.onsets), w.median) for w in weeks] == [(4, 12, 1.5), (5, 5, 1.5)]


def test_mark_in_an_unknown_segment_counts_as_walking() -> None:
    """A mark whose segment index is past the plan is not counted as running."""
    run = run_with([])
    run = replace(run, marks=(PainMark(1000, 99, 2),))
    assert analysis.segment_split(run).walk_marks == 1
    assert run.kind_at(99) is None


def test_date_ticks_months_then_years(nhs: Programme) -> None:
    """A programme's worth of runs is labelled by month; five years by year."""
    from couchtimer.core.demo import years_of_runs

    short = chartdata.run_points(seed_story(nhs, START))
    assert chartdata.date_ticks(short) == [(0, "Mar 2026"), (17, "Apr 2026")]
    long = chartdata.run_points(years_of_runs(nhs, START))
    assert chartdata.date_ticks(long) == [
        (0, "2026"),
        (174, "2027"),
        (383, "2028"),
        (592, "2029"),
        (800, "2030"),
    ]
    assert chartdata.date_ticks([]) == []
    assert len(chartdata.date_ticks(long, most=3)) == 3


def test_the_timeline_draws_every_segment_entered_at_its_real_length() -> None:
    """Issue 12, defect 5: warm-up skipped after 10 s, a run cut short: no blank time before
    the first band, skipped segments drawn (flagged), every mark inside its own segment."""
    from couchtimer.core.engine import SegmentEnd

    skipped = SegmentEnd.SKIPPED
    segments = (
        SegmentRecord(0, W, 0, 60, 0.0, 10.0, skipped=True, ended=skipped),
        SegmentRecord(1, R, 60, 120, 10.0, 40.0, skipped=True, ended=skipped),
        SegmentRecord(2, K, 180, 60, 50.0, 0.0, skipped=True, ended=skipped),
        SegmentRecord(3, R, 240, 120, 50.0, 90.0),
    )
    marks = (PainMark(30_000, 1, 5), PainMark(100_000, 3, 6))
    run = replace(run_with([]), segments=segments, marks=marks)
    line = chartdata.timeline(run)
    assert [(b.index, b.start, b.end, b.skipped) for b in line.bands] == [
        (0, 0.0, 10.0, True),
        (1, 10.0, 50.0, True),
        (2, 50.0, 50.0, True),
        (3, 50.0, 140.0, False),
    ]
    for point in line.points:
        (band,) = [b for b in line.bands if b.index == point.segment_index]
        assert band.start <= point.seconds <= band.end


def test_spans_are_the_timelines_bands_and_points_as_figures(nhs: Programme) -> None:
    """The run list's sparkline draws ``spans``: the timeline's bands (kind, start, end) and
    marks' seconds, the same figures in the same order, for segments recorded out of order,
    skipped and shortened, marks given out of order, and a run with no segments recorded."""
    from couchtimer.core.engine import SegmentEnd

    skipped = SegmentEnd.SKIPPED
    segments = (
        SegmentRecord(3, R, 240, 120, 50.0, 90.0),
        SegmentRecord(0, W, 0, 60, 0.0, 10.0, skipped=True, ended=skipped),
        SegmentRecord(2, K, 180, 60, 50.0, 0.0, skipped=True, ended=skipped),
        SegmentRecord(1, R, 60, 120, 10.0, 40.0, skipped=True, ended=skipped),
    )
    marks = (PainMark(100_000, 3, 6), PainMark(30_000, 1, 5), PainMark(30_001, 1, None))
    run = replace(run_with([]), segments=segments, marks=marks)
    assert chartdata.spans(run) == (
        140.0,
        ((W, 0.0, 10.0), (R, 10.0, 50.0), (K, 50.0, 50.0), (R, 50.0, 140.0)),
        (30.0, 30.001, 100.0),
    )
    planned = chartdata.spans(replace(run, segments=()))
    # the plan's bands: none of them skipped (nothing was run to skip)
    assert [b.skipped for b in chartdata.timeline(replace(run, segments=())).bands] == [False] * 5
    assert planned == (
        420.0,
        ((W, 0.0, 60.0), (R, 60.0, 180.0), (K, 180.0, 240.0), (R, 240.0, 360.0), (C, 360.0, 420.0)),
        (30.0, 30.001, 100.0),
    )
    assert chartdata.spans(replace(run, segments=(), marks=(), planned=())) == (0.0, (), ())
    # a mark after the last band's end (a run ended early, marked after): the axis reaches it
    late = replace(run, marks=(PainMark(150_000, 3, 2),))
    assert chartdata.spans(late)[0] == chartdata.timeline(late).seconds == 150.0
    for each in (run, replace(run, segments=()), *seed_story(nhs, START)):
        line = chartdata.timeline(each)
        assert chartdata.spans(each) == (
            line.seconds,
            tuple((b.kind, b.start, b.end) for b in line.bands),
            tuple(p.seconds for p in line.points),
        )


def test_run_ticks_label_every_run_with_its_code_and_day(nhs: Programme) -> None:
    """Issue 12, item 13: the run charts labelled only the first run of each week. Every run
    is labelled; the week starts first ("W2R1" over "9 Mar") so that a narrow chart keeps
    those, the others shorter ("R2" over the day)."""
    runs = seed_story(nhs, START)[:7]
    first, others = chartdata.run_ticks(chartdata.run_points(runs), analysis.week_boundaries(runs))
    days = [run.day for run in analysis.in_date_order(runs)]
    assert first == [
        (0, f"W1R1\n{days[0].day} Mar"),
        (3, f"W2R1\n{days[3].day} Mar"),
        (6, f"W3R1\n{days[6].day} Mar"),
    ]
    assert others == [
        (1, f"R2\n{days[1].day}"),
        (2, f"R3\n{days[2].day}"),
        (4, f"R2\n{days[4].day}"),
        (5, f"R3\n{days[5].day}"),
    ]


def test_run_ticks_name_the_month_when_it_changes(nhs: Programme) -> None:
    """07:30 UTC is the same calendar day from UTC-7 to UTC+16."""
    runs = seed_story(nhs, datetime(2026, 3, 28, 7, 30, tzinfo=UTC))[:4]
    first, others = chartdata.run_ticks(chartdata.run_points(runs), analysis.week_boundaries(runs))
    assert first == [(0, "W1R1\n28 Mar"), (3, "W2R1\n2 Apr")]
    assert others == [(1, "R2\n30"), (2, "R3\n1 Apr")]


def test_in_date_order_is_oldest_first_and_by_id_at_the_same_moment(nhs: Programme) -> None:
    workout = nhs.workout(1, 1)
    at = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
    later = make_run(1, "nhs-c25k", workout, at + timedelta(microseconds=1))
    same_bigger_id = make_run(9, "nhs-c25k", workout, at)
    same_smaller_id = make_run(4, "nhs-c25k", workout, at)
    earlier = make_run(12, "nhs-c25k", workout, at - timedelta(days=1))
    ordered = analysis.in_date_order([later, same_bigger_id, earlier, same_smaller_id])
    assert [run.id for run in ordered] == [12, 4, 9, 1]
    assert analysis.in_date_order(iter(ordered)) == ordered
