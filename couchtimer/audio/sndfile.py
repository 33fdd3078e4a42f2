"""Decoding the cue files (FLAC) with libsndfile through ctypes: no numpy on the sound path.

The library is the copy that the ``soundfile`` wheel bundles (``_soundfile_data``), else the
system's ``libsndfile.so.1``. ``soundfile`` itself is not imported: it imports numpy, which would
cost a run some 10 MiB for nothing (issue 19). Only what reading a whole file needs is bound:
``sf_open``, ``sf_readf_short``, ``sf_close`` and ``sf_strerror``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys
from dataclasses import dataclass
from pathlib import Path

SFM_READ = 0x10
FORMAT_TYPE_MASK = 0x0FFF0000
FORMAT_SUB_MASK = 0x0000FFFF
FORMAT_FLAC = 0x00170000
FORMAT_PCM_16 = 0x0002
MAX_SECONDS = 60  # no cue is longer: a file that is, is not a cue (and memory stays bounded)
CHUNK_FRAMES = 65536


class SoundFileError(Exception):
    """libsndfile is missing, or could not read a file (the message says why)."""


class _Info(ctypes.Structure):
    _fields_ = [
        ("frames", ctypes.c_int64),
        ("samplerate", ctypes.c_int),
        ("channels", ctypes.c_int),
        ("format", ctypes.c_int),
        ("sections", ctypes.c_int),
        ("seekable", ctypes.c_int),
    ]


@dataclass(frozen=True, slots=True)
class Decoded:
    """A whole file as 16-bit little-endian PCM, with what the file said about itself."""

    frames: bytes
    sample_rate: int
    channels: int
    is_flac_16: bool


def _candidates() -> list[str]:
    found: list[str] = []
    try:
        import _soundfile_data  # the soundfile wheel's copy

        folder = Path(_soundfile_data.__file__).parent
        found += [str(p) for p in sorted(folder.glob("libsndfile*.so*"))]
        found += [str(p) for p in sorted(folder.glob("libsndfile*.dylib"))]
        found += [str(p) for p in sorted(folder.glob("libsndfile*.dll"))]
    except (ImportError, TypeError):  # no wheel copy (a system-packaged soundfile, a bundle)
        pass
    found.append("libsndfile.so.1")
    system = ctypes.util.find_library("sndfile")
    if system:
        found.append(system)
    return found


@functools.cache
def library() -> ctypes.CDLL:
    """libsndfile, loaded once; ``SoundFileError`` if there is none."""
    problems = []
    for candidate in _candidates():
        try:
            lib = ctypes.CDLL(candidate)
        except OSError as exc:
            problems.append(str(exc))
            continue
        lib.sf_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(_Info)]
        lib.sf_open.restype = ctypes.c_void_p
        lib.sf_readf_short.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64]
        lib.sf_readf_short.restype = ctypes.c_int64
        lib.sf_close.argtypes = [ctypes.c_void_p]
        lib.sf_close.restype = ctypes.c_int
        lib.sf_strerror.argtypes = [ctypes.c_void_p]
        lib.sf_strerror.restype = ctypes.c_char_p
        return lib
    raise SoundFileError(f"libsndfile is not installed ({'; '.join(problems)})")


def decode(path: Path) -> Decoded:
    """Every frame of ``path`` as 16-bit PCM; ``FileNotFoundError`` or ``SoundFileError``."""
    lib = library()
    if not path.is_file():
        raise FileNotFoundError(path)
    info = _Info()
    handle = lib.sf_open(str(path).encode(sys.getfilesystemencoding()), SFM_READ, info)
    if not handle:
        raise SoundFileError((lib.sf_strerror(None) or b"unknown error").decode("utf-8", "replace"))
    try:
        if not 1 <= info.channels <= 8 or not 1 <= info.samplerate <= 384000:
            raise SoundFileError(f"{info.channels} channel(s) at {info.samplerate} Hz")
        limit = MAX_SECONDS * info.samplerate  # frames; a file may not say its length (-1, max)
        chunk = bytearray(2 * info.channels * CHUNK_FRAMES)
        pointer = (ctypes.c_char * len(chunk)).from_buffer(chunk)
        pcm = bytearray()
        while True:
            read = lib.sf_readf_short(handle, pointer, CHUNK_FRAMES)
            if read <= 0:
                break
            pcm += memoryview(chunk)[: 2 * info.channels * read]
            if len(pcm) > 2 * info.channels * limit:
                raise SoundFileError(f"longer than {MAX_SECONDS} s")
        del pointer  # releases the export of ``chunk``
    finally:
        lib.sf_close(handle)
    if sys.byteorder == "big":  # pragma: no cover - CouchTimer ships for little-endian PCs
        raise SoundFileError("big-endian machines are not supported")
    is_flac_16 = (info.format & FORMAT_TYPE_MASK, info.format & FORMAT_SUB_MASK) == (
        FORMAT_FLAC,
        FORMAT_PCM_16,
    )
    return Decoded(bytes(pcm), info.samplerate, info.channels, is_flac_16)
