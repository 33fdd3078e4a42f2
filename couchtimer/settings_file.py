"""Read the few settings the command line needs from the app's settings file, without Qt.

The app writes ``settings.ini`` with QSettings in INI format (keys under ``[General]``): the cue
settings a terminal run starts from, the week the runner said they are in. Health data is not
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
