"""The app's palettes: light, dark or the desktop's own, always with readable text (WCAG AA).

Apart from couchtimer/charts/theme.py (the segment kinds' colours and patterns) because the app
applies its theme before the first frame: this module makes no dataclass and imports no core
module, so that costs as little as it can (benchmarks/startup.py). theme.py re-exports all of it.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette


def relative_luminance(colour: QColor) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio, 1.0 (none) to 21.0 (black on white)."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_colour_on(fill: QColor) -> QColor:
    """Black or white, whichever reads better on ``fill``."""
    black, white = QColor("#000000"), QColor("#FFFFFF")
    return black if contrast_ratio(fill, black) >= contrast_ratio(fill, white) else white


def dark_palette() -> QPalette:
    """A plain dark palette (for the dark screenshots and an optional dark mode)."""
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#2B2B2B",
        role.WindowText: "#F0F0F0",
        role.Base: "#3A3A3A",  # lighter than the window: Fusion outlines are window.darker()
        role.AlternateBase: "#424242",
        role.Text: "#F0F0F0",
        role.Button: "#3A3A3A",
        role.ButtonText: "#F0F0F0",
        role.BrightText: "#FFFFFF",
        role.Highlight: "#3D97D3",
        role.HighlightedText: "#000000",
        role.ToolTipBase: "#F0F0F0",
        role.ToolTipText: "#000000",
        role.PlaceholderText: "#A0A0A0",
        role.Light: "#505050",
        role.Midlight: "#444444",
        role.Mid: "#303030",
        role.Dark: "#202020",
        role.Shadow: "#000000",
        role.Link: "#56B4E9",
    }
    for colour_role, value in colours.items():
        palette.setColor(colour_role, QColor(value))
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, colour_role, QColor("#808080"))
    return palette


def light_palette() -> QPalette:
    """Fusion's own light palette (what "Light" in Settings shows, whatever the desktop uses)."""
    from PySide6.QtWidgets import QStyleFactory

    style = QStyleFactory.create("Fusion")
    return style.standardPalette()


def _shade_to(colour: QColor, against: QColor, ratio: float) -> QColor:
    """``colour`` shaded away from ``against`` until the two contrast by ``ratio``."""
    result = colour.__copy__()  # not QColor(colour): see with_readable_colours
    lighten = relative_luminance(against) < relative_luminance(colour)
    for _ in range(100):
        if contrast_ratio(result, against) >= ratio:
            return result
        h, s, v, a = _hsva(result)
        if lighten:
            if v < 1.0:
                v = min(1.0, v + 0.02)
            else:
                s = max(0.0, s - 0.04)
        else:
            v = max(0.0, v - 0.02)
        result = QColor.fromHsvF(h, s, v, a)
    return result


#: WCAG 2.1 AA: 4.5:1 for text (1.4.3).
TEXT_RATIO = 4.5


def over(colour: QColor, back: QColor) -> QColor:
    """``colour`` as it shows when drawn over ``back`` (its alpha blended in)."""
    alpha = colour.alphaF()
    return QColor.fromRgbF(
        colour.redF() * alpha + back.redF() * (1 - alpha),
        colour.greenF() * alpha + back.greenF() * (1 - alpha),
        colour.blueF() * alpha + back.blueF() * (1 - alpha),
    )


def with_readable_colours(palette: QPalette) -> QPalette:
    """The palette with every text colour at 4.5:1 or more on what it is drawn on (1.4.3).

    Platform palettes vary (a GTK dark theme gives a status-bar text of 4.06:1; Fusion's selected
    row is white on #308cc6, 3.69:1; placeholders are 4.0:1): where a pair falls short, the text
    (placeholder, disabled) or the highlight is shaded until it reaches the ratio. Pairs that pass
    are left as they are.
    """
    # Copies made with __copy__() (not the copy module), not QPalette(palette) / QColor(colour):
    # those constructors' overloads make PySide6 build the Qt namespace (15 ms), and this runs
    # before the first frame.
    result = palette.__copy__()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for colour_group in (group.Active, group.Inactive):
        pairs = (
            (role.WindowText, role.Window),
            (role.Text, role.Base),
            (role.Text, role.AlternateBase),
            (role.ButtonText, role.Button),
            (role.PlaceholderText, role.Base),
            (role.ToolTipText, role.ToolTipBase),
        )
        for text_role, back_role in pairs:
            back = result.color(colour_group, back_role)
            text = over(result.color(colour_group, text_role), back)
            if contrast_ratio(text, back) < TEXT_RATIO:
                result.setColor(colour_group, text_role, _shade_to(text, back, TEXT_RATIO))
        highlight = result.color(colour_group, role.Highlight)
        on_highlight = result.color(colour_group, role.HighlightedText)
        if contrast_ratio(highlight, on_highlight) < TEXT_RATIO:
            ink = text_colour_on(highlight)
            if contrast_ratio(highlight, ink) < TEXT_RATIO:
                highlight = _shade_to(highlight, ink, TEXT_RATIO)
            result.setColor(colour_group, role.Highlight, highlight)
            result.setColor(colour_group, role.HighlightedText, ink)
    return result


THEMES = ("system", "light", "dark")


def apply_theme(app: object, mode: str) -> None:
    """Light, dark or the desktop's own palette for the whole app, always at AA contrast."""
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    if mode not in THEMES:
        mode = "system"
    if mode == "dark":
        base = dark_palette()
    elif mode == "light":
        base = light_palette()
    else:
        app.setPalette(QPalette())  # back to the platform's palette
        base = app.palette()
    app.setPalette(with_readable_colours(base))


def _hsva(colour: QColor) -> tuple[float, float, float, float]:
    """``getHsvF`` as four floats (the stubs type its result as ``object``)."""
    return colour.hsvHueF(), colour.hsvSaturationF(), colour.valueF(), colour.alphaF()
