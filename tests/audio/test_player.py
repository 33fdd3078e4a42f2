"""Players through real ALSA routed to files: exact frames out, no re-reads, no device, bad WAVs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from couchtimer import resources
from couchtimer.audio import NullPlayer, Player, SimpleAudioPlayer, load_cues, open_player
from couchtimer.audio.wavs import read_cue
from couchtimer.core.errors import CueError, SettingsError
from tests.helpers.alsa import AlsaCapture
from tests.helpers.flac import write_flac

ROOT = Path(__file__).resolve().parents[2]
PROBE = bytes(
    480
)  # the 10 ms silent probe (24 kHz) open_player plays to see whether a device opens


def simple_player(volume: float = 1.0, cues_dir: Path | None = None) -> SimpleAudioPlayer:
    player = open_player(volume, cues_dir)
    assert isinstance(player, SimpleAudioPlayer), player.problem
    return player


def frames(player: SimpleAudioPlayer) -> dict[str, bytes]:
    return {cue: sound.frames for cue, sound in player.sounds.items()}


def test_cues_reach_the_device_byte_for_byte_at_the_chosen_volume(
    alsa_capture: AlsaCapture,
) -> None:
    """Each play hands ALSA exactly the decoded cue's frames, scaled once to the volume."""
    player = simple_player(volume=0.5)
    for cue in ("tone-run", "say-halfway", "num-7"):
        player.play(cue)
        assert player.wait_idle()
    player.close()
    captured = alsa_capture.files()
    assert captured[0] == PROBE
    originals = {c: read_cue(resources.cues_dir() / f"{c}.flac") for c in ("tone-run", "num-7")}
    assert [len(data) for data in captured[1:]] == [
        2 * player.sounds["tone-run"].frame_count,
        2 * player.sounds["say-halfway"].frame_count,
        2 * player.sounds["num-7"].frame_count,
    ]
    assert captured[1] == originals["tone-run"].scaled(0.5).frames
    assert captured[3] == originals["num-7"].scaled(0.5).frames
    assert captured[1] != originals["tone-run"].frames
    assert player.played == 3


def test_player_plays_from_memory_and_never_rereads_the_files(
    alsa_capture: AlsaCapture, tmp_path: Path
) -> None:
    """With the cue folder deleted after start-up, every cue still plays in full."""
    copy = tmp_path / "cues"
    shutil.copytree(resources.cues_dir(), copy)
    player = simple_player(cues_dir=copy)
    shutil.rmtree(copy)
    player.play("tone-walk")
    player.play("say-paused")
    assert player.wait_idle()
    player.close()
    assert alsa_capture.identify(frames(player)) == ["probe", "tone-walk", "say-paused"]
    assert alsa_capture.files()[2] == read_cue(resources.cues_dir() / "say-paused.flac").frames


def test_sentence_parts_queue_in_order_while_pips_sound_at_once(
    alsa_capture: AlsaCapture,
) -> None:
    """Chime and spoken parts follow one another without overlap; the pip does not wait.

    Seven minutes has no recorded sentence (the NHS plan never runs for 7), so it is composed."""
    player = simple_player()
    sentence = ["tone-run", "say-run-for", "num-7", "say-minutes"]
    started = time.monotonic()
    for cue in [*sentence, "tone-pip"]:
        player.play(cue)
    assert player.wait_idle()
    elapsed = time.monotonic() - started
    player.close()
    assert alsa_capture.identify(frames(player)) == ["probe", "tone-run", "tone-pip", *sentence[1:]]
    # Each part starts only when the one before has played: at least their total length.
    assert elapsed >= sum(player.sounds[c].seconds for c in sentence) - 0.005


def test_queued_parts_with_a_whole_recording_play_as_that_sentence(
    alsa_capture: AlsaCapture,
) -> None:
    """After the chime, "Run for" "five" "minutes" "Run" "three" "of" "eight" plays as the two
    sentences recorded whole, byte for byte the decoded files, one after the other."""
    player = simple_player()
    parts = ["say-run-for", "num-5", "say-minutes", "say-run", "num-3", "say-of", "num-8"]
    for cue in ["tone-run", *parts]:
        player.play(cue)
    assert player.wait_idle()
    player.close()
    sentences = ["line-run-for-five-minutes", "line-run-three-of-eight"]
    assert alsa_capture.identify(frames(player)) == ["probe", "tone-run", *sentences]
    for data, cue in zip(alsa_capture.files()[2:], sentences, strict=True):
        assert data == read_cue(resources.cues_dir() / f"{cue}.flac").frames
    assert player.played == 3


def test_a_new_volume_is_applied_off_the_calling_thread_from_the_files(
    alsa_capture: AlsaCapture,
) -> None:
    """set_volume rescales every cue from its file; the next cue plays at the new level."""
    player = simple_player(volume=1.0)
    player.set_volume(0.25)
    assert player.wait_volume()
    player.play("tone-pip")
    assert player.wait_idle()
    player.close()
    original = read_cue(resources.cues_dir() / "tone-pip.flac")
    assert alsa_capture.files()[1] == original.scaled(0.25).frames
    assert player.volume == 0.25
    with pytest.raises(SettingsError, match=r"volume 1\.01 is outside 0\.\.1"):
        player.set_volume(1.01)


def test_a_chime_cuts_off_queued_speech(alsa_capture: AlsaCapture) -> None:
    """A new segment's chime starts at once and drops what was still queued to be said."""
    player = simple_player()
    for cue in ["say-run-for", "num-3", "say-minutes", "tone-walk"]:
        player.play(cue)
    assert player.wait_idle()
    player.close()
    assert alsa_capture.identify(frames(player)) == ["probe", "say-run-for", "tone-walk"]
    assert player.played == 2


def test_unknown_cue_and_play_after_close_are_ignored(alsa_capture: AlsaCapture) -> None:
    """play() never raises: an unknown id, or a play after close(), does nothing."""
    player = simple_player()
    player.play("no-such-cue")
    player.close()
    player.play("tone-run")
    player.close()  # closing twice is harmless
    assert player.played == 0
    assert alsa_capture.identify(frames(player)) == ["probe"]


def test_sound_device_failing_mid_run_is_reported_not_raised(
    alsa_capture: AlsaCapture, no_sound_device: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the device goes away after start-up, play() keeps quiet and ``problem`` says why."""
    monkeypatch.setenv("ALSA_CONFIG_PATH", alsa_capture.config_path)
    player = simple_player()
    monkeypatch.setenv("ALSA_CONFIG_PATH", no_sound_device)
    player.play("tone-run")
    player.close()
    assert (player.played, player.failures) == (0, 1)
    assert player.problem == (
        "A cue did not play (Error opening PCM device. -- CODE: -2 -- MSG: No such file or "
        "directory). The workout still runs, with on-screen cues only."
    )


def test_no_sound_device_gives_a_null_player_that_says_why(
    no_sound_device: str, capfd: pytest.CaptureFixture[str]
) -> None:
    """No card: a NullPlayer with the reason; ALSA's own complaints stay off the terminal."""
    player = open_player(0.8)
    assert isinstance(player, NullPlayer)
    assert isinstance(player, Player)
    assert player.available is False
    assert player.problem == (
        "No sound: the sound device did not open (Error opening PCM device. -- CODE: -2 -- MSG: "
        "No such file or directory). The workout still runs, with on-screen cues only."
    )
    player.play("tone-run")
    player.stop()
    assert player.wait_idle() is True
    player.close()
    assert capfd.readouterr().err == ""


def test_volume_outside_0_to_1_is_refused() -> None:
    """A volume of 1.5 is a user error, caught before any sound opens."""
    with pytest.raises(SettingsError, match=r"volume 1\.5 is outside 0\.\.1"):
        open_player(1.5)
    with pytest.raises(SettingsError, match=r"volume -1 is outside 0\.\.1"):
        SimpleAudioPlayer({}, -1)


# --- bad cue files: found at start-up, naming the file ---


@pytest.fixture
def cues_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "cues"
    shutil.copytree(resources.cues_dir(), copy)
    return copy


def test_missing_cue_file_is_named_at_start_up(cues_copy: Path) -> None:
    """A deleted cue file stops start-up with its path and the remedy, before any sound plays."""
    (cues_copy / "say-halfway.flac").unlink()
    with pytest.raises(CueError) as info:
        open_player(0.8, cues_copy)
    assert str(info.value) == (
        f"{cues_copy / 'say-halfway.flac'}: cue sound file is missing. Reinstall CouchTimer, or "
        "in a source checkout run scripts/make_cues to regenerate it."
    )


def test_corrupt_cue_file_is_named_at_start_up(cues_copy: Path) -> None:
    """A file that is not FLAC is reported by name, with libsndfile's reason."""
    (cues_copy / "num-3.flac").write_bytes(b"this is not a sound file")
    with pytest.raises(
        CueError, match=r"num-3\.flac: not a readable FLAC file \(Format not recognised"
    ):
        load_cues(cues_copy)


def test_wrong_format_and_empty_cue_files_are_refused(cues_copy: Path) -> None:
    """Stereo or 44.1 kHz audio is refused with the format needed; a file with no frames is
    never played (simpleaudio crashes on an empty buffer)."""
    write_flac(cues_copy / "tone-pip.flac", 2, bytes(400))
    with pytest.raises(
        CueError,
        match=r"tone-pip\.flac: 2 channel\(s\), 16-bit FLAC, 24000 Hz; CouchTimer needs 16-bit "
        r"mono 24000 Hz FLAC\. ",
    ):
        load_cues(cues_copy)
    write_flac(cues_copy / "tone-pip.flac", 1, bytes(400), rate=44100)
    with pytest.raises(CueError, match=r"tone-pip\.flac: 1 channel\(s\), 16-bit FLAC, 44100 Hz"):
        load_cues(cues_copy)
    write_flac(cues_copy / "tone-pip.flac", 1, b"")  # libsndfile cannot read its own empty FLAC
    with pytest.raises(
        CueError, match=r"tone-pip\.flac: not a readable FLAC file \(Format not recognised\.\)"
    ):
        load_cues(cues_copy)


def test_missing_cue_folder_is_named(tmp_path: Path) -> None:
    """No cue folder at all: the error names it."""
    with pytest.raises(CueError, match="the cue sounds folder is missing"):
        load_cues(tmp_path / "nowhere")


# --- the crash guard: 200 cues and a clean exit, in a process of its own ---


@pytest.mark.slow
def test_200_cues_back_to_back_then_a_clean_exit(alsa_capture: AlsaCapture) -> None:
    """simpleaudio 1.0.4 segfaults here on Python 3.12+; the pinned fork must exit cleanly."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "audio" / "stress_cues.py")],
        env={**alsa_capture.env(), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    played = int(done.stdout.split()[0])
    assert played >= 200
    assert done.stdout.strip().endswith("played, 0 failed")
    assert len(alsa_capture.files()) == played + 1  # and the probe
    assert alsa_capture.conf.exists()


# --- hostile cue files: only CueError escapes, memory bounded ---


def test_mangled_flac_files_give_only_cue_errors(tmp_path: Path) -> None:
    """500 mutations of a real cue (flipped, cut, repeated, spliced bytes): each one is read or
    refused with a CueError naming the file; none is longer than the 60 s a cue may last."""
    import random

    rng = random.Random(17)
    seed = (resources.cues_dir() / "line-run-three-of-eight.flac").read_bytes()
    other = (resources.cues_dir() / "tone-finish.flac").read_bytes()
    path = tmp_path / "cue.flac"
    outcomes = {"read": 0, "refused": 0}
    for _case in range(500):
        data = bytearray(seed)
        for _edit in range(rng.randint(1, 8)):
            at = rng.randrange(len(data))
            match rng.randrange(4):
                case 0:
                    data[at] = rng.randrange(256)
                case 1:
                    del data[at:]
                    data += bytes(rng.randrange(1, 64))
                case 2:
                    data[at:at] = data[at : at + rng.randint(1, 4096)] * rng.randint(1, 8)
                case _:
                    data[at:] = other[rng.randrange(len(other)) :]
        path.write_bytes(bytes(data))
        problem = ""
        try:
            sound = read_cue(path)
        except CueError as exc:
            problem = str(exc)
        if problem:
            assert problem.startswith(f"{path}: ")
            outcomes["refused"] += 1
        else:
            assert 0 < sound.seconds <= 60
            outcomes["read"] += 1
    assert outcomes["read"] > 0
    assert outcomes["refused"] > 0
