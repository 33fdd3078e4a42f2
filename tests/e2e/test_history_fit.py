"""History's words on the real screen, at the window's first size and at its smallest: the run
list's titles whole (the last one showed "egment"), and a run's During / After / Morning apart
(they ran into each other as "DuringAfterMorning"). Read off screenshots: the titles' extents
come from the accessibility tree, the words are found as dark pixels."""

from __future__ import annotations

from tests.helpers.desktop import Desktop
from tests.helpers.paths import E2E_HISTORY

TITLES = ("Date", "Run", "Status", "Worst", "Segments")
NEWEST = "W5R2, 25 Mar 2026"  # the run shown first: the newest of E2E_HISTORY


def grid(data: bytes, width: int, height: int) -> list[list[tuple[int, int, int]]]:
    """RGB bytes as rows of pixels, 0-255 (ImageMagick writes 16-bit samples, high byte first,
    where it is built for them)."""
    step = len(data) // (width * height * 3)
    values = data[::step]
    return [
        [tuple(values[(y * width + x) * 3 : (y * width + x) * 3 + 3]) for x in range(width)]  # type: ignore[misc]
        for y in range(height)
    ]


def ink(pixel: tuple[int, int, int]) -> bool:
    """Text (black on the light palette); not the grey lines, not the coloured marks."""
    return max(pixel) < 90


def coloured(pixel: tuple[int, int, int]) -> bool:
    return max(pixel) - min(pixel) > 40


def runs_of(flags: list[bool], gap: int) -> list[tuple[int, int]]:
    """(first, last) of each stretch of True, stretches closer than ``gap`` joined."""
    found: list[tuple[int, int]] = []
    for i, on in enumerate(flags):
        if not on:
            continue
        if found and i - found[-1][1] <= gap:
            found[-1] = (found[-1][0], i)
        else:
            found.append((i, i))
    return found


def cut_titles(desktop: Desktop) -> list[str]:
    """The run list's titles not written whole inside their sections."""
    cut = []
    for title in TITLES:
        x, y, width, height = desktop.find("table column header", title).extents or (0, 0, 0, 0)
        rows = grid(desktop.pixels(x, y, width, height), width, height)
        inked = [i for i in range(width) if any(ink(row[i]) for row in rows)]
        # A title cut by its section is written to the section's very edges.
        if not inked or inked[0] < 3 or inked[-1] > width - 4:
            cut.append(f"{title} (ink at {inked[:1]}..{inked[-1:]} of {width} px)")
    return cut


def report_words(desktop: Desktop) -> list[tuple[int, int]]:
    """The words written right of the run, under its bands and over the bottom axis, as
    (first, last) columns of the chart."""
    x, y, width, height = desktop.find(name=NEWEST).extents or (0, 0, 0, 0)
    rows = grid(desktop.pixels(x, y, width, height), width, height)
    middle = range(width // 3, width // 2)
    bands = [
        i for i, row in enumerate(rows) if sum(coloured(row[c]) for c in middle) > len(middle) // 2
    ]
    axis = max(range(bands[-1], height), key=lambda i: sum(ink(p) for p in rows[i]))
    under = rows[bands[-1] + 8 : axis - 6]  # below the marks at 0, above the axis's ticks
    columns = [any(ink(row[c]) for row in under) for c in range(width)]
    words = [(a, b) for a, b in runs_of(columns, 4) if b - a >= 15]
    return [(a, b) for a, b in words if a > width // 2]


def test_history_words_stand_apart_at_the_first_and_smallest_sizes(desktop: Desktop) -> None:
    main = desktop.start_app(history=E2E_HISTORY)
    desktop.key("ctrl+2")
    desktop.find(name=NEWEST)
    desktop.xdotool("mousemove", "0", str(desktop.size[1] - 1))  # no hover tip in the picture
    desktop.wait_for(lambda: not cut_titles(desktop), "every title whole")
    desktop.wait_for(lambda: len(report_words(desktop)) == 3, "During, After, Morning apart")
    desktop.screenshot("history-first")

    smallest = desktop.minimum_size(main)
    desktop.xdotool("windowsize", "--sync", str(main.id), *map(str, smallest))
    desktop.wait_for(lambda: desktop.geometry(main)[2:] == smallest, "the smallest window")
    desktop.wait_for(lambda: len(report_words(desktop)) == 3, "During, After, Morning apart")
    desktop.screenshot("history-smallest")
    desktop.assert_no_error()
