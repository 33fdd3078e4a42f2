"""What PySide6 need not read again once it has loaded: shared by the app and ``report``.

Once PySide6 has loaded, it reads the source of each module the first time it is imported by
name (its ``__feature__`` switches are on for a module whose source says "PySide6"). Modules the
program loaded before PySide6 and imports again afterwards (typing, logging, pathlib, os,
dataclasses, datetime...) are read for an answer that is always no: 11,000 lines of the standard
library for the app's first frame (8 M instructions, benchmarks/startup.py), 17 M instructions
for the PDF report (benchmarks/cli_commands.py). Our own modules imported after PySide6 are
new to it and must be asked about, but the question ("PySide6" in the source?) can be answered
from the file's bytes, without ``inspect.getsource``. Imports no Qt itself.
"""

from __future__ import annotations

import contextlib
import os
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

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
