"""Writing one of the user's cache files (the parsed programmes, PySide6's compiled support code,
dataclasses' compiled methods): whole or not at all, private, never through a link. The one
rule for all three; a cache that cannot be written only costs time, so callers go on."""

from __future__ import annotations

import contextlib
import os
import sys
import zlib
from pathlib import Path


def write_cache(file: Path, blob: bytes) -> None:
    """``blob`` into ``file``, 0600, in a folder made 0700 where it is missing. It is written
    to a part file made new (anything left at its name by a crashed writer, a link included, is
    removed first: the link, not what it points to) and renamed over ``file`` (a link there is
    replaced, not followed), so two processes writing at once leave one whole file. OSError
    when it cannot be written, with no part file left."""
    part = file.with_name(f".{file.name}.{os.getpid()}")
    try:
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        part.unlink(missing_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        with os.fdopen(os.open(part, flags, 0o600), "wb") as out:
            out.write(blob)
        part.replace(file)
    except OSError:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        raise


def python_tag() -> str:
    """This very Python, for the name of a file of compiled code: its cache tag and a checksum
    of its exact version (``cpython-311-1a2b3c4d``), so that two Pythons never share one (each
    would write over the other's at every start) and a new one reads none of the old's."""
    return f"{sys.implementation.cache_tag}-{zlib.crc32(sys.version.encode()):08x}"
