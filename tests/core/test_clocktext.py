"""One clock format everywhere: rounded up, hours when needed, padded for the countdown."""

import pytest

from couchtimer.core.clocktext import clock_text


@pytest.mark.parametrize(
    ("seconds", "plain", "padded"),
    [
        (0, "0:00", "00:00"),
        (-3, "0:00", "00:00"),
        (0.2, "0:01", "00:01"),
        (59.01, "1:00", "01:00"),
        (90, "1:30", "01:30"),
        (1890, "31:30", "31:30"),
        (3600, "1:00:00", "1:00:00"),
        (3661.5, "1:01:02", "1:01:02"),
    ],
)
def test_clock_text(seconds: float, plain: str, padded: str) -> None:
    """0:01 shows until the very end of a segment; the countdown keeps two minute digits."""
    assert clock_text(seconds) == plain
    assert clock_text(seconds, pad=True) == padded
