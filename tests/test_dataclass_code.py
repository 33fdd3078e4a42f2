"""Dataclasses' generated methods are compiled once and kept in the cache folder
(``couchtimer/dataclass_code.py``): a command's second run compiles none of them, and the
methods are the ones ``dataclasses`` makes itself.

Each check runs in a child process: the ``exec`` given to ``dataclasses`` is per process.
"""

from __future__ import annotations

import json
import marshal
import subprocess
import sys
from pathlib import Path

from couchtimer.cachefile import python_tag
from tests.helpers.cli import couchtimer

PROBE = """
import dataclasses, json, sys
from pathlib import Path
from couchtimer.dataclass_code import keep_dataclass_code
compiled = []
def counting(event, args):  # an audit hook: no Python frame between the cache and compile
    if event == "compile" and args[1] == "<string>":
        compiled.append(args[0])
sys.addaudithook(counting)
keep_dataclass_code(Path(sys.argv[1]))
keep_dataclass_code(Path(sys.argv[1]))  # once per process: the second call does nothing
from typing import ClassVar
@dataclasses.dataclass(frozen=True, slots=True)
class Point:
    x: int
    y: float = 0.5
    label: ClassVar[str] = "p"
p = Point(1)
try:
    p.x = 2
    frozen = False
except dataclasses.FrozenInstanceError:
    frozen = True
print(json.dumps({
    "compiled": len(compiled),
    "repr": repr(p),
    "equal": p == Point(1, 0.5),
    "hash": hash(p) == hash((1, 0.5)),
    "frozen": frozen,
    "annotations": str(Point.__init__.__annotations__),
}))
"""


def _probe(folder: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _kept(folder: Path) -> Path:
    return folder / f"dataclass-code.{python_tag()}.marshal"


def test_methods_are_compiled_once_and_the_same_from_the_cache(tmp_path: Path) -> None:
    """A frozen dataclass's six methods are compiled on the first run and written to the
    cache (0600); the next run compiles none, and the class behaves alike in both: its repr,
    equality, hash, frozen fields, and annotations evaluated as dataclasses evaluates them (no
    ``__future__`` flag of ours). Fails if Python's ``dataclasses`` stops calling ``exec``:
    then every command silently compiles them again."""
    first = _probe(tmp_path)
    second = _probe(tmp_path)
    expected = {
        "repr": "Point(x=1, y=0.5)",
        "equal": True,
        "hash": True,
        "frozen": True,
        "annotations": "{'x': <class 'int'>, 'y': <class 'float'>, 'return': None}",
    }
    assert first == {"compiled": 6, **expected}
    assert second == {"compiled": 0, **expected}
    assert _kept(tmp_path).stat().st_mode & 0o777 == 0o600


def test_a_damaged_cache_is_ignored_and_written_again(tmp_path: Path) -> None:
    """Bytes marshal cannot read, or data of the wrong shape: the methods are compiled as if
    there were no cache, and the file is written afresh."""
    for damaged in (b"\x00not marshal", marshal.dumps({"text": 1}), marshal.dumps([1, 2])):
        _kept(tmp_path).write_bytes(damaged)
        assert _probe(tmp_path)["compiled"] == 6
        entries = marshal.loads(_kept(tmp_path).read_bytes())  # noqa: S302 (made here)
        assert len(entries) == 6


def test_an_unwritable_cache_folder_only_costs_the_time(tmp_path: Path) -> None:
    """The cache folder is a file: nothing is kept, the methods are compiled each time and
    work."""
    blocked = tmp_path / "blocked"
    blocked.write_text("")
    assert _probe(blocked)["compiled"] == 6
    assert _probe(blocked)["compiled"] == 6
    assert [path.name for path in tmp_path.iterdir()] == ["blocked"]


def test_commands_keep_their_dataclass_code(tmp_path: Path) -> None:
    """A command (here ``history --json`` on an empty history) leaves its dataclasses' code in
    the cache folder, the core's records among it."""
    done = couchtimer("history", "--json", home=tmp_path)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "xdg_cache_home" / "couchtimer"
    kept = marshal.loads(_kept(folder).read_bytes())  # noqa: S302 (made by the command)
    run_record = "def __init__(self,id:_type_id,programme_id:_type_programme_id"
    assert any(run_record in text for text in kept)
