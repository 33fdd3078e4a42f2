"""User settings, declared once: the settings dialog is built from these declarations.

Values are plain ``bool``/``int``/``str``; ``coerce`` turns whatever a settings backend returns
(QSettings hands back strings from INI files) into the declared type, falling back to the default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

Value = bool | int | str


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    label: str
    description: str
    default: Value
    choices: tuple[tuple[str, str], ...] = ()  # (value, words) for a choice setting
    minimum: int = 0
    maximum: int = 0
    suffix: str = ""
    group: str = "Sound"

    def coerce(self, raw: object) -> Value:
        """The value as the declared type, or the default when ``raw`` does not fit."""
        if isinstance(self.default, bool):
            if isinstance(raw, bool):
                return raw
            if isinstance(raw, str) and raw.lower() in {"true", "false", "1", "0"}:
                return raw.lower() in {"true", "1"}
            return self.default
        if isinstance(self.default, int):
            try:
                number = int(str(raw))  # str(True) is "True", not a number: bools fall back too
            except ValueError:
                return self.default
            return number if self.minimum <= number <= self.maximum else self.default
        if raw is None:
            return self.default
        return str(raw) if str(raw) in {value for value, _ in self.choices} else self.default


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "cue_mode",
        "Cues",
        "Spoken cues with tones, tones only, or no sound at all.",
        "voice",
        choices=(("voice", "Voice and tones"), ("tones", "Tones only"), ("silent", "Silent")),
    ),
    Setting("volume", "Volume", "Loudness of every cue.", 80, minimum=0, maximum=100, suffix=" %"),
    Setting(
        "music",
        "When a cue plays",
        "What happens to music playing in another app (Spotify, Rhythmbox, VLC, a browser) "
        "while a cue speaks: lowered, paused, or left as it is. It is put back afterwards.",
        "lower",
        choices=(("lower", "Lower music"), ("pause", "Pause music"), ("leave", "Leave it")),
    ),
    Setting("countdown", "Countdown pips", "Three pips before each change of segment.", True),
    Setting(
        "halfway", "Halfway cue", "Say when you are halfway through a run of 2 min or more.", True
    ),
    Setting(
        "metronome",
        "Metronome in runs",
        "A click at your chosen step rate during run segments, to practise quicker, lighter steps.",
        False,
        group="Form",
    ),
    Setting(
        "metronome_spm",
        "Steps per minute",
        "Metronome rate. A rise of 5-10 % over your natural cadence reduces impact on each step.",
        170,
        minimum=100,  # the one declaration of the range: CueSettings and --metronome use it
        maximum=220,
        suffix=" spm",
        group="Form",
    ),
    Setting(
        "form_reminders",
        "Form reminders",
        'Short spoken reminders during runs, such as "run tall" and "light, quick steps".',
        False,
        group="Form",
    ),
    Setting(
        "form_reminder_minutes",
        "Remind every",
        "Minutes between form reminders within a run.",
        3,
        minimum=1,
        maximum=10,
        suffix=" min",
        group="Form",
    ),
    Setting(
        "theme",
        "Colours",
        "Light or dark, whatever the desktop uses; or as the desktop is set.",
        "system",
        choices=(("system", "As the desktop"), ("light", "Light"), ("dark", "Dark")),
        group="Display and keys",
    ),
    Setting(
        "single_keys",
        "Single-key shortcuts in a run",
        "Space, P and 0-9 work on their own during a run. Turn this off to need Alt with them "
        "(Alt+Space, Alt+P, Alt+1...), so that a stray key or speech input does nothing.",
        True,
        group="Display and keys",
    ),
)

BY_KEY: dict[str, Setting] = {setting.key: setting for setting in SETTINGS}


def resolved(values: Mapping[str, object]) -> dict[str, Value]:
    """Every declared setting, typed, with defaults where ``values`` lacks or garbles one."""
    return {
        setting.key: setting.coerce(values[setting.key])
        if setting.key in values
        else setting.default
        for setting in SETTINGS
    }
