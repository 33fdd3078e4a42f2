"""The workout as one audio file: exactly as long as the plan, every cue at its planned time,
in each format this machine's libsndfile writes, with or without music under it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import numpy as np
import pytest
import soundfile

from couchtimer import resources
from couchtimer.audio import load_cues
from couchtimer.audio.wavs import SAMPLE_RATE, CueSound
from couchtimer.core.cues import CueMode, CueSettings
from couchtimer.core.programme import Segment, Workout
from couchtimer.export.audio import (
    BLOCK_FRAMES,
    DUCKED_GAIN,
    MUSIC_GAIN,
    AudioExportError,
    export_audio,
    supported_suffixes,
)
from couchtimer.store.output import OutputError
from tests.helpers.workouts import COOLDOWN, RUN, WALK, WARMUP

# 34 s: chimes at 8, 20 and 28 s, each after the countdown pips at 3, 2 and 1 s before.
PLAN = Workout(1, 1, (Segment(WARMUP, 8), Segment(RUN, 12), Segment(WALK, 8), Segment(COOLDOWN, 6)))
BOUNDARIES = {8.0: "tone-run", 20.0: "tone-walk", 28.0: "tone-walk"}
RATE = SAMPLE_RATE  # the cues' own rate: the track takes it (24 kHz, the neural voice's)


@pytest.fixture(scope="module")
def sounds() -> dict[str, CueSound]:
    return load_cues(resources.cues_dir())


def test_this_libsndfile_writes_every_format_the_help_names() -> None:
    """The soundfile wheel carries libsndfile 1.1+: MP3 as well as OGG, FLAC and WAV."""
    assert supported_suffixes() == [".wav", ".flac", ".ogg", ".mp3"]


def onset(samples: np.ndarray, rate: int, around: float) -> float:
    """Seconds of the first sample louder than -34 dBFS within 0.5 s of ``around``."""
    first = round((around - 0.5) * rate)
    window = np.abs(samples[first : first + rate])
    return (first + int(np.argmax(window > 0.02))) / rate


@pytest.mark.parametrize(
    ("suffix", "tolerance"),
    [(".wav", 0.002), (".flac", 0.002), (".ogg", 0.005), (".mp3", 0.005)],
)
def test_the_file_is_as_long_as_the_plan_and_each_chime_starts_on_its_boundary(
    tmp_path: Path, sounds: dict[str, CueSound], suffix: str, tolerance: float
) -> None:
    target = tmp_path / f"W1R1{suffix}"
    done = export_audio(PLAN, CueSettings(), sounds, target)
    decoded, rate = soundfile.read(target, dtype="float32")
    assert (rate, decoded.ndim) == (RATE, 1)
    assert len(decoded) == PLAN.total_seconds * RATE == done.frames  # to the sample
    for boundary in BOUNDARIES:
        assert onset(decoded, rate, boundary) == pytest.approx(boundary, abs=tolerance)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


@pytest.mark.parametrize("suffix", [".wav", ".flac"])
def test_lossless_files_carry_each_chime_sample_for_sample(
    tmp_path: Path, sounds: dict[str, CueSound], suffix: str
) -> None:
    target = tmp_path / f"W1R1{suffix}"
    export_audio(PLAN, CueSettings(), sounds, target)
    decoded, _rate = soundfile.read(target, dtype="int16")
    for boundary, chime in BOUNDARIES.items():
        cue = sounds[chime].samples()
        start = round(boundary * RATE)
        assert decoded[start : start + len(cue)].tolist() == cue.tolist()
        assert not decoded[start - 100 : start].any()  # silence just before it


def test_a_workout_longer_than_many_blocks_keeps_its_cues_in_place(
    tmp_path: Path, sounds: dict[str, CueSound]
) -> None:
    """Blocks of BLOCK_FRAMES: a cue across a block boundary is whole, none shifts."""
    plan = Workout(1, 1, (Segment(RUN, 150), Segment(WALK, 30)))
    assert plan.total_seconds * RATE > 50 * BLOCK_FRAMES
    target = tmp_path / "long.wav"
    settings = CueSettings(
        mode=CueMode.TONES, countdown=False, halfway=False, metronome=True, metronome_spm=150
    )
    done = export_audio(plan, settings, sounds, target)
    decoded, _rate = soundfile.read(target, dtype="int16")
    assert len(decoded) == 180 * RATE
    clicks = [p for p in done.cues if p.cue_id == "tone-click"]
    assert len(clicks) == 374  # 2.5 a second for 150 s, none at 0 or at the end
    click = sounds["tone-click"].samples().tolist()
    for placed in clicks:
        start = round(placed.start * RATE)
        assert decoded[start : start + len(click)].tolist() == click


def sine(rate: int, seconds: float, hertz: float, amplitude: float) -> np.ndarray:
    t = np.arange(round(rate * seconds)) / rate
    wave = amplitude * np.sin(2 * np.pi * hertz * t)
    return np.stack([wave, wave], axis=1).astype(np.float32)


def level_at(samples: np.ndarray, rate: int, start: float, hertz: float) -> float:
    """Amplitude of the ``hertz`` component in 0.25 s from ``start`` (least squares)."""
    first = round(start * rate)
    window = samples[first : first + rate // 4, 0].astype(np.float64)
    t = (first + np.arange(len(window))) / rate
    basis = np.stack([np.sin(2 * np.pi * hertz * t), np.cos(2 * np.pi * hertz * t)], axis=1)
    coefficients, *_ = np.linalg.lstsq(basis, window, rcond=None)
    return float(np.hypot(*coefficients))


def test_music_plays_under_the_cues_looped_and_ducked_while_a_cue_sounds(
    tmp_path: Path, sounds: dict[str, CueSound]
) -> None:
    """A 5-second 48 kHz stereo tune (a 60 Hz tone at 0.8) loops for the 34 s: at MUSIC_GAIN
    between cues, at DUCKED_GAIN under a chime; the track takes the music's rate and channels."""
    music = tmp_path / "tune.wav"
    soundfile.write(music, sine(48000, 5.0, 60.0, 0.8), 48000)
    target = tmp_path / "with-music.flac"
    done = export_audio(PLAN, CueSettings(), sounds, target, music=music)
    decoded, rate = soundfile.read(target, dtype="float32")
    assert (rate, decoded.shape) == (48000, (34 * 48000, 2))
    assert (done.sample_rate, done.channels) == (48000, 2)
    for quiet in (12.0, 14.5, 23.0):  # between cues, in the first and later loops
        assert level_at(decoded, rate, quiet, 60.0) == pytest.approx(0.8 * MUSIC_GAIN, abs=0.01)
    for under_chime in (8.1, 20.1):
        assert level_at(decoded, rate, under_chime, 60.0) == pytest.approx(
            0.8 * DUCKED_GAIN, abs=0.02
        )


def test_the_music_loops_without_a_gap(tmp_path: Path, sounds: dict[str, CueSound]) -> None:
    music = tmp_path / "tune.wav"
    soundfile.write(music, sine(44100, 1.0, 50.0, 0.5)[:, :1], 44100)  # mono, 1 s
    target = tmp_path / "loop.wav"
    export_audio(
        Workout(1, 1, (Segment(WALK, 4),)), CueSettings(mode=CueMode.SILENT), sounds, target, music
    )
    decoded, _rate = soundfile.read(target, dtype="float32")
    expected = np.tile(sine(44100, 1.0, 50.0, 0.5)[:, 0], 4) * MUSIC_GAIN
    assert np.abs(decoded - expected).max() < 1e-3


@pytest.mark.parametrize(
    ("content", "says"),
    [
        pytest.param(b"", "not a music file CouchTimer can read", id="empty"),
        pytest.param(
            b"RIFF\x00\x00\x00\x00WAVE" + os.urandom(200), "not a music file", id="torn WAV"
        ),
        pytest.param(b"\x00" * 4096, "not a music file", id="zeros"),
    ],
)
def test_a_file_that_is_not_music_is_refused_naming_it(
    tmp_path: Path, sounds: dict[str, CueSound], content: bytes, says: str
) -> None:
    music = tmp_path / "song.mp3"
    music.write_bytes(content)
    target = tmp_path / "out.ogg"
    with pytest.raises(AudioExportError, match=f"^{music}: {says}"):
        export_audio(PLAN, CueSettings(), sounds, target, music=music)
    assert not target.exists()


def test_missing_music_and_unknown_formats_are_refused(
    tmp_path: Path, sounds: dict[str, CueSound]
) -> None:
    with pytest.raises(AudioExportError, match="no such music file"):
        export_audio(PLAN, CueSettings(), sounds, tmp_path / "a.ogg", music=tmp_path / "none.ogg")
    with pytest.raises(AudioExportError, match=r"writes audio as \.wav, \.flac, \.ogg, \.mp3"):
        export_audio(PLAN, CueSettings(), sounds, tmp_path / "a.m4a")
    with pytest.raises(OutputError, match="is a folder"):
        export_audio(
            PLAN,
            CueSettings(),
            sounds,
            tmp_path / "folder.ogg" if (tmp_path / "folder.ogg").mkdir() is None else tmp_path,
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.ogg"]


def test_a_link_is_never_written_through(tmp_path: Path, sounds: dict[str, CueSound]) -> None:
    victim = tmp_path / "victim.wav"
    victim.write_bytes(b"keep me")
    link = tmp_path / "link.wav"
    link.symlink_to(victim)
    with pytest.raises(OutputError, match="is a symbolic link"):
        export_audio(PLAN, CueSettings(), sounds, link)
    assert victim.read_bytes() == b"keep me"


def test_stopping_half_way_leaves_the_old_file_and_no_temporary_one(
    tmp_path: Path, sounds: dict[str, CueSound]
) -> None:
    target = tmp_path / "W1R1.ogg"
    target.write_bytes(b"the earlier export")

    def progress(share: float) -> None:
        if share > 0.5:
            raise KeyboardInterrupt  # as Ctrl+C would

    with pytest.raises(KeyboardInterrupt):
        export_audio(PLAN, CueSettings(), sounds, target, progress=progress)
    assert target.read_bytes() == b"the earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["W1R1.ogg"]
