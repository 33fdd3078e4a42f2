"""The theme read without Qt before the first frame (``settings_file.saved_theme``) is what
QSettings reads from the same file, whenever that reader says it is sure; when not, the app asks
QSettings (``SettingsStore.theme``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import count
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QSettings

from couchtimer import settings_file
from couchtimer.settings_file import THEME_READ_LIMIT, saved_theme
from couchtimer.ui.settings_store import SettingsStore

# What QSettings writes for these theme values, and whether the reader is sure of it.
WRITTEN = {
    "dark": True, "light": True, "system": True, "": True, "Dark": True, "true": True,
    "dark-1": True, "5": True, " dark": False, "dark ": False, "da,rk": False, "@dark": False,
    "dark;x": False, "dark\n": False, "dárk": False, "[x]": False, "=": False, "\\": False,
    'a"b': False, "#x": False, "%41": False, "x=y": False, "@Invalid()": False, "a b": False,
    "\t": False, "@@x": False, "\u2028": False, "\x00": False, "\x7f": False,
}  # fmt: skip
OTHER_VALUES = [["dark"], ["a", "b"], 7, True, 1.5, None]  # lists and types, written by QSettings

WRITE = """
import json, sys
from PySide6.QtCore import QSettings
folder, values = sys.argv[1], json.loads(sys.argv[2])
for number, value in enumerate(values):
    store = QSettings(f"{folder}/{number}.ini", QSettings.Format.IniFormat)
    store.setValue("cue_mode", "voice")
    store.setValue("theme", value)
    store.setValue("start_week/nhs-c25k", 3)
    store.setValue("volume", 80)
    store.sync()
"""

READ = """
import json, sys
from PySide6.QtCore import QSettings
answers = []
for path in sys.argv[1:]:
    value = QSettings(path, QSettings.Format.IniFormat).value("theme")
    answers.append(value if isinstance(value, str) else "")
print(json.dumps(answers))
"""


def qsettings_theme(*paths: Path) -> list[str]:
    """``SettingsStore.theme``'s answer through QSettings, in a fresh process (QSettings answers
    from its own copy of a file it wrote or read before in the same process)."""
    done = subprocess.run(
        [sys.executable, "-c", READ, *map(str, paths)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    answers: list[str] = json.loads(done.stdout)
    return answers


def test_every_file_qsettings_writes_reads_the_same_or_is_left_to_it(tmp_path: Path) -> None:
    values: list[object] = [*WRITTEN, *OTHER_VALUES]
    subprocess.run([sys.executable, "-c", WRITE, str(tmp_path), json.dumps(values)], check=True)
    paths = [tmp_path / f"{number}.ini" for number in range(len(values))]
    through_qt = qsettings_theme(*paths)
    ours = [saved_theme(path) for path in paths]
    assert [answer for answer in ours if answer is not None] == [
        qt for qt, answer in zip(through_qt, ours, strict=True) if answer is not None
    ]
    sure = dict(zip(WRITTEN, ours, strict=False))
    assert [value for value, answer in sure.items() if answer is not None] == [
        value for value, plain in WRITTEN.items() if plain
    ]
    assert ours[len(WRITTEN) :] == ["dark", None, "7", "true", None, None]
    assert through_qt[len(WRITTEN) :] == ["dark", "", "7", "true", "1.5", ""]


def test_the_store_reads_the_theme_without_qt_only_while_qsettings_is_unopened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plain file gives its theme before QSettings is made; once the store has opened QSettings
    (which may hold a value it could not write back), QSettings answers."""
    path = tmp_path / "settings.ini"
    path.write_text("[General]\ntheme=light\n")
    store = SettingsStore(path)
    assert store.theme == "light"
    assert store._opened is None  # what the first frame is spared
    path.write_text('[General]\ntheme="dark"\n')  # quoted: only QSettings may say
    assert SettingsStore(path).theme == "dark"
    store.dismiss_report("a-run")  # opens QSettings
    monkeypatch.setattr(settings_file, "saved_theme", lambda _path: pytest.fail("read again"))
    assert store.theme == "dark"


def test_files_it_cannot_be_sure_of(tmp_path: Path) -> None:
    """Not a regular file, unreadable, too long, or odd: left to QSettings."""
    assert saved_theme(tmp_path / "missing.ini") is None
    assert saved_theme(tmp_path) is None
    pipe = tmp_path / "pipe.ini"
    os.mkfifo(pipe)
    assert saved_theme(pipe) is None  # not waited on
    long = tmp_path / "long.ini"
    long.write_bytes(b"[General]\ntheme=dark\n" + b"x=1\n" * (THEME_READ_LIMIT // 4))
    assert saved_theme(long) is None
    long.write_bytes(b"[General]\ntheme=dark\n" + b"x=1\n" * (THEME_READ_LIMIT // 4 - 6))
    assert saved_theme(long) == "dark"


LINES = st.sampled_from(
    [
        b"[General]", b"[general]", b"[%General]", b"[start_week]", b"[x y]", b"[]",
        b"theme=dark", b"theme=light", b"theme=", b"Theme=dark", b"THEME=x", b"theme =dark",
        b"theme= dark", b"theme=dark ", b"%74heme=dark", b"the%6De=dark", b"theme=dark;c",
        b";theme=light", b"#theme=light", b'theme="dark"', b"theme=da\\", b"x=\\", b'x="a',
        b'x=a"', b"theme=@dark", b"theme=a,b", b"cue_mode=voice", b"volume=80", b"nhs-c25k=3",
        b"theme\t=dark", b"\ttheme=dark", b" theme=dark", b"", b"=x", b"x", b"theme==dark",
        b"theme=d=ark", b"general/theme=dark", b"General/theme=dark", b"theme/x=1",
        b"[General/x]", b"\xef\xbb\xbf", b"theme=\xc3\xa9", b"[General]x", b"theme=dark\x00",
    ]
)  # fmt: skip
PLAIN = st.sampled_from(
    [b"[General]", b"[start_week]", b"[General2]", b"theme=dark", b"theme=", b"theme=light",
     b"theme=Dark-2", b"volume=80", b"x-y.z=1", b"general=1", b"themes=dark", b""]
)  # fmt: skip
FILES = st.one_of(
    st.lists(PLAIN, max_size=6).map(b"\n".join),
    st.builds(
        lambda lines, end: end.join(lines),
        st.lists(LINES, max_size=8),
        st.sampled_from([b"\n", b"\r\n", b"\r"]),
    ),
    st.binary(max_size=80).map(lambda tail: b"[General]\ntheme=dark\n" + tail),
    st.text(alphabet='[]=theTHEmdarklGnr%\\";# \t\n\r,@-_.', max_size=60).map(str.encode),
)
_case = count()


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FILES)
def test_fuzzed_files_read_as_qsettings_reads_them_or_are_left_to_it(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    """Whatever the bytes, the reader returns or says None (never raises), and what it returns is
    what QSettings reads (read here in-process: each file is new to it)."""
    path = tmp_path_factory.mktemp("fuzz") / f"{next(_case)}.ini"
    path.write_bytes(data)
    answer = saved_theme(path)
    if answer is not None:
        value = QSettings(str(path), QSettings.Format.IniFormat).value("theme")
        assert answer == (value if isinstance(value, str) else "")
