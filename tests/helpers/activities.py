"""The real recordings in tests/data/activities/ (see its SOURCES.md) and tracks built from them."""

from __future__ import annotations

from pathlib import Path

from couchtimer.core.track import Track
from couchtimer.formats import read_activity

ACTIVITIES = Path(__file__).resolve().parent.parent / "data" / "activities"
FENIX2_RUN = ACTIVITIES / "activity-small-fenix2-run.fit"
FENIX5_WALK = ACTIVITIES / "garmin-fenix-5-walk.fit"
EDGE200 = ACTIVITIES / "2015-10-13-08-43-15.fit"
TEN_K_FIT = ACTIVITIES / "10kUNLP2014-Garmin15.fit"
TEN_K_TCX = ACTIVITIES / "10kUNLP2014-Garmin15.tcx"
TRUNCATED_FIT = ACTIVITIES / "activity-unexpected-eof.fit"
SKI_TCX = ACTIVITIES / "cross-country-skiing_activity_1.tcx"
SUUNTO_GPX = ACTIVITIES / "Move_2014_01_16_19_48_44.gpx"
MULTI_TRACK_GPX = ACTIVITIES / "korita-zbevnica.gpx"

_CACHE: dict[Path, Track] = {}


def track(path: Path) -> Track:
    """The file read once per test session (the fenix 2 run takes ~0.5 s to decode)."""
    if path not in _CACHE:
        _CACHE[path] = read_activity(path)
    return _CACHE[path]
