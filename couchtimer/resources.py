"""The one place that finds ``assets/``: source checkout, installed wheel or PyInstaller bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from couchtimer.core.errors import CouchTimerError

_PACKAGE_DIR = Path(__file__).resolve().parent


def _candidates() -> list[Path]:
    found = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:  # PyInstaller one-folder bundle: data files sit next to the executable's libs
        found.append(Path(bundle) / "assets")
    found.append(_PACKAGE_DIR / "assets")  # installed wheel (force-included by hatchling)
    found.append(_PACKAGE_DIR.parent / "assets")  # source checkout / editable install
    return found


@cache
def assets_dir() -> Path:
    for candidate in _candidates():
        if (candidate / "programmes").is_dir():
            return candidate
    tried = ", ".join(str(c) for c in _candidates())
    raise CouchTimerError(
        f"CouchTimer's assets folder is missing (looked in {tried}). Reinstall CouchTimer."
    )


def programmes_dir() -> Path:
    return assets_dir() / "programmes"


def cues_dir() -> Path:
    return assets_dir() / "cues"


def icons_dir() -> Path:
    return assets_dir() / "icons"
