"""Red-flag questions for back pain, and what to tell a runner who answers "yes".

Source: NHS, "Back pain" — https://www.nhs.uk/conditions/back-pain/ — sections "Non-urgent
advice: See a GP if", "Urgent advice: Ask for an urgent GP appointment or call 111 if" and
"Immediate action required: Call 999 or go to A&E if". Checked on 2026-11-27 against copies of
that page's wording (nhs.uk itself was not reachable from the build machine); re-check it when
this module changes.

Listed by the NHS for back pain, and asked here:

* Call 999 or go to A&E: pain, tingling, weakness or numbness in both legs; numbness or tingling
  around the genitals or buttocks; difficulty peeing; loss of bladder or bowel control; chest
  pain; it started after a serious accident, such as a car accident.
* Urgent GP appointment or NHS 111: a high temperature; weight lost without trying; a lump or
  swelling in the back, or the back has changed shape; pain that does not improve after resting
  or is worse at night; pain made worse by sneezing, coughing or pooing.

Not asked: "pain coming from the top of your back (between the shoulders)" — the app records
lower-back pain, and the body list offers "Other" for anything else.

CouchTimer is not a medical device. These questions only point the runner at the NHS advice;
they never clear anyone to keep running.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

SOURCE_URL = "https://www.nhs.uk/conditions/back-pain/"
SOURCE_TITLE = "NHS: Back pain"


class Urgency(StrEnum):
    EMERGENCY = "emergency"  # 999 / A&E
    URGENT = "urgent"  # urgent GP appointment / NHS 111


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A red-flag question asked after a run, how urgent a "yes" is, and how the advice
    says that answer back."""

    id: str  # stored with the report: never rename one
    question: str  # short, plain, answered yes or no
    urgency: Urgency
    said: str  # how the advice repeats a "yes" back to the runner


RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag(
        "saddle-numbness",
        "Numbness or tingling around your genitals or buttocks?",
        Urgency.EMERGENCY,
        "numbness or tingling around the genitals or buttocks",
    ),
    RedFlag(
        "bladder-bowel",
        "Difficulty peeing, or loss of bladder or bowel control?",
        Urgency.EMERGENCY,
        "difficulty peeing or loss of bladder or bowel control",
    ),
    RedFlag(
        "both-legs",
        "Pain, tingling, weakness or numbness in both legs?",
        Urgency.EMERGENCY,
        "pain, tingling, weakness or numbness in both legs",
    ),
    RedFlag("chest-pain", "Chest pain?", Urgency.EMERGENCY, "chest pain"),
    RedFlag(
        "serious-accident",
        "Did it start after a serious fall or accident?",
        Urgency.EMERGENCY,
        "back pain that started after a serious fall or accident",
    ),
    RedFlag("fever", "A high temperature (fever)?", Urgency.URGENT, "a high temperature"),
    RedFlag(
        "weight-loss",
        "Have you lost weight without trying to?",
        Urgency.URGENT,
        "weight lost without trying",
    ),
    RedFlag(
        "rest-or-night",
        "Pain that does not ease with rest, or is worse at night?",
        Urgency.URGENT,
        "pain that does not ease with rest or is worse at night",
    ),
    RedFlag(
        "back-lump",
        "A lump or swelling in your back, or has its shape changed?",
        Urgency.URGENT,
        "a lump or swelling in the back, or a change in its shape",
    ),
    RedFlag(
        "cough-sneeze",
        "Pain made worse by sneezing, coughing or pooing?",
        Urgency.URGENT,
        "pain made worse by sneezing, coughing or pooing",
    ),
)

BY_ID: dict[str, RedFlag] = {flag.id: flag for flag in RED_FLAGS}

STOP_PROGRAMME = (
    "Please stop the running programme until a doctor has seen you. "
    "Do not start your next run before then."
)
NOT_A_DEVICE = (
    f"CouchTimer is not a medical device: this repeats the advice on the {SOURCE_TITLE} page "
    f"({SOURCE_URL})."
)


@dataclass(frozen=True, slots=True)
class Advice:
    """What to do after red-flag answers: how urgent, the headline, the answers it is
    about, and its lines."""

    urgency: Urgency
    headline: str
    flags: tuple[RedFlag, ...]
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join((self.headline, *self.lines))


def red_flag(flag_id: str) -> RedFlag:
    try:
        return BY_ID[flag_id]
    except KeyError:
        known = ", ".join(BY_ID)
        raise ValueError(f"unknown red flag {flag_id!r}; known: {known}") from None


def advice_for(yes_ids: Iterable[str]) -> Advice | None:
    """What to tell a runner who answered "yes" to these red flags; None when there are none.

    The most urgent answer decides the advice: any 999/A&E symptom means 999/A&E.
    """
    return advice_for_flags(red_flag(flag_id) for flag_id in dict.fromkeys(yes_ids))


def unknown_flag(flag_id: str) -> RedFlag:
    """A stored "yes" to a question this version does not know (say, from a newer CouchTimer):
    kept, repeated back by its id, and treated as needing an urgent doctor (never ignored)."""
    return RedFlag(flag_id, flag_id, Urgency.URGENT, f"a warning sign recorded as {flag_id!r}")


def advice_for_flags(flags_in: Iterable[RedFlag]) -> Advice | None:
    """``advice_for`` over RedFlag values (duplicates dropped, first answer first)."""
    flags = tuple({flag.id: flag for flag in flags_in}.values())
    if not flags:
        return None
    emergency = [f for f in flags if f.urgency is Urgency.EMERGENCY]
    said = _joined([f.said for f in flags])
    if emergency:
        return Advice(
            urgency=Urgency.EMERGENCY,
            headline="Get medical help now: call 999 or go to A&E.",
            flags=flags,
            lines=(
                f"You told us about {said}. With back pain, the NHS says this needs to be "
                "checked straight away.",
                "Outside the UK: call your local emergency number or go to an emergency "
                "department.",
                STOP_PROGRAMME,
                NOT_A_DEVICE,
            ),
        )
    return Advice(
        urgency=Urgency.URGENT,
        headline="Ask for an urgent GP appointment or call NHS 111 today.",
        flags=flags,
        lines=(
            f"You told us about {said}. With back pain, the NHS says this should be checked "
            "urgently by a doctor.",
            "Outside the UK: contact your doctor or a local urgent care service today.",
            "If it gets worse, or you notice numbness around your genitals or buttocks, "
            "problems peeing or weakness in both legs, call 999 or go to A&E.",
            STOP_PROGRAMME,
            NOT_A_DEVICE,
        ),
    )


def _joined(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


START_ANYWAY_TITLE = "Urgent advice first"


def start_anyway_question(advice: Advice | None) -> str:
    """The "start this run anyway?" box while red-flag answers stand: it repeats the banner's
    own headline (999 / A&E, or an urgent GP / NHS 111 today), never a softer word."""
    headline = (
        advice.headline
        if advice is not None
        else "Ask for an urgent GP appointment or call NHS 111 today."
    )
    return (
        f"{headline}\n\nYou answered yes to a red-flag question after a run. The NHS says "
        "this needs a doctor before any more running.\n\nStart this run anyway?"
    )
