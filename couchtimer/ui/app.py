"""Start the desktop app: checks, single instance, the outside world wired into the window."""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from typing import TYPE_CHECKING

from couchtimer import APP_ID, __version__, resources

# The app's own modules that need no Qt load here, before PySide6 does in _run_app: PySide6 reads
# the source of every module imported after it (looking for its ``__feature__`` switches), and
# these are needed before the first frame anyway (benchmarks/startup.py).
from couchtimer.clock import ScaledClock, SystemClock
from couchtimer.core.errors import CouchTimerError
from couchtimer.logsetup import install_excepthook
from couchtimer.programmes import resolve_programme, shipped_programmes
from couchtimer.pyside_reads import (
    CompiledOnce,
    kept_code_files,
    read_our_sources_plainly,
    spare_stdlib_source_reads,
)
from couchtimer.ui.settings_store import SettingsStore
from couchtimer.ui.window_view import AppContext
from couchtimer.userdirs import user_cache_dir

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from couchtimer.core.programme import Workout
    from couchtimer.core.settings import Value
    from couchtimer.run.session import CueSource
    from couchtimer.store import HistoryStore
    from couchtimer.ui.desktop import SignalRelay
    from couchtimer.ui.main_window import AppPlayer

NO_DISPLAY_MESSAGE = (
    "couchtimer: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the desktop "
    "app cannot open.\n"
    "  Run a workout in the terminal instead:  couchtimer run W1R1 --terminal\n"
    "  Or give Qt a display:  xvfb-run couchtimer   (or QT_QPA_PLATFORM=offscreen for tests)"
)


class GuiOptions:
    """How the command line asks for the window. A plain class, not a NamedTuple or a dataclass:
    it is made before the first frame, and making either type is 0.5-4 M instructions
    (benchmarks/startup.py)."""

    __slots__ = ("programme", "quit_after", "speed", "start", "start_next")

    def __init__(
        self,
        speed: float = 1.0,
        start: tuple[int, int] | None = None,
        quit_after: float | None = None,
        programme: str | None = None,
        start_next: bool = False,  # --start next: the run Today offers, once the history is read
    ) -> None:
        self.speed = speed
        self.start = start
        self.quit_after = quit_after
        self.programme = programme
        self.start_next = start_next


def display_available(environ: dict[str, str] | None = None, platform: str = sys.platform) -> bool:
    env = os.environ if environ is None else environ
    if env.get("QT_QPA_PLATFORM"):
        return True  # the user (or a test) chose a platform plugin, e.g. offscreen
    if not platform.startswith("linux"):
        return True  # Windows and macOS always have their native platform
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def utc_now() -> datetime:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _open_store(settings_path: Path | None = None) -> tuple[HistoryStore | None, str | None]:
    """The history file, or why it cannot be used (the app still runs; runs stay in memory).
    Opened for writing, it takes in once what an older CouchTimer kept in settings.ini
    (``settings_file.carry_red_flags``)."""
    from couchtimer.store import HistoryStore, StoreError

    try:
        store = HistoryStore.open(utc_now=utc_now)
    except StoreError as exc:
        problem = str(exc)
    else:
        from couchtimer.settings_file import carry_red_flags

        carry_red_flags(store, settings_path)
        return store, None
    try:  # cannot be written (read-only media, say): the History tab can still show it
        store = HistoryStore.open(utc_now=utc_now, read_only_ok=True)
    except StoreError:
        return None, f"{problem} Each run is kept aside and added once the file can be used."
    return store, f"{store.read_only} Each run is kept aside and added once it can be written."


_showing_bug = False


def _show_bug(message: str) -> None:
    """The error box; a second error while it is open (its own focus change, say) raises, so the
    hook writes that one to stderr instead of opening boxes without end."""
    global _showing_bug
    if _showing_bug:
        raise RuntimeError("the error box is already open")
    from PySide6.QtWidgets import QMessageBox

    _showing_bug = True
    try:
        QMessageBox.critical(None, "Something went wrong", message)
    finally:
        _showing_bug = False


def _open_player(settings: SettingsStore) -> AppPlayer:
    """The cue files, checked (a damaged install names the file), then the sound device.

    Either failing leaves a player that plays nothing and says why; the window shows that, and a
    run still goes ahead with on-screen cues.
    """
    from couchtimer.audio import NullPlayer, check_cues, open_player
    from couchtimer.audio.player import NO_SOUND_SUFFIX

    try:
        values = settings.values()
        return open_player(
            volume=int(values["volume"]) / 100, sounds=check_cues(), music=str(values["music"])
        )
    except CouchTimerError as exc:
        logging.getLogger(__name__).warning("no sound: %s", exc)
        return NullPlayer(f"No sound: {exc} {NO_SOUND_SUFFIX}")


def _cue_source(workout: Workout, values: dict[str, Value]) -> CueSource:
    from couchtimer.core.cues import CuePolicy
    from couchtimer.settings_file import saved_cue_settings

    return CuePolicy(workout, saved_cue_settings(values))


def already_open_message(
    start: tuple[int, int] | None, token: str | None, platform: str, start_next: bool = False
) -> str:
    """What a later launch prints: the open window was raised, or (Wayland without a token from
    the desktop) asked to come forward, which the compositor may refuse."""
    handed = f" and asked to start week {start[0]}, run {start[1]}" if start is not None else ""
    if start_next:
        handed = " and asked to start the next run"
    if platform.startswith("wayland") and token is None:
        return (
            f"CouchTimer is already running{handed}; this desktop gave no activation token, "
            "so its window may stay behind others (it shows a notification instead)."
        )
    return f"CouchTimer is already running; its window has been raised{handed}."


def run_gui(options: GuiOptions) -> int:
    if not display_available():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 2
    # Start-up makes a great many long-lived objects (PySide6's types, the widgets) and CPython's
    # cyclic garbage collector would scan them over and over while they are being made: 5 ms of
    # start-up (benchmarks/startup.py). It is paused until the window shows (after_show turns it
    # back on), and in any case on the way out. Reference counting frees as usual meanwhile.
    gc.disable()
    try:
        return _run_app(options)
    finally:
        gc.enable()


def _run_app(options: GuiOptions) -> int:
    # Imported here so that the CLI and terminal mode never load Qt. Only what the first frame
    # needs loads before it: the sound, the history file, logging and the rest follow once the
    # window shows (benchmarks/startup.py). PySide6's own support code comes compiled, kept
    # beside our compiled modules or in the cache dir (pyside_reads.CompiledOnce; what was
    # compiled afresh is kept after the frame).
    with CompiledOnce(*kept_code_files(user_cache_dir())) as pyside_code:
        from PySide6.QtCore import QTimer
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtWidgets import QApplication

    spare_stdlib_source_reads()
    read_our_sources_plainly()
    from couchtimer.ui.desktop import Request, SingleInstance
    from couchtimer.ui.main_window import MainWindow

    QGuiApplication.setDesktopFileName(APP_ID)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("CouchTimer")
    app.setApplicationDisplayName("CouchTimer")
    app.setApplicationVersion(__version__)

    install_excepthook(_show_bug)  # a bug in a slot is logged and shown, never lost on stderr
    instance = SingleInstance()
    # The token the desktop gave this launch goes to the open instance, which raises its window
    # with it (Wayland: only a token the compositor issued lets a window take the focus).
    token = os.environ.get("XDG_ACTIVATION_TOKEN") or None
    if not instance.acquire(Request(options.start, token, options.start_next)):
        platform = QGuiApplication.platformName()
        print(already_open_message(options.start, token, platform, options.start_next))
        return 0

    try:
        programmes = shipped_programmes()
        if options.programme:
            own = resolve_programme(options.programme)
            programmes = [p for p in programmes if p.id != own.id] + [own]
    except CouchTimerError as exc:
        print(f"couchtimer: {exc}", file=sys.stderr)
        instance.release()
        return 2

    settings = SettingsStore()
    base = SystemClock()
    clock = ScaledClock(base, options.speed) if options.speed != 1.0 else base
    ctx = AppContext(
        programmes=programmes,
        settings=settings,
        player_factory=lambda: _open_player(settings),
        clock=clock,
        cue_source=_cue_source,
        utc_now=utc_now,
        speed=options.speed,
    )
    if settings.path.exists():  # a first start (no file yet) keeps the desktop's palette
        from couchtimer.charts.palette import apply_theme

        apply_theme(app, settings.theme)
    window = MainWindow(ctx, keys_later=True)  # the menus' items follow the first frame
    # The history file opens just after the first frame (after_show): until its checks have run
    # (red-flag gate, interrupted run, check-in due) no run can start.
    window.presenter.hold_starts()
    if options.programme:
        window.today.programme_box.setCurrentIndex(len(programmes) - 1)
    instance.raise_requested.connect(window.presenter.handle_request)
    window.show()
    # benchmarks/startup.py: say when the window is shown, then quit once start-up is over.
    benchmark = bool(os.environ.get("COUCHTIMER_STARTUP_BENCHMARK"))
    if benchmark:
        QTimer.singleShot(
            0, lambda: print(f"shown {time.monotonic()} {time.process_time()}", file=sys.stderr)
        )

    # Ctrl+C in the terminal that started the app, SIGTERM at logout or from `kill`: end a run
    # early (everything kept; Today offers its report at the next start) and quit cleanly. Heard
    # from just after the first frame (the signal module's enums cost start-up time); no run can
    # start before then.
    ended_by: list[int] = []
    relays: list[SignalRelay] = []

    def end_on_signal(signum: int) -> None:
        if ended_by:
            return
        ended_by.append(signum)
        window.quit_on_signal()
        app.exit(128 + signum)

    def after_show() -> None:
        """The window is up: now the log, the history file, the questions it raises, the sound."""
        gc.enable()
        from PySide6.QtGui import QIcon

        from couchtimer.logsetup import setup_logging

        # With --start the run begins at once: the check-in waits on Today's reminder button.
        starting = options.start is not None or options.start_next
        try:
            window.add_menu_items()  # first: a key pressed as the window appears finds its action
            from couchtimer.ui.desktop import SignalRelay

            relays.append(SignalRelay(app))
            relays[0].received.connect(end_on_signal)
            setup_logging()
            from couchtimer.ui.focus import FocusRing

            FocusRing.install(app)  # a focus mark on buttons, tabs, charts and scroll areas
            icon = resources.icons_dir() / f"{APP_ID}.svg"
            if icon.is_file():  # the desktop entry names the icon too; this is for bare X11
                app.setWindowIcon(QIcon(str(icon)))
            store, problem = _open_store(settings.path)
            window.presenter.attach_store(store, problem)
            if problem is not None and (store is None or store.read_only is not None):
                # No history file: each run still goes to its journal, and into the history
                # the next time the file opens (see couchtimer.store.journal).
                from couchtimer.store.journal_recorder import JournalRecorder
                from couchtimer.store.paths import default_db_path

                window.ctx.recorder_factory = lambda: JournalRecorder(
                    default_db_path(), problem, utc_now
                )
        finally:
            # Even after a bug above (shown by the error box), the checks run and release the
            # start hold: Start never stays dead.
            window.presenter.startup_checks(ask_checkin=not starting)
        pyside_code.save()  # a first start's: the next one loads PySide6 without compiling
        window.presenter.player  # noqa: B018 (reads the cue files and opens the sound device)
        if options.start is not None:
            window.presenter.start_run(*options.start)
        elif options.start_next:
            window.presenter.start_next_run()

    QTimer.singleShot(0, after_show)
    quit_after = 0.0 if benchmark else options.quit_after
    if quit_after is not None:

        def quit_now() -> None:
            window.end_run_now()
            window.close()

        QTimer.singleShot(int(quit_after * 1000), quit_now)
    try:
        code = app.exec()
        if ended_by:
            import signal

            name = signal.Signals(ended_by[0]).name
            print(f"couchtimer: {name}: CouchTimer closed; any run was ended early and kept.")
        return code
    finally:
        for relay in relays:
            relay.close()
        window.presenter.close_player()
        kept = window.presenter.close_journal_only()
        if kept is not None:
            from PySide6.QtWidgets import QMessageBox

            message = (
                f"The history file could not be opened, so the last run is kept in {kept}. "
                "It goes into your history the next time CouchTimer opens it with room to write."
            )
            print(f"couchtimer: {message}", file=sys.stderr)
            QMessageBox.warning(None, "Run kept aside", message)
        if window.ctx.store is not None:
            store = window.ctx.store
            store.close()  # waits a little for a locked file; what it cannot write it rescues
            for path in store.rescued:
                from PySide6.QtWidgets import QMessageBox

                message = (
                    f"The last run could not be written to your history, so it was saved to "
                    f"{path}. Add it later with: couchtimer import {path}"
                )
                print(f"couchtimer: {message}", file=sys.stderr)
                QMessageBox.warning(None, "Run saved to a separate file", message)
        instance.release()
