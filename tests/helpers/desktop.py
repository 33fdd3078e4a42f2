"""The real ``couchtimer`` process on its own X display, driven as a person drives it.

One ``Desktop`` per end-to-end test (tests/e2e/): a private Xvfb screen (``-displayfd``, so
tests running side by side never share one), a private D-Bus session with the accessibility bus
(at-spi2-core), private HOME and XDG dirs, and the venv's ``couchtimer`` console script started
with ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1``. Tests then see the app only as a person (or a screen
reader) does:

- widgets through the accessibility tree (AT-SPI): role, name, states, extents on the screen.
  pyatspi exists only for the system python, so ``atspi_agent.py`` runs under
  ``/usr/bin/python3`` and answers in JSON; only widgets that are ``showing`` are returned;
- key presses and clicks through ``xdotool`` (real X input events via XTEST). There is no window
  manager, so the window to type into is focused first (``windowfocus --sync``);
- windows by title, and their geometry, through ``xdotool``;
- screenshots of the root window (ImageMagick ``import``). When a step fails, its screenshot, the
  accessibility tree and the app's output are saved under ``build/e2e-artefacts/`` (or
  ``$COUCHTIMER_E2E_ARTEFACTS``) and the failure message names them.

The history is read afterwards through the CLI (``couchtimer export --format json``), never by
importing CouchTimer.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from tests.helpers.alsa import AlsaCapture, AlsaFifo, no_device_config
from tests.helpers.sandbox import COUCHTIMER, Sandbox

SYSTEM_PYTHON = "/usr/bin/python3"
AT_SPI_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
AGENT = Path(__file__).with_name("atspi_agent.py")
SCREEN_1366 = (1366, 768)
SCREEN_1280 = (1280, 720)
# A 1366x768 laptop at 200 % scaling: twice the pixels, Qt told to draw everything twice as large.
SCREEN_1366_AT_200 = (2732, 1536, 2)
_TOOLS = {
    "Xvfb": "xvfb",
    "xdotool": "xdotool",
    "import": "imagemagick",
    "xwininfo": "x11-utils",
    "xprop": "x11-utils",
    "dbus-run-session": "dbus (dbus-daemon)",
}

T = TypeVar("T")
Name = str | re.Pattern[str] | None


def missing_tools() -> str | None:
    """Why the end-to-end tests cannot run on this machine, or None when they can."""
    missing = [f"{tool} (Debian: {pkg})" for tool, pkg in _TOOLS.items() if not shutil.which(tool)]
    if not Path(AT_SPI_LAUNCHER).is_file():
        missing.append(f"{AT_SPI_LAUNCHER} (Debian: at-spi2-core)")
    if not Path(SYSTEM_PYTHON).is_file() or (
        subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False, timeout=30
        ).returncode
        != 0
    ):
        missing.append(f"pyatspi for {SYSTEM_PYTHON} (Debian: python3-pyatspi gir1.2-atspi-2.0)")
    if missing:
        return "end-to-end tests need " + ", ".join(missing) + ": run scripts/system-deps"
    if not COUCHTIMER.is_file():
        return f"end-to-end tests need the couchtimer console script next to {sys.executable}: pip install -e ."
    return None


@dataclass(frozen=True)
class Widget:
    """One showing widget, as the accessibility tree describes it."""

    role: str
    name: str
    description: str
    states: frozenset[str]
    extents: tuple[int, int, int, int] | None  # x, y, width, height on the screen
    text: str | None
    value: float | None
    window: str  # the title of its top-level window
    depth: int
    labelled_by: tuple[str, ...] = ()  # the names of the labels tied to it (QLabel.setBuddy)

    @property
    def focused(self) -> bool:
        return "focused" in self.states

    @property
    def enabled(self) -> bool:
        return "enabled" in self.states or "sensitive" in self.states

    @property
    def centre(self) -> tuple[int, int]:
        assert self.extents is not None, f"{self} has no place on the screen"
        x, y, w, h = self.extents
        return x + w // 2, y + h // 2

    def inside(self, x: int, y: int, width: int, height: int) -> bool:
        """Wholly inside this rectangle (and not empty)."""
        if self.extents is None:
            return False
        wx, wy, ww, wh = self.extents
        return (
            ww > 0
            and wh > 0
            and wx >= x
            and wy >= y
            and wx + ww <= x + width
            and wy + wh <= y + height
        )

    def __str__(self) -> str:
        return f"{self.role} {self.name!r} in {self.window!r} at {self.extents}"


@dataclass(frozen=True)
class Window:
    """A mapped top-level X window of the app."""

    id: int
    title: str
    x: int
    y: int
    width: int
    height: int

    def inside(self, screen: tuple[int, int]) -> bool:
        return (
            self.x >= 0
            and self.y >= 0
            and self.x + self.width <= screen[0]
            and self.y + self.height <= screen[1]
        )

    def __str__(self) -> str:
        return f"window {self.title!r} {self.width}x{self.height}+{self.x}+{self.y}"


KEY_DELAY_MS = "40"  # between one key event and the next, as the keys are pressed


def chord_presses(keys: Iterable[str]) -> list[str]:
    """The xdotool arguments that press these keys in turn, each chord as a person presses it.

    ``xdotool key alt+w`` releases Alt *before* W (Alt down, W down, Alt up, W up). When the app
    reads such a chord in one go (a loaded machine, with Qt's AT-SPI bridge on), Qt takes the
    lone Alt release as "Alt tapped": the menu bar takes the keyboard with File highlighted, and
    the next keys go to the menu bar, not to the widget the mnemonic chose. A person releases
    the letter first, so each chord here is ``keydown`` its modifiers, ``key`` its key, then
    ``keyup`` the modifiers in reverse order (one xdotool command chain, in order).
    """
    args: list[str] = []
    for chord in keys:
        *modifiers, key = chord.split("+") if "+" in chord.strip("+") else [chord]
        if modifiers:
            args += ["keydown", "--delay", KEY_DELAY_MS, *modifiers]
        args += ["key", "--delay", KEY_DELAY_MS, key]
        if modifiers:
            args += ["keyup", "--delay", KEY_DELAY_MS, *reversed(modifiers)]
    return args


def _matches(pattern: Name, text: str) -> bool:
    if pattern is None:
        return True
    if isinstance(pattern, re.Pattern):
        return pattern.search(text) is not None
    return text == pattern


class App:
    """One ``couchtimer`` process started by the Desktop."""

    def __init__(self, proc: subprocess.Popen[bytes], log: Path) -> None:
        self.proc = proc
        self.pid = proc.pid
        self.log = log

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait(self, timeout: float = 15) -> int:
        """Its exit status, once it has quit."""
        return self.proc.wait(timeout=timeout)

    def running(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


class Desktop(Sandbox):
    """A private X screen and accessibility bus with CouchTimer on it (see the module docstring)."""

    def __init__(self, workdir: Path, artefacts: Path, size: tuple[int, ...] = SCREEN_1366) -> None:
        # The runtime folder holds the at-spi bus socket.
        super().__init__(workdir, artefacts, runtime_prefix="ct-e2e-")
        self.size = (size[0], size[1])
        self.scale = size[2] if len(size) > 2 else 1  # QT_SCALE_FACTOR of the app
        self.display = ""
        self.apps: list[App] = []
        self.step_name = "start"
        self.failure_saved = False
        self._agent: subprocess.Popen[str] | None = None
        self._shots = 0

    # --- the display and buses ---

    def start(self) -> None:
        read_fd, write_fd = os.pipe()
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{self.size[0]}x{self.size[1]}x24",
             "-nolisten", "tcp", "-noreset"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=self._log_file("xvfb"),
            start_new_session=True,
        )  # fmt: skip
        os.close(write_fd)
        self._procs.append(xvfb)
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()  # written once the server accepts connections
        if not number.isdigit():
            raise RuntimeError(f"Xvfb did not start: {self._tail(self.workdir / 'xvfb.log')}")
        self.display = f":{number}"
        # A session bus that lives as long as the at-spi bus launcher it runs, which starts the
        # accessibility bus at once (no gsettings on a bare machine to ask it to).
        bus = subprocess.Popen(
            ["dbus-run-session", "--", "sh", "-c",
             f'echo "$DBUS_SESSION_BUS_ADDRESS"; exec {AT_SPI_LAUNCHER} --launch-immediately >/dev/null'],
            env=self._base_env(), stdout=subprocess.PIPE, stderr=self._log_file("dbus"),
            start_new_session=True,
        )  # fmt: skip
        self._procs.append(bus)
        assert bus.stdout is not None
        with bus.stdout:
            self.bus_address = bus.stdout.readline().decode().strip()
        if not self.bus_address:
            raise RuntimeError(f"no D-Bus session: {self._tail(self.workdir / 'dbus.log')}")

    def close(self) -> None:
        if self._agent is not None:
            self._agent.kill()
            self._agent.communicate(timeout=10)  # and close its pipes
            self._agent = None
        for app in self.apps:
            app.kill()
        if "alsa_fifo" in self.__dict__:
            self.alsa_fifo.close()
        self._end(self._procs[::-1])

    def _base_env(self) -> dict[str, str]:
        env = super()._base_env()
        env.update(DISPLAY=self.display, NO_AT_BRIDGE="0")
        return env

    def env(self, sound: str = "null") -> dict[str, str]:
        """The environment CouchTimer runs in: this display and bus, private dirs, a sound device.

        ``sound``: "null" plays into ALSA's null device (works, silent); "file" does too, and writes
        what each cue hands ALSA to a file (``self.alsa``, tests/helpers/alsa.py); "timed" writes
        it to a FIFO read by a thread that timestamps each cue's arrival (``self.alsa_fifo``);
        "missing" makes the default device a card that does not exist (the app's no-sound path).
        """
        env = self._base_env()
        env.update(
            QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_ACCESSIBILITY="1"
        )
        if self.scale != 1:
            env["QT_SCALE_FACTOR"] = str(self.scale)
        conf = self.workdir / "alsa-null.conf"
        if sound == "null":
            conf.write_text("pcm.!default { type null }\n", encoding="utf-8")
            env["ALSA_CONFIG_PATH"] = f"/usr/share/alsa/alsa.conf:{conf}"
        elif sound == "file":
            env["ALSA_CONFIG_PATH"] = self.alsa.config_path
        elif sound == "timed":
            env["ALSA_CONFIG_PATH"] = self.alsa_fifo.config_path
        elif sound == "missing":
            env["ALSA_CONFIG_PATH"] = no_device_config(self.workdir)
        else:
            raise ValueError(f"sound is 'null', 'file', 'timed' or 'missing', not {sound!r}")
        return env

    @functools.cached_property
    def alsa(self) -> AlsaCapture:
        """Where an app started with ``sound="file"`` plays: one file per cue."""
        return AlsaCapture(self.workdir / "alsa")

    @functools.cached_property
    def alsa_fifo(self) -> AlsaFifo:
        """Where an app started with ``sound="timed"`` plays: each cue's bytes, timestamped."""
        return AlsaFifo(self.workdir / "alsa-fifo")

    # --- the app and its command line ---

    def launch(
        self, *args: str, speed: float | None = None, sound: str = "null", command: str = ""
    ) -> App:
        """Start ``couchtimer ARGS`` (``--speed`` makes a run's time pass faster); ``command``
        names another of the venv's scripts instead (``couchtimer-gui``)."""
        argv = [str(COUCHTIMER.with_name(command) if command else COUCHTIMER), *args]
        if speed is not None:
            argv += ["--speed", str(speed)]
        log_path = self.workdir / f"app-{len(self.apps) + 1}.log"
        log = self._log_file(log_path.stem)
        proc = subprocess.Popen(
            argv, env=self.env(sound), stdout=log, stderr=subprocess.STDOUT, cwd=self.home,
            start_new_session=True,
        )  # fmt: skip
        app = App(proc, log_path)
        self.apps.append(app)
        return app

    def start_app(
        self,
        *args: str,
        history: Path | None = None,
        speed: float | None = None,
        sound: str = "null",
    ) -> Window:
        """Import ``history`` (a JSON export) if given, launch the app, wait for its window."""
        if history is not None:
            self.cli("import", str(history))
        self.launch(*args, speed=speed, sound=sound)
        return self.wait_window("CouchTimer")

    def start_again(self, *args: str) -> Window:
        """After the driven app quit (exit 0), start it again: the new one is the one driven
        (what a runner does the next day; the history file is the same)."""
        if self.apps and self.exit_status(self.apps[0]) != 0:
            self.fail(
                f"couchtimer exited {self.apps[0].proc.returncode}\n{self._tail(self.apps[0].log)}"
            )
        self.apps = self.apps[1:]
        return self.start_app(*args)

    @property
    def app(self) -> App:
        """The first app launched (the one the test drives)."""
        assert self.apps, "launch() the app first"
        return self.apps[0]

    # --- X: windows, keys, mouse, screenshots ---

    def xdotool(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["xdotool", *args], env=self._base_env(), capture_output=True, text=True, timeout=15,
            check=False,
        )  # fmt: skip
        if check and result.returncode != 0:
            self.fail(f"xdotool {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def windows(self, app: App | None = None) -> list[Window]:
        """The app's mapped windows with a title, bottom to top (the last is on top)."""
        pids = [app.pid] if app else [a.pid for a in self.apps if a.running()]
        found: list[Window] = []
        for pid in pids:
            ids = self.xdotool("search", "--onlyvisible", "--pid", str(pid), check=False).split()
            for wid in ids:
                window = self._window(int(wid))
                if window is not None and window.title:
                    found.append(window)
        return found

    def all_windows(self, title: Name = None) -> list[Window]:
        """Every mapped window on the screen with a title (whichever process it belongs to)."""
        ids = self.xdotool("search", "--onlyvisible", "--name", ".", check=False).split()
        windows = [w for w in (self._window(int(i)) for i in ids) if w is not None and w.title]
        return [w for w in windows if _matches(title, w.title)]

    def _window(self, wid: int) -> Window | None:
        """Its title and place (None for a popup menu or tooltip, or one that went away)."""
        result = subprocess.run(
            ["xwininfo", "-id", str(wid)], env=self._base_env(), capture_output=True, text=True,
            timeout=15, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            return None
        first, *rest = result.stdout.strip().splitlines()
        info = dict(line.strip().split(": ", 1) for line in rest if ": " in line)
        if info.get("Override Redirect State") == "yes" or info.get("Map State") != "IsViewable":
            return None
        title = first[first.find('"') + 1 : first.rfind('"')] if '"' in first else ""
        return Window(
            wid, title, int(info["Absolute upper-left X"]), int(info["Absolute upper-left Y"]),
            int(info["Width"]), int(info["Height"]),
        )  # fmt: skip

    def minimum_size(self, window: Window) -> tuple[int, int]:
        """The smallest size the window tells the window manager it may have (WM_NORMAL_HINTS)."""
        result = subprocess.run(
            ["xprop", "-id", str(window.id), "WM_NORMAL_HINTS"], env=self._base_env(),
            capture_output=True, text=True, timeout=15, check=False,
        )  # fmt: skip
        found = re.search(r"program specified minimum size: (\d+) by (\d+)", result.stdout)
        if found is None:
            self.fail(f"{window} gives no minimum size: {result.stdout}{result.stderr}")
        return int(found[1]), int(found[2])

    def geometry(self, window: Window) -> tuple[int, int, int, int]:
        """Where the window is now: x, y, width, height."""
        now = self._window(window.id)
        if now is None:
            self.fail(f"{window} is gone")
        return now.x, now.y, now.width, now.height

    def wait_window(self, title: Name, timeout: float = 15) -> Window:
        """The app's window with this title (exact, or a compiled pattern), once it is mapped."""
        return self._wait(
            lambda: next((w for w in reversed(self.windows()) if _matches(title, w.title)), None),
            timeout,
            lambda: f"no window titled {title!r}; windows: {self.windows()}",
        )

    def wait_no_window(self, title: Name, timeout: float = 15) -> None:
        self._wait(
            lambda: not any(_matches(title, w.title) for w in self.windows()) or None,
            timeout,
            lambda: f"window {title!r} is still open: {self.windows()}",
        )

    def focus(self, window: Window | str | re.Pattern[str] | None = None) -> Window:
        """Give this window (default: the app's top one) the keyboard; there is no window manager."""
        if window is None:
            target = self._wait(
                lambda: (self.windows() or [None])[-1], 15, lambda: "the app has no window"
            )
        elif isinstance(window, Window):
            target = window
        else:
            target = self.wait_window(window)
        self.xdotool("windowfocus", "--sync", str(target.id))
        return target

    def key(self, *keys: str, window: Window | str | re.Pattern[str] | None = None) -> None:
        """Press keys (xdotool names: "ctrl+q", "Return", "alt+f"), into ``window`` if given.

        A chord is pressed as a person presses it: modifiers down, the key down and up, then the
        modifiers up, last first (see ``chord_presses``)."""
        if window is not None:
            self.focus(window)
        elif not self._focus_in_app():
            self.focus()
        self.xdotool(*chord_presses(keys))

    def type(self, text: str, window: Window | str | re.Pattern[str] | None = None) -> None:
        if window is not None:
            self.focus(window)
        elif not self._focus_in_app():
            self.focus()
        self.xdotool("type", "--delay", "15", text)

    def focused_window(self) -> int | None:
        """The X window that has the keyboard (None: the root window or none)."""
        focused = self.xdotool("getwindowfocus", check=False).strip()
        return int(focused) if focused.isdigit() else None

    def cover_screen(self) -> int:
        """Put another program's window over the whole screen (as another app in front would);
        returns its X window id."""
        width, height = self.size
        cover = subprocess.Popen(
            ["xmessage", "-geometry", f"{width}x{height}+0+0", "Another program's window"],
            env=self._base_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        self._procs.append(cover)
        return self._wait(
            lambda: next(iter(self.xdotool(
                "search", "--onlyvisible", "--class", "Xmessage", check=False
            ).split()), None),
            10,
            lambda: "xmessage did not show",
        )  # fmt: skip

    def window_at(self, x: int, y: int) -> int:
        """The top-level X window a person sees at this point (the top one there)."""
        listing = subprocess.run(
            ["xwininfo", "-root", "-children"], env=self._base_env(), capture_output=True,
            text=True, timeout=15, check=True,
        ).stdout  # fmt: skip
        # The root's children, top-most first: 0x80002c "title": (...)  WxH+X+Y  +X+Y
        for line in listing.splitlines():
            found = re.match(r"\s+(0x[0-9a-f]+) .*?(\d+)x(\d+)\+(-?\d+)\+(-?\d+)\s+\S+$", line)
            if not found:
                continue
            wid, width, height, left, top = found.groups()
            inside = int(left) <= x < int(left) + int(width) and int(top) <= y < int(top) + int(
                height
            )
            if inside and self._window(int(wid, 16)) is not None:
                return int(wid, 16)
        return 0

    def _focus_in_app(self) -> bool:
        focused = self.xdotool("getwindowfocus", check=False).strip()
        if not focused.isdigit():
            return False
        pid = self.xdotool("getwindowpid", focused, check=False).strip()
        return pid.isdigit() and int(pid) in {a.pid for a in self.apps}

    # No `mousemove --sync`: it waits forever when the pointer is already there. XTEST events
    # reach the server in order, so the click lands where the pointer was moved to.
    def click(self, widget: Widget) -> None:
        """A left click at the middle of the widget, where a person would click."""
        if not widget.enabled:
            self.fail(f"cannot click {widget}: it is disabled")
        x, y = widget.centre
        self.xdotool("mousemove", str(x), str(y), "click", "1")

    def scroll(self, widget: Widget, clicks: int) -> None:
        """Turn the mouse wheel over the widget: positive scrolls down, negative up."""
        x, y = widget.centre
        button = "5" if clicks > 0 else "4"
        self.xdotool(
            "mousemove", str(x), str(y), "click", "--repeat", str(abs(clicks)),
            "--delay", "30", button,
        )  # fmt: skip

    def pixels(self, x: int, y: int, width: int, height: int) -> bytes:
        """The screen's RGB bytes in this rectangle (to tell whether something was redrawn)."""
        return subprocess.run(
            ["import", "-window", "root", "-crop", f"{width}x{height}+{x}+{y}", "rgb:-"],
            env=self._base_env(), capture_output=True, timeout=30, check=True,
        ).stdout  # fmt: skip

    def screenshot(self, name: str) -> Path:
        """The whole screen as a PNG in the artefacts folder."""
        self._shots += 1
        self.artefacts.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "shot"
        path = self.artefacts / f"{self._shots:02d}-{safe}.png"
        subprocess.run(
            ["import", "-window", "root", str(path)], env=self._base_env(), capture_output=True,
            timeout=30, check=False,
        )  # fmt: skip
        return path

    # --- the accessibility tree ---

    def tree(self, app: App | None = None) -> list[Widget]:
        """Every showing widget of the app, in tree order."""
        target = app or self.app
        reply = self._ask_agent({"cmd": "tree", "pid": target.pid})
        return [
            Widget(
                role=n["role"],
                name=n["name"],
                description=n["description"],
                states=frozenset(n["states"]),
                # Qt reports extents in its scaled (logical) pixels: X's are physical
                extents=tuple(v * self.scale for v in n["extents"]) if n["extents"] else None,  # type: ignore[arg-type]
                text=n["text"],
                value=n["value"],
                window=n["window"],
                depth=n["depth"],
                labelled_by=tuple(n["labelled_by"]),
            )
            for n in reply["nodes"]
        ]

    def _ask_agent(self, request: dict[str, Any]) -> dict[str, Any]:
        if self._agent is None or self._agent.poll() is not None:
            self._agent = subprocess.Popen(
                [SYSTEM_PYTHON, str(AGENT)], env=self._base_env(), stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=self._log_file("atspi-agent"), text=True,
            )  # fmt: skip
        assert self._agent.stdin is not None
        assert self._agent.stdout is not None
        self._agent.stdin.write(json.dumps(request) + "\n")
        self._agent.stdin.flush()
        line = self._agent.stdout.readline()
        if not line:
            self.fail(f"the AT-SPI agent died: {self._tail(self.workdir / 'atspi-agent.log')}")
        reply: dict[str, Any] = json.loads(line)
        if not reply["ok"]:
            self.fail(f"the AT-SPI agent failed: {reply['error']}")
        return reply

    def listen_for_announcements(self) -> None:
        """Start hearing ``object:announcement`` events now (before the app sends any)."""
        self._ask_agent({"cmd": "announcements"})

    def announcements(self) -> list[str]:
        """What the app announced to screen readers since the last call (AT-SPI events)."""
        return list(self._ask_agent({"cmd": "announcements"})["heard"])

    def select_row(self, table: str, row: int, app: App | None = None) -> None:
        """Select a table's row as a screen reader does (AT-SPI ``Table.addRowSelection``)."""
        target = app or self.app
        self._ask_agent({"cmd": "select_row", "pid": target.pid, "table": table, "row": row})

    def find_all(
        self,
        role: str | None = None,
        name: Name = None,
        window: Name = None,
        app: App | None = None,
    ) -> list[Widget]:
        """The showing widgets with this role, name and window title (None: any)."""
        return [
            w
            for w in self.tree(app)
            if (role is None or w.role == role)
            and _matches(name, w.name)
            and _matches(window, w.window)
        ]

    def find(
        self,
        role: str | None = None,
        name: Name = None,
        window: Name = None,
        timeout: float = 10,
        app: App | None = None,
    ) -> Widget:
        """The first showing widget that matches, once there is one (fails after ``timeout``)."""
        return self._wait(
            lambda: next(iter(self.find_all(role, name, window, app)), None),
            timeout,
            lambda: f"no showing {role or 'widget'} named {name!r} in window {window!r}",
        )

    def absent(self, role: str | None = None, name: Name = None, window: Name = None) -> bool:
        return not self.find_all(role, name, window)

    def texts(self, window: Name = None) -> list[str]:
        """The names and texts of every showing widget, in tree order (what is on the screen)."""
        out = []
        for widget in self.tree():
            if _matches(window, widget.window):
                out.extend(t for t in (widget.name, widget.text) if t)
        return out

    def wait_text(self, pattern: Name, window: Name = None, timeout: float = 10) -> str:
        """The first showing name or text that matches, once one does."""
        return self._wait(
            lambda: next((t for t in self.texts(window) if _matches(pattern, t)), None),
            timeout,
            lambda: f"no text matching {pattern!r} is showing in window {window!r}",
        )

    # --- menus ---

    def menu(self, *path: str) -> None:
        """Choose a menu item by clicking, e.g. ``menu("File", "Report for a physio…")``."""
        top, *items = path
        self.click(self.find("menu item", top, window=re.compile("^CouchTimer")))
        for item in items:
            self.click(self._wait(
                lambda item=item: next(
                    (w for w in self.find_all("menu item", item) if w.depth > 1 and w.extents), None
                ),
                10,
                lambda item=item: f"no menu item {item!r} showing",
            ))  # fmt: skip

    # --- checks ---

    def assert_fits(
        self, window: Window | str | re.Pattern[str], buttons: Iterable[str] = ()
    ) -> Window:
        """The window lies inside the screen, and each named button shows, wholly on it."""
        win = window if isinstance(window, Window) else self.wait_window(window)
        win = self._window(win.id) or win
        if not win.inside(self.size):
            self.fail(f"{win} does not fit the {self.size[0]}x{self.size[1]} screen")
        for name in buttons:
            button = self.find(name=name, window=win.title)
            if not (
                button.inside(0, 0, *self.size)
                and button.inside(win.x, win.y, win.width, win.height)
            ):
                self.fail(f"{button} is not wholly on the screen, inside {win}")
        return win

    def fail(self, message: str) -> NoReturn:
        """Fail the test, keeping the screen, the accessibility tree and the app's output."""
        raise AssertionError(f"[step: {self.step_name}] {message}\n{self.save_failure()}")

    def save_failure(self) -> str:
        """Save what shows the failing step; returns the lines that name the files."""
        self.failure_saved = True
        lines = []
        if self.display:
            lines.append(f"  screenshot: {self.screenshot(f'failed-{self.step_name}')}")
        self.artefacts.mkdir(parents=True, exist_ok=True)
        if self.apps and self.app.running():
            with contextlib.suppress(Exception):
                dump = self.artefacts / "atspi-tree.txt"
                dump.write_text(
                    "\n".join("  " * w.depth + f"{w} {sorted(w.states)}" for w in self.tree()),
                    encoding="utf-8",
                )
                lines.append(f"  accessibility tree: {dump}")
        for log in sorted(self.workdir.glob("*.log")):
            shutil.copy(log, self.artefacts / log.name)
        lines.append(f"  app output and logs: {self.artefacts}")
        return "\n".join(lines)

    def assert_no_error(self) -> None:
        """The app is still running and shows no "something went wrong" box."""
        errors = [w for w in self.windows() if "went wrong" in w.title]
        if errors or not self.app.running():
            self.fail(f"an error: {errors or 'the app quit'}\n{self._tail(self.app.log)}")

    def save_as(self, path: Path, title: Name) -> None:
        """In the file dialog titled ``title``, type the whole path and press Return."""
        self.wait_window(title)
        self.key("ctrl+a", window=title)
        self.type(str(path))
        self.key("Return")
        self.wait_no_window(title)

    def exit_status(self, app: App, timeout: float = 20) -> int:
        """How ``app`` exited, once it has (fails, showing the screen, if it is still running)."""
        try:
            return app.wait(timeout)
        except subprocess.TimeoutExpired:
            self.fail(f"couchtimer (pid {app.pid}) still running after {timeout:g} s; "
                      f"windows: {self.all_windows()}\n{self._tail(app.log)}")  # fmt: skip

    def wait_for(
        self,
        condition: Callable[[], bool],
        what: str,
        timeout: float = 10,
        seen: Callable[[], str] | None = None,
    ) -> None:
        """Until ``condition()`` holds; the failure says ``what`` was expected (and ``seen()``,
        what there was instead)."""

        def describe() -> str:
            return f"expected: {what}" + (f"; seen: {seen()}" if seen is not None else "")

        self._wait(lambda: condition() or None, timeout, describe)

    def step(self, name: str) -> None:
        """Name the step that follows (failures and screenshots carry it)."""
        self.step_name = name

    def _wait(
        self, probe: Callable[[], T | None], timeout: float, describe: Callable[[], str]
    ) -> T:
        deadline = time.monotonic() + timeout
        while True:
            found = probe()
            if found is not None and found is not False:
                return found
            if time.monotonic() > deadline:
                self.fail(f"after {timeout:g} s: {describe()}")
            for app in self.apps[:1]:
                if not app.running():
                    self.fail(f"couchtimer exited ({app.proc.returncode}):\n{self._tail(app.log)}")
            time.sleep(0.1)


def pdf_text(path: Path) -> tuple[int, str]:
    """The number of pages of a PDF and its text (poppler's pdfinfo and pdftotext)."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))  # type: ignore[union-attr]
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return pages, text
