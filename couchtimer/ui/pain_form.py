"""The post-run form, declared once: one row per field of ``core.pain.PainReport``.

The table below says, for each field, its label and its kind of control (``pain_editors``:
how it is built, shown and read). Building the details page, filling it from a saved report,
reading the report back and the tab order are all made from it, so a new post-run field is one
row here (and the field in ``core/pain.py``). qutebrowser's ``configdata.yml`` is the pattern.

Rows are in tab order. ``section`` is the group box a row sits in; ``label`` None spans the
row across the box, "" leaves the label column empty (the note under "Started in"). A row
without a field (``field`` None) only shows words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, TypeVar

from PySide6.QtWidgets import QFormLayout, QGroupBox, QVBoxLayout, QWidget

from couchtimer.core.pain import Character, Eased, Surface, Terrain
from couchtimer.ui import pain_editors as kinds
from couchtimer.ui.pain_editors import Editor, FormContext, Make
from couchtimer.ui.pain_widgets import SCALE_WORDS, labelled

WHERE, RED_FLAGS, HOW = "where", "red_flags", "how"
NOTES_PLACEHOLDER = "Anything a physio should know (shoes, pace, what helped)"


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    title: str
    form: bool  # a label column (QFormLayout), else one control under the other


@dataclass(frozen=True, slots=True)
class Row:
    field: str | None  # the PainReport field it reads and writes
    label: str | None
    make: Make
    section: str = HOW


SECTIONS = (
    Section(WHERE, "Where? (Space ticks an area)", form=False),
    Section(RED_FLAGS, "Back pain: a quick safety check", form=False),
    Section(HOW, "How was it?", form=True),
)

FORM = (
    Row("areas", None, kinds.areas(), section=WHERE),
    Row("red_flags_yes", None, kinds.red_flags(), section=RED_FLAGS),
    Row(
        "worst_during",
        "&Worst during the run:",
        kinds.intensity("Worst pain during the run, 0 to 10"),
    ),
    Row("intensity_after", "Pain n&ow:", kinds.intensity("Pain now, 0 to 10")),
    Row(None, "", kinds.hint(SCALE_WORDS)),
    Row("onset_segment", "Started &in:", kinds.segment("Segment in which it started")),
    # Its own line under the segment, the field's full width: beside it, "in the first few
    # seconds" was shown scrolled to its end ("n the first few seconds").
    Row("onset_note", "", kinds.text("e.g. after about 2 min", "When in that segment it started")),
    Row("eased_in_walks", "Eased in the walks?", kinds.radios(Eased)),
    Row("characters", "It felt:", kinds.checks(Character)),
    Row("terrain", "&Terrain:", kinds.choice(Terrain)),
    Row("surface", "S&urface:", kinds.choice(Surface)),
    Row("notes", "&Notes:", kinds.notes(NOTES_PLACEHOLDER)),
)

E = TypeVar("E", bound=Editor[Any])


class Form:
    """The controls of ``rows``, built into one group box per section."""

    def __init__(
        self,
        context: FormContext,
        rows: Sequence[Row] = FORM,
        sections: Sequence[Section] = SECTIONS,
    ) -> None:
        self.rows = tuple(rows)
        self.editors: dict[str, Editor[Any]] = {}
        self.boxes: dict[str, QGroupBox] = {}
        made = [(row, row.make(context)) for row in self.rows]
        self._all = [editor for _row, editor in made]
        for row, editor in made:
            if row.field is not None:
                if row.field in self.editors:
                    raise ValueError(f"the form has two rows for {row.field!r}")
                self.editors[row.field] = editor
        for section in sections:
            self.boxes[section.name] = _box(
                section, [p for p in made if p[0].section == section.name]
            )
        unplaced = {row.section for row in self.rows} - {s.name for s in sections}
        if unplaced:
            raise ValueError(f"rows in sections the form does not have: {sorted(unplaced)}")

    def __getitem__(self, field: str) -> Editor[Any]:
        return self.editors[field]

    def editor(self, field: str, kind: type[E]) -> E:
        """The editor of ``field``, as the kind the caller knows it is."""
        editor = self.editors[field]
        if not isinstance(editor, kind):
            raise TypeError(f"{field!r} is a {type(editor).__name__}, not a {kind.__name__}")
        return editor

    def fill(self, source: object) -> None:
        """Show the values of ``source`` (a report, or anything with the fields)."""
        for field, editor in self.editors.items():
            editor.set_value(getattr(source, field))

    def read(self) -> dict[str, Any]:
        """The values shown, by field: keyword arguments for the report."""
        return {field: editor.value() for field, editor in self.editors.items()}

    def focus_chain(self) -> list[QWidget]:
        """Every control, in tab order (the order of the rows)."""
        return [widget for editor in self._all for widget in editor.focus()]

    def set_tab_order(self, after: Sequence[QWidget] = ()) -> None:
        """Tab goes through the rows in order, then through ``after`` (the buttons)."""
        for first, second in pairwise([*self.focus_chain(), *after]):
            QWidget.setTabOrder(first, second)


def _box(section: Section, made: Sequence[tuple[Row, Editor[Any]]]) -> QGroupBox:
    box = QGroupBox(section.title)
    if not section.form:
        column = QVBoxLayout(box)
        for _row, editor in made:
            column.addWidget(editor.shown)
        return box
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    for row, editor in made:
        if row.label is None:
            form.addRow(editor.shown)
        elif row.label == "":
            form.addRow("", editor.shown)
        else:
            form.addRow(labelled(row.label, editor.buddy()), editor.shown)
    return box
