"""Turn stored settings into the objects the core and audio layers take."""

from __future__ import annotations

from collections.abc import Mapping

from couchtimer.core.cues import CueMode, CueSettings
from couchtimer.core.settings import Value, resolved


def cue_settings(values: Mapping[str, Value]) -> CueSettings:
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
