"""``couchtimer doctor``: is this machine ready for CouchTimer? Says what is wrong and the fix."""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Callable
from pathlib import Path

from couchtimer import __version__, resources
from couchtimer.core.errors import CouchTimerError

TEST_TONE = "tone-pip"
TEST_VOLUME = 0.3

Check = Callable[[], str]


def _python() -> str:
    return f"{platform.python_version()} ({sys.executable})"


def _qt() -> str:
    try:
        import PySide6
        from PySide6 import QtCore, QtGui, QtWidgets  # noqa: F401 (each must load)
    except ImportError as exc:
        raise CouchTimerError(
            f"PySide6 (Qt) does not import ({exc}); reinstall CouchTimer, or run "
            "scripts/system-deps for the Qt system libraries"
        ) from exc
    return f"PySide6 {PySide6.__version__}, Qt {QtCore.qVersion()}"


def _sound_library() -> str:
    """The module the player uses, with its C part (which links ALSA): what is imported, not
    what an installer's metadata says (a packaged build carries none)."""
    try:
        import simpleaudio  # type: ignore[import-untyped]
        import simpleaudio._simpleaudio  # type: ignore[import-untyped]  # the C part: ALSA
    except ImportError as exc:
        raise CouchTimerError(
            f"the simpleaudio module does not import ({exc}); reinstall CouchTimer (from a "
            "source checkout: make run, which installs simpleaudio-patched)"
        ) from exc
    return f"simpleaudio imports ({Path(simpleaudio.__file__).parent})"


def _charts() -> str:
    """pyqtgraph and numpy draw the History charts and the report's."""
    try:
        import numpy
        import pyqtgraph
    except ImportError as exc:
        raise CouchTimerError(
            f"the charts' libraries do not import ({exc}); reinstall CouchTimer"
        ) from exc
    return f"pyqtgraph {pyqtgraph.__version__}, numpy {numpy.__version__}"


def _data_dir() -> str:
    import platformdirs

    path = Path(platformdirs.user_data_dir("couchtimer"))
    existing = path
    while not existing.exists():
        existing = existing.parent
    if not os.access(existing, os.W_OK):
        raise CouchTimerError(f"{path}: cannot be written ({existing} is read-only)")
    return f"{path}" + ("" if path.exists() else " (created on the first run)")


def _history() -> str:
    """The history file, opened read-only: never migrated, backed up or moved aside here."""
    import sqlite3

    from couchtimer.store.paths import default_db_path
    from couchtimer.store.schema import CURRENT_VERSION

    path = default_db_path()
    if not path.exists():
        return f"{path} (created on the first run)"
    fix = (
        "CouchTimer moves a damaged file aside when it next opens it; or restore a backup with "
        "couchtimer restore BACKUP (couchtimer backups lists them)"
    )
    # With no -wal file (closed cleanly) everything is in the main file: immutable reads it
    # without creating -wal/-shm files beside it. With one, read-only still sees the WAL.
    wal = path.with_name(path.name + "-wal").exists()
    query = "mode=ro" if wal else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?{query}", uri=True)
    except sqlite3.Error as exc:
        raise CouchTimerError(f"{path} cannot be opened ({exc})") from exc
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        runs = None
        if version > 0:
            runs = int(conn.execute("SELECT count(*) FROM runs").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise CouchTimerError(f"{path} is damaged ({exc}). {fix}") from exc
    finally:
        conn.close()
    if problems != ["ok"]:
        raise CouchTimerError(f"{path} is damaged ({'; '.join(problems[:3])}). {fix}")
    if version > CURRENT_VERSION:
        raise CouchTimerError(
            f"{path} was written by a newer CouchTimer (schema {version}, this one knows "
            f"{CURRENT_VERSION}); update CouchTimer"
        )
    return f"{path}: {runs or 0} runs, schema {version}, intact"


def _programmes() -> str:
    from couchtimer.programmes import shipped_programmes

    programmes = shipped_programmes()
    return ", ".join(f"{p.id} ({len(p.workouts)} runs)" for p in programmes)


def _cues() -> str:
    from couchtimer.audio import load_cues

    sounds = load_cues(resources.cues_dir())
    seconds = sum(s.seconds for s in sounds.values())
    return f"{len(sounds)} files, {seconds:.1f} s of sound, in {resources.cues_dir()}"


def _sound_device(play: bool) -> Check:
    def check() -> str:
        from couchtimer.audio import open_player

        player = open_player(TEST_VOLUME)
        try:
            if not player.available:
                raise CouchTimerError(
                    f"{player.problem} Check that a sound device is connected and not muted "
                    "(aplay -l lists them)."
                )
            if not play:
                return "opens (add --sound to hear a test tone)"
            player.play(TEST_TONE)
            player.wait_idle(5.0)
            if player.problem:
                raise CouchTimerError(player.problem)
            return "opens; played a short, quiet test tone"
        finally:
            player.close()

    return check


def run_doctor(sound: bool = False) -> int:
    checks: list[tuple[str, Check]] = [
        ("CouchTimer", lambda: __version__),
        ("Python", _python),
        ("Qt", _qt),
        ("sound library", _sound_library),
        ("charts", _charts),
        ("data folder", _data_dir),
        ("history file", _history),
        ("programmes", _programmes),
        ("cue sounds", _cues),
        ("sound device", _sound_device(sound)),
    ]
    problems = 0
    for name, check in checks:
        try:
            print(f"{name + ':':<15}{check()}")
        except CouchTimerError as exc:
            problems += 1
            print(f"{name + ':':<15}PROBLEM: {exc}")
    if problems:
        print(
            f"\ncouchtimer doctor: {problems} problem(s) found; see PROBLEM above.", file=sys.stderr
        )
        return 1
    print("\nAll good.")
    return 0
