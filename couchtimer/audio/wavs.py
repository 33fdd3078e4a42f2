"""Reading and checking cue files: the format CouchTimer ships (16-bit mono 24 kHz FLAC).

Used at start-up by the players (so a missing or corrupt file is reported before the run, naming
the file) and by ``scripts/make_cues --check``. Files are decoded by libsndfile (sndfile.py); no
sound library and no numpy is imported here: 24 kHz is the voice's own rate, so cues are held as
16-bit mono PCM at that rate, once, and volume is applied with Python's own integers
(``scale_pcm16``).
"""

from __future__ import annotations

import array
import math
import sys
from dataclasses import dataclass
from pathlib import Path

from couchtimer import resources
from couchtimer.audio.sndfile import SoundFileError, decode
from couchtimer.core.cues import RECORDINGS
from couchtimer.core.errors import CueError

SAMPLE_RATE = 24000  # the neural voice's own rate; tones are made at it too
SAMPLE_WIDTH = 2  # bytes: 16-bit
CHANNELS = 1
CUE_SUFFIX = ".flac"
#: A cue quieter than this peak (dBFS) counts as silent: something went wrong generating it.
SILENT_PEAK_DBFS = -30.0

_REMEDY = "Reinstall CouchTimer, or in a source checkout run scripts/make_cues to regenerate it."


@dataclass(frozen=True, slots=True)
class CueSound:
    """One cue's PCM frames, ready for the sound card."""

    cue_id: str
    frames: bytes
    channels: int = CHANNELS
    sample_width: int = SAMPLE_WIDTH
    sample_rate: int = SAMPLE_RATE

    @property
    def frame_count(self) -> int:
        return len(self.frames) // (self.channels * self.sample_width)

    @property
    def seconds(self) -> float:
        return self.frame_count / self.sample_rate

    def samples(self) -> array.array[int]:
        """The 16-bit samples as numbers (little-endian, as in WAV files)."""
        values = array.array("h")
        values.frombytes(self.frames)
        if sys.byteorder == "big":  # pragma: no cover - CouchTimer ships for little-endian PCs
            values.byteswap()
        return values

    def peak_dbfs(self) -> float:
        samples = self.samples()
        peak = max((abs(v) for v in samples), default=0)
        return 20 * math.log10(peak / 32768) if peak else -math.inf

    def scaled(self, volume: float) -> CueSound:
        """A copy at ``volume`` (0..1) of the original loudness, computed once, not per play."""
        if volume >= 1.0:
            return self
        return CueSound(
            self.cue_id,
            scale_pcm16(self.frames, volume),
            self.channels,
            self.sample_width,
            self.sample_rate,
        )


_FLIP_SIGN = bytes(b ^ 0x80 for b in range(256))


def scale_pcm16(frames: bytes, volume: float) -> bytes:
    """16-bit little-endian PCM ``frames`` at ``volume`` (0..1): each sample becomes
    ``floor(sample * k / 65536)`` with ``k = round(volume * 65536)``.

    Without numpy and without a Python loop over samples (which took 0.2 s a million samples):
    every sample is widened to a 32-bit lane of one big integer, offset to be non-negative, and
    the whole integer is multiplied by ``k`` at once; the lanes are wide enough that no lane
    carries into the next. Every step is one C-level pass over the bytes.
    """
    if not 0.0 <= volume <= 1.0:
        raise ValueError(f"volume {volume} is outside 0..1")
    count = len(frames) // 2
    if count == 0:
        return b""
    k = round(volume * 65536)
    lanes = bytearray(4 * count)
    lanes[0::4] = frames[0 : 2 * count : 2]
    lanes[1::4] = frames[1 : 2 * count : 2].translate(_FLIP_SIGN)  # + 32768: offset binary
    # lane = (x + 32768) * k + 32768 * (65536 - k) = x * k + 2**31, in [0, 2**32) for |x| <= 2**15
    offset = (32768 * (65536 - k)).to_bytes(4, "little") * count
    total = int.from_bytes(lanes, "little") * k + int.from_bytes(offset, "little")
    product = total.to_bytes(4 * count, "little")
    out = bytearray(2 * count)
    out[0::2] = product[2::4]  # lane >> 16 = floor(x * k / 65536) + 32768
    out[1::2] = product[3::4].translate(_FLIP_SIGN)
    return bytes(out)


def cue_path(cues_dir: Path, cue_id: str) -> Path:
    """Where cue ``cue_id`` is stored: ``<id>.flac`` (lossless, decoded once into memory)."""
    return cues_dir / f"{cue_id}{CUE_SUFFIX}"


def read_cue(path: Path) -> CueSound:
    """Read ``path`` and check it is a usable cue; a clear ``CueError`` naming it otherwise."""
    try:
        decoded = decode(path)
    except FileNotFoundError as exc:
        raise CueError(f"{path}: cue sound file is missing. {_REMEDY}") from exc
    except (OSError, SoundFileError) as exc:
        raise CueError(f"{path}: not a readable FLAC file ({exc}). {_REMEDY}") from exc
    channels, rate = decoded.channels, decoded.sample_rate
    if not decoded.is_flac_16 or (channels, rate) != (CHANNELS, SAMPLE_RATE):
        kind = "16-bit FLAC" if decoded.is_flac_16 else "not 16-bit FLAC"
        raise CueError(
            f"{path}: {channels} channel(s), {kind}, {rate} Hz; CouchTimer needs "
            f"16-bit mono {SAMPLE_RATE} Hz FLAC. {_REMEDY}"
        )
    # Never hand the sound library an empty buffer (simpleaudio crashes on empty ones).
    if not decoded.frames:
        raise CueError(f"{path}: the file holds no sound. {_REMEDY}")
    return CueSound(path.stem, decoded.frames, channels, SAMPLE_WIDTH, rate)


def load_cues(cues_dir: Path) -> dict[str, CueSound]:
    """Every catalogued cue, read from ``cues_dir``; ``CueError`` naming the first bad file."""
    if not cues_dir.is_dir():
        raise CueError(
            f"{cues_dir}: the cue sounds folder is missing. Reinstall CouchTimer, or in a "
            "source checkout run scripts/make_cues."
        )
    return {cue_id: read_cue(cue_path(cues_dir, cue_id)) for cue_id in sorted(RECORDINGS)}


def check_cues(cues_dir: Path | None = None) -> dict[str, CueSound]:
    """Fail early, naming the file, when a cue is missing or unusable; the cues, for open_player."""
    return load_cues(cues_dir or resources.cues_dir())
