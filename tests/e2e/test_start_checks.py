"""What the history file says at start is asked before any run can start, in the real app.

The window shows before the history file is opened (start-up time, benchmarks/startup.py); the
file's checks follow at once and no run starts until they have run (``AppPresenter.hold_starts``,
tested without widgets in tests/ui/test_app_presenter.py). Here the runner's view of it: a run
cut off by a crash is offered back at the next start, and a morning check-in that is due is
asked at start, as before. The red-flag gate at start is tests/e2e/test_red_flag_gate.py.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from couchtimer.core.demo import MarkAt, make_run
from couchtimer.core.pain import BodyArea, PainReport, Region, Side
from couchtimer.formats.history_json import export_json
from couchtimer.programmes import resolve_programme
from tests.helpers.desktop import Desktop

INTERRUPTED = re.compile("^A run was interrupted")
CHECKIN = re.compile("^Morning check-in")


def test_a_run_cut_off_by_a_crash_is_offered_back_at_the_next_start(desktop: Desktop) -> None:
    desktop.step("a run under way when the app is killed")
    desktop.launch("--start", "W1R1")
    desktop.wait_window(re.compile("^Week 1, run 1 — "), timeout=20)
    killed = desktop.app
    killed.kill()  # SIGKILL: no chance to end the run
    desktop.apps.remove(killed)

    desktop.step("the next start asks about it first, over Today")
    desktop.launch()
    desktop.wait_window(INTERRUPTED, timeout=20)
    desktop.wait_text(
        re.compile(r"^Week 1, run 1 on \w+ \d+ \w+ at \d\d:\d\d stopped before it ended"),
        window=INTERRUPTED,
    )
    desktop.screenshot("interrupted-run-at-start")
    desktop.key("Return", window=INTERRUPTED)  # "Save what was done", the default
    desktop.wait_no_window(INTERRUPTED)
    desktop.wait_window("CouchTimer")
    desktop.assert_no_error()
    (run,) = json.loads(desktop.cli("history", "--json").stdout)["runs"]
    assert (run["week"], run["run"], run["status"]) == (1, 1, "ended early")


def test_a_checkin_due_this_morning_is_asked_at_start(desktop: Desktop, tmp_path: Path) -> None:
    desktop.step("yesterday's W4R2 hurt (4/10) and has no check-in yet")
    now = datetime.now(UTC)
    nhs = resolve_programme("nhs-c25k")
    report = PainReport(False, areas=(BodyArea(Region.LOWER_BACK, Side.CENTRE),), worst_during=4)
    run = make_run(
        1, nhs.id, nhs.workout(4, 2), now - timedelta(days=1), [MarkAt(1, 30, 4)], report
    )
    export = tmp_path / "yesterday.json"
    export.write_text(export_json([run], now), encoding="utf-8")

    desktop.step("the app opens with the morning check-in asked")
    desktop.start_app(history=export)
    desktop.wait_window(CHECKIN, timeout=20)
    desktop.wait_text(
        re.compile(r"^After week 4, run 2 on \w+, where you noted some discomfort\.$"),
        window=CHECKIN,
    )
    desktop.screenshot("checkin-at-start")
    desktop.key("Escape", window=CHECKIN)
    desktop.wait_no_window(CHECKIN)
    desktop.assert_no_error()
