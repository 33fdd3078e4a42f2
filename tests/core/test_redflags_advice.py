"""The red-flag advice, every line of it: the wording is the safety feature.

Source: NHS "Back pain" (https://www.nhs.uk/conditions/back-pain/), as cited in
couchtimer/core/redflags.py. A 999 symptom gets the 999/A&E advice; urgent ones get an urgent GP
appointment or NHS 111, and say when to call 999 instead; both say stop the programme.
"""

from __future__ import annotations

import pytest

from couchtimer.core.redflags import (
    BY_ID,
    NOT_A_DEVICE,
    RED_FLAGS,
    SOURCE_TITLE,
    SOURCE_URL,
    STOP_PROGRAMME,
    Advice,
    Urgency,
    advice_for,
    advice_for_flags,
    red_flag,
    unknown_flag,
)
from tests.helpers.text import exactly

STOP = (
    "Please stop the running programme until a doctor has seen you. "
    "Do not start your next run before then."
)
DEVICE = (
    "CouchTimer is not a medical device: this repeats the advice on the NHS: Back pain page "
    "(https://www.nhs.uk/conditions/back-pain/)."
)


def test_the_source_and_the_closing_lines() -> None:
    assert (SOURCE_URL, SOURCE_TITLE) == (
        "https://www.nhs.uk/conditions/back-pain/",
        "NHS: Back pain",
    )
    assert (STOP_PROGRAMME, NOT_A_DEVICE) == (STOP, DEVICE)


def test_a_999_symptom_gets_the_999_advice_word_for_word() -> None:
    advice = advice_for(["chest-pain"])
    assert advice == Advice(
        urgency=Urgency.EMERGENCY,
        headline="Get medical help now: call 999 or go to A&E.",
        flags=(BY_ID["chest-pain"],),
        lines=(
            "You told us about chest pain. With back pain, the NHS says this needs to be checked "
            "straight away.",
            "Outside the UK: call your local emergency number or go to an emergency department.",
            STOP,
            DEVICE,
        ),
    )
    assert advice.text == "\n\n".join((advice.headline, *advice.lines))


def test_an_urgent_symptom_gets_gp_or_111_and_says_when_to_call_999() -> None:
    advice = advice_for(["fever"])
    assert advice == Advice(
        urgency=Urgency.URGENT,
        headline="Ask for an urgent GP appointment or call NHS 111 today.",
        flags=(BY_ID["fever"],),
        lines=(
            "You told us about a high temperature. With back pain, the NHS says this should be "
            "checked urgently by a doctor.",
            "Outside the UK: contact your doctor or a local urgent care service today.",
            "If it gets worse, or you notice numbness around your genitals or buttocks, problems "
            "peeing or weakness in both legs, call 999 or go to A&E.",
            STOP,
            DEVICE,
        ),
    )


@pytest.mark.parametrize(
    ("ids", "said"),
    [
        (["fever"], "a high temperature"),
        (["fever", "weight-loss"], "a high temperature and weight lost without trying"),
        (
            ["fever", "weight-loss", "back-lump"],
            "a high temperature, weight lost without trying and a lump or swelling in the back, "
            "or a change in its shape",
        ),
    ],
)
def test_the_answers_are_repeated_back_as_a_list(ids: list[str], said: str) -> None:
    advice = advice_for(ids)
    assert advice is not None
    assert advice.lines[0].startswith(f"You told us about {said}. With back pain")


def test_every_flag_is_asked_and_said_in_these_words() -> None:
    """The questions the runner answers, and how each "yes" is repeated back."""
    assert [(f.id, f.question, f.said) for f in RED_FLAGS] == [
        ("saddle-numbness", "Numbness or tingling around your genitals or buttocks?",
         "numbness or tingling around the genitals or buttocks"),
        ("bladder-bowel", "Difficulty peeing, or loss of bladder or bowel control?",
         "difficulty peeing or loss of bladder or bowel control"),
        ("both-legs", "Pain, tingling, weakness or numbness in both legs?",
         "pain, tingling, weakness or numbness in both legs"),
        ("chest-pain", "Chest pain?", "chest pain"),
        ("serious-accident", "Did it start after a serious fall or accident?",
         "back pain that started after a serious fall or accident"),
        ("fever", "A high temperature (fever)?", "a high temperature"),
        ("weight-loss", "Have you lost weight without trying to?", "weight lost without trying"),
        ("rest-or-night", "Pain that does not ease with rest, or is worse at night?",
         "pain that does not ease with rest or is worse at night"),
        ("back-lump", "A lump or swelling in your back, or has its shape changed?",
         "a lump or swelling in the back, or a change in its shape"),
        ("cough-sneeze", "Pain made worse by sneezing, coughing or pooing?",
         "pain made worse by sneezing, coughing or pooing"),
    ]  # fmt: skip
    assert {flag.id: flag for flag in RED_FLAGS} == BY_ID
    assert all(red_flag(flag.id) is flag for flag in RED_FLAGS)


def test_an_unknown_answer_is_kept_and_treated_as_urgent() -> None:
    flag = unknown_flag("new-question")
    assert (flag.id, flag.question, flag.urgency) == (
        "new-question",
        "new-question",
        Urgency.URGENT,
    )
    assert flag.said == "a warning sign recorded as 'new-question'"
    advice = advice_for_flags([flag, BY_ID["chest-pain"], flag])
    assert advice is not None
    assert advice.urgency is Urgency.EMERGENCY
    assert advice.flags == (flag, BY_ID["chest-pain"])
    assert advice_for_flags([]) is None


def test_an_unknown_id_names_every_known_one() -> None:
    known = ", ".join(flag.id for flag in RED_FLAGS)
    with pytest.raises(ValueError, match=exactly(f"unknown red flag 'fevre'; known: {known}")):
        red_flag("fevre")


def test_start_anyway_repeats_the_banner_s_headline_never_softer() -> None:
    from couchtimer.core.redflags import start_anyway_question

    body = (
        "\n\nYou answered yes to a red-flag question after a run. The NHS says this needs a "
        "doctor before any more running.\n\nStart this run anyway?"
    )
    emergency = advice_for(["chest-pain"])
    assert emergency is not None
    assert start_anyway_question(emergency) == (
        "Get medical help now: call 999 or go to A&E." + body
    )
    assert start_anyway_question(None) == (
        "Ask for an urgent GP appointment or call NHS 111 today." + body
    )
