"""The real ``couchtimer`` on a headless Wayland compositor (sway), driven as a person drives it.

One ``Sway`` per test (tests/e2e/test_wayland.py): sway with its headless backend and software
renderer (``WLR_BACKENDS=headless WLR_RENDERER=pixman``, one 1366x768 output, no Xwayland) in a
private runtime dir, a private D-Bus session whose only service is a notification server that
writes down what it is asked to show (``notifications.py``), private HOME and XDG dirs, and the
venv's ``couchtimer`` started with ``QT_QPA_PLATFORM=wayland``. The test then sees the app as
the compositor does:

- windows, their titles, sizes and which one has the focus: ``swaymsg -t get_tree``;
- key presses: ``wtype`` (a virtual keyboard; each call starts with ``-s 400``, a pause before
  the first key, which is lost otherwise while wtype's keymap reaches the client);
- screenshots: ``grim`` (PNG in the artefacts folder, and PPM to check that pixels were drawn);
- activation tokens, as a launcher (a dock, a menu) gets one for the program it starts: a minimal
  Wayland client (``activation_token``) asks the compositor's xdg-activation for one.

sway refuses to run as root; ``.ci/run`` runs the suite as a normal user.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from tests.helpers.alsa import no_device_config
from tests.helpers.sandbox import COUCHTIMER, Sandbox

NOTIFICATIONS = Path(__file__).with_name("notifications.py")
APP_ID = "io.github.couchtimer.CouchTimer"
OUTPUT = (1366, 768)
_TOOLS = {
    "sway": "sway",
    "swaymsg": "sway",
    "grim": "grim",
    "wtype": "wtype",
    "dbus-run-session": "dbus (dbus-daemon)",
}
# sway's configuration: one laptop-sized output; CouchTimer floats, as windows do on GNOME or
# KDE, so it keeps the size it asks for (a tiled window is sized by the compositor and could
# never show a window growing); a window given a valid activation token takes the focus (sway's
# default only marks it urgent; GNOME and KDE focus it).
CONFIG = f"""\
output HEADLESS-1 resolution {OUTPUT[0]}x{OUTPUT[1]} position 0 0
xwayland disable
focus_on_window_activation focus
for_window [app_id="{APP_ID}"] floating enable
"""

T = TypeVar("T")


def missing_tools() -> str | None:
    """Why the Wayland tests cannot run here, or None when they can."""
    missing = [f"{tool} (Debian: {pkg})" for tool, pkg in _TOOLS.items() if not shutil.which(tool)]
    if missing:
        return "the Wayland test needs " + ", ".join(missing) + ": run scripts/system-deps test"
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return "sway refuses to run as root: run the suite as a normal user (.ci/run does)"
    if not COUCHTIMER.is_file():
        return f"the Wayland test needs the couchtimer console script next to {sys.executable}"
    return None


@dataclass(frozen=True)
class View:
    """One window as sway's tree describes it."""

    title: str
    app_id: str
    focused: bool
    floating: bool
    fullscreen: bool
    rect: tuple[int, int, int, int]  # x, y, width, height on the output, borders included
    title_bar: int  # the height of sway's title bar above ``rect``
    size: tuple[int, int]  # the client's own surface size (its xdg geometry)
    pid: int


class WaylandError(AssertionError):
    pass


class Sway(Sandbox):
    """A headless sway, a session bus with a notification server, and the apps started on them."""

    def __init__(self, workdir: Path, artefacts: Path) -> None:
        super().__init__(workdir, artefacts, runtime_prefix="ct-wl-")
        self.display = ""
        self.swaysock = ""
        self.notifications = workdir / "notifications.jsonl"
        self._shots = 0
        self._last_ppm = b""
        self.apps: list[subprocess.Popen[bytes]] = []

    # --- compositor and bus ---

    def start(self) -> None:
        self.runtime.chmod(0o700)
        config = self.workdir / "sway.conf"
        self.workdir.mkdir(parents=True, exist_ok=True)
        config.write_text(CONFIG, encoding="utf-8")
        env = self._base_env()
        env.update(WLR_BACKENDS="headless", WLR_RENDERER="pixman", WLR_LIBINPUT_NO_DEVICES="1")
        sway = subprocess.Popen(
            ["sway", "-c", str(config)], env=env, stdout=subprocess.DEVNULL,
            stderr=self._log_file("sway"), start_new_session=True,
        )  # fmt: skip
        self._procs.append(sway)

        def sockets() -> tuple[str, str] | None:
            if sway.poll() is not None:
                raise WaylandError(
                    f"sway exited {sway.returncode}: {self._tail(self.workdir / 'sway.log', 15)}"
                )
            displays = [p.name for p in self.runtime.glob("wayland-*") if p.suffix != ".lock"]
            ipc = list(self.runtime.glob("sway-ipc.*.sock"))
            return (displays[0], str(ipc[0])) if displays and ipc else None

        self.display, self.swaysock = self._wait(sockets, 15, lambda: "sway made no sockets")
        self._wait(
            lambda: self.swaymsg("-t", "get_outputs", check=False) or None,
            15,
            lambda: f"sway does not answer: {self._tail(self.workdir / 'sway.log', 15)}",
        )
        bus = subprocess.Popen(
            ["dbus-run-session", "--", sys.executable, str(NOTIFICATIONS), str(self.notifications)],
            env=self._base_env(), stdout=subprocess.PIPE, stderr=self._log_file("dbus"),
            start_new_session=True,
        )  # fmt: skip
        self._procs.append(bus)
        assert bus.stdout is not None
        with bus.stdout:
            self.bus_address = bus.stdout.readline().decode().strip()  # once it has its name
        if not self.bus_address:
            raise WaylandError(f"no D-Bus session: {self._tail(self.workdir / 'dbus.log', 15)}")

    def close(self) -> None:
        self._end([*self.apps, *reversed(self._procs)])
        if self.artefacts.exists():
            for log in self.workdir.glob("*.log"):
                shutil.copy(log, self.artefacts / log.name)

    def fail(self, message: str) -> NoReturn:
        raise WaylandError(message)

    def _base_env(self) -> dict[str, str]:
        env = super()._base_env()
        if self.display:
            env["WAYLAND_DISPLAY"] = self.display
        if self.swaysock:
            env["SWAYSOCK"] = self.swaysock
        return env

    def env(self, token: str | None = None) -> dict[str, str]:
        """CouchTimer's environment: this compositor and bus, no sound device (the no-sound line
        shows: the tallest run screen), and ``token`` as a launcher would pass it."""
        env = self._base_env()
        env.update(QT_QPA_PLATFORM="wayland", ALSA_CONFIG_PATH=no_device_config(self.workdir))
        if token is not None:
            env["XDG_ACTIVATION_TOKEN"] = token
        return env

    # --- programs ---

    def launch(self, *args: str, token: str | None = None) -> subprocess.Popen[bytes]:
        """``couchtimer ARGS``, started with ``token`` if given; its output goes to app-N.log."""
        log = self._log_file(f"app-{len(self.apps) + 1}")
        proc = subprocess.Popen(
            [str(COUCHTIMER), *args], env=self.env(token), stdout=log, stderr=subprocess.STDOUT,
            cwd=self.home, start_new_session=True,
        )  # fmt: skip
        self.apps.append(proc)
        return proc

    def output_of(self, number: int) -> str:
        """What the ``number``-th launched app printed (1 = the first)."""
        return (self.workdir / f"app-{number}.log").read_text(errors="replace")

    def open_other_window(self) -> View:
        """Another program's window (a plain Qt window, app id "test.other"), which takes the
        focus as a newly opened window does."""
        code = (
            "import sys; from PySide6.QtGui import QGuiApplication;"
            "from PySide6.QtWidgets import QApplication, QLabel;"
            "QGuiApplication.setDesktopFileName('test.other'); app = QApplication(sys.argv);"
            "w = QLabel('Another program'); w.setWindowTitle('Another program'); w.show();"
            "app.exec()"
        )
        other = subprocess.Popen(
            [sys.executable, "-c", code], env=self.env(), stdout=self._log_file("other"),
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self._procs.append(other)
        return self.wait_view(lambda v: v.app_id == "test.other" and v.focused, "the other window")

    # --- the compositor's view ---

    def swaymsg(self, *args: str, check: bool = True) -> Any:
        result = subprocess.run(
            ["swaymsg", "--raw", *args], env=self._base_env(), capture_output=True, text=True,
            timeout=15, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            if check:
                raise WaylandError(f"swaymsg {' '.join(args)}: {result.stdout}{result.stderr}")
            return None
        return json.loads(result.stdout)

    def views(self) -> list[View]:
        """Every window on the output, tiled or floating."""

        def walk(node: dict[str, Any]) -> Iterator[View]:
            if node.get("type") in ("con", "floating_con") and node.get("pid"):
                rect, geometry = node["rect"], node["geometry"]
                yield View(
                    title=node.get("name") or "", app_id=node.get("app_id") or "",
                    focused=bool(node.get("focused")), floating=node["type"] == "floating_con",
                    fullscreen=node.get("fullscreen_mode") == 1,
                    rect=(rect["x"], rect["y"], rect["width"], rect["height"]),
                    title_bar=int(node.get("deco_rect", {}).get("height", 0)),
                    size=(geometry["width"], geometry["height"]), pid=int(node["pid"]),
                )  # fmt: skip
            for child in node.get("nodes", []) + node.get("floating_nodes", []):
                yield from walk(child)

        return list(walk(self.swaymsg("-t", "get_tree")))

    def wait_view(self, condition: Callable[[View], bool], what: str, timeout: float = 15) -> View:
        return self._wait(
            lambda: next((v for v in self.views() if condition(v)), None),
            timeout,
            lambda: f"no window is {what}; windows: {self.views()}",
        )

    def settled_view(
        self, condition: Callable[[View], bool], what: str, timeout: float = 15
    ) -> View:
        """Like ``wait_view``, once the window reads the same twice, 0.3 s apart: sway settles a
        newly mapped floating window's frame over a few frames (its rect once counted the 25 px
        title bar, then not)."""
        seen: list[View] = []

        def probe() -> View | None:
            view = next((v for v in self.views() if condition(v)), None)
            if view is not None and seen and seen[-1] == view:
                return view
            if view is None:
                seen.clear()
            else:
                seen.append(view)
            time.sleep(0.3)
            return None

        return self._wait(probe, timeout, lambda: f"no window is settled and {what}: {seen[-3:]}")

    def app_view(self, title: str | re.Pattern[str] | None = None) -> View:
        """CouchTimer's window (with this title, exact or a pattern), once it shows."""

        def wanted(view: View) -> bool:
            if view.app_id != APP_ID:
                return False
            if title is None:
                return True
            return view.title == title if isinstance(title, str) else bool(title.search(view.title))

        return self.wait_view(wanted, f"CouchTimer's, titled {title!r}")

    def focus(self, app_id: str) -> None:
        self.swaymsg(f'[app_id="{app_id}"] focus')
        self.wait_view(lambda v: v.app_id == app_id and v.focused, f"{app_id}, focused")

    def key(self, *keys: str) -> None:
        """Press keys into the focused window: "Return", "ctrl+e", "F11" (modifiers with +)."""
        for key in keys:
            *mods, name = key.split("+")
            args = ["wtype", "-s", "400"]
            for mod in mods:
                args += ["-M", mod]
            args += ["-k", name]
            for mod in reversed(mods):
                args += ["-m", mod]
            subprocess.run(args, env=self._base_env(), timeout=15, check=True, capture_output=True)

    def screenshot(self, name: str, changed: bool = False) -> tuple[Path, int]:
        """The whole output, once it has stopped changing, as a PNG in the artefacts folder, and
        how many colours it has.

        ``changed``: first wait until the output differs from the last screenshot, for a key
        whose effect the compositor's tree cannot show (a dialog's page)."""
        self._shots += 1
        self.artefacts.mkdir(parents=True, exist_ok=True)
        path = self.artefacts / f"{self._shots:02d}-{name}.png"
        env = self._base_env()

        def grab() -> bytes:
            return subprocess.run(
                ["grim", "-t", "ppm", "-"], env=env, timeout=30, check=True, capture_output=True
            ).stdout

        deadline = time.monotonic() + 10
        ppm = grab()
        while changed and ppm == self._last_ppm and time.monotonic() < deadline:
            time.sleep(0.1)
            ppm = grab()
        while time.monotonic() < deadline:  # settled: the same twice, 0.3 s apart
            time.sleep(0.3)
            again = grab()
            if again == ppm:
                break
            ppm = again
        if changed and ppm == self._last_ppm:
            raise WaylandError(f"nothing changed on the output before {name}")
        self._last_ppm = ppm
        subprocess.run(["grim", str(path)], env=env, timeout=30, check=True, capture_output=True)
        return path, colours_in_ppm(ppm)

    def notified(self) -> list[dict[str, Any]]:
        """The notifications asked for so far (summary, body, app name...)."""
        if not self.notifications.exists():
            return []
        lines = self.notifications.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def activation_token(self, app_id: str = APP_ID) -> str:
        """A token from the compositor's xdg-activation, as a launcher gets one for the program
        it starts (and passes in ``XDG_ACTIVATION_TOKEN``)."""
        return activation_token(self.runtime / self.display, app_id)

    def wait_for(self, probe: Callable[[], T], what: str, timeout: float = 15) -> T:
        """``probe()`` once it is truthy."""
        return self._wait(lambda: probe() or None, timeout, lambda: f"no {what}")

    def _wait(self, probe: Callable[[], T | None], timeout: float, why: Callable[[], str]) -> T:
        deadline = time.monotonic() + timeout
        while True:
            found = probe()
            if found is not None:
                return found
            if time.monotonic() > deadline:
                raise WaylandError(why())
            time.sleep(0.1)


def on_output(view: View) -> bool:
    """Its contents wholly on the output, and no taller than the output with sway's title bar
    (a Wayland client cannot move itself back; sway places a floating window's title bar from
    y = -1, so that one pixel row of its border is not asked for)."""
    x, y, width, height = view.rect
    return (
        min(x, y) >= 0
        and x + width <= OUTPUT[0]
        and y + height <= OUTPUT[1]
        and height + view.title_bar <= OUTPUT[1]
    )


def colours_in_ppm(data: bytes) -> int:
    """How many different colours a binary PPM (P6, 8 bits) image has."""
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    if header is None:
        raise WaylandError("grim did not write a P6 PPM")
    pixels = memoryview(data)[header.end() :]
    return len({bytes(pixels[i : i + 3]) for i in range(0, len(pixels) - 2, 3)})


# --- a minimal Wayland client: just enough to ask xdg-activation for a token ---


def _message(obj: int, opcode: int, payload: bytes) -> bytes:
    return struct.pack("=II", obj, (8 + len(payload)) << 16 | opcode) + payload


def _string(text: str) -> bytes:
    raw = text.encode() + b"\0"
    return struct.pack("=I", len(raw)) + raw + b"\0" * (-len(raw) % 4)


def _read_string(payload: bytes, at: int) -> tuple[str, int]:
    (length,) = struct.unpack_from("=I", payload, at)
    text = payload[at + 4 : at + 4 + length - 1].decode()
    return text, at + 4 + length + (-length % 4)


def activation_token(display: Path, app_id: str, timeout: float = 10) -> str:
    """Ask the compositor at ``display`` (its socket) for an xdg-activation token.

    Registry (wl_display.get_registry, then a sync to know the globals are all in), bind
    xdg_activation_v1, get_activation_token, set_app_id, commit; the token arrives in its
    ``done`` event. No seat or serial is given: the token is the launcher's, not tied to input.
    """
    registry, callback, activation, token_id = 2, 3, 4, 5
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(timeout)
        conn.connect(str(display))
        conn.sendall(
            _message(1, 1, struct.pack("=I", registry))
            + _message(1, 0, struct.pack("=I", callback))
        )
        buffer = b""

        def events() -> Iterator[tuple[int, int, bytes]]:
            nonlocal buffer
            while True:
                while len(buffer) >= 8:
                    obj, word = struct.unpack_from("=II", buffer)
                    size = word >> 16
                    if len(buffer) < size:
                        break
                    payload, buffer = buffer[8:size], buffer[size:]
                    yield obj, word & 0xFFFF, payload
                chunk = conn.recv(65536)
                if not chunk:
                    raise WaylandError("the compositor closed the connection")
                buffer += chunk

        stream = events()
        found: int | None = None
        for obj, opcode, payload in stream:
            if obj == 1 and opcode == 0:  # wl_display.error
                raise WaylandError(f"Wayland protocol error: {payload!r}")
            if obj == registry and opcode == 0:  # wl_registry.global(name, interface, version)
                (name,) = struct.unpack_from("=I", payload)
                interface, _ = _read_string(payload, 4)
                if interface == "xdg_activation_v1":
                    found = name
            if obj == callback and opcode == 0:  # wl_callback.done: every global announced
                break
        if found is None:
            raise WaylandError("the compositor has no xdg_activation_v1")
        conn.sendall(
            _message(
                registry, 0,
                struct.pack("=I", found) + _string("xdg_activation_v1") + struct.pack("=II", 1, activation),
            )  # wl_registry.bind
            + _message(activation, 1, struct.pack("=I", token_id))  # get_activation_token
            + _message(token_id, 1, _string(app_id))  # set_app_id
            + _message(token_id, 3, b"")  # commit
        )  # fmt: skip
        for obj, opcode, payload in stream:
            if obj == 1 and opcode == 0:
                raise WaylandError(f"Wayland protocol error: {payload!r}")
            if obj == token_id and opcode == 0:  # xdg_activation_token_v1.done(token)
                return _read_string(payload, 0)[0]
    raise WaylandError("no activation token")
