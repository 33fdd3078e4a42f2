"""ALSA routed to files, as DESIGN.md "Audio" describes: each time a PCM opens (one per cue
played), ALSA's file plugin writes exactly the frames that would reach the speaker to a new file
(``truncate false`` makes it number them: out.raw, out.raw.0001, ...)."""

from __future__ import annotations

import bisect
import itertools
import os
import select
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from couchtimer.priority import raise_priority
from tests.helpers.paths import ROOT

SYSTEM_ALSA_CONF = "/usr/share/alsa/alsa.conf"


def cue_at(cue: str, volume: float) -> bytes:
    """The cue file's samples at ``volume``, as the app must hand them to ALSA: decoded here by
    soundfile and scaled as floor(sample * round(volume * 65536) / 65536), an independent reading
    of what the app plays."""
    import numpy as np
    import soundfile

    samples, _rate = soundfile.read(ROOT / "assets" / "cues" / f"{cue}.flac", dtype="int16")
    k = round(volume * 65536)
    return bytes(((samples.astype(np.int64) * k) >> 16).astype("<i2").tobytes())


def cue_starts(cues: Sequence[str], volume: float, size: int = 2048) -> dict[str, bytes]:
    """Each cue's first ``size`` bytes at ``volume``, for ``AlsaFifo.places``: checked to begin
    that cue only, found once in it and in none of the others."""
    whole = {cue: cue_at(cue, volume) for cue in cues}
    starts = {cue: data[:size] for cue, data in whole.items()}
    for cue, start in starts.items():
        found = {other: data.count(start) for other, data in whole.items()}
        assert found == {other: int(other == cue) for other in whole}, (cue, found)
    return starts


class AlsaCapture:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.conf = folder / "asound.conf"
        self.conf.write_text(
            f'pcm.!default {{ type file; slave.pcm "null"; file "{folder / "out.raw"}"; '
            'format "raw"; truncate false }\n',
            encoding="utf-8",
        )
        self.config_path = f"{SYSTEM_ALSA_CONF}:{self.conf}"

    def env(self) -> dict[str, str]:
        """The environment for a subprocess whose sound should be captured."""
        return {**os.environ, "ALSA_CONFIG_PATH": self.config_path}

    def files(self) -> list[bytes]:
        """What each PCM opening received, in the order they opened."""
        paths = sorted(self.folder.glob("out.raw*"), key=lambda p: (len(p.name), p.name))
        return [p.read_bytes() for p in paths]

    def identify(self, sounds: Mapping[str, bytes]) -> list[str]:
        """Name each captured stream by the cue it is (or begins, if it was cut off).

        A stream of zeros is the player's silent probe: "probe".
        """
        names = []
        for data in self.files():
            if not data.strip(b"\0"):
                names.append("probe")
                continue
            matches = [cue for cue, frames in sounds.items() if frames.startswith(data)]
            names.append(matches[0] if len(matches) == 1 else f"?{len(data)}")
        return names


def no_device_config(folder: Path) -> str:
    """An ALSA_CONFIG_PATH whose default device is a sound card that does not exist."""
    conf = folder / "no-device.conf"
    conf.write_text("pcm.!default { type hw; card 29 }\n", encoding="utf-8")
    return f"{SYSTEM_ALSA_CONF}:{conf}"


class AlsaFifo:
    """ALSA's default device written to a FIFO read by a thread that timestamps (monotonic)
    each chunk as it arrives: when a cue's first bytes reached the "speaker". The ``null`` slave
    is not paced, so a cue's bytes arrive in one burst at its onset (see benchmarks/cue_timing.py).
    """

    GAP_SECONDS = 0.004  # bytes further apart than this begin a new stream

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        fifo = folder / "out.fifo"
        os.mkfifo(fifo)
        conf = folder / "asound.conf"
        conf.write_text(
            f'pcm.!default {{ type file; slave.pcm "null"; file "{fifo}"; format "raw" }}\n',
            encoding="utf-8",
        )
        self.config_path = f"{SYSTEM_ALSA_CONF}:{conf}"
        # Read-write: the reader never sees end-of-file between cues, writers never block.
        self._fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
        self.chunks: list[tuple[float, bytes]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        # Raised where allowed (root: real time), as the player's own thread is: a reader kept
        # off the CPU stamps bytes late and is what is late (benchmarks/cue_timing.py does too).
        raise_priority()
        while not self._stop.is_set():
            ready, _, _ = select.select([self._fd], [], [], 0.02)
            if ready:
                arrived = time.monotonic()
                self.chunks.append((arrived, os.read(self._fd, 1 << 20)))

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        os.close(self._fd)

    def received(self) -> int:
        """How many bytes have arrived so far."""
        return sum(len(data) for _, data in list(self.chunks))

    def wait_for(self, size: int, timeout: float = 10.0) -> bool:
        """Block until ``size`` bytes in all have arrived (at most ``timeout`` s)."""
        deadline = time.monotonic() + timeout
        while self.received() < size:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True

    def onsets(self, played: Sequence[bytes]) -> list[float]:
        """When the first bytes of each of ``played`` arrived, ``played`` being every stream
        that reached ALSA, in order: found by each one's place among the bytes received, which
        must be exactly those. (``streams`` splits them by gaps in time instead, which a busy
        machine moves: a writer held up between two periods split one cue in two, a reader held
        up past the next cue's start ran two together.)"""
        chunks = list(self.chunks)
        got = b"".join(data for _, data in chunks)
        if got != b"".join(played):
            sizes = [len(data) for _, data in self.streams()]
            raise AssertionError(
                f"ALSA received {len(got)} bytes in streams of {sizes}; expected "
                f"{[len(stream) for stream in played]} bytes, byte for byte"
            )
        onsets, ends = [], 0
        starts = iter(itertools.accumulate((len(stream) for stream in played), initial=0))
        start = next(starts)
        for arrived, data in chunks:
            ends += len(data)
            while start < ends and len(onsets) < len(played):
                onsets.append(arrived)
                start = next(starts)
        return onsets

    def places(self, starts: Mapping[str, bytes]) -> list[tuple[float, str]]:
        """(arrival, name) of every place among the bytes received that begins one of ``starts``
        (each a cue's first bytes, found nowhere else), in the order received; the arrival is
        that of the chunk holding its first byte. Found by place, not by gaps in time
        (``streams``), which a busy machine moves: a writer held up inside a cue's first bytes
        split them, a reader held up past the next cue's start ran two cues together."""
        chunks = list(self.chunks)
        got = b"".join(data for _, data in chunks)
        ends = list(itertools.accumulate(len(data) for _, data in chunks))
        found: list[tuple[int, str]] = []
        for name, start in starts.items():
            at = got.find(start)
            while at >= 0:
                found.append((at, name))
                at = got.find(start, at + len(start))
        return [(chunks[bisect.bisect_right(ends, at)][0], name) for at, name in sorted(found)]

    def streams(self) -> list[tuple[float, bytes]]:
        """(arrival of the first bytes, all the bytes) of each stream, in order."""
        grouped: list[tuple[float, bytearray]] = []
        last = -1.0
        for arrived, data in self.chunks:
            if not grouped or arrived - last > self.GAP_SECONDS:
                grouped.append((arrived, bytearray()))
            grouped[-1][1].extend(data)
            last = arrived
        return [(arrived, bytes(data)) for arrived, data in grouped]
