"""Post-run dialog and morning check-in, driven the way a tired runner would: mostly keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from couchtimer.core.pain import (
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
from couchtimer.programmes import resolve_programme
from couchtimer.ui.checkin_dialog import CheckinDialog
from couchtimer.ui.pain_dialog import PostRunDialog
from couchtimer.ui.pain_editors import RadiosEditor
from tests.helpers.reports import full_report

# NHS Couch to 5K week 4 (the shipped programme): runs of 3, 5, 3 and 5 minutes
WEEK4 = resolve_programme("nhs-c25k").workout(4, 1)
# the seed story: pain in runs 2, 3 and 4, none in the walks (given out of order on purpose)
MARKS = (
    PainMark(offset_ms=(1020 + 100) * 1000, segment_index=5, intensity=6),
    PainMark(offset_ms=(570 + 130) * 1000, segment_index=3, intensity=4),
    PainMark(offset_ms=(1290 + 200) * 1000, segment_index=7, intensity=None),
)


class Keyboard:
    """Types into whatever has focus, as a real keyboard does, and counts the key presses."""

    def __init__(self) -> None:
        self.presses = 0

    def focus(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has keyboard focus"
        return widget

    def key(self, key: Qt.Key, times: int = 1, modifier: Qt.KeyboardModifier | None = None) -> None:
        for _ in range(times):
            if modifier is None:
                QTest.keyClick(self.focus(), key)
            else:
                QTest.keyClick(self.focus(), key, modifier)
            self.presses += 1

    def type(self, text: str) -> None:
        QTest.keyClicks(self.focus(), text)
        self.presses += len(text)


def open_dialog(
    qtbot: QtBot, marks: tuple[PainMark, ...] = MARKS, completed: bool = True
) -> PostRunDialog:
    dialog = PostRunDialog(None, WEEK4, marks, completed)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def test_no_discomfort_is_enter_after_a_run_without_marks(qtbot: QtBot) -> None:
    """No marks: "No discomfort" is focused and default, so Enter alone files the report."""
    dialog = open_dialog(qtbot, marks=())
    assert dialog.no_discomfort_button.isDefault()
    assert QApplication.focusWidget() is dialog.no_discomfort_button
    Keyboard().key(Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.report() == PainReport(no_discomfort=True)
    assert dialog.marks_summary.text() == "No pain marks during this run."


def test_with_marks_describe_is_default_but_no_discomfort_is_still_one_click(
    qtbot: QtBot,
) -> None:
    """Marks: Enter goes on to the details; "No discomfort" stays a single click."""
    dialog = open_dialog(qtbot)
    assert dialog.describe_button.isDefault()
    assert not dialog.no_discomfort_button.isDefault()
    assert QApplication.focusWidget() is dialog.describe_button
    qtbot.mouseClick(dialog.no_discomfort_button, Qt.MouseButton.LeftButton)
    assert dialog.report() == PainReport(no_discomfort=True)


def test_later_closes_without_a_report(qtbot: QtBot) -> None:
    """Escape (or Later) closes the dialog and returns no report; nothing is invented."""
    dialog = open_dialog(qtbot)
    Keyboard().key(Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.report() is None


def test_marks_are_shown_and_summarised(qtbot: QtBot) -> None:
    """The dialog's bar carries the marks; the summary names the count, worst and first."""
    dialog = open_dialog(qtbot, completed=False)
    assert [p.mark for p in dialog.bar.placed_marks] == sorted(MARKS, key=lambda m: m.offset_ms)
    assert dialog.marks_summary.text() == (
        "You marked pain 3 times (worst 6 of 10). "
        "First: Run 2 of 4, after about 2 min, intensity 4 of 10."
    )
    assert dialog.windowTitle() == "After the run – W4R1"


def test_full_report_by_keyboard_alone(qtbot: QtBot) -> None:
    """The seed story with no mouse: 39 key presses, well under 20 s at a tired 3 keys a second."""
    dialog = open_dialog(qtbot)
    keys = Keyboard()
    keys.key(Qt.Key.Key_Return)  # "Yes, describe it…"
    assert keys.focus() is dialog.areas
    keys.key(Qt.Key.Key_Space)  # lower back
    keys.key(Qt.Key.Key_Tab)
    assert keys.focus() is dialog.side
    keys.type("b")  # both sides
    keys.key(Qt.Key.Key_Tab)
    assert keys.focus() is dialog.red_flag_boxes["saddle-numbness"]
    keys.key(Qt.Key.Key_Tab, times=10)  # the ten safety questions: all no
    assert keys.focus() is dialog.form["worst_during"].widget
    keys.type("7")
    keys.key(Qt.Key.Key_Tab)
    keys.type("2")  # pain now
    keys.key(Qt.Key.Key_Tab, times=3)  # onset segment and note are pre-filled and right
    assert keys.focus() is dialog.form.editor("eased_in_walks", RadiosEditor).buttons[Eased.YES]
    keys.key(Qt.Key.Key_Space)  # eased in the walks: yes
    keys.key(Qt.Key.Key_Tab, times=2)
    keys.key(Qt.Key.Key_Space)  # stabbing
    keys.key(Qt.Key.Key_Tab, times=4)
    assert keys.focus() is dialog.form["terrain"].widget
    keys.type("d")  # downhill
    keys.key(Qt.Key.Key_Tab)
    keys.type("r")  # road
    keys.key(Qt.Key.Key_Tab)
    keys.type("hill")
    keys.key(Qt.Key.Key_Tab)
    assert keys.focus() is dialog.save_button
    keys.key(Qt.Key.Key_Return)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.report() == PainReport(
        no_discomfort=False,
        areas=(BodyArea(Region.LOWER_BACK, Side.BOTH),),
        worst_during=7,
        intensity_after=2,
        onset_segment=3,
        onset_note="after about 2 min",
        eased_in_walks=Eased.YES,
        characters=(Character.STABBING,),
        terrain=Terrain.DOWNHILL,
        surface=Surface.ROAD,
        notes="hill",
        red_flags_asked=True,
        red_flags_yes=(),
    )
    assert keys.presses == 39


def test_enter_in_a_number_field_saves(qtbot: QtBot) -> None:
    """On the details page Save is the default button: Enter in a field files the report."""
    dialog = open_dialog(qtbot, marks=())
    keys = Keyboard()
    keys.key(Qt.Key.Key_Right)  # from "No discomfort" to "Yes, describe it…"
    keys.key(Qt.Key.Key_Space)
    assert dialog.save_button.isDefault()
    keys.key(Qt.Key.Key_Tab)  # the side box is off (no area ticked): straight to worst
    assert keys.focus() is dialog.form["worst_during"].widget
    keys.type("3")
    keys.key(Qt.Key.Key_Return)
    assert dialog.report() == PainReport(no_discomfort=False, worst_during=3)


def test_clicking_a_number_box_then_typing_replaces_the_dash(qtbot: QtBot) -> None:
    """A mouse click into "–" selects it, so typing a number gives that number."""
    dialog = open_dialog(qtbot, marks=())
    dialog.describe_button.click()
    edit = dialog.form["intensity_after"].widget.lineEdit()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=edit.rect().center())
    qtbot.wait(1)
    QTest.keyClicks(edit, "5")
    assert dialog.form["intensity_after"].widget.value() == 5


def test_onset_is_prefilled_from_the_first_mark(qtbot: QtBot) -> None:
    """Onset = the earliest mark's segment and time into it; worst = the worst marked."""
    dialog = open_dialog(qtbot)
    assert dialog.form["onset_segment"].widget.currentData() == 3
    assert dialog.form["onset_segment"].widget.currentText() == "Run 2 of 4  (9:30–14:30)"
    assert dialog.form["onset_note"].widget.text() == "after about 2 min"
    assert dialog.form["worst_during"].widget.value() == 6
    # choosing another segment drops the note written for the first one...
    dialog.form["onset_segment"].widget.setCurrentIndex(
        dialog.form["onset_segment"].widget.findData(5)
    )
    assert dialog.form["onset_note"].widget.text() == ""
    # ...but never a note the runner wrote
    dialog.form["onset_note"].widget.setText("right at the start of the hill")
    dialog.form["onset_segment"].widget.setCurrentIndex(
        dialog.form["onset_segment"].widget.findData(7)
    )
    assert dialog.form["onset_note"].widget.text() == "right at the start of the hill"


@pytest.mark.parametrize("width", [0, 1300, 640])
def test_the_onset_note_shows_its_words_from_the_start(qtbot: QtBot, width: int) -> None:
    """A mark in the warm-up's first seconds fills the note with "in the first few seconds".
    Beside the segment's box the field was too narrow for it and showed it scrolled to its end
    ("n the first few seconds"). On its own line, under the segment, it shows all of it: at the
    size the dialog opens at, wide, and narrow (one column)."""
    dialog = open_dialog(qtbot, (PainMark(3_000, 0, 6),))
    if width:  # else the size it opens at
        dialog.resize(width, 700)
    dialog.describe_button.click()
    segment = dialog.form["onset_segment"].widget
    note = dialog.form["onset_note"].widget
    qtbot.waitUntil(lambda: note.isVisible())
    assert note.text() == "in the first few seconds"
    assert segment.currentText() == "Warm-up  (0:00–5:00)"
    # nothing scrolled out of sight: the end of the text (where the cursor is) is as far from
    # the field's left edge as the text is wide, past the frame and margins
    words = note.fontMetrics().horizontalAdvance(note.text())
    assert note.cursorRect().center().x() >= words
    assert note.cursorRect().right() < note.width()
    # on the line under the segment's box, as wide as it
    assert note.x() == segment.x()
    assert note.y() > segment.y() + segment.height() - 1
    assert note.width() == segment.width()


def test_each_area_keeps_its_own_side(qtbot: QtBot) -> None:
    """The side box follows the current area; limbs have no centre; the list shows sides."""
    dialog = open_dialog(qtbot)
    dialog.describe_button.click()
    assert not dialog.side.isEnabled()  # nothing ticked yet
    dialog.areas.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.side.setCurrentIndex(dialog.side.findData(Side.LEFT))
    knee = dialog.areas.item(2)
    dialog.areas.setCurrentItem(knee)
    assert [dialog.side.itemText(i) for i in range(dialog.side.count())] == [
        "Left",
        "Right",
        "Both sides",
    ]
    knee.setCheckState(Qt.CheckState.Checked)
    dialog.side.setCurrentIndex(dialog.side.findData(Side.RIGHT))
    assert dialog.chosen_areas() == (
        BodyArea(Region.LOWER_BACK, Side.LEFT),
        BodyArea(Region.KNEE, Side.RIGHT),
    )
    assert dialog.areas.item(0).text() == "Lower back — left"
    assert knee.text() == "Knee — right"
    assert dialog.areas.item(1).text() == "Hip"


def test_red_flags_are_asked_only_for_the_back_and_only_once(qtbot: QtBot) -> None:
    """A knee alone asks nothing; ticking the back shows the questions, and they stay."""
    dialog = open_dialog(qtbot)
    dialog.describe_button.click()
    dialog.areas.item(2).setCheckState(Qt.CheckState.Checked)  # knee
    assert not dialog.red_flags_box.isVisible()
    assert dialog.details_report().red_flags_asked is False
    back = dialog.areas.item(0)
    back.setCheckState(Qt.CheckState.Checked)
    assert dialog.red_flags_box.isVisible()
    back.setCheckState(Qt.CheckState.Unchecked)
    back.setCheckState(Qt.CheckState.Checked)
    assert dialog.red_flags_box.isVisible()
    assert not dialog.advice_panel.isVisible()
    report = dialog.details_report()
    assert (report.red_flags_asked, report.red_flags_yes) == (True, ())


def test_a_999_symptom_shows_emergency_advice_and_is_recorded(qtbot: QtBot) -> None:
    """One "yes" to a 999 symptom: the advice appears at once and the report records it."""
    dialog = open_dialog(qtbot)
    keys = Keyboard()
    keys.key(Qt.Key.Key_Return)
    keys.key(Qt.Key.Key_Space)  # lower back
    assert not dialog.advice_panel.isVisible()
    saddle = dialog.red_flag_boxes["saddle-numbness"]
    qtbot.mouseClick(saddle, Qt.MouseButton.LeftButton, pos=saddle.rect().center())
    assert dialog.advice_panel.isVisible()
    assert dialog.advice_panel.headline.text() == "Get medical help now: call 999 or go to A&E."
    assert "Please stop the running programme" in dialog.advice_panel.body.text()
    advice = dialog.advice()
    assert advice is not None
    assert [flag.id for flag in advice.flags] == ["saddle-numbness"]
    keys.key(Qt.Key.Key_Return, modifier=Qt.KeyboardModifier.ControlModifier)
    report = dialog.report()
    assert report is not None
    assert report.red_flags_asked is True
    assert report.red_flags_yes == ("saddle-numbness",)
    assert report.areas == (BodyArea(Region.LOWER_BACK, Side.CENTRE),)


def test_urgent_symptoms_show_gp_advice_and_untick_hides_it(qtbot: QtBot) -> None:
    """Urgent-only answers point to an urgent GP/111; unticking every yes hides the panel."""
    dialog = open_dialog(qtbot)
    dialog.describe_button.click()
    dialog.areas.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.red_flag_boxes["rest-or-night"].setChecked(True)
    assert dialog.advice_panel.headline.text() == (
        "Ask for an urgent GP appointment or call NHS 111 today."
    )
    dialog.red_flag_boxes["both-legs"].setChecked(True)
    assert dialog.advice_panel.headline.text() == "Get medical help now: call 999 or go to A&E."
    assert dialog.red_flags_yes() == ("both-legs", "rest-or-night")
    for box in dialog.red_flag_boxes.values():
        box.setChecked(False)
    assert not dialog.advice_panel.isVisible()
    assert dialog.advice() is None


def test_back_returns_to_the_question(qtbot: QtBot) -> None:
    """Back leaves the details for the first question, with the default button restored."""
    dialog = open_dialog(qtbot)
    dialog.describe_button.click()
    assert dialog.pages.currentIndex() == 1
    dialog.back_button.click()
    assert dialog.pages.currentIndex() == 0
    assert dialog.describe_button.isDefault()
    assert not dialog.save_button.isDefault()


# --- morning check-in ----------------------------------------------------------------------------


@pytest.fixture
def checkin(qtbot: QtBot) -> CheckinDialog:
    dialog = CheckinDialog(None, "After W4R1 yesterday: lower back, worst 6 of 10.")
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def test_checkin_by_keyboard(checkin: CheckinDialog) -> None:
    """Type the two numbers and a note, press Enter: the check-in is exactly that."""
    keys = Keyboard()
    assert keys.focus() is checkin.intensity
    keys.type("3")
    keys.key(Qt.Key.Key_Tab)
    keys.type("5")
    keys.key(Qt.Key.Key_Tab)
    keys.type("stiff on the stairs")
    keys.key(Qt.Key.Key_Return)
    assert checkin.result() == QDialog.DialogCode.Accepted
    assert checkin.checkin() == Checkin(intensity=3, stiffness=5, notes="stiff on the stairs")


def test_checkin_needs_both_numbers(checkin: CheckinDialog) -> None:
    """Save stays off until both numbers are given; 0 counts as given."""
    assert not checkin.save_button.isEnabled()
    assert checkin.missing.isVisible()
    checkin.intensity.setValue(0)
    assert not checkin.save_button.isEnabled()
    checkin.stiffness.setValue(0)
    assert checkin.save_button.isEnabled()
    assert not checkin.missing.isVisible()
    checkin.save_button.click()
    assert checkin.checkin() == Checkin(intensity=0, stiffness=0)


def test_checkin_later_gives_nothing(checkin: CheckinDialog) -> None:
    """Later (or Escape) returns no check-in."""
    checkin.intensity.setValue(4)
    Keyboard().key(Qt.Key.Key_Escape)
    assert checkin.result() == QDialog.DialogCode.Rejected
    assert checkin.checkin() is None


def test_an_earlier_report_opens_for_editing_unchanged(qtbot: QtBot) -> None:
    """Opened from History with a saved report: the details show it and save it back as it was,
    including a red-flag id this version does not know."""
    earlier = full_report(
        worst_during=7,
        intensity_after=0,
        onset_segment=5,
        onset_note="on the hill",
        eased_in_walks=Eased.PARTLY,
        terrain=Terrain.MIXED,
        surface=Surface.TRAIL,
        notes="new shoes",
        red_flags_yes=("fever", "from-a-newer-version"),
    )
    dialog = PostRunDialog(None, WEEK4, MARKS, True, earlier=earlier)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.pages.currentIndex() == 1
    assert dialog.advice_panel.headline.text() == (
        "Ask for an urgent GP appointment or call NHS 111 today."
    )
    dialog.save_button.click()
    assert dialog.report() == earlier


def test_advice_is_scrolled_into_view(qtbot: QtBot) -> None:
    """On a small screen the details scroll; a "yes" brings the advice fully into view."""
    dialog = open_dialog(qtbot)
    dialog.describe_button.click()
    dialog.areas.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.details_scroll.verticalScrollBar().setValue(0)
    dialog.red_flag_boxes["chest-pain"].setChecked(True)
    viewport = dialog.details_scroll.viewport()
    panel = dialog.advice_panel

    def advice_in_view() -> None:
        top_left = panel.mapTo(viewport, QPoint(0, 0))
        assert viewport.rect().contains(QRect(top_left, panel.size()))

    qtbot.waitUntil(advice_in_view, timeout=2000)


def test_details_use_one_column_when_two_do_not_fit(qtbot: QtBot) -> None:
    """Wide: "How was it?" sits beside "Where?". Narrow: below it. Never a sideways scroll."""
    dialog = open_dialog(qtbot)
    dialog.describe_button.click()
    content = dialog.details_scroll.widget()
    viewport = dialog.details_scroll.viewport()

    dialog.resize(1300, 700)
    qtbot.waitUntil(lambda: dialog.how_box.y() == dialog.where_box.y())
    assert dialog.how_box.x() > dialog.where_box.x()

    dialog.resize(640, 700)
    qtbot.waitUntil(lambda: dialog.how_box.x() == dialog.where_box.x())
    assert dialog.how_box.y() > dialog.red_flags_box.y()
    assert content.width() <= viewport.width()


def test_each_alt_key_on_the_details_page_reaches_one_control(qtbot: QtBot) -> None:
    """Alt+O went to "Pain now" instead of Notes and Alt+S to Side instead of Save report, so
    the runner's note was lost when the report was filled in by keyboard (issue 12, e2e)."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    dialog = open_dialog(qtbot, (PainMark(30_000, 1, 4),))
    dialog.describe_button.click()
    page = dialog.pages.currentWidget()
    texts = [w.text() for w in page.findChildren(QLabel) if w.buddy() is not None]
    texts += [w.text() for w in page.findChildren(QAbstractButton)]
    keys = [m.group(1).lower() for t in texts for m in [re.search(r"&(\w)", t)] if m]
    assert len(keys) >= 8
    assert sorted(keys) == sorted(set(keys)), texts
