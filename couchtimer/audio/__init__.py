"""Sound: the ``Player`` protocol and its implementations (see player.py)."""

from couchtimer.audio.capture import stderr_captured
from couchtimer.audio.player import NullPlayer, Player, SimpleAudioPlayer, open_player
from couchtimer.audio.wavs import check_cues, load_cues

__all__ = [
    "NullPlayer",
    "Player",
    "SimpleAudioPlayer",
    "check_cues",
    "load_cues",
    "open_player",
    "stderr_captured",
]
