"""Durations as clock text, the same everywhere (run screen, terminal, dialogs, charts, CLI)."""

from __future__ import annotations

import math


def clock_text(seconds: float, *, pad: bool = False) -> str:
    """``m:ss`` (``h:mm:ss`` past an hour), rounded up: 0:01 shows until the very end.

    ``pad`` gives ``mm:ss``, for the run screen's countdown, whose width should not jump.
    """
    whole = max(0, math.ceil(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}" if pad else f"{minutes}:{secs:02d}"
