"""Launching CouchTimer while it is already open."""

from __future__ import annotations

import json
import re

from tests.helpers.desktop import Desktop
from tests.helpers.paths import CUSTOM_PROGRAMME, E2E_HISTORY


def test_second_launch_raises_the_open_window_and_exits_0(desktop: Desktop) -> None:
    """Issue 12, defect 2: `couchtimer` with no arguments crashed (exit 1) when one was open."""
    first = desktop.start_app()
    cover = desktop.cover_screen()
    middle = (first.x + first.width // 2, first.y + first.height // 2)
    desktop.wait_for(lambda: desktop.window_at(*middle) == int(cover), "the other window on top")
    second = desktop.launch()
    assert desktop.exit_status(second) == 0, second.output()
    assert "CouchTimer is already running; its window has been raised." in second.output()
    desktop.wait_for(lambda: desktop.window_at(*middle) == first.id, "CouchTimer's window on top")
    assert [w.title for w in desktop.all_windows(re.compile("CouchTimer"))] == ["CouchTimer"]
    desktop.assert_no_error()


def test_today_behind_the_post_run_dialog_counts_the_run_just_done(desktop: Desktop) -> None:
    """Issue 12, item 13: behind the first run's post-run dialog Today still said "There are no
    runs recorded yet"."""
    desktop.start_app("--programme", str(CUSTOM_PROGRAMME), "--start", "W1R1", speed=10)
    desktop.wait_window(re.compile("^After the run"), timeout=30)
    desktop.wait_text(re.compile("^Run complete"), window="CouchTimer")
    assert not [t for t in desktop.texts("CouchTimer") if "no runs recorded yet" in t]
    desktop.key("Escape", window=re.compile("^After the run"))
    desktop.assert_no_error()


def test_couchtimer_gui_takes_the_app_options_and_quits_after(desktop: Desktop) -> None:
    """Issue 18, item 7: `couchtimer-gui --quit-after 1` opened the app and never quit (the
    script ignored its arguments); it takes the options `couchtimer` takes without a command."""
    app = desktop.launch("--quit-after", "1", command="couchtimer-gui")
    desktop.wait_window("CouchTimer")
    assert desktop.exit_status(app) == 0, app.output()
    desktop.wait_no_window("CouchTimer")
    assert desktop.exit_status(desktop.launch("--start", "W9R9", command="couchtimer-gui")) == 2


def test_start_next_starts_the_run_today_offers(desktop: Desktop) -> None:
    """The desktop entry's "Start next run" action: `couchtimer --start next` opens straight
    into the run that `couchtimer next` (and Today) offer, here W5R2 after week 4's history;
    a second `--start next` while that run goes on starts nothing and says so."""
    desktop.cli("import", str(E2E_HISTORY))
    chosen = json.loads(desktop.cli("next", "--json").stdout)
    assert (chosen["week"], chosen["run"]) == (5, 2)
    desktop.launch("--start", "next")
    desktop.wait_window(re.compile("^Week 5, run 2 — "), timeout=20)
    second = desktop.launch("--start", "next")
    assert desktop.exit_status(second) == 0, second.output()
    assert second.output() == (
        "CouchTimer is already running; its window has been raised and asked to start the "
        "next run.\n"
    )
    desktop.wait_text("A run is in progress; the next run was not started.")
    desktop.assert_no_error()
