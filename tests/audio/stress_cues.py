"""At least 200 cues back to back through SimpleAudioPlayer, many overlapping, then a clean exit.

Run as a separate process (by tests/audio/test_player.py, on every Python that pyproject
supports) because the crashes it guards against (py-simple-audio #72, #74) kill the process,
at playback end or at interpreter exit. Prints one line: "<played> played, <failures> failed".
"""

from __future__ import annotations

import sys

from couchtimer.audio import SimpleAudioPlayer, open_player

# Chimes cut off what sounds, pips and clicks overlap everything, speech queues behind.
PATTERN = ["tone-run", "tone-click", "tone-pip", "say-of", "tone-click", "num-7", "tone-walk"]
PATTERN += ["tone-pip", "tone-click", "tone-halfway"]
COUNT = 200


def main() -> int:
    player = open_player(0.5)
    if not isinstance(player, SimpleAudioPlayer):
        print(f"no sound device: {player.problem}")
        return 3
    calls = 0
    while player.played < COUNT and calls < 10 * COUNT:
        player.play(PATTERN[calls % len(PATTERN)])
        calls += 1
    player.wait_idle(10.0)
    player.play("say-complete")  # the last cue is still sounding at close and at exit
    player.close()
    print(f"{player.played} played, {player.failures} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
