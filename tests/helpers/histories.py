"""History files for the end-to-end tests, as `couchtimer import` takes them (JSON exports)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.paths import E2E_HISTORY


def red_flag_history(folder: Path, flag: str = "saddle-numbness") -> Path:
    """The week-4 story whose latest run (W5R2) answered yes to ``flag``: Today is on hold."""
    history = json.loads(E2E_HISTORY.read_text(encoding="utf-8"))
    history["runs"][-1]["report"]["red_flags_yes"] = [flag]
    path = folder / "red-flag-history.json"
    path.write_text(json.dumps(history), encoding="utf-8")
    return path
