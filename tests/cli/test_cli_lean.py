"""The commands that only read or write the history file load neither Qt nor numpy.

Each is the real command (``python -m couchtimer ...`` in a child process, through runpy as
``-m`` runs it); what the process imported is read from its ``sys.modules`` once the command
has returned. Only ``report`` and the app load Qt; only the app's History tab loads pyqtgraph
and numpy (the PDF paints its charts with QtGui alone).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.cli import python_script

HEAVY = ("PySide6", "numpy", "pyqtgraph", "shiboken6")


def loaded(home: Path, *args: str, full: bool = False) -> tuple[int, list[str]]:
    """(exit code, heavy top-level packages in sys.modules) of ``couchtimer ARGS``; with
    ``full``, every module's name."""
    script = (
        "import json, runpy, sys\n"
        "args, report = sys.argv[1:-1], sys.argv[-1]\n"
        "sys.argv = ['couchtimer', *args]\n"
        "code = 0\n"
        "try:\n"
        "    runpy.run_module('couchtimer', run_name='__main__', alter_sys=True)\n"
        "except SystemExit as done:\n"
        "    code = done.code\n"
        "full = report.endswith('.full')\n"
        "names = sorted(sys.modules if full else {name.split('.')[0] for name in sys.modules})\n"
        "open(report, 'w').write(json.dumps([code, names]))\n"
    )
    report = home / ("modules.json.full" if full else "modules.json")
    python_script(script, *args, str(report), home=home)
    code, names = json.loads(report.read_text())
    return code, names if full else [name for name in names if name in HEAVY]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A private home whose history holds one run (imported from the advice-log export)."""
    from tests.helpers.cli import couchtimer
    from tests.helpers.paths import ROOT

    seed = ROOT / "tests" / "data" / "import" / "advice-log.json"
    assert couchtimer("import", str(seed), home=tmp_path).returncode == 0
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [
        ("history",),
        ("history", "--json"),
        ("export", "--format", "json", "-o", "{home}/out.json"),
        ("export", "--format", "csv", "-o", "{home}/out.csv"),
        ("import", "{seed}"),
        ("plan", "W4R1"),
        ("plan", "W4R1", "--json"),
        ("next",),
        ("next", "--json"),
    ],
)
def test_history_commands_load_neither_qt_nor_numpy(home: Path, args: tuple[str, ...]) -> None:
    from tests.helpers.paths import ROOT

    seed = ROOT / "tests" / "data" / "import" / "advice-log.json"
    argv = [a.format(home=home, seed=seed) for a in args]
    code, heavy = loaded(home, *argv)
    assert (code, heavy) == (0, [])


def test_report_loads_qt_gui_but_no_widgets_plots_or_numpy(home: Path) -> None:
    """The other side: the check sees Qt when a command loads it (the PDF is drawn by Qt's
    painter), and the report draws its charts itself: no pyqtgraph, numpy or QtWidgets."""
    code, names = loaded(home, "report", "-o", str(home / "report.pdf"), full=True)
    assert code == 0
    assert sorted({name.split(".")[0] for name in names} & set(HEAVY)) == ["PySide6", "shiboken6"]
    assert "PySide6.QtGui" in names
    assert "PySide6.QtWidgets" not in names
    assert "couchtimer.core.chartdata" in names  # the charts' figures, which history does without
    # what a run ended as and what a recording measured come from their own small modules: the
    # report makes neither the run loop's ten dataclasses nor a recording's six (issue 19)
    assert {"couchtimer.core.outcome", "couchtimer.core.metrics"} <= set(names)
    assert sorted({"couchtimer.core.engine", "couchtimer.core.track"} & set(names)) == []


#: What only other commands need: the recordings' readers and alignment, the exports, the other
#: command modules, ``uuid`` (it loads ``platform``; only an old migration makes ids), the run
#: loop's engine and a recording's types (how a run ended is ``core.outcome``, what a recording
#: measured ``core.metrics``), platformdirs (the XDG folders are worked out by
#: ``couchtimer.userdirs``; the log file, which asks it, is set up by a first record), and the
#: run journal's reader while no journal is waiting (``liveness.journals_waiting``), and the
#: figures only the charts draw (``core.chartdata``: the History tab and the PDF).
NOT_FOR_HISTORY = (
    "platformdirs",
    "couchtimer.core.chartdata",
    "couchtimer.store.journal",
    "couchtimer.core.engine",
    "couchtimer.core.track",
    "couchtimer.cli.recordings",
    "couchtimer.cli.run",
    "couchtimer.cli.store_commands",
    "couchtimer.cli.workouts",
    "couchtimer.recordings",
    "couchtimer.core.activity",
    "couchtimer.core.alignment",
    "couchtimer.core.terrain",
    "couchtimer.formats",
    "couchtimer.formats.registry",
    "couchtimer.formats.recording_json",
    "uuid",
)


@pytest.mark.parametrize("args", [("history",), ("history", "--json")])
def test_history_loads_only_what_history_needs(home: Path, args: tuple[str, ...]) -> None:
    """Issue 19: the parser no longer loads every command's module, so ``history`` runs without
    the recordings, the exports or the other commands (a third of its time before)."""
    code, names = loaded(home, *args, full=True)
    assert code == 0
    assert "couchtimer.cli.history" in names  # the check sees what the command does load
    assert {"couchtimer.core.outcome", "couchtimer.core.metrics"} <= set(names)
    assert sorted(set(names).intersection(NOT_FOR_HISTORY)) == []


@pytest.mark.parametrize(
    "args", [("next",), ("next", "--json"), ("export", "--format", "json", "-o", "{home}/o.json")]
)
def test_next_and_export_do_not_load_the_charts_figures(home: Path, args: tuple[str, ...]) -> None:
    """Issue 19: ``core.chartdata`` (six chart dataclasses) is made only where a chart is drawn."""
    code, names = loaded(home, *[a.format(home=home) for a in args], full=True)
    assert code == 0
    assert "couchtimer.core.analysis" in names  # the check sees what the command does load
    assert "couchtimer.core.chartdata" not in names


def test_activity_does_load_the_recordings(home: Path) -> None:
    """The other side: a command that needs them loads them."""
    code, names = loaded(home, "activity", "--json", str(home / "none.fit"), full=True)
    assert code == 2  # not an activity file
    assert {"couchtimer.cli.recordings", "couchtimer.formats", "couchtimer.core.track"} <= set(
        names
    )


def test_report_keeps_pyside6_support_code_compiled_for_the_next_one(home: Path) -> None:
    """The report imports PySide6 as the app does (``pyside_reads.CompiledOnce``): the first one
    keeps the support code's compiled form, here in the cache folder (Python told not to write
    bytecode beside the package), 0600; the next report compiles none of it and draws the same
    pages."""
    from couchtimer.cachefile import python_tag
    from tests.helpers.cli import couchtimer, private_env

    env = {**private_env(home), "PYTHONDONTWRITEBYTECODE": "1"}
    kept = home / "xdg_cache_home" / "couchtimer" / f"pyside-code.{python_tag()}.marshal"
    assert not kept.exists()
    first = couchtimer("report", "-o", str(home / "first.pdf"), env=env)
    assert first.returncode == 0, first.stderr
    assert kept.stat().st_mode & 0o777 == 0o600
    written = kept.stat().st_mtime_ns
    second = couchtimer("report", "-o", str(home / "second.pdf"), env=env)
    assert second.returncode == 0, second.stderr
    assert kept.stat().st_mtime_ns == written  # nothing compiled afresh: nothing to write
    assert (home / "second.pdf").stat().st_size > 10_000
