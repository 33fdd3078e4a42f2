"""Issue 20: CouchTimer as a screen reader meets it, over the real AT-SPI bus.

Each screen's tree (Today, the run screen in a run segment, the post-run dialog, Settings, History
on both chart tabs) is read from the accessibility bus and saved as an artefact
(``tree-<screen>.txt``). On each: every showing control has a name (its own, or its label's through
"labelled by"), and the names carry the visible labels; the run screen exposes the segment kind,
"Run N of M", the time left and the next segment as text; announcements reach the bus as
``object:announcement`` events on a segment change and on pause; Tab reaches every control and
leaves the History table; selecting a History row through AT-SPI moves the chart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tests.helpers.desktop import Desktop, Widget
from tests.helpers.paths import E2E_HISTORY

#: Roles a keyboard or screen-reader user operates.
CONTROLS = frozenset(
    {
        "push button",
        "toggle button",
        "check box",
        "radio button",
        "combo box",
        "spin button",
        "spin box",  # AT-SPI's GetRoleName says "spin box" where pyatspi says "spin button"
        "page tab",
        "text",
        "table",
        "slider",
    }
)
CELLS = frozenset({"table cell", "cell"})  # pyatspi's and GetRoleName's words


def save_tree(desktop: Desktop, screen: str) -> list[Widget]:
    """The showing tree, written to the test's artefacts for the record."""
    tree = desktop.tree()
    desktop.artefacts.mkdir(parents=True, exist_ok=True)
    lines = []
    for widget in tree:
        line = "  " * widget.depth + f"[{widget.role}] {widget.name!r}"
        if widget.description:
            line += f" desc={widget.description[:100]!r}"
        if widget.labelled_by:
            line += f" labelled-by={list(widget.labelled_by)!r}"
        flags = sorted(widget.states & {"focusable", "focused", "checked", "pressed"})
        lines.append(line + (f" {{{','.join(flags)}}}" if flags else ""))
    (desktop.artefacts / f"tree-{screen}.txt").write_text("\n".join(lines) + "\n", "utf-8")
    return tree


def unnamed_controls(tree: Iterable[Widget]) -> list[str]:
    """Controls that show and take focus but have neither a name nor a label."""
    return [
        str(w)
        for w in tree
        if w.role in CONTROLS
        and "focusable" in w.states
        and not w.name.strip()
        and not w.labelled_by
    ]


def names(tree: Iterable[Widget], role: str) -> list[str]:
    return [w.name for w in tree if w.role == role]


def focused(desktop: Desktop) -> Widget:
    return desktop._wait(
        lambda: next((w for w in desktop.tree() if w.focused and w.role != "frame"), None),
        5,
        lambda: "nothing has the keyboard focus",
    )


def tab_walk(desktop: Desktop, presses: int) -> list[Widget]:
    """Where each Tab press lands (the focused widget after each)."""
    reached = []
    for _ in range(presses):
        desktop.key("Tab")
        reached.append(focused(desktop))
    return reached


def test_every_screen_reads_and_tabs_through_atspi(desktop: Desktop) -> None:
    desktop.listen_for_announcements()
    desktop.start_app(history=E2E_HISTORY)

    desktop.step("Today")
    desktop.find("push button", re.compile("^Start week 5, run 2$"))
    today = save_tree(desktop, "today")
    assert unnamed_controls(today) == []
    labels = [w.name for w in today if w.role == "label"]
    assert "Next: week 5, run 2 (done before; repeating is fine)" in labels
    assert any(
        name.startswith("31:00 in all: Warm-up 5:00 · Run 8:00 · Walk 5:00") for name in labels
    ), labels
    cells = [n for n in names(today, "check box") if re.match(r"W\dR\d  \d+:\d\d: week", n)]
    assert len(cells) == 27
    assert "W1R1  30:00: week 1 run 1, done" in cells
    programme = next(w for w in today if w.role == "combo box" and w.name == "NHS Couch to 5K")
    assert programme.labelled_by == ("Programme:",)
    desktop.focus()
    walk = tab_walk(desktop, 32)
    reached = {w.name for w in walk}
    assert "" not in reached
    assert {"NHS Couch to 5K", "Start week 5, run 2", "Choose any run"} <= reached
    assert {"Today and History", "Today"} & reached  # the tab widget or its current tab
    assert set(cells) <= reached | {w.name for w in today if w.focused}

    desktop.step("the run screen in a run segment")
    desktop.key("ctrl+1")
    desktop.key("Return")  # Start
    desktop.find("label", "WARM-UP")
    desktop.key("Right")  # skip the warm-up: run 1
    desktop.find("label", "RUN")
    run = save_tree(desktop, "run-screen")
    labels = [w.name for w in run if w.role == "label"]
    assert "Run 1 of 2" in labels
    countdown = next(w for w in run if w.role == "label" and re.fullmatch(r"0[78]:\d\d", w.name))
    assert countdown.description == f"{countdown.name} left in this segment"
    assert "Next: Walk 05:00" in labels
    assert any(re.fullmatch(r"\d\d:\d\d left in all", name) for name in labels), labels
    assert unnamed_controls(run) == []
    buttons = ["← Back", "Pause", "Skip →", "Pain now", "End run", "Full screen"]
    volume = ["Quieter (−)", "Louder (+)"]  # in the footer, above the run's buttons
    assert [w.name for w in run if w.role in ("push button", "check box")] == volume + buttons
    assert "Volume 80 %" in labels
    heard = desktop.announcements()
    assert any(
        re.fullmatch(r"RUN\. Run 1 of 2\. 0[78]:\d\d left\. Next: Walk 05:00\.", a) for a in heard
    ), heard
    desktop.key("space")
    desktop.find("check box", "Resume")
    pause = next(w for w in desktop.tree() if w.name == "Resume")
    assert "checked" in pause.states
    heard = desktop.announcements()
    assert any(
        re.fullmatch(r"Paused, 0[78]:\d\d left in Run 1 of 2\. Press Space to resume\.", a)
        for a in heard
    ), heard
    assert {w.name for w in tab_walk(desktop, 6)} == {buttons[0], "Resume", *buttons[2:]}

    desktop.step("the post-run dialog")
    desktop.key("ctrl+e")
    desktop.click(desktop.find("push button", "Yes", window=re.compile("End this run")))
    desktop.wait_window(re.compile("^After the run"))
    post_run = save_tree(desktop, "post-run")
    assert unnamed_controls(post_run) == []
    assert {"No discomfort", "Yes, describe it…", "Later"} <= set(names(post_run, "push button"))
    desktop.click(desktop.find("push button", "Yes, describe it…"))
    desktop.find(name="Details of the discomfort")
    assert unnamed_controls(save_tree(desktop, "post-run-details")) == []
    desktop.key("Escape")

    desktop.step("Settings")
    desktop.key("ctrl+comma")
    desktop.wait_window(re.compile("^Settings — CouchTimer$"))
    settings = save_tree(desktop, "settings")
    assert unnamed_controls(settings) == []
    colours = next(w for w in settings if w.role == "combo box" and w.name == "As the desktop")
    assert colours.labelled_by[0] == "Colours:"
    assert "Single-key shortcuts in a run" in names(settings, "check box")
    desktop.key("Escape")

    desktop.step("History, This run")
    desktop.key("ctrl+2")
    table = desktop.find("table", "Runs")
    history = save_tree(desktop, "history-this-run")
    assert unnamed_controls(history) == []
    chart = next(w for w in history if w.role == "filler" and re.match(r"W\dR\d, ", w.name))
    assert chart.description.startswith(chart.name)
    desktop.select_row("Runs", 3)
    desktop.wait_for(
        lambda: any(w.name.startswith("W4R3, ") for w in desktop.tree() if w.role == "filler"),
        "the chart shows the fourth row's run, W4R3 (newest first)",
    )
    desktop.click(next(w for w in desktop.tree() if w.role in CELLS and w.name.startswith("Week")))
    after_table = tab_walk(desktop, 2)
    assert after_table[0].role not in {"table", *CELLS}, after_table
    assert table.name == "Runs"

    desktop.step("History, Across runs")
    desktop.click(desktop.find("page tab", "Across runs"))
    desktop.find("filler", "Worst pain per run: during, after, next morning")
    across = save_tree(desktop, "history-across-runs")
    assert unnamed_controls(across) == []
    charts = [w for w in across if w.role == "filler" and w.description and "focusable" in w.states]
    assert [c.name for c in charts][:2] == [
        "Worst pain per run: during, after, next morning",
        "Pain marks per run: in run segments and in walks",
    ]
    assert charts[0].description == (
        "15 runs. Highest 6/10 on W4R2 (20 Mar 2026). "
        "Latest run W5R2: during none, after none, next morning none."
    )
    desktop.assert_no_error()
