"""One short suggestion, with its reason, after each run and on the Today screen.

It follows the pain-monitoring model (Silbernagel et al. 2007): pain during activity may reach
5/10, must settle by the next morning, and must not rise from week to week. Red-flag answers always
come first. The wording is calm and never diagnostic; CouchTimer is not a medical device.

Rules, first match wins (each is a named, tested case in tests/core/test_guidance.py):

=================  =========  ============================================================
rule               action     when (about the latest run unless said)
=================  =========  ============================================================
red-flags          urgent     the post-run report of ANY run (any programme) started since the
                              runner last confirmed being seen by a doctor or physio
                              (``cleared_at``) has a "yes" to a red-flag question
over-limit         rest       pain above 5/10 during or after the run
morning            rest       the next-morning check-in is above 2/10 (not settled)
rising             rest       the mean worst pain of the last 7 days is above 2/10 and 1 point
                              or more above the 7 days before
three-in-a-row     rest       the same pain (same body area, or any pain if none is named)
                              in each of the last 3 runs
two-in-a-row       step-back  pain above 2/10 in this run and the one before
held               rest       an earlier run's "rest, and see a GP or physiotherapist" (any rest
                              rule above) still stands: it holds until the runner records
                              2 pain-free runs since (finished, 0/10 given), a morning check-in
                              of 0-2/10 on that run or a later one, or confirms being seen by a
                              doctor or physio (``cleared_at``); a run ended early with nothing
                              recorded never counts as pain-free
unrated            repeat     pain was marked or reported during the run without a number
cleared            repeat     the latest run had red-flag answers, since cleared by a doctor or
                              physio: repeat it only if they agree
ended-early        repeat     the run ended early (``RunOutcome``: a run that reached the end of
                              its cool-down, skips and all, is "completed with skips", not this)
acceptable         repeat     pain above 2/10 (and at most 5/10) in this run
nothing-recorded   progress   no pain marks and no post-run report (said as such, not as 0/10)
progress           progress   otherwise (no pain or minimal pain, settled by the morning)
=================  =========  ============================================================

A number is only ever quoted when the runner gave it: pain marked without a number, or a run with
nothing recorded, is never read as 0/10 (and is left out of the averages).

Running-form hints are not guidance's: ``core.hints`` says them, from the findings, and never
while this suggestion is a hold (URGENT, or rule ``held``).
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from couchtimer.core.analysis import (
    ACCEPTABLE_MAX,
    SAFE_MAX,
    in_date_order,
    regions_of,
    worst_pain,
)
from couchtimer.core.history import RunRecord
from couchtimer.core.outcome import RunOutcome
from couchtimer.core.pain import Region
from couchtimer.core.redflags import BY_ID, Advice, advice_for_flags, unknown_flag

NOT_MEDICAL_ADVICE = "CouchTimer is not medical advice."
RISE_THRESHOLD = 1.0
SAME_PAIN_RUNS = 3
PAIN_FREE_RUNS_TO_RELEASE = 2
RULES_LOOK_BACK = timedelta(days=14)  # the furthest back any rule looks (``_rising``)
SEE_PROFESSIONAL = "Rest, and see a GP or physiotherapist before your next run."


class Action(StrEnum):
    URGENT = "urgent"
    REST = "rest"
    STEP_BACK = "step-back"
    REPEAT = "repeat"
    PROGRESS = "progress"


class Rule(StrEnum):
    NO_RUNS = "no-runs"
    RED_FLAGS = "red-flags"
    OVER_LIMIT = "over-limit"
    MORNING = "morning"
    RISING = "rising"
    THREE_IN_A_ROW = "three-in-a-row"
    TWO_IN_A_ROW = "two-in-a-row"
    HELD = "held"
    UNRATED = "unrated"
    CLEARED = "cleared"
    ENDED_EARLY = "ended-early"
    ACCEPTABLE = "acceptable"
    NOTHING_RECORDED = "nothing-recorded"
    PROGRESS = "progress"


@dataclass(frozen=True, slots=True)
class Guidance:
    """One suggestion for the next run: what to do, the rule that decided it, and why."""

    action: Action
    rule: Rule
    suggestion: str
    reason: str

    @property
    def text(self) -> str:
        lines = [self.suggestion, self.reason, NOT_MEDICAL_ADVICE]
        return "\n".join(lines)


def _pain(run: RunRecord) -> int | None:
    """The highest of during and after: what the 5/10 limit is about. None when the runner gave
    no number (nothing recorded, or pain marked without one): never read as 0/10."""
    worst = worst_pain(run)
    values = [v for v in (worst.during, worst.after) if v is not None]
    return max(values) if values else None


def _known(values: Iterable[int | None]) -> list[int]:
    return [v for v in values if v is not None]


# A week and two, made once: ``_rising`` compares every run's age with them (page 1 of the
# report asks it of five years of runs).
_WEEK, _TWO_WEEKS = timedelta(days=7), timedelta(days=14)


def _rising(runs: Sequence[RunRecord]) -> tuple[float, float] | None:
    latest = runs[-1].started_at
    this_week = _known(_pain(r) for r in runs if latest - r.started_at < _WEEK)
    week_before = _known(_pain(r) for r in runs if _WEEK <= latest - r.started_at < _TWO_WEEKS)
    if not week_before or not this_week:
        return None
    now, before = statistics.fmean(this_week), statistics.fmean(week_before)
    return (before, now) if now > SAFE_MAX and now - before >= RISE_THRESHOLD else None


def _pain_keys(run: RunRecord) -> set[Region | None]:
    """What 'the same pain' is compared on: the body areas named, or None for pain without."""
    if not run.has_pain:
        return set()
    return set(regions_of(run)) or {None}


def _same_pain(runs: Sequence[RunRecord]) -> str | None:
    if len(runs) < SAME_PAIN_RUNS:
        return None
    last = runs[-SAME_PAIN_RUNS:]
    common = set.intersection(*(_pain_keys(r) for r in last))
    if not common:
        return None
    regions = [r for r in regions_of(last[-1]) if r in common]
    return regions[0].words.lower() if regions else "pain"


def _check_aware(cleared_at: datetime | None) -> None:
    if cleared_at is not None and cleared_at.tzinfo is None:
        raise ValueError(f"cleared_at needs a timezone, not a naive {cleared_at!r}")


def flagged_runs(runs: Iterable[RunRecord], cleared_at: datetime | None = None) -> list[RunRecord]:
    """Runs, in date order, whose report has a red-flag "yes" that still stands.

    Every run counts, whatever its programme. ``cleared_at`` is when the runner last confirmed
    they have been seen by a doctor or physio; answers from runs started before it are cleared.
    """
    _check_aware(cleared_at)
    return [
        run
        for run in in_date_order(runs)
        if run.report is not None
        and run.report.red_flags_yes
        and (cleared_at is None or run.started_at >= cleared_at)
    ]


def urgent_advice_for(
    runs: Iterable[RunRecord], cleared_at: datetime | None = None
) -> Advice | None:
    """The NHS red-flag advice for every answer that still stands (the most urgent wins), or
    None when there is none: what the Today screen, ``couchtimer history`` and the report show
    next to an URGENT suggestion. An answer this version does not know counts as urgent."""
    flagged = flagged_runs(runs, cleared_at)
    return advice_for_flags(
        BY_ID.get(flag_id) or unknown_flag(flag_id)
        for run in flagged
        if run.report
        for flag_id in run.report.red_flags_yes
    )


def _codes(flagged: Sequence[RunRecord]) -> str:
    codes = list(dict.fromkeys(run.code for run in flagged))
    return codes[0] if len(codes) == 1 else ", ".join(codes[:-1]) + " and " + codes[-1]


def guidance_for(
    runs: Iterable[RunRecord],
    next_code: str | None = None,
    cleared_at: datetime | None = None,
    all_runs: Iterable[RunRecord] | None = None,
) -> Guidance:
    """The suggestion after the latest of ``runs``; ``next_code`` names the next workout.

    A red-flag "yes" in any run of ``all_runs`` (every recorded run, all programmes; ``runs``
    when not given) keeps the suggestion URGENT until ``cleared_at`` (when the runner confirmed
    being seen by a doctor or physio) is later than that run's start. So a caller that passes
    one programme's runs as ``runs`` passes every run as ``all_runs``.
    """
    ordered = in_date_order(runs)
    flagged = flagged_runs(ordered if all_runs is None else all_runs, cleared_at)
    if flagged:  # first, even before a new programme's first run
        answers = {flag for run in flagged if run.report for flag in run.report.red_flags_yes}
        return Guidance(
            Action.URGENT,
            Rule.RED_FLAGS,
            "Please do not run again yet: seek urgent medical help (see the red-flag advice).",
            f"After {_codes(flagged)} you answered yes to {len(answers)} red-flag "
            "question(s); these need a doctor before any more running.",
        )
    if not ordered:
        first = next_code or "the first run"
        return Guidance(
            Action.PROGRESS,
            Rule.NO_RUNS,
            f"Start with {first} when you are ready.",
            "There are no runs recorded yet.",
        )
    latest = ordered[-1]
    guidance = _rule_for(ordered, latest, next_code)
    if guidance.action is not Action.REST:
        guidance = _professional_hold(ordered, cleared_at) or guidance
    return guidance


def pain_free(run: RunRecord) -> bool:
    """A finished run with 0/10 given (marks or report): never a run with nothing recorded."""
    return run.outcome.finished and _pain(run) == 0


def _professional_hold(
    ordered: Sequence[RunRecord], cleared_at: datetime | None
) -> Guidance | None:
    """An earlier run's "see a GP or physio" that nothing since has settled (rule ``held``).
    (guidance_for has checked ``cleared_at`` has a timezone.)"""
    latest = ordered[-1]
    starts = [run.started_at for run in ordered]
    free_runs = 0
    for index in reversed(range(len(ordered))):
        run = ordered[index]
        if cleared_at is not None and run.started_at < cleared_at:
            return None  # seen by a doctor or physio since this run
        settled = run.checkin is not None and run.checkin.intensity <= SAFE_MAX
        if run is not latest:
            # The rules look back at most 14 days (rising) or 3 runs (same pain): only those
            # are passed, so a long history stays quick to look through.
            first = min(
                bisect.bisect_left(starts, run.started_at - RULES_LOOK_BACK),
                max(0, index - SAME_PAIN_RUNS + 1),
            )
            earlier = _rule_for(ordered[first : index + 1], run, None)
            if earlier.action is Action.REST and not settled:
                return Guidance(
                    Action.REST,
                    Rule.HELD,
                    SEE_PROFESSIONAL,
                    f"{earlier.reason} This still stands after {latest.code}: it holds until "
                    f"you record {PAIN_FREE_RUNS_TO_RELEASE} pain-free runs, a morning "
                    f"check-in settles at 0-{SAFE_MAX}/10, or a doctor or physio has seen you.",
                )
        if settled:
            return None
        free_runs += pain_free(run)
        if free_runs >= PAIN_FREE_RUNS_TO_RELEASE:
            return None
    return None


def _rule_for(ordered: Sequence[RunRecord], latest: RunRecord, next_code: str | None) -> Guidance:
    pain = _pain(latest)
    see = SEE_PROFESSIONAL
    if pain is not None and pain > ACCEPTABLE_MAX:
        return Guidance(
            Action.REST,
            Rule.OVER_LIMIT,
            see,
            f"Pain reached {pain}/10 on {latest.code}; the pain-monitoring model keeps it at "
            f"{ACCEPTABLE_MAX}/10 or below.",
        )
    if latest.checkin is not None and latest.checkin.intensity > SAFE_MAX:
        return Guidance(
            Action.REST,
            Rule.MORNING,
            see,
            f"The morning after {latest.code} it was still {latest.checkin.intensity}/10; "
            "pain should settle by the next morning.",
        )
    rising = _rising(ordered)
    if rising is not None:
        return Guidance(
            Action.REST,
            Rule.RISING,
            see,
            f"Your worst pain averaged {rising[1]:.1f}/10 this past week against "
            f"{rising[0]:.1f}/10 the week before; it should not rise from week to week.",
        )
    same = _same_pain(ordered)
    if same is not None:
        return Guidance(
            Action.REST,
            Rule.THREE_IN_A_ROW,
            see,
            f"You noted {same} in each of your last {SAME_PAIN_RUNS} runs.",
        )
    previous = _pain(ordered[-2]) if len(ordered) > 1 else None
    if pain is not None and previous is not None and pain > SAFE_MAX and previous > SAFE_MAX:
        return Guidance(
            Action.STEP_BACK,
            Rule.TWO_IN_A_ROW,
            f"Step back a week: go back to week {max(1, latest.week - 1)} for your next runs.",
            f"Pain was {previous}/10 and then {pain}/10 in your last two runs; an easier week "
            "lets it settle.",
        )
    if latest.pain_unrated:
        return Guidance(
            Action.REPEAT,
            Rule.UNRATED,
            f"Repeat {latest.code} next time, and give your pain a number from 0 to 10.",
            f"You noted pain during {latest.code} but gave it no number, so CouchTimer cannot "
            f"tell whether it stayed within 0-{SAFE_MAX}. If you remember how bad it was, fill in "
            f"the report for {latest.code} from History.",
        )
    if latest.report is not None and latest.report.red_flags_yes:
        return Guidance(
            Action.REPEAT,
            Rule.CLEARED,
            f"Repeat {latest.code} next time, if the doctor or physio who saw you agrees.",
            f"You answered yes to a red-flag question after {latest.code} and have since been "
            "seen by a doctor or physio; follow their advice on when and how to run again.",
        )
    if latest.outcome is RunOutcome.ENDED_EARLY:
        return Guidance(
            Action.REPEAT,
            Rule.ENDED_EARLY,
            f"Repeat {latest.code} next time.",
            f"{latest.code} ended early; finish it comfortably before moving on.",
        )
    if pain is not None and pain > SAFE_MAX:
        return Guidance(
            Action.REPEAT,
            Rule.ACCEPTABLE,
            f"Repeat {latest.code} next time, and check in tomorrow morning.",
            f"Pain reached {pain}/10: within the acceptable range (up to {ACCEPTABLE_MAX}/10), "
            "so stay at this level until it is lower.",
        )
    morning = (
        f" and {latest.checkin.intensity}/10 the next morning" if latest.checkin is not None else ""
    )
    if pain is None:
        return Guidance(
            Action.PROGRESS,
            Rule.NOTHING_RECORDED,
            f"Go on to {next_code or 'the next run'}.",
            f"Nothing was recorded about pain on {latest.code} (no pain marks, no report)."
            + (
                f" The next morning it was {latest.checkin.intensity}/10."
                if latest.checkin is not None
                else ""
            )
            + f" If anything hurt, fill in the report for {latest.code} from History.",
        )
    return Guidance(
        Action.PROGRESS,
        Rule.PROGRESS,
        f"Go on to {next_code or 'the next run'}.",
        f"Pain was {pain}/10 on {latest.code}{morning}: 0-{SAFE_MAX} is fine.",
    )
