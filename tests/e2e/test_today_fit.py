"""Today's advice at the window's smallest size: the red-flag suggestion and its reason keep
every line (they were squeezed to one, "Rest, and see a GP or", since Qt's minimum window size
does not count wrapped labels' heights); the page scrolls instead. Read off the accessibility
tree: a wrapped label may only grow taller as the window narrows, never shorter."""

from __future__ import annotations

import re

from tests.helpers.desktop import Desktop
from tests.helpers.histories import red_flag_history

ON_HOLD = re.compile("^On hold until the urgent advice below is followed")
SUGGESTION = "Please do not run again yet: seek urgent medical help (see the red-flag advice)."
REASON = re.compile("^After W5R2 you answered yes to 1 red-flag question")


def heights(desktop: Desktop) -> tuple[int, int]:
    """The suggestion's and the reason's heights on the screen, in pixels."""
    found = [desktop.find(name=SUGGESTION), desktop.find(name=REASON)]
    sizes = [w.extents[3] for w in found if w.extents is not None]
    assert len(sizes) == 2, found
    return sizes[0], sizes[1]


def test_the_red_flag_advice_keeps_every_line_at_the_smallest_size(desktop: Desktop) -> None:
    main = desktop.start_app(history=red_flag_history(desktop.workdir))
    desktop.wait_text(ON_HOLD)
    suggestion, reason = heights(desktop)  # at 1100 px wide: one line, and the reason's lines

    smallest = desktop.minimum_size(main)
    desktop.xdotool("windowsize", "--sync", str(main.id), *map(str, smallest))
    desktop.wait_for(lambda: desktop.geometry(main)[2:] == smallest, "the smallest window")
    # ~250 px wide: the suggestion takes three lines, the reason twice its lines or more
    desktop.wait_for(
        lambda: heights(desktop)[0] >= 3 * suggestion and heights(desktop)[1] >= 2 * reason,
        f"the advice at its full height (it was {suggestion} and {reason} px at the first size)",
    )
    desktop.screenshot("today-smallest")
    desktop.assert_no_error()
