"""What the runs show, in words, from the first run: each named history gives exactly these
sentences, and every threshold is tried at it and on both sides."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest

from couchtimer.core import findings as found_in
from couchtimer.core.demo import MarkAt, make_run, seed_story
from couchtimer.core.findings import Finding, FindingKind, findings, first_in_run_segment
from couchtimer.core.history import MeasuredTerrain, RunRecord
from couchtimer.core.pain import (
    BodyArea,
    Character,
    Checkin,
    Eased,
    PainReport,
    Region,
    Side,
    Terrain,
)
from couchtimer.core.programme import Segment, SegmentKind, Workout
from couchtimer.programmes import resolve_programme
from tests.helpers.runs import measured

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
W, R, K, C = SegmentKind.WARMUP, SegmentKind.RUN, SegmentKind.WALK, SegmentKind.COOLDOWN
# warm-up 0-60, run 60-180, walk 180-240, run 240-360, cool-down 360-420
SHORT = (Segment(W, 60), Segment(R, 120), Segment(K, 60), Segment(R, 120), Segment(C, 60))
BACK = BodyArea(Region.LOWER_BACK, Side.CENTRE)
K_ = Kind = FindingKind


def run(
    day: int,
    marks: list[MarkAt] | None = None,
    *,
    worst: int | None = None,
    week: int = 4,
    terrain: Terrain | None = None,
    eased: Eased | None = None,
    felt: tuple[Character, ...] = (),
    areas: tuple[BodyArea, ...] = (),
    morning: int | None = None,
    none: bool = False,
    measured: MeasuredTerrain | None = None,
) -> RunRecord:
    """Run ``day`` (days after START, its id too) with these marks and report answers;
    ``none``: a "no discomfort" report."""
    report = (
        PainReport(True, terrain=terrain)
        if none
        else PainReport(
            False,
            areas=areas,
            worst_during=worst,
            eased_in_walks=eased,
            characters=felt,
            terrain=terrain,
        )
    )
    workout = Workout(week, day % 3 + 1, SHORT)
    checkin = Checkin(morning, 0) if morning is not None else None
    record = make_run(
        day, "nhs-c25k", workout, START + timedelta(days=day), marks or [], report, checkin
    )
    return replace(record, measured=measured)


def back(day: int, pain: int | None, terrain: Terrain | None = None, **kw: object) -> RunRecord:
    """The seed runner's run: stabbing lower-back pain in both run segments, eased in walks."""
    return run(
        day,
        [MarkAt(1, 90, pain), MarkAt(3, 90, pain)],
        terrain=terrain,
        eased=Eased.YES,
        felt=(Character.STABBING,),
        areas=(BACK,),
        **kw,  # type: ignore[arg-type]
    )


def free(day: int, **kw: object) -> RunRecord:
    return run(day, none=True, **kw)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Case:
    name: str
    runs: list[RunRecord]
    expected: dict[FindingKind, str]


NHS = resolve_programme("nhs-c25k")
D, F, U = Terrain.DOWNHILL, Terrain.FLAT, Terrain.UPHILL

CASES = [
    Case(
        "first run: the pattern said for this run",
        [back(0, 6, D)],
        {
            K_.RUN_SEGMENTS: "Pain came in run segments, not in walks (2 of 2 marks, in this run).",
            K_.EASED: "It eased in the walks (you said so after this run; the marks stopped when the walks came, in this run).",
            K_.ONSET: "In this run it began in run segment 1, 1 min 30 s into it.",
            K_.CHARACTER: "It felt stabbing (said in 1 of 1 report).",
            K_.REGION: "It was in the lower back (centre) (named in 1 of 1 report).",
        },
    ),
    Case(
        "two runs: downhill against flat after the second run",
        [back(0, 6, D), back(2, 3, F)],
        {
            K_.RUN_SEGMENTS: "Pain came in run segments, not in walks (4 of 4 marks, in 2 of 2 runs).",
            K_.EASED: "It eased in the walks (you said so after 2 of 2 runs; the marks stopped when the walks came, in 2 of 2 runs).",
            K_.TERRAIN: "Worse on downhill runs (mean 6.0 vs 3.0 flat: 1 downhill run against 1 flat run).",
            K_.ONSET: "It began in run segment 1 in 2 of 2 runs, a median of 1 min 30 s into it.",
            K_.CHARACTER: "It felt stabbing (said in 2 of 2 reports).",
            K_.REGION: "It was in the lower back (centre) (named in 2 of 2 reports).",
            K_.TREND: "Worst pain in the last 2 runs: 6/10 (W4R1), 3/10 (W4R3); lower in the latest run.",
        },
    ),
    Case(
        "the done-when story: two downhill, one flat, 5-7/10",
        [back(0, 6, D), back(2, 7, D), back(4, 4, F)],
        {
            K_.RUN_SEGMENTS: "Pain came in run segments, not in walks (6 of 6 marks, in 3 of 3 runs).",
            K_.EASED: "It eased in the walks (you said so after 3 of 3 runs; the marks stopped when the walks came, in 3 of 3 runs).",
            K_.TERRAIN: "Worse on downhill runs (mean 6.5 vs 4.0 flat: 2 downhill runs against 1 flat run).",
            K_.ONSET: "It began in run segment 1 in 3 of 3 runs, a median of 1 min 30 s into it.",
            K_.CHARACTER: "It felt stabbing (said in 3 of 3 reports).",
            K_.REGION: "It was in the lower back (centre) (named in 3 of 3 reports).",
            K_.TREND: "Worst pain in the last 3 runs: 6/10 (W4R1), 7/10 (W4R3), 4/10 (W4R2); lower in the latest run.",
        },
    ),
    Case(
        "the seed: back pain in run segments from week 4, worse downhill, gone in walks",
        seed_story(NHS, START),
        {
            K_.RUN_SEGMENTS: "Pain came in run segments, not in walks (33 of 33 marks, in 18 of 18 runs).",
            K_.EASED: "It eased in the walks (you said so after 18 of 18 runs; the marks stopped when the walks came, in 18 of 18 runs).",
            K_.TERRAIN: "Worse on downhill runs (mean 6.0 vs 3.0 flat: 6 downhill runs against 12 flat runs).",
            K_.ONSET: "It began in run segment 1 in 18 of 18 runs, a median of 1 min 30 s into it.",
            K_.CHARACTER: "It felt stabbing (said in 18 of 18 reports).",
            K_.REGION: "It was in the lower back (centre) (named in 18 of 18 reports).",
            K_.MORNING: "It had settled by the next morning (0-2/10) after 18 of 18 runs.",
            K_.TREND: "Worst pain in the last 4 runs: 3/10 (W8R3), 3/10 (W9R1), 6/10 (W9R2), 3/10 (W9R3); lower in the latest run.",
            K_.WEEKS: "Mean worst pain by week: week 4 4.0/10, week 5 4.0/10, week 6 4.0/10, week 7 4.0/10, week 8 4.0/10, week 9 4.0/10; about level from the week before.",
            K_.STARTED: "Pain started in week 4 (W4R1, 18 Mar 2026) after 9 pain-free runs.",
        },
    ),
    Case(
        "fixed form: pain stops after W5R2",
        seed_story(NHS, START, fixed_after="W5R2"),
        {
            K_.RUN_SEGMENTS: "Pain came in run segments, not in walks (17 of 17 marks, in 5 of 5 runs).",
            K_.EASED: "It eased in the walks (you said so after 5 of 5 runs; the marks stopped when the walks came, in 5 of 5 runs).",
            K_.TERRAIN: "Worse on downhill runs (mean 6.0 vs 3.0 flat: 2 downhill runs against 3 flat runs).",
            K_.ONSET: "It began in run segment 1 in 5 of 5 runs, a median of 1 min 30 s into it.",
            K_.CHARACTER: "It felt stabbing (said in 5 of 5 reports).",
            K_.REGION: "It was in the lower back (centre) (named in 5 of 5 reports).",
            K_.MORNING: "It had settled by the next morning (0-2/10) after 5 of 5 runs.",
            K_.WEEKS: "Mean worst pain by week: week 4 4.0/10, week 5 3.0/10, week 6 0.0/10, week 7 0.0/10, week 8 0.0/10, week 9 0.0/10; about level from the week before.",
            K_.STARTED: "Pain started in week 4 (W4R1, 18 Mar 2026) after 9 pain-free runs.",
            K_.STOPPED: "Pain stopped after W5R2 on 25 Mar 2026: none in the 13 runs since.",
        },
    ),
    Case(
        "conflicting answers: eased after one run, not after another, marks in walks",
        [
            run(0, [MarkAt(1, 30, 4), MarkAt(2, 10, 3)], worst=4, eased=Eased.YES),
            run(1, [MarkAt(3, 30, 4)], worst=4, eased=Eased.NO),
        ],
        {
            K_.RUN_SEGMENTS: "Pain came in run segments and in walks alike (2 marks in run segments, 1 in walks).",
            K_.EASED: "Whether it eased in the walks is unclear: you said it eased after W4R1 but not after W4R2; after W4R1 you said it eased, yet marks came in walks.",
            K_.ONSET: "It began in run segment 1 in 1 of 2 runs, a median of 30 s into it.",
            K_.TREND: "Worst pain in the last 2 runs: 4/10 (W4R1), 4/10 (W4R2); the same in the latest run.",
        },
    ),
    Case(
        "unrated marks: where and when, but no number made up",
        [
            run(0, [MarkAt(1, 45, None), MarkAt(3, 45, None)], terrain=D),
            run(1, [MarkAt(1, 45, None)], terrain=F),
        ],
        {
            K_.RUN_SEGMENTS: "Pain came in run segments, not in walks (3 of 3 marks, in 2 of 2 runs).",
            K_.EASED: "It eased in the walks (the marks stopped when the walks came, in 2 of 2 runs).",
            K_.ONSET: "It began in run segment 1 in 2 of 2 runs, a median of 45 s into it.",
        },
    ),
    Case(
        "no runs: nothing to say",
        [],
        {},
    ),
    Case(
        "pain-free runs: nothing to say",
        [free(0), free(1)],
        {},
    ),
    Case(
        "said it did not ease",
        [run(0, [MarkAt(1, 30, 3), MarkAt(2, 30, 3)], worst=3, eased=Eased.NO)],
        {
            K_.RUN_SEGMENTS: "Pain came in run segments and in walks alike (1 mark in run segments, 1 in walks).",
            K_.EASED: "It did not ease in the walks (you said so after this run).",
            K_.ONSET: "In this run it began in run segment 1, 30 s into it.",
        },
    ),
    Case(
        "partly eased, by the answer alone",
        [run(0, worst=3, eased=Eased.PARTLY), run(1, worst=3, eased=Eased.PARTLY)],
        {
            K_.EASED: "It eased partly in the walks (you said so after 2 of 2 runs).",
            K_.TREND: "Worst pain in the last 2 runs: 3/10 (W4R1), 3/10 (W4R2); the same in the latest run.",
        },
    ),
    Case(
        "eased by the marks alone, no answer",
        [run(0, [MarkAt(1, 30, 3)], worst=3)],
        {
            K_.RUN_SEGMENTS: "Pain came in run segments, not in walks (1 of 1 mark, in this run).",
            K_.EASED: "It eased in the walks (the marks stopped when the walks came, in this run).",
            K_.ONSET: "In this run it began in run segment 1, 30 s into it.",
        },
    ),
    Case(
        "4 of 5 marks in run segments is mostly (at the 0.8 share)",
        [
            run(
                0,
                [
                    MarkAt(1, 5, 2),
                    MarkAt(1, 6, 2),
                    MarkAt(3, 5, 2),
                    MarkAt(3, 6, 2),
                    MarkAt(2, 5, 2),
                ],
            )
        ],
        {
            K_.RUN_SEGMENTS: "Pain came mostly in run segments (4 of 5 marks; 1 in walks).",
            K_.ONSET: "In this run it began in run segment 1, 5 s into it.",
        },
    ),
    Case(
        "3 of 4 marks in run segments is not mostly (under the 0.8 share)",
        [run(0, [MarkAt(1, 5, 2), MarkAt(3, 5, 2), MarkAt(3, 6, 2), MarkAt(2, 5, 2)])],
        {
            K_.RUN_SEGMENTS: "Pain came in run segments and in walks alike (3 marks in run segments, 1 in walks).",
            K_.ONSET: "In this run it began in run segment 1, 5 s into it.",
        },
    ),
    Case(
        "marks in walks only",
        [run(0, [MarkAt(2, 5, 2), MarkAt(0, 5, 2)])],
        {
            K_.RUN_SEGMENTS: "Pain came in walks, not in run segments (2 of 2 marks).",
        },
    ),
    Case(
        "terrain 1.0 above flat is said (at the threshold)",
        [run(0, worst=4, terrain=D), run(1, worst=3, terrain=F)],
        {
            K_.TERRAIN: "Worse on downhill runs (mean 4.0 vs 3.0 flat: 1 downhill run against 1 flat run).",
            K_.TREND: "Worst pain in the last 2 runs: 4/10 (W4R1), 3/10 (W4R2); lower in the latest run.",
        },
    ),
    Case(
        "terrain 0.5 above flat is not said (under)",
        [run(0, worst=4, terrain=D), run(1, worst=3, terrain=F), run(2, worst=4, terrain=F)],
        {
            K_.TREND: "Worst pain in the last 3 runs: 4/10 (W4R1), 3/10 (W4R2), 4/10 (W4R3); higher in the latest run.",
        },
    ),
    Case(
        "uphill against the other runs when none is flat",
        [
            run(0, worst=5, terrain=U),
            run(1, worst=3, terrain=Terrain.MIXED),
            run(2, worst=2, terrain=D),
        ],
        {
            K_.TERRAIN: "Worse on uphill runs (mean 5.0 vs 2.5 on the others: 1 uphill run against 2 other runs).",
            K_.TREND: "Worst pain in the last 3 runs: 5/10 (W4R1), 3/10 (W4R2), 2/10 (W4R3); lower in the latest run.",
        },
    ),
    Case(
        "measured terrain wins over the answer; downhill marked in as many runs as the rest",
        [
            run(
                0,
                [MarkAt(1, 30, 3), MarkAt(3, 30, 6)],
                terrain=F,
                measured=measured(SHORT, {1: -4.5, 3: -6.0}),
            ),
            run(
                1,
                [MarkAt(1, 30, 3), MarkAt(3, 30, 3)],
                terrain=D,
                measured=measured(SHORT, {1: 0.0, 3: 1.0}),
            ),
        ],
        {
            K_.RUN_SEGMENTS: "Pain came in run segments, not in walks (4 of 4 marks, in 2 of 2 runs).",
            K_.EASED: "It eased in the walks (the marks stopped when the walks came, in 2 of 2 runs).",
            K_.TERRAIN: "Worse on downhill runs (mean 6.0 vs 3.0 flat: 1 downhill run against 1 flat run; 2 measured from a recording).",
            K_.TERRAIN_SEGMENTS: "Pain marks came in downhill run segments (−4 % and steeper) in 1 of 1 run that had one; in the other run segments in 1 of 1 run that had one (measured by a watch or phone).",
            K_.ONSET: "It began in run segment 1 in 2 of 2 runs, a median of 30 s into it.",
            K_.TREND: "Worst pain in the last 2 runs: 6/10 (W4R1), 3/10 (W4R2); lower in the latest run.",
        },
    ),
    Case(
        "marks in measured downhill segments in 5 of 6 runs, in the flat ones in 1 of 6",
        [
            run(
                day,
                [MarkAt(3, 30, 4)] if day < 5 else [MarkAt(1, 30, 2)],
                measured=measured(SHORT, {1: 0.5, 3: -5.0}),
            )
            for day in range(6)
        ],
        {
            K_.RUN_SEGMENTS: "Pain came in run segments, not in walks (6 of 6 marks, in 6 of 6 runs).",
            K_.EASED: "It eased in the walks (the marks stopped when the walks came, in 6 of 6 runs).",
            K_.TERRAIN_SEGMENTS: "Pain marks came in downhill run segments (−4 % and steeper) in 5 of 6 runs that had one; in the other run segments in 1 of 6 runs that had one (measured by a watch or phone).",
            K_.ONSET: "It began in run segment 2 in 5 of 6 runs, a median of 30 s into it.",
            K_.TREND: "Worst pain in the last 4 runs: 4/10 (W4R3), 4/10 (W4R1), 4/10 (W4R2), 2/10 (W4R3); lower in the latest run.",
        },
    ),
    Case(
        "a mark only in a measured flat segment: nothing said about downhill",
        [run(0, [MarkAt(1, 30, 3)], measured=measured(SHORT, {1: -3.99, 3: -4.0}))],
        {
            K_.RUN_SEGMENTS: "Pain came in run segments, not in walks (1 of 1 mark, in this run).",
            K_.EASED: "It eased in the walks (the marks stopped when the walks came, in this run).",
            K_.ONSET: "In this run it began in run segment 1, 30 s into it.",
        },
    ),
    Case(
        "a downhill measured in a walk is not a downhill run segment",
        [run(0, [MarkAt(2, 30, 3)], measured=measured(SHORT, {2: -9.0, 1: 0.0}))],
        {
            K_.RUN_SEGMENTS: "Pain came in walks, not in run segments (1 of 1 mark).",
        },
    ),
    Case(
        "cadence measured: the median of the run segments, and the metronome below 170",
        [
            run(0, measured=measured(SHORT, cadences={0: 120.0, 1: 156.0, 2: 118.0, 3: 158.0})),
            run(1, measured=measured(SHORT, cadences={1: 160.0})),
            run(2),
        ],
        {
            K_.CADENCE: "Your cadence in run segments was 158 steps a minute (the median, from 2 runs measured by a watch or phone).",
        },
    ),
    Case(
        "onset: the second run segment, after a mark in a walk",
        [run(0, [MarkAt(2, 5, 2), MarkAt(3, 45, 2)])],
        {
            K_.RUN_SEGMENTS: "Pain came in run segments and in walks alike (1 mark in run segments, 1 in walks).",
            K_.ONSET: "In this run it began in run segment 2, 45 s into it.",
        },
    ),
    Case(
        "onset: the most usual run segment, ties to the earlier",
        [
            run(0, [MarkAt(3, 120, 2)]),
            run(1, [MarkAt(1, 30, 2)]),
            run(2, [MarkAt(1, 90, 2)]),
            run(3, [MarkAt(3, 10, 2)]),
        ],
        {
            K_.RUN_SEGMENTS: "Pain came in run segments, not in walks (4 of 4 marks, in 4 of 4 runs).",
            K_.EASED: "It eased in the walks (the marks stopped when the walks came, in 4 of 4 runs).",
            K_.ONSET: "It began in run segment 1 in 2 of 4 runs, a median of 1 min into it.",
            K_.TREND: "Worst pain in the last 4 runs: 2/10 (W4R1), 2/10 (W4R2), 2/10 (W4R3), 2/10 (W4R1); the same in the latest run.",
        },
    ),
    Case(
        "morning: 2/10 settled, 3/10 not",
        [run(0, worst=4, morning=2), run(1, worst=4, morning=3)],
        {
            K_.MORNING: "It had not settled by the next morning after W4R2 (3/10); 1 of 2 check-ins settled at 0-2/10.",
            K_.TREND: "Worst pain in the last 2 runs: 4/10 (W4R1), 4/10 (W4R2); the same in the latest run.",
        },
    ),
    Case(
        "morning after one run, settled",
        [run(0, worst=4, morning=0)],
        {
            K_.MORNING: "It had settled by the next morning (0-2/10) after this run.",
        },
    ),
    Case(
        "trend: the last four runs with a number",
        [run(d, worst=w) for d, w in enumerate((2, 5, 4, 4, 3))],
        {
            K_.TREND: "Worst pain in the last 4 runs: 5/10 (W4R2), 4/10 (W4R3), 4/10 (W4R1), 3/10 (W4R2); lower in the latest run.",
        },
    ),
    Case(
        "trend: the same in the latest run",
        [run(0, worst=3), run(1, worst=3)],
        {
            K_.TREND: "Worst pain in the last 2 runs: 3/10 (W4R1), 3/10 (W4R2); the same in the latest run.",
        },
    ),
    Case(
        "weeks: rising by exactly 1.0",
        [run(0, worst=2, week=3), run(1, worst=3, week=4)],
        {
            K_.TREND: "Worst pain in the last 2 runs: 2/10 (W3R1), 3/10 (W4R2); higher in the latest run.",
            K_.WEEKS: "Mean worst pain by week: week 3 2.0/10, week 4 3.0/10; rising from the week before.",
        },
    ),
    Case(
        "weeks: falling by exactly 1.0",
        [run(0, worst=3, week=3), run(1, worst=2, week=4)],
        {
            K_.TREND: "Worst pain in the last 2 runs: 3/10 (W3R1), 2/10 (W4R2); lower in the latest run.",
            K_.WEEKS: "Mean worst pain by week: week 3 3.0/10, week 4 2.0/10; falling from the week before.",
        },
    ),
    Case(
        "weeks: about level under 1.0 either way",
        [
            run(0, worst=3, week=3),
            run(1, worst=3, week=3),
            run(2, worst=3, week=4),
            run(3, worst=2, week=4),
        ],
        {
            K_.TREND: "Worst pain in the last 4 runs: 3/10 (W3R1), 3/10 (W3R2), 3/10 (W4R3), 2/10 (W4R1); lower in the latest run.",
            K_.WEEKS: "Mean worst pain by week: week 3 3.0/10, week 4 2.5/10; about level from the week before.",
        },
    ),
    Case(
        "weeks: six listed from the first with pain",
        [free(0, week=1)] + [run(d, worst=d, week=d) for d in range(2, 10)],
        {
            K_.TREND: "Worst pain in the last 4 runs: 6/10 (W6R1), 7/10 (W7R2), 8/10 (W8R3), 9/10 (W9R1); higher in the latest run.",
            K_.WEEKS: "Mean worst pain by week: week 2 2.0/10, week 3 3.0/10, week 4 4.0/10, week 5 5.0/10, week 6 6.0/10, week 7 7.0/10; rising from the week before.",
            K_.STARTED: "Pain started in week 2 (W2R3, 4 Mar 2026) after 1 pain-free run.",
        },
    ),
    Case(
        "stopped: two pain-free runs is too soon",
        [run(0, worst=3), free(1), free(2)],
        {
            K_.TREND: "Worst pain in the last 3 runs: 3/10 (W4R1), 0/10 (W4R2), 0/10 (W4R3); the same in the latest run.",
            K_.STOPPED: "No pain in the 2 runs since W4R1; too soon to say it has stopped.",
        },
    ),
    Case(
        "stopped: three pain-free runs",
        [free(0), run(1, worst=3), free(2), free(3), free(4)],
        {
            K_.TREND: "Worst pain in the last 4 runs: 3/10 (W4R2), 0/10 (W4R3), 0/10 (W4R1), 0/10 (W4R2); the same in the latest run.",
            K_.STARTED: "Pain started in week 4 (W4R2, 3 Mar 2026) after 1 pain-free run.",
            K_.STOPPED: "Pain stopped after W4R2 on 3 Mar 2026: none in the 3 runs since.",
        },
    ),
    Case(
        "character and region: the most named",
        [
            run(0, worst=3, felt=(Character.ACHING,), areas=(BodyArea(Region.KNEE, Side.LEFT),)),
            run(
                1,
                worst=3,
                felt=(Character.TIGHT, Character.ACHING),
                areas=(BodyArea(Region.HIP, Side.RIGHT), BodyArea(Region.KNEE, Side.LEFT)),
            ),
            run(2, worst=3, felt=(Character.BURNING,), areas=(BodyArea(Region.SHIN, Side.BOTH),)),
        ],
        {
            K_.CHARACTER: "It felt aching (said in 2 of 3 reports).",
            K_.REGION: "It was in the knee (left) (named in 2 of 3 reports).",
            K_.TREND: "Worst pain in the last 3 runs: 3/10 (W4R1), 3/10 (W4R2), 3/10 (W4R3); the same in the latest run.",
        },
    ),
    Case(
        "character and region: a tie goes to the latest report",
        [
            run(0, worst=3, felt=(Character.ACHING,), areas=(BodyArea(Region.KNEE, Side.LEFT),)),
            run(1, worst=3, felt=(Character.TIGHT,), areas=(BodyArea(Region.SHIN, Side.BOTH),)),
        ],
        {
            K_.CHARACTER: "It felt tight (said in 1 of 2 reports).",
            K_.REGION: "It was in the shin (both sides) (named in 1 of 2 reports).",
            K_.TREND: "Worst pain in the last 2 runs: 3/10 (W4R1), 3/10 (W4R2); the same in the latest run.",
        },
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_findings(case: Case) -> None:
    """Each named history gives exactly these sentences, in this order."""
    said = findings(case.runs)
    assert {f.kind: f.text for f in said} == case.expected
    assert [f.kind for f in said] == [kind for kind in FindingKind if kind in case.expected]


def test_the_seed_pattern_is_said_after_the_second_such_run() -> None:
    """W4R1 (flat, 3/10) and W4R2 (downhill, 6/10): in run segments, eased, worse downhill."""
    seed = seed_story(NHS, START)
    first_two = [run for run in seed if run.code in ("W4R1", "W4R2") or run.week < 4]
    said = {f.kind: f for f in findings(first_two)}
    assert (said[Kind.RUN_SEGMENTS].tag, said[Kind.RUN_SEGMENTS].runs) == ("running", 2)
    assert (said[Kind.EASED].tag, said[Kind.EASED].runs) == ("eased", 2)
    assert said[Kind.TERRAIN].text == (
        "Worse on downhill runs (mean 6.0 vs 3.0 flat: 1 downhill run against 1 flat run)."
    )
    assert (said[Kind.TERRAIN].tag, said[Kind.TERRAIN].runs) == ("downhill", 2)


@pytest.mark.parametrize(
    ("runs", "kind", "tag", "count"),
    [
        ([run(0, [MarkAt(1, 5, 2), MarkAt(1, 6, 2), MarkAt(3, 5, 2), MarkAt(2, 5, 2)])],
         Kind.RUN_SEGMENTS, "mixed", 1),
        ([run(0, [MarkAt(1, 5, 2)] * 4 + [MarkAt(2, 5, 2)])], Kind.RUN_SEGMENTS, "mostly-running", 1),
        ([run(0, [MarkAt(2, 5, 2)]), run(1, [MarkAt(2, 5, 2)])], Kind.RUN_SEGMENTS, "walking", 2),
        ([run(0, worst=3, eased=Eased.PARTLY)], Kind.EASED, "partly", 1),
        ([run(0, worst=3, eased=Eased.NO), run(1, worst=2)], Kind.EASED, "not-eased", 2),
        ([run(0, worst=3, eased=Eased.NO), run(1, worst=2, eased=Eased.YES)], Kind.EASED,
         "unclear", 2),
        ([run(0, worst=5, terrain=U), run(1, worst=2, terrain=F)], Kind.TERRAIN, "uphill", 2),
        ([run(0, worst=4, morning=1), run(1, worst=4, morning=1)], Kind.MORNING, "", 2),
        ([run(d, worst=3) for d in range(6)], Kind.TREND, "", 4),
        ([run(0, worst=3, week=3), run(1, worst=3, week=4), run(2, worst=3, week=4)], Kind.WEEKS,
         "", 3),
        ([free(0), free(1), run(2, worst=3)], Kind.STARTED, "", 3),
        ([run(0, worst=3), free(1), free(2), free(3), free(4)], Kind.STOPPED, "", 5),
    ],
)  # fmt: skip
def test_what_each_finding_rests_on(
    runs: list[RunRecord], kind: FindingKind, tag: str, count: int
) -> None:
    """Each finding says which way it went (for the hints) and how many runs it rests on."""
    said = {f.kind: f for f in findings(runs)}[kind]
    assert (said.tag, said.runs) == (tag, count)


def test_first_mark_in_a_run_segment() -> None:
    """Which run segment (counting run segments only) and how far into it; None without one."""
    assert first_in_run_segment(run(0, [MarkAt(2, 5, 1), MarkAt(3, 75, 1), MarkAt(1, 100, 1)])) == (
        1,
        100.0,
    )
    assert first_in_run_segment(run(0, [MarkAt(3, 75, 1)])) == (2, 75.0)
    assert first_in_run_segment(run(0, [MarkAt(2, 5, 1)])) is None


def test_finding_values() -> None:
    """A finding is a plain value: kind, sentence, runs, tag."""
    assert Finding(Kind.TREND, "x", 2) == Finding(Kind.TREND, "x", 2, "")


def test_today_reads_the_latest_six_runs() -> None:
    """``recent``: the latest 6 runs in date order, whatever order they came in."""
    runs = [run(d, worst=d) for d in range(8)]
    assert [r.id for r in found_in.recent(reversed(runs))] == [2, 3, 4, 5, 6, 7]
    assert found_in.recent(runs[:2]) == runs[:2]


def test_runs_are_named_as_a_list_in_words() -> None:
    """One code; two joined by "and"; more with commas; a repeated code once."""
    a, b, c = run(0, worst=1), run(1, worst=1), run(2, worst=1)
    assert found_in._codes([a]) == "W4R1"
    assert found_in._codes([a, b]) == "W4R1 and W4R2"
    assert found_in._codes([a, b, c]) == "W4R1, W4R2 and W4R3"
    assert found_in._codes([a, b, c, run(3, worst=1)]) == "W4R1, W4R2 and W4R3"


def _downhill_runs(downhill: int, other: int, of: int = 3) -> list[RunRecord]:
    """``of`` runs measured with a flat first and a downhill second run segment: a mark in
    the downhill one in ``downhill`` of them, in the flat one in ``other``."""
    return [
        run(day, [MarkAt(3, 30, 4)] * (day < downhill) + [MarkAt(1, 30, 2)] * (day < other),
            measured=measured(SHORT, {1: 0.0, 3: -5.0}))
        for day in range(of)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("runs", "tag", "said"),
    [
        pytest.param(_downhill_runs(0, 2), None, None, id="no mark downhill: not said"),
        pytest.param(_downhill_runs(1, 2), "", "in 1 of 3 runs that had one; in the other "
                     "run segments in 2 of 3", id="downhill in fewer runs: no downhill hint"),
        pytest.param(_downhill_runs(2, 2), "", "in 2 of 3 runs that had one; in the other "
                     "run segments in 2 of 3", id="as many: no downhill hint"),
        pytest.param(_downhill_runs(3, 2), "downhill", "in 3 of 3 runs that had one; in the "
                     "other run segments in 2 of 3", id="more: the downhill hints"),
        pytest.param(_downhill_runs(1, 0, of=1), "downhill", "in 1 of 1 run that had one; in "
                     "the other run segments in 0 of 1", id="one run, downhill only"),
    ],
)  # fmt: skip
def test_downhill_segments_are_said_once_marked_and_tagged_where_they_stand_out(
    runs: list[RunRecord], tag: str | None, said: str | None
) -> None:
    """One rule for "downhill" (-4 % and steeper, core.slopes) and one sentence, in the
    issue's words; the downhill hints follow only where downhill was marked in more runs."""
    found = {f.kind: f for f in findings(runs)}.get(Kind.TERRAIN_SEGMENTS)
    if said is None:
        assert found is None
        return
    assert found is not None
    assert found.text.startswith(
        f"Pain marks came in downhill run segments (−4 % and steeper) {said}"
    )
    assert found.text.endswith(" (measured by a watch or phone).")
    assert (found.tag, found.runs) == (tag, len(runs))


@pytest.mark.parametrize(
    ("grade", "said"),
    [
        pytest.param(-4.01, True, id="steeper than -4 %"),
        pytest.param(-4.0, True, id="at -4 %"),
        pytest.param(-3.99, False, id="just under: flat"),
    ],
)
def test_a_segment_is_downhill_for_the_finding_from_minus_four_percent(
    grade: float, said: bool
) -> None:
    marked = run(0, [MarkAt(3, 30, 4)], measured=measured(SHORT, {1: 0.0, 3: grade}))
    kinds = {f.kind for f in findings([marked])}
    assert (Kind.TERRAIN_SEGMENTS in kinds) is said


@pytest.mark.parametrize(
    ("cadence", "shown", "tag"),
    [
        pytest.param(158.0, "158", "below", id="below 170"),
        pytest.param(169.0, "169", "below", id="just below 170"),
        pytest.param(169.5, "170", "", id="170 as shown: not below"),
        pytest.param(170.0, "170", "", id="at 170"),
        pytest.param(176.0, "176", "", id="above 170"),
    ],
)  # fmt: skip
def test_the_cadence_finding_is_the_figure_tagged_below_170(
    cadence: float, shown: str, tag: str
) -> None:
    """A figure, never a diagnosis, and no advice: the metronome is the cadence hint's to offer
    (tagged "below" for it), and no hint is shown under a hold, while findings are."""
    assert found_in.CADENCE_HINT_BELOW == 170.0
    recorded = run(0, measured=measured(SHORT, cadences={1: cadence, 2: 100.0}))
    found = {f.kind: f for f in findings([recorded])}[Kind.CADENCE]
    assert found.text == (
        f"Your cadence in run segments was {shown} steps a minute (the median, from this run "
        "measured by a watch or phone)."
    )
    assert (found.figure, found.runs, found.tag) == (cadence, 1, tag)


def test_no_cadence_finding_without_a_cadence_in_a_run_segment() -> None:
    walk_only = run(0, measured=measured(SHORT, cadences={0: 120.0, 2: 118.0, 4: 110.0}))
    assert Kind.CADENCE not in {f.kind for f in findings([walk_only, run(1)])}
