"""What PySide6 need not read again once it has loaded: shared by the app and ``report``.

Once PySide6 has loaded, it reads the source of each module the first time it is imported by
name (its ``__feature__`` switches are on for a module whose source says "PySide6"). Modules the
program loaded before PySide6 and imports again afterwards (typing, logging, pathlib, os,
dataclasses, datetime...) are read for an answer that is always no: 11,000 lines of the standard
library for the app's first frame (8 M instructions, benchmarks/startup.py), 17 M instructions
for the PDF report (benchmarks/cli_commands.py). Our own modules imported after PySide6 are
new to it and must be asked about, but the question ("PySide6" in the source?) can be answered
from the file's bytes, without ``inspect.getsource``.

Before that, each time PySide6 loads, shiboken compiles the Python source of its support package
(``shibokensupport``: the signature loader, parser, mapping, layout, ``__feature__``... 150 kB
kept inside libshiboken) from text: 119 M instructions, a fifth of a bare PySide6 window's whole
start-up (benchmarks/startup.py). PySide6 can put those files on disk to be imported like any
module (``SBK_EMBED=0``), but only inside its own install folder. ``CompiledOnce`` keeps their
code instead, beside our own compiled modules or in the user's cache dir. Imports no Qt itself.
"""

from __future__ import annotations
import __future__

import builtins
import contextlib
import marshal
import os
import sys
from functools import partial
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any

from couchtimer.cachefile import python_tag, write_cache

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType


def spare_stdlib_source_reads() -> None:
    """Write PySide6's own answer for the standard library's modules loaded so far into its
    ``__feature__`` table, as PySide6 writes it (-1: not a PySide6 module), so that it does not
    read their source when they are imported again. Call it just after PySide6 is imported. If
    a later PySide6 keeps no such table this does nothing but cost the time again
    (tests/test_pyside_reads.py notices)."""
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return
    stdlib = os.__file__.rpartition(os.sep)[0] + os.sep
    for name, module in list(sys.modules.items()):
        where = getattr(module, "__file__", None)
        if name.partition(".")[0] in sys.stdlib_module_names and (
            where is None or (isinstance(where, str) and where.startswith(stdlib))
        ):
            table.setdefault(name, -1)


def read_our_sources_plainly() -> None:
    """Have PySide6 answer its question for our own modules ("PySide6" in the source?) from the
    source file's bytes rather than through ``inspect.getsource``: 4 M instructions for the
    dozen modules the app's first frame imports after PySide6 (benchmarks/startup.py). Its rule
    is wrapped, once; any other module, or a file that cannot be read (a bundle), goes to
    PySide6's own rule. If a later PySide6 has no such rule this does nothing
    (tests/test_pyside_reads.py notices)."""
    feature = sys.modules.get("shibokensupport.feature")
    rule = getattr(feature, "_mod_uses_pyside", None)
    if callable(rule) and not (isinstance(rule, partial) and rule.func is _uses_pyside):
        setattr(feature, "_mod_uses_pyside", partial(_uses_pyside, rule))  # noqa: B010 (theirs)


def _uses_pyside(rule: Callable[[ModuleType], bool], module: ModuleType) -> bool:
    """PySide6's ``rule``, with a ``couchtimer`` module's source file read as bytes."""
    name, where = getattr(module, "__name__", None), getattr(module, "__file__", None)
    ours = isinstance(name, str) and name.startswith("couchtimer.")
    if ours and isinstance(where, str) and where.endswith(".py"):
        with contextlib.suppress(OSError):
            return b"PySide6" in Path(where).read_bytes()
    return rule(module)


#: The compiler flags a ``compile`` call inherits from the code calling it (its ``__future__``
#: imports, as CPython's PyCF_MASK).
_FUTURE_FLAGS = 0
for _feature in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _feature).compiler_flag

#: One kept compile: the source as given, the effective flags and optimize level, the code.
_Kept = tuple[object, int, int, "CodeType"]


def _is_support_file(filename: object) -> bool:
    """A file of shiboken's support package, as its loader names them when it compiles them."""
    return isinstance(filename, str) and (
        filename == "signature_bootstrap.py" or filename.startswith("shibokensupport/")
    )


class CompiledOnce:
    """Around PySide6's first import (``with CompiledOnce(*files): import PySide6...``): each
    time shiboken compiles one of its support files, the code kept for exactly that source
    text, file name, flags and optimize level is given back instead; any other ``compile`` call,
    or a text not kept, compiles as always (with the flags the caller would have passed on).
    The code is read from the first of ``files`` that holds any for this Python; whatever was
    compiled afresh is written by ``save()`` (the app calls it after its first frame) to the
    first of them that can be written.

    Each file is a ``marshal`` file (0600), stamped with this Python's exact version: any
    mismatch, damage or error means compiling as if there were no file. The app's files
    (``kept_code_files``) are beside this package's own compiled modules, where Python keeps
    those, and else in the user's cache dir. Does nothing if PySide6 is loaded already.
    tests/test_pyside_reads.py holds the kept code to what ``compile`` makes.
    """

    # The layout of the file (1) and this Python: its bytecode and marshal format.
    STAMP = ("couchtimer pyside code 1", sys.version, sys.implementation.cache_tag)

    def __init__(self, *files: Path) -> None:
        self.files = files
        self._kept: dict[str, _Kept] = {}
        self._fresh: dict[str, _Kept] = {}
        self._original: Callable[..., Any] | None = None

    def __enter__(self) -> CompiledOnce:
        if "shiboken6" in sys.modules:
            return self  # loaded already: nothing of it will be compiled
        self._kept = self._read()
        self._original = builtins.compile
        setattr(builtins, "compile", self._compile)  # noqa: B010 (typed as the builtin's overloads)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._original is not None:
            if builtins.compile == self._compile:  # (not another's since)
                setattr(builtins, "compile", self._original)  # noqa: B010
            self._original = None

    def _read(self) -> dict[str, _Kept]:
        for file in self.files:
            try:
                # Written by the app, 0600, where Python keeps our compiled modules or in the
                # user's cache dir: trusted as Python trusts its .pyc files there.
                stamp, kept = marshal.loads(file.read_bytes())  # noqa: S302
            except Exception:  # noqa: S112 - none yet, or damaged (a MemoryError, even)
                continue
            if stamp == self.STAMP and isinstance(kept, dict) and kept:
                return kept
        return {}

    def _compile(
        self,
        source: object,
        filename: object,
        mode: str,
        flags: int = 0,
        dont_inherit: bool = False,
        optimize: int = -1,
        **more: object,
    ) -> Any:
        """``compile`` as the caller asked for it: the flags it would inherit from its caller's
        code are worked out here (this function's own must not be), then passed on."""
        original: Callable[..., Any] = self._original or builtins.compile
        if not dont_inherit:
            with contextlib.suppress(ValueError):  # called with no Python code running: none
                flags |= sys._getframe(1).f_code.co_flags & _FUTURE_FLAGS
        only_future = flags & ~_FUTURE_FLAGS == 0  # not an AST, say: code as the loader asks
        if mode != "exec" or more or not only_future or not _is_support_file(filename):
            return original(source, filename, mode, flags, True, optimize, **more)
        assert isinstance(filename, str)
        # The level in force (-O, PYTHONOPTIMIZE) where the caller leaves it to the interpreter:
        # asserts and docstrings are in the code or not by it.
        level = optimize if optimize >= 0 else sys.flags.optimize
        kept = self._kept.get(filename)
        if isinstance(kept, tuple) and len(kept) == 4:
            kept_source, kept_flags, kept_optimize, code = kept
            same = (kept_flags, kept_optimize) == (flags, level) and kept_source == source
            if same and isinstance(code, CodeType):
                return code
        code = original(source, filename, mode, flags, True, level)
        self._fresh[filename] = (source, flags, level, code)
        return code

    def save(self) -> None:
        """Write the kept code and what was compiled afresh, if anything was (only a first start,
        or one after PySide6 or Python changed, has any), to the first file that can be written."""
        kept, fresh = self._kept, self._fresh
        self._kept, self._fresh = {}, {}  # the sources and code need not stay in memory
        if not fresh:
            return
        try:
            blob = marshal.dumps((self.STAMP, kept | fresh))
        except ValueError:
            return
        for file in self.files:
            try:
                write_cache(file, blob)  # whole, 0600, never through a link
            except OSError:  # not writable here (an installed package): the next place
                continue
            return


def kept_code_files(cache_dir: Path) -> tuple[Path, ...]:
    """Where the app keeps PySide6's compiled support code: beside this package's compiled
    modules (its ``__pycache__``, as Python keeps them: every start of this install then has
    it, a runner's very first one too) unless Python is told not to write there
    (``PYTHONDONTWRITEBYTECODE``) or the app is a frozen bundle (the .deb's: its modules are in
    an archive, and nothing may be added to the package's folder), and in ``cache_dir`` (the
    user's) for an install that cannot be written. Either is named for this very Python (two
    of them sharing a checkout or a cache dir would each write over the other's at every start);
    none is put beside the package where Python keeps compiled modules elsewhere
    (``PYTHONPYCACHEPREFIX``)."""
    name = f"pyside-code.{python_tag()}.marshal"
    beside = Path(__file__).parent / "__pycache__" / name
    writes_bytecode = not (
        sys.dont_write_bytecode or getattr(sys, "frozen", False) or sys.pycache_prefix
    )
    return ((beside,) if writes_bytecode else ()) + (cache_dir / name,)
