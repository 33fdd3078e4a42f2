"""History, as a person uses it with a mouse."""

from __future__ import annotations

from tests.helpers.desktop import Desktop
from tests.helpers.paths import E2E_HISTORY

WORST = "Worst pain per run: during, after, next morning"


def test_the_wheel_over_a_chart_scrolls_the_page_and_never_zooms(desktop: Desktop) -> None:
    """Issue 12, defect 6: the wheel zoomed an Across-runs chart (y -600..400, no way back)."""
    desktop.start_app(history=E2E_HISTORY)
    desktop.key("ctrl+2")
    desktop.click(desktop.find("page tab", "Across runs"))
    chart = desktop.find(name=WORST)
    x, y, width, height = chart.extents or (0, 0, 0, 0)
    visible = (x, y, width, min(height, desktop.size[1] - y - 60))
    desktop.xdotool("mousemove", "0", str(desktop.size[1] - 1))  # no hover tip in the picture
    before = desktop.pixels(*visible)

    # Down, over the part of the chart on the screen (the findings above it push its middle
    # near the bottom edge, under the words of issue 16).
    middle = (str(visible[0] + visible[2] // 2), str(visible[1] + visible[3] // 2))
    desktop.xdotool("mousemove", *middle, "click", "--repeat", "3", "--delay", "30", "5")
    desktop.wait_for(lambda: desktop.find(name=WORST).extents[1] < y, "the page scrolled down")  # type: ignore[index]
    desktop.scroll(desktop.find(name=WORST), -3)  # and back up
    desktop.wait_for(lambda: desktop.find(name=WORST).extents == chart.extents, "back at the top")
    desktop.xdotool("mousemove", "0", str(desktop.size[1] - 1))
    desktop.wait_for(lambda: desktop.pixels(*visible) == before, "the chart drawn as before")
    desktop.assert_no_error()
