"""A new volume through real ALSA routed to a FIFO: a cue played before ``set_volume`` sounds at
the old volume, and a cue played just after it, with no wait, at the new one, although the
worker thread takes a while (0.1-0.3 s) to scale every cue again and swap them in
(audio/player.py: until then, a cue about to play is scaled for it from its file).

The cues are found by their first bytes among those ALSA received (``AlsaFifo.places``), each
compared with the cue file decoded by the test and scaled by the volume (``cue_starts``): an
independent reading of what the player must play."""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from couchtimer import resources
from couchtimer.audio import SimpleAudioPlayer, open_player
from couchtimer.audio.player import PROBE_FRAMES
from tests.helpers.alsa import AlsaFifo, cue_starts

PROBE = bytes(2 * PROBE_FRAMES)  # open_player's silent probe


def fifo_player(fifo: AlsaFifo, volume: float, cues_dir: Path | None = None) -> SimpleAudioPlayer:
    player = open_player(volume, cues_dir)
    assert isinstance(player, SimpleAudioPlayer), player.problem
    assert fifo.wait_for(len(PROBE))  # through ALSA before any cue
    return player


def at_volumes(cues: Sequence[str], volumes: Sequence[float]) -> dict[str, bytes]:
    """The first bytes of each of ``cues`` at each of ``volumes``, named "tone-pip 40 %"."""
    return {
        f"{cue} {round(100 * volume)} %": start
        for volume in volumes
        for cue, start in cue_starts(cues, volume).items()
    }


def heard(fifo: AlsaFifo, starts: dict[str, bytes], count: int) -> list[str]:
    """The names of the cues ALSA received, in order, once ``count`` have (10 s at most)."""
    deadline = time.monotonic() + 10
    while len(fifo.places(starts)) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    return [name for _, name in fifo.places(starts)]


def test_a_cue_before_a_new_volume_sounds_at_the_old_one_and_one_just_after_at_the_new(
    alsa_fifo: AlsaFifo,
) -> None:
    """80 % → 40 %: the chime played before sounds at 80 %; the sentence played straight after
    set_volume, the walk's chime planned just after it (started by the worker) and a pip after
    the swap all sound at 40 %."""
    player = fifo_player(alsa_fifo, 0.8)
    cues = ["tone-run", "line-run-for-sixty-seconds", "tone-walk", "tone-pip"]
    starts = at_volumes(cues, [0.8, 0.4])
    player.play("tone-run")
    assert heard(alsa_fifo, starts, 1) == ["tone-run 80 %"]
    assert player.wait_idle()

    player.set_volume(0.4)
    player.play("line-run-for-sixty-seconds")  # no wait: the rescale is still under way
    player.plan(["tone-walk"], time.monotonic() + 0.02, time.monotonic, 1.0)
    assert player.wait_plan()
    assert player.wait_volume()
    assert player.volume == 0.4
    player.play("tone-pip")
    assert heard(alsa_fifo, starts, 4) == [
        "tone-run 80 %",
        "line-run-for-sixty-seconds 40 %",
        "tone-walk 40 %",
        "tone-pip 40 %",
    ]
    player.close()
    assert player.played == 4


def test_each_new_volume_before_the_swap_is_the_one_heard(alsa_fifo: AlsaFifo) -> None:
    """40 % then 60 % before the first rescale is in: the pips sound at 40 % then 60 %, and
    60 % is swapped in; 30 % and back to 60 % at once: the pip sounds at 60 %."""
    player = fifo_player(alsa_fifo, 0.8)
    starts = at_volumes(["tone-pip"], [0.8, 0.6, 0.4, 0.3])
    player.set_volume(0.4)
    player.play("tone-pip")
    assert heard(alsa_fifo, starts, 1) == ["tone-pip 40 %"]
    player.set_volume(0.6)
    player.play("tone-pip")
    assert heard(alsa_fifo, starts, 2) == ["tone-pip 40 %", "tone-pip 60 %"]
    assert player.wait_volume()
    assert player.volume == 0.6

    player.set_volume(0.3)
    player.set_volume(0.6)
    player.play("tone-pip")
    assert player.wait_volume()
    assert player.volume == 0.6
    assert heard(alsa_fifo, starts, 3) == ["tone-pip 40 %", "tone-pip 60 %", "tone-pip 60 %"]
    player.close()


def test_a_cue_whose_file_went_away_plays_on_at_the_old_volume(
    alsa_fifo: AlsaFifo, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The cues were read at start-up; the pip's file is gone when the volume changes: the pip
    still sounds, at the old volume, and the volume stays (the rescale cannot read it)."""
    cues_dir = tmp_path / "cues"
    shutil.copytree(resources.cues_dir(), cues_dir)
    player = fifo_player(alsa_fifo, 0.8, cues_dir)
    (cues_dir / "tone-pip.flac").unlink()
    starts = at_volumes(["tone-pip", "tone-run"], [0.8, 0.4])
    with caplog.at_level(logging.WARNING, logger="couchtimer.audio.player"):
        player.set_volume(0.4)
        player.play("tone-pip")
        assert heard(alsa_fifo, starts, 1) == ["tone-pip 80 %"]
        assert player.wait_volume()
    assert player.volume == 0.8
    assert "volume stays at 80 %" in caplog.text
    assert "tone-pip.flac: cue sound file is missing" in caplog.text
    player.play("tone-run")
    assert heard(alsa_fifo, starts, 2) == ["tone-pip 80 %", "tone-run 80 %"]
    player.close()


def test_a_volume_set_as_the_rescale_thread_finishes_is_swapped_in(
    alsa_fifo: AlsaFifo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The runner presses − again just as the thread that swapped in the last volume finishes
    (held there by the test): that volume is swapped in too, and the pip after it sounds at it
    (review5: the thread said it was done only after letting go of the lock, so a set_volume
    in between started no thread and the volume was never swapped in)."""
    player = fifo_player(alsa_fifo, 0.8)
    finished, go_on = threading.Event(), threading.Event()
    rescale_all = player._rescale_all

    def held_after_finishing() -> None:
        rescale_all()
        finished.set()
        go_on.wait(10)

    monkeypatch.setattr(player, "_rescale_all", held_after_finishing)
    player.set_volume(0.5)
    assert finished.wait(10)
    assert player.volume == 0.5
    player.set_volume(0.3)
    go_on.set()
    assert player.wait_volume()
    assert player.volume == 0.3
    player.play("tone-pip")
    starts = at_volumes(["tone-pip"], [0.5, 0.3])
    assert heard(alsa_fifo, starts, 1) == ["tone-pip 30 %"]
    player.close()
