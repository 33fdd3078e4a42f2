"""The advice log: every suggestion shown, with when, the rule that gave it and its evidence.

So that a physio can see what the runner was told and when, and so that a suggestion never
silently gives way to a weaker one. The holds are the strong suggestions: urgent (red flags)
and rest (see a GP or physiotherapist). A weaker suggestion replaces a hold only when the rule
that lifts it is met, and the log names that rule (``AdviceEntry.lifted``):

=======  ==================================================================================
hold     lifted by
=======  ==================================================================================
urgent   the runner confirms being seen by a doctor or physio when or after it was shown
rest     the same; or a next-morning check-in of 0-2/10 on its run or a later one; or
         ``PAIN_FREE_RUNS_TO_RELEASE`` finished pain-free runs (0/10 given) after its run
=======  ==================================================================================

Until then ``in_force`` keeps the hold (rule ``held``, saying since when), whatever the latest
runs alone would give: an edited report does not quietly turn "see a GP" into "go on".
Suggestions of the same strength or stronger simply follow one another.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from couchtimer.core.analysis import SAFE_MAX, in_date_order
from couchtimer.core.guidance import (
    PAIN_FREE_RUNS_TO_RELEASE,
    Action,
    Guidance,
    Rule,
    pain_free,
)
from couchtimer.core.history import RunRecord, local_day, parse_utc, utc_text

# Stronger first: a hold is urgent or rest.
STRENGTH = {
    Action.URGENT: 4,
    Action.REST: 3,
    Action.STEP_BACK: 2,
    Action.REPEAT: 1,
    Action.PROGRESS: 0,
}
HOLDS = (Action.URGENT, Action.REST)


@dataclass(frozen=True, slots=True)
class AdviceEntry:
    """One suggestion as it was shown."""

    at: datetime  # when it was first shown (UTC)
    action: Action
    rule: Rule
    suggestion: str
    reason: str  # the evidence, in words
    run_uuid: str = ""  # the latest run it was about ("" before any run)
    run_code: str = ""
    lifted: str = ""  # the rule that lifted the stronger suggestion before it, named

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError(f"an advice time needs a timezone, not a naive {self.at!r}")

    @property
    def is_hold(self) -> bool:
        return self.action in HOLDS

    @property
    def day_words(self) -> str:
        day = local_day(self.at)
        return f"{day.day} {day:%b %Y}"

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> AdviceEntry:
        return cls(
            at=parse_utc(row["at"]),
            action=Action(row["action"]),
            rule=Rule(row["rule"]),
            suggestion=_text(row["suggestion"], "suggestion"),
            reason=_text(row["reason"], "reason"),
            run_uuid=_text(row["run_uuid"], "run uuid"),
            run_code=_text(row["run_code"], "run code"),
            lifted=_text(row["lifted"], "lifted"),
        )

    def to_row(self) -> dict[str, Any]:
        return {
            "at": utc_text(self.at),
            "action": self.action.value,
            "rule": self.rule.value,
            "suggestion": self.suggestion,
            "reason": self.reason,
            "run_uuid": self.run_uuid,
            "run_code": self.run_code,
            "lifted": self.lifted,
        }


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text, not {value!r}")
    return value


def lifted_by(
    hold: AdviceEntry, runs: Sequence[RunRecord], cleared_at: datetime | None
) -> str | None:
    """The rule that lifts ``hold`` (urgent or rest), in words, or None while it still stands."""
    if cleared_at is not None and cleared_at >= hold.at:  # seen since it was shown
        day = local_day(cleared_at)
        return f"you confirmed being seen by a doctor or physio on {day.day} {day:%b %Y}"
    if hold.action is Action.URGENT:
        return None
    ordered = in_date_order(runs)
    about = next((i for i, run in enumerate(ordered) if run.uuid == hold.run_uuid), None)
    if about is None:  # its run is not in this history (a new file): runs after it was shown
        since = [run for run in ordered if run.started_at > hold.at]
        checked = since
    else:
        since = list(ordered[about + 1 :])
        checked = list(ordered[about:])
    for run in checked:
        if run.checkin is not None and run.checkin.intensity <= SAFE_MAX:
            return (
                f"the morning check-in after {run.code} settled at {run.checkin.intensity}/10 "
                f"(0-{SAFE_MAX}/10)"
            )
    free = [run for run in since if pain_free(run)]
    if len(free) >= PAIN_FREE_RUNS_TO_RELEASE:
        codes = ", ".join(run.code for run in free[:PAIN_FREE_RUNS_TO_RELEASE])
        return f"{PAIN_FREE_RUNS_TO_RELEASE} pain-free runs since ({codes})"
    return None


def in_force(
    last: AdviceEntry | None,
    guidance: Guidance,
    runs: Sequence[RunRecord],
    cleared_at: datetime | None = None,
) -> Guidance:
    """What to show: ``guidance``, unless the last suggestion shown was a stronger hold that
    nothing has lifted; then that hold, said as still standing (rule ``held``)."""
    if last is None or not last.is_hold:
        return guidance
    if STRENGTH[guidance.action] >= STRENGTH[last.action]:
        return guidance
    if lifted_by(last, runs, cleared_at) is not None:
        return guidance
    lifts = (
        "until a doctor or physio has seen you"
        if last.action is Action.URGENT
        else f"until you record {PAIN_FREE_RUNS_TO_RELEASE} pain-free runs, a morning check-in "
        f"settles at 0-{SAFE_MAX}/10, or a doctor or physio has seen you"
    )
    return Guidance(
        last.action,
        Rule.RED_FLAGS if last.action is Action.URGENT else Rule.HELD,
        last.suggestion,
        f"Shown since {last.day_words}: {last.reason} It stands {lifts}.",
    )


def to_log(
    last: AdviceEntry | None,
    guidance: Guidance,
    runs: Sequence[RunRecord],
    now: datetime,
    cleared_at: datetime | None = None,
) -> AdviceEntry | None:
    """The entry to add when ``guidance`` is shown at ``now``, or None when the log already
    says it (the same rule and suggestion about the same run) or a hold still stands."""
    if in_force(last, guidance, runs, cleared_at) is not guidance:
        return None  # the hold still stands: it is the log's last entry already
    latest = in_date_order(runs)[-1] if runs else None
    uuid = latest.uuid if latest is not None else ""
    if last is not None and (last.rule, last.suggestion, last.run_uuid) == (
        guidance.rule,
        guidance.suggestion,
        uuid,
    ):
        return None
    lifted = ""
    if last is not None and last.is_hold and STRENGTH[guidance.action] < STRENGTH[last.action]:
        lift = lifted_by(last, runs, cleared_at)
        lifted = f"Replaces “{last.suggestion}” ({last.day_words}): lifted because {lift}."
    return AdviceEntry(
        at=now,
        action=guidance.action,
        rule=guidance.rule,
        suggestion=guidance.suggestion,
        reason=guidance.reason,
        run_uuid=uuid,
        run_code=latest.code if latest is not None else "",
        lifted=lifted,
    )


def entry_words(entry: AdviceEntry) -> str:
    """One line of the log as History and the PDF say it."""
    about = f" after {entry.run_code}" if entry.run_code else ""
    lifted = f" {entry.lifted}" if entry.lifted else ""
    return f"{entry.day_words}{about}: {entry.suggestion} ({entry.rule}){lifted}"
