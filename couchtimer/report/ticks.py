"""pyqtgraph's rule for automatic axis ticks, for the report's painted charts: the spacing for
the axis's length, then each finer level's labels only while they fit; so the PDF writes the
same numbers under a chart as the History tab's pyqtgraph chart does."""

from __future__ import annotations

import math
from collections.abc import Sequence

from couchtimer.charts.figures import Ticks


def tick_levels(low: float, high: float, length: float) -> list[tuple[float, list[float]]]:
    """pyqtgraph's automatic ticks for a range drawn ``length`` pixels long: (spacing, values)
    per level, major first, a value shown at one level only."""
    span = abs(high - low)
    if span == 0:
        return []
    low, high = sorted((low, high))
    intervals = max(2.25, 2.25 * math.sqrt(length / 300.0))
    most = span / intervals
    _, exponent = math.frexp(most)
    unit = 10.0 ** (math.floor((exponent - 1) / 3.32192809488736) - 1)
    if 100.0 * unit <= most:
        major_factor = 10
        unit *= 10.0
    else:
        for major_factor in (50, 20, 10):
            if major_factor * unit <= most:
                break
    spacings = [major_factor * unit]
    least = 2 * span / length
    for minor_factor in (5, 10) if major_factor == 10 else (10, 20, 50):
        minor = minor_factor * unit
        if minor >= least:
            break
    spacings.append(minor)
    extras = {10: (1, 2, 5, 10), 20: (2, 5, 10, 20), 50: (5, 10, 50)}[major_factor]
    for extra_factor in extras:
        extra = extra_factor * unit
        if extra >= least or extra == minor:
            break
    if extra < minor:
        spacings.append(extra)
    levels: list[tuple[float, list[float]]] = []
    seen: list[float] = []
    for spacing in spacings:
        start = math.ceil(low / spacing) * spacing
        count = int((high - start) / spacing) + 1
        values = [start + i * spacing for i in range(count)]
        values = [v for v in values if all(abs(v - s) > spacing * 0.01 for s in seen)]
        seen += values
        levels.append((spacing, values))
    return levels


def tick_words(values: Sequence[float], spacing: float) -> list[str]:
    """pyqtgraph's tick strings: as many decimals as the spacing needs."""
    places = max(0, math.ceil(-math.log10(spacing)))
    return [f"{v:g}" if abs(v) < 0.001 or abs(v) >= 10000 else f"{v:.{places}f}" for v in values]


def auto_ticks(low: float, high: float, length: float) -> Ticks:
    return tuple(
        tuple(zip(values, tick_words(values, spacing), strict=True))
        for spacing, values in tick_levels(low, high, length)
    )
