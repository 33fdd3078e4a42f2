"""The red-flag start gate in the real app: after a red-flag answer Today is on hold, and Start
asks "Urgent advice first" (999 / A&E first); No keeps the runner on Today, Yes starts the run.
The rule is the app presenter's (ui/app_presenter.py, tested without widgets in
tests/ui/test_app_presenter.py); this drives it as a runner does, by keys."""

from __future__ import annotations

import re

from couchtimer.core.redflags import START_ANYWAY_TITLE
from tests.helpers.desktop import Desktop
from tests.helpers.histories import red_flag_history

RUN_TITLE = re.compile("^Week 5, run 2 — CouchTimer$")
GATE = re.compile(f"^{re.escape(START_ANYWAY_TITLE)}( — CouchTimer)?$")


def test_start_asks_first_after_red_flags_and_no_keeps_the_runner_on_today(
    desktop: Desktop,
) -> None:
    desktop.step("a history whose last run answered yes to a red-flag question")
    desktop.start_app(history=red_flag_history(desktop.workdir))
    desktop.wait_text(re.compile("^On hold until the urgent advice below is followed"))
    desktop.find(name="I have been seen by a doctor or physio")
    desktop.screenshot("today-on-hold")

    desktop.step("Start asks first, with the banner's own 999 headline; No keeps Today")
    desktop.key("Return")  # Start week 5, run 2: the default button
    desktop.wait_window(GATE)
    desktop.wait_text(re.compile("^Get medical help now: call 999"), window=GATE)
    desktop.screenshot("red-flag-gate")
    desktop.key("alt+n", window=GATE)
    desktop.wait_no_window(GATE)
    desktop.wait_text(re.compile("^On hold until the urgent advice below is followed"))
    assert desktop.all_windows(RUN_TITLE) == []

    desktop.step("asked again, Yes starts the run")
    desktop.key("Return")
    desktop.wait_window(GATE)
    desktop.key("alt+y", window=GATE)
    desktop.wait_window(RUN_TITLE)
    desktop.assert_no_error()
