"""One run's timeline as plain figures (see ``charts/figures.py``): segments as bands, pain
marks at their second, the post-run and morning figures beside, and what a recording measured
in strips below. The History tab's ``TimelineChart`` and the PDF share these rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from couchtimer.charts import theme
from couchtimer.charts.figures import (
    AFTER,
    DURING,
    MORNING,
    Bars,
    Figure,
    Label,
    Marks,
    Rule,
    padded,
    series_marks,
    thresholds,
)
from couchtimer.core import analysis, chartdata
from couchtimer.core.chartdata import Band, Timeline
from couchtimer.core.history import RunRecord
from couchtimer.core.metrics import SegmentMetrics
from couchtimer.core.pain import MAX_INTENSITY
from couchtimer.core.programme import SegmentKind
from couchtimer.core.slopes import Slope, slope_of

THIN_BAND_SECONDS = 1.0  # the least width of a band: a segment skipped at once still shows
STRIP_HEIGHT = 1.0
_RUN = SegmentKind.RUN  # read once: an enum member read in a loop is slow in Python 3.11
STRIP_LABEL_SHARE = 0.07  # a band narrower than this share of the run gets no figure written
GRADE_STRIP_Y = -3.6
CADENCE_STRIP_Y = -4.8
Y_RANGE = (-1.6, MAX_INTENSITY + 0.5)
Y_RANGE_STRIPS = (CADENCE_STRIP_Y - 0.2, MAX_INTENSITY + 0.5)


def band_spans(bands: Sequence[Band]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(start, width) of each band in minutes; a segment skipped at once is about a second."""
    return (
        tuple(b.start / 60 for b in bands),
        tuple(max(b.end - b.start, THIN_BAND_SECONDS) / 60 for b in bands),
    )


def band_fills(bands: Sequence[Band], dark: bool) -> tuple[Bars, Bars]:
    """The bands' colours and, over them, their textures (hatched where skipped)."""
    x0s, widths = band_spans(bands)
    count = len(bands)
    fills, textures, patterns = [], [], []
    # Each kind's colour, the ink that reads on it and its texture, worked out once (a run
    # has up to twenty bands of four kinds; History draws one whenever a run is chosen).
    looks: dict[SegmentKind, tuple[QColor, QColor, Qt.BrushStyle]] = {}
    for band in bands:
        look = looks.get(band.kind)
        if look is None:
            colour = theme.kind_colour(band.kind, dark)
            look = (colour, theme.text_colour_on(colour), theme.kind_pattern(band.kind))
            looks[band.kind] = look
        fill = copy(look[0])  # not QColor(colour): see report/painted._tick_pen
        fill.setAlpha(60 if band.skipped else 110)
        fills.append(fill)
        texture = copy(look[1])
        if band.skipped:  # hatched: entered, then skipped
            texture.setAlpha(140)
            patterns.append(Qt.BrushStyle.BDiagPattern)
        else:
            texture.setAlpha(50 if band.kind is not _RUN else 0)
            patterns.append(look[2])
        textures.append(texture)
    height = (MAX_INTENSITY + 0.5,) * count
    return (
        Bars(x0s, widths, (0.0,) * count, height, tuple(fills)),
        Bars(x0s, widths, (0.0,) * count, height, tuple(textures), tuple(patterns)),
    )


#: The lines a post-run label can have (its name, then "(none)" when nothing was reported): the
#: widest decides how much room each label gets.
REPORT_WORDS = (DURING[0], AFTER[0], MORNING[0], "(none)")
REPORT_GAPS = 3.1  # the room right of the run's divider, in gaps: three labels and a margin
MOST_SHARE = 0.2  # a label never asks for more of the plot's width (charts are made as wide)
MOST_TALL = 0.4  # nor for more of its height


def report_gap(line: Timeline, share: float = 0.0) -> float:
    """Minutes between the post-run labels: 1.5 at least, a tenth of the run, and more where a
    label is ``share`` of the plot's width (its widest line, margins and the gap between
    labels, over the plot's width in the same pixels), so that the three never overlap, on the
    History tab however narrow it is, and in the PDF. The plot shows ``x_range``: the run, the
    divider, then ``REPORT_GAPS`` gaps, all padded by 1 % each side; a gap of ``g`` minutes
    holds a label when ``g >= share * 1.02 * (end + REPORT_GAPS * g)``."""
    end = line.seconds / 60
    least = max(1.5, end * 0.1)
    share = min(max(share, 0.0), MOST_SHARE)
    padding = 1.02
    return max(least, share * padding * (end + 0.5) / (1 - share * padding * REPORT_GAPS))


def report_xs(line: Timeline, share: float = 0.0) -> tuple[float, float, float]:
    """Where during, after and morning sit, right of the run's end and its divider."""
    end = line.seconds / 60
    gap = report_gap(line, share)
    return (
        end + 0.5 + gap * 0.6,
        end + 0.5 + gap * 1.6,
        end + 0.5 + gap * 2.6,
    )


def x_range(line: Timeline, share: float = 0.0) -> tuple[float, float]:
    end = line.seconds / 60
    return padded(0.0, end + 0.5 + report_gap(line, share) * REPORT_GAPS, 0.01)


def y_range(with_strips: bool, tall: float = 0.0) -> tuple[float, float]:
    """The pain scale, room below 0 for the post-run labels (two lines: "After" / "(none)")
    and the strips, if any. ``tall``: a label's height as a share of the plot's; a short
    plot goes lower, so that the words end above the bottom axis: a label hangs from -0.2,
    and ``r`` units below 0 hold it when ``r >= 0.2 + tall * (top + r)``."""
    low, top = Y_RANGE_STRIPS if with_strips else Y_RANGE
    tall = min(max(tall, 0.0), MOST_TALL)
    return min(low, -(0.2 + tall * top) / (1 - tall)), top


def timeline(
    run: RunRecord,
    metrics: Sequence[SegmentMetrics] = (),
    dark: bool = False,
    title: str = "",
    share: float = 0.0,
    tall: float = 0.0,
) -> Figure:
    """``run`` on its time axis; with ``metrics``, the gradient and cadence strips too;
    ``share`` and ``tall``: how much of the plot's width and height a post-run label takes
    (``report_gap``, ``y_range``)."""
    line = chartdata.timeline(run)
    ink, halo = theme.mark_colours(dark)
    bands, textures = band_fills(line.bands, dark)
    rated = [p for p in line.points if p.intensity is not None]
    unrated = [p for p in line.points if p.intensity is None]
    values = (line.worst.during, line.worst.after, line.worst.morning)
    report: list[Marks | Label] = []
    for x, value, (name, hex_colour, symbol) in zip(
        report_xs(line, share), values, (DURING, AFTER, MORNING), strict=True
    ):
        if value is not None:
            report.append(series_marks(hex_colour, symbol, 12, [x], [float(value)], dark))
        words = name if value is not None else f"{name}\n(none)"
        report.append(Label(x, -0.2, words, (0.5, 0.0), ink))
    strip_bars, labels, y_ticks = strips(line, metrics, dark)
    return Figure(
        title or f"{run.code}, {analysis.date_words(run)}",
        "Pain (0-10)",
        "Minutes",
        x_range(line, share),
        y_range(bool(strip_bars), tall),
        y_ticks=y_ticks,
        items=(
            bands,
            textures,
            *strip_bars,
            *labels,
            Rule(line.seconds / 60 + 0.5, ink, Qt.PenStyle.DotLine, vertical=True),
            Marks(
                tuple(p.seconds / 60 for p in rated),
                tuple(float(p.intensity or 0) for p in rated),
                "o",
                11,
                ink,
                halo,
                1.5,
            ),
            Marks(
                tuple(p.seconds / 60 for p in unrated),
                (0.0,) * len(unrated),
                "x",
                11,
                ink,
                ink,
                2.0,
            ),
            *report,
            *thresholds(dark),
        ),
    )


def strips(
    line: Timeline, metrics: Sequence[SegmentMetrics], dark: bool
) -> tuple[tuple[Bars, ...], tuple[Label, ...], tuple[tuple[tuple[float, str], ...], ...] | None]:
    """Gradient (by slope, ``core.slopes``) and cadence per segment visit, each labelled with
    its figure where the band is wide enough, in two strips below the pain scale."""
    by_index = {m.index: m for m in metrics}
    bands = [b for b in line.bands if b.index in by_index]
    if not bands:
        return (), (), None
    ink = theme.mark_colours(dark)[0]
    neutral = copy(ink)  # copies, not QColor(colour): see report/painted._tick_pen
    neutral.setAlpha(40)
    x0s, widths = band_spans(bands)
    count = len(bands)
    grade = Bars(
        x0s,
        widths,
        (GRADE_STRIP_Y,) * count,
        (STRIP_HEIGHT,) * count,
        tuple(slope_colour(slope_of(by_index[b.index]), neutral) for b in bands),
    )
    cadence = Bars(
        x0s, widths, (CADENCE_STRIP_Y,) * count, (STRIP_HEIGHT,) * count, (neutral,) * count
    )
    room = STRIP_LABEL_SHARE * line.seconds / 60
    labels = []
    for band, start, span in zip(bands, x0s, widths, strict=True):
        if span < room:  # a short band keeps its colour; its figures are in the table
            continue
        m = by_index[band.index]
        texts = (
            "" if m.grade_percent is None else grade_text(m.grade_percent),
            "" if m.cadence_spm is None else f"{m.cadence_spm:.0f}",
        )
        for text, y in zip(texts, (GRADE_STRIP_Y, CADENCE_STRIP_Y), strict=True):
            if text:
                labels.append(Label(start + span / 2, y + STRIP_HEIGHT / 2, text, (0.5, 0.5), ink))
    ticks = tuple((float(v), str(v)) for v in range(0, MAX_INTENSITY + 1, 2))
    ticks += (
        (GRADE_STRIP_Y + STRIP_HEIGHT / 2, "Gradient %"),
        (CADENCE_STRIP_Y + STRIP_HEIGHT / 2, "Cadence"),
    )
    return (grade, cadence), tuple(labels), (ticks,)


def grade_text(grade: float) -> str:
    """ "−6 %" in a strip (whole percent: the bands are narrow); "0 %" for a level one."""
    whole = round(grade)
    return "0%" if whole == 0 else f"{whole:+d}%".replace("-", "−")


def slope_colour(slope: Slope | None, neutral: QColor) -> QColor:
    """Downhill reddish purple, uphill orange (Okabe–Ito, apart from the segment colours);
    flat or unmeasured the neutral tint. The figure is written on every band as well."""
    if slope is Slope.DOWNHILL:
        colour = QColor(theme.REDDISH_PURPLE)
    elif slope is Slope.UPHILL:
        colour = QColor(theme.ORANGE)
    else:
        return neutral
    colour.setAlpha(150)
    return colour
