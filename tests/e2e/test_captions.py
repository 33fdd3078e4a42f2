"""Issue 12, defect 12: every spoken cue also shows on the screen, so a runner with no sound
device (or who cannot hear it) still gets the form reminders and each sentence said."""

from __future__ import annotations

import re

from tests.helpers.desktop import Desktop

SETTINGS = re.compile("^Settings — CouchTimer$")


def test_form_reminders_show_on_screen_without_sound(desktop: Desktop) -> None:
    desktop.step("turn on form reminders every minute")
    desktop.start_app("--speed", "10", sound="missing")
    desktop.key("ctrl+comma")
    desktop.click(desktop.find("check box", "Form reminders", window=SETTINGS))
    # no "Halfway" (at 1:30, 9 s at this speed) to take the reminder's place on the line too soon
    desktop.click(desktop.find("check box", "Halfway cue", window=SETTINGS))
    desktop.click(desktop.find("spin button", "Remind every", window=SETTINGS))
    desktop.key("ctrl+a")
    desktop.type("1")
    desktop.click(desktop.find("push button", "OK", window=SETTINGS))
    desktop.wait_no_window(SETTINGS)

    desktop.step("W4R1, past the warm-up: a minute into the first 3-minute run")
    desktop.find("spin button", "The week of the programme you are in")
    desktop.key("alt+w", "ctrl+a")
    desktop.type("4")
    desktop.wait_text("Next: week 4, run 1")
    desktop.key("Return")
    desktop.wait_window(re.compile("^Week 4, run 1 — CouchTimer$"))
    desktop.key("Right")  # the reminder is due 6 s later, and shows for 4 s
    # the run's announcement, two sentences shown as two (they ran together before)
    desktop.wait_text("Run for three minutes. Run one of four")
    desktop.wait_text("Form check: run tall", timeout=15)
    desktop.assert_no_error()
