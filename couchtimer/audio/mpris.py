"""Music that ducks: while a cue sounds, lower (or pause) every MPRIS media player that is playing.

Spotify, Rhythmbox, VLC and the browsers expose ``org.mpris.MediaPlayer2.*`` on the session bus.
A ``MusicDucker`` keeps a list of the players that are playing and their volume, refreshed by a
thread of its own every POLL_SECONDS (so ``duck()`` never waits for the bus), and:

* ``duck()`` (the player calls it before a cue's first byte): sets each playing player's Volume to
  DUCK_LEVEL of what it was ("lower", the default) or calls Pause ("pause"), and waits for the
  replies (at most DUCK_WAIT: about a millisecond on a desktop), so the music is down before the
  cue's first byte; only players that were playing are touched. The first ``duck()`` after the
  ducker is made (a run started just after opening the sound, or after Settings changed how music
  is treated) waits for the poll thread's first look at the bus, at most FIRST_LOOK_WAIT: without
  it, the music playing when the run starts would sound on under the run's first cues.
* ``restore()`` (after the last cue's last byte, when the run pauses or ends): sets each volume
  back, or calls Play.
* What was changed is kept in a small state file (0600, written without following links) until it
  is restored, so a crash mid-cue is repaired when CouchTimer next opens its sound
  (``restore_after_crash``).

A player that quits mid-cue, a bus that goes away, or no session bus at all is no error: music is
then simply left alone. jeepney (pure Python) speaks D-Bus, so the terminal mode ducks as well.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MODES = ("lower", "pause", "leave")
DUCK_LEVEL = 0.3  # of the player's own volume, while a cue sounds
POLL_SECONDS = 0.5
STATE_FILE = "music-ducked.json"
MAX_STATE_BYTES = 64 * 1024
PREFIX = "org.mpris.MediaPlayer2."
PATH = "/org/mpris/MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"
PROPERTIES = "org.freedesktop.DBus.Properties"
MAX_VOLUME = 10.0  # MPRIS allows over 1.0 (VLC goes to 1.25); anything wilder is not ours
DUCK_WAIT = 0.020  # the most a cue waits for the players to say their music is down
TIMEOUT = 0.5  # seconds for any one call: a hung player must not hang the poll
FIRST_LOOK_WAIT = 0.5  # the most the first duck() waits for the first poll (a hung player)


def state_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_state_dir("couchtimer", appauthor=False)) / STATE_FILE


# --- the state file: what to put back ---


def read_state(path: Path) -> tuple[str, dict[str, float]]:
    """(mode, {bus name: volume before}) from ``path``; ("", {}) when absent or not ours.

    Never follows a link; anything unexpected (not a regular file, too big, not the JSON this
    module writes) counts as nothing to restore.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return "", {}
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_STATE_BYTES:
            return "", {}
        data = os.read(fd, MAX_STATE_BYTES + 1)
    finally:
        os.close(fd)
    return parse_state(data)


def parse_state(data: bytes) -> tuple[str, dict[str, float]]:
    """The state file's content checked: ("", {}) for anything but what ``write_state`` writes."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return "", {}
    if not isinstance(document, dict):
        return "", {}
    mode, players = document.get("mode"), document.get("players")
    if mode not in ("lower", "pause") or not isinstance(players, dict):
        return "", {}
    volumes: dict[str, float] = {}
    for name, volume in players.items():
        if (
            isinstance(name, str)
            and name.startswith(PREFIX)
            and len(name) <= 255
            and isinstance(volume, int | float)
            and not isinstance(volume, bool)
            and 0.0 <= volume <= MAX_VOLUME
        ):
            volumes[name] = float(volume)
    return str(mode), volumes


def write_state(path: Path, mode: str, players: Mapping[str, float]) -> None:
    """Record what was changed (0600; a new file renamed over the old, never through a link)."""
    from couchtimer.store.files import FILE_MODE, private_dir

    private_dir(path.parent)
    data = json.dumps({"mode": mode, "players": dict(players)}).encode()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    tmp.replace(path)


def clear_state(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


# --- D-Bus ---


def _connect() -> Any:
    """A blocking jeepney connection to the session bus; None when there is none."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return None
    try:
        from jeepney.io.blocking import open_dbus_connection

        return open_dbus_connection(bus="SESSION")
    except Exception as exc:  # no bus, refused, jeepney missing: music is left alone
        log.info("no session bus for music ducking: %s", exc)
        return None


def _call(
    name: str, interface: str, member: str, signature: str = "", body: tuple[Any, ...] = ()
) -> Any:
    from jeepney import DBusAddress, new_method_call

    address = DBusAddress(PATH, bus_name=name, interface=interface)
    return new_method_call(address, member, signature or None, body)


def _send_only(connection: Any, message: Any) -> None:
    """Send without waiting for (or ever reading) a reply."""
    from jeepney.low_level import MessageFlag

    message.header.flags |= MessageFlag.no_reply_expected
    connection.send(message)


def _set_volume(name: str, volume: float) -> Any:
    return _call(name, PROPERTIES, "Set", "ssv", (PLAYER, "Volume", ("d", volume)))


def restore_after_crash(path: Path | None = None) -> int:
    """Put back what a CouchTimer that died mid-cue left lowered or paused; how many players.

    Players that have gone since are skipped; the state file is removed in any case.
    """
    path = path or state_path()
    mode, players = read_state(path)
    restored = 0
    if players:
        connection = _connect()
        if connection is not None:
            with connection:
                present = set(_names(connection))
                for name, volume in players.items():
                    if name in present:
                        _put_back(connection, mode, name, volume)
                        restored += 1
    clear_state(path)
    return restored


def _is_reply(message: Any) -> bool:
    from jeepney import MessageType

    return bool(message.header.message_type is MessageType.method_return)


def _names(connection: Any) -> Iterator[str]:
    from jeepney.bus_messages import message_bus

    reply = connection.send_and_get_reply(message_bus.ListNames(), timeout=TIMEOUT)
    return (str(n) for n in reply.body[0] if str(n).startswith(PREFIX))


def _put_back(connection: Any, mode: str, name: str, volume: float) -> None:
    try:
        if mode == "pause":
            _send_only(connection, _call(name, PLAYER, "Play"))
        else:
            _send_only(connection, _set_volume(name, volume))
    except Exception as exc:  # the bus went away: nothing to put back to
        log.info("could not restore %s: %s", name, exc)


class MusicDucker:
    """Lowers or pauses the playing MPRIS players around cues (see the module docstring)."""

    def __init__(self, mode: str, state_file: Path | None = None) -> None:
        if mode not in MODES:
            raise ValueError(f"music mode {mode!r} is not one of {', '.join(MODES)}")
        self.mode = mode
        self.state_file = state_file or state_path()
        self._sender = _connect()
        self._lock = threading.Condition()
        self._playing: dict[str, float] = {}  # bus name -> volume, as last polled
        self._looked = False  # the poll thread has looked at the bus once (or cannot)
        self._first = True  # no duck() has come yet: the first one waits for that look
        self._ducked: dict[str, float] = {}  # what duck() changed, to put back
        self._ducked_mode = ""
        self._closed = False
        self._poller: threading.Thread | None = None
        if self._sender is not None:
            self._poller = threading.Thread(target=self._poll, name="couchtimer-mpris", daemon=True)
            self._poller.start()

    @property
    def available(self) -> bool:
        return self._sender is not None

    @property
    def ducked(self) -> bool:
        return bool(self._ducked)

    def duck(self) -> None:
        """Lower (or pause) every player that is playing; never raises. Waits DUCK_WAIT at most
        for the players' replies, and the first time also FIRST_LOOK_WAIT at most for the first
        poll (a few milliseconds; the whole 0.5 s only when a player hangs)."""
        with self._lock:
            if self._ducked or self.mode == "leave" or self._sender is None or self._closed:
                return
            if self._first:  # once: later cues never wait for a poll
                self._first = False
                self._lock.wait_for(lambda: self._looked or self._closed, FIRST_LOOK_WAIT)
            players = dict(self._playing)
            if not players or self._closed:  # closed meanwhile: nothing would put it back
                return
            deadline = time.monotonic() + DUCK_WAIT
            for name, volume in players.items():
                if self.mode == "pause":
                    message = _call(name, PLAYER, "Pause")
                else:
                    message = _set_volume(name, volume * DUCK_LEVEL)
                try:  # the reply says it is done: the cue's first byte comes after it
                    wait = max(0.001, deadline - time.monotonic())
                    self._sender.send_and_get_reply(message, timeout=wait)
                except Exception as exc:  # quit meanwhile, or too slow: the cue will not wait
                    log.info("could not lower %s: %s", name, exc)
            self._ducked, self._ducked_mode = players, self.mode
            self._lock.notify()  # the poller writes the state file, off the cue's path

    def restore(self) -> None:
        """Put back what ``duck`` changed; never raises."""
        with self._lock:
            if not self._ducked or self._sender is None:
                return
            for name, volume in self._ducked.items():
                _put_back(self._sender, self._ducked_mode, name, volume)
            self._ducked = {}
            self._lock.notify()

    def wait_polled(self, timeout: float = 5.0) -> bool:
        """Block until a poll has found a playing player (tests)."""
        with self._lock:
            return self._lock.wait_for(lambda: bool(self._playing), timeout)

    def _is_closed(self) -> bool:
        """Whether close() has come (read under the lock, from the watcher thread)."""
        return self._closed

    def close(self) -> None:
        with self._lock:  # closed first: no duck() can come between the restore and this
            self._closed = True
            self._lock.notify_all()
        self.restore()
        if self._poller is not None:
            self._poller.join(timeout=2.0)
        if self._sender is not None:
            with contextlib.suppress(Exception):
                self._sender.close()
        clear_state(self.state_file)

    # --- the poll thread ---

    def _poll(self) -> None:
        connection = _connect()
        if connection is None:
            with self._lock:
                self._looked = True  # nothing to look at: the first cue must not wait
                self._lock.notify_all()
            return
        written: dict[str, float] = {}
        with connection:
            while True:
                try:
                    found = self._playing_now(connection)
                except Exception as exc:  # the bus went away: stop ducking, leave music alone
                    log.info("music ducking stops: %s", exc)
                    found = {}
                with self._lock:
                    if self._closed:
                        return
                    # While ducked, the volumes read back are ours: keep the ones from before.
                    self._playing = {n: self._ducked.get(n, v) for n, v in found.items()}
                    self._looked = True
                    self._lock.notify_all()
                    ducked, mode = dict(self._ducked), self._ducked_mode
                if ducked != written:
                    try:
                        if ducked:
                            write_state(self.state_file, mode, ducked)
                        else:
                            clear_state(self.state_file)
                        written = ducked
                    except OSError as exc:
                        log.warning("could not keep the music state: %s", exc)
                with self._lock:
                    if self._is_closed():  # close() may have come meanwhile
                        return
                    if dict(self._ducked) == written:
                        self._lock.wait(POLL_SECONDS)

    @staticmethod
    def _playing_now(connection: Any) -> dict[str, float]:
        playing: dict[str, float] = {}
        for name in list(_names(connection)):
            try:
                status = connection.send_and_get_reply(
                    _call(name, PROPERTIES, "Get", "ss", (PLAYER, "PlaybackStatus")),
                    timeout=TIMEOUT,
                )
                if not _is_reply(status) or status.body[0][1] != "Playing":
                    continue
                volume = connection.send_and_get_reply(
                    _call(name, PROPERTIES, "Get", "ss", (PLAYER, "Volume")), timeout=TIMEOUT
                )
                value = volume.body[0][1] if _is_reply(volume) else None
                ok = isinstance(value, float) and 0.0 <= value <= MAX_VOLUME
                playing[name] = value if ok else 1.0  # type: ignore[assignment]
            except Exception as exc:  # quit meanwhile, or no Volume: skip it
                log.debug("player %s: %s", name, exc)
        return playing
