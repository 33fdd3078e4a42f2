"""What the runner tells us about discomfort: pain marks, the post-run report, the morning check-in.

Plain frozen value objects with validation; the store maps rows to them and the UI builds them.
Intensities are on the usual 0-10 numeric rating scale (0 none, 10 worst imaginable).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

MAX_INTENSITY = 10
_E = TypeVar("_E", bound=StrEnum)


def check_intensity(value: int | None, name: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_INTENSITY:
        raise ValueError(f"{name} must be a whole number from 0 to {MAX_INTENSITY}, not {value!r}")


class Region(StrEnum):
    LOWER_BACK = "lower-back"
    HIP = "hip"
    KNEE = "knee"
    SHIN = "shin"
    CALF = "calf"
    ACHILLES = "achilles"
    FOOT = "foot"
    OTHER = "other"

    @property
    def words(self) -> str:
        return _REGION_WORDS[self]

    @property
    def is_back(self) -> bool:
        return self is Region.LOWER_BACK


_REGION_WORDS = {
    Region.LOWER_BACK: "Lower back",
    Region.HIP: "Hip",
    Region.KNEE: "Knee",
    Region.SHIN: "Shin",
    Region.CALF: "Calf",
    Region.ACHILLES: "Achilles",
    Region.FOOT: "Foot",
    Region.OTHER: "Other",
}


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    CENTRE = "centre"

    @property
    def words(self) -> str:
        """As the post-run dialog says it (the PDF uses the same words)."""
        return _WORDS[self]


class Eased(StrEnum):
    """Did it ease in the walks?"""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"

    @property
    def words(self) -> str:
        """As the post-run dialog says it (the PDF uses the same words)."""
        return _WORDS[self]


class Character(StrEnum):
    ACHING = "aching"
    STABBING = "stabbing"
    BURNING = "burning"
    TIGHT = "tight"
    TINGLING = "tingling"  # tingling or numb

    @property
    def words(self) -> str:
        """As the post-run dialog says it (the PDF uses the same words)."""
        return _WORDS[self]


class Terrain(StrEnum):
    FLAT = "flat"
    UPHILL = "uphill"
    DOWNHILL = "downhill"
    MIXED = "mixed"
    TREADMILL = "treadmill"

    @property
    def words(self) -> str:
        """As the post-run dialog says it (the PDF uses the same words)."""
        return _WORDS[self]


class Surface(StrEnum):
    ROAD = "road"
    TRAIL = "trail"
    GRASS = "grass"
    TRACK = "track"
    TREADMILL = "treadmill"
    OTHER = "other"

    @property
    def words(self) -> str:
        """As the post-run dialog says it (the PDF uses the same words)."""
        return _WORDS[self]


# Display words for the enums above, next to them (as Region.words): the post-run dialog, the
# PDF and History all say these, never the stored values.
_WORDS: dict[StrEnum, str] = {
    Side.LEFT: "Left",
    Side.RIGHT: "Right",
    Side.BOTH: "Both sides",
    Side.CENTRE: "Centre",
    Eased.YES: "Yes",
    Eased.PARTLY: "Partly",
    Eased.NO: "No",
    Character.ACHING: "Aching",
    Character.STABBING: "Stabbing",
    Character.BURNING: "Burning",
    Character.TIGHT: "Tight",
    Character.TINGLING: "Tingling or numb",
    Terrain.FLAT: "Flat",
    Terrain.UPHILL: "Uphill",
    Terrain.DOWNHILL: "Downhill",
    Terrain.MIXED: "Mixed",
    Terrain.TREADMILL: "Treadmill",
    Surface.ROAD: "Road or pavement",
    Surface.TRAIL: "Trail",
    Surface.GRASS: "Grass",
    Surface.TRACK: "Track",
    Surface.TREADMILL: "Treadmill",
    Surface.OTHER: "Other",
}


def words(member: StrEnum) -> str:
    """The display words of any enum value of the post-run form (``Terrain.DOWNHILL`` is
    "Downhill"): what the dialog, the PDF, the CSV and the text output say, never the stored
    value."""
    if isinstance(member, Region):
        return member.words
    try:
        return _WORDS[member]
    except KeyError:
        raise ValueError(f"{member!r} has no display words") from None


# The spine has a centre; limbs come in pairs. ("Other" may be either, so it has all four.)
BACK_SIDES = (Side.CENTRE, Side.LEFT, Side.RIGHT, Side.BOTH)
LIMB_SIDES = (Side.LEFT, Side.RIGHT, Side.BOTH)


def sides_for(region: Region) -> tuple[Side, ...]:
    """The sides the runner may choose for an area, the first one chosen until they say."""
    return BACK_SIDES if region.is_back or region is Region.OTHER else LIMB_SIDES


@dataclass(frozen=True, slots=True)
class BodyArea:
    """Where it hurts: a body region and which side."""

    region: Region
    side: Side

    @property
    def words(self) -> str:
        """ "Knee (left)", "Lower back (both sides)": the side's display words."""
        return f"{self.region.words} ({self.side.words.lower()})"


@dataclass(frozen=True, slots=True)
class PainMark:
    """One press of "pain now": when (ms of active workout time), in which segment, how bad."""

    offset_ms: int
    segment_index: int
    intensity: int | None = None

    def __post_init__(self) -> None:
        if self.offset_ms < 0:
            raise ValueError(f"a pain mark cannot be before the start ({self.offset_ms} ms)")
        if self.segment_index < 0:
            raise ValueError(f"segment index must be >= 0, not {self.segment_index}")
        check_intensity(self.intensity, "pain intensity")

    def with_intensity(self, intensity: int | None) -> PainMark:
        return PainMark(self.offset_ms, self.segment_index, intensity)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> PainMark:
        return cls.from_columns(row["offset_ms"], row["segment_index"], row["intensity"])

    @classmethod
    def from_columns(cls, offset_ms: Any, segment_index: Any, intensity: Any) -> PainMark:
        """``from_row`` of a row's three values as they come (the store makes thousands of
        marks: a mapping each would cost more than the mark)."""
        return cls(
            _whole(offset_ms, "mark offset"),
            _whole(segment_index, "mark segment index"),
            intensity,
        )

    def to_row(self) -> dict[str, Any]:
        return {
            "offset_ms": self.offset_ms,
            "segment_index": self.segment_index,
            "intensity": self.intensity,
        }


@dataclass(frozen=True, slots=True)
class PainReport:
    """The post-run report. ``no_discomfort`` is the one-click path; then the rest stays empty."""

    no_discomfort: bool
    areas: tuple[BodyArea, ...] = ()
    worst_during: int | None = None
    intensity_after: int | None = None
    onset_segment: int | None = None
    onset_note: str = ""
    eased_in_walks: Eased | None = None
    characters: tuple[Character, ...] = ()
    terrain: Terrain | None = None
    surface: Surface | None = None
    notes: str = ""
    red_flags_asked: bool = False
    red_flags_yes: tuple[str, ...] = field(default=())  # ids from couchtimer.core.redflags

    def __post_init__(self) -> None:
        check_intensity(self.worst_during, "worst pain during the run")
        check_intensity(self.intensity_after, "pain now")
        if self.no_discomfort and (self.areas or self.worst_during or self.red_flags_yes):
            raise ValueError("a 'no discomfort' report cannot name areas, pain or red flags")
        if self.onset_segment is not None and self.onset_segment < 0:
            raise ValueError(f"onset segment must be >= 0, not {self.onset_segment}")

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> PainReport:
        """From a row whose list columns (areas, characters, red flags) are JSON text or lists."""
        areas = tuple(
            BodyArea(Region(region), Side(side)) for region, side in _listed(row["areas"], "areas")
        )
        return cls(
            no_discomfort=_flag(row["no_discomfort"], "no_discomfort"),
            areas=areas,
            worst_during=row["worst_during"],
            intensity_after=row["intensity_after"],
            onset_segment=row["onset_segment"],
            onset_note=_text(row["onset_note"], "onset_note"),
            eased_in_walks=_optional(Eased, row["eased_in_walks"]),
            characters=tuple(Character(c) for c in _listed(row["characters"], "characters")),
            terrain=_optional(Terrain, row["terrain"]),
            surface=_optional(Surface, row["surface"]),
            notes=_text(row["notes"], "notes"),
            red_flags_asked=_flag(row["red_flags_asked"], "red_flags_asked"),
            red_flags_yes=tuple(
                _text(flag, "red flag") for flag in _listed(row["red_flags_yes"], "red_flags_yes")
            ),
        )

    def to_row(self) -> dict[str, Any]:
        """Plain values; list columns as JSON text (what the store writes and the export reads)."""
        return {
            "no_discomfort": self.no_discomfort,
            "areas": json.dumps([[str(a.region), str(a.side)] for a in self.areas]),
            "worst_during": self.worst_during,
            "intensity_after": self.intensity_after,
            "onset_segment": self.onset_segment,
            "onset_note": self.onset_note,
            "eased_in_walks": _value(self.eased_in_walks),
            "characters": json.dumps([str(c) for c in self.characters]),
            "terrain": _value(self.terrain),
            "surface": _value(self.surface),
            "notes": self.notes,
            "red_flags_asked": self.red_flags_asked,
            "red_flags_yes": json.dumps(list(self.red_flags_yes)),
        }

    @property
    def involves_back(self) -> bool:
        return any(area.region.is_back for area in self.areas)

    @property
    def has_red_flags(self) -> bool:
        return bool(self.red_flags_yes)


@dataclass(frozen=True, slots=True)
class Checkin:
    """The next-morning check-in: "How is it this morning?" and stiffness, both 0-10."""

    intensity: int
    stiffness: int
    notes: str = ""

    def __post_init__(self) -> None:
        check_intensity(self.intensity, "pain this morning")
        check_intensity(self.stiffness, "stiffness this morning")

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Checkin:
        return cls(
            intensity=row["intensity"],
            stiffness=row["stiffness"],
            notes=_text(row["notes"], "notes"),
        )

    def to_row(self) -> dict[str, Any]:
        return {"intensity": self.intensity, "stiffness": self.stiffness, "notes": self.notes}


# --- row helpers: rows come from SQLite or from an imported file, so check what arrives -------


def _whole(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    return value


def _flag(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    raise ValueError(f"{name} must be true or false, not {value!r}")


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text, not {value!r}")
    return value


def _listed(value: Any, name: str) -> list[Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{name} is not a JSON list: {exc}") from None
    if not isinstance(value, list):
        raise ValueError(f"{name} must be a list, not {value!r}")
    return value


def _optional(kind: type[_E], value: Any) -> _E | None:
    return None if value is None else kind(value)


def _value(member: StrEnum | None) -> str | None:
    return None if member is None else str(member)
