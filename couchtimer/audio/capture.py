"""ALSA's C library writes its complaints to file descriptor 2: catch them while it opens a
device, to say them in plain words (the player, the audio export)."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def stderr_captured() -> Iterator[Callable[[], str]]:
    """Send file descriptor 2 (where ALSA's C library writes) to a temporary file meanwhile.

    Yields a function returning what was written so far.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 2)

        def written() -> str:
            capture.seek(0)
            return capture.read().decode("utf-8", "replace")

        try:
            yield written
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
