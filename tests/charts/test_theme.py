"""Theme: segment kinds are told apart by more than colour, and labels stay readable."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from couchtimer.charts import theme
from couchtimer.core.programme import SegmentKind
from couchtimer.core.settings import BY_KEY


def test_each_kind_has_its_own_colour_pattern_and_label() -> None:
    """Colour is never the only cue: patterns and short labels differ between kinds too."""
    kinds = list(SegmentKind)
    for dark in (False, True):
        assert len({theme.kind_colour(k, dark).name() for k in kinds}) == 4
    assert len({theme.kind_pattern(k) for k in kinds}) == 4
    assert [theme.kind_short(k) for k in kinds] == ["WU", "R", "W", "CD"]


def test_okabe_ito_colours_in_light_palette() -> None:
    """Light palette uses the Okabe–Ito hues unchanged."""
    assert [theme.kind_colour(k, dark=False).name() for k in SegmentKind] == [
        "#009e73",
        "#d55e00",
        "#56b4e9",
        "#0072b2",
    ]


def test_block_labels_have_at_least_aa_contrast() -> None:
    """The label colour chosen for each fill reaches WCAG AA (4.5:1) in both palettes."""
    for dark in (False, True):
        for kind in SegmentKind:
            fill = theme.kind_colour(kind, dark)
            assert theme.contrast_ratio(fill, theme.text_colour_on(fill)) >= 4.5, (kind, dark)


def test_dark_blocks_stand_off_a_dark_window() -> None:
    """On the dark window every block reaches the 3:1 contrast WCAG asks of graphics."""
    window = theme.dark_palette().color(QPalette.ColorRole.Window)
    ratios = [theme.contrast_ratio(theme.kind_colour(k, True), window) for k in SegmentKind]
    assert min(ratios) >= 3.0


def test_contrast_ratio_extremes_and_dark_detection() -> None:
    """Black on white is 21:1; a palette with light text on a dark window is dark."""
    assert round(theme.contrast_ratio(QColor("#000"), QColor("#fff")), 2) == 21.0
    assert theme.contrast_ratio(QColor("#777"), QColor("#777")) == 1.0
    assert theme.is_dark(theme.dark_palette()) is True
    light = QPalette()
    light.setColor(QPalette.ColorRole.Window, QColor("#EFEFEF"))
    light.setColor(QPalette.ColorRole.WindowText, QColor("#000000"))
    assert theme.is_dark(light) is False


def test_apply_theme_reads_the_saved_value_as_the_declared_setting_does(qapp: QApplication) -> None:
    """The app applies the theme before its first frame from the value as written
    (``SettingsStore.theme``, without core.settings): anything but a declared choice gives the
    desktop's own palette, as the setting's ``coerce`` gives its default."""
    setting = BY_KEY["theme"]
    assert tuple(value for value, _ in setting.choices) == theme.THEMES
    window = QPalette.ColorRole.Window
    for raw in ("dark", "light", "system", "Dark", "", "blue", " dark"):
        theme.apply_theme(qapp, raw)
        as_written = qapp.palette().color(window).name()
        theme.apply_theme(qapp, str(setting.coerce(raw)))
        assert as_written == qapp.palette().color(window).name(), raw
    theme.apply_theme(qapp, "dark")
    assert qapp.palette().color(window).name() == "#2b2b2b"
    theme.apply_theme(qapp, "Dark")  # not a choice: the desktop's own, as coerce says
    assert qapp.palette().color(window).name() != "#2b2b2b"
    theme.apply_theme(qapp, "system")
