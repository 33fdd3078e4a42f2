"""Settings persisted with QSettings: an INI file (0600) in the user's config dir.

Settings only: health data (when the runner was seen by a doctor or physio) is kept in the
history file (``store/facts.py``).

The file is found and opened the first time a setting is read or written, not when the store is
made. The app makes its store before the first frame and reads only the theme before it
(``SettingsStore.theme``); every other setting is read after the frame (start-up time).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from couchtimer.core.settings import Value


class SettingsStore:
    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._opened: QSettings | None = None

    @property
    def path(self) -> Path:
        if self._path is None:
            from couchtimer.settings_file import default_settings_path

            self._path = default_settings_path()
        return self._path

    @property
    def _qsettings(self) -> QSettings:
        if self._opened is None:
            from PySide6.QtCore import QSettings

            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._opened = QSettings(str(self.path), QSettings.Format.IniFormat)
        return self._opened

    def values(self) -> dict[str, Value]:
        from couchtimer.core.settings import resolved

        raw = {key: self._qsettings.value(key) for key in self._qsettings.allKeys()}
        return resolved(raw)

    @property
    def theme(self) -> str:
        """The saved colour theme as written (empty if none), read on its own: the app applies it
        before its first frame, where checking every setting (``values``) would cost time for
        nothing. ``charts.theme.apply_theme`` takes anything but its ``THEMES`` as the desktop's
        own, as ``core.settings`` declares the setting (tests/charts/test_theme.py holds the two
        together), so ``core.settings`` need not load before the first frame. Nor need QSettings
        (2.5 M instructions): a file as QSettings writes simple values is read without it
        (``settings_file.saved_theme``, which says when it is not sure), until the store has
        opened QSettings, whose own copy may then hold what it could not write back."""
        if self._opened is None:
            from couchtimer.settings_file import saved_theme

            plain = saved_theme(self.path)
            if plain is not None:
                return plain
        value = self._qsettings.value("theme")
        return value if isinstance(value, str) else ""

    def save(self, values: dict[str, Value]) -> None:
        from couchtimer.core.settings import resolved

        for key, value in resolved(values).items():
            self._qsettings.setValue(key, value)
        self._sync()

    def start_week(self, programme_id: str) -> int | None:
        """The week the runner said they are in, for a programme with no run recorded yet."""
        from couchtimer.settings_file import parse_week

        return parse_week(self._qsettings.value(f"start_week/{programme_id}"))

    def set_start_week(self, programme_id: str, week: int) -> None:
        self._qsettings.setValue(f"start_week/{programme_id}", int(week))
        self._sync()

    @property
    def report_dismissed(self) -> str:
        """The uuid of the run whose pending report the runner dismissed on Today."""
        value = self._qsettings.value("report_dismissed")
        return value if isinstance(value, str) else ""

    def dismiss_report(self, run_uuid: str) -> None:
        self._qsettings.setValue("report_dismissed", run_uuid)
        self._sync()

    def _sync(self) -> None:
        self._qsettings.sync()
        if self.path.exists():
            self.path.chmod(0o600)
