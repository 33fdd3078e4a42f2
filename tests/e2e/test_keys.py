"""Key chords reach the app as a person presses them, even when it reads them late.

On a loaded machine the app can be off the CPU while a chord arrives and then read all of its
key events in one go. ``xdotool key alt+w`` releases Alt before W; read in one go, with Qt's
AT-SPI bridge on, that lone Alt release opened menu-bar navigation ("File" highlighted) and the
next keys never reached the week box. ``Desktop.key`` presses a chord as a person does (the
letter released before the modifier); this test stops the app while the keys arrive, so the
app reads them in one go every time, not just when the machine is loaded.
"""

from __future__ import annotations

import os
import signal

from tests.helpers.desktop import Desktop, chord_presses


def test_a_chord_is_released_letter_first_then_modifiers_last_first() -> None:
    assert chord_presses(["ctrl+shift+Tab", "Return"]) == [
        "keydown", "--delay", "40", "ctrl", "shift",
        "key", "--delay", "40", "Tab",
        "keyup", "--delay", "40", "shift", "ctrl",
        "key", "--delay", "40", "Return",
    ]  # fmt: skip


def test_alt_w_typed_while_the_app_is_busy_still_sets_the_week(desktop: Desktop) -> None:
    desktop.step("the app is busy while the runner types Alt+W, Ctrl+A and 4")
    desktop.start_app()
    desktop.find(name="The week of the programme you are in")
    desktop.wait_text("Start with W1R1 when you are ready.")
    desktop.focus()
    desktop.wait_for(
        lambda: any(w.focused for w in desktop.find_all(None, "Today")), "Today's tab focused"
    )
    os.kill(desktop.app.pid, signal.SIGSTOP)  # off the CPU, as on a loaded machine
    try:
        desktop.key("alt+w", "ctrl+a")
        desktop.type("4")
    finally:
        os.kill(desktop.app.pid, signal.SIGCONT)

    desktop.step("the keys reached the week box, not the menu bar")
    desktop.wait_text("Next: week 4, run 1")
    (week_box,) = desktop.find_all("spin button", "The week of the programme you are in")
    assert week_box.focused
    assert not [w for w in desktop.find_all("menu item") if w.focused]
    assert '"code": "W4R1"' in desktop.cli("next", "--json").stdout
