"""Declared settings coerce stored values and fall back to defaults."""

from __future__ import annotations

import pytest

from couchtimer.core.settings import BY_KEY, SETTINGS, resolved


def test_defaults_when_nothing_is_stored() -> None:
    """A first start gets every declared default."""
    assert resolved({}) == {
        "cue_mode": "voice",
        "volume": 80,
        "music": "lower",
        "countdown": True,
        "halfway": True,
        "metronome": False,
        "metronome_spm": 170,
        "form_reminders": False,
        "form_reminder_minutes": 3,
        "theme": "system",
        "single_keys": True,
    }
    assert len({s.key for s in SETTINGS}) == len(SETTINGS)


@pytest.mark.parametrize(
    ("key", "raw", "value"),
    [
        ("countdown", "false", False),
        ("countdown", "1", True),
        ("countdown", False, False),
        ("countdown", "maybe", True),
        ("volume", "35", 35),
        ("volume", 101, 80),
        ("volume", "loud", 80),
        ("volume", True, 80),
        ("metronome_spm", 180, 180),
        ("cue_mode", "tones", "tones"),
        ("cue_mode", "shout", "voice"),
        ("cue_mode", None, "voice"),
        ("theme", "dark", "dark"),
        ("theme", "purple", "system"),
        ("single_keys", "false", False),
    ],
)
def test_coerce_accepts_stored_text_and_rejects_nonsense(
    key: str, raw: object, value: object
) -> None:
    """INI files give back text; garbage never reaches the app."""
    assert BY_KEY[key].coerce(raw) == value
    assert resolved({key: raw})[key] == value
