"""Issue 17: the cue volume during a run (+ / − keys and the small control on the run screen) and
Settings' "Test sound", on the real app, with what it hands ALSA written to files.

The played bytes are compared with the cue files decoded by the test and scaled by the volume
(``tests.helpers.alsa.cue_at``): an independent reading of what the app must play.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers.alsa import cue_at
from tests.helpers.desktop import Desktop
from tests.helpers.fake_mpris import FakeMpris

RUN_TITLE = re.compile("^Week 1, run 1 — CouchTimer$")
SETTINGS = re.compile("^Settings — CouchTimer$")


def settings_text(desktop: Desktop) -> str:
    return Path(desktop.home / ".config" / "couchtimer" / "settings.ini").read_text("utf-8")


def test_volume_keys_and_buttons_on_the_run_screen(desktop: Desktop) -> None:
    desktop.step("start W1R1 with sound written to files; the run screen shows the volume")
    desktop.start_app(sound="file")
    desktop.wait_text("Start with W1R1 when you are ready.")
    desktop.key("Return")
    desktop.wait_window(RUN_TITLE)
    desktop.wait_text("Volume 80 %")
    warm_up = cue_at("line-warm-up-brisk-walk-for-five-minutes", 0.8)
    desktop.wait_for(lambda: warm_up in desktop.alsa.files(), "the warm-up's words at 80 %")

    desktop.step("− twice, then + once: 70 %, saved")
    desktop.key("minus")
    desktop.wait_text("Volume 70 %")
    desktop.key("minus")
    desktop.wait_text("Volume 60 %")
    desktop.key("plus")
    desktop.wait_text("Volume 70 %")
    desktop.wait_for(lambda: "volume=70" in settings_text(desktop), "volume=70 saved")

    desktop.step("the small control: Louder, then Quieter twice: 60 %")
    desktop.click(desktop.find("push button", "Louder (+)"))
    desktop.wait_text("Volume 80 %")
    for _ in range(2):
        desktop.click(desktop.find("push button", "Quieter (−)"))
    desktop.wait_text("Volume 60 %")
    desktop.wait_for(lambda: "volume=60" in settings_text(desktop), "volume=60 saved")

    desktop.step("− and at once → (skip to the first run): its chime and sentence play at 50 %")
    # No wait between the keys: the player scales every cue again off the GUI thread (0.1-0.3 s),
    # and a cue played before that is done must already sound at the new volume.
    desktop.focus(RUN_TITLE)
    desktop.key("minus")
    desktop.key("Right")
    wanted = [cue_at("tone-run", 0.5), cue_at("line-run-for-sixty-seconds", 0.5)]
    desktop.wait_for(
        lambda: all(data in desktop.alsa.files() for data in wanted),
        "the run's chime and 'Run for sixty seconds' at 50 % reached ALSA",
        timeout=15,
    )
    desktop.wait_text("Volume 50 %")
    desktop.wait_for(lambda: "volume=50" in settings_text(desktop), "volume=50 saved")
    desktop.assert_no_error()


def test_test_sound_in_settings_plays_at_the_volume_shown(desktop: Desktop) -> None:
    desktop.step("Settings: volume 30 %, Test sound")
    desktop.start_app(sound="file")
    desktop.wait_text("Start with W1R1 when you are ready.")
    desktop.key("ctrl+comma")
    desktop.click(desktop.find("spin button", "Volume", window=SETTINGS))
    desktop.key("ctrl+a")
    desktop.type("30")
    desktop.click(desktop.find("push button", "Test sound", window=SETTINGS))
    wanted = cue_at("line-run-for-five-minutes", 0.3)
    desktop.wait_for(
        lambda: wanted in desktop.alsa.files(), "'Run for five minutes' at 30 % reached ALSA"
    )

    desktop.step("Cancel: the saved volume is still 80 %")
    desktop.click(desktop.find("push button", "Cancel", window=SETTINGS))
    desktop.wait_no_window(SETTINGS)
    settings = Path(desktop.home / ".config" / "couchtimer" / "settings.ini")
    assert not settings.exists() or "volume=30" not in settings.read_text("utf-8")
    desktop.assert_no_error()


def test_pause_music_while_cues_play_chosen_in_settings(desktop: Desktop, tmp_path: Path) -> None:
    """A media player on the session bus is playing; with "When a cue plays: Pause music" the
    run's first cues pause it and it plays again after them, every time."""
    desktop.step("a fake media player plays on the session bus; Settings: Pause music")
    desktop.start_app(sound="file")
    music = FakeMpris("Music", tmp_path, bus=desktop.bus_address)
    try:
        desktop.wait_text("Start with W1R1 when you are ready.")
        desktop.key("ctrl+comma")
        desktop.click(
            desktop.find("combo box", "Lower music", window=SETTINGS)
        )  # named by its choice
        desktop.click(desktop.find(None, "Pause music"))
        desktop.click(desktop.find("push button", "OK", window=SETTINGS))
        desktop.wait_no_window(SETTINGS)
        desktop.wait_for(lambda: "music=pause" in settings_text(desktop), "music=pause saved")

        desktop.step("start W1R1: paused under the warm-up's cues, then playing again")
        desktop.key("Return")
        desktop.wait_window(RUN_TITLE)

        def statuses() -> list[str | float]:
            return [c["status"] for c in music.changes()]

        desktop.wait_for(
            lambda: statuses() == ["Playing", "Paused", "Playing"],
            "one pause",
            seen=lambda: f"the player's statuses {statuses()}",
        )

        desktop.step("skip to the first run: paused under its cues, then playing again")
        desktop.key("Right")
        desktop.wait_for(
            lambda: statuses() == ["Playing", "Paused", "Playing", "Paused", "Playing"],
            "paused again under the run's chime and words, then playing",
            timeout=20,
            seen=lambda: f"the player's statuses {statuses()}",
        )
        assert {c["volume"] for c in music.changes()} == {0.9}  # paused, never lowered
    finally:
        music.close()
    desktop.assert_no_error()
