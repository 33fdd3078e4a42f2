"""The runner's first evening with CouchTimer, as a person does it (issue 12).

Fresh data; "I am in week 4"; W4R1 at --speed with pain marked in two run segments (none in
walks); the post-run report filled in by keyboard; Today's Next and advice; History; and the
history exported through the CLI holds every mark in the right segment.
"""

from __future__ import annotations

import re

from tests.helpers.desktop import Desktop

SPEED = "400"  # W4R1 (31:30) in under 5 s
RUN_TITLE = re.compile("^Week 4, run 1 — CouchTimer$")
NOTE = "Felt it on the long hill down to the river."


def tab_to(desktop: Desktop, name: str, window: re.Pattern[str], presses: int) -> None:
    """Press Tab ``presses`` times, as the dialog's tab order says, then check that the widget
    with this name has the keyboard (one more Tab at a time, up to 10, if not)."""
    desktop.key(*["Tab"] * presses)
    for _ in range(10):
        if any(w.focused for w in desktop.find_all(None, name, window)):
            return
        desktop.key("Tab")
    desktop.fail(f"Tab never reached {name!r}")


def showing(desktop: Desktop, *wanted: str | re.Pattern[str]) -> None:
    """Until every one of these texts shows at once (one look at the screen per try)."""

    def found(texts: list[str], want: str | re.Pattern[str]) -> bool:
        if isinstance(want, str):
            return want in texts
        return any(want.search(text) for text in texts)

    def missing() -> list[str | re.Pattern[str]]:
        texts = desktop.texts()
        return [want for want in wanted if not found(texts, want)]

    desktop.wait_for(lambda: not missing(), f"all of {wanted!r} showing")


def test_the_runners_first_evening(desktop: Desktop) -> None:
    desktop.step("a runner new to the app says they are in week 4")
    desktop.start_app("--speed", SPEED)
    desktop.find(name="The week of the programme you are in")
    # The history file is attached once the window shows, and Today is refreshed then (the week
    # row with it): type only after that, or a slow machine loses the "4" (its advice shows last).
    showing(desktop, "Start with W1R1 when you are ready.")
    desktop.key("alt+w", "ctrl+a")
    desktop.type("4")
    showing(desktop, "Next: week 4, run 1", "Start with W4R1 when you are ready.")

    desktop.step("start W4R1 and mark pain in two run segments")
    desktop.key("Return")
    desktop.wait_window(RUN_TITLE)
    # Skip the warm-up, mark 4/10 at once in run 1 (segment 2), skip to run 2 (segment 4) and
    # mark 5/10 there: nothing is marked in a walk. Then the run goes on to its end.
    desktop.key("Right", "p", "4", "Right", "Right", "p", "5")

    desktop.step("the post-run report, by keyboard")
    after = re.compile("^After the run")
    desktop.wait_window(after, timeout=30)
    desktop.assert_no_error()
    desktop.key("alt+y", window=after)  # "Yes, describe it…": the list of body areas has focus
    desktop.wait_for(
        lambda: any(w.focused for w in desktop.find_all(None, "Lower back", after)),
        "the details page, with Lower back (the first area) focused",
    )
    desktop.key("space")  # tick it
    desktop.key("alt+w")
    desktop.type("6")  # worst during the run
    # worst, pain now, started in, when in it, then the "eased in the walks?" radio buttons
    tab_to(desktop, "Yes", after, presses=4)
    desktop.key("space")
    tab_to(desktop, "Stabbing", after, presses=2)  # after "Aching"
    desktop.key("space")
    desktop.key("alt+n")
    desktop.type(NOTE)
    desktop.key("alt+t", "Down", "Down", "Down")  # terrain: flat, uphill, downhill
    desktop.key("Return")  # the dialog's default button: Save report
    desktop.wait_no_window(after)

    desktop.step("Today: Next and the advice agree")
    showing(
        desktop,
        re.compile(r"^Next: week 4, run 1\b"),
        "Rest, and see a GP or physiotherapist before your next run.",
        re.compile(r"^Pain reached 6/10 on W4R1"),
        "Run complete, with some parts skipped. Well done! You marked pain 2 times.",
    )
    desktop.screenshot("today-after-the-first-run")

    desktop.step("History lists the run as the runner would say it")
    desktop.key("ctrl+2")
    showing(
        desktop,
        "Completed with skips",
        re.compile(r"W4R1: completed with skips\. Worst during the run: 6/10 \(highest mark 5\)\."),
    )
    desktop.screenshot("history-after-the-first-run")
    desktop.assert_no_error()

    desktop.step("the export holds every mark in its segment")
    (run,) = desktop.history()
    assert (run["programme_id"], run["week"], run["run"], run["status"]) == (
        "nhs-c25k",
        4,
        1,
        "completed",
    )
    kinds = [segment["kind"] for segment in run["planned"]]
    marks = [(m["segment_index"], m["intensity"]) for m in run["marks"]]
    assert marks == [(1, 4), (3, 5)]
    assert [kinds[index] for index, _ in marks] == ["run", "run"]
    for mark in run["marks"]:  # inside the visit of its segment that was running then
        seconds = mark["offset_ms"] / 1000
        assert any(
            s["segment_index"] == mark["segment_index"]
            and s["actual_start"] <= seconds <= s["actual_start"] + s["actual_seconds"]
            for s in run["segments"]
        ), mark
    report = run["report"]
    assert report["areas"] in ('[["lower-back", "centre"]]', [["lower-back", "centre"]])
    assert (report["worst_during"], report["eased_in_walks"], report["terrain"]) == (
        6,
        "yes",
        "downhill",
    )
    assert report["characters"] in ('["stabbing"]', ["stabbing"])
    assert report["notes"] == NOTE

    desktop.step("the CLI says what Today says")
    shown = desktop.cli("next", "--json").stdout
    assert '"code": "W4R1"' in shown
    assert '"suggestion": "Rest, and see a GP or physiotherapist before your next run."' in shown
