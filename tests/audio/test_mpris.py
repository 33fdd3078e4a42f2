"""Music that ducks (issue 17): fake MPRIS players on a private session bus (dbus-run-session),
cues played through real ALSA into a FIFO whose arrivals are timestamped."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from couchtimer.audio import SimpleAudioPlayer, open_player
from couchtimer.audio.mpris import (
    DUCK_LEVEL,
    FIRST_LOOK_WAIT,
    MusicDucker,
    parse_state,
    read_state,
    restore_after_crash,
    write_state,
)
from couchtimer.audio.player import PROBE_FRAMES
from tests.helpers.alsa import AlsaFifo
from tests.helpers.cli import couchtimer
from tests.helpers.fake_mpris import FakeMpris
from tests.helpers.paths import ROOT

RESTORE_WITHIN = 0.050  # seconds after the cue's last byte


@pytest.fixture
def session_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private session bus (dbus-run-session) for this test; its address is in the env."""
    if not shutil.which("dbus-run-session"):
        if os.environ.get("CI"):
            pytest.fail("dbus-run-session is missing: apt-get install dbus-daemon")
        pytest.skip("dbus-run-session is missing: apt-get install dbus-daemon")
    bus = subprocess.Popen(
        ["dbus-run-session", "--", "sh", "-c", 'echo "$DBUS_SESSION_BUS_ADDRESS"; exec sleep 600'],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert bus.stdout is not None
    address = bus.stdout.readline().decode().strip()
    bus.stdout.close()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    yield address
    os.killpg(bus.pid, 15)
    bus.wait(timeout=10)


@pytest.fixture
def fakes(tmp_path: Path, session_bus: str) -> Iterator[list[FakeMpris]]:
    started: list[FakeMpris] = []
    yield started
    for fake in started:
        fake.close()


def ducking_player(music: str) -> SimpleAudioPlayer:
    player = open_player(1.0, music=music)
    assert isinstance(player, SimpleAudioPlayer), player.problem
    assert player.ducker is not None
    assert player.ducker.available
    assert player.ducker.wait_polled()
    return player


def test_music_goes_down_before_the_first_byte_and_back_after_the_last(
    alsa_fifo: AlsaFifo, fakes: list[FakeMpris], tmp_path: Path
) -> None:
    """Lower music: the playing player's volume drops to 30 % before the chime's first byte and
    comes back within 50 ms of the sentence's last; a paused player is never touched; the
    countdown pips leave music alone."""
    music = FakeMpris("Music", tmp_path, "--volume", "0.9")
    idle = FakeMpris("Idle", tmp_path, "--status", "Paused", "--volume", "0.5")
    fakes += [music, idle]
    player = ducking_player("lower")
    probe = bytes(2 * PROBE_FRAMES)  # open_player's silent probe
    assert alsa_fifo.wait_for(len(probe))  # through ALSA before any cue
    for cue in ["tone-run", "say-run-for", "num-5", "say-minutes"]:
        player.play(cue)
    assert player.wait_idle()
    time.sleep(0.2)
    player.play("tone-pip")
    assert player.wait_idle()
    time.sleep(0.2)
    chime, sentence = player.sounds["tone-run"], player.sounds["line-run-for-five-minutes"]
    pip = player.sounds["tone-pip"]
    player.close()
    # Byte for byte: the chime, the sentence recorded whole, the pip, nothing else.
    _, first_byte, sentence_onset, _ = alsa_fifo.onsets(
        [probe, chime.frames, sentence.frames, pip.frames]
    )
    last_byte = sentence_onset + sentence.seconds
    start, down, up = music.changes()
    assert (start["volume"], down["volume"], up["volume"]) == (0.9, 0.9 * DUCK_LEVEL, 0.9)
    assert float(down["t"]) < first_byte
    assert 0.0 <= float(up["t"]) - last_byte <= RESTORE_WITHIN
    assert len(idle.changes()) == 1  # only its starting state: never touched


def test_pause_music_pauses_and_resumes_the_players_that_were_playing(
    alsa_fifo: AlsaFifo, fakes: list[FakeMpris], tmp_path: Path
) -> None:
    music = FakeMpris("Music", tmp_path)
    idle = FakeMpris("Idle", tmp_path, "--status", "Paused")
    fakes += [music, idle]
    player = ducking_player("pause")
    player.play("say-halfway")
    assert player.wait_idle()
    time.sleep(0.2)
    player.close()
    assert [c["status"] for c in music.changes()] == ["Playing", "Paused", "Playing"]
    assert [c["volume"] for c in music.changes()] == [0.9, 0.9, 0.9]
    assert len(idle.changes()) == 1


def test_a_player_that_quits_mid_cue_is_no_error(
    alsa_fifo: AlsaFifo, fakes: list[FakeMpris], tmp_path: Path
) -> None:
    """The player exits as soon as its volume is lowered: the cue plays on, nothing fails."""
    music = FakeMpris("Music", tmp_path, "--quit-after-sets", "1")
    fakes.append(music)
    player = ducking_player("lower")
    player.play("say-halfway")
    assert player.wait_idle()
    time.sleep(0.2)
    player.play("say-resumed")  # and the next cue, with the player gone, is no error either
    assert player.wait_idle()
    player.close()
    assert music.proc.wait(timeout=10) == 0
    assert (player.played, player.failures, player.problem) == (2, 0, None)
    assert [c["volume"] for c in music.changes()] == [0.9, 0.9 * DUCK_LEVEL]


def test_the_first_cue_just_after_opening_pauses_music_already_playing(
    fakes: list[FakeMpris], tmp_path: Path
) -> None:
    """A run started right after the sound opens (or after Settings changed how music is treated)
    plays its first cue at once: that cue waits for the ducker's first look at the bus, so the
    music playing is paused under it, not left sounding (a flaky e2e failure in CI)."""
    music = FakeMpris("Music", tmp_path)
    fakes.append(music)
    ducker = MusicDucker("pause")
    ducker.duck()  # no wait_polled(): at once, as the warm-up's chime does
    assert ducker.ducked is True
    assert [c["status"] for c in music.changes()] == ["Playing", "Paused"]
    ducker.close()
    deadline = time.monotonic() + 5
    while len(music.changes()) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [c["status"] for c in music.changes()] == ["Playing", "Paused", "Playing"]


def hang_the_first_poll(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Every poll of a ducker made from now on waits for the event returned before it looks."""
    answer = threading.Event()
    polled = MusicDucker._playing_now

    def hung(connection: object) -> dict[str, float]:
        answer.wait(30)
        return polled(connection)

    monkeypatch.setattr(MusicDucker, "_playing_now", staticmethod(hung))
    return answer


def test_a_first_look_that_hangs_holds_only_the_first_cue_half_a_second_at_most(
    fakes: list[FakeMpris], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bus (or player) that does not answer the first poll: the first cue goes after
    FIRST_LOOK_WAIT (0.5 s) with the music left alone, the next one at once (no wait again),
    and once the poll answers, cues duck as before."""
    music = FakeMpris("Music", tmp_path)
    fakes.append(music)
    answer = hang_the_first_poll(monkeypatch)
    ducker = MusicDucker("pause")
    started = time.monotonic()
    ducker.duck()
    first = time.monotonic() - started
    ducker.duck()
    second = time.monotonic() - started - first
    assert FIRST_LOOK_WAIT == 0.5
    assert 0.5 <= first < 2.5
    assert second < 0.25
    assert ducker.ducked is False
    answer.set()
    assert ducker.wait_polled()
    ducker.duck()
    assert [c["status"] for c in music.changes()] == ["Playing", "Paused"]
    ducker.close()


def test_a_ducker_closed_while_its_first_cue_waits_touches_nothing(
    fakes: list[FakeMpris], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sound closes (the app quits) while the first cue waits for the first poll: the
    cue stops waiting at once, and the music found playing afterwards is never paused."""
    music = FakeMpris("Music", tmp_path)
    fakes.append(music)
    answer = hang_the_first_poll(monkeypatch)
    monkeypatch.setattr("couchtimer.audio.mpris.FIRST_LOOK_WAIT", 30.0)
    ducker = MusicDucker("pause")
    cue = threading.Thread(target=ducker.duck)
    cue.start()
    time.sleep(0.2)  # the cue is waiting for the poll
    closing = threading.Thread(target=ducker.close)
    closing.start()
    cue.join(timeout=5)
    assert not cue.is_alive()  # not 30 s: close() ended its wait
    answer.set()  # the poll now finds the music playing, after the close
    closing.join(timeout=10)
    assert ducker.ducked is False
    assert [c["status"] for c in music.changes()] == ["Playing"]


CRASHER = """
import os, sys, time
from couchtimer.audio import open_player
from couchtimer.audio.mpris import state_path
player = open_player(1.0, music="lower")
player.ducker.wait_polled()
player.play("say-complete")
deadline = time.monotonic() + 5
while not state_path().exists() and time.monotonic() < deadline:
    time.sleep(0.01)
print(oct(state_path().stat().st_mode & 0o777), flush=True)
os._exit(9)  # dies mid-cue, the music still lowered
"""


def test_music_lowered_by_a_crash_is_put_back_at_the_next_start(
    alsa_fifo: AlsaFifo, fakes: list[FakeMpris], tmp_path: Path
) -> None:
    music = FakeMpris("Music", tmp_path, "--volume", "0.6")
    fakes.append(music)
    done = subprocess.run(
        [sys.executable, "-c", CRASHER],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 9, done.stderr
    assert done.stdout == "0o600\n"  # the state file is private
    assert [c["volume"] for c in music.changes()] == [0.6, 0.6 * DUCK_LEVEL]
    state = tmp_path / "state" / "couchtimer" / "music-ducked.json"
    assert read_state(state) == ("lower", {"org.mpris.MediaPlayer2.Music": 0.6})
    assert restore_after_crash() == 1
    deadline = time.monotonic() + 5
    while len(music.changes()) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [c["volume"] for c in music.changes()] == [0.6, 0.6 * DUCK_LEVEL, 0.6]
    assert not state.exists()
    assert restore_after_crash() == 0  # nothing left to put back


def test_no_session_bus_leaves_music_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    ducker = MusicDucker("lower")
    assert ducker.available is False
    ducker.duck()
    assert ducker.ducked is False
    ducker.close()


# --- the state file: private, never through a link, hostile content ignored ---


def test_state_file_is_written_without_following_a_link(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me", encoding="utf-8")
    state = tmp_path / "state" / "music-ducked.json"
    state.parent.mkdir()
    state.symlink_to(target)
    assert read_state(state) == ("", {})  # a link is not read either
    write_state(state, "lower", {"org.mpris.MediaPlayer2.vlc": 0.8})
    assert target.read_text(encoding="utf-8") == "keep me"
    assert not state.is_symlink()
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert read_state(state) == ("lower", {"org.mpris.MediaPlayer2.vlc": 0.8})


@pytest.mark.parametrize(
    ("data", "parsed"),
    [
        (
            b'{"mode": "pause", "players": {"org.mpris.MediaPlayer2.a": 1}}',
            ("pause", {"org.mpris.MediaPlayer2.a": 1.0}),
        ),
        (
            b'{"mode": "lower", "players": {"org.mpris.MediaPlayer2.a": 10.0}}',
            ("lower", {"org.mpris.MediaPlayer2.a": 10.0}),
        ),
        (b'{"mode": "lower", "players": {"org.mpris.MediaPlayer2.a": 10.01}}', ("lower", {})),
        (b'{"mode": "lower", "players": {"org.mpris.MediaPlayer2.a": -0.01}}', ("lower", {})),
        (b'{"mode": "lower", "players": {"org.mpris.MediaPlayer2.a": true}}', ("lower", {})),
        (b'{"mode": "lower", "players": {"org.freedesktop.DBus": 0.5}}', ("lower", {})),
        (b'{"mode": "leave", "players": {}}', ("", {})),
        (b'{"mode": "lower", "players": []}', ("", {})),
        (b"[1, 2]", ("", {})),
        (b"\xff\xfe", ("", {})),
        (b"[" * 100_000, ("", {})),
    ],
)
def test_state_file_content_is_checked(data: bytes, parsed: tuple[str, dict[str, float]]) -> None:
    assert parse_state(data) == parsed


@given(st.binary(max_size=2048) | st.text(max_size=512).map(str.encode))
def test_state_file_fuzz_never_raises(data: bytes) -> None:
    mode, players = parse_state(data)
    assert mode in ("", "lower", "pause")
    assert all(0.0 <= v <= 10.0 for v in players.values())


def test_the_terminal_run_ducks_music_too(
    fakes: list[FakeMpris], tmp_path: Path, alsa_fifo: AlsaFifo
) -> None:
    """`couchtimer run --terminal` (10 s of a tiny programme at --speed 10): the music is down
    while each segment's chime and words play and back at its own volume at the end."""
    music = FakeMpris("Music", tmp_path, "--volume", "0.7")
    fakes.append(music)
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = couchtimer(
        *["run", "W1R1", "--programme", str(ROOT / "tests" / "data" / "programmes" / "tiny.toml")],
        *["--terminal", "--speed", "10"],
        env=env,
    )
    assert done.returncode == 0, done.stderr
    volumes = [c["volume"] for c in music.changes()]
    assert volumes[0] == 0.7
    assert volumes[-1] == 0.7
    assert 0.7 * DUCK_LEVEL in volumes
    assert set(volumes) == {0.7, 0.7 * DUCK_LEVEL}
    assert not (tmp_path / "state" / "couchtimer" / "music-ducked.json").exists()
