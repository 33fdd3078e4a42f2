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

import pytest

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


# What the child prints after loading PySide6 inside ``CompiledOnce(file)`` and saving: the
# support files compiled afresh, and whether the kept code is exactly what ``compile`` makes of
# each kept source (code objects compare their bytecode, constants, names, flags...), and PySide6's support code works (the signatures a
# wrong call is told).
_LOAD_WITH_KEPT_CODE = (
    "import marshal, sys\n"
    "from pathlib import Path\n"
    "from couchtimer.pyside_reads import CompiledOnce\n"
    "file = Path(sys.argv[1])\n"
    "compiled = CompiledOnce(file)\n"
    "with compiled:\n"
    "    import PySide6.QtCore\n"
    "fresh = sorted(compiled._fresh)\n"
    "compiled.save()\n"
    "try:\n"
    "    PySide6.QtCore.QObject().setObjectName(1)\n"
    "except TypeError as wrong:  # the message comes from the support code's error handler\n"
    "    signature = str(wrong).splitlines()[-1].strip()\n"
    "stamp, kept = marshal.loads(file.read_bytes())\n"
    "same = all(\n"
    "    code == compile(source, name, 'exec', flags, True, level)\n"
    "    for name, (source, flags, level, code) in kept.items()\n"
    ")\n"
    "print(len(fresh), same, sorted(kept) == sorted(fresh) or not fresh, signature)\n"
    "print('shibokensupport/signature/parser.py' in kept, 'signature_bootstrap.py' in kept)\n"
    "print(oct(file.stat().st_mode & 0o777))\n"
)


def _loads(file: Path, *interpreters: tuple[str, ...]) -> list[list[str]]:
    """What ``_LOAD_WITH_KEPT_CODE`` prints, one child per item of ``interpreters`` (Python's
    own options for it, as ``("-O",)``), each keeping its code in ``file``."""
    runs = [
        subprocess.run(
            [sys.executable, *options, "-c", _LOAD_WITH_KEPT_CODE, str(file)],
            capture_output=True,
            text=True,
            check=False,
        )
        for options in interpreters
    ]
    assert [run.returncode for run in runs] == [0] * len(runs), [run.stderr for run in runs]
    return [run.stdout.splitlines() for run in runs]


def test_pyside6_support_code_is_compiled_once_and_kept(tmp_path: Path) -> None:
    """``CompiledOnce`` (the app wraps its first PySide6 import in it): the first load compiles
    shiboken's support files as always and ``save`` keeps their code (0600); the next load
    compiles none of them, and PySide6 works (the signatures a wrong call is told come from that
    code). The kept code is what ``compile`` makes of the same source with the same flags (the
    loader's ``from __future__`` flags pass on as ``compile`` would pass them)."""
    first, second = _loads(tmp_path / "cache" / "pyside-code.marshal", (), ())
    count, same, all_kept, signature = first[0].split(" ", 3)
    assert int(count) >= 10
    assert (same, all_kept) == ("True", "True")
    assert signature == "PySide6.QtCore.QObject.setObjectName(name: str, /)"
    assert first[1:] == ["True True", "0o600"]
    assert second == [f"0 True True {signature}", "True True", "0o600"]


def test_pyside6_support_code_cache_that_does_not_fit_is_compiled_afresh(tmp_path: Path) -> None:
    """A damaged cache file, one from another Python (its stamp) or a kept source that is not
    PySide6's text any more: each support file is compiled as always and the file written
    afresh, which the next load uses."""
    import marshal

    from couchtimer.pyside_reads import CompiledOnce

    file = tmp_path / "pyside-code.marshal"
    other_python: tuple[tuple[str, str, str], dict[str, object]] = (
        ("couchtimer pyside code 1", "2.7.18", "cpython-27"),
        {},
    )
    old = compile("x = 1\n", "signature_bootstrap.py", "exec", 0, True, 0)  # real code
    changed = (CompiledOnce.STAMP, {"signature_bootstrap.py": ("x = 1\n", 0, 0, old)})
    for content in (b"\x00damaged", marshal.dumps(other_python), marshal.dumps(changed)):
        file.write_bytes(content)
        first, second = _loads(file, (), ())
        assert int(first[0].split()[0]) >= 10
        assert second[0].split()[:3] == ["0", "True", "True"]


def test_compiled_once_compiles_everything_else_as_compile_does(tmp_path: Path) -> None:
    """Inside ``CompiledOnce`` any other ``compile`` call (another file name, an AST asked for,
    ``eval`` mode) gives what ``compile`` gives, with the ``__future__`` flags of the code that
    called it (this module's ``annotations``), and nothing is kept of it."""
    import ast

    from couchtimer.pyside_reads import CompiledOnce

    source = "def f(x: undefined) -> None: pass\n"
    compiled = CompiledOnce(tmp_path / "kept.marshal")
    wrapped = compiled._compile
    plain = compile(source, "elsewhere.py", "exec")
    assert wrapped(source, "elsewhere.py", "exec").co_flags == plain.co_flags
    assert plain.co_flags & 0x1000000  # this module's `from __future__ import annotations`
    alone = compile(source, "elsewhere.py", "exec", dont_inherit=True)
    assert wrapped(source, "elsewhere.py", "exec", dont_inherit=True).co_flags == alone.co_flags
    assert isinstance(
        wrapped(source, "shibokensupport/x.py", "exec", ast.PyCF_ONLY_AST), ast.Module
    )
    assert wrapped("1 + 1", "shibokensupport/x.py", "eval").co_filename == "shibokensupport/x.py"
    assert compiled._fresh == {}
    kept = wrapped(source, "shibokensupport/x.py", "exec")
    assert kept.co_flags == compile(source, "shibokensupport/x.py", "exec").co_flags
    assert sorted(compiled._fresh) == ["shibokensupport/x.py"]
    compiled.save()
    again = CompiledOnce(tmp_path / "kept.marshal")
    assert again._read()["shibokensupport/x.py"][0] == source


def test_kept_code_is_read_from_the_first_file_that_has_it_and_written_where_it_can_be(
    tmp_path: Path,
) -> None:
    """``CompiledOnce(*files)``: the code comes from the first file holding any for this
    Python; what was compiled afresh goes to the first file that can be written (here the first
    cannot: its folder is a file)."""
    from couchtimer.pyside_reads import CompiledOnce

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    cannot, second = blocked / "kept.marshal", tmp_path / "second" / "kept.marshal"
    compiled = CompiledOnce(cannot, second)
    compiled._compile("x = 1\n", "shibokensupport/x.py", "exec")
    compiled.save()
    assert second.is_file()
    assert sorted(CompiledOnce(tmp_path / "none", second)._read()) == ["shibokensupport/x.py"]
    assert CompiledOnce(tmp_path / "none")._read() == {}


def test_the_app_keeps_the_code_beside_our_compiled_modules_else_in_the_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where Python writes this package's .pyc files (its ``__pycache__``), named for this very
    Python (another sharing the checkout or the cache dir keeps its own); not there when Python
    is told not to write bytecode, keeps it elsewhere or is a frozen bundle; always the user's
    cache dir after it."""
    import couchtimer
    from couchtimer.cachefile import python_tag
    from couchtimer.pyside_reads import kept_code_files

    name = f"pyside-code.{python_tag()}.marshal"
    assert name.startswith(f"pyside-code.{sys.implementation.cache_tag}-")
    beside = Path(couchtimer.__file__).parent / "__pycache__" / name
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(sys, "pycache_prefix", None)
    assert kept_code_files(tmp_path) == (beside, tmp_path / name)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert kept_code_files(tmp_path) == (tmp_path / name,)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "elsewhere"))
    assert kept_code_files(tmp_path) == (tmp_path / name,)
    monkeypatch.setattr(sys, "pycache_prefix", None)
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # the .deb's PyInstaller bundle
    assert kept_code_files(tmp_path) == (tmp_path / name,)
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    assert python_tag() not in name


def test_kept_code_is_never_written_through_a_link(tmp_path: Path) -> None:
    """A link left where the file is written first (its part, named for this process) is not
    followed: nothing is written where it points (``cachefile.write_cache``)."""
    import os

    from couchtimer.pyside_reads import CompiledOnce

    first = tmp_path / "a" / "kept.marshal"
    first.parent.mkdir()
    target = tmp_path / "elsewhere"
    target.write_text("mine")
    (first.parent / f".kept.marshal.{os.getpid()}").symlink_to(target)
    compiled = CompiledOnce(first)
    compiled._compile("x = 1\n", "shibokensupport/x.py", "exec")
    compiled.save()
    assert target.read_text() == "mine"
    assert sorted(CompiledOnce(first)._read()) == ["shibokensupport/x.py"]


def test_kept_code_of_another_text_flags_or_level_is_compiled_afresh(tmp_path: Path) -> None:
    """Kept code is given back only for the very text, ``__future__`` flags and optimize level
    in force (-O drops asserts): a PySide6 upgrade's new text, or a run under -O before, gets
    code compiled now."""
    import __future__

    from couchtimer.pyside_reads import CompiledOnce

    name = "shibokensupport/x.py"
    text = "assert False, 'kept'\nx = 1\n"
    old = compile("x = 2\n", name, "exec", 0, True, 0)
    annotations = __future__.annotations.compiler_flag
    for kept in (
        (old_text := "x = 2\n", 0, 0, old),
        (text, annotations, 0, old),
        (text, 0, 1, old),
    ):
        compiled = CompiledOnce(tmp_path / "kept.marshal")
        compiled._kept = {name: kept}
        code = compiled._compile(text, name, "exec", 0, True)  # as shiboken: level -1
        assert code is not old, kept[:3]
        with pytest.raises(AssertionError, match="kept"):  # compiled at level 0: the assert
            exec(code, {})  # noqa: S102
        assert compiled._fresh[name][1:3] == (0, 0)
    compiled = CompiledOnce(tmp_path / "kept.marshal")
    compiled._kept = {name: (old_text, 0, 0, old)}
    assert compiled._compile(old_text, name, "exec", 0, True) is old  # the same: the kept one


def test_pyside6_support_code_kept_under_o_is_compiled_afresh_without(tmp_path: Path) -> None:
    runs = _loads(tmp_path / "cache" / "pyside-code.marshal", ("-O",), (), ())
    fresh = [int(lines[0].split()[0]) for lines in runs]
    assert fresh[0] >= 10
    assert fresh[1:] == [fresh[0], 0]  # level 0's own code, then kept


def test_a_kept_code_file_that_cannot_be_read_at_all_is_compiled_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever reading the file raises (a length field that asks for gigabytes: MemoryError),
    PySide6's support code and dataclasses' methods are compiled as if there were no file."""
    import marshal

    from couchtimer import dataclass_code, pyside_reads

    file = tmp_path / "kept.marshal"
    file.write_bytes(b"[\xff\xff\xff\x7f")

    def too_big(_data: bytes) -> object:
        raise MemoryError

    monkeypatch.setattr(marshal, "loads", too_big)
    assert pyside_reads.CompiledOnce(file)._read() == {}
    assert dataclass_code._Kept(file).code == {}
