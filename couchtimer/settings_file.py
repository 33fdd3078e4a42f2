"""Read the few settings the command line needs from the app's settings file, without Qt.

The app writes ``settings.ini`` with QSettings in INI format (keys under ``[General]``): the cue
settings a terminal run starts from, the week the runner said they are in; and the app's theme
before its first frame (``saved_theme``, sure of plain files only). Health data is not
kept here: when the runner was seen by a doctor or physio lives in the history file
(``store/facts.py``); ``carry_red_flags`` brings in the value older versions kept here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from couchtimer.core.cues import CueSettings
    from couchtimer.core.settings import Value
    from couchtimer.store import HistoryStore


def default_settings_path() -> Path:
    from couchtimer.userdirs import user_config_dir  # before the first frame: no platformdirs

    return user_config_dir() / "settings.ini"


#: The longest settings file ``saved_theme`` reads itself; a longer one is QSettings' to read.
THEME_READ_LIMIT = 65536


def _word(text: bytes, also: bytes = b"") -> bool:
    """ASCII letters, digits, ``_`` and ``-`` (and ``also``) only, at least one."""
    rest = text.translate(None, b"_-" + also)
    return bool(text) and (not rest or rest.isalnum())


def saved_theme(path: Path) -> str | None:
    """The ``theme`` saved in ``path`` (the app's QSettings INI file), read without Qt; None when
    this reader cannot be sure QSettings would read the same, and the app asks QSettings.

    Sure means a file as QSettings writes simple values: a regular file of at most
    THEME_READ_LIMIT bytes of printable ASCII without quotes or backslashes (QSettings' escapes),
    only ``[section]`` and ``key=value`` lines whose names are letters, digits, ``_`` and ``-``
    (and ``.`` in keys), ``General`` spelt so, and at most one ``theme`` key at the top (before
    any section or under ``[General]``) whose value is such a word or nothing (no ``theme``: "").
    Anything else, however it came to be, is QSettings' to read: tests/ui/test_saved_theme.py
    holds the two readers together on files QSettings wrote and on fuzzed ones. The app reads
    the theme before its first frame, where making QSettings costs 2.5 M instructions
    (benchmarks/startup.py)."""
    import os
    import stat

    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return None  # a folder, a pipe or a device: never waited on here
        with os.fdopen(handle, "rb", closefd=False) as file:
            data = file.read(THEME_READ_LIMIT + 1)
    except OSError:
        return None
    finally:
        os.close(handle)
    text = data.replace(b"\n", b" ").replace(b"\r", b" ")
    if len(data) > THEME_READ_LIMIT or b'"' in data or b"\\" in data:
        return None
    if not (text.isascii() and text.decode("ascii").isprintable()):
        return None
    found: list[bytes] = []
    top = True
    for line in data.splitlines():
        if not line:
            continue
        if line.startswith(b"[") and line.endswith(b"]"):
            section = line[1:-1]
            if not _word(section) or (section.lower() == b"general" and section != b"General"):
                return None
            top = section == b"General"
            continue
        key, equals, value = line.partition(b"=")
        if not equals or not _word(key, b"."):
            return None
        if top and key.lower() == b"theme":
            if key != b"theme":
                return None
            found.append(value)
    if not found:
        return ""
    if len(found) > 1 or not (found[0] == b"" or _word(found[0])):
        return None
    return found[0].decode("ascii")


def parse_week(raw: object) -> int | None:
    """A programme week (1-99) from the settings file; None for nothing or garbage."""
    try:
        week = int(str(raw)) if raw is not None and not isinstance(raw, bool) else None
    except ValueError:
        return None
    return week if week is not None and 1 <= week <= 99 else None


def _read(path: Path | None, section: str, key: str) -> str | None:
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path or default_settings_path(), encoding="utf-8")
        return parser.get(section, key, fallback=None)
    except (OSError, ValueError, configparser.Error):  # ValueError: not UTF-8
        return None


def saved_settings(path: Path | None = None) -> dict[str, Value]:
    """Every declared setting (``core.settings``) as the app saved it, defaults where the file
    lacks or garbles one: what a terminal run starts from."""
    import configparser

    from couchtimer.core.settings import SETTINGS, resolved

    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path or default_settings_path(), encoding="utf-8")
        raw = {s.key: parser.get("General", s.key, fallback=None) for s in SETTINGS}
    except (OSError, ValueError, configparser.Error):  # ValueError: not UTF-8
        raw = {}
    return resolved({key: value for key, value in raw.items() if value is not None})


def carry_red_flags(store: HistoryStore, path: Path | None = None) -> bool:
    """Once per history file, the moment CouchTimer before schema 5 kept here as
    ``red_flags_cleared_at`` ("I have been seen by a doctor or physio") goes into the history
    (``store.facts.carry_red_flags``; the file is read only that once). The key is left in
    settings.ini: this CouchTimer never reads it again for a file that has carried it, and a
    history file opened for the first time later (``--db``) gets the same moment the older
    version applied to every file. Returns whether a moment was copied."""
    from couchtimer.store.facts import carry_red_flags as carry

    return carry(store, lambda: _read(path, "General", "red_flags_cleared_at"))


def start_week(programme_id: str, path: Path | None = None) -> int | None:
    """The week the runner told the app they are in (QSettings key ``start_week/<id>``)."""
    return parse_week(_read(path, "start_week", programme_id))


def saved_cue_settings(values: Mapping[str, Value]) -> CueSettings:
    """The cue settings the saved settings say (the Settings dialog's keys; the declared
    default for any not given): the one mapping from settings to cues, for the app, ``run
    --terminal`` and ``export-audio`` alike."""
    from couchtimer.core.cues import CueMode, CueSettings
    from couchtimer.core.settings import resolved

    v = resolved(values)
    return CueSettings(
        mode=CueMode(str(v["cue_mode"])),
        countdown=bool(v["countdown"]),
        halfway=bool(v["halfway"]),
        volume=int(v["volume"]) / 100,
        metronome=bool(v["metronome"]),
        metronome_spm=int(v["metronome_spm"]),
        form_reminders=bool(v["form_reminders"]),
        form_reminder_minutes=int(v["form_reminder_minutes"]),
    )
