"""Practical hints: from the reviewed list, tied to a finding, never while a hold stands."""

from __future__ import annotations

import pytest

from couchtimer.core.findings import Finding, FindingKind
from couchtimer.core.guidance import Action, Guidance, Rule
from couchtimer.core.hints import (
    GOTTSCHALL,
    HEIDERSCHEIT,
    NHS_C25K,
    PERSISTS,
    cadence_hint_text,
    hints_for,
    on_hold,
)

K = FindingKind
RUNNING = Finding(
    K.RUN_SEGMENTS, "Pain came in run segments, not in walks (6 of 6 marks).", 3, "running"
)
EASED = Finding(K.EASED, "It eased in the walks (you said so after 3 of 3 runs).", 3, "eased")
DOWNHILL = Finding(K.TERRAIN, "Worse on downhill runs (mean 6.5 vs 4.0 flat).", 3, "downhill")
REST = Guidance(Action.REST, Rule.THREE_IN_A_ROW, "Rest, and see a GP.", "Three in a row.")
REPEAT = Guidance(Action.REPEAT, Rule.ACCEPTABLE, "Repeat W4R1.", "4/10.")
FORM = ["slow-pace", "cadence", "land-under-hips", "stay-tall"]
SLOPE = ["downhill-steps", "flatter-route"]


def test_the_seed_pattern_gets_every_hint_with_why_and_source() -> None:
    """In run segments, eased in the walks, worse downhill: the form hints, then the slope ones;
    each says the findings behind it and where it comes from."""
    hints = hints_for([RUNNING, EASED, DOWNHILL], REST)
    assert [h.id for h in hints] == FORM + SLOPE
    form_why = "Shown because the pain came in run segments and eased in the walks (3 runs)."
    slope_why = "Shown because it was worse on downhill runs (mean 6.5 vs 4.0 flat)."
    assert [(h.text, h.why, h.source) for h in hints] == [
        (
            "Slow the run segments down, to a pace at which you could still talk.",
            form_why,
            NHS_C25K,
        ),
        (cadence_hint_text(None), form_why, HEIDERSCHEIT),
        ("Land with your feet under your hips rather than out in front.", form_why, HEIDERSCHEIT),
        ("Stay tall: upright, eyes on the horizon, shoulders relaxed.", form_why, NHS_C25K),
        (
            "On descents, walk or shorten your stride.",
            slope_why,
            GOTTSCHALL,
        ),
        ("Choose a flatter route while it settles.", slope_why, GOTTSCHALL),
    ]
    assert PERSISTS == "If it persists or worsens, see a physiotherapist."


@pytest.mark.parametrize(
    ("guidance", "held"),
    [
        (Guidance(Action.URGENT, Rule.RED_FLAGS, "Seek help.", "Red flags."), True),
        (Guidance(Action.REST, Rule.HELD, "Rest, and see a GP.", "Still stands."), True),
        (REST, False),
        (REPEAT, False),
        (Guidance(Action.REPEAT, Rule.CLEARED, "Repeat if they agree.", "Seen."), False),
    ],
)
def test_no_hints_while_a_red_flag_or_professional_hold_stands(
    guidance: Guidance, held: bool
) -> None:
    """A red-flag hold or a 'see a GP or physio' hold: the advice is to be seen, not hints."""
    assert on_hold(guidance) is held
    assert bool(hints_for([RUNNING, EASED, DOWNHILL], guidance)) is not held


def _with(kind: FindingKind, tag: str) -> Finding:
    return Finding(kind, f"{kind} {tag}.", 1, tag)


@pytest.mark.parametrize(
    ("found", "ids"),
    [
        ([_with(K.RUN_SEGMENTS, "mostly-running"), _with(K.EASED, "partly")], FORM),
        ([_with(K.RUN_SEGMENTS, "mixed"), EASED], []),
        ([_with(K.RUN_SEGMENTS, "walking"), EASED], []),
        ([RUNNING, _with(K.EASED, "not-eased")], []),
        ([RUNNING, _with(K.EASED, "unclear")], []),
        ([RUNNING], []),
        ([EASED], []),
        ([_with(K.TERRAIN, "uphill")], []),
        ([_with(K.TERRAIN_SEGMENTS, "downhill")], SLOPE),
        ([_with(K.TERRAIN, "uphill"), DOWNHILL], SLOPE),
        ([], []),
    ],
)
def test_each_hint_needs_its_finding(found: list[Finding], ids: list[str]) -> None:
    """Form hints need pain while running that eased in the walks; slope hints need downhill."""
    assert [h.id for h in hints_for(found, REPEAT)] == ids


@pytest.mark.parametrize(
    ("where", "eased", "why"),
    [
        ("running", "eased", "the pain came in run segments and eased in the walks (this run)"),
        ("mostly-running", "eased", "the pain came mostly in run segments and eased in the walks"
         " (this run)"),
        ("running", "partly", "the pain came in run segments and eased partly in the walks"
         " (this run)"),
    ],
)  # fmt: skip
def test_each_hint_says_why_as_far_as_its_findings_go(where: str, eased: str, why: str) -> None:
    found = [_with(K.RUN_SEGMENTS, where), Finding(K.EASED, "", 2, eased)]
    assert {h.why for h in hints_for(found, REPEAT)} == {f"Shown because {why}."}


@pytest.mark.parametrize(("cadence", "target"), [(160, 168), (170, 178), (150, 158)])
def test_cadence_hint_is_five_percent_above_the_runners_cadence(cadence: int, target: int) -> None:
    """Heiderscheit et al. 2011: step rate +5 %, rounded to a whole step."""
    assert cadence_hint_text(cadence) == (
        f"Take shorter, quicker steps: set the metronome (Settings) to {target} steps a minute, "
        f"5 % above your {cadence}."
    )
    hints = hints_for([RUNNING, EASED], REPEAT, cadence=cadence)
    assert hints[1].text == cadence_hint_text(cadence)
    assert cadence_hint_text(None) == (
        "Take shorter, quicker steps: set the metronome (Settings) about 5 % above your usual "
        "step rate."
    )


def test_the_metronome_hint_takes_the_measured_cadence_from_its_finding() -> None:
    """One number: the cadence the findings say is the one the metronome hint builds on."""
    measured = Finding(K.CADENCE, "Your cadence in run segments was 158 ...", 3, "below", 157.5)
    hints = hints_for([RUNNING, EASED, measured], REPEAT)
    assert hints[1].text == cadence_hint_text(158)
    assert hints_for([RUNNING, EASED, measured], REPEAT, cadence=150)[1].text == (
        cadence_hint_text(150)
    )


LOW = Finding(
    K.CADENCE,
    "Your cadence in run segments was 158 steps a minute (the median, from 3 runs measured by "
    "a watch or phone).",
    3,
    "below",
    158.0,
)
HIGH = Finding(K.CADENCE, "Your cadence in run segments was 172 steps a minute.", 3, "", 172.0)
URGENT = Guidance(Action.URGENT, Rule.RED_FLAGS, "Seek help.", "Red flags.")


def test_a_low_measured_cadence_alone_offers_the_metronome_with_its_number() -> None:
    """The finding says the figure; what to try (+5 %) is this hint, with the finding as why."""
    assert [(h.id, h.text, h.why, h.source) for h in hints_for([LOW], REPEAT)] == [
        (
            "cadence",
            "Take shorter, quicker steps: set the metronome (Settings) to 166 steps a minute, "
            "5 % above your 158.",
            "Shown because your cadence in run segments was 158 steps a minute (the median, "
            "from 3 runs measured by a watch or phone).",
            HEIDERSCHEIT,
        )
    ]


@pytest.mark.parametrize(
    ("found", "guidance", "ids"),
    [
        pytest.param([HIGH], REPEAT, [], id="170 and above: no metronome"),
        pytest.param([LOW], URGENT, [], id="red flags: never something to try"),
        pytest.param([LOW], REST, ["cadence"], id="a rest without a hold: the hint"),
        pytest.param([RUNNING, EASED, LOW], REPEAT, FORM, id="the form hints: cadence once"),
    ],
)
def test_the_metronome_hint_from_a_low_cadence_needs_no_hold_and_comes_once(
    found: list[Finding], guidance: Guidance, ids: list[str]
) -> None:
    assert [h.id for h in hints_for(found, guidance)] == ids
