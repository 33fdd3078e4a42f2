"""The post-run discomfort dialog and the next-morning check-in.

Both dialogs take and return the pure value objects of ``couchtimer.core.pain``; they never touch
the store. After ``exec()``, ``PostRunDialog.report()`` is the ``PainReport`` (None if the runner
chose "Later") and ``CheckinDialog.checkin()`` the ``Checkin``.

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
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from couchtimer.charts import theme
from couchtimer.core.clocktext import clock_text
from couchtimer.core.pain import (
    MAX_INTENSITY,
    BodyArea,
    Character,
    Checkin,
    Eased,
    PainMark,
    PainReport,
    Region,
    Side,
    Surface,
    Terrain,
)
from couchtimer.core.programme import Workout
from couchtimer.core.redflags import RED_FLAGS, Advice, advice_for
from couchtimer.ui.fit import bounded, keep_on_screen
from couchtimer.ui.segment_bar import (
    SegmentBar,
    VisitStart,
    about_time,
    mark_at,
    mark_planned_seconds,
    planned_starts,
    segment_words,
)

NOT_GIVEN = -1  # the spin boxes' "–": the runner did not say

SIDE_WORDS = {side: side.words for side in Side}  # the words live in core/pain.py
# the spine has a centre; limbs come in pairs
BACK_SIDES = (Side.CENTRE, Side.LEFT, Side.RIGHT, Side.BOTH)
LIMB_SIDES = (Side.LEFT, Side.RIGHT, Side.BOTH)
CHARACTER_WORDS = {character: character.words for character in Character}
EASED_WORDS = {eased: eased.words for eased in Eased}
TERRAIN_WORDS = {terrain: terrain.words for terrain in Terrain}
SURFACE_WORDS = {surface: surface.words for surface in Surface}


def sides_for(region: Region) -> tuple[Side, ...]:
    return BACK_SIDES if region.is_back or region is Region.OTHER else LIMB_SIDES


class IntensityBox(QSpinBox):
    """A 0–10 box that selects its text on focus, so typing a number replaces the "–"."""

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        super().focusInEvent(event)
        # after the click that gave focus has placed the cursor
        QTimer.singleShot(0, self.selectAll)


def intensity_box(accessible_name: str) -> QSpinBox:
    """0–10 by typing a number; "–" (not given) until the runner says."""
    box = IntensityBox()
    box.setRange(NOT_GIVEN, MAX_INTENSITY)
    box.setSpecialValueText("–")
    box.setValue(NOT_GIVEN)
    box.setAccessibleName(accessible_name)
    box.setMinimumWidth(64)
    return box


def intensity_value(box: QSpinBox) -> int | None:
    return None if box.value() == NOT_GIVEN else box.value()


def with_scale(box: QSpinBox) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(box)
    hint = QLabel("0 none – 10 worst imaginable")
    hint.setBuddy(box)
    layout.addWidget(hint, 1)
    return row


class FittingScrollArea(QScrollArea):
    """A scroll area that asks for its content's full size; it scrolls only when the screen
    (or the user) makes it smaller."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        content = self.widget()
        if content is None:
            return super().sizeHint()
        frame = 2 * self.frameWidth()
        bar = self.verticalScrollBar().sizeHint().width()
        return content.sizeHint() + QSize(frame + bar, frame)


class AdvicePanel(QFrame):
    """The urgent advice, big and impossible to miss, in the urgent colours of the palette."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("advice")
        layout = QVBoxLayout(self)
        self.headline = QLabel()
        font = QFont(self.headline.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.headline.setFont(font)
        self.headline.setWordWrap(True)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.headline)
        layout.addWidget(self.body)
        self.setAccessibleName("Urgent medical advice")
        self.advice: Advice | None = None
        self.hide()

    def show_advice(self, advice: Advice | None, dark: bool) -> None:
        self.advice = advice
        if advice is None:
            self.hide()
            return
        self.apply_colours(dark)
        self.headline.setText(advice.headline)
        self.body.setText("\n\n".join(advice.lines))
        self.setAccessibleDescription(advice.text)
        self.show()

    def apply_colours(self, dark: bool) -> None:
        background, text = theme.urgent_colours(dark)
        self.setStyleSheet(
            f"#advice {{ background: {background.name()}; border: 2px solid {theme.VERMILLION}; "
            f"border-radius: 4px; }} #advice QLabel {{ color: {text.name()}; }}"
        )


class PostRunDialog(QDialog):
    """After a run: "No discomfort" in one click, or a short report for a physio."""

    def __init__(
        self,
        parent: QWidget | None,
        workout: Workout,
        marks: Sequence[PainMark],
        completed: bool,
        visit_start: VisitStart | None = None,
        earlier: PainReport | None = None,
        placing: bool = False,
    ) -> None:
        """``visit_start`` places marks after skips (see ``segment_bar.visit_starts``);
        ``earlier`` is a report saved before, to edit it from History. ``placing``: a run done
        away from the laptop, where nothing was pressed: the runner places the pain marks here,
        by clicking the segment bar or choosing the part of the run (``marks()`` after)."""
        super().__init__(parent)
        self._workout = workout
        self._marks = tuple(sorted(marks, key=lambda mark: mark.offset_ms))
        self._visit_start = visit_start
        self._report: PainReport | None = None
        self._red_flags_asked = False
        self._unknown_flags: tuple[str, ...] = ()
        self._auto_onset_note = ""
        self._sized = False
        self.setWindowTitle(f"After the run – {workout.code}")
        self.setModal(True)

        outer = QVBoxLayout(self)
        heading = QLabel(
            f"Week {workout.week}, run {workout.run}: "
            + ("finished" if completed else "ended early")
        )
        heading_font = QFont(heading.font())
        heading_font.setBold(True)
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.3)
        heading.setFont(heading_font)
        outer.addWidget(heading)
        self.bar = SegmentBar()
        self.bar.set_segments(workout.segments)
        self.bar.set_marks(self._marks, visit_start)
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
            words = f"{segment_words(segments, index)} ({clock_text(segment.seconds)})"
            self.place_segment.addItem(words, index)
        self.place_intensity = QSpinBox()
        self.place_intensity.setRange(1, 10)
        self.place_intensity.setValue(5)
        self.place_intensity.setSuffix(" of 10")
        self.add_mark_button = QPushButton("Add &pain mark")
        self.remove_mark_button = QPushButton("Re&move last mark")
        self.remove_mark_button.setEnabled(False)
        row.addWidget(self._label("Part of the &run:", self.place_segment))
        row.addWidget(self.place_segment, 1)
        row.addWidget(self._label("&How bad:", self.place_intensity))
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
        index = int(self.place_segment.currentData())
        segments = self._workout.segments
        middle = planned_starts(segments)[index] + segments[index].seconds / 2
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
            default = self.describe_button if self._marks else self.no_discomfort_button
            self.no_discomfort_button.setDefault(default is self.no_discomfort_button)
            self.describe_button.setDefault(default is self.describe_button)

    # pages

    def _build_question_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)  # the dialog has the details page's size: the question sits mid-way
        question = QLabel("Any discomfort during or after this run?")
        font = QFont(question.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        question.setFont(font)
        layout.addWidget(question)
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
        self.where_box = self._build_where()
        self.red_flags_box = self._build_red_flags()
        self.how_box = self._build_how()
        self.advice_panel = AdvicePanel()
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

        chain: list[QWidget] = [
            self.areas,
            self.side,
            *self.red_flag_boxes.values(),
            self.worst,
            self.now,
            self.onset,
            self.onset_note,
            *self.eased_buttons.values(),
            *self.character_boxes.values(),
            self.terrain,
            self.surface,
            self.notes,
            self.save_button,
            self.back_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
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

    def _build_where(self) -> QWidget:
        box = QGroupBox("Where? (Space ticks an area)")
        layout = QVBoxLayout(box)
        self.areas = QListWidget()
        self.areas.setAccessibleName("Where it hurt")
        for region in Region:
            item = QListWidgetItem(region.words)
            item.setData(Qt.ItemDataRole.UserRole, region)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setCheckState(Qt.CheckState.Unchecked)
            self.areas.addItem(item)
        rows = self.areas.sizeHintForRow(0) * len(Region) + 2 * self.areas.frameWidth() + 4
        self.areas.setFixedHeight(rows)
        self.areas.setCurrentRow(0)
        layout.addWidget(self.areas)
        side_row = QFormLayout()
        self.side = QComboBox()
        self.side_label = QLabel("Si&de:")
        self.side_label.setBuddy(self.side)
        side_row.addRow(self.side_label, self.side)
        layout.addLayout(side_row)
        self._sides: dict[Region, Side] = {region: sides_for(region)[0] for region in Region}
        self.areas.currentItemChanged.connect(self._current_area_changed)
        self.areas.itemChanged.connect(self._area_toggled)
        self.side.currentIndexChanged.connect(self._side_chosen)
        self._current_area_changed()
        return box

    def _build_red_flags(self) -> QGroupBox:
        box = QGroupBox("Back pain: a quick safety check")
        layout = QVBoxLayout(box)
        intro = QLabel("Since the pain started, have you had any of these? Tick each yes.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.red_flag_boxes: dict[str, QCheckBox] = {}
        for flag in RED_FLAGS:
            check = QCheckBox(flag.question)
            check.setAccessibleName(flag.question)
            check.toggled.connect(self._red_flags_changed)
            self.red_flag_boxes[flag.id] = check
            layout.addWidget(check)
        box.hide()
        return box

    def _build_how(self) -> QWidget:
        box = QGroupBox("How was it?")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.worst = intensity_box("Worst pain during the run, 0 to 10")
        self.now = intensity_box("Pain now, 0 to 10")
        form.addRow(self._label("&Worst during the run:", self.worst), self.worst)
        form.addRow(self._label("Pain n&ow:", self.now), self.now)
        form.addRow("", QLabel("0 none – 10 worst imaginable"))

        self.onset = QComboBox()
        self.onset.setAccessibleName("Segment in which it started")
        self.onset.addItem("Not sure", None)
        starts = planned_starts(self._workout.segments)
        for index, segment in enumerate(self._workout.segments):
            span = f"{clock_text(starts[index])}–{clock_text(starts[index] + segment.seconds)}"
            words = segment_words(self._workout.segments, index)
            self.onset.addItem(f"{words}  ({span})", index)
        self.onset_note = QLineEdit()
        self.onset_note.setPlaceholderText("e.g. after about 2 min")
        self.onset_note.setAccessibleName("When in that segment it started")
        onset_row = QWidget()
        onset_layout = QHBoxLayout(onset_row)
        onset_layout.setContentsMargins(0, 0, 0, 0)
        onset_layout.addWidget(self.onset)
        onset_layout.addWidget(self.onset_note, 1)
        form.addRow(self._label("Started &in:", self.onset), onset_row)
        self.onset.currentIndexChanged.connect(self._onset_changed)

        eased_row = QWidget()
        eased_layout = QHBoxLayout(eased_row)
        eased_layout.setContentsMargins(0, 0, 0, 0)
        self.eased_group = QButtonGroup(self)
        self.eased_buttons: dict[Eased, QRadioButton] = {}
        for eased, words in EASED_WORDS.items():
            radio = QRadioButton(words)
            self.eased_group.addButton(radio)
            self.eased_buttons[eased] = radio
            eased_layout.addWidget(radio)
        eased_layout.addStretch(1)
        form.addRow(self._label("Eased in the walks?", self.eased_buttons[Eased.YES]), eased_row)

        character_grid = QWidget()
        character_layout = QGridLayout(character_grid)
        character_layout.setContentsMargins(0, 0, 0, 0)
        self.character_boxes: dict[Character, QCheckBox] = {}
        for position, (character, words) in enumerate(CHARACTER_WORDS.items()):
            check = QCheckBox(words)
            self.character_boxes[character] = check
            character_layout.addWidget(check, position // 3, position % 3)
        form.addRow(self._label("It felt:", self.character_boxes[Character.ACHING]), character_grid)

        self.terrain = QComboBox()
        self.terrain.addItem("–", None)
        for terrain, words in TERRAIN_WORDS.items():
            self.terrain.addItem(words, terrain)
        form.addRow(self._label("&Terrain:", self.terrain), self.terrain)
        self.surface = QComboBox()
        self.surface.addItem("–", None)
        for surface, words in SURFACE_WORDS.items():
            self.surface.addItem(words, surface)
        form.addRow(self._label("S&urface:", self.surface), self.surface)

        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("Anything a physio should know (shoes, pace, what helped)")
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 4 + 12)
        form.addRow(self._label("&Notes:", self.notes), self.notes)
        return box

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        if index == 0:
            default = self.describe_button if self._marks else self.no_discomfort_button
            self.no_discomfort_button.setDefault(default is self.no_discomfort_button)
            self.describe_button.setDefault(default is self.describe_button)
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

    # pre-filling from the marks

    def _marks_words(self) -> str:
        if not self._marks:
            return "No pain marks during this run."
        count = len(self._marks)
        known = [m.intensity for m in self._marks if m.intensity is not None]
        text = f"You marked pain {count} time{'s' if count != 1 else ''}"
        if known:
            text += f" (worst {max(known)} of 10)"
        first = self.bar.placed_marks[0]
        return text + ". First: " + first.words(self._workout.segments) + "."

    def _fill_from_marks(self) -> None:
        if not self._marks:
            return
        first = self._marks[0]
        seconds = mark_planned_seconds(self._workout.segments, first, self._visit_start)
        into = seconds - planned_starts(self._workout.segments)[first.segment_index]
        self.onset.setCurrentIndex(self.onset.findData(first.segment_index))
        self._auto_onset_note = about_time(into)
        self.onset_note.setText(self._auto_onset_note)
        known = [m.intensity for m in self._marks if m.intensity is not None]
        if known:
            self.worst.setValue(max(known))

    def _fill_from_report(self, report: PainReport) -> None:
        for area in report.areas:
            row = list(Region).index(area.region)
            self._sides[area.region] = area.side
            self.areas.item(row).setCheckState(Qt.CheckState.Checked)
        self._current_area_changed()
        self.worst.setValue(NOT_GIVEN if report.worst_during is None else report.worst_during)
        self.now.setValue(NOT_GIVEN if report.intensity_after is None else report.intensity_after)
        self.onset.setCurrentIndex(max(0, self.onset.findData(report.onset_segment)))
        self.onset_note.setText(report.onset_note)
        if report.eased_in_walks is not None:
            self.eased_buttons[report.eased_in_walks].setChecked(True)
        for character in report.characters:
            self.character_boxes[character].setChecked(True)
        self.terrain.setCurrentIndex(max(0, self.terrain.findData(report.terrain)))
        self.surface.setCurrentIndex(max(0, self.surface.findData(report.surface)))
        self.notes.setPlainText(report.notes)
        if report.red_flags_asked:
            self._ask_red_flags()
        for flag_id in report.red_flags_yes:
            box = self.red_flag_boxes.get(flag_id)
            if box is None:
                self._unknown_flags += (flag_id,)
            else:
                box.setChecked(True)

    def _onset_changed(self) -> None:
        # a note we wrote for the first mark's segment does not fit another segment
        if self._auto_onset_note and self.onset_note.text() == self._auto_onset_note:
            self.onset_note.clear()
            self._auto_onset_note = ""

    # areas and sides

    def _current_region(self) -> Region | None:
        item = self.areas.currentItem()
        return None if item is None else Region(item.data(Qt.ItemDataRole.UserRole))

    def _current_area_changed(self) -> None:
        region = self._current_region()
        self.side.blockSignals(True)
        self.side.clear()
        if region is not None:
            for side in sides_for(region):
                self.side.addItem(SIDE_WORDS[side], side)
            self.side.setCurrentIndex(self.side.findData(self._sides[region]))
            self.side_label.setText(f"Si&de ({region.words.lower()}):")
        self.side.blockSignals(False)
        self._update_side_enabled()

    def _update_side_enabled(self) -> None:
        item = self.areas.currentItem()
        self.side.setEnabled(item is not None and item.checkState() == Qt.CheckState.Checked)

    def _side_chosen(self) -> None:
        region = self._current_region()
        side = self.side.currentData()
        if region is None or side is None:
            return
        self._sides[region] = Side(side)
        self._refresh_area_text(region)

    def _area_toggled(self, item: QListWidgetItem) -> None:
        region = Region(item.data(Qt.ItemDataRole.UserRole))
        self._refresh_area_text(region)
        self._update_side_enabled()
        if region.is_back and item.checkState() == Qt.CheckState.Checked:
            self._ask_red_flags()

    def _refresh_area_text(self, region: Region) -> None:
        item = self.areas.item(list(Region).index(region))
        checked = item.checkState() == Qt.CheckState.Checked
        text = region.words
        if checked:
            text += f" — {SIDE_WORDS[self._sides[region]].lower()}"
        self.areas.blockSignals(True)
        item.setText(text)
        self.areas.blockSignals(False)

    def chosen_areas(self) -> tuple[BodyArea, ...]:
        chosen = []
        for row, region in enumerate(Region):
            if self.areas.item(row).checkState() == Qt.CheckState.Checked:
                chosen.append(BodyArea(region, self._sides[region]))
        return tuple(chosen)

    # red flags

    def _ask_red_flags(self) -> None:
        if self._red_flags_asked:
            return
        self._red_flags_asked = True
        self.red_flags_box.show()  # inside the scroll area: the dialog keeps its size
        self._rearrange()
        self._scroll_to(self.red_flags_box)

    def _red_flags_changed(self) -> None:
        advice = advice_for(self._ticked_flags())
        self.advice_panel.show_advice(advice, theme.is_dark(self.palette()))
        if advice is not None:
            self._scroll_to(self.advice_panel)

    def _scroll_to(self, widget: QWidget) -> None:
        # once the layout has placed the widget; the timer dies with the dialog
        QTimer.singleShot(0, self, lambda: self.details_scroll.ensureWidgetVisible(widget))

    def red_flags_yes(self) -> tuple[str, ...]:
        """Ticked ids in question order, then any kept from an earlier report this version
        does not know (never dropped)."""
        return self._ticked_flags() + self._unknown_flags

    def _ticked_flags(self) -> tuple[str, ...]:
        return tuple(flag_id for flag_id, box in self.red_flag_boxes.items() if box.isChecked())

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

    def details_report(self) -> PainReport:
        """The report as the details page stands now."""
        checked = self.eased_group.checkedButton()
        eased = next((e for e, b in self.eased_buttons.items() if b is checked), None)
        onset = self.onset.currentData()
        terrain = self.terrain.currentData()
        surface = self.surface.currentData()
        return PainReport(
            no_discomfort=False,
            areas=self.chosen_areas(),
            worst_during=intensity_value(self.worst),
            intensity_after=intensity_value(self.now),
            onset_segment=None if onset is None else int(onset),
            onset_note=self.onset_note.text().strip(),
            eased_in_walks=eased,
            characters=tuple(c for c, box in self.character_boxes.items() if box.isChecked()),
            terrain=None if terrain is None else Terrain(terrain),
            surface=None if surface is None else Surface(surface),
            notes=self.notes.toPlainText().strip(),
            red_flags_asked=self._red_flags_asked,
            red_flags_yes=self.red_flags_yes() if self._red_flags_asked else (),
        )


class CheckinDialog(QDialog):
    """Next morning: "How is it this morning?" 0–10, stiffness 0–10, and an optional note."""

    def __init__(self, parent: QWidget | None, run_words: str = "") -> None:
        super().__init__(parent)
        self._checkin: Checkin | None = None
        self.setWindowTitle("Morning check-in")
        self.setModal(True)
        layout = QVBoxLayout(self)
        heading = QLabel("How is it this morning?")
        font = QFont(heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        heading.setFont(font)
        layout.addWidget(heading)
        if run_words:
            context = QLabel(run_words)
            context.setWordWrap(True)
            layout.addWidget(context)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.intensity = intensity_box("Pain this morning, 0 to 10")
        self.stiffness = intensity_box("Stiffness this morning, 0 to 10")
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("Optional")
        self.notes.setAccessibleName("Note")
        form.addRow(PostRunDialog._label("&Pain now:", self.intensity), with_scale(self.intensity))
        form.addRow(PostRunDialog._label("S&tiffness:", self.stiffness), with_scale(self.stiffness))
        form.addRow(PostRunDialog._label("&Note:", self.notes), self.notes)
        layout.addLayout(form)
        self.missing = QLabel("Give both numbers to save (0 is fine).")
        layout.addWidget(self.missing)
        buttons = QHBoxLayout()
        self.later_button = QPushButton("&Later")
        self.save_button = QPushButton("&Save")
        self.save_button.setDefault(True)
        buttons.addWidget(self.later_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.later_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self._save)
        self.intensity.valueChanged.connect(self._update_save)
        self.stiffness.valueChanged.connect(self._update_save)
        QWidget.setTabOrder(self.intensity, self.stiffness)
        QWidget.setTabOrder(self.stiffness, self.notes)
        QWidget.setTabOrder(self.notes, self.save_button)
        QWidget.setTabOrder(self.save_button, self.later_button)
        self._update_save()
        self.intensity.setFocus()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return super().sizeHint().expandedTo(QSize(460, 0))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        keep_on_screen(self)

    def checkin(self) -> Checkin | None:
        """The check-in after the dialog closed; None if the runner chose "Later"."""
        return self._checkin

    def _update_save(self) -> None:
        ready = self.intensity.value() != NOT_GIVEN and self.stiffness.value() != NOT_GIVEN
        self.save_button.setEnabled(ready)
        self.missing.setVisible(not ready)

    def _save(self) -> None:
        intensity = intensity_value(self.intensity)
        stiffness = intensity_value(self.stiffness)
        if intensity is None or stiffness is None:
            return
        self._checkin = Checkin(intensity, stiffness, self.notes.text().strip())
        self.accept()
