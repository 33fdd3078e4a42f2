"""Recorded runs in one line, for the rules that read them (guidance, analysis findings)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from couchtimer.core.demo import MarkAt, make_run
from couchtimer.core.history import MeasuredTerrain, RunRecord
from couchtimer.core.pain import BodyArea, Checkin, Eased, PainReport, Region, Side, Terrain
from couchtimer.core.programme import Segment, SegmentKind, Workout
from couchtimer.core.track import SegmentMetrics

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)


def week_workout(week: int) -> Workout:
    """Run 120 s, walk 60 s, run 120 s: segments 0 and 2 are runs, 1 is a walk."""
    run, walk = SegmentKind.RUN, SegmentKind.WALK
    return Workout(week, 1, (Segment(run, 120), Segment(walk, 60), Segment(run, 120)))


def day_run(
    day: float,
    pain: int = 0,
    region: Region | None = None,
    *,
    week: int = 4,
    after: int | None = None,
    morning: int | None = None,
    terrain: Terrain | None = None,
    in_runs: int = 1,
    in_walks: int = 0,
    eased: Eased | None = None,
    flags: tuple[str, ...] = (),
) -> RunRecord:
    """A run ``day`` days after START, ``pain``/10 at worst.

    Without pain or flags its report says "no discomfort" and it has no marks; with pain it has
    ``in_runs`` marks in the first run segment and ``in_walks`` in the walk, each at ``pain``.
    """
    if pain == 0 and not flags:
        report = PainReport(True, terrain=terrain, intensity_after=after)
        marks: list[MarkAt] = []
    else:
        report = PainReport(
            False,
            areas=(BodyArea(region, Side.LEFT),) if region else (),
            worst_during=pain,
            intensity_after=after,
            terrain=terrain,
            eased_in_walks=eased,
            red_flags_yes=flags,
        )
        marks = [MarkAt(0, 10 + i, pain) for i in range(in_runs)]
        marks += [MarkAt(1, 10 + i, pain) for i in range(in_walks)]
    checkin = Checkin(morning, 0) if morning is not None else None
    return make_run(
        round(day * 24), "nhs-c25k", week_workout(week), START + timedelta(days=day), marks,
        report, checkin,
    )  # fmt: skip


def measured(
    planned: Sequence[Segment],
    grades: Mapping[int, float] | None = None,
    cadences: Mapping[int, float] | None = None,
) -> MeasuredTerrain:
    """What a recording measured in the segments of ``planned`` named by index: their mean
    gradient (``grades``) and cadence (``cadences``); every other segment measured without."""
    grades, cadences = grades or {}, cadences or {}
    return MeasuredTerrain(
        tuple(
            SegmentMetrics(
                index,
                segment.kind,
                1.0,
                cadence_spm=cadences.get(index),
                grade_percent=grades.get(index),
            )
            for index, segment in enumerate(planned)
        )
    )


def c25k_run(
    run_id: int,
    started: datetime,
    week: int,
    run: int,
    pain: int = 0,
    *,
    report: bool = True,
    flags: tuple[str, ...] = (),
    early: bool = False,
) -> RunRecord:
    """Run ``run`` of ``week`` of the shipped NHS Couch to 5K, started at ``started``: with
    ``pain``, one mark of it 30 s into the first run and a lower-back report of it; without, a
    "no discomfort" report (none at all unless ``report``); ``early`` stops after segment 1."""
    from couchtimer.programmes import resolve_programme

    c25k = resolve_programme("nhs-c25k")
    said = (
        PainReport(
            False,
            areas=(BodyArea(Region.LOWER_BACK, Side.CENTRE),),
            worst_during=pain,
            red_flags_yes=flags,
        )
        if pain
        else PainReport(True)
    )
    return make_run(
        run_id,
        c25k.id,
        c25k.workout(week, run),
        started,
        [MarkAt(1, 30, pain)] if pain else [],
        said if report else None,
        stop_after=1 if early else None,
    )


def dense_weeks(weeks: int = 24, runs: int = 300) -> list[RunRecord]:
    """The densest week starts the charts still mark (``figures.MAX_WEEK_LABELS`` of them):
    weeks 1 to ``weeks`` a day each, two-digit week codes ("W24R1"), then the last week run
    on and on, so that all the week starts crowd the left of a ``runs``-run axis."""
    return [day_run(day, day % 7, week=min(day + 1, weeks)) for day in range(runs)]
