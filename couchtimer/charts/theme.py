"""Colours, patterns and short labels for segment kinds and pain marks.

Colours come from the Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008), which
stays distinguishable for the common colour-vision deficiencies. Runs are the one warm colour
(vermillion) because the question a runner asks is "did it hurt in the runs or in the walks?";
walks and the two brisk walks at either end are blues and green. Colour is never the only cue:
every kind also has a fill pattern and a short text label, and pain marks are drawn in the
window's text colour with a halo, not in a hue.

In a dark palette the two darker blues are lightened so the blocks stand off a dark window;
labels inside a block use black or white, whichever contrasts more with the fill (WCAG formula).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QPalette

from couchtimer.charts.palette import (
    TEXT_RATIO,
    THEMES,
    apply_theme,
    contrast_ratio,
    dark_palette,
    light_palette,
    over,
    relative_luminance,
    text_colour_on,
    with_readable_colours,
)
from couchtimer.core.programme import SegmentKind

if TYPE_CHECKING:
    # Not imported at run time: the app applies its theme before the first frame, and the first
    # lookup of ``Qt`` makes PySide6 build its 93 enums (15 ms; see docs/DESIGN.md, Start-up).
    from PySide6.QtCore import Qt

# Okabe–Ito
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"


@dataclass(frozen=True, slots=True)
class KindStyle:
    """How a segment kind is drawn: its colours, its texture, its short name."""

    light: str
    dark: str
    pattern: str  # a Qt.BrushStyle by name (kind_pattern), so that Qt is built only to draw
    short: str  # fits a narrow block: "R", "W", "WU", "CD"


KIND_STYLES: dict[SegmentKind, KindStyle] = {
    SegmentKind.WARMUP: KindStyle(BLUISH_GREEN, "#19B38A", "BDiagPattern", "WU"),
    SegmentKind.RUN: KindStyle(VERMILLION, VERMILLION, "SolidPattern", "R"),
    SegmentKind.WALK: KindStyle(SKY_BLUE, SKY_BLUE, "Dense6Pattern", "W"),
    SegmentKind.COOLDOWN: KindStyle(BLUE, "#3D97D3", "FDiagPattern", "CD"),
}


def kind_colour(kind: SegmentKind, dark: bool) -> QColor:
    """The fill colour of a segment of this kind in a light or dark palette."""
    style = KIND_STYLES[kind]
    return QColor(style.dark if dark else style.light)


def kind_pattern(kind: SegmentKind) -> Qt.BrushStyle:
    """The texture drawn over the fill (solid for runs: no texture is itself the cue)."""
    from PySide6.QtCore import Qt

    return Qt.BrushStyle[KIND_STYLES[kind].pattern]


def kind_short(kind: SegmentKind) -> str:
    return KIND_STYLES[kind].short


def is_dark(palette: QPalette) -> bool:
    """True when the palette draws light text on a dark window."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return relative_luminance(window) < relative_luminance(text)


def mark_colours(dark: bool) -> tuple[QColor, QColor]:
    """(marker, halo) for pain marks: the text colour with an outline of the window colour."""
    if dark:
        return QColor("#FFFFFF"), QColor("#000000")
    return QColor("#000000"), QColor("#FFFFFF")


def urgent_colours(dark: bool) -> tuple[QColor, QColor]:
    """(background, text) for the urgent-advice panel: strong, but readable in both palettes."""
    if dark:
        return QColor("#5C1A00"), QColor("#FFFFFF")
    return QColor("#FBE3D6"), QColor("#000000")


__all__ = [
    "TEXT_RATIO",
    "THEMES",
    "apply_theme",
    "contrast_ratio",
    "dark_palette",
    "light_palette",
    "over",
    "relative_luminance",
    "text_colour_on",
    "with_readable_colours",
]
