"""The History tab's run list: ``RunTableModel`` (runs newest first, their words) and
``SparklineDelegate`` (each run's segments and pain marks as a small bar, painted on demand).

Only the rows on screen are ever asked for (a thousand runs cost what thirty do): a row's words
are made the first time it is painted and kept, and a sparkline is drawn from the run's spans
(``chartdata.spans``: its timeline's bands and marks as plain figures) in the History tab's
``SharedAnalysis``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableView,
)

from couchtimer.charts import theme
from couchtimer.core import analysis
from couchtimer.core.history import RunRecord
from couchtimer.core.programme import SegmentKind
from couchtimer.ui.history_analysis import SharedAnalysis

COLUMNS = ("Date", "Run", "Status", "Worst", "Segments")
SPARK_COLUMN = 4
#: The widest words of each text column, whatever the runs: any month's date, a two-digit week,
#: the longest status without ", recorded" (a longer cell elides; its tooltip says it all).
WIDEST = (
    tuple(f"28 {date(2026, month, 1):%b} 2026" for month in range(1, 13)),
    ("Week 10, run 3",),
    ("Completed with skips",),
    ("10/10",),
)
SPARK_LEAST = 72  # the sparkline's least width (px), where a run's segments still show
CELL_MARGIN = 14  # round a cell's words (the style's margins, both sides)
AnyIndex = QModelIndex | QPersistentModelIndex


class RunTableModel(QAbstractTableModel):
    """Runs newest first; the sparkline column carries the RunRecord for the delegate.

    Runs may come incomplete (their own row only: ``store.listing``): ``incomplete`` holds
    their ids, and anything shown of a row is read from ``run(row)``, which first has
    ``complete_page`` complete it (the History view reads that row's page of runs whole and
    puts them back). A run that could not be read whole is never handed out: its row shows
    nothing (the History tab says why, and reads the file again or shows no runs)."""

    def __init__(self) -> None:
        super().__init__()
        self.runs: list[RunRecord] = []
        self.recorded: set[int] = set()  # runs with a watch or phone recording attached
        #: Ids of the runs given with their own row only.
        self.incomplete: set[int] = set()
        #: Completes the runs of a row's page, where it can (the History view's
        #: ``_complete_page``).
        self.complete_page: Callable[[int], None] = lambda _row: None
        self._words: dict[int, tuple[str, str, str, str]] = {}  # by row, once painted

    def set_runs(self, runs: Sequence[RunRecord]) -> None:
        """``runs`` in date order (``analysis.in_date_order``: the History view keeps them so),
        shown newest first."""
        self.beginResetModel()
        self.runs = list(reversed(runs))
        self._words.clear()
        self.endResetModel()

    def put_back(self, runs: dict[int, RunRecord]) -> None:
        """The same runs as more complete records (by id: what their recordings measured,
        loaded since); rows, order and words stay as they are."""
        self.runs = [runs.get(run.id, run) for run in self.runs]

    def run(self, row: int) -> RunRecord | None:
        """The run in ``row``, complete (read whole first where it came incomplete); None
        where it could not be read whole."""
        run = self.runs[row]
        if run.id in self.incomplete:
            self.complete_page(row)
            run = self.runs[row]
            if run.id in self.incomplete:
                return None
        return run

    def words(self, row: int) -> tuple[str, str, str, str]:
        """Date, run, status and worst pain of the run in ``row``, as the list shows them
        (nothing for a run that could not be read whole)."""
        words = self._words.get(row)
        if words is None:
            run = self.run(row)
            if run is None:
                return ("", "", "", "")
            status = run.status_words.capitalize()
            # The highest mark, where it differs, is in the tooltip and the run's words below
            # the chart: the list stays narrow enough for its sparklines.
            worst = run.worst_pain
            words = self._words[row] = (
                analysis.date_words(run),
                f"Week {run.week}, run {run.run}",
                f"{status}, recorded" if run.id in self.recorded else status,
                "-" if worst is None else f"{worst}/10",
            )
        return words

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.runs)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Asked about seven times per cell on every paint: the roles not answered leave first.
        if role not in _ANSWERED or not index.isValid():
            return None
        column = index.column()
        if role == _DISPLAY:
            return self.words(index.row())[column] if column < SPARK_COLUMN else None
        if role == _ALIGNMENT:
            return _RIGHT if column == 3 else None
        run = self.run(index.row())
        if run is None:
            return None
        if role == _USER:
            return run
        if role == _TOOLTIP:
            tip = _run_tip(run)
            return (
                tip + "\nA watch or phone recording is attached."
                if run.id in self.recorded
                else tip
            )
        if column == 2 and run.id in self.recorded:  # the accessible text
            return f"{run.status_words.capitalize()}, recording attached"
        if column == SPARK_COLUMN:
            split = analysis.segment_split(run)
            return f"{split.run_marks} pain marks in run segments, {split.walk_marks} in walks"
        return None


_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_USER = Qt.ItemDataRole.UserRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_ANSWERED = frozenset(
    (_DISPLAY, _ALIGNMENT, _USER, _TOOLTIP, Qt.ItemDataRole.AccessibleTextRole.value)
)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _run_tip(run: RunRecord) -> str:
    summary = analysis.summarise(run)
    lines = [f"{summary.date}: {run.code} ({run.status_words})"]
    if run.worst_pain is not None:
        lines.append(f"Worst during the run: {analysis.worst_words(run)}")
    if summary.split.total:
        lines.append(
            f"{summary.split.run_marks} pain marks in run segments, "
            f"{summary.split.walk_marks} in walks"
        )
    if summary.regions:
        lines.append(", ".join(r.words for r in summary.regions))
    if summary.notes:
        lines.append(f"“{summary.notes}”")
    return "\n".join(lines)


def header_width(header: QHeaderView, column: int) -> int:
    """What the header's style needs to show ``column``'s title whole, in bold (the header
    writes the titles of selected columns in bold, and a row selected selects them all)."""
    option = QStyleOptionHeader()
    option.initFrom(header)
    option.section = column
    option.text = COLUMNS[column]
    bold = header.font()
    bold.setBold(True)
    option.fontMetrics = QFontMetrics(bold)
    size = header.style().sizeFromContents(
        QStyle.ContentsType.CT_HeaderSection, option, QSize(), header
    )
    return size.width()


def fit_columns(table: QTableView) -> int:
    """Size the run list's columns so that no title is cut (it was "egment" in a narrow list):
    each text column as wide as its widest words (``WIDEST``) and its title; the sparklines as
    wide as their title and ``SPARK_LEAST`` at least, stretched over what is left. A list
    narrower than all that scrolls sideways. Returns the width that shows every column whole."""
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    for column, widest in enumerate(WIDEST):
        words = max(metrics.horizontalAdvance(w) for w in widest) + CELL_MARGIN
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, max(words, header_width(header, column)))
    header.setSectionResizeMode(SPARK_COLUMN, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(SPARK_COLUMN, max(SPARK_LEAST, header_width(header, SPARK_COLUMN)))
    # The last column takes what is left, but never goes under the width just given (a
    # Stretch section would shrink to the header's minimum, cutting its title).
    header.setStretchLastSection(True)
    columns = sum(header.sectionSize(c) for c in range(len(COLUMNS)))
    scroll_bar = table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, table)
    return columns + 2 * table.frameWidth() + scroll_bar


class SparklineDelegate(QStyledItemDelegate):
    """The run's segments as a thin coloured bar, with a tick above it for each pain mark."""

    def __init__(
        self, model: RunTableModel, shared: SharedAnalysis, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.shared = shared
        #: Each kind's colour, in a light and in a dark palette, made when first painted.
        self._colours: dict[bool, dict[SegmentKind, QColor]] = {False: {}, True: {}}
        #: Whether a palette is dark, and the pen of the marks' ticks (its text colour), by the
        #: palette's ``cacheKey`` and colour group (asked for every row painted; the key is the
        #: same for a window active and inactive, whose text colours may differ).
        self._looks: dict[tuple[int, QPalette.ColorGroup], tuple[bool, QPen]] = {}

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().paint(painter, option, index)
        row = index.row()
        run = self.model.run(row) if 0 <= row < len(self.model.runs) else None
        if run is None:
            return
        total, bands, points = self.shared.spans(run)
        # One call for the four (``getRect`` is typed as returning ``object``).
        x, y, w, h = cast("tuple[int, int, int, int]", option.rect.getRect())
        left = x + 4.0
        width = w - 8.0
        top = y + 3.0
        height = h - 6.0
        bar_top = top + height * 0.45
        bar_height = height * 0.55
        palette = option.palette
        key = (palette.cacheKey(), palette.currentColorGroup())
        look = self._looks.get(key)
        if look is None:
            ink = palette.color(QPalette.ColorRole.Text)
            look = self._looks[key] = (theme.is_dark(palette), QPen(ink, 2.0))
        dark, pen = look
        colours = self._colours[dark]
        fill = painter.fillRect
        painter.save()
        for kind, start, end in bands:
            colour = colours.get(kind)
            if colour is None:
                colour = colours[kind] = theme.kind_colour(kind, dark)
            fill(
                QRectF(
                    left + width * start / total,
                    bar_top,
                    max(width * (end - start) / total, 1.0),
                    bar_height,
                ),
                colour,
            )
        painter.setPen(pen)
        bottom, tick_top = int(bar_top + bar_height), int(top)
        for seconds in points:
            tick = int(left + width * seconds / total)
            painter.drawLine(tick, tick_top, tick, bottom)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        return QSize(180, 22)
