"""The settings dialog (persistence is in ``settings_store``).

The dialog is built from ``couchtimer.core.settings.SETTINGS``: add a declaration there and it
appears here, typed and with its description as the tooltip.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from couchtimer.core.settings import SETTINGS, Setting, Value, resolved


class SettingsDialog(QDialog):
    def __init__(
        self,
        values: dict[str, Value],
        parent: QWidget | None = None,
        test_sound: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settings_dialog")
        self.editors: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        groups: dict[str, QFormLayout] = {}
        for setting in SETTINGS:
            if setting.group not in groups:
                box = QGroupBox(setting.group)
                groups[setting.group] = QFormLayout(box)
                layout.addWidget(box)
            editor = self._editor(setting, values.get(setting.key, setting.default))
            editor.setToolTip(setting.description)
            editor.setAccessibleName(setting.label)
            editor.setAccessibleDescription(setting.description)
            editor.setObjectName(f"setting_{setting.key}")
            self.editors[setting.key] = editor
            groups[setting.group].addRow(setting.label + ":", editor)
        self.test_button: QPushButton | None = None
        if test_sound is not None:
            volume = self.editors["volume"]
            assert isinstance(volume, QSpinBox)
            self.test_button = QPushButton("Test sound")
            self.test_button.setObjectName("test_sound")
            self.test_button.setToolTip("Play a spoken cue at the volume above")
            self.test_button.setAccessibleDescription("Play a spoken cue at the volume above")
            self.test_button.clicked.connect(lambda _=False: test_sound(volume.value()))
            groups["Sound"].addRow("", self.test_button)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _editor(setting: Setting, value: Value) -> QWidget:
        if isinstance(setting.default, bool):
            check = QCheckBox()
            check.setChecked(bool(value))
            return check
        if isinstance(setting.default, int):
            spin = QSpinBox()
            spin.setRange(setting.minimum, setting.maximum)
            spin.setSuffix(setting.suffix)
            spin.setValue(int(value))
            return spin
        combo = QComboBox()
        for choice, words in setting.choices:
            combo.addItem(words, choice)
        combo.setCurrentIndex(max(0, combo.findData(value)))
        return combo

    def values(self) -> dict[str, Value]:
        result: dict[str, Value] = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QCheckBox):
                result[key] = editor.isChecked()
            elif isinstance(editor, QSpinBox):
                result[key] = editor.value()
            elif isinstance(editor, QComboBox):
                result[key] = str(editor.currentData())
        return resolved(result)
