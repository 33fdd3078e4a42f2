"""Synthetic run histories for tests, screenshots and benchmarks (pure and deterministic).

``seed_story`` is the runner CouchTimer was made for: pain-free weeks 1-3, then stabbing lower-back
pain in every run segment from week 4, worse on downhill runs and gone in every walk; optionally
fixed by a change of running form after a given run. ``years_of_runs`` adds years of ordinary
history on top (about 1,000 runs and 3,000 pain marks for five years).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from couchtimer.core.history import MeasuredTerrain, RunRecord, RunStatus, SegmentRecord
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
)
from couchtimer.core.programme import Programme, SegmentKind, Workout
from couchtimer.core.track import SegmentMetrics

DEMO_VERSION = "demo"
# Four runs a week: gaps of 2, 2, 1 and 2 days.
_GAPS = (2, 2, 1, 2)


@dataclass(frozen=True, slots=True)
class MarkAt:
    """A pain mark ``seconds`` into segment ``segment_index``."""

    segment_index: int
    seconds: float
    intensity: int | None


def make_run(
    run_id: int,
    programme_id: str,
    workout: Workout,
    started_at: datetime,
    marks: Sequence[MarkAt] = (),
    report: PainReport | None = None,
    checkin: Checkin | None = None,
    stop_after: int | None = None,
) -> RunRecord:
    """A run as the store would give it back; ``stop_after`` ends it early after that segment."""
    segments: list[SegmentRecord] = []
    start = 0.0
    last = len(workout.segments) - 1 if stop_after is None else stop_after
    for index, segment in enumerate(workout.segments[: last + 1]):
        segments.append(
            SegmentRecord(index, segment.kind, start, segment.seconds, start, segment.seconds)
        )
        start += segment.seconds
    pain_marks = tuple(
        PainMark(
            round((segments[m.segment_index].actual_start + m.seconds) * 1000),
            m.segment_index,
            m.intensity,
        )
        for m in marks
    )
    return RunRecord(
        id=run_id,
        programme_id=programme_id,
        week=workout.week,
        run=workout.run,
        planned=workout.segments,
        started_at=started_at,
        ended_at=started_at + timedelta(seconds=start),
        status=RunStatus.COMPLETED if stop_after is None else RunStatus.ENDED_EARLY,
        app_version=DEMO_VERSION,
        segments=tuple(segments),
        marks=pain_marks,
        report=report,
        checkin=checkin,
        uuid=f"demo-{programme_id}-{run_id:06d}",
    )


def _run_indices(workout: Workout) -> list[int]:
    return [i for i, s in enumerate(workout.segments) if s.kind is SegmentKind.RUN]


def _seed_run(
    run_id: int,
    programme: Programme,
    workout: Workout,
    when: datetime,
    in_pain: bool,
) -> RunRecord:
    downhill = workout.run == 2  # the second run of each week goes down the long hill
    terrain = Terrain.DOWNHILL if downhill else Terrain.FLAT
    if not in_pain:
        return make_run(
            run_id,
            programme.id,
            workout,
            when,
            report=PainReport(True, terrain=terrain, surface=Surface.ROAD),
            checkin=Checkin(0, 0),
        )
    intensity = 6 if downhill else 3
    marks = [MarkAt(i, 90.0, intensity) for i in _run_indices(workout)]
    report = PainReport(
        False,
        areas=(BodyArea(Region.LOWER_BACK, Side.CENTRE),),
        worst_during=intensity,
        intensity_after=1,
        onset_segment=marks[0].segment_index,
        eased_in_walks=Eased.YES,
        characters=(Character.STABBING,),
        terrain=terrain,
        surface=Surface.ROAD,
        notes="Stabbing low in the back while running; gone as soon as I walk.",
        red_flags_asked=True,
    )
    return make_run(run_id, programme.id, workout, when, marks, report, Checkin(0, 1))


def seed_story(
    programme: Programme, start: datetime, fixed_after: str | None = None, first_id: int = 1
) -> list[RunRecord]:
    """The whole programme once, with the seed runner's back pain from week 4.

    ``fixed_after`` (e.g. ``"W5R2"``) is the last run with pain; every run after it is pain-free.
    """
    runs: list[RunRecord] = []
    when = start
    fixed = False
    for i, workout in enumerate(programme.workouts):
        in_pain = workout.week >= 4 and not fixed
        runs.append(_seed_run(first_id + i, programme, workout, when, in_pain))
        if workout.code == fixed_after:
            fixed = True
        when += timedelta(days=_GAPS[i % len(_GAPS)])
    return runs


def _ordinary_run(
    rng: random.Random, run_id: int, programme: Programme, workout: Workout, when: datetime
) -> RunRecord:
    terrain = rng.choice([Terrain.FLAT, Terrain.FLAT, Terrain.UPHILL, Terrain.DOWNHILL])
    if rng.random() < 0.4:
        return make_run(
            run_id,
            programme.id,
            workout,
            when,
            report=PainReport(True, terrain=terrain),
            checkin=Checkin(0, rng.randint(0, 1)) if rng.random() < 0.5 else None,
        )
    region = rng.choice([Region.KNEE, Region.SHIN, Region.CALF, Region.LOWER_BACK, Region.FOOT])
    base = rng.randint(1, 4) + (1 if terrain is Terrain.DOWNHILL else 0)
    marks = [
        MarkAt(index, rng.uniform(10, workout.segments[index].seconds - 1), base)
        for index in _run_indices(workout)
        for _ in range(rng.choice([0, 1, 2, 3]))
    ]
    walk = [i for i, s in enumerate(workout.segments) if s.kind is SegmentKind.WALK]
    if walk and rng.random() < 0.3:
        marks.append(MarkAt(rng.choice(walk), 20.0, max(0, base - 2)))
    stop_after = None
    if base >= 4 and rng.random() < 0.2:
        stop_after = max(m.segment_index for m in marks) if marks else 1
        marks = [m for m in marks if m.segment_index <= stop_after]
    report = PainReport(
        False,
        areas=(BodyArea(region, rng.choice(list(Side))),),
        worst_during=base,
        intensity_after=max(0, base - 2),
        eased_in_walks=Eased.YES if rng.random() < 0.7 else Eased.PARTLY,
        terrain=terrain,
        notes=rng.choice(["", "", "Tight at first, better later.", "Cold morning."]),
    )
    checkin = Checkin(max(0, base - 3), rng.randint(0, 2)) if rng.random() < 0.6 else None
    return make_run(run_id, programme.id, workout, when, marks, report, checkin, stop_after)


def years_of_runs(
    programme: Programme, start: datetime, count: int = 1000, seed: int = 7
) -> list[RunRecord]:
    """The seed story (fixed after W5R2) followed by ordinary runs, ``count`` runs in all."""
    runs = seed_story(programme, start, fixed_after="W5R2")[:count]
    rng = random.Random(seed)
    when = runs[-1].started_at if runs else start
    while len(runs) < count:
        when += timedelta(days=_GAPS[len(runs) % len(_GAPS)])
        workout = programme.workouts[len(runs) % len(programme.workouts)]
        runs.append(_ordinary_run(rng, len(runs) + 1, programme, workout, when))
    return runs


def seed_metrics(run: RunRecord) -> tuple[SegmentMetrics, ...]:
    """What a watch would have measured on a seed-story run (screenshots, tests of the views):
    run 2 of each week goes down the long hill (its run segments about -5.5 %, mostly
    downhill), the others are flat; cadence about 156 spm running, 112 walking. Every segment
    here is long enough (100 m or more) for a gradient."""
    downhill = run.run == 2
    figures = []
    for index, segment in enumerate(run.planned):
        running = segment.kind is SegmentKind.RUN
        speed = 2.6 if running else 1.5  # metres a second
        distance = round(speed * segment.seconds, 1)
        wobble = (index % 3 - 1) * 0.4  # segments are never all alike
        grade = (-5.5 + wobble) if downhill and running else (0.8 + wobble if running else 0.3)
        figures.append(
            SegmentMetrics(
                index=index,
                kind=segment.kind,
                coverage=1.0,
                distance_m=distance,
                pace_s_per_km=round(1000 / speed, 1),
                cadence_spm=(156.0 + wobble * 2) if running else 112.0,
                heart_rate=(152.0 + wobble * 5) if running else 118.0,
                ascent_m=round(max(grade, 0) * distance / 100, 1),
                descent_m=round(max(-grade, 0) * distance / 100, 1),
                grade_percent=round(grade, 1),
                downhill_share=0.85 if downhill and running else 0.1,
            )
        )
    return tuple(figures)


def with_seed_recordings(runs: Sequence[RunRecord], from_week: int = 4) -> list[RunRecord]:
    """The seed runs with a watch on every run from ``from_week``: what the store would load
    once those recordings are attached (``RunRecord.measured`` from ``seed_metrics``)."""
    return [
        replace(run, measured=MeasuredTerrain(seed_metrics(run))) if run.week >= from_week else run
        for run in runs
    ]
