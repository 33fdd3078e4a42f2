"""What PySide6 need not read again once it has loaded: shared by the app and ``report``.

Once PySide6 has loaded, it reads the source of each module the first time it is imported by
name (its ``__feature__`` switches are on for a module whose source says "PySide6"). Modules the
program loaded before PySide6 and imports again afterwards (typing, logging, pathlib, os,
dataclasses, datetime...) are read for an answer that is always no: 11,000 lines of the standard
library for the app's first frame (8 M instructions, benchmarks/startup.py), 17 M instructions
for the PDF report (benchmarks/cli_commands.py). Imports no Qt itself.
"""

from __future__ import annotations

import os
import sys


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
