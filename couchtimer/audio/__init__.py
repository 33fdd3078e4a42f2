"""Sound: the ``Player`` protocol and its implementations (see player.py)."""

from couchtimer.audio.capture import stderr_captured
from couchtimer.audio.player import SimpleAudioPlayer, open_player
from couchtimer.audio.protocol import NullPlayer, Player
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
