"""Files from outside, read into core value objects (issue 15: activity recordings).

``read_activity(path)`` is the one entry: it bounds the file, tells FIT, TCX and GPX apart by
their content (the extension only when the content does not say), and returns a core ``Track``.
Whatever is wrong with a file ends as an ``ActivityError`` naming it; a file damaged part-way
gives the samples before the damage and a warning. It reads and parses on the calling thread:
the app calls it from a worker, never from the UI thread.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from couchtimer.core.activity import TrackBuilder
from couchtimer.core.errors import ActivityError
from couchtimer.core.track import Track

# A 10-hour 1 Hz FIT file is ~1 MB, the same as GPX or TCX ~10 MB: 32 MB is past any real run.
MAX_BYTES = 32 * 1024 * 1024
FORMATS = ("fit", "gpx", "tcx")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refused unless it is a regular file of at most ``MAX_BYTES``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ActivityError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ActivityError(f"{path}: not a file (give the path of a .fit, .gpx or .tcx file)")
        if info.st_size > MAX_BYTES:
            raise ActivityError(
                f"{path}: {info.st_size:,} bytes is larger than any activity file"
                f" ({MAX_BYTES // 1024 // 1024} MB at most)"
            )
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ActivityError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > MAX_BYTES:
        raise ActivityError(f"{path}: larger than any activity file")
    return data


def sniff(data: bytes, name: str) -> str | None:
    """ "fit", "tcx" or "gpx" from the content, else from the file name; None if neither."""
    from couchtimer.formats.fit import is_fit

    if is_fit(data[:14]):
        return "fit"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        if b"<TrainingCenterDatabase" in head:
            return "tcx"
        if b"<gpx" in head:
            return "gpx"
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return suffix if suffix in FORMATS else None


def parse_activity(data: bytes, source: str) -> Track:
    """A ``Track`` from the bytes of an activity file; ``source`` names it in messages."""
    kind = sniff(data, source)
    if kind is None:
        raise ActivityError(f"{source}: not an activity file (FIT, GPX or TCX)")
    builder: TrackBuilder
    try:
        if kind == "fit":
            from couchtimer.formats.fit import read_fit

            builder, file_type = read_fit(data)
            if file_type not in (None, "activity", "None") and not builder.count:
                raise ActivityError(f"{source}: a FIT {file_type} file, not a recorded activity")
        else:
            from couchtimer.formats.xmlsafe import refuse_dtd

            refuse_dtd(data, source)
            if kind == "tcx":
                from couchtimer.formats.tcx import read_tcx

                builder = read_tcx(data)
            else:
                from couchtimer.formats.gpx import read_gpx

                builder = read_gpx(data)
    except OverflowError as exc:
        raise ActivityError(f"{source}: too long for a run ({exc})") from None
    except RecursionError:
        raise ActivityError(f"{source}: nested too deeply to be an activity file") from None
    if not builder.count:
        why = f"; {builder.warnings[0]}" if builder.warnings else ""
        raise ActivityError(
            f"{source}: not an activity (no samples with a time in this {kind.upper()} file{why})"
        )
    return builder.build()


def read_activity(path: Path) -> Track:
    """The recording in ``path`` (FIT, GPX or TCX); ``ActivityError`` naming it if there is none."""
    return parse_activity(read_bytes(path), str(path))
