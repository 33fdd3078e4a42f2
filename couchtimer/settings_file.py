"""Read the few settings the command line needs from the app's settings file, without Qt.

The app writes ``settings.ini`` with QSettings in INI format (keys under ``[General]``); the
``history`` and ``report`` commands only need to know when the runner confirmed being seen by a
doctor or physio after red-flag answers.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path


def default_settings_path() -> Path:
    import platformdirs  # here, not at import: the app asks for it only after its window shows

    return Path(platformdirs.user_config_dir("couchtimer")) / "settings.ini"


def parse_moment(raw: object) -> datetime | None:
    """An aware datetime from ISO text; None for nothing, garbage, or a time without a zone."""
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(str(raw))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def red_flags_cleared_at(path: Path | None = None) -> datetime | None:
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path or default_settings_path(), encoding="utf-8")
    except (OSError, configparser.Error):
        return None
    return parse_moment(parser.get("General", "red_flags_cleared_at", fallback=None))
