"""Guidance after a run: every rule of the pain-monitoring model is a named case."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest

from couchtimer.core.demo import MarkAt, make_run, seed_story
from couchtimer.core.guidance import (
    NOT_MEDICAL_ADVICE,
    Action,
    Guidance,
    Rule,
    flagged_runs,
    guidance_for,
    urgent_advice_for,
)
from couchtimer.core.history import RunRecord
from couchtimer.core.pain import BodyArea, Checkin, Eased, PainReport, Region, Side, Terrain
from couchtimer.core.programme import Segment, SegmentKind, Workout
from couchtimer.core.redflags import Urgency, advice_for
from couchtimer.programmes import resolve_programme

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
R, K = SegmentKind.RUN, SegmentKind.WALK
WORKOUT = Workout(4, 1, (Segment(R, 120), Segment(K, 60), Segment(R, 120)))


def run(
    day: float,
    worst: int = 0,
    region: Region | None = None,
    *,
    after: int | None = None,
    morning: int | None = None,
    terrain: Terrain | None = None,
    flags: tuple[str, ...] = (),
    in_walk: bool = False,
    eased: Eased | None = None,
    marks: bool = True,
    early: bool = False,
) -> RunRecord:
    """A run on day ``day`` with pain ``worst`` marked in its first run (or walk) segment."""
    if worst == 0 and not flags:
        report = PainReport(True, terrain=terrain, intensity_after=after)
    else:
        areas = (BodyArea(region, Side.LEFT),) if region else ()
        report = PainReport(
            False,
            areas=areas,
            worst_during=worst,
            intensity_after=after,
            terrain=terrain,
            red_flags_yes=flags,
            eased_in_walks=eased,
        )
    mark_list = [MarkAt(1 if in_walk else 0, 30, worst)] if worst and marks else []
    checkin = Checkin(morning, 0) if morning is not None else None
    return make_run(
        int(day * 10),
        "nhs-c25k",
        WORKOUT,
        START + timedelta(days=day),
        mark_list,
        report,
        checkin,
        stop_after=1 if early else None,  # ended in the walk, before the last run segment
    )


def unrated(
    day: float,
    report: PainReport | None = None,
    *,
    in_walk: bool = False,
    marks: bool = True,
    morning: int | None = None,
) -> RunRecord:
    """A run with a pain mark pressed but no number given (as the terminal records it), or with
    nothing recorded when ``marks`` is False and there is no report."""
    mark_list = [MarkAt(1 if in_walk else 0, 30, None)] if marks else []
    checkin = Checkin(morning, 0) if morning is not None else None
    return make_run(
        int(day * 10), "nhs-c25k", WORKOUT, START + timedelta(days=day), mark_list, report, checkin
    )


UNRATED_SUGGESTION = "Repeat W4R1 next time, and give your pain a number from 0 to 10."
UNRATED_REASON = (
    "You noted pain during W4R1 but gave it no number, so CouchTimer cannot tell whether it "
    "stayed within 0-2. If you remember how bad it was, fill in the report for W4R1 from History."
)
NOTHING_REASON = (
    "Nothing was recorded about pain on W4R1 (no pain marks, no report).{} If anything hurt, "
    "fill in the report for W4R1 from History."
)


@dataclass(frozen=True)
class Case:
    name: str
    runs: list[RunRecord]
    action: Action
    rule: Rule
    suggestion: str
    reason: str


CASES = [
    Case(
        "no runs yet",
        [],
        Action.PROGRESS,
        Rule.NO_RUNS,
        "Start with W1R1 when you are ready.",
        "There are no runs recorded yet.",
    ),
    Case(
        "red flags override everything, even low pain",
        [run(0, 2, Region.LOWER_BACK, flags=("saddle-numbness",))],
        Action.URGENT,
        Rule.RED_FLAGS,
        "Please do not run again yet: seek urgent medical help (see the red-flag advice).",
        "After W4R1 you answered yes to 1 red-flag question(s); these need a doctor before "
        "any more running.",
    ),
    Case(
        "pain above 5/10 during the run",
        [run(0, 6, Region.KNEE)],
        Action.REST,
        Rule.OVER_LIMIT,
        "Rest, and see a GP or physiotherapist before your next run.",
        "Pain reached 6/10 on W4R1; the pain-monitoring model keeps it at 5/10 or below.",
    ),
    Case(
        "pain above 5/10 after the run",
        [run(0, 3, Region.KNEE, after=7, in_walk=True)],
        Action.REST,
        Rule.OVER_LIMIT,
        "Rest, and see a GP or physiotherapist before your next run.",
        "Pain reached 7/10 on W4R1; the pain-monitoring model keeps it at 5/10 or below.",
    ),
    Case(
        "morning not settled",
        [run(0, 3, Region.SHIN, morning=4)],
        Action.REST,
        Rule.MORNING,
        "Rest, and see a GP or physiotherapist before your next run.",
        "The morning after W4R1 it was still 4/10; pain should settle by the next morning.",
    ),
    Case(
        "rising trend over a week",
        [
            run(0, 1, Region.KNEE),
            run(2, 1, Region.SHIN),
            run(8, 4, Region.CALF, in_walk=True),
            run(10, 3, Region.FOOT, in_walk=True),
        ],
        Action.REST,
        Rule.RISING,
        "Rest, and see a GP or physiotherapist before your next run.",
        "Your worst pain averaged 3.5/10 this past week against 1.0/10 the week before; it should "
        "not rise from week to week.",
    ),
    Case(
        "the same pain in 3 runs in a row, even at 2/10",
        [run(0, 2, Region.LOWER_BACK), run(2, 2, Region.LOWER_BACK), run(4, 2, Region.LOWER_BACK)],
        Action.REST,
        Rule.THREE_IN_A_ROW,
        "Rest, and see a GP or physiotherapist before your next run.",
        "You noted lower back in each of your last 3 runs.",
    ),
    Case(
        "pain with no area named in 3 runs in a row",
        [run(0, 1, in_walk=True), run(2, 1, in_walk=True), run(4, 1, in_walk=True)],
        Action.REST,
        Rule.THREE_IN_A_ROW,
        "Rest, and see a GP or physiotherapist before your next run.",
        "You noted pain in each of your last 3 runs.",
    ),
    Case(
        "pain above 2/10 in two runs in a row: step back a week",
        [run(0, 0), run(2, 3, Region.KNEE, in_walk=True), run(4, 4, Region.SHIN, in_walk=True)],
        Action.STEP_BACK,
        Rule.TWO_IN_A_ROW,
        "Step back a week: go back to week 3 for your next runs.",
        "Pain was 3/10 and then 4/10 in your last two runs; an easier week lets it settle.",
    ),
    Case(
        "ended early: repeat the run",
        [run(0, 1, Region.CALF, early=True, in_walk=True)],
        Action.REPEAT,
        Rule.ENDED_EARLY,
        "Repeat W4R1 next time.",
        "W4R1 ended early; finish it comfortably before moving on.",
    ),
    Case(
        "acceptable pain (3-5/10): repeat the run",
        [run(0, 0, terrain=Terrain.FLAT), run(2, 4, Region.KNEE, terrain=Terrain.DOWNHILL)],
        Action.REPEAT,
        Rule.ACCEPTABLE,
        "Repeat W4R1 next time, and check in tomorrow morning.",
        "Pain reached 4/10: within the acceptable range (up to 5/10), so stay at this level until "
        "it is lower.",
    ),
    Case(
        "pain marked without a number and no report (a terminal run): repeat and rate it",
        [unrated(0)],
        Action.REPEAT,
        Rule.UNRATED,
        UNRATED_SUGGESTION,
        UNRATED_REASON,
    ),
    Case(
        "a report of discomfort without a number: repeat and rate it",
        [unrated(0, PainReport(False, areas=(BodyArea(Region.KNEE, Side.LEFT),)), marks=False)],
        Action.REPEAT,
        Rule.UNRATED,
        UNRATED_SUGGESTION,
        UNRATED_REASON,
    ),
    Case(
        "an unrated mark is not turned into 0/10 by a 'no discomfort' report",
        [unrated(0, PainReport(True), in_walk=True)],
        Action.REPEAT,
        Rule.UNRATED,
        UNRATED_SUGGESTION,
        UNRATED_REASON,
    ),
    Case(
        "unrated pain still over the limit afterwards: rest",
        [unrated(0, PainReport(False, intensity_after=6), in_walk=True)],
        Action.REST,
        Rule.OVER_LIMIT,
        "Rest, and see a GP or physiotherapist before your next run.",
        "Pain reached 6/10 on W4R1; the pain-monitoring model keeps it at 5/10 or below.",
    ),
    Case(
        "nothing recorded: said as such, not as 0/10",
        [unrated(0, marks=False)],
        Action.PROGRESS,
        Rule.NOTHING_RECORDED,
        "Go on to W1R1.",
        NOTHING_REASON.format(""),
    ),
    Case(
        "nothing recorded, settled the next morning",
        [unrated(0, marks=False, morning=1)],
        Action.PROGRESS,
        Rule.NOTHING_RECORDED,
        "Go on to W1R1.",
        NOTHING_REASON.format(" The next morning it was 1/10."),
    ),
    Case(
        "a rising trend leaves unrated runs out of the weekly means",
        [
            run(0, 1, in_walk=True),
            unrated(2, in_walk=True),
            run(8, 3, Region.CALF, in_walk=True),
            run(10, 3, Region.FOOT, in_walk=True),
        ],
        Action.REST,
        Rule.RISING,
        "Rest, and see a GP or physiotherapist before your next run.",
        "Your worst pain averaged 3.0/10 this past week against 1.0/10 the week before; it should "
        "not rise from week to week.",
    ),
    Case(
        "unrated pain counts as 'the same pain' three runs in a row",
        [run(0, 1, in_walk=True), unrated(2, in_walk=True), run(4, 1, in_walk=True)],
        Action.REST,
        Rule.THREE_IN_A_ROW,
        "Rest, and see a GP or physiotherapist before your next run.",
        "You noted pain in each of your last 3 runs.",
    ),
    Case(
        "no pain, settled in the morning: progress",
        [run(0, 0, morning=0)],
        Action.PROGRESS,
        Rule.PROGRESS,
        "Go on to W1R1.",
        "Pain was 0/10 on W4R1 and 0/10 the next morning: 0-2 is fine.",
    ),
    Case(
        "minimal pain without a check-in: progress",
        [run(0, 2, Region.KNEE, in_walk=True)],
        Action.PROGRESS,
        Rule.PROGRESS,
        "Go on to W1R1.",
        "Pain was 2/10 on W4R1: 0-2 is fine.",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_guidance_rules(case: Case) -> None:
    """Each named situation gets exactly this action and wording."""
    guidance = guidance_for(case.runs, next_code="W1R1")
    assert (guidance.action, guidance.rule) == (case.action, case.rule)
    assert guidance.suggestion == case.suggestion
    assert guidance.reason == case.reason


def test_no_runs_without_a_next_code() -> None:
    """Without a next workout the wording stays general."""
    assert guidance_for([]).suggestion == "Start with the first run when you are ready."
    assert guidance_for([run(0, 0)]).suggestion == "Go on to the next run."


def test_seed_runner_is_sent_to_a_physio() -> None:
    """The seed story at the end of week 9: lower back in every run, worse downhill."""
    guidance = guidance_for(seed_story(resolve_programme("nhs-c25k"), START), next_code="W1R1")
    assert guidance.action is Action.REST
    assert guidance.rule is Rule.THREE_IN_A_ROW
    assert guidance.reason == "You noted lower back in each of your last 3 runs."


def test_fixed_form_runner_progresses() -> None:
    """After the fix (pain gone since W5R2) the advice is to progress."""
    runs = seed_story(resolve_programme("nhs-c25k"), START, fixed_after="W5R2")
    guidance = guidance_for(runs[:20], next_code="W7R3")
    assert (guidance.action, guidance.suggestion) == (Action.PROGRESS, "Go on to W7R3.")


def test_text_always_says_it_is_not_medical_advice() -> None:
    """The visible text ends with the not-medical-advice line; nothing says 'push through'."""
    for case in CASES:
        text = guidance_for(case.runs).text
        assert text.endswith(NOT_MEDICAL_ADVICE)
        assert "push through" not in text.lower()
    assert Guidance(Action.REPEAT, Rule.ACCEPTABLE, "a", "b").text == f"a\nb\n{NOT_MEDICAL_ADVICE}"


# --- red flags stay until a doctor or physio has seen the runner -------------------------------

FEVER = run(0, 2, Region.LOWER_BACK, flags=("fever",))
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class FlagCase:
    name: str
    runs: list[RunRecord]
    cleared_at: datetime | None
    action: Action
    rule: Rule
    reason: str
    urgency: Urgency | None  # of urgent_advice_for(...), None when there is no advice
    advised: tuple[str, ...] = ()  # the red flags that advice names


URGENT_REASON = (
    "After {} you answered yes to {} red-flag question(s); these need a doctor before any more "
    "running."
)
FLAG_CASES = [
    FlagCase(
        "still urgent one run later",
        [FEVER, run(2, 0)],
        None,
        Action.URGENT,
        Rule.RED_FLAGS,
        URGENT_REASON.format("W4R1", 1),
        Urgency.URGENT,
        ("fever",),
    ),
    FlagCase(
        "still urgent two runs later",
        [FEVER, run(2, 0), run(4, 0)],
        None,
        Action.URGENT,
        Rule.RED_FLAGS,
        URGENT_REASON.format("W4R1", 1),
        Urgency.URGENT,
        ("fever",),
    ),
    FlagCase(
        "a flag in another programme counts",
        [replace(FEVER, programme_id="my-own-plan", week=2), run(2, 0)],
        None,
        Action.URGENT,
        Rule.RED_FLAGS,
        URGENT_REASON.format("W2R1", 1),
        Urgency.URGENT,
        ("fever",),
    ),
    FlagCase(
        "flags from two runs: the most urgent advice wins",
        [replace(FEVER, week=3), run(2, 1, flags=("saddle-numbness", "fever"))],
        None,
        Action.URGENT,
        Rule.RED_FLAGS,
        URGENT_REASON.format("W3R1 and W4R1", 2),
        Urgency.EMERGENCY,
        ("fever", "saddle-numbness"),
    ),
    FlagCase(
        "seen by a doctor after the flagged run: the usual rules again",
        [FEVER, run(2, 0)],
        START + timedelta(days=1),
        Action.PROGRESS,
        Rule.PROGRESS,
        "Pain was 0/10 on W4R1: 0-2 is fine.",
        None,
    ),
    FlagCase(
        "seen by a doctor, the flagged run is the latest: repeat if they agree",
        [FEVER],
        START + HOUR,
        Action.REPEAT,
        Rule.CLEARED,
        "You answered yes to a red-flag question after W4R1 and have since been seen by a doctor "
        "or physio; follow their advice on when and how to run again.",
        None,
    ),
    FlagCase(
        "a new flag after being seen is urgent again, and only it is advised on",
        [FEVER, run(4, 1, flags=("back-lump",))],
        START + timedelta(days=1),
        Action.URGENT,
        Rule.RED_FLAGS,
        URGENT_REASON.format("W4R1", 1),
        Urgency.URGENT,
        ("back-lump",),
    ),
    FlagCase(
        "a run started at the moment of clearing is not cleared",
        [FEVER],
        START,
        Action.URGENT,
        Rule.RED_FLAGS,
        URGENT_REASON.format("W4R1", 1),
        Urgency.URGENT,
        ("fever",),
    ),
]


@pytest.mark.parametrize("case", FLAG_CASES, ids=lambda c: c.name)
def test_red_flags_stay_until_cleared(case: FlagCase) -> None:
    """A red-flag 'yes' in any run keeps the advice URGENT, with the NHS wording, until the runner
    confirms a doctor or physio has seen them after that run."""
    guidance = guidance_for(case.runs, next_code="W1R1", cleared_at=case.cleared_at)
    assert (guidance.action, guidance.rule) == (case.action, case.rule)
    assert guidance.reason == case.reason
    advice = urgent_advice_for(case.runs, case.cleared_at)
    if case.urgency is None:
        assert advice is None
    else:
        assert advice is not None
        assert advice.urgency is case.urgency
        assert tuple(flag.id for flag in advice.flags) == case.advised
        assert advice == advice_for(case.advised)


def test_flagged_runs_are_those_since_clearing_in_date_order() -> None:
    """The runs whose red-flag answers still stand, oldest first; clearing drops earlier ones."""
    lump = run(4, 1, flags=("back-lump",))
    runs = [lump, run(2, 0), FEVER]
    assert flagged_runs(runs) == [FEVER, lump]
    assert flagged_runs(runs, START + timedelta(days=1)) == [lump]
    assert flagged_runs(runs, START + timedelta(days=5)) == []
    assert urgent_advice_for(runs, START + timedelta(days=5)) is None
    assert urgent_advice_for([run(0, 3, Region.KNEE)]) is None


OTHER_PROGRAMME_FLAG = replace(FEVER, id=99, programme_id="my-own-plan", week=2)


@pytest.mark.parametrize(
    ("runs", "cleared_at", "rule"),
    [
        pytest.param([], None, Rule.RED_FLAGS, id="new programme, no runs yet: still urgent"),
        pytest.param([run(2, 0)], None, Rule.RED_FLAGS, id="a run in this programme since"),
        pytest.param([], START + HOUR, Rule.NO_RUNS, id="new programme after being seen"),
        pytest.param(
            [run(2, 0)], START + HOUR, Rule.PROGRESS, id="this programme after being seen"
        ),
    ],
)
def test_red_flags_from_another_programme_through_all_runs(
    runs: list[RunRecord], cleared_at: datetime | None, rule: Rule
) -> None:
    """A caller showing one programme's runs passes every run as all_runs: a red flag given in
    another programme keeps this one urgent too, even before its first run."""
    everything = [OTHER_PROGRAMME_FLAG, *runs]
    guidance = guidance_for(runs, "W1R1", cleared_at, all_runs=everything)
    assert guidance.rule is rule
    if rule is Rule.RED_FLAGS:
        assert guidance.reason == URGENT_REASON.format("W2R1", 1)
    assert guidance_for(runs, "W1R1", cleared_at).rule is not Rule.RED_FLAGS


def test_an_unknown_red_flag_answer_is_urgent_not_ignored() -> None:
    """A 'yes' stored by a newer CouchTimer still gives urgent advice, naming the answer's id."""
    runs = [run(0, 1, flags=("new-question",))]
    assert guidance_for(runs).action is Action.URGENT
    advice = urgent_advice_for(runs)
    assert advice is not None
    assert advice.urgency is Urgency.URGENT
    assert advice.lines[0].startswith(
        "You told us about a warning sign recorded as 'new-question'."
    )


def test_cleared_at_must_have_a_timezone() -> None:
    """A naive time cannot be compared with stored UTC times: a clear error, not a TypeError."""
    with pytest.raises(ValueError, match="cleared_at needs a timezone"):
        guidance_for([FEVER], cleared_at=datetime(2026, 3, 3, 8, 0))


# --- "see a GP or physio" holds (issue 12, defect 4) ---------------------------------------


def nothing(day: float, *, early: bool = False, morning: int | None = None) -> RunRecord:
    """A run with no marks and no report (closed mid-run, or "Later" on the report)."""
    return make_run(
        int(day * 10),
        "nhs-c25k",
        WORKOUT,
        START + timedelta(days=day),
        checkin=Checkin(morning, 0) if morning is not None else None,
        stop_after=0 if early else None,
    )


SEEN_GP = run(0, 6, Region.LOWER_BACK)  # 6/10: over the limit, "see a GP or physio"


def test_an_abandoned_run_does_not_erase_see_a_gp() -> None:
    """Pain 6/10, then a run closed mid-way with nothing recorded: still "see a GP or physio"."""
    assert guidance_for([SEEN_GP]).rule is Rule.OVER_LIMIT
    advice = guidance_for([SEEN_GP, nothing(2, early=True)], "W4R2")
    assert (advice.action, advice.rule, advice.suggestion) == (
        Action.REST,
        Rule.HELD,
        "Rest, and see a GP or physiotherapist before your next run.",
    )
    assert advice.reason == (
        "Pain reached 6/10 on W4R1; the pain-monitoring model keeps it at 5/10 or below. This "
        "still stands after W4R1: it holds until you record 2 pain-free runs, a morning "
        "check-in settles at 0-2/10, or a doctor or physio has seen you."
    )


def test_runs_with_nothing_recorded_never_count_as_pain_free() -> None:
    """Finished runs without marks or report ("Later") keep the hold, however many."""
    runs = [SEEN_GP, nothing(2), nothing(4), nothing(6, early=True)]
    assert guidance_for(runs).rule is Rule.HELD


@pytest.mark.parametrize(
    ("later", "rule"),
    [
        pytest.param([run(2, 0)], Rule.HELD, id="one pain-free run is not enough"),
        pytest.param([run(2, 0), run(4, 0)], Rule.PROGRESS, id="two pain-free runs release it"),
        pytest.param([run(2, 0), run(4, 1)], Rule.HELD, id="1/10 is not pain-free"),
        pytest.param(
            [run(2, 0, early=True), run(4, 0)], Rule.HELD, id="an ended-early run does not count"
        ),
        pytest.param(
            [nothing(2, morning=1)], Rule.NOTHING_RECORDED, id="a settled check-in releases it"
        ),
        pytest.param([nothing(2, morning=3)], Rule.MORNING, id="an unsettled check-in is its own"),
    ],
)
def test_what_releases_a_see_a_gp_hold(later: list[RunRecord], rule: Rule) -> None:
    assert guidance_for([SEEN_GP, *later]).rule is rule


def test_being_seen_by_a_doctor_releases_a_see_a_gp_hold() -> None:
    runs = [SEEN_GP, nothing(2, early=True)]
    seen = START + timedelta(days=1)
    assert guidance_for(runs, cleared_at=seen).rule is Rule.ENDED_EARLY
    assert guidance_for(runs, cleared_at=START - timedelta(days=1)).rule is Rule.HELD


# --- statuses (issue 12, defect 9) ---------------------------------------------------------


def test_a_run_that_reached_the_end_of_its_cool_down_is_never_ended_early() -> None:
    """Parts skipped, cool-down run to its end: completed with skips, and no "finish it"."""
    from couchtimer.core.engine import RunOutcome, SegmentEnd
    from couchtimer.core.history import RunStatus, SegmentRecord

    skipped = replace(
        run(0, 0),
        status=RunStatus.COMPLETED,
        segments=(
            SegmentRecord(0, R, 0, 120, 0, 30, skipped=True, ended=SegmentEnd.SKIPPED),
            SegmentRecord(1, K, 120, 60, 30, 60),
            SegmentRecord(2, R, 180, 120, 90, 120),
        ),
    )
    assert skipped.outcome is RunOutcome.COMPLETED_WITH_SKIPS
    assert skipped.status_words == "completed with skips"
    advice = guidance_for([skipped], "W4R2")
    assert (advice.rule, advice.suggestion) == (Rule.PROGRESS, "Go on to W4R2.")
    assert "finish it" not in advice.text


# --- the runner's own worst (issue 12, defect 7) -------------------------------------------


def test_the_runners_own_worst_is_what_guidance_weighs() -> None:
    """Marks 6,6,7,6,6 and the runner's "worst during the run" 6: the 6 is used, not the 7."""
    report = PainReport(False, areas=(BodyArea(Region.LOWER_BACK, Side.LEFT),), worst_during=6)
    marks = [MarkAt(0, s, v) for s, v in ((10, 6), (20, 6), (30, 7), (40, 6), (50, 6))]
    record = make_run(1, "nhs-c25k", WORKOUT, START, marks, report)
    assert (record.worst_pain, record.worst_mark, record.mark_differs) == (6, 7, True)
    assert guidance_for([record]).reason.startswith("Pain reached 6/10 on W4R1")


def test_a_hold_stands_however_long_ago_while_nothing_settles_it() -> None:
    """Sixty runs with nothing recorded, one a day: the "see a GP" from before them stands."""
    later = [nothing(day) for day in range(2, 62)]
    advice = guidance_for([SEEN_GP, *later])
    assert advice.rule is Rule.HELD
    assert advice.reason.startswith("Pain reached 6/10 on W4R1;")


def test_an_earlier_runs_hold_is_judged_on_the_runs_up_to_it() -> None:
    """Pain rising week on week (1/10, settled by the morning, then 4/10 a week later) says
    "see a GP or physio" after that run; one pain-free run eight days on does not release it.
    That run's verdict is worked out from the runs up to it only: with the later, pain-free run
    in view, "this week" would be that run's, and the hold would wrongly lift."""
    runs = [run(0, 1, morning=0), run(7.5, 4), run(15.5, 0)]
    held = guidance_for(runs)
    assert (held.action, held.rule) == (Action.REST, Rule.HELD)
    assert held.reason.startswith(
        "Your worst pain averaged 4.0/10 this past week against 1.0/10 the week before"
    )
