"""Post-run reports for tests: one with every field filled, and copies of it with changes."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from couchtimer.core.pain import (
    BodyArea,
    Character,
    Eased,
    PainReport,
    Region,
    Side,
    Surface,
    Terrain,
)

FULL_REPORT = PainReport(
    no_discomfort=False,
    areas=(BodyArea(Region.LOWER_BACK, Side.BOTH), BodyArea(Region.KNEE, Side.LEFT)),
    worst_during=6,
    intensity_after=2,
    onset_segment=1,
    onset_note="run 1 of 2, after about 2 min",
    eased_in_walks=Eased.YES,
    characters=(Character.STABBING, Character.TIGHT),
    terrain=Terrain.DOWNHILL,
    surface=Surface.ROAD,
    notes="=worse downhill",
    red_flags_asked=True,
    red_flags_yes=(),
)
"""Every field of the post-run report given: two areas, two characters, red flags asked."""


def full_report(**changes: Any) -> PainReport:
    """``FULL_REPORT`` with the fields a test is about changed."""
    return replace(FULL_REPORT, **changes)
