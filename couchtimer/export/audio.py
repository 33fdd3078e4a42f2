"""A whole workout as one audio file (``couchtimer export-audio``, File > Export workout audio):
every cue at its planned time, for any phone or music player, like the NHS podcasts.

Which cue sounds when is decided in the core (``core.cue_track``: the engine and the cue policy,
then the player's channel rules); this module only mixes the cue WAVs at those places and writes
the file. It is written with soundfile (libsndfile) in blocks of ``BLOCK_FRAMES``: one long write
of an OGG file crashes libsndfile (python-soundfile #426, #233), and a 40-minute workout would
otherwise sit in memory whole. The file is exactly as long as the plan (to the sample).

With ``music``, that file plays under the cues (looped to the workout's length), at
``MUSIC_GAIN`` and ducked to ``DUCKED_GAIN`` while a cue sounds, with ``DUCK_RAMP_SECONDS`` fades
either side, so every cue stays clear. The track then takes the music's sample rate and (up to
two) channels; the cues are resampled to it once.
"""

from __future__ import annotations

import bisect
import contextlib
import logging
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from couchtimer.audio.wavs import SAMPLE_RATE, CueSound
from couchtimer.core.cue_track import PlacedCue, cue_schedule, place_cues
from couchtimer.core.cues import CueSettings
from couchtimer.core.errors import CouchTimerError
from couchtimer.core.programme import Workout

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Samples = npt.NDArray[np.float32]

log = logging.getLogger(__name__)

#: Frames mixed and written at a time: 2.7 s at the cues' 24 kHz.
BLOCK_FRAMES = 65536
MUSIC_GAIN = 0.5  # about -6 dB: music under the voice, not over it
DUCKED_GAIN = 0.12  # about -18 dB while a cue sounds
DUCK_RAMP_SECONDS = 0.15

#: suffix -> (libsndfile format, subtype); MP3 where this libsndfile can write it (1.1+).
FORMATS = {
    ".wav": ("WAV", "PCM_16"),
    ".flac": ("FLAC", "PCM_16"),
    ".ogg": ("OGG", "VORBIS"),
    ".mp3": ("MP3", "MPEG_LAYER_III"),
}


class AudioExportError(CouchTimerError):
    """The audio file cannot be written (format, music file, folder); the message says why."""


@dataclass(frozen=True, slots=True)
class AudioExport:
    """What was written: for the summary line and the tests."""

    path: Path
    seconds: float
    frames: int
    sample_rate: int
    channels: int
    cues: tuple[PlacedCue, ...]


Progress = Callable[[float], None]  # share done, 0..1; called from the writing thread


def supported_suffixes() -> list[str]:
    """The suffixes this machine's libsndfile can write, in FORMATS order."""
    import soundfile

    formats = soundfile.available_formats()
    return [suffix for suffix, (fmt, _subtype) in FORMATS.items() if fmt in formats]


def file_format(path: Path) -> tuple[str, str]:
    """The libsndfile format and subtype for ``path``'s suffix; AudioExportError otherwise."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS or suffix not in supported_suffixes():
        names = ", ".join(supported_suffixes())
        raise AudioExportError(
            f"{path}: CouchTimer writes audio as {names}; end the file name with one of them"
        )
    return FORMATS[suffix]


def export_audio(
    workout: Workout,
    settings: CueSettings,
    sounds: Mapping[str, CueSound],
    target: Path,
    music: Path | None = None,
    progress: Progress | None = None,
) -> AudioExport:
    """Write ``workout``'s cue track to ``target`` (format from its suffix); see the module."""
    fmt, subtype = file_format(target)
    music_file = _open_music(music) if music is not None else None
    try:
        rate = music_file.samplerate if music_file is not None else SAMPLE_RATE
        channels = min(music_file.channels, 2) if music_file is not None else 1
        cue_samples = {cue_id: _resampled(sound, rate) for cue_id, sound in sounds.items()}
        length = float(workout.total_seconds)
        placed = place_cues(
            cue_schedule(workout, settings),
            {cue_id: len(samples) / rate for cue_id, samples in cue_samples.items()},
            length,
        )
        total_frames = workout.total_seconds * rate
        mixer = _Mixer(placed, cue_samples, rate)
        from couchtimer.store.output import replacing

        with replacing(target, f"{workout.code}{target.suffix}") as stream:
            _write(stream, fmt, subtype, rate, channels, total_frames, mixer, music_file, progress)
    finally:
        if music_file is not None:
            music_file.close()
    return AudioExport(target, length, total_frames, rate, channels, tuple(placed))


def _write(
    stream: Any,
    fmt: str,
    subtype: str,
    rate: int,
    channels: int,
    total_frames: int,
    mixer: _Mixer,
    music_file: Any,
    progress: Progress | None,
) -> None:
    import numpy as np
    import soundfile

    try:
        with soundfile.SoundFile(
            stream, "w", samplerate=rate, channels=channels, format=fmt, subtype=subtype
        ) as out:
            for first in range(0, total_frames, BLOCK_FRAMES):
                count = min(BLOCK_FRAMES, total_frames - first)
                cues = mixer.cues(first, count)
                if music_file is not None:
                    music = _music_block(music_file, count, channels)
                    gain = mixer.music_gain(first, count)
                    block = music * gain[:, None] + cues[:, None]
                else:
                    block = cues[:, None]
                out.write(np.clip(block, -1.0, 1.0))
                if progress is not None:
                    progress((first + count) / total_frames)
    except (soundfile.LibsndfileError, RuntimeError) as exc:
        raise AudioExportError(f"the audio could not be written ({exc})") from None


class _Mixer:
    """The cue samples of any stretch of the track, and the music's gain along it."""

    def __init__(self, placed: list[PlacedCue], samples: Mapping[str, Samples], rate: int) -> None:
        # Frame spans, sorted by start; a cue reaches at most `longest` frames past its start.
        self._spans = [
            (round(p.start * rate), round(p.end * rate), samples[p.cue_id]) for p in placed
        ]
        self._starts = [span[0] for span in self._spans]
        self._longest = max((end - start for start, end, _ in self._spans), default=0)
        self._ramp = max(1, round(DUCK_RAMP_SECONDS * rate))

    def _overlapping(self, first: int, count: int, margin: int) -> list[tuple[int, int, Samples]]:
        low = bisect.bisect_left(self._starts, first - self._longest - margin)
        high = bisect.bisect_left(self._starts, first + count + margin)
        return [s for s in self._spans[low:high] if s[1] + margin > first]

    def cues(self, first: int, count: int) -> Samples:
        import numpy as np

        block = np.zeros(count, dtype=np.float32)
        for start, end, samples in self._overlapping(first, count, 0):
            lo, hi = max(start, first), min(end, first + count)
            if lo < hi:
                block[lo - first : hi - first] += samples[lo - start : hi - start]
        return block

    def music_gain(self, first: int, count: int) -> Samples:
        """MUSIC_GAIN, dipping to DUCKED_GAIN over each cue with a ramp either side."""
        import numpy as np

        gain = np.full(count, MUSIC_GAIN, dtype=np.float32)
        frames = np.arange(first, first + count, dtype=np.float64)
        for start, end, _samples in self._overlapping(first, count, self._ramp):
            outside = np.maximum(np.maximum(start - frames, frames - end), 0.0)
            dip = DUCKED_GAIN + (MUSIC_GAIN - DUCKED_GAIN) * np.minimum(outside / self._ramp, 1.0)
            np.minimum(gain, dip.astype(np.float32), out=gain)
        return gain


def _resampled(sound: CueSound, rate: int) -> Samples:
    import numpy as np

    samples = np.frombuffer(sound.frames, dtype="<i2").astype(np.float32) / 32768.0
    if rate == sound.sample_rate:
        return samples
    count = max(1, round(len(samples) * rate / sound.sample_rate))
    positions = np.arange(count, dtype=np.float64) * sound.sample_rate / rate
    resampled: Samples = np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)
    return resampled


def _open_music(path: Path) -> Any:
    import soundfile

    if not path.is_file():
        raise AudioExportError(f"{path}: no such music file; name a WAV, FLAC, OGG or MP3 file")
    try:
        with _quiet():  # the MP3 decoder prints its complaints on stderr
            music = soundfile.SoundFile(os.fspath(path))
    except (soundfile.LibsndfileError, RuntimeError, TypeError, ValueError) as exc:
        log.info("music file %s not read: %s", path, exc)
        raise AudioExportError(
            f"{path}: not a music file CouchTimer can read; use WAV, FLAC, OGG or MP3"
        ) from None
    if music.frames == 0 or not 8000 <= music.samplerate <= 192000:
        music.close()
        raise AudioExportError(
            f"{path}: holds no music CouchTimer can play under the cues "
            "(empty, or an odd sample rate); use another WAV, FLAC, OGG or MP3 file"
        )
    return music


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """libsndfile's MP3 decoder (mpg123) writes notes to file descriptor 2: into the log."""
    from couchtimer.audio.capture import stderr_captured

    with stderr_captured() as written:
        yield
        said = written()
    if said:
        log.info("libsndfile said: %s", " ".join(said.split()))


def _music_block(music: Any, count: int, channels: int) -> Samples:
    """The next ``count`` frames of the music, from its start again when it ends (a loop)."""
    import numpy as np
    import soundfile

    parts = []
    wanted = count
    try:
        with _quiet():
            while wanted > 0:
                chunk = music.read(wanted, dtype="float32", always_2d=True)
                if len(chunk) == 0:
                    music.seek(0)
                    chunk = music.read(wanted, dtype="float32", always_2d=True)
                    if len(chunk) == 0:
                        raise AudioExportError(f"{music.name}: the music file could not be read")
                parts.append(chunk[:, :channels])
                wanted -= len(chunk)
    except (soundfile.LibsndfileError, RuntimeError) as exc:
        raise AudioExportError(f"{music.name}: the music file could not be read ({exc})") from None
    block: Samples = np.concatenate(parts)
    return block
