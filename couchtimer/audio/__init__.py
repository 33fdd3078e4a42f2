"""Sound: the ``Player`` protocol and its implementations (see player.py)."""

from couchtimer.audio.player import (
    NullPlayer,
    Player,
    SimpleAudioPlayer,
    check_cues,
    load_cues,
    open_player,
    stderr_captured,
)

__all__ = [
    "NullPlayer",
    "Player",
    "SimpleAudioPlayer",
    "check_cues",
    "load_cues",
    "open_player",
    "stderr_captured",
]
