"""PySide6 is told what it would read in the standard library (``couchtimer/pyside_reads.py``):
the app calls it just after PySide6 loads (``ui/app._run_app``), and so does ``report``.

Each check runs in a child process: PySide6's ``__feature__`` table is per process, and this
test process has long loaded PySide6.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.helpers.cli import couchtimer, python_script
from tests.helpers.paths import ROOT


def test_pyside6_is_told_what_it_would_read_in_the_standard_library() -> None:
    """``spare_stdlib_source_reads`` writes into PySide6's ``__feature__`` table, for the
    standard library loaded so far, exactly what PySide6 would write after reading each module's
    source: -1, no "PySide6" in it. Nothing of ours is written. The first-frame modules' own
    imports (typing, logging, pathlib...) are among them. Fails if a PySide6 upgrade moves the
    table: then the app and the report silently pay the reads again."""
    code = (
        "import sys\n"
        "import couchtimer.ui.app\n"
        "from couchtimer.pyside_reads import spare_stdlib_source_reads\n"
        "import PySide6.QtCore\n"
        "feature = sys.modules['shibokensupport.feature']\n"
        "before = dict(feature.pyside_feature_dict)\n"
        "spare_stdlib_source_reads()\n"
        "added = {k: v for k, v in feature.pyside_feature_dict.items() if k not in before}\n"
        "uses = feature._mod_uses_pyside\n"
        "wrong = [k for k, v in added.items() if v != -1 or uses(sys.modules[k])]\n"
        "ours = [k for k in added if not k.partition('.')[0] in sys.stdlib_module_names]\n"
        "needed = {'typing', 'logging', 'pathlib', 'os', 'tempfile', 'contextlib', '__future__'}\n"
        "print(sorted(needed - set(added)), wrong, ours, len(added) > 100)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[] [] [] True"]


def test_pyside6_rule_reads_our_own_sources_plainly() -> None:
    """Our modules imported after PySide6 are still asked about ("PySide6" in the source?), and
    ``read_our_sources_plainly`` leaves PySide6's answer for each as it was, but takes it from the
    file's bytes, not from ``inspect.getsource`` (4 M instructions for the first frame's dozen).
    Any other module gets PySide6's own rule. Installed once, however often it is called. Fails
    if a PySide6 upgrade drops the rule: then the app silently pays the reads again."""
    code = (
        "import inspect, sys\n"
        "from couchtimer.pyside_reads import read_our_sources_plainly\n"
        "import PySide6.QtCore\n"
        "feature = sys.modules['shibokensupport.feature']\n"
        "rule = feature._mod_uses_pyside\n"
        "read_our_sources_plainly()\n"
        "mine = feature._mod_uses_pyside\n"
        "read_our_sources_plainly()\n"
        "import couchtimer.ui.main_window, couchtimer.charts.palette, couchtimer.settings_file\n"
        "ours = [m for n, m in sorted(sys.modules.items()) if n.startswith('couchtimer.')]\n"
        "differ = [m.__name__ for m in ours if mine(m) != rule(m)]\n"
        "answers = {m.__name__: mine(m) for m in ours}\n"
        "others = [mine(sys.modules[n]) == rule(sys.modules[n]) for n in ('os', 'PySide6')]\n"
        "inspect.getsource = None  # ours are read without it\n"
        "again = {m.__name__: mine(m) for m in ours}\n"
        "print(mine is not rule, feature._mod_uses_pyside is mine, differ, others, again == answers)\n"
        "print(len(ours) > 10, answers['couchtimer.ui.main_window'], answers['couchtimer.settings_file'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["True True [] [True, True] True", "True True False"]


def test_the_report_spares_pyside6_reading_the_standard_library_again(tmp_path: Path) -> None:
    """The real ``couchtimer report``: the standard library it loaded before PySide6 (to read
    the history) and imports again in the report's modules is not read by PySide6 (every read
    is PySide6 asking ``inspect.getsource``); the report's own modules, new after PySide6, still
    are (so the probe sees reads when they happen)."""
    seed = ROOT / "tests" / "data" / "import" / "advice-log.json"
    assert couchtimer("import", str(seed), home=tmp_path).returncode == 0
    script = (
        "import inspect, json, runpy, sys\n"
        "read, source = [], inspect.getsource\n"
        "def getsource(what):\n"
        "    read.append(getattr(what, '__name__', '?'))\n"
        "    return source(what)\n"
        "inspect.getsource = getsource\n"
        "out, sys.argv = sys.argv[1], ['couchtimer', *sys.argv[2:]]\n"
        "try:\n"
        "    runpy.run_module('couchtimer', run_name='__main__', alter_sys=True)\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "open(out, 'w').write(json.dumps(read))\n"
    )
    out = tmp_path / "read.json"
    done = python_script(script, str(out), "report", "-o", str(tmp_path / "r.pdf"), home=tmp_path)
    assert done.returncode == 0, done.stderr
    read = set(json.loads(out.read_text()))
    assert "couchtimer.report.pdf" in read
    again = {"typing", "dataclasses", "datetime", "pathlib", "functools", "collections"}
    assert sorted(again & read) == []
