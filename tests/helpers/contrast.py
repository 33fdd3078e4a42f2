"""WCAG contrast measured on pixels: what a screenshot shows, not what the palette says.

``uniform_text_ratio``: text on a plain background (a table row, a placeholder, a status bar):
the background is the rectangle's most common colour, the text its pixel farthest from it.
``text_over_ratio``: text over a busy background (a label over a hatched band): two pictures, one
with the text and one with it made transparent; the text's colour is the changed pixel that stands
out most from what was under it, and the ratio is its worst against every background pixel the
text covers. ``focus_change_ratio``: how far the most changed pixel moves when focus arrives.
The WCAG 2.x formulas, on numpy arrays (a whole window is a million pixels).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage

Floats = NDArray[np.float64]


def rgb(image: QImage, rect: QRect | None = None) -> NDArray[np.uint8]:
    """The pixels of ``image`` (or of ``rect`` in it) as a height x width x 3 array."""
    converted = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = converted.width(), converted.height(), converted.bytesPerLine()
    data = np.frombuffer(converted.constBits(), dtype=np.uint8, count=stride * height)
    pixels = data.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()
    if rect is None:
        return pixels
    area = rect.intersected(converted.rect())
    return pixels[area.top() : area.bottom() + 1, area.left() : area.right() + 1]


def luminance(pixels: NDArray[np.uint8]) -> Floats:
    """WCAG relative luminance of each pixel."""
    channels = pixels.astype(np.float64) / 255.0
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def ratio(first: Floats, second: Floats) -> Floats:
    high, low = np.maximum(first, second), np.minimum(first, second)
    return (high + 0.05) / (low + 0.05)


def uniform_text_ratio(image: QImage, rect: QRect) -> float:
    """Text on a plain background: its most extreme pixel against the commonest colour."""
    pixels = rgb(image, rect).reshape(-1, 3)
    colours, counts = np.unique(pixels, axis=0, return_counts=True)
    back = luminance(colours[np.argmax(counts)][None, :])[0]
    return float(ratio(luminance(pixels), np.float64(back)).max())


def text_over_ratio(with_text: QImage, without_text: QImage, rect: QRect) -> float:
    """Text over whatever is under it: the text's colour against each background pixel it covers.

    Pixels the text changed by less than 1.1:1 (faint anti-aliasing) are not text pixels.
    """
    shown = luminance(rgb(with_text, rect))
    under = luminance(rgb(without_text, rect))
    change = ratio(shown, under)
    text = change > 1.1
    if not text.any():
        raise AssertionError(f"no text drawn in {rect}")
    ink = shown[np.unravel_index(np.argmax(np.where(text, change, 0.0)), change.shape)]
    return float(ratio(np.float64(ink), under[text]).min())


def focus_change_ratio(focused: QImage, unfocused: QImage) -> float:
    """How much a focus indicator stands out: the largest contrast between the same pixel with
    and without focus (1.0: focus changes nothing a sighted keyboard user could see)."""
    return float(ratio(luminance(rgb(focused)), luminance(rgb(unfocused))).max())
