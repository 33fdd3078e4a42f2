"""The post-run discomfort dialog: its two pages and its flow.

It takes and returns the pure value objects of ``couchtimer.core.pain`` and never touches the
store. After ``exec()``, ``PostRunDialog.report()`` is the ``PainReport`` (None if the runner
chose "Later"). The fields of the details page are declared once, in ``pain_form.FORM``; the
kinds of control in ``pain_editors``; the morning check-in is ``checkin_dialog``.

Post-run flow
-------------
The first page asks one question: any discomfort? "No discomfort" is one click. After a run with
no pain marks it is also the default button, so Enter finishes a good run at once. After a run
with marks, "Describe it" is focused and default instead: the runner is not nudged to wave their
own marks away (the other button is still one click).

The details page is built for the keyboard, in tab order: where (a checkable list: arrows and
Space; the side of the current area next to it), the red-flag questions as soon as a back area is
ticked (asked once per report, they then stay), worst pain and pain now (type a number), when it
started (pre-filled from the first pain mark), eased in the walks, character, terrain, surface,
notes. Enter or Ctrl+Enter saves.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from couchtimer.charts import theme
from couchtimer.core.clocktext import clock_text
from couchtimer.core.pain import BodyArea, PainMark, PainReport
from couchtimer.core.placement import (
    Visit,
    about_time,
    mark_at,
    middle_of,
    planned_into,
    segment_name,
)
from couchtimer.core.programme import Workout
from couchtimer.core.redflags import Advice, advice_for
from couchtimer.ui.fit import bounded, keep_on_screen
from couchtimer.ui.pain_editors import (
    AreasEditor,
    FormContext,
    IntensityEditor,
    RedFlagsEditor,
    SegmentEditor,
    TextEditor,
)
from couchtimer.ui.pain_form import HOW, RED_FLAGS, WHERE, Form
from couchtimer.ui.pain_widgets import AdvicePanel, FittingScrollArea, heading, labelled
from couchtimer.ui.segment_bar import SegmentBar


class PostRunDialog(QDialog):
    """After a run: "No discomfort" in one click, or a short report for a physio."""

    def __init__(
        self,
        parent: QWidget | None,
        workout: Workout,
        marks: Sequence[PainMark],
        completed: bool,
        visits: Sequence[Visit] = (),
        earlier: PainReport | None = None,
        placing: bool = False,
    ) -> None:
        """``visits``: the visits to segments recorded (``core.placement`` places each mark);
        ``earlier`` is a report saved before, to edit it from History. ``placing``: a run done
        away from the laptop, where nothing was pressed: the runner places the pain marks here,
        by clicking the segment bar or choosing the part of the run (``marks()`` after)."""
        super().__init__(parent)
        self._workout = workout
        self._marks = tuple(sorted(marks, key=lambda mark: mark.offset_ms))
        self._visits = tuple(visits)
        self._report: PainReport | None = None
        self._auto_onset_note = ""
        self._sized = False
        self.setWindowTitle(f"After the run – {workout.code}")
        self.setModal(True)

        outer = QVBoxLayout(self)
        outer.addWidget(
            heading(
                f"Week {workout.week}, run {workout.run}: "
                + ("finished" if completed else "ended early"),
                1.3,
            )
        )
        self.bar = SegmentBar()
        self.bar.set_segments(workout.segments)
        self.bar.set_marks(self._marks, self._visits)
        outer.addWidget(self.bar)
        if placing:
            outer.addLayout(self._build_placing())
        self.marks_summary = QLabel(self._marks_words())
        self.marks_summary.setWordWrap(True)
        outer.addWidget(self.marks_summary)

        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        self.pages.addWidget(self._build_question_page())
        self.pages.addWidget(self._build_details_page())
        if earlier is not None and not earlier.no_discomfort:
            self._fill_from_report(earlier)
            self._show_page(1)
        else:
            self._fill_from_marks()
            self._show_page(0)
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        self.save_shortcut.activated.connect(self._save_if_details)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "advice_panel"):
            self.advice_panel.apply_colours(theme.is_dark(self.palette()))

    # public

    def report(self) -> PainReport | None:
        """The report after the dialog closed; None if the runner chose "Later"."""
        return self._report

    def marks(self) -> tuple[PainMark, ...]:
        """The pain marks, in time order (as placed by hand in ``placing`` mode)."""
        return self._marks

    def advice(self) -> Advice | None:
        """The red-flag advice currently shown (None without a "yes")."""
        return self.advice_panel.advice

    def chosen_areas(self) -> tuple[BodyArea, ...]:
        return self._where.value()

    def red_flags_yes(self) -> tuple[str, ...]:
        """Ticked ids in question order, then any kept from an earlier report this version
        does not know (never dropped)."""
        return self._red_flags.picker.ticked() + self._red_flags.picker.unknown

    def details_report(self) -> PainReport:
        """The report as the details page stands now."""
        return PainReport(
            no_discomfort=False, red_flags_asked=self._red_flags.picker.asked, **self.form.read()
        )

    # placing marks by hand (a run done outdoors)

    def _build_placing(self) -> QVBoxLayout:
        layout = QVBoxLayout()
        hint = QLabel(
            "Nothing was pressed during this run: click the bar where it hurt, or choose the "
            "part of the run below, with how bad it was."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        row = QHBoxLayout()
        self.place_segment = QComboBox()
        segments = self._workout.segments
        for index, segment in enumerate(segments):
            words = f"{segment_name(segments, index)} ({clock_text(segment.seconds)})"
            self.place_segment.addItem(words, index)
        self.place_intensity = QSpinBox()
        self.place_intensity.setRange(1, 10)
        self.place_intensity.setValue(5)
        self.place_intensity.setSuffix(" of 10")
        self.add_mark_button = QPushButton("Add &pain mark")
        self.remove_mark_button = QPushButton("Re&move last mark")
        self.remove_mark_button.setEnabled(False)
        row.addWidget(labelled("Part of the &run:", self.place_segment))
        row.addWidget(self.place_segment, 1)
        row.addWidget(labelled("&How bad:", self.place_intensity))
        row.addWidget(self.place_intensity)
        row.addWidget(self.add_mark_button)
        row.addWidget(self.remove_mark_button)
        layout.addLayout(row)
        self.bar.set_placing(True)
        self.bar.clicked.connect(self._place_at)
        self.add_mark_button.clicked.connect(self._place_in_chosen_segment)
        self.remove_mark_button.clicked.connect(self._remove_last_mark)
        self._placed_order: list[PainMark] = []
        return layout

    def _place_at(self, planned_seconds: float) -> None:
        mark = mark_at(self._workout.segments, planned_seconds, self.place_intensity.value())
        self.place_segment.setCurrentIndex(mark.segment_index)
        self._add_placed(mark)

    def _place_in_chosen_segment(self) -> None:
        """The middle of the chosen part: the runner knows which part, not the second."""
        segments = self._workout.segments
        middle = middle_of(segments, int(self.place_segment.currentData()))
        self._add_placed(mark_at(segments, middle, self.place_intensity.value()))

    def _add_placed(self, mark: PainMark) -> None:
        self._placed_order.append(mark)
        self._set_marks(self._placed_order)

    def _remove_last_mark(self) -> None:
        if self._placed_order:
            self._placed_order.pop()
            self._set_marks(self._placed_order)

    def _set_marks(self, marks: Sequence[PainMark]) -> None:
        self._marks = tuple(sorted(marks, key=lambda mark: mark.offset_ms))
        self.bar.set_marks(self._marks)
        self.marks_summary.setText(self._marks_words())
        self.remove_mark_button.setEnabled(bool(self._marks))
        self._fill_from_marks()
        if self.pages.currentIndex() == 0:
            self._set_question_default()

    # pages

    def _build_question_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)  # the dialog has the details page's size: the question sits mid-way
        layout.addWidget(heading("Any discomfort during or after this run?", 1.15, bold=False))
        buttons = QHBoxLayout()
        self.no_discomfort_button = QPushButton("&No discomfort")
        self.describe_button = QPushButton("&Yes, describe it…")
        self.later_button = QPushButton("&Later")
        self.later_button.setToolTip("Close without a report; you can add one from History.")
        for button in (self.no_discomfort_button, self.describe_button):
            button.setMinimumHeight(40)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        buttons.addWidget(self.no_discomfort_button)
        buttons.addWidget(self.describe_button)
        buttons.addWidget(self.later_button)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.no_discomfort_button.clicked.connect(self._no_discomfort)
        self.describe_button.clicked.connect(lambda: self._show_page(1))
        self.later_button.clicked.connect(self.reject)
        return page

    def _build_details_page(self) -> QWidget:
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        scroll = FittingScrollArea()
        scroll.setWidgetResizable(True)
        # columns and wrapped text shrink to fit; only the height ever scrolls
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setObjectName("details_scroll")
        scroll.setAccessibleName("Details of the discomfort")
        self.details_scroll = scroll
        content = QWidget()
        self.details_grid = QGridLayout(content)

        self.form = Form(FormContext(self._workout.segments))
        self._where = self.form.editor("areas", AreasEditor)
        self._red_flags = self.form.editor("red_flags_yes", RedFlagsEditor)
        self.areas = self._where.picker.areas
        self.side = self._where.picker.side
        self.red_flag_boxes = self._red_flags.picker.boxes
        self.where_box = self.form.boxes[WHERE]
        self.red_flags_box = self.form.boxes[RED_FLAGS]
        self.red_flags_box.hide()
        self.how_box = self.form.boxes[HOW]
        self.advice_panel = AdvicePanel()
        self._where.picker.back_ticked.connect(self._ask_red_flags)
        self._red_flags.picker.changed.connect(self._red_flags_changed)
        self.form.editor("onset_segment", SegmentEditor).widget.currentIndexChanged.connect(
            self._onset_changed
        )

        self._two_columns: bool | None = None
        self._arrange(two_columns=True)
        scroll.setWidget(content)
        scroll.viewport().installEventFilter(self)
        page_layout.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        self.back_button = QPushButton("&Back")
        self.save_button = QPushButton("&Save report")
        self.save_button.setMinimumHeight(34)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        page_layout.addLayout(buttons)
        self.back_button.clicked.connect(lambda: self._show_page(0))
        self.save_button.clicked.connect(self._save_details)
        self.form.set_tab_order(after=(self.save_button, self.back_button))
        return page

    def _arrange(self, two_columns: bool) -> None:
        """Two columns when they fit, else one: the details never scroll sideways.

        The safety questions sit under "Where?" (asked right after a back area is ticked) and
        the advice right under the questions in one column, across both in two.
        """
        if two_columns == self._two_columns:
            return
        self._two_columns = two_columns
        grid = self.details_grid
        for widget in (self.where_box, self.red_flags_box, self.how_box, self.advice_panel):
            grid.removeWidget(widget)
        for row in range(4):
            grid.setRowStretch(row, 0)
        grid.addWidget(self.where_box, 0, 0)
        grid.addWidget(self.red_flags_box, 1, 0)
        if two_columns:
            grid.addWidget(self.how_box, 0, 1, 2, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self.advice_panel, 2, 0, 1, 2)
            grid.setColumnStretch(1, 1)
            grid.setRowStretch(1, 1)
        else:
            grid.addWidget(self.advice_panel, 2, 0)
            grid.addWidget(self.how_box, 3, 0)
            grid.setColumnStretch(1, 0)
            grid.setRowStretch(3, 1)

    def two_column_width(self) -> int:
        """The narrowest viewport that still shows both columns without clipping."""
        left = self.where_box.minimumSizeHint().width()
        if not self.red_flags_box.isHidden():
            left = max(left, self.red_flags_box.minimumSizeHint().width())
        margins = self.details_grid.contentsMargins()
        return (
            left
            + self.how_box.minimumSizeHint().width()
            + self.details_grid.horizontalSpacing()
            + margins.left()
            + margins.right()
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.details_scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._rearrange()
        return super().eventFilter(watched, event)

    def _rearrange(self) -> None:
        width = self.details_scroll.viewport().width()
        # a margin either way, so a scroll bar coming and going does not flip the layout
        if self._two_columns and width < self.two_column_width():
            self._arrange(two_columns=False)
        elif not self._two_columns and width >= self.two_column_width() + 24:
            self._arrange(two_columns=True)

    def _set_question_default(self) -> QPushButton:
        default = self.describe_button if self._marks else self.no_discomfort_button
        self.no_discomfort_button.setDefault(default is self.no_discomfort_button)
        self.describe_button.setDefault(default is self.describe_button)
        return default

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        if index == 0:
            default = self._set_question_default()
            self.save_button.setDefault(False)
            default.setFocus()
        else:
            self.no_discomfort_button.setDefault(False)
            self.describe_button.setDefault(False)
            self.save_button.setDefault(True)
            self.areas.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        """Opens at the size of its larger page (the details), as far as the screen allows, so
        that "Yes, describe it…" never grows it off the screen; then wholly on the screen."""
        if not self._sized:
            self._sized = True
            layout = self.layout()
            if layout is not None:
                layout.activate()
            self.resize(bounded(self.sizeHint(), self))
        super().showEvent(event)
        keep_on_screen(self)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        hint = super().sizeHint()
        return hint.expandedTo(QSize(640, 0))

    # pre-filling from the marks, or from a report saved before

    def _marks_words(self) -> str:
        if not self._marks:
            return "No pain marks during this run."
        count = len(self._marks)
        known = [m.intensity for m in self._marks if m.intensity is not None]
        text = f"You marked pain {count} time{'s' if count != 1 else ''}"
        if known:
            text += f" (worst {max(known)} of 10)"
        return text + ". First: " + self.bar.placed_marks[0].words + "."

    def _fill_from_marks(self) -> None:
        if not self._marks:
            return
        first = self._marks[0]
        into = planned_into(self._workout.segments, first, self._visits)
        self.form["onset_segment"].set_value(first.segment_index)
        self._auto_onset_note = about_time(into)
        self.form["onset_note"].set_value(self._auto_onset_note)
        known = [m.intensity for m in self._marks if m.intensity is not None]
        if known:
            self.form.editor("worst_during", IntensityEditor).set_value(max(known))

    def _fill_from_report(self, report: PainReport) -> None:
        if report.red_flags_asked:
            self._ask_red_flags()
        self.form.fill(report)

    def _onset_changed(self) -> None:
        # a note we wrote for the first mark's segment does not fit another segment
        note = self.form.editor("onset_note", TextEditor).widget
        if self._auto_onset_note and note.text() == self._auto_onset_note:
            note.clear()
            self._auto_onset_note = ""

    # red flags

    def _ask_red_flags(self) -> None:
        if self._red_flags.picker.asked:
            return
        self._red_flags.picker.asked = True
        self.red_flags_box.show()  # inside the scroll area: the dialog keeps its size
        self._rearrange()
        self._scroll_to(self.red_flags_box)

    def _red_flags_changed(self) -> None:
        advice = advice_for(self._red_flags.picker.ticked())
        self.advice_panel.show_advice(advice, theme.is_dark(self.palette()))
        if advice is not None:
            self._scroll_to(self.advice_panel)

    def _scroll_to(self, widget: QWidget) -> None:
        # once the layout has placed the widget; the timer dies with the dialog
        QTimer.singleShot(0, self, lambda: self.details_scroll.ensureWidgetVisible(widget))

    # finishing

    def _no_discomfort(self) -> None:
        self._report = PainReport(no_discomfort=True)
        self.accept()

    def _save_if_details(self) -> None:
        if self.pages.currentIndex() == 1:
            self._save_details()

    def _save_details(self) -> None:
        self._report = self.details_report()
        self.accept()
