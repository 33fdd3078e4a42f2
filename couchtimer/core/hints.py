"""Practical, cautious hints tied to what the runs show, from a reviewed list with sources.

Never diagnostic: each hint is something a runner can try, says why it is shown (the finding
behind it), names its source, and comes with ``PERSISTS``. None is shown while the programme is
on a red-flag hold or a "see a GP or physiotherapist" hold (``Action.URGENT``, rule ``held``):
then the advice is to be seen, not to change how you run.

The list (reviewed against its sources; change it only with a source):

==================  =================================  =======================================
hint                shown when                         source
==================  =================================  =======================================
slow-pace           pain came in run segments, not in  NHS Couch to 5K: run at a pace you can
                    walks (or mostly), and eased in    still talk at
                    the walks
cadence             the same                           Heiderscheit et al. 2011, Med Sci Sports
                                                       Exerc 43(2):296-302: step rate +5 %
                                                       lowers hip and knee load
land-under-hips     the same                           Heiderscheit et al. 2011 (a quicker step
                                                       shortens the overstride)
stay-tall           the same                           NHS Couch to 5K running tips: run tall,
                                                       relaxed shoulders
downhill-steps      worse on downhill runs (or in      Gottschall & Kram 2005, J Biomech
                    downhill segments, measured)       38(3):445-452: downhill running raises
                                                       impact forces
flatter-route       the same                           the same
==================  =================================  =======================================
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from couchtimer.core.findings import Finding, FindingKind
from couchtimer.core.guidance import Action, Guidance, Rule
from couchtimer.core.pain import Terrain
from couchtimer.core.slopes import CADENCE_STEP  # Heiderscheit et al. 2011: +5 % step rate

PERSISTS = "If it persists or worsens, see a physiotherapist."

HEIDERSCHEIT = "Heiderscheit et al. 2011, Med Sci Sports Exerc 43(2):296-302"
GOTTSCHALL = "Gottschall & Kram 2005, J Biomech 38(3):445-452"
NHS_C25K = "NHS Couch to 5K running tips"


@dataclass(frozen=True, slots=True)
class Hint:
    """A practical thing to try, why it is shown, and where the advice comes from."""

    id: str
    text: str
    why: str  # the finding that makes it relevant, in words
    source: str


def _runs(count: int) -> str:
    return "this run" if count == 1 else f"{count} runs"


def cadence_hint_text(cadence: int | None) -> str:
    """The metronome hint, with a number when the runner's cadence is known."""
    if cadence is None:
        return (
            "Take shorter, quicker steps: set the metronome (Settings) about 5 % above your "
            "usual step rate."
        )
    target = round(cadence * (1 + CADENCE_STEP))
    return (
        f"Take shorter, quicker steps: set the metronome (Settings) to {target} steps a "
        f"minute, 5 % above your {cadence}."
    )


def on_hold(guidance: Guidance) -> bool:
    """A red-flag hold or a "see a GP or physiotherapist" hold: no hints then."""
    return guidance.action is Action.URGENT or guidance.rule is Rule.HELD


def hints_for(
    found: Sequence[Finding], guidance: Guidance, cadence: int | None = None
) -> tuple[Hint, ...]:
    """The hints these findings call for, none while ``guidance`` holds the programme. The
    metronome hint names a number from ``cadence``, else from the measured cadence finding."""
    if on_hold(guidance):
        return ()
    by_kind = {finding.kind: finding for finding in found}
    measured = by_kind.get(FindingKind.CADENCE)
    if cadence is None and measured is not None and measured.figure is not None:
        cadence = round(measured.figure)
    hints: list[Hint] = []
    where = by_kind.get(FindingKind.RUN_SEGMENTS)
    eased = by_kind.get(FindingKind.EASED)
    if (
        where is not None
        and where.tag in ("running", "mostly-running")
        and eased is not None
        and eased.tag in ("eased", "partly")
    ):
        why = (
            f"Shown because the pain came {'mostly ' if where.tag == 'mostly-running' else ''}"
            f"in run segments and eased {'partly ' if eased.tag == 'partly' else ''}in the "
            f"walks ({_runs(min(where.runs, eased.runs))})."
        )
        hints += [
            Hint(
                "slow-pace",
                "Slow the run segments down, to a pace at which you could still talk.",
                why,
                NHS_C25K,
            ),
            Hint("cadence", cadence_hint_text(cadence), why, HEIDERSCHEIT),
            Hint(
                "land-under-hips",
                "Land with your feet under your hips rather than out in front.",
                why,
                HEIDERSCHEIT,
            ),
            Hint(
                "stay-tall",
                "Stay tall: upright, eyes on the horizon, shoulders relaxed.",
                why,
                NHS_C25K,
            ),
        ]
    if (
        measured is not None
        and measured.tag == "below"
        and not any(hint.id == "cadence" for hint in hints)
    ):  # a low measured cadence alone: the metronome, with the runner's own number
        why = f"Shown because {measured.text[0].lower()}{measured.text[1:]}"
        hints.append(Hint("cadence", cadence_hint_text(cadence), why, HEIDERSCHEIT))
    downhill = [
        f
        for f in found
        if f.kind in (FindingKind.TERRAIN, FindingKind.TERRAIN_SEGMENTS)
        and f.tag == str(Terrain.DOWNHILL)
    ]
    if downhill:
        slope = downhill[0]
        why = f"Shown because it was {slope.text[0].lower()}{slope.text[1:]}"
        hints += [
            Hint(
                "downhill-steps",
                "On descents, walk or shorten your stride.",
                why,
                GOTTSCHALL,
            ),
            Hint(
                "flatter-route",
                "Choose a flatter route while it settles.",
                why,
                GOTTSCHALL,
            ),
        ]
    return tuple(hints)
