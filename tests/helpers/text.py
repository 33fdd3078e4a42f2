"""Matching whole messages with pytest.raises(match=...)."""

from __future__ import annotations

import re


def exactly(message: str) -> str:
    """A ``match`` pattern for exactly ``message`` (no regex meaning in it)."""
    return f"^{re.escape(message)}$"


def starting(message: str) -> str:
    """A ``match`` pattern for a message that starts with ``message``."""
    return f"^{re.escape(message)}"
