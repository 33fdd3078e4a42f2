"""Red flags: the NHS list as data, and advice that always sends the runner to a doctor."""

from __future__ import annotations

import pytest

from couchtimer.core.redflags import (
    RED_FLAGS,
    SOURCE_URL,
    STOP_PROGRAMME,
    Urgency,
    advice_for,
    red_flag,
)


def test_the_nhs_symptoms_are_all_asked_with_their_urgency() -> None:
    """Every symptom the issue names is asked, grouped as the NHS page groups them."""
    emergency = [f.id for f in RED_FLAGS if f.urgency is Urgency.EMERGENCY]
    urgent = [f.id for f in RED_FLAGS if f.urgency is Urgency.URGENT]
    assert emergency == [
        "saddle-numbness",
        "bladder-bowel",
        "both-legs",
        "chest-pain",
        "serious-accident",
    ]
    assert urgent == ["fever", "weight-loss", "rest-or-night", "back-lump", "cough-sneeze"]


def test_questions_are_short_plain_and_unique() -> None:
    """Each question is one short line ending in a question mark; ids are unique."""
    assert len({f.id for f in RED_FLAGS}) == len(RED_FLAGS)
    for flag in RED_FLAGS:
        assert flag.question.endswith("?")
        assert len(flag.question) <= 60, flag.question


def test_no_yes_means_no_advice() -> None:
    """Answering no to everything gives no message."""
    assert advice_for([]) is None


def test_any_emergency_symptom_means_999() -> None:
    """One 999 symptom among urgent ones: the advice is 999/A&E, names both, and says stop."""
    advice = advice_for(["fever", "saddle-numbness"])
    assert advice is not None
    assert advice.urgency is Urgency.EMERGENCY
    assert advice.headline == "Get medical help now: call 999 or go to A&E."
    assert advice.lines[0] == (
        "You told us about a high temperature and numbness or tingling around the genitals or "
        "buttocks. With back pain, the NHS says this needs to be checked straight away."
    )
    assert "Outside the UK: call your local emergency number" in advice.text
    assert STOP_PROGRAMME in advice.lines
    assert SOURCE_URL in advice.text


def test_urgent_symptoms_mean_gp_or_111() -> None:
    """Urgent-only answers: urgent GP or NHS 111, a generic equivalent abroad, and stop."""
    advice = advice_for(["rest-or-night", "weight-loss", "fever"])
    assert advice is not None
    assert advice.urgency is Urgency.URGENT
    assert advice.headline == "Ask for an urgent GP appointment or call NHS 111 today."
    assert advice.lines[0].startswith(
        "You told us about pain that does not ease with rest or is worse at night, "
        "weight lost without trying and a high temperature."
    )
    assert "Outside the UK: contact your doctor or a local urgent care service today." in (
        advice.lines
    )
    assert STOP_PROGRAMME in advice.lines


def test_advice_never_encourages_running() -> None:
    """No advice text tells the runner to carry on."""
    for flag in RED_FLAGS:
        advice = advice_for([flag.id])
        assert advice is not None
        lowered = advice.text.lower()
        for phrase in ("keep running", "carry on", "continue the programme", "next run as"):
            assert phrase not in lowered
        assert "stop the running programme" in lowered


def test_repeated_ids_count_once_and_unknown_ids_are_errors() -> None:
    """A repeated answer is named once; a misspelt id is a clear error, not silence."""
    advice = advice_for(["fever", "fever"])
    assert advice is not None
    assert [f.id for f in advice.flags] == ["fever"]
    with pytest.raises(ValueError, match="unknown red flag 'fevre'; known: saddle-numbness"):
        red_flag("fevre")


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        (("bladder-bowel",), "Get medical help now: call 999 or go to A&E."),
        (("fever",), "Ask for an urgent GP appointment or call NHS 111 today."),
        (("fever", "saddle-numbness"), "Get medical help now: call 999 or go to A&E."),
    ],
)
def test_the_start_anyway_box_repeats_the_banners_urgency(
    answers: tuple[str, ...], words: str
) -> None:
    """Issue 12, defect 10: the box says what the banner says (999 where it says 999)."""
    from couchtimer.core.redflags import start_anyway_question

    advice = advice_for(answers)
    assert advice is not None
    question = start_anyway_question(advice)
    assert question.startswith(advice.headline + "\n\n")
    assert words in question
    assert "soon" not in question
    assert question.endswith("Start this run anyway?")
