"""The "Today" screen: the programme, the suggested next run, the week x run grid, Start."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

# No ``Qt`` namespace here: it costs 15 ms of start-up the first time it is touched (see
# main_window); layouts with stretches centre and align instead.
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from couchtimer.core.clocktext import clock_text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSpinBox

    from couchtimer.core.findings import Finding
    from couchtimer.core.guidance import Guidance
    from couchtimer.core.hints import Hint
    from couchtimer.core.programme import Programme, Workout
    from couchtimer.ui.guidance_panel import GuidancePanel


def suggested_next(programme: Programme, completed: set[tuple[int, int]]) -> Workout:
    """Without a history file: the first workout, in programme order, not yet completed (the
    last one once all are). With one, Today is told its next run by ``core.nextrun``."""
    for workout in programme.workouts:
        if (workout.week, workout.run) not in completed:
            return workout
    return programme.workouts[-1]


def workout_summary(workout: Workout) -> str:
    parts = []
    for index, segment in enumerate(workout.segments):
        parts.append(f"{segment.kind.heading} {clock_text(segment.seconds)}")
        if index >= 8 and len(workout.segments) > 10:
            parts.append(f"… {len(workout.segments) - index - 2} more …")
            last = workout.segments[-1]
            parts.append(f"{last.kind.heading} {clock_text(last.seconds)}")
            break
    return " · ".join(parts)


def _cell_name(week: int, run: int, seconds: float, done: bool) -> str:
    """A grid cell's accessible name: its visible label first (2.5.3), then in words."""
    return (
        f"{_cell_text(week, run, seconds)}: week {week} run {run}, "
        f"{'done' if done else 'not done yet'}"
    )


def _cell_text(week: int, run: int, seconds: float) -> str:
    """What a grid cell shows, without the ✓ (done) and ▶ (selected) marks."""
    return f"W{week}R{run}  {clock_text(seconds)}"


def _empty(layout: QLayout) -> None:
    """Take every widget out of ``layout`` and the layouts inside it, at once."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            continue
        inner = item.layout()
        if inner is not None:
            _empty(inner)
        old = item.widget()
        if old is not None:
            old.hide()  # gone at once: deleteLater waits for the event loop
            old.setParent(None)
            old.deleteLater()


class TodayScreen(QWidget):
    start_requested = Signal(int, int)  # week, run
    programme_chosen = Signal(int)  # index in the list given to set_programmes
    checkin_requested = Signal()
    seen_professional = Signal()  # "I have been seen by a doctor or physio" after red flags
    start_week_chosen = Signal(int)  # "Which week are you in?" answered
    report_requested = Signal()  # "Describe how W4R1 felt"
    report_dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("today_screen")
        self._programme: Programme | None = None
        self._completed: set[tuple[int, int]] = set()
        self._selected: tuple[int, int] | None = None
        self._next: tuple[int, int] | None = None  # from core.nextrun, when there is history
        self._on_hold = False  # red-flag answers: the programme is not suggested to go on
        self.cells: dict[tuple[int, int], QPushButton] = {}
        self._keys_added = False  # add_start_keys has run: the cells are described at once

        self.programme_box = QComboBox()
        self.programme_box.setObjectName("programme_box")
        # Named through its label (setBuddy below): on Linux Qt names a combo box by its value.
        self.programme_box.setAccessibleName("Programme")
        self.programme_box.setToolTip("Choose the programme to follow")
        self.programme_box.currentIndexChanged.connect(self.programme_chosen.emit)

        self.next_title = QLabel()
        self.next_title.setObjectName("next_title")
        # Its accessible name is its text (set in select): a screen reader says which run.
        self.next_title.setAccessibleDescription("Selected run")
        title_font = self.next_title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 2.0)
        title_font.setBold(True)
        self.next_title.setFont(title_font)
        self.next_title.setWordWrap(True)  # "On hold until…" must not widen the window off screen
        self.next_summary = QLabel()
        self.next_summary.setObjectName("next_summary")
        self.next_summary.setWordWrap(True)

        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("start_button")
        self.start_button.setToolTip("Start the selected run (Enter)")
        self.start_button.setDefault(True)
        self.start_button.setAutoDefault(True)
        start_font = self.start_button.font()
        start_font.setPointSizeF(start_font.pointSizeF() * 1.8)
        start_font.setBold(True)
        self.start_button.setFont(start_font)
        self.start_button.setMinimumHeight(self.start_button.sizeHint().height() * 2)
        self.start_button.clicked.connect(self._start)

        self.notice = QLabel()
        self.notice.setObjectName("today_notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.reminder_button = QPushButton()
        self.reminder_button.setObjectName("checkin_reminder")
        # No fixed name: its text ("Morning check-in: how is it today? ...") is the name (2.5.3).
        self.reminder_button.clicked.connect(self.checkin_requested.emit)
        self.reminder_button.hide()

        self.report_row = QWidget()
        self.report_row.setObjectName("report_reminder_row")
        self.report_button = QPushButton()
        self.report_button.setObjectName("report_reminder")
        self.report_button.clicked.connect(self.report_requested.emit)
        self.report_dismiss = QPushButton("Not this time")
        self.report_dismiss.setObjectName("report_dismiss")
        self.report_dismiss.setAutoDefault(False)
        self.report_dismiss.clicked.connect(self.report_dismissed.emit)
        report_layout = QHBoxLayout(self.report_row)
        report_layout.setContentsMargins(0, 0, 0, 0)
        report_layout.addWidget(self.report_button, 1)
        report_layout.addWidget(self.report_dismiss)
        self.report_row.hide()

        # "Which week are you in?" (week_row): made the first time it is asked, never for the
        # first frame.
        self._week_parts: tuple[QWidget, QSpinBox] | None = None

        self._guidance: GuidancePanel | None = None  # built when there is guidance to show

        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(6)
        scroll = self.grid_scroll = QScrollArea()
        scroll.setObjectName("run_grid")
        scroll.setAccessibleName("Choose any run")
        scroll.setAccessibleDescription("Every run of the programme, week by week")
        scroll.setWidget(self.grid_host)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        top = QHBoxLayout()
        programme_label = QLabel("Programme:")
        programme_label.setBuddy(self.programme_box)  # AT-SPI "labelled by"
        top.addWidget(programme_label)
        top.addWidget(self.programme_box, 1)

        page = self._page = QWidget()
        page.setObjectName("today_page")
        page.setAutoFillBackground(True)  # as the scroll area has it (QScrollArea.setWidget)
        own = self._own = QVBoxLayout(self)
        own.setContentsMargins(0, 0, 0, 0)
        own.addWidget(page)  # into its PageScroll just after the first frame (add_start_keys)
        layout = self._layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addWidget(self.next_title)
        layout.addWidget(self.next_summary)
        layout.addWidget(self.start_button)
        layout.addWidget(self.notice)
        layout.addWidget(self.reminder_button)
        layout.addWidget(self.report_row)
        layout.addWidget(QLabel("Choose any run (repeating a week is fine):"))
        layout.addWidget(scroll, 1)

    def add_start_keys(self) -> None:
        """Enter starts the selected run from anywhere in the window while Today is showing
        (focus starts on the tab bar). Added with the window's menu items, just after the first
        frame (``MainWindow.add_menu_items``). Also then, as it needs ``Qt``'s enums (15 ms to
        make): the page goes into its ``PageScroll``, which stays out of the Tab chain (it has
        nothing to say; the runs grid and the controls inside it are what Tab reaches)."""
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QAction, QKeySequence
        from PySide6.QtWidgets import QApplication

        from couchtimer.ui.page_scroll import PageScroll

        if self._keys_added:
            return  # once: a second PageScroll would take the page out of the window's layout
        self._keys_added = True
        self._describe_cells()
        page, focused = self._page, QApplication.focusWidget()
        # Made inside this window, so moving the page into it leaves the Tab order as it was.
        outer = PageScroll(self)
        outer.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._own.replaceWidget(page, outer)
        outer.take_page(page)
        if self.isVisible():
            outer.show()  # not on the next pass: no frame without the page
        if focused is not None and page.isAncestorOf(focused):
            focused.setFocus()  # moving hid the page for a moment, which moves the focus

        for key in ("Return", "Enter"):
            start = QAction(self)
            start.setShortcuts([QKeySequence(key)])  # not setShortcut: see main_window._action
            # An action's shortcut is a window shortcut unless told otherwise.
            start.triggered.connect(self._start_if_shown)
            self.addAction(start)

    def set_programmes(self, names: Sequence[str], current: int) -> None:
        self.programme_box.blockSignals(True)
        self.programme_box.clear()
        self.programme_box.addItems(list(names))
        self.programme_box.setCurrentIndex(current)
        self.programme_box.blockSignals(False)

    def set_programme(
        self,
        programme: Programme,
        completed: set[tuple[int, int]],
        next_run: tuple[int, int] | None = None,
    ) -> None:
        """Show ``programme``'s grid and select its next run (``next_run``, from
        ``core.nextrun``; without it the first run not yet done)."""
        self._programme = programme
        self._completed = set(completed)
        self._next = next_run
        _empty(self.grid)
        self.cells.clear()
        runs = sorted({w.run for w in programme.workouts})
        cell_width = self.fontMetrics().horizontalAdvance("✓ W9R3  31:30") + 24
        for column, run in enumerate(runs, start=1):
            centred = QHBoxLayout()
            centred.addStretch(1)
            centred.addWidget(QLabel(f"Run {run}"))
            centred.addStretch(1)
            self.grid.addLayout(centred, 0, column)
        for row, week in enumerate(programme.weeks, start=1):
            self.grid.addWidget(QLabel(f"Week {week}"), row, 0)
            for column, run in enumerate(runs, start=1):
                if run not in programme.runs_in_week(week):
                    continue
                workout = programme.workout(week, run)
                cell = QPushButton()
                cell.setCheckable(True)
                cell.setAutoDefault(False)
                cell.setMinimumWidth(cell_width)
                cell.clicked.connect(lambda _=False, w=week, r=run: self.select(w, r))
                done = (week, run) in self._completed
                cell.setText(
                    f"{'✓ ' if done else ''}{_cell_text(week, run, workout.total_seconds)}"
                )
                self.cells[(week, run)] = cell
                self.grid.addWidget(cell, row, column)
        self.grid.setRowStretch(len(programme.weeks) + 1, 1)
        for column in range(1, len(runs) + 1):
            self.grid.setColumnStretch(column, 1)
        if self._keys_added:
            self._describe_cells()
        self.select(*self.next_run)

    def _describe_cells(self) -> None:
        """Each grid cell's accessible name (its label, then in words) and tooltip (the workout's
        parts). Nothing the first frame draws, so for the first grid just after it (with the
        keys, ``add_start_keys``: 2.4 M instructions, benchmarks/startup.py), for any later grid
        as it is built."""
        if self._programme is None:
            return
        for (week, run), cell in self.cells.items():
            workout = self._programme.workout(week, run)
            done = (week, run) in self._completed
            cell.setAccessibleName(_cell_name(week, run, workout.total_seconds, done))
            cell.setToolTip(workout_summary(workout))

    @property
    def next_run(self) -> tuple[int, int]:
        """The run Today offers as "Next" (the Start button's run until another is chosen)."""
        if self._next is not None:
            return self._next
        if self._programme is None:
            return (1, 1)
        suggestion = suggested_next(self._programme, self._completed)
        return (suggestion.week, suggestion.run)

    def ask_start_week(self, week: int | None) -> None:
        """Show "which week are you in?" (``week``: the answer so far, or None: hide it)."""
        if week is None or self._programme is None:
            if self._week_parts is not None:
                self.week_row.hide()
            return
        weeks = self._programme.weeks
        self.week_box.blockSignals(True)
        self.week_box.setRange(weeks[0], weeks[-1])
        self.week_box.setValue(week)
        self.week_box.blockSignals(False)
        self.week_row.show()

    @property
    def week_row(self) -> QWidget:
        """The start-week question: asked while this programme has no run recorded, so that a
        runner who starts the app in week 4 is not sent back to week 1."""
        return self._start_week()[0]

    @property
    def week_box(self) -> QSpinBox:
        return self._start_week()[1]

    def _start_week(self) -> tuple[QWidget, QSpinBox]:
        """The start-week row (hidden) and its box, made the first time either is asked for: at
        a first start after the history file's checks, never for the first frame (QSpinBox's
        type and the row are 3 M instructions, benchmarks/startup.py). It goes under the
        programme, and after it in the Tab order, as if made with the rest of the page."""
        if self._week_parts is None:
            from PySide6.QtWidgets import QSpinBox

            row = QWidget()
            row.setObjectName("start_week_row")
            label = QLabel("New to CouchTimer? The &week of the programme you are in:")
            box = QSpinBox()
            box.setObjectName("start_week")
            box.setAccessibleName("The week of the programme you are in")
            box.setToolTip("Next then offers run 1 of that week")
            box.setPrefix("Week ")
            box.setRange(1, 1)
            box.valueChanged.connect(self._week_chosen)
            label.setBuddy(box)
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(label)
            layout.addWidget(box)
            layout.addStretch(1)
            row.hide()
            self._layout.insertWidget(self._layout.indexOf(self.next_title), row)
            QWidget.setTabOrder(self.programme_box, box)
            self._week_parts = (row, box)
        return self._week_parts

    def _week_chosen(self, week: int) -> None:
        self.start_week_chosen.emit(week)

    def set_report_reminder(self, code: str | None) -> None:
        """Offer "Describe how W4R1 felt" for a run without a report (None: hide it)."""
        if code:
            words = f"Describe how {code} felt"
            self.report_button.setText(words)
            self.report_button.setAccessibleName(words)
            self.report_button.setToolTip(f"Fill in the post-run report for {code}")
            self.report_dismiss.setAccessibleName(f"Not this time: no report for {code}")
        self.report_row.setVisible(bool(code))

    @property
    def guidance(self) -> GuidancePanel:
        """The suggestion panel under the reminder, built the first time it is needed."""
        if self._guidance is None:
            from couchtimer.ui.guidance_panel import GuidancePanel  # after the first frame

            panel = self._guidance = GuidancePanel()
            panel.seen_button.clicked.connect(self.seen_professional.emit)
            panel.hide()
            self._layout.insertWidget(self._layout.indexOf(self.reminder_button) + 1, panel)
        return self._guidance

    @property
    def on_hold(self) -> bool:
        return self._on_hold

    @property
    def selected(self) -> tuple[int, int] | None:
        return self._selected

    def select(self, week: int, run: int) -> None:
        if self._programme is None:
            return
        self._selected = (week, run)
        for key, cell in self.cells.items():
            chosen = key == (week, run)
            if cell.isChecked() == chosen and cell.text().startswith("▶ ") == chosen:
                continue  # as it was: most cells, every time
            cell.setChecked(chosen)
            font = cell.font()
            font.setBold(chosen)
            cell.setFont(font)
            text = cell.text().removeprefix("▶ ")
            cell.setText(f"▶ {text}" if chosen else text)
        workout = self._programme.workout(week, run)
        prefix = "Next" if self.next_run == (week, run) else "Chosen"
        if self._on_hold:
            prefix = "On hold until the urgent advice below is followed. Chosen"
        done = " (done before; repeating is fine)" if (week, run) in self._completed else ""
        self.next_title.setText(f"{prefix}: week {week}, run {run}{done}")
        self.next_title.setAccessibleName(self.next_title.text())
        self.next_summary.setText(
            f"{clock_text(workout.total_seconds)} in all: {workout_summary(workout)}"
        )
        self.start_button.setText(f"Start week {week}, run {run}")

    def set_checkin_reminder(self, words: str | None) -> None:
        """The link to the check-in ("How is it this morning? (after W4R3 on Tuesday)")."""
        self.reminder_button.setText(words or "")
        self.reminder_button.setVisible(bool(words))

    def set_guidance(
        self,
        guidance: Guidance | None,
        advice: str = "",
        found: Sequence[Finding] = (),
        hints: Sequence[Hint] = (),
    ) -> None:
        """The suggestion and why; what the latest runs show; hints (never while on hold)."""
        if guidance is None:
            self._on_hold = False
            if self._guidance is not None:
                self._guidance.seen_button.hide()
                self._guidance.hide()
            if self._selected is not None:
                self.select(*self._selected)  # no longer "on hold"
            return
        from PySide6.QtGui import QPalette

        from couchtimer.charts.theme import is_dark, urgent_colours
        from couchtimer.core.guidance import NOT_MEDICAL_ADVICE, Action, Rule

        panel = self.guidance
        panel.suggestion.setText(guidance.suggestion)
        lines = [guidance.reason, advice, NOT_MEDICAL_ADVICE]
        panel.reason.setText("\n".join(line for line in lines if line))
        from couchtimer.report.findings_html import findings_html, hints_html

        details = ""
        if found:
            details += "<b>What your latest runs show</b>" + findings_html(found)
        if hints:
            details += "<b>Hints you could try</b>" + hints_html(hints)
        panel.details.setText(details)
        panel.details_area.setVisible(bool(details))
        self._on_hold = guidance.action is Action.URGENT
        # Red flags, or an earlier "see a GP or physio" still held: saying a doctor or physio
        # has seen them is how the runner releases it.
        panel.seen_button.setVisible(self._on_hold or guidance.rule is Rule.HELD)
        if self._selected is not None:
            self.select(*self._selected)
        palette = self.palette()
        if guidance.action is Action.URGENT:
            background, text = urgent_colours(is_dark(palette))
            palette.setColor(QPalette.ColorRole.Window, background)
            palette.setColor(QPalette.ColorRole.WindowText, text)
        panel.setPalette(palette)
        panel.show()

    def set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _start_if_shown(self) -> None:
        if self.isVisible():
            self._start()

    def _start(self) -> None:
        if self._selected is not None:
            self.start_requested.emit(*self._selected)
