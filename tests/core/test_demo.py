"""The synthetic histories used by tests, screenshots and benchmarks are what they claim."""

from __future__ import annotations

from datetime import UTC, datetime

from couchtimer.core.demo import MarkAt, make_run, seed_story, years_of_runs
from couchtimer.core.history import RunStatus
from couchtimer.core.pain import Region, Terrain
from couchtimer.programmes import resolve_programme

START = datetime(2021, 3, 1, 7, 30, tzinfo=UTC)


def test_make_run_ends_early_after_the_given_segment() -> None:
    """``stop_after`` keeps segments up to it and marks are placed inside their segment."""
    workout = resolve_programme("nhs-c25k").workout(1, 1)
    run = make_run(3, "nhs-c25k", workout, START, [MarkAt(1, 30.0, 4)], stop_after=2)
    assert run.status is RunStatus.ENDED_EARLY
    assert [s.index for s in run.segments] == [0, 1, 2]
    assert run.marks[0].offset_ms == 330_000
    assert run.ended_at is not None
    assert (run.ended_at - run.started_at).total_seconds() == 300 + 60 + 90


def test_seed_story_has_back_pain_in_run_segments_from_week_4() -> None:
    """Weeks 1-3 are pain-free; from week 4 every run segment has a mark, downhill ones at 6/10."""
    runs = seed_story(resolve_programme("nhs-c25k"), START)
    assert len(runs) == 27
    assert all(not r.marks for r in runs if r.week < 4)
    for run in (r for r in runs if r.week >= 4):
        assert run.report is not None
        assert run.report.areas[0].region is Region.LOWER_BACK
        assert {run.kind_at(m.segment_index) for m in run.marks} == {"run"}
        assert run.worst_pain == (6 if run.report.terrain is Terrain.DOWNHILL else 3)


def test_five_years_is_about_a_thousand_runs_and_three_thousand_marks() -> None:
    """The benchmark history: 1,000 runs over nearly five years, the same every time."""
    programme = resolve_programme("nhs-c25k")
    runs = years_of_runs(programme, START)
    assert len(runs) == 1000
    assert sum(len(r.marks) for r in runs) == 2837
    assert (runs[-1].started_at - runs[0].started_at).days == 1749
    assert runs == years_of_runs(programme, START)
    assert len(years_of_runs(programme, START, count=5)) == 5
