"""The ALSA FIFO's reader finds cues by where their first bytes are among the bytes received,
whatever the chunks they arrived in (tests/helpers/alsa.py, used by tests/e2e/test_cues_heard.py)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.alsa import AlsaFifo, cue_at, cue_starts


def test_cue_starts_begin_their_cue_only() -> None:
    starts = cue_starts(("tone-run", "tone-pip", "say-paused"), 0.8)
    assert starts["tone-run"] == cue_at("tone-run", 0.8)[:2048]
    assert [len(start) for start in starts.values()] == [2048, 2048, 2048]


def test_places_are_found_across_and_within_chunks(tmp_path: Path) -> None:
    """A cue split over three chunks is placed at its first chunk's arrival; two cues run
    together in one chunk both get that chunk's arrival; silence and unknown bytes are no cue."""
    fifo = AlsaFifo(tmp_path)
    fifo.close()
    a, b = b"AAAA" + bytes(4), b"BBBB" + bytes(4)
    fifo.chunks = [
        (1.0, bytes(8)),  # the silent probe
        (2.0, b"xyz" + a[:2]),
        (2.5, a[2:3]),
        (3.0, a[3:] + b + b"noise"),
        (4.0, a),
    ]
    assert fifo.places({"a": a[:4], "b": b[:4]}) == [(2.0, "a"), (3.0, "b"), (4.0, "a")]
    assert fifo.places({"c": b"CCCC"}) == []
