"""Setting.coerce on both sides of every rule: what a settings file can hold, and what it becomes.

QSettings hands back text from INI files ("true", "35"); anything that does not fit the declared
type or range falls back to the default, so garbage never reaches the app.
"""

from __future__ import annotations

import pytest

from couchtimer.core.settings import BY_KEY, Setting, resolved

ON = Setting("on", "On", "A switch that defaults to on.", True)
OFF = Setting("off", "Off", "A switch that defaults to off.", False)
COUNT = Setting("count", "Count", "A number from 2 to 9.", 5, minimum=2, maximum=9)
CHOICE = Setting("pick", "Pick", "One of two.", "a", choices=(("a", "A"), ("b", "B")))


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("1", True),
        ("false", False),
        ("False", False),
        ("0", False),
        (True, True),
        (False, False),
    ],
)
def test_a_switch_reads_true_and_false_whatever_its_default(raw: object, value: bool) -> None:
    """'true'/'1' are on and 'false'/'0' are off, for a switch on or off by default."""
    assert ON.coerce(raw) is value
    assert OFF.coerce(raw) is value


@pytest.mark.parametrize("raw", ["yes", "no", "2", "", "truth", None, 1, 0, 1.0, [True]])
def test_a_switch_falls_back_to_its_default_on_anything_else(raw: object) -> None:
    """Only a bool or the four words count: 'yes', numbers and None give the default."""
    assert ON.coerce(raw) is True
    assert OFF.coerce(raw) is False


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        pytest.param(2, 2, id="the minimum"),
        pytest.param(1, 5, id="one below the minimum"),
        pytest.param(9, 9, id="the maximum"),
        pytest.param(10, 5, id="one above the maximum"),
        pytest.param("7", 7, id="text"),
        pytest.param(" 7 ", 7, id="text with spaces"),
        pytest.param("-3", 5, id="negative text"),
        pytest.param("7.5", 5, id="not whole"),
        pytest.param("many", 5, id="not a number"),
        pytest.param(None, 5, id="None"),
        pytest.param(True, 5, id="a bool is not a number"),
        pytest.param(False, 5, id="False is not 0"),
    ],
)
def test_a_number_is_whole_and_within_its_range(raw: object, value: int) -> None:
    """Both ends of the range are allowed; one past either end gives the default."""
    assert COUNT.coerce(raw) == value
    assert type(COUNT.coerce(raw)) is int


@pytest.mark.parametrize(("raw", "value"), [("b", "b"), ("a", "a"), ("c", "a"), ("B", "a")])
def test_a_choice_is_one_of_its_values(raw: object, value: str) -> None:
    """A choice keeps a declared value (exactly as spelt) and otherwise gives the default."""
    assert CHOICE.coerce(raw) == value


def test_a_choice_compares_the_text_of_what_is_stored() -> None:
    """A stored value that is not text is compared as text; None is not the text 'None'."""
    none_choice = Setting("n", "N", "Has a value spelt None.", "x", choices=(("None", "N"),))
    assert none_choice.coerce(None) == "x"
    assert none_choice.coerce("None") == "None"
    numeric = Setting("d", "D", "Digits.", "1", choices=(("1", "One"), ("2", "Two")))
    assert numeric.coerce(2) == "2"


def test_declared_ranges() -> None:
    """Volume runs 0-100 % and form reminders every 1-10 minutes (what the dialog offers)."""
    volume, every = BY_KEY["volume"], BY_KEY["form_reminder_minutes"]
    assert (volume.minimum, volume.maximum, volume.suffix) == (0, 100, " %")
    assert (every.minimum, every.maximum, every.suffix) == (1, 10, " min")
    spm = BY_KEY["metronome_spm"]
    assert spm.minimum <= spm.default <= spm.maximum
    assert [s.group for s in BY_KEY.values()] == ["Sound"] * 5 + ["Form"] * 4 + [
        "Display and keys"
    ] * 2


def test_music_under_the_cues_is_lowered_unless_asked_otherwise() -> None:
    """Issue 17: "When a cue plays": lower music (the default), pause it, or leave it."""
    music = BY_KEY["music"]
    assert (music.label, music.default) == ("When a cue plays", "lower")
    assert music.choices == (
        ("lower", "Lower music"),
        ("pause", "Pause music"),
        ("leave", "Leave it"),
    )
    assert music.coerce("pause") == "pause"
    assert music.coerce("Pause") == "lower"


def test_resolved_keeps_only_declared_keys_and_coerces_each() -> None:
    """Unknown keys are dropped; each stored value is coerced by its own setting."""
    values = resolved({"volume": "0", "countdown": "false", "unknown": 3, "cue_mode": "silent"})
    assert set(values) == set(BY_KEY)
    assert (values["volume"], values["countdown"], values["cue_mode"]) == (0, False, "silent")
    assert values["halfway"] is True
