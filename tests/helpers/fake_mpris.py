"""A fake MPRIS media player on the session bus, for the music-ducking tests.

    python -m tests.helpers.fake_mpris NAME LOG [--status Playing|Paused] [--volume 0.9]
        [--quit-after-sets N]

Owns ``org.mpris.MediaPlayer2.NAME`` and answers Properties.Get/GetAll/Set for PlaybackStatus
and Volume and the Player methods Play, Pause, PlayPause, Stop, as a real player does. Every
change is appended to LOG as a JSON line ``{"t": CLOCK_MONOTONIC seconds, "volume": v,
"status": s}`` (the first line is the starting state, written once the name is owned), so a test
can compare the moment of each change with the moment a cue's bytes reached ALSA.
``--quit-after-sets N`` exits at once after the Nth volume change (a player quitting mid-cue).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from jeepney import MessageType, new_error, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
from jeepney.low_level import HeaderFields

ROOT = Path(__file__).resolve().parents[2]

PLAYER = "org.mpris.MediaPlayer2.Player"
PROPERTIES = "org.freedesktop.DBus.Properties"


class FakePlayer:
    def __init__(self, log: Path, status: str, volume: float, quit_after: int) -> None:
        self.log, self.status, self.volume = log, status, volume
        self.quit_after, self.sets = quit_after, 0

    def record(self) -> None:
        line = {"t": time.monotonic(), "volume": self.volume, "status": self.status}
        with self.log.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")

    def properties(self) -> dict[str, tuple[str, Any]]:
        return {"PlaybackStatus": ("s", self.status), "Volume": ("d", self.volume)}

    def handle(self, msg: Any) -> tuple[Any, bool]:
        """(the reply, whether to quit now)."""
        fields = msg.header.fields
        interface, member = fields.get(HeaderFields.interface), fields.get(HeaderFields.member)
        if interface == PROPERTIES and member == "Get" and msg.body[1] in self.properties():
            return new_method_return(msg, "v", (self.properties()[msg.body[1]],)), False
        if interface == PROPERTIES and member == "GetAll":
            return new_method_return(msg, "a{sv}", (self.properties(),)), False
        if interface == PROPERTIES and member == "Set" and msg.body[1] == "Volume":
            self.volume = float(msg.body[2][1])
            self.sets += 1
            self.record()
            return new_method_return(msg), self.sets == self.quit_after
        if interface in (PLAYER, None) and member in ("Play", "Pause", "PlayPause", "Stop"):
            playing = {"Play": True, "Pause": False, "Stop": False}
            now = playing.get(member, self.status != "Playing")
            self.status = "Playing" if now else ("Stopped" if member == "Stop" else "Paused")
            self.record()
            return new_method_return(msg), False
        return new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod", "s", (member,)), False


class FakeMpris:
    """A fake player process (tests/helpers/fake_mpris.py) and what it logged."""

    def __init__(self, name: str, folder: Path, *args: str, bus: str | None = None) -> None:
        self.log = folder / f"{name}.jsonl"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        if bus is not None:
            env["DBUS_SESSION_BUS_ADDRESS"] = bus
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.fake_mpris", name, str(self.log), *args],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 10
        while not self.changes() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self.changes(), f"fake player {name} did not start"

    def changes(self) -> list[dict[str, float | str]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text("utf-8").splitlines()]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
        self.proc.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("name")
    parser.add_argument("log", type=Path)
    parser.add_argument("--status", default="Playing")
    parser.add_argument("--volume", type=float, default=0.9)
    parser.add_argument("--quit-after-sets", type=int, default=0)
    args = parser.parse_args()
    player = FakePlayer(args.log, args.status, args.volume, args.quit_after_sets)
    with open_dbus_connection(bus="SESSION") as connection:
        bus_name = f"org.mpris.MediaPlayer2.{args.name}"
        connection.send_and_get_reply(message_bus.RequestName(bus_name), timeout=5)
        player.record()
        while True:
            msg = connection.receive()
            if msg.header.message_type is not MessageType.method_call:
                continue
            reply, quit_now = player.handle(msg)
            if quit_now:
                return 0  # mid-cue, without a reply: as a player that crashed
            connection.send(reply)


if __name__ == "__main__":
    raise SystemExit(main())
