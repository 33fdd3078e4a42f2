"""Dataclasses' generated methods compiled once, then kept between runs (issue 19).

In Python 3.11 ``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__``,
``__hash__`` (and, frozen, ``__setattr__`` and ``__delattr__``) as source text and ``exec``\\ s
each one: parsed and compiled at every start. Our ~35 frozen dataclasses are 204 of them for
``couchtimer report``, ~112 M instructions of its 2,540 M (4.4 %), as much for ``history``.
``keep_dataclass_code`` gives the ``dataclasses`` module an ``exec`` that compiles each text
once and keeps the code in the user's cache folder (as ``__pycache__`` keeps a module's): the
same text compiled the same way (``exec`` of a string compiles it as ``"<string>"``, with
none of the caller's ``__future__`` flags), so the same methods. Only ``dataclasses``' own
``exec`` calls go through it. Imports no Qt.

The file is the user's own (0600, in their cache folder, like the programmes' cache); it holds
compiled code, which runs as the source it was compiled from would: nothing that the user's
own ``__pycache__`` folders do not already trust. One file per exact Python
(``cachefile.python_tag``), written as every cache file is (``cachefile.write_cache``); a damaged
one is ignored and written again. Costs nothing but the time when Python's ``dataclasses``
stops calling ``exec`` (tests/test_dataclass_code.py notices).
"""

from __future__ import annotations

import atexit
import builtins
import contextlib
import dataclasses
import marshal
from pathlib import Path
from types import CodeType
from typing import Any

from couchtimer.cachefile import python_tag, write_cache

#: Entries beyond this many: the file keeps only what the process that writes it used.
MOST = 2000


class _Kept:
    """The compiled texts, read from ``file`` and written back there when new ones came."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.code: dict[str, CodeType] = {}
        self.used: set[str] = set()
        self.new = False
        try:
            # The user's own file, 0600 in their cache folder (see the module's docstring).
            entries = marshal.loads(file.read_bytes())  # noqa: S302
        except Exception:  # none yet, or damaged (a MemoryError, even): compiled afresh
            return
        if isinstance(entries, dict):
            self.code = {
                text: code
                for text, code in entries.items()
                if isinstance(text, str) and isinstance(code, CodeType)
            }

    def exec(self, source: Any, globals: Any = None, locals: Any = None, /) -> None:
        """``exec`` as the builtin, with a text's code compiled once."""
        if isinstance(source, str):
            text = source
            source = self.code.get(text)
            if source is None:
                # as exec compiles a text: "<string>", no __future__ flag of this module's
                source = self.code[text] = compile(text, "<string>", "exec", dont_inherit=True)
                self.new = True
            self.used.add(text)
        builtins.exec(source, globals, locals)  # noqa: S102 (dataclasses' own call, as it was)

    def write(self) -> None:
        if not self.new:
            return
        kept = self.code
        if len(kept) > MOST:
            kept = {text: code for text, code in kept.items() if text in self.used}
        # whole, 0600, never through a link; a cache that cannot be written only costs time
        with contextlib.suppress(OSError, ValueError):
            write_cache(self.file, marshal.dumps(kept))
        self.new = False


def keep_dataclass_code(folder: Path) -> None:
    """From now on, dataclasses made in this process take their methods' code from
    ``folder``/dataclass-code.<python>.marshal, and what is new is written there at exit.
    Once per process: later calls do nothing."""
    if isinstance(getattr(getattr(dataclasses, "exec", None), "__self__", None), _Kept):
        return
    kept = _Kept(folder / f"dataclass-code.{python_tag()}.marshal")
    # dataclasses looks ``exec`` up in its own globals first: only its calls come here
    setattr(dataclasses, "exec", kept.exec)  # noqa: B010
    atexit.register(kept.write)
