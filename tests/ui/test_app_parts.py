"""Settings, single instance, and the checks made before any window opens."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QCheckBox, QComboBox, QSpinBox
from pytestqt.qtbot import QtBot

from couchtimer import resources
from couchtimer.core.settings import resolved
from couchtimer.pyside_reads import kept_code_files
from couchtimer.ui.app import (
    NO_DISPLAY_MESSAGE,
    _open_player,
    already_open_message,
    display_available,
)
from couchtimer.ui.desktop import (
    MAX_REQUEST_BYTES,
    Request,
    SingleInstance,
    SleepInhibitor,
    parse_request,
)
from couchtimer.ui.settings_dialog import SettingsDialog
from couchtimer.ui.settings_store import SettingsStore


def test_settings_persist_across_restarts(tmp_path: Path) -> None:
    """Saved values come back from a new store on the same file, which only the user can read."""
    path = tmp_path / "cfg" / "settings.ini"
    store = SettingsStore(path)
    assert store.values()["cue_mode"] == "voice"
    values = store.values() | {"cue_mode": "tones", "volume": 35, "metronome": True}
    store.save(values)
    again = SettingsStore(path).values()
    assert (again["cue_mode"], again["volume"], again["metronome"]) == ("tones", 35, True)
    assert path.stat().st_mode & 0o777 == 0o600


def test_settings_dialog_is_built_from_the_declarations(qtbot: QtBot, tmp_path: Path) -> None:
    """Every declared setting has a typed editor with a tooltip; edits come back typed."""
    store = SettingsStore(tmp_path / "settings.ini")
    dialog = SettingsDialog(store.values())
    qtbot.addWidget(dialog)
    assert set(dialog.editors) == set(store.values())
    assert all(editor.toolTip() for editor in dialog.editors.values())
    mode = dialog.editors["cue_mode"]
    spm = dialog.editors["metronome_spm"]
    metronome = dialog.editors["metronome"]
    assert isinstance(mode, QComboBox)
    assert isinstance(spm, QSpinBox)
    assert isinstance(metronome, QCheckBox)
    mode.setCurrentIndex(2)
    spm.setValue(180)
    metronome.setChecked(True)
    values = dialog.values()
    assert (values["cue_mode"], values["metronome_spm"], values["metronome"]) == (
        "silent", 180, True,
    )  # fmt: skip
    assert spm.suffix() == " spm"


def later_launch(qtbot: QtBot, first: SingleInstance, name: str, message: Request) -> list[Request]:
    """Another process launches as ``name`` asking ``message``: it must not start; what ``first``
    heard is returned."""
    with qtbot.waitSignal(first.raise_requested, timeout=3000) as heard:
        code = (
            "import sys; from PySide6.QtCore import QCoreApplication;"
            "from couchtimer.ui.desktop import Request, SingleInstance;"
            "app = QCoreApplication([]);"
            f"sys.exit(0 if not SingleInstance({name!r}).acquire({message!r}) else 1)"
        )
        child = subprocess.Popen([sys.executable, "-c", code], env=os.environ.copy())
        qtbot.waitUntil(lambda: child.poll() is not None, timeout=5000)
    assert child.returncode == 0
    return list(heard.args or [])


def test_the_single_instance_lock_file_is_private(qtbot: QtBot) -> None:
    """It was 0644 (the umask's mode), unlike every other file of ours."""
    previous = os.umask(0o022)
    try:
        first = SingleInstance("couchtimer-test-mode")
        assert first.acquire()
    finally:
        os.umask(previous)
    try:
        lock = Path(os.environ["XDG_RUNTIME_DIR"]) / f"couchtimer-test-mode-{os.getuid()}.lock"
        assert first.lock_path == lock
        assert oct(lock.stat().st_mode & 0o777) == "0o600"
        assert os.umask(previous) == previous  # the umask is back as it was
    finally:
        first.release()


def test_second_instance_raises_the_first(qtbot: QtBot) -> None:
    """The second launch does not start; the first hears "raise"."""
    first = SingleInstance("couchtimer-test")
    assert first.acquire()
    try:
        assert later_launch(qtbot, first, "couchtimer-test", Request()) == [Request()]
    finally:
        first.release()
    again = SingleInstance("couchtimer-test")
    assert again.acquire()
    again.release()


def test_a_later_launch_hands_over_the_desktops_activation_token(qtbot: QtBot) -> None:
    """Issue 22: on Wayland only the token the desktop gave the later launch can raise the open
    window, so it travels with the request."""
    first = SingleInstance("couchtimer-token")
    assert first.acquire()
    token = "gnome-shell/CouchTimer/2347-9-host_TIME1234"  # noqa: S105 (a made-up token)
    try:
        heard = later_launch(qtbot, first, "couchtimer-token", Request((4, 1), token))
    finally:
        first.release()
    assert heard == [Request((4, 1), token)]


def test_request_lines() -> None:
    """Exact lines, both sides of each bound (weeks and runs 1-999, tokens of 1-400 printable
    characters); a token that cannot be sent whole is left out, never cut."""
    assert Request().line() == b"raise\n"
    assert Request((4, 1)).line() == b"start 4 1\n"
    assert Request(None, "a1").line() == b"raise token=a1\n"
    assert Request((999, 999), "x" * 400).line() == b"start 999 999 token=" + b"x" * 400 + b"\n"
    assert Request((4, 1), "x" * 401).line() == b"start 4 1\n"
    assert Request((4, 1), "two words").line() == b"start 4 1\n"
    assert Request((4, 1), "").line() == b"start 4 1\n"
    assert len(Request((999, 999), "x" * 400).line()) < MAX_REQUEST_BYTES
    assert parse_request(b"raise") == Request()
    assert parse_request(b"start 1 1") == Request((1, 1))
    assert parse_request(b"start 999 999 token=" + b"x" * 400) == Request((999, 999), "x" * 400)
    assert Request(start_next=True).line() == b"start next\n"
    assert Request(None, "a1", start_next=True).line() == b"start next token=a1\n"
    assert parse_request(b"start next") == Request(start_next=True)
    assert parse_request(b"start next token=a1") == Request(None, "a1", True)
    for refused in (
        b"start 0 1", b"start 1 0", b"start 1000 1", b"start 01 1", b"start x y", b"start 4",
        b"start Next", b"start next 1", b"start nex", b"next",
        b"raise token=", b"raise token=" + b"x" * 401, b"raise token=a b", b"raise ",
        b"raise\r", b"Raise", b"raise token=\xc3\xa9", b"\xff", b"",
    ):  # fmt: skip
        assert parse_request(refused) is None, refused


def test_requests_are_values() -> None:
    """A Request is equal to another with the same three fields and to nothing else, hashes by
    them, shows them, and none can be changed (the presenter keeps requests while the start
    checks run)."""
    asked = Request((4, 1), "t0k", start_next=False)
    assert asked == Request((4, 1), "t0k")
    assert hash(asked) == hash(((4, 1), "t0k", False))
    assert not asked != Request((4, 1), "t0k")  # noqa: SIM202 (the operator is under test)
    others = [Request((4, 2), "t0k"), Request((4, 1), "t0K"), Request((4, 1), "t0k", True)]
    assert all(asked != other for other in others)
    assert len({asked, Request((4, 1), "t0k"), *others}) == 4
    assert asked.__eq__(((4, 1), "t0k", False)) is NotImplemented
    assert Request() == Request(None, None, False) != (None, None, False)
    assert repr(asked) == "Request(start=(4, 1), token='t0k', start_next=False)"
    assert repr(Request(start_next=True)) == "Request(start=None, token=None, start_next=True)"
    for field in ("start", "token", "start_next"):
        with pytest.raises(AttributeError):
            setattr(asked, field, None)
    assert (asked.start, asked.token, asked.start_next) == ((4, 1), "t0k", False)


@settings(max_examples=2000, deadline=None)
@given(st.one_of(st.binary(max_size=600), st.builds(lambda r: r.line()[:-1], st.builds(
    Request,
    st.one_of(st.none(), st.tuples(st.integers(1, 999), st.integers(1, 999))),
    st.one_of(st.none(), st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=400)),
    st.booleans(),
))))  # fmt: skip
def test_any_request_line_is_read_back_exactly_or_refused(line: bytes) -> None:
    """Fuzzed: whatever reaches the pipe is a request that writes back as the same line, or
    nothing; never an exception."""
    request = parse_request(line)
    assert request is None or request.line() == line + b"\n"


def test_what_a_later_launch_says() -> None:
    """On X11 (and on Wayland with a token) the window comes forward; on Wayland without one the
    compositor refuses, and the launch says so instead of claiming it raised it."""
    assert already_open_message(None, None, "xcb") == (
        "CouchTimer is already running; its window has been raised."
    )
    assert already_open_message((4, 1), "t0k", "wayland") == (
        "CouchTimer is already running; its window has been raised and asked to start week 4, "
        "run 1."
    )
    assert already_open_message((4, 1), None, "wayland") == (
        "CouchTimer is already running and asked to start week 4, run 1; this desktop gave no "
        "activation token, so its window may stay behind others (it shows a notification "
        "instead)."
    )


def test_a_crashed_first_instance_does_not_keep_the_app_out(qtbot: QtBot) -> None:
    """Killed holding the lock and the pipe: the next launch takes over and hears later ones."""
    code = (
        "import sys, time; from PySide6.QtCore import QCoreApplication;"
        "from couchtimer.ui.desktop import SingleInstance;"
        "app = QCoreApplication([]); first = SingleInstance('couchtimer-crash');"
        "print(first.acquire(), flush=True); time.sleep(60)"
    )
    crashed = subprocess.Popen(
        [sys.executable, "-c", code], env=os.environ.copy(), stdout=subprocess.PIPE, text=True
    )
    assert crashed.stdout is not None
    assert crashed.stdout.readline() == "True\n"
    crashed.send_signal(signal.SIGKILL)
    crashed.wait()
    crashed.stdout.close()
    second = SingleInstance("couchtimer-crash")
    assert second.acquire()
    try:
        assert later_launch(qtbot, second, "couchtimer-crash", Request((4, 1))) == [Request((4, 1))]
    finally:
        second.release()


def test_damaged_cue_files_mean_no_sound_not_no_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deleted cue WAV: the app's player plays nothing and names the file and the remedy."""
    copy = tmp_path / "cues"
    shutil.copytree(resources.cues_dir(), copy)
    (copy / "tone-run.flac").unlink()
    monkeypatch.setattr(resources, "cues_dir", lambda: copy)
    player = _open_player(SettingsStore(tmp_path / "settings.ini"))
    assert not player.available
    assert player.problem == (
        f"No sound: {copy / 'tone-run.flac'}: cue sound file is missing. Reinstall CouchTimer, "
        "or in a source checkout run scripts/make_cues to regenerate it. The workout still "
        "runs, with on-screen cues only."
    )


#: Never loaded before the window shows: History, the PDF and their charts (pyqtgraph, numpy),
#: the history file (sqlite3) and the sound, the log file's rotation, platformdirs, the pain
#: module (the post-run form), json, the segment kinds' styles (the theme is applied with
#: charts.palette), the TOML parser (the first start takes the shipped plan
#: from couchtimer/programme_seed.py), dataclasses (none is made: core.programme's classes are
#: written out) and copy (the palette copies with __copy__).
NOT_BEFORE_THE_FRAME = (
    "pyqtgraph", "numpy", "sqlite3", "couchtimer.store.database", "couchtimer.report",
    "couchtimer.ui.history_view", "couchtimer.charts.timeline", "couchtimer.audio.player",
    "couchtimer.ui.run_screen", "couchtimer.ui.pain_dialog", "logging.handlers", "platformdirs",
    "couchtimer.core.pain", "json", "couchtimer.core.settings", "signal", "tomllib",
    "couchtimer.charts.theme", "couchtimer.ui.post_run", "dataclasses", "copy",
)  # fmt: skip


@pytest.mark.parametrize("everyday", [False, True], ids=["first start", "everyday start"])
def test_the_first_frame_is_lean_and_the_rest_follows(tmp_path: Path, everyday: bool) -> None:
    """Start-up guards, through the real entry point with no arguments, as the desktop entry
    starts it (see benchmarks/startup.py).

    When the window is shown PySide6 has not made ``QtCore.Qt`` (93 enums, 15 ms),
    ``QtGui.QKeySequence``, ``QtCore.QEvent`` (its event types: 13 M instructions) nor
    ``QSettings`` (the saved theme is read without it), none of NOT_BEFORE_THE_FRAME is loaded, and the cyclic garbage
    collector is paused, and Today's page is not yet in its scroll area nor its cells described
    (tooltips, accessible names), nor its start-week question made; once the window is up (the history file is attached) the menus
    hold their items, the window and Today their keys, the page is in its ``PageScroll``, the
    cells are described, and the collector runs again; after the app
    has quit it is on as well. The everyday start has a settings file (a dark theme applied before the
    frame), the parsed programme and PySide6's compiled support code in its cache; the first start
    has neither, and takes the shipped programme's data from couchtimer/programme_seed.py (no
    TOML parser).
    """
    code = (
        "import gc, sys, PySide6.QtCore as QtCore, PySide6.QtGui as QtGui\n"
        "import PySide6.QtWidgets as QtWidgets\n"
        "from couchtimer.ui import app_presenter, main_window\n"
        "show, attach = main_window.MainWindow.show, app_presenter.AppPresenter.attach_store\n"
        f"banned = {NOT_BEFORE_THE_FRAME!r}\n"
        "MADE_AFTER = ('Qt', 'QKeySequence', 'QEvent', 'QSettings')\n"
        "def frame(window):\n"
        "    loaded = sorted(name for name in banned if name in sys.modules)\n"
        "    palette = QtCore.QCoreApplication.instance().palette().window().color().name()\n"
        "    made = [n for n in MADE_AFTER if n in vars(QtCore) | vars(QtGui)]\n"
        "    scroll = window.today.findChild(QtWidgets.QWidget, 'today_scroll') is not None\n"
        "    said = bool(window.today.cells[(1, 1)].toolTip())\n"
        "    week = window.today.findChild(QtWidgets.QWidget, 'start_week_row') is not None\n"
        "    print('shown', made, gc.isenabled(), loaded, palette, scroll, said, week, flush=True)\n"
        "def shown(self):\n"
        "    show(self)\n"
        "    QtCore.QTimer.singleShot(0, lambda: frame(self))\n"
        "def attached(self, *args):\n"
        "    window = self.view\n"
        "    items = [len(menu.menu().actions()) for menu in window.menuBar().actions()]\n"
        "    keys = len(window.actions()), len(window.today.actions())\n"
        "    page = window.today.findChild(QtWidgets.QWidget, 'today_page').parent().parent()\n"
        "    said = bool(window.today.cells[(1, 1)].toolTip())\n"
        "    print('attached', gc.isenabled(), items, keys, page.objectName(), said, flush=True)\n"
        "    attach(self, *args)\n"
        "main_window.MainWindow.show = shown\n"
        "app_presenter.AppPresenter.attach_store = attached\n"
        "from couchtimer.cli import main\n"
        "status = main([])\n"
        "print('quit', gc.isenabled(), flush=True)\n"
        "sys.exit(status)\n"
    )
    env = os.environ | {
        "COUCHTIMER_STARTUP_BENCHMARK": "1",  # no arguments, as the desktop starts it; then quit
        "XDG_RUNTIME_DIR": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    if everyday:
        SettingsStore(tmp_path / "config" / "couchtimer" / "settings.ini").save(
            resolved({"theme": "dark"})
        )
        warm = subprocess.run(
            [sys.executable, "-m", "couchtimer"], env=env, capture_output=True, check=False
        )
        assert warm.returncode == 0  # the programme is in the cache now
        # and PySide6's support code, compiled (pyside_reads.CompiledOnce), kept after the frame
        # (by this start, or beside our compiled modules by an earlier one)
        kept = [f for f in kept_code_files(tmp_path / "cache" / "couchtimer") if f.is_file()]
        assert [oct(f.stat().st_mode & 0o777) for f in kept][:1] == ["0o600"]
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    window = "#2b2b2b" if everyday else "#efefef"  # dark_palette(); Qt's own (offscreen)
    assert done.stdout.splitlines() == [
        f"shown [] False [] {window} False False False",  # no PageScroll, tooltips, week row
        "attached True [9, 3, 1, 2] (16, 2) today_scroll True",  # File with 2 separators, View, ...;
        "quit True",
    ]


def test_sleep_inhibitor_degrades_silently_without_a_desktop(qtbot: QtBot) -> None:
    """No session bus (as in CI): inhibit and release do nothing and raise nothing."""
    inhibitor = SleepInhibitor()
    inhibitor.inhibit("test")
    assert inhibitor.active
    inhibitor.release()
    assert not inhibitor.active


def test_display_detection() -> None:
    """A chosen platform or an X/Wayland display means a window can open; nothing means no."""
    assert display_available({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert display_available({"DISPLAY": ":0"}, "linux")
    assert display_available({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not display_available({}, "linux")
    assert display_available({}, "win32")


def test_no_display_exits_2_naming_the_terminal_mode() -> None:
    """Headless without a platform: exit 2 and say how to run anyway."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    result = subprocess.run(
        [sys.executable, "-m", "couchtimer"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.strip() == NO_DISPLAY_MESSAGE
    assert "couchtimer run W1R1 --terminal" in result.stderr
    assert "xvfb-run" in result.stderr


def test_the_acknowledgement_an_older_app_wrote_with_qsettings_is_carried_without_qt(
    tmp_path: Path,
) -> None:
    """Before schema 5 the app kept 'seen by a doctor or physio' in settings.ini with
    QSettings (``setValue(key, at.isoformat())``, as SettingsStore.clear_red_flags did); the
    carry reads that file without Qt (configparser) and the history file keeps the moment."""
    from datetime import UTC, datetime, timedelta, timezone

    from PySide6.QtCore import QSettings

    from couchtimer.settings_file import carry_red_flags
    from couchtimer.store import HistoryStore
    from couchtimer.store.facts import red_flags_cleared_at

    path = tmp_path / "settings.ini"
    moment = datetime(2026, 11, 27, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    old = QSettings(str(path), QSettings.Format.IniFormat)
    old.setValue("red_flags_cleared_at", moment.isoformat())
    old.setValue("volume", 40)
    old.sync()
    with HistoryStore.open(tmp_path / "history.db", backups=False) as store:
        assert red_flags_cleared_at(store) is None
        assert carry_red_flags(store, path)
        assert red_flags_cleared_at(store) == datetime(2026, 11, 27, 7, 30, tzinfo=UTC)
    assert SettingsStore(path).values()["volume"] == 40  # the settings are left as they were
    with HistoryStore.open(tmp_path / "fresh.db", backups=False) as fresh:
        assert not carry_red_flags(fresh, tmp_path / "missing.ini")
        assert red_flags_cleared_at(fresh) is None


def test_a_started_run_quits_cleanly_with_nothing_logged_as_a_bug(tmp_path: Path) -> None:
    """What packaging/smoke-test does with the installed app, from the source tree: start a run,
    quit after 4 s. The focus ring once raised on a deleted button at quitting, and the error
    box it opened crashed the app (exit 139)."""
    from tests.helpers.cli import couchtimer

    done = couchtimer("--start", "W1R1", "--speed", "20", "--quit-after", "4", home=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    log = tmp_path / "xdg_state_home" / "couchtimer" / "log" / "couchtimer.log"
    assert "uncaught exception" not in (log.read_text() if log.exists() else "")
