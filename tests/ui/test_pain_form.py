"""The post-run form is declared once (ui/pain_form.py): build, fill, read-back and tab order all
come from the table, so a new field is one row."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from couchtimer.core.pain import (
    Eased,
    PainReport,
    Surface,
    Terrain,
)
from couchtimer.programmes import resolve_programme
from couchtimer.ui import pain_editors as kinds
from couchtimer.ui.pain_editors import ChoiceEditor, FormContext, TextEditor
from couchtimer.ui.pain_form import FORM, HOW, SECTIONS, Form, Row
from tests.helpers.reports import full_report

WEEK4 = resolve_programme("nhs-c25k").workout(4, 1)
CONTEXT = FormContext(WEEK4.segments)
FULL = full_report(
    worst_during=7,
    onset_segment=3,
    onset_note="on the hill",
    eased_in_walks=Eased.PARTLY,
    surface=Surface.TRAIL,
    notes="new shoes",
    red_flags_yes=("night-pain",),
)


def shown(qtbot: QtBot, form: Form) -> QWidget:
    holder = QWidget()
    layout = QVBoxLayout(holder)
    for box in form.boxes.values():
        layout.addWidget(box)
    qtbot.addWidget(holder)
    with qtbot.waitActive(holder):
        holder.show()
        holder.activateWindow()
    return holder


def test_every_field_of_the_report_but_the_flags_has_one_row() -> None:
    """The dialog itself sets only "no discomfort" and whether the safety questions were asked."""
    in_table = [row.field for row in FORM if row.field is not None]
    assert len(in_table) == len(set(in_table))
    assert set(in_table) == {f.name for f in fields(PainReport)} - {
        "no_discomfort",
        "red_flags_asked",
    }


def test_a_report_filled_in_reads_back_unchanged(qtbot: QtBot) -> None:
    form = Form(CONTEXT)
    holder = shown(qtbot, form)
    form.editor("red_flags_yes", kinds.RedFlagsEditor).picker.asked = True
    form.fill(FULL)
    assert PainReport(no_discomfort=False, red_flags_asked=True, **form.read()) == FULL
    assert holder.isVisible()


def test_an_empty_form_reads_as_nothing_said(qtbot: QtBot) -> None:
    form = Form(CONTEXT)
    assert PainReport(no_discomfort=False, **form.read()) == PainReport(no_discomfort=False)


def test_choices_say_the_words_from_core(qtbot: QtBot) -> None:
    form = Form(CONTEXT)
    terrain = form.editor("terrain", ChoiceEditor).widget
    assert [terrain.itemText(i) for i in range(terrain.count())] == [
        "–",
        *(member.words for member in Terrain),
    ]


def test_a_new_field_is_one_row(qtbot: QtBot) -> None:
    """A copy of the table with one more row, after the notes: the new field is built in its
    section with its label, filled from a report, read back, and Tab reaches it after the
    notes, by the keyboard."""
    shoes = Row("shoes", "Sh&oes:", kinds.text("e.g. trail shoes", "Shoes worn"))
    form = Form(CONTEXT, (*FORM, shoes), SECTIONS)
    holder = shown(qtbot, form)

    built = form.editor("shoes", TextEditor).widget
    assert built.accessibleName() == "Shoes worn"
    assert built.placeholderText() == "e.g. trail shoes"
    assert form.boxes[HOW].isAncestorOf(built)
    label = next(w for w in holder.findChildren(QLabel) if w.buddy() is built)
    assert label.text() == "Sh&oes:"

    class WithShoes:
        def __init__(self) -> None:
            for field in fields(PainReport):
                setattr(self, field.name, getattr(FULL, field.name))
            self.shoes = "old road shoes"

    form.fill(WithShoes())
    assert built.text() == "old road shoes"
    built.setText("  new trail shoes ")
    values = form.read()
    assert values["shoes"] == "new trail shoes"
    assert values["notes"] == "new shoes"  # the others are untouched

    chain = form.focus_chain()
    notes = form["notes"].widget
    assert chain[-2:] == [notes, built]
    form.set_tab_order()
    notes.setFocus()
    QTest.keyClick(notes, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is built


def test_rows_in_a_section_the_form_does_not_have_are_refused(qtbot: QtBot) -> None:
    stray = replace(FORM[-1], field="extra", section="elsewhere")
    with pytest.raises(
        ValueError, match=r"^rows in sections the form does not have: \['elsewhere'\]$"
    ):
        Form(CONTEXT, (*FORM, stray))


def test_two_rows_for_one_field_are_refused(qtbot: QtBot) -> None:
    with pytest.raises(ValueError, match=r"^the form has two rows for 'notes'$"):
        Form(CONTEXT, (*FORM, FORM[-1]))


def test_asking_for_the_wrong_kind_of_editor_says_so(qtbot: QtBot) -> None:
    with pytest.raises(TypeError, match=r"^'notes' is a NotesEditor, not a TextEditor$"):
        Form(CONTEXT).editor("notes", TextEditor)
