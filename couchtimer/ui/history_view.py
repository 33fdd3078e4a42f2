"""The History tab: the run list with filters, one run's timeline, and the across-runs charts.

``HistoryView.set_runs(runs)`` is the whole interface: the window loads runs from the store and
hands them over; filtering, the charts, findings and guidance are worked out here from
``couchtimer.core.analysis`` and ``couchtimer.core.guidance``, once, in a ``SharedAnalysis`` that
the run list, This run, Across runs and Hints all read.

The runs may come incomplete, each with its own row only (the History tab loads them so, with
``store.listing.run_rows``, and sets ``run_source``, which reads runs whole): a page of rows
(``PAGE``) is then read whole the first time any of its rows is shown, asked for or selected,
and every run before anything is worked out across runs (Across runs, Hints, a body area
chosen). What is shown is the same either way. A run that could not be read whole is never
shown or worked out from: its row stays empty, and nothing is worked out across runs (the tab
says why, and gives the runs again or none).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime
from html import escape

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from couchtimer.charts import theme
from couchtimer.charts.across import AcrossRuns
from couchtimer.charts.base import EMPTY_RUNS, Chart, legend_html
from couchtimer.charts.segment_table import SegmentMetricsTable
from couchtimer.charts.timeline import TimelineChart
from couchtimer.core import analysis
from couchtimer.core.advice import AdviceEntry
from couchtimer.core.findings import MEASURED
from couchtimer.core.guidance import NOT_MEDICAL_ADVICE
from couchtimer.core.history import RunRecord
from couchtimer.core.pain import Region
from couchtimer.core.track import SegmentMetrics
from couchtimer.report.findings_html import advice_log_html, findings_html, hints_html
from couchtimer.ui.history_analysis import SharedAnalysis
from couchtimer.ui.history_chart_tables import ChartTables
from couchtimer.ui.history_filters import RunFilters
from couchtimer.ui.history_runs import (
    SPARK_COLUMN,
    RunTableModel,
    SparklineDelegate,
    fit_columns,
)
from couchtimer.ui.recording_nudge import RecordingNudge

ACROSS_TAB = 1
ADVICE_TAB = 2  # hints and the advice log, in words
#: Reads these runs (given with their own row only) whole; any it cannot read is left out.
RunSource = Callable[[Sequence[RunRecord]], Sequence[RunRecord]]
#: Runs given incomplete are read whole this many rows at a time (more than a screen holds).
PAGE = 64


class HistoryView(QWidget):
    """The History tab. Give it runs with ``set_runs``; everything else follows from them."""

    run_selected = Signal(object)  # RunRecord | None
    #: The runner keeps a run's recording at a new offset (run id, seconds): the window stores
    #: it (``recordings.move_recording``) and gives the runs again.
    recording_moved = Signal(int, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_view")
        self.all_runs: list[RunRecord] = []
        self.runs: list[RunRecord] = []  # after the filters
        self.selected: RunRecord | None = None
        self._cleared_at: datetime | None = None
        self.advice: list[AdviceEntry] = []  # the advice log, oldest first
        #: Worked out once, read by the run list, This run, Across runs and Hints.
        self.shared = SharedAnalysis()
        #: Runs whose recording measured figures (``RunRecord.measured``), by id.
        self.recorded: frozenset[int] = frozenset()
        #: Where runs given incomplete are read whole (see the module's words).
        self.run_source: RunSource | None = None

        self.filters = RunFilters()
        # The filter widgets by name, as tests and the accessibility checks reach them.
        self.programme, self.region = self.filters.programme, self.filters.region
        self.date_from, self.date_to = self.filters.date_from, self.filters.date_to
        self.count = self.filters.count

        self.model = RunTableModel()
        self.model.complete_page = self._complete_page
        self.table = QTableView()
        self.table.setObjectName("run_table")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(
            SPARK_COLUMN, SparklineDelegate(self.model, self.shared, self.table)
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName("Runs")
        self.table.setAccessibleDescription(
            "Newest first. Arrow keys move between runs; Tab leaves the list."
        )
        # Tab and Shift+Tab leave the table (2.1.2); the arrow keys move inside it.
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Widths from the widest possible text, not ResizeToContents: that asks every row of a
        # thousand for its text on each change (a quarter of a second).
        list_width = fit_columns(self.table)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        # A row selected without moving the current index (a screen reader selecting a row over
        # AT-SPI does that) moves the chart too.
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.timeline = TimelineChart()
        self.legend = QLabel()
        self.legend.setObjectName("timeline_legend")
        self.run_words = QLabel()
        self.run_words.setObjectName("run_words")
        self.run_words.setWordWrap(True)
        run_page = QWidget()
        run_layout = QVBoxLayout(run_page)
        run_layout.addWidget(self.legend)
        run_layout.addWidget(self.timeline.widget, 1)
        #: Move a recorded run's recording by hand (set ``nudge.source`` to read recordings).
        self.nudge = RecordingNudge()
        self.nudge.moved.connect(self._show_moved)
        self.nudge.keep.connect(self.recording_moved)
        run_layout.addWidget(self.nudge)
        self.segment_table = SegmentMetricsTable()
        run_layout.addWidget(self.segment_table)
        run_layout.addWidget(self.run_words)

        self.across = AcrossRuns()
        self.findings = QLabel()
        self.findings.setObjectName("findings")
        self.findings.setWordWrap(True)
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        grid_page = QWidget()
        grid = QGridLayout(grid_page)
        grid.addWidget(self.findings, 0, 0, 1, 2)
        grid.addWidget(self.across.worst.widget, 1, 0, 1, 2)
        grid.addWidget(self.across.split.widget, 2, 0, 1, 2)
        grid.addWidget(self.across.onset.widget, 3, 0, 1, 2)
        grid.addWidget(self.across.terrain.widget, 4, 0)
        grid.addWidget(self.across.region.widget, 4, 1)
        for row in (1, 2, 3, 4):
            grid.setRowMinimumHeight(row, 300)
        # What recordings measured (issue 15): only shown once a run has a recording.
        self.measured_words = QLabel()
        self.measured_words.setObjectName("measured_words")
        self.measured_words.setWordWrap(True)
        grid.addWidget(self.measured_words, 5, 0, 1, 2)
        grid.addWidget(self.across.slope.widget, 6, 0)
        grid.addWidget(self.across.cadence.widget, 6, 1)
        self.across.slope.widget.setMinimumHeight(300)
        self.across.cadence.widget.setMinimumHeight(300)
        self._show_measured()
        scroll = QScrollArea()
        scroll.setObjectName("across_scroll")
        scroll.setAccessibleName("Across runs charts")
        scroll.setWidget(grid_page)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.chart_tabs = QTabWidget()

        self.chart_tabs.setObjectName("chart_tabs")
        self.chart_tabs.setAccessibleName("Charts")
        self.chart_tabs.addTab(run_page, "This run")
        self.chart_tabs.addTab(scroll, "Across runs")
        self.advice_words = QLabel()
        self.advice_words.setObjectName("advice_words")
        self.advice_words.setWordWrap(True)
        self.advice_words.setTextFormat(Qt.TextFormat.RichText)
        self.advice_words.setMargin(9)
        self.advice_words.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        advice_scroll = QScrollArea()
        advice_scroll.setObjectName("advice_scroll")
        advice_scroll.setAccessibleName("Hints and what CouchTimer suggested")
        advice_scroll.setWidget(self.advice_words)
        advice_scroll.setWidgetResizable(True)
        advice_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chart_tabs.addTab(advice_scroll, "Hints and advice log")
        self._across_stale = True
        self.chart_tabs.currentChanged.connect(self._tab_changed)
        self.tables_button = QPushButton("Chart data as &tables…")
        self.tables_button.setObjectName("chart_tables")
        self.tables_button.setToolTip("The figures of the charts on this tab, as tables")
        self.tables_button.clicked.connect(self.show_chart_tables)
        self.chart_tabs.setCornerWidget(self.tables_button)
        self.tables_dialog: ChartTables | None = None

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart_tabs)
        # The list keeps the width of its columns (none cut); the charts take the rest, and give
        # way only down to their own least width (then the list scrolls sideways).
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([list_width, 680])

        self.empty = QLabel(EMPTY_RUNS)
        self.empty.setObjectName("history_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bigger = self.empty.font()
        bigger.setPointSizeF(bigger.pointSizeF() * 1.4)
        self.empty.setFont(bigger)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(splitter)
        # "Not medical advice" is the window's status bar's, always on show: not said twice here.

        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(self.pages, 1)

        self.filters.changed.connect(self._apply_filters)
        self._restyle()
        self.set_runs([])

    # --- API ---

    @property
    def cleared_at(self) -> datetime | None:
        """When the runner confirmed being seen after red-flag answers (see guidance_for)."""
        return self._cleared_at

    @cleared_at.setter
    def cleared_at(self, cleared_at: datetime | None) -> None:
        if cleared_at != self._cleared_at:
            self._cleared_at = cleared_at
            self.shared.reset()

    def set_runs(
        self,
        runs: Sequence[RunRecord],
        advice: Sequence[AdviceEntry] = (),
        recorded: Collection[int] | None = None,
        whole: bool = True,
    ) -> None:
        """All the runs there are, and the advice log; the filters are reset to cover them.
        ``recorded``: the ids of the runs whose recording measured figures (by default, those
        of ``runs`` that carry them). Without ``whole``, the runs come with their own row
        only, and ``run_source`` reads them whole as they are shown."""
        self.advice = list(advice)
        self.shared.reset()
        self.all_runs = analysis.in_date_order(runs)
        self.model.incomplete = set() if whole else {run.id for run in self.all_runs}
        if recorded is None:
            recorded = [run.id for run in self.all_runs if run.measured is not None]
        self.recorded = frozenset(recorded)
        self.model.recorded = set(self.recorded)
        self.filters.cover(self.all_runs)
        self._apply_filters()

    def set_filters(
        self,
        programme_id: str | None = None,
        first: date | None = None,
        last: date | None = None,
        region: Region | None = None,
    ) -> None:
        """Set the filters in one go (what the widgets do one at a time)."""
        self.filters.set(programme_id, first, last, region)
        self._apply_filters()

    def select_run(self, run_id: int) -> bool:
        for row, run in enumerate(self.model.runs):
            if run.id == run_id:
                self.table.selectRow(row)
                return True
        return False

    # --- filters and selection ---

    def filtered(self) -> list[RunRecord]:
        # A body area is in a run's marks and report: every run whole first (or those that
        # could be read: the tab says why, and gives the runs again or none).
        if self.filters.region.currentData() is not None and not self._complete_all():
            incomplete = self.model.incomplete
            return self.filters.keep([run for run in self.all_runs if run.id not in incomplete])
        return self.filters.keep(self.all_runs)

    def _apply_filters(self) -> None:
        self.runs = self.filtered() if self.all_runs else []
        self.pages.setCurrentIndex(1 if self.all_runs else 0)
        self.count.setText(f"{len(self.runs)} of {len(self.all_runs)} runs")
        self.model.set_runs(self.runs)
        self.shared.shown_changed()
        self._across_stale = True
        if self.chart_tabs.currentIndex() == ACROSS_TAB:
            self._refresh_across()
        elif self.chart_tabs.currentIndex() == ADVICE_TAB:
            self._show_findings()
        if self.runs:
            self.table.selectRow(0)
        else:
            self._show_run(None)

    def _refresh_across(self) -> None:
        """The across-runs charts are drawn when their tab is shown (they cost the most)."""
        if self._across_stale and self._complete_all():
            self._across_stale = False
            self.across.set_runs(self.runs)
            self._show_measured()
            self._show_findings()

    def _tab_changed(self, index: int) -> None:
        if index == ACROSS_TAB:
            self._refresh_across()
        elif index == ADVICE_TAB:
            self._show_findings()

    def shown_charts(self) -> tuple[Chart, ...]:
        """The charts on the chart tab now showing."""
        index = self.chart_tabs.currentIndex()
        if index == ACROSS_TAB:
            return self.across.charts
        return () if index == ADVICE_TAB else (self.timeline,)

    def show_chart_tables(self) -> None:
        """The figures behind the charts on this tab, as tables (a text version of each)."""
        if self.tables_dialog is not None:
            self.tables_dialog.close()
        self.tables_dialog = ChartTables(self.shown_charts(), self)
        self.tables_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.tables_dialog.destroyed.connect(lambda: setattr(self, "tables_dialog", None))
        self.tables_dialog.open()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        run = self.model.run(current.row()) if current.isValid() else None
        self._show_run(run)

    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if len(rows) == 1 and self.model.runs[rows[0].row()] is not self.selected:
            self.table.setCurrentIndex(rows[0])  # and so _row_changed shows it

    def _complete_page(self, row: int) -> None:
        """The runs of ``row``'s page of the list (``PAGE`` rows), whole."""
        first = row - row % PAGE
        self._complete(self.model.runs[first : first + PAGE])

    def _complete(self, runs: Sequence[RunRecord]) -> bool:
        """These runs whole, where they came incomplete: read (``run_source``) and put in
        place of the records given. A run the source cannot read stays incomplete (the source
        says why, and has the runs given again). Whether all of them are whole now."""
        light = [run for run in runs if run.id in self.model.incomplete]
        if not light:
            return True
        if self.run_source is None:
            return False
        complete = {run.id: run for run in self.run_source(light)}
        self.model.incomplete.difference_update(complete)
        self.all_runs = [complete.get(run.id, run) for run in self.all_runs]
        self.runs = [complete.get(run.id, run) for run in self.runs]
        self.model.put_back(complete)
        if self.selected is not None:
            self.selected = complete.get(self.selected.id, self.selected)
        return len(complete) == len(light)

    def _complete_all(self) -> bool:
        """Every run complete, before anything across runs is worked out; whether they are."""
        return self._complete(self.all_runs)

    def _show_measured(self) -> None:
        """Across runs shows pain against measured gradient and cadence, with the findings'
        words on them, once any run has a recording."""
        shown = bool(self.recorded)
        for widget in (self.measured_words, self.across.slope.widget, self.across.cadence.widget):
            widget.setVisible(shown)
        found = self.shared.findings(self.runs) if shown else []
        said = [f.text for f in found if f.kind in MEASURED]
        self.measured_words.setText(" ".join(said))

    def _show_moved(self, metrics: Sequence[SegmentMetrics]) -> None:
        """The figures with the recording where the nudge's slider has it (not kept yet)."""
        run = self.selected
        if run is not None:
            self.timeline.set_run(run, metrics)
            self.segment_table.set_metrics(run.planned, metrics)

    def _show_run(self, run: RunRecord | None) -> None:
        self.selected = run
        measured = run.measured.segments if run is not None and run.measured else ()
        self.nudge.set_run(run)
        line = self.shared.timeline(run) if run is not None else None
        self.timeline.set_run(run, measured, line)
        self.segment_table.set_metrics(run.planned if run is not None else (), measured)
        self.run_words.setText(self._run_words(run))
        self.run_selected.emit(run)

    @staticmethod
    def _run_words(run: RunRecord | None) -> str:
        if run is None:
            return ""
        summary = analysis.summarise(run)
        parts = [f"{summary.date}, {run.code}: {run.status_words}."]
        if run.worst_pain is not None:
            parts.append(f"Worst during the run: {analysis.worst_words(run)}.")
        if summary.regions:
            parts.append("Body area: " + ", ".join(r.words.lower() for r in summary.regions) + ".")
        if summary.terrain:
            parts.append(f"Terrain: {summary.terrain.words.lower()}.")
        if summary.red_flags:
            parts.append("Red-flag answers: yes — seek medical advice before running again.")
        if summary.notes:
            parts.append(f"Notes: “{summary.notes}”")
        return " ".join(parts)

    def _show_findings(self) -> None:
        """What these runs show and the suggestion (top of Across runs); the hints and the
        advice log (their own tab)."""
        self.advice_words.setText(
            "<b>What CouchTimer suggested, and when</b>" + advice_log_html(self.advice)
        )
        if not self.runs:
            self.findings.setText("No runs match these filters." if self.all_runs else "")
            return
        if not self._complete_all():
            return
        found = self.shared.findings(self.runs)
        shared = self.shared.advice(self.all_runs, self.advice, self.cleared_at)
        advice, hints = shared.suggestion, shared.hints
        html = "<b>What these runs show</b>" + findings_html(found)
        html += f"<p><b>Suggestion:</b> {escape(advice.suggestion)}<br>{escape(advice.reason)}</p>"
        html += f"<p><i>{escape(NOT_MEDICAL_ADVICE)}</i></p>"
        self.findings.setText(html)
        words = "<b>Hints you could try</b>" + hints_html(hints, sources=True) if hints else ""
        self.advice_words.setText(
            words + "<b>What CouchTimer suggested, and when</b>" + advice_log_html(self.advice)
        )

    # --- palette ---

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()

    def _restyle(self) -> None:
        palette = self.palette()
        self.timeline.restyle(palette)
        self.across.restyle(palette)
        self.legend.setText(legend_html(theme.is_dark(palette)))
