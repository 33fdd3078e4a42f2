"""The kinds of control the post-run form is made of: each knows how to build its widgets, how to
show a value and how to read one back (qutebrowser's ``configtypes.py`` is the pattern; the
table that uses them is ``pain_form.py``).

An editor is made by ``make(context)`` from a row of the table. ``widget`` is its main control
(the one a test or the dialog types into), ``shown`` what goes into the layout (the control, or
a row of them), ``focus()`` its controls in tab order, ``buddy()`` where its label's Alt key goes.
Display words for enum values come from core (``core.pain.words``), never from here.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from couchtimer.core.clocktext import clock_text
from couchtimer.core.pain import BodyArea, Region, Side, sides_for, words
from couchtimer.core.placement import planned_starts, segment_name
from couchtimer.core.programme import Segment
from couchtimer.core.redflags import RED_FLAGS
from couchtimer.ui.pain_widgets import intensity_box, intensity_value, set_intensity

V = TypeVar("V")
E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class FormContext:
    """What an editor may need to know to build itself: the workout's planned segments."""

    segments: tuple[Segment, ...] = ()


class Editor(ABC, Generic[V]):
    widget: Any  # the main control, typed by each kind
    shown: QWidget  # what the layout holds

    def focus(self) -> list[QWidget]:
        return [self.widget]

    def buddy(self) -> QWidget:
        return self.focus()[0]

    @abstractmethod
    def value(self) -> V: ...

    @abstractmethod
    def set_value(self, value: V) -> None: ...


Make = Callable[[FormContext], Editor[Any]]


class IntensityEditor(Editor[int | None]):
    """0–10 by typing a number; "–" until the runner says (None)."""

    def __init__(self, context: FormContext, accessible_name: str) -> None:
        self.widget: QSpinBox = intensity_box(accessible_name)
        self.shown = self.widget

    def value(self) -> int | None:
        return intensity_value(self.widget)

    def set_value(self, value: int | None) -> None:
        set_intensity(self.widget, value)


class HintEditor(Editor[None]):
    """Words under the controls above; no value, no focus."""

    def __init__(self, context: FormContext, text: str) -> None:
        self.widget: QLabel = QLabel(text)
        self.shown = self.widget

    def focus(self) -> list[QWidget]:
        return []

    def buddy(self) -> QWidget:
        return self.widget

    def value(self) -> None:
        return None

    def set_value(self, value: None) -> None:
        pass


class SegmentEditor(Editor[int | None]):
    """One segment of the workout, "Run 2 of 4  (9:30–14:30)", or "Not sure" (None)."""

    def __init__(self, context: FormContext, accessible_name: str) -> None:
        self.widget: QComboBox = QComboBox()
        self.shown = self.widget
        self.widget.setAccessibleName(accessible_name)
        self.widget.addItem("Not sure", None)
        segments = context.segments
        starts = planned_starts(segments)
        for index, (start, planned) in enumerate(zip(starts, segments, strict=True)):
            span = f"{clock_text(start)}–{clock_text(start + planned.seconds)}"
            self.widget.addItem(f"{segment_name(segments, index)}  ({span})", index)

    def value(self) -> int | None:
        index = self.widget.currentData()
        return None if index is None else int(index)

    def set_value(self, value: int | None) -> None:
        self.widget.setCurrentIndex(max(0, self.widget.findData(value)))


class TextEditor(Editor[str]):
    """One line of text, kept without surrounding spaces."""

    def __init__(self, context: FormContext, placeholder: str, accessible_name: str) -> None:
        self.widget: QLineEdit = QLineEdit()
        self.shown = self.widget
        self.widget.setPlaceholderText(placeholder)
        self.widget.setAccessibleName(accessible_name)

    def value(self) -> str:
        return self.widget.text().strip()

    def set_value(self, value: str) -> None:
        self.widget.setText(value)


class NotesEditor(Editor[str]):
    """A few lines of text; Tab moves on (it never types a tab)."""

    def __init__(self, context: FormContext, placeholder: str, lines: int = 4) -> None:
        self.widget: QPlainTextEdit = QPlainTextEdit()
        self.shown = self.widget
        self.widget.setTabChangesFocus(True)
        self.widget.setPlaceholderText(placeholder)
        self.widget.setFixedHeight(self.widget.fontMetrics().lineSpacing() * lines + 12)

    def value(self) -> str:
        return self.widget.toPlainText().strip()

    def set_value(self, value: str) -> None:
        self.widget.setPlainText(value)


class ChoiceEditor(Editor[E | None], Generic[E]):
    """One value of an enum from a drop-down, or "–" (None)."""

    def __init__(self, context: FormContext, kind: type[E]) -> None:
        self.kind = kind
        self.widget: QComboBox = QComboBox()
        self.shown = self.widget
        self.widget.addItem("–", None)
        for member in kind:
            self.widget.addItem(words(member), member)

    def value(self) -> E | None:
        member = self.widget.currentData()
        return None if member is None else self.kind(member)

    def set_value(self, value: E | None) -> None:
        self.widget.setCurrentIndex(max(0, self.widget.findData(value)))


class RadiosEditor(Editor[E | None], Generic[E]):
    """One value of an enum as a row of radio buttons; none ticked is None."""

    def __init__(self, context: FormContext, kind: type[E]) -> None:
        self.widget: QWidget = QWidget()
        self.shown = self.widget
        layout = QHBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self.widget)
        self.buttons: dict[E, QAbstractButton] = {}
        for member in kind:
            radio = QRadioButton(words(member))
            self.group.addButton(radio)
            self.buttons[member] = radio
            layout.addWidget(radio)
        layout.addStretch(1)

    def focus(self) -> list[QWidget]:
        return list(self.buttons.values())

    def value(self) -> E | None:
        checked = self.group.checkedButton()
        return next((m for m, button in self.buttons.items() if button is checked), None)

    def set_value(self, value: E | None) -> None:
        if value is not None:
            self.buttons[value].setChecked(True)


class ChecksEditor(Editor[tuple[E, ...]], Generic[E]):
    """Any values of an enum as check boxes in a grid, in the enum's order."""

    def __init__(self, context: FormContext, kind: type[E], columns: int = 3) -> None:
        self.widget: QWidget = QWidget()
        self.shown = self.widget
        layout = QGridLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[E, QAbstractButton] = {}
        for position, member in enumerate(kind):
            check = QCheckBox(words(member))
            self.buttons[member] = check
            layout.addWidget(check, position // columns, position % columns)

    def focus(self) -> list[QWidget]:
        return list(self.buttons.values())

    def value(self) -> tuple[E, ...]:
        return tuple(member for member, box in self.buttons.items() if box.isChecked())

    def set_value(self, value: tuple[E, ...]) -> None:
        for member in value:
            self.buttons[member].setChecked(True)


class AreaPicker(QWidget):
    """Where it hurt: a checkable list of areas (arrows and Space), each with its own side."""

    back_ticked = Signal()

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
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
        self.sides: dict[Region, Side] = {region: sides_for(region)[0] for region in Region}
        self.areas.currentItemChanged.connect(self._current_area_changed)
        self.areas.itemChanged.connect(self._area_toggled)
        self.side.currentIndexChanged.connect(self._side_chosen)
        self._current_area_changed()

    def chosen(self) -> tuple[BodyArea, ...]:
        return tuple(
            BodyArea(region, self.sides[region])
            for row, region in enumerate(Region)
            if self.areas.item(row).checkState() == Qt.CheckState.Checked
        )

    def choose(self, areas: tuple[BodyArea, ...]) -> None:
        for area in areas:
            self.sides[area.region] = area.side
            row = list(Region).index(area.region)
            self.areas.item(row).setCheckState(Qt.CheckState.Checked)
        self._current_area_changed()

    def _current_region(self) -> Region | None:
        item = self.areas.currentItem()
        return None if item is None else Region(item.data(Qt.ItemDataRole.UserRole))

    def _current_area_changed(self) -> None:
        region = self._current_region()
        self.side.blockSignals(True)
        self.side.clear()
        if region is not None:
            for side in sides_for(region):
                self.side.addItem(side.words, side)
            self.side.setCurrentIndex(self.side.findData(self.sides[region]))
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
        self.sides[region] = Side(side)
        self._refresh_area_text(region)

    def _area_toggled(self, item: QListWidgetItem) -> None:
        region = Region(item.data(Qt.ItemDataRole.UserRole))
        self._refresh_area_text(region)
        self._update_side_enabled()
        if region.is_back and item.checkState() == Qt.CheckState.Checked:
            self.back_ticked.emit()

    def _refresh_area_text(self, region: Region) -> None:
        item = self.areas.item(list(Region).index(region))
        text = region.words
        if item.checkState() == Qt.CheckState.Checked:
            text += f" — {self.sides[region].words.lower()}"
        self.areas.blockSignals(True)
        item.setText(text)
        self.areas.blockSignals(False)


class AreasEditor(Editor[tuple[BodyArea, ...]]):
    def __init__(self, context: FormContext) -> None:
        self.picker = AreaPicker()
        self.shown = self.picker
        self.widget: QListWidget = self.picker.areas

    def focus(self) -> list[QWidget]:
        return [self.picker.areas, self.picker.side]

    def value(self) -> tuple[BodyArea, ...]:
        return self.picker.chosen()

    def set_value(self, value: tuple[BodyArea, ...]) -> None:
        self.picker.choose(value)


class RedFlagPicker(QWidget):
    """The safety questions (``core.redflags``), one check box each; asked once a back area is
    ticked, they then stay. Ids an earlier report holds that this version does not know are
    kept, never dropped."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel("Since the pain started, have you had any of these? Tick each yes.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.asked = False
        self.unknown: tuple[str, ...] = ()
        self.boxes: dict[str, QCheckBox] = {}
        for flag in RED_FLAGS:
            check = QCheckBox(flag.question)
            check.setAccessibleName(flag.question)
            check.toggled.connect(self.changed)
            self.boxes[flag.id] = check
            layout.addWidget(check)

    def ticked(self) -> tuple[str, ...]:
        return tuple(flag_id for flag_id, box in self.boxes.items() if box.isChecked())


class RedFlagsEditor(Editor[tuple[str, ...]]):
    """Ticked ids in question order, then the unknown ones kept; nothing until asked."""

    def __init__(self, context: FormContext) -> None:
        self.picker = RedFlagPicker()
        self.shown = self.picker
        self.widget: RedFlagPicker = self.picker

    def focus(self) -> list[QWidget]:
        return list(self.picker.boxes.values())

    def value(self) -> tuple[str, ...]:
        return self.picker.ticked() + self.picker.unknown if self.picker.asked else ()

    def set_value(self, value: tuple[str, ...]) -> None:
        for flag_id in value:
            box = self.picker.boxes.get(flag_id)
            if box is None:
                self.picker.unknown += (flag_id,)
            else:
                box.setChecked(True)


# --- the kinds, as the table names them ---------------------------------------------------------


def intensity(accessible_name: str) -> Make:
    return partial(IntensityEditor, accessible_name=accessible_name)


def hint(text: str) -> Make:
    return partial(HintEditor, text=text)


def segment(accessible_name: str) -> Make:
    return partial(SegmentEditor, accessible_name=accessible_name)


def text(placeholder: str, accessible_name: str) -> Make:
    return partial(TextEditor, placeholder=placeholder, accessible_name=accessible_name)


def notes(placeholder: str) -> Make:
    return partial(NotesEditor, placeholder=placeholder)


def choice(kind: type[StrEnum]) -> Make:
    return partial(ChoiceEditor, kind=kind)


def radios(kind: type[StrEnum]) -> Make:
    return partial(RadiosEditor, kind=kind)


def checks(kind: type[StrEnum], columns: int = 3) -> Make:
    return partial(ChecksEditor, kind=kind, columns=columns)


def areas() -> Make:
    return AreasEditor


def red_flags() -> Make:
    return RedFlagsEditor
