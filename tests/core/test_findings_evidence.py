"""Findings at the limits the mutants found loose (issue 23): how many runs each rests on, the
most common onset, consecutive run segments, a restarted segment, and terrain over runs rated
0/10 or not at all."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from couchtimer.core.demo import MarkAt, make_run
from couchtimer.core.findings import Finding, FindingKind, findings, first_in_run_segment
from couchtimer.core.history import PainMark, RunRecord, SegmentRecord
from couchtimer.core.pain import Character, PainReport, Terrain
from couchtimer.core.programme import Segment, SegmentKind, Workout

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
W, R, K, C = SegmentKind.WARMUP, SegmentKind.RUN, SegmentKind.WALK, SegmentKind.COOLDOWN
# warm-up 0-60, run 60-180, walk 180-240, run 240-360, cool-down 360-420
SHORT = (Segment(W, 60), Segment(R, 120), Segment(K, 60), Segment(R, 120), Segment(C, 60))


def run(
    day: int,
    marks: list[MarkAt],
    *,
    plan: tuple[Segment, ...] = SHORT,
    worst: int | None = None,
    terrain: Terrain | None = None,
    felt: tuple[Character, ...] = (),
) -> RunRecord:
    report = PainReport(False, worst_during=worst, characters=felt, terrain=terrain)
    workout = Workout(4, day % 3 + 1, plan)
    return make_run(day, "nhs-c25k", workout, START + timedelta(days=day), marks, report)


def said(runs: list[RunRecord], kind: FindingKind) -> Finding | None:
    return next((f for f in findings(runs) if f.kind is kind), None)


# --- when it began -------------------------------------------------------------------------


def test_an_onset_in_one_run_rests_on_that_run() -> None:
    assert said([run(0, [MarkAt(1, 30, 3)])], FindingKind.ONSET) == Finding(
        FindingKind.ONSET, "In this run it began in run segment 1, 30 s into it.", 1
    )


def test_the_most_common_run_segment_of_onset_is_said_and_a_tie_goes_to_the_earlier() -> None:
    second, first = MarkAt(3, 20, 3), MarkAt(1, 40, 3)
    runs = [run(0, [second]), run(1, [second]), run(2, [first])]
    assert said(runs, FindingKind.ONSET) == Finding(
        FindingKind.ONSET, "It began in run segment 2 in 2 of 3 runs, a median of 20 s into it.", 3
    )
    tied = [run(0, [second]), run(1, [first])]
    assert said(tied, FindingKind.ONSET) == Finding(
        FindingKind.ONSET, "It began in run segment 1 in 1 of 2 runs, a median of 40 s into it.", 2
    )


def test_run_segments_are_counted_up_to_the_one_the_mark_fell_in() -> None:
    back_to_back = (Segment(W, 60), Segment(R, 60), Segment(R, 60), Segment(C, 60))
    assert first_in_run_segment(run(0, [MarkAt(1, 10, 2)], plan=back_to_back)) == (1, 10.0)
    assert first_in_run_segment(run(0, [MarkAt(2, 10, 2)], plan=back_to_back)) == (2, 10.0)


def test_a_mark_half_a_second_into_a_segment() -> None:
    assert first_in_run_segment(run(0, [MarkAt(1, 0.5, 2)])) == (1, 0.5)


def test_a_mark_in_a_restarted_segment_counts_from_the_visit_it_fell_in() -> None:
    """Run segment 1 restarted ("back") at 100 s: a mark at 130 s is 30 s into the second
    visit, not 70 s into the first."""
    plain = run(0, [])
    first, second = plain.segments[1], replace(plain.segments[1], actual_start=100.0)
    segments = (plain.segments[0], replace(first, actual_seconds=40.0), second, *plain.segments[2:])
    restarted = replace(plain, segments=segments, marks=(PainMark(130_000, 1, 3),))
    assert all(isinstance(s, SegmentRecord) for s in restarted.segments)
    assert first_in_run_segment(restarted) == (1, 30.0)


# --- what it felt like -------------------------------------------------------------------------


def test_a_character_rests_on_the_reports_that_describe_one() -> None:
    runs = [run(d, [MarkAt(1, 30, 3)], felt=(Character.ACHING,)) for d in range(3)]
    runs.append(run(3, [MarkAt(1, 30, 3)]))
    finding = said(runs, FindingKind.CHARACTER)
    assert finding is not None
    assert finding.runs == 3


# --- terrain of whole runs -------------------------------------------------------------------


def test_a_run_rated_0_counts_as_0_and_one_without_a_terrain_or_a_number_not_at_all() -> None:
    runs = [
        run(0, [MarkAt(1, 30, 6)], worst=6, terrain=Terrain.DOWNHILL),
        run(1, [], worst=0, terrain=Terrain.FLAT),
        run(2, [MarkAt(1, 30, 9)], worst=9),  # no terrain given: left out
        run(3, [MarkAt(1, 30, None)], terrain=Terrain.FLAT),  # no number: left out, not 0
        run(4, [MarkAt(1, 30, 4)], worst=4, terrain=Terrain.FLAT),
    ]
    finding = said(runs, FindingKind.TERRAIN)
    assert finding is not None
    assert finding.text == (
        "Worse on downhill runs (mean 6.0 vs 2.0 flat: 1 downhill run against 2 flat runs)."
    )
