"""Desktop integration: single instance, and keeping the screen awake during a run."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
import tempfile
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QSocketNotifier, Signal

log = logging.getLogger(__name__)
_HAVE_FIFOS = hasattr(os, "mkfifo")


def _runtime_dir() -> Path:
    """$XDG_RUNTIME_DIR, else a private folder of the user's in the temp dir (as Qt would do)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        return Path(runtime)
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"couchtimer-runtime-{uid}"
    folder.mkdir(mode=0o700, exist_ok=True)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != uid or info.st_mode & 0o077:
        # Someone else's, or open to others: never put our pipe there.
        return Path(tempfile.mkdtemp(prefix=f"couchtimer-runtime-{uid}-"))
    return folder


#: The longest request line a later launch sends: one write of it is atomic (PIPE_BUF is at least
#: 512 bytes by POSIX, 4096 on Linux), so lines from launches at the same moment never interleave.
MAX_REQUEST_BYTES = 512
# "raise", "start WEEK RUN" or "start next", then optionally the desktop's activation token:
# printable ASCII without spaces, as xdg-activation tokens are (wlroots: 32 hex digits; GNOME,
# KDE: a few words joined by "/" or "_").
_ACTIVATION_CHARS = r"[!-~]{1,400}"
_NUMBER = r"([1-9][0-9]{0,2})"  # a week or run, 1-999
_REQUEST = (  # compiled when the first request comes (re's own cache), not at start-up
    rf"(?:raise|start (next)|start {_NUMBER} {_NUMBER})(?: token=({_ACTIVATION_CHARS}))?"
)


class Request:
    """What a later launch asks the open CouchTimer: come to the front, maybe start a run.

    A value: equal and hashed by its three fields, which are read-only. Not a NamedTuple: one is
    made before the first frame (0.6 M instructions, benchmarks/startup.py)."""

    __slots__ = ("_start", "_start_next", "_token")

    def __init__(
        self,
        start: tuple[int, int] | None = None,
        token: str | None = None,
        start_next: bool = False,
    ) -> None:
        self._start = start
        self._token = token
        self._start_next = start_next

    @property
    def start(self) -> tuple[int, int] | None:
        """(week, run) from `couchtimer run W4R1`; None: come to the front."""
        return self._start

    @property
    def token(self) -> str | None:
        """The XDG_ACTIVATION_TOKEN the desktop gave the later launch: on Wayland a window may
        take the focus only with a token the compositor issued, and the open instance has none
        of its own."""
        return self._token

    @property
    def start_next(self) -> bool:
        """`couchtimer --start next` (the desktop entry's "Start next run"): Today's next run."""
        return self._start_next

    def _fields(self) -> tuple[tuple[int, int] | None, str | None, bool]:
        return (self._start, self._token, self._start_next)

    def __eq__(self, other: object) -> bool:
        return self._fields() == other._fields() if type(other) is Request else NotImplemented

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        start, token, start_next = self._fields()
        return f"Request(start={start!r}, token={token!r}, start_next={start_next!r})"

    def line(self) -> bytes:
        """The request as one line; a token that could not be sent whole is left out."""
        words = "raise" if self.start is None else f"start {self.start[0]} {self.start[1]}"
        if self.start_next:
            words = "start next"
        if self.token is not None and re.fullmatch(_ACTIVATION_CHARS, self.token):
            words += f" token={self.token}"
        return words.encode("ascii") + b"\n"


def parse_request(line: bytes) -> Request | None:
    """A request line (without its newline) as a ``Request``; None for anything else."""
    if len(line) >= MAX_REQUEST_BYTES:
        return None
    try:
        text = line.decode("ascii")
    except UnicodeDecodeError:
        return None
    match = re.fullmatch(_REQUEST, text)
    if match is None:
        return None
    start_next, week, run, token = match.groups()
    start = (int(week), int(run)) if week is not None and run is not None else None
    return Request(start, token, start_next is not None)


class SingleInstance(QObject):
    """The first CouchTimer holds a lock and listens; later launches ask it to raise its window.

    The listening end is a named pipe (FIFO, 0600, in the private runtime dir) watched by a
    ``QSocketNotifier``; a later launch writes one short line to it. Writes this small are atomic,
    so lines never interleave. QtNetwork's ``QLocalServer`` or a Unix socket would do the same but
    cost 20 ms and 4 ms of start-up to import (benchmarks/startup.py).
    """

    raise_requested = Signal(object)  # the later launch's Request

    def __init__(self, name: str = "couchtimer") -> None:
        super().__init__()
        uid = os.getuid() if hasattr(os, "getuid") else 0
        folder = _runtime_dir()
        self._pipe_path = folder / f"{name}-{uid}.pipe"
        self.lock_path = folder / f"{name}-{uid}.lock"
        self._lock = QLockFile(str(self.lock_path))
        self._lock.setStaleLockTime(0)
        self._pipe: int | None = None
        self._notifier: QSocketNotifier | None = None
        self._pending = b""

    def acquire(self, message: Request | None = None) -> bool:
        """True when this is the first instance; otherwise ``message`` (by default: come to the
        front) went to the first one."""
        message = Request() if message is None else message
        if not self._try_lock():
            if self._ask_to_raise(message):
                return False
            # The lock holder is not listening: a crashed instance. Take over.
            self._lock.removeStaleLockFile()
            if not self._try_lock():
                return False
        self._listen()
        return True

    def _try_lock(self) -> bool:
        # QLockFile makes its file with the umask's mode (0644 as a rule): 0600 like every file
        # of ours. The umask is the process's, set back at once (nothing else runs meanwhile).
        previous = os.umask(0o077)
        try:
            return self._lock.tryLock(100)
        finally:
            os.umask(previous)

    def _ask_to_raise(self, message: Request) -> bool:
        if not _HAVE_FIFOS:
            return False
        try:
            # Non-blocking: with no reader (the first instance died) this fails at once (ENXIO)
            # instead of waiting for one.
            pipe = os.open(self._pipe_path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return False
        try:
            os.write(pipe, message.line())
        except OSError:
            return False
        finally:
            os.close(pipe)
        return True

    def _listen(self) -> None:
        if not _HAVE_FIFOS:  # Windows: the lock alone keeps a second copy out
            return
        try:
            self._pipe_path.unlink(missing_ok=True)
            os.mkfifo(self._pipe_path, 0o600)
            self._pipe_path.chmod(0o600)  # whatever the umask
            # Read and write: holding a writing end ourselves, the pipe never reads as closed
            # (end-of-file) after a later launch has written its line and gone.
            pipe = os.open(self._pipe_path, os.O_RDWR | os.O_NONBLOCK)
        except OSError:  # no pipe, no raising: the lock still keeps a second copy out
            log.warning("cannot listen on %s", self._pipe_path, exc_info=True)
            return
        self._pipe = pipe
        self._notifier = QSocketNotifier(pipe, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_readable)

    def _on_readable(self) -> None:
        assert self._pipe is not None
        try:
            self._pending += os.read(self._pipe, 4096)
        except OSError:  # nothing there after all (EAGAIN)
            return
        *lines, self._pending = self._pending.split(b"\n")
        if len(self._pending) >= MAX_REQUEST_BYTES:  # no line of ours is this long: drop it
            self._pending = b""
        for line in lines:
            request = parse_request(line)
            if request is not None:
                self.raise_requested.emit(request)

    def release(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
            self._pipe_path.unlink(missing_ok=True)
        self._lock.unlock()


class SignalRelay(QObject):
    """SIGINT, SIGTERM and SIGHUP as a Qt signal, delivered in the event loop.

    Qt's loop runs in C++, where Python's own handlers (Ctrl+C's KeyboardInterrupt) cannot run
    until some Python code does; the C-level handler writes the signal's number to a pipe
    (``signal.set_wakeup_fd``) that a ``QSocketNotifier`` watches, so the app hears it at once.
    """

    received = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        import signal  # here: its enums cost start-up time, and the app makes this after its frame

        super().__init__(parent)
        self._read, self._write = os.pipe()
        for fd in (self._read, self._write):
            os.set_blocking(fd, False)
        self._previous_fd = signal.set_wakeup_fd(self._write)
        wanted = [signal.SIGINT, signal.SIGTERM]
        if hasattr(signal, "SIGHUP"):
            wanted.append(signal.SIGHUP)
        self._previous = {sig: signal.signal(sig, self._noted) for sig in wanted}
        self._notifier = QSocketNotifier(self._read, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_readable)

    def _noted(self, signum: int, _frame: object) -> None:
        """Python's part puts the number down the pipe too: a signal that arrived before the
        wakeup pipe was set (while the first frame was drawn, say) only has this part left, and
        was lost. A number sent twice is heard twice; the app ends on the first."""
        with contextlib.suppress(OSError):  # a full pipe: the app has numbers enough to read
            os.write(self._write, bytes([signum]))

    def _on_readable(self) -> None:
        try:
            data = os.read(self._read, 64)
        except BlockingIOError:
            return
        for signum in data:
            self.received.emit(signum)

    def close(self) -> None:
        import signal

        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)
        os.close(self._read)
        os.close(self._write)


class SleepInhibitor:
    """Asks the desktop not to blank the screen or sleep during a run (freedesktop D-Bus APIs).

    Where there is no session bus or no such service (other platforms, bare X servers, CI), it
    does nothing: a run must never fail because the screen saver could not be held off.
    """

    def __init__(self, app_name: str = "CouchTimer") -> None:
        self._app_name = app_name
        self._cookie: int | None = None
        self._login1_fd: object | None = None
        self.active = False

    def inhibit(self, reason: str) -> None:
        if self.active:
            return
        self.active = True
        try:
            # Loaded on first use: QtDBus is not needed until a run starts.
            from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

            session = QDBusConnection.sessionBus()
            if session.isConnected():
                saver = QDBusInterface(
                    "org.freedesktop.ScreenSaver",
                    "/org/freedesktop/ScreenSaver",
                    "org.freedesktop.ScreenSaver",
                    session,
                )
                if saver.isValid():
                    reply = saver.call("Inhibit", self._app_name, reason)
                    if reply.type() == QDBusMessage.MessageType.ReplyMessage:
                        self._cookie = int(reply.arguments()[0])
            system = QDBusConnection.systemBus()
            if system.isConnected():
                login1 = QDBusInterface(
                    "org.freedesktop.login1",
                    "/org/freedesktop/login1",
                    "org.freedesktop.login1.Manager",
                    system,
                )
                if login1.isValid():
                    reply = login1.call("Inhibit", "sleep:idle", self._app_name, reason, "block")
                    if reply.type() == QDBusMessage.MessageType.ReplyMessage:
                        self._login1_fd = reply.arguments()[0]  # held open until release
        except Exception:  # a desktop quirk must not stop a run
            log.debug("could not inhibit the screen saver", exc_info=True)

    def release(self) -> None:
        if not self.active:
            return
        self.active = False
        try:
            from PySide6.QtDBus import QDBusConnection, QDBusInterface

            if self._cookie is not None:
                saver = QDBusInterface(
                    "org.freedesktop.ScreenSaver",
                    "/org/freedesktop/ScreenSaver",
                    "org.freedesktop.ScreenSaver",
                    QDBusConnection.sessionBus(),
                )
                saver.call("UnInhibit", self._cookie)
        except Exception:
            log.debug("could not release the screen saver", exc_info=True)
        self._cookie = None
        self._login1_fd = None  # dropping the descriptor ends the login1 inhibitor


def notify(summary: str, body: str, icon: str = "") -> bool:
    """Show a desktop notification (org.freedesktop.Notifications); False where none can be shown.

    Called through the service's introspected interface so that QtDBus sends each argument as
    the type the specification names (``replaces_id`` a uint32: GDBus-based servers such as
    GNOME Shell refuse an int32 there). A missing bus or service is not an error.
    """
    try:
        from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, Qt
        from PySide6.QtDBus import QDBusConnection, QDBusInterface

        session = QDBusConnection.sessionBus()
        if not session.isConnected():
            return False
        server = QDBusInterface(
            "org.freedesktop.Notifications",
            "/org/freedesktop/Notifications",
            "org.freedesktop.Notifications",
            session,
        )
        if not server.isValid():
            return False
        server.setTimeout(3000)
        ident = QMetaObject.invokeMethod(
            server, "Notify", Qt.ConnectionType.DirectConnection, Q_RETURN_ARG("uint"),
            Q_ARG(str, "CouchTimer"), Q_ARG("uint", 0), Q_ARG(str, icon), Q_ARG(str, summary),
            Q_ARG(str, body), Q_ARG("QStringList", []), Q_ARG("QVariantMap", {}),
            Q_ARG(int, -1),
        )  # fmt: skip
    except Exception:  # a desktop quirk must never stop the app
        log.debug("could not show a notification", exc_info=True)
        return False
    return isinstance(ident, int) and ident > 0
