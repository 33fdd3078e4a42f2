"""Shipped and user programmes: list them and resolve ``--programme ID|PATH``.

Programme files are read through a ``ProgrammeCache``: a file that parsed before, unchanged
since (same size, modification and change times, inode), is rebuilt from the data kept in the
user's cache dir instead of being parsed again. The TOML parser and the ``datetime`` module it
needs cost about 5 ms to import, a good part of the app's start-up beyond a bare window
(benchmarks/startup.py).
The data is still validated each time; only a file that passed is kept. The cache is a
``marshal`` file, private to the user, stamped with the app, format and Python versions: any
mismatch, damage or error just means the file is parsed as if there were no cache. With no
cache yet (the very first start), a file whose text is exactly a shipped programme's takes that
programme's parsed data from couchtimer/programme_seed.py, written from the shipped files.
"""

from __future__ import annotations

import logging
import marshal
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

from couchtimer import __version__, resources
from couchtimer.cachefile import write_cache
from couchtimer.core.errors import CouchTimerError, ProgrammeError
from couchtimer.core.programme import (
    FORMAT_VERSION,
    Programme,
    parse_toml,
    programme_from_data,
    read_programme_text,
)
from couchtimer.userdirs import user_cache_dir

DEFAULT_PROGRAMME = "nhs-c25k"
log = logging.getLogger(__name__)


def _file_stamp(info: os.stat_result) -> tuple[int, ...]:
    """Changes whenever the file does: also the inode and ctime, which no tool sets back."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _shipped_data(name: str, text: str) -> dict[str, Any] | None:
    """The TOML of a shipped programme file as parsed, if ``text`` is exactly that file's text.

    Kept in couchtimer/programme_seed.py (scripts/programme_seed): the first start needs no
    TOML parser for the shipped plan. Any other text, an edited copy too, is parsed.
    """
    from couchtimer.programme_seed import SEED

    seed = SEED.get(name)
    return seed[1] if seed is not None and seed[0] == text else None


class ProgrammeCache:
    """Parsed programme files by path, kept in ``file`` between starts (None: in memory only)."""

    # The layout of this file (2: file stamps with inode and ctime), app, programme format, Python.
    STAMP = ("couchtimer programmes 2", __version__, FORMAT_VERSION, sys.version_info[:2])

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self._entries: dict[str, tuple[tuple[int, ...], dict[str, Any]]] = self._read()

    def _read(self) -> dict[str, tuple[tuple[int, ...], dict[str, Any]]]:
        if self.file is None:
            return {}
        try:
            # The user's own file (0600, in their cache dir); plain data only, never run.
            stamp, entries = marshal.loads(self.file.read_bytes())  # noqa: S302
        except (OSError, EOFError, ValueError, TypeError):  # none yet, or damaged: start afresh
            return {}
        return entries if stamp == self.STAMP and isinstance(entries, dict) else {}

    def load(self, path: Path) -> Programme:
        """The programme in ``path``, validated; ``ProgrammeError`` says what is wrong with it."""
        try:
            info = path.stat()
        except OSError:
            info = None  # reading it will say why
        key = str(path.absolute())
        entry = self._entries.get(key)
        if info is not None and entry is not None:
            try:
                stamp, data = entry
                if stamp == _file_stamp(info):
                    return programme_from_data(data, str(path), origin=str(path))
            except (CouchTimerError, LookupError, TypeError, ValueError, AttributeError):
                log.info("programme cache entry for %s is unusable; parsing the file", path)
        text = read_programme_text(path)
        parsed = _shipped_data(path.name, text) or parse_toml(text, str(path))
        programme = programme_from_data(parsed, str(path), text, origin=str(path))
        if info is not None:
            self._entries[key] = (_file_stamp(info), parsed)
            self._write(key)
        return programme

    def _write(self, key: str) -> None:
        if self.file is None:
            return
        try:
            blob = marshal.dumps((self.STAMP, self._entries))
        except ValueError:  # a value marshal cannot hold (a TOML date): keep that file out
            del self._entries[key]
            return
        try:
            write_cache(self.file, blob)  # whole, 0600, never through a link
        except OSError as exc:  # a cache that cannot be written only costs time
            log.info("programme cache not written to %s: %s", self.file, exc)


@cache
def default_cache() -> ProgrammeCache:
    return ProgrammeCache(user_cache_dir() / "programmes.marshal")


def load(path: Path, programme_cache: ProgrammeCache | None = None) -> Programme:
    return (programme_cache or default_cache()).load(path)


def shipped_programmes(programme_cache: ProgrammeCache | None = None) -> list[Programme]:
    return [
        load(path, programme_cache) for path in sorted(resources.programmes_dir().glob("*.toml"))
    ]


def resolve_programme(spec: str | None, programme_cache: ProgrammeCache | None = None) -> Programme:
    """A shipped programme by id, or a programme file by path (anything with a / or .toml)."""
    spec = spec or DEFAULT_PROGRAMME
    if "/" in spec or spec.endswith(".toml"):
        return load(Path(spec).expanduser(), programme_cache)
    path = resources.programmes_dir() / f"{spec}.toml"
    if path.is_file():
        return load(path, programme_cache)
    known = ", ".join(p.stem for p in sorted(resources.programmes_dir().glob("*.toml")))
    raise ProgrammeError(
        f"no programme called {spec!r}; choose one of: {known}, or give the path of a .toml file"
    )
