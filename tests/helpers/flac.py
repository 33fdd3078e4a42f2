"""Writing small cue files for tests: FLAC as scripts/make_cues writes them (soundfile)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile


def write_flac(path: Path, channels: int, samples: bytes, rate: int = 24000) -> None:
    """16-bit FLAC of ``samples`` (interleaved little-endian PCM) at ``rate``."""
    pcm = np.frombuffer(samples, dtype="<i2").reshape(-1, channels)
    soundfile.write(path, pcm, rate, format="FLAC", subtype="PCM_16")
