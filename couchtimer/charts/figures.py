"""What each chart shows, as plain figures: which series, which points, in which colour and
symbol (``charts/theme.py``), the bars, bands, lines and labels, the axis ranges and ticks.

No plotting library here (no pyqtgraph, no numpy): the PDF paints these figures with QPainter
(``report/painted.py``), and the History tab's pyqtgraph charts take their series, ranges and
ticks from the same functions, so each chart has one rule for what it shows. Positions are in
data units; sizes of symbols and widths of pens in the chart's pixels (pyqtgraph's ``pxMode``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from couchtimer.charts import theme
from couchtimer.core import analysis, chartdata
from couchtimer.core.chartdata import GroupPain, RunPoint, WeekOnset
from couchtimer.core.history import RunRecord
from couchtimer.core.pain import MAX_INTENSITY
from couchtimer.core.programme import SegmentKind
from couchtimer.core.slopes import SlopePain, measured_segments

# Series that are not segment kinds: a different Okabe–Ito hue *and* a different symbol each.
DURING = ("During", theme.VERMILLION, "o")
AFTER = ("After", theme.BLUE, "s")
MORNING = ("Morning", theme.BLUISH_GREEN, "t")
GROUP_BAR = theme.ORANGE
MAX_WEEK_LABELS = 24
EMPTY_RUNS = "Record a run to see it here."
THRESHOLDS = ((analysis.SAFE_MAX, "2: minimal"), (analysis.ACCEPTABLE_MAX, "5: the limit"))
WEEK_LINE = QColor("#888888")
RUN_TICKS_FILL = 0.9  # the short run labels may fill 90 % of the axis (the default is 80 %)

Ticks = tuple[tuple[tuple[float, str], ...], ...]  # levels of (value, label), major first


def series_colour(hex_colour: str, dark: bool) -> QColor:
    """The dark palette lightens the darker blue so it stands off the background."""
    if dark and hex_colour == theme.BLUE:
        return QColor("#3D97D3")
    return QColor(hex_colour)


def threshold_colour(dark: bool) -> QColor:
    """The dashed threshold lines and their words: 7.5:1 (light) and 5.9:1 (dark)."""
    return QColor("#BBBBBB" if dark else "#555555")


@dataclass(frozen=True, slots=True)
class Marks:
    """A scatter series: one symbol (pyqtgraph's names: o s t d x) at each point."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    symbol: str
    size: float
    fill: QColor | None
    edge: QColor | None
    edge_width: float = 1.0


@dataclass(frozen=True, slots=True)
class Bars:
    """Rectangles from ``y0`` up by ``height``, each with its fill and texture."""

    x0s: tuple[float, ...]
    widths: tuple[float, ...]
    y0s: tuple[float, ...]
    heights: tuple[float, ...]
    fills: tuple[QColor, ...]
    patterns: tuple[Qt.BrushStyle, ...] = ()  # solid where empty


@dataclass(frozen=True, slots=True)
class Rule:
    """A line across the whole plot: horizontal at ``at`` (or vertical with ``vertical``),
    with its words on a patch of the background near the left end."""

    at: float
    colour: QColor
    style: Qt.PenStyle
    vertical: bool = False
    words: str = ""


@dataclass(frozen=True, slots=True)
class Strokes:
    """Vertical line segments (week starts) from ``y0`` to ``y1`` at each x."""

    xs: tuple[float, ...]
    y0: float
    y1: float
    colour: QColor


@dataclass(frozen=True, slots=True)
class Label:
    """Words at a point; ``anchor`` is where the point sits on the words' box (0-1 each way)."""

    x: float
    y: float
    text: str
    anchor: tuple[float, float]
    colour: QColor
    patch: bool = False  # on a patch of the chart's background: no line drawn through it


Item = Marks | Bars | Rule | Strokes | Label


@dataclass(frozen=True, slots=True)
class Figure:
    """One chart as drawn: title, axis words, ranges, ticks (``None``: chosen for the length
    of the axis, as pyqtgraph does), items bottom to top, the legend, the empty state."""

    title: str
    left: str
    bottom: str
    x_range: tuple[float, float] = (0.0, 1.0)
    y_range: tuple[float, float] = (0.0, 1.0)
    x_ticks: Ticks | None = None
    y_ticks: Ticks | None = None
    x_fill: float = 0.8
    items: tuple[Item, ...] = ()
    legend: tuple[tuple[str, Marks | Bars], ...] = ()
    empty: str = ""


def padded(low: float, high: float, padding: float) -> tuple[float, float]:
    """A range with ``padding`` of its span added at each end (pyqtgraph's setRange)."""
    span = high - low
    return low - span * padding, high + span * padding


def thresholds(dark: bool) -> tuple[Rule, ...]:
    """Dashed lines at the pain-monitoring model's limits (2 and 5), with their words."""
    colour = threshold_colour(dark)
    return tuple(Rule(v, colour, Qt.PenStyle.DashLine, words=w) for v, w in THRESHOLDS)


def series_marks(
    hex_colour: str, symbol: str, size: float, xs: Sequence[float], ys: Sequence[float], dark: bool
) -> Marks:
    """A report series (during, after, morning): its hue with an outline of the backdrop."""
    ink = theme.mark_colours(dark)[1]
    return Marks(tuple(xs), tuple(ys), symbol, size, series_colour(hex_colour, dark), ink)


def run_axis(
    points: Sequence[RunPoint], boundaries: Sequence[tuple[int, int]]
) -> tuple[str, Ticks, float]:
    """(bottom words, ticks, fill limit): every run labelled for a programme's worth of runs
    (week starts first, should the chart be too narrow for all); months or years beyond."""
    if len(boundaries) <= MAX_WEEK_LABELS:
        first, others = chartdata.run_ticks(points, boundaries)
        ticks = (
            tuple((float(p), w) for p, w in first),
            tuple((float(p), w) for p, w in others),
        )
        return "Runs in date order (week starts marked)", ticks, RUN_TICKS_FILL
    dates = tuple((float(p), w) for p, w in chartdata.date_ticks(points))
    return "Runs in date order", (dates,), 0.8


def week_strokes(boundaries: Sequence[tuple[int, int]], top: float) -> Strokes:
    """Dotted lines between weeks (none when there are too many weeks to mark)."""
    shown = boundaries if len(boundaries) <= MAX_WEEK_LABELS else ()
    return Strokes(tuple(p - 0.5 for p, _ in shown[1:]), 0.0, top, WEEK_LINE)


def worst(
    points: Sequence[RunPoint], boundaries: Sequence[tuple[int, int]], dark: bool = False
) -> Figure:
    """Worst pain during, after and the next morning per run, with the model's thresholds."""
    title = "Worst pain per run: during, after, next morning"
    bottom, ticks, fill = run_axis(points, boundaries)
    series = []
    for (name, hex_colour, symbol), attribute in zip(
        (DURING, AFTER, MORNING), ("during", "after", "morning"), strict=True
    ):
        known = [(p.position, getattr(p.worst, attribute)) for p in points]
        known = [(x, v) for x, v in known if v is not None]
        marks = series_marks(
            hex_colour, symbol, 8, [float(x) for x, _ in known], [float(v) for _, v in known], dark
        )
        series.append((name, marks))
    if not points:  # the legend still says what would be drawn
        return Figure(
            title,
            "Pain (0-10)",
            "Runs in date order (week starts marked)",
            legend=tuple(series),
            empty=EMPTY_RUNS,
        )
    return Figure(
        title,
        "Pain (0-10)",
        bottom,
        padded(-0.5, len(points) - 0.5, 0.01),
        (-0.3, MAX_INTENSITY + 0.5),
        x_ticks=ticks,
        x_fill=fill,
        items=(
            week_strokes(boundaries, MAX_INTENSITY + 0.5),
            *(m for _, m in series),
            *thresholds(dark),
        ),
        legend=tuple(series),
    )


def split(
    points: Sequence[RunPoint], boundaries: Sequence[tuple[int, int]], dark: bool = False
) -> Figure:
    """Per run: pain marks in run segments (bottom) and in walks (stacked on top)."""
    title = "Pain marks per run: in run segments and in walks"
    run_fill = theme.kind_colour(SegmentKind.RUN, dark)
    walk_fill = theme.kind_colour(SegmentKind.WALK, dark)
    sample = (0.0,)
    legend = (
        ("In run segments", Bars(sample, sample, sample, sample, (run_fill,))),
        ("In walks", Bars(sample, sample, sample, sample, (walk_fill,))),
    )
    if not any(p.split.total for p in points):  # the legend still says what would be drawn
        empty = EMPTY_RUNS if not points else "No pain marks in these runs: nothing to compare."
        return Figure(
            title,
            "Pain marks",
            "Runs in date order (week starts marked)",
            legend=legend,
            empty=empty,
        )
    bottom, ticks, fill = run_axis(points, boundaries)
    runs = [float(p.split.run_marks) for p in points]
    walks = [float(p.split.walk_marks) for p in points]
    top = max(r + w for r, w in zip(runs, walks, strict=True)) + 0.5
    x0s = tuple(p.position - 0.4 for p in points)
    widths = (0.8,) * len(points)
    run_bars = Bars(x0s, widths, (0.0,) * len(points), tuple(runs), (run_fill,) * len(points))
    walk_bars = Bars(x0s, widths, tuple(runs), tuple(walks), (walk_fill,) * len(points))
    return Figure(
        title,
        "Pain marks",
        bottom,
        padded(-0.5, len(points) - 0.5, 0.01),
        (0.0, top),
        x_ticks=ticks,
        x_fill=fill,
        items=(week_strokes(boundaries, top), run_bars, walk_bars),
        legend=legend,
    )


def onset(weeks: Sequence[WeekOnset], any_runs: bool, dark: bool = False) -> Figure:
    """Minutes into a run segment at which pain began, per programme week
    (``chartdata.onset_by_week``), with the median."""
    title = "When pain starts: minutes into a run segment"
    left, bottom = "Minutes into the run segment", "Programme week"
    if not weeks:
        empty = "No pain marks in run segments." if any_runs else EMPTY_RUNS
        return Figure(title, left, bottom, empty=empty)
    xs: list[float] = []
    ys: list[float] = []
    for week in weeks:
        count = len(week.onsets)
        for i, minutes in enumerate(week.onsets):
            # spread the dots of one week sideways so that equal values stay visible
            xs.append(week.week + (0.5 * (i / (count - 1)) - 0.25 if count > 1 else 0.0))
            ys.append(minutes)
    dot = series_colour(theme.VERMILLION, dark)
    dot.setAlpha(150)
    ink, halo = theme.mark_colours(dark)
    return Figure(
        title,
        left,
        bottom,
        (weeks[0].week - 0.6, weeks[-1].week + 0.6),
        (0.0, max(ys) * 1.1 + 0.2),
        x_ticks=(tuple((float(w.week), str(w.week)) for w in weeks),),
        items=(
            Marks(tuple(xs), tuple(ys), "o", 6, dot, None),
            Marks(
                tuple(float(w.week) for w in weeks),
                tuple(w.median for w in weeks),
                "d",
                14,
                ink,
                halo,
                1.5,
            ),
        ),
    )


def groups(
    title: str,
    bottom: str,
    found: Sequence[GroupPain],
    any_runs: bool,
    empty: str,
    dark: bool = False,
) -> Figure:
    """Mean worst pain per group (terrain, body area, gradient), with how many runs in each.
    A group with no rated run has no height to show (never a made-up 0)."""
    left = "Mean worst pain (0-10)"
    if not found:
        return Figure(title, left, bottom, empty=empty if any_runs else EMPTY_RUNS)
    heights = tuple(g.mean_worst if g.mean_worst is not None else 0.0 for g in found)
    count = len(found)
    ink = theme.mark_colours(dark)[0]
    return Figure(
        title,
        left,
        bottom,
        (-0.6, count - 0.4),
        (0.0, MAX_INTENSITY + 0.5),
        # one word a line ("Lower\nback"), so that a half-width chart holds every name
        x_ticks=(
            tuple((float(i), g.label.capitalize().replace(" ", "\n")) for i, g in enumerate(found)),
        ),
        items=(
            Bars(
                tuple(i - 0.3 for i in range(count)),
                (0.6,) * count,
                (0.0,) * count,
                heights,
                (series_colour(GROUP_BAR, dark),) * count,
            ),
            *(
                Label(float(i), h + 0.1, f"{h:.1f}\n({g.runs})", (0.5, 1.0), ink, patch=True)
                for i, (g, h) in enumerate(zip(found, heights, strict=True))
            ),
            *thresholds(dark),
        ),
    )


@dataclass(frozen=True, slots=True)
class CadencePoint:
    """A measured run segment: its cadence and the highest pain mark in it (None: none)."""

    cadence: float
    worst: int | None
    run: RunRecord
    segment_index: int


def cadence_points(runs: Sequence[RunRecord]) -> list[CadencePoint]:
    """Every run segment a recording measured a cadence for, in the runs' order."""
    points = []
    for run in runs:
        for m in measured_segments(run):
            if m.cadence_spm is None:
                continue
            marks = [k.intensity or 0 for k in run.marks if k.segment_index == m.index]
            points.append(CadencePoint(m.cadence_spm, max(marks) if marks else None, run, m.index))
    return points


def cadence(points: Sequence[CadencePoint], any_runs: bool, dark: bool = False) -> Figure:
    """Each measured run segment at its cadence: the highest pain mark in it, or 0 without."""
    title, left = "Pain against cadence", "Highest pain mark (0-10)"
    bottom = "Cadence (steps a minute)"
    if not points:
        empty = "No cadence measured yet: attach a recording to a run." if any_runs else EMPTY_RUNS
        return Figure(title, left, bottom, empty=empty)
    ink, halo = theme.mark_colours(dark)
    marked = [(p.cadence, float(p.worst)) for p in points if p.worst is not None]
    clear = [p.cadence for p in points if p.worst is None]
    low, high = min(p.cadence for p in points), max(p.cadence for p in points)
    return Figure(
        title,
        left,
        bottom,
        (low - 5, high + 5),
        (-0.5, MAX_INTENSITY + 0.5),
        items=(
            Marks(tuple(x for x, _ in marked), tuple(y for _, y in marked), "o", 9, ink, halo, 1.5),
            Marks(tuple(clear), (0.0,) * len(clear), "s", 7, None, ink, 1.2),
            *thresholds(dark),
        ),
    )


TERRAIN = (
    "Pain by terrain",
    "Terrain (runs in brackets)",
    "No terrain recorded yet: add it in the post-run report.",
)
REGION = (
    "Pain by body area",
    "Body area (runs in brackets)",
    "No body area named yet: add it in the post-run report.",
)
SLOPE = (
    "Pain by measured gradient",
    "Slope: ±4 % (recorded runs in brackets)",
    "No run segment with a measured gradient yet: attach a recording to a run.",
)


def terrain(runs: Sequence[RunRecord], dark: bool = False) -> Figure:
    return groups(*TERRAIN[:2], chartdata.pain_by_terrain(runs), bool(runs), TERRAIN[2], dark)


def region(runs: Sequence[RunRecord], dark: bool = False) -> Figure:
    return groups(*REGION[:2], chartdata.pain_by_region(runs), bool(runs), REGION[2], dark)


def slope_groups(pains: Sequence[SlopePain]) -> list[GroupPain]:
    """Pain by measured gradient as groups: mean of the highest mark in the slope's segments."""
    return [
        GroupPain(p.slope.value, p.runs, p.runs_with_marks, p.mean_mark, p.runs_with_marks)
        for p in pains
    ]


def slope(pains: Sequence[SlopePain], any_runs: bool, dark: bool = False) -> Figure:
    return groups(*SLOPE[:2], slope_groups(pains), any_runs, SLOPE[2], dark)
