#!/usr/bin/env python3
"""Mutation testing of couchtimer/core: ``make mutate`` and its CI check (docs/DESIGN.md).

  run [MODULE ...]   mutmut over couchtimer/core against tests/core, then the constant mutants,
                     then the per-module table and the last line
                     ``mutation score: X % (N killed of M, E equivalent)``. It records each module
                     it ran in docs/mutation-score.txt (counts, survivors and the module's key) and
                     which tests ran which module in docs/mutation-tests.txt. Without modules it
                     runs every core module but demo.py.
  constants          only the constant mutants (module-level numbers and patterns, see below).
  record [MODULE ...] records the modules of an interrupted run whose every mutant was checked
                     (their constant mutants run then); the tree must be as the run found it.
  report             the table from the last run's results in mutants/.
  stale              the modules whose key no longer matches the record (exit 1 if any).
  ci                 what CI runs: re-mutates the modules whose key changed since the record (if
                     their mutants fit CI's budget; otherwise it fails, saying what to record),
                     then fails when any module scores under 95 %, a constant mutant survives or
                     the record cannot be read. Exit 3: a re-run is needed and mutmut is not
                     installed (the Makefile installs it and calls again).

A module's key hashes what its result depends on: its code (the syntax tree: comments do not
count), its equivalent mutants, the source of every test that ran its code when it was recorded
(mutmut's trace) or names one of its constants, the rest of those tests' files (fixtures, helpers
defined there; not imports), the tests/helpers modules and conftest fixtures they use, the
programme files they read, and this tooling's MUTATION_VERSION and configuration. A new test
leaves every key as it was (it can only kill more); a changed or deleted one changes the keys of
the modules it ran. A change in one core module is taken not to weaken another module's tests.

mutmut mutates code inside functions only; module-level constants (the thresholds the rules are
about) are mutated here instead, one at a time: every number by one step up and one step down
(whole numbers by 1; a float by half its leading digit's unit: 1.0 by 0.5, 0.8 by 0.05), every
number in a tuple or dict of numbers, and each anchor and bounded repeat in a compiled pattern.

Equivalent mutants (no test can tell them apart from the code) are listed, each with the code it
must contain and why, in scripts/mutation-equivalents.toml; they leave the score's denominator.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import fnmatch
import functools
import hashlib
import importlib.util
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "couchtimer" / "core"
MUTANTS = ROOT / "mutants"
RESULTS = ROOT / "docs" / "mutation-score.txt"
TESTS_MAP = ROOT / "docs" / "mutation-tests.txt"
EQUIVALENTS = ROOT / "scripts" / "mutation-equivalents.toml"
THRESHOLD = 95.0
NOT_MUTATED = {"demo"}  # demo data, no rule (see [tool.mutmut] in pyproject.toml)
# Part of every module's key: raise it when a change here alters which mutants are made or how
# they are judged (every module must then be recorded again); not for changes to reporting or CI.
MUTATION_VERSION = 3
# CI re-mutates stale modules only up to this many mutants (about 2 minutes on 2 idle cores, at
# the 5.6 mutants/s measured for issue 23); more, and it fails asking for `make mutate MODULES=`.
CI_BUDGET_MUTANTS = 700
# What the tests read besides code (the built-in programmes, tests/data), when a test file
# mentions one of these.
DATA_MARKERS = ("data_dir", "tests/data", "couchtimer.programmes", "assets")
DATA_FILES = ("couchtimer/programmes.py", "assets/programmes/*", "tests/data/programmes/*")
# The pytest settings that decide whether a test passes (part of every key).
PYTEST_OPTIONS = ("addopts", "filterwarnings", "timeout", "xfail_strict")
# Mutants tested at a time (MUTATION_WORKERS=4 to take more of a loaded machine, under nice).
WORKERS = int(os.environ.get("MUTATION_WORKERS", "2"))


def log(text: str) -> None:
    print(text, flush=True)


# --- what a module's result depends on: its key ------------------------------------------------


def _dump(nodes: Sequence[ast.AST]) -> str:
    """The syntax of ``nodes``, without comments, line numbers or formatting."""
    return "\n".join(ast.dump(node) for node in nodes)


def _test_name(node_id: str) -> str:
    """``tests/core/test_x.py::test_y[case]`` -> ``tests/core/test_x.py::test_y`` (a class's
    tests share the class's name: the class is the unit hashed)."""
    path, _, rest = node_id.partition("::")
    return f"{path}::{rest.split('::')[0].split('[')[0]}"


@dataclass
class TestFile:
    tests: dict[str, ast.stmt]  # top-level test functions and classes by name
    rest: str  # the other statements (fixtures, helpers, constants), imports left out
    helpers: set[tuple[str, str]]  # (tests/helpers module, name) it imports
    reads_data: bool
    core_names: dict[str, dict[str, str]]  # core module -> {name used in the file: imported name}


_FILES: dict[Path, TestFile | None] = {}


def _test_file(path: Path) -> TestFile | None:
    if path not in _FILES:
        try:
            _FILES[path] = _parse_test_file(path) if path.is_file() else None
        except SyntaxError:
            _FILES[path] = None  # as if missing: every module it ran is stale
    return _FILES[path]


def _parse_test_file(path: Path) -> TestFile:
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    tests: dict[str, ast.stmt] = {}
    rest: list[ast.stmt] = []
    helpers: set[tuple[str, str]] = set()
    core_names: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and (
            node.name.startswith(("test", "Test"))
        ):
            tests[node.name] = node
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if source.startswith("tests.helpers."):
                helper = source.removeprefix("tests.helpers.")
                helpers.update((helper, alias.name) for alias in node.names)
            if source.startswith("couchtimer.core."):
                names = core_names.setdefault(source.removeprefix("couchtimer.core."), {})
                names.update({a.asname or a.name: a.name for a in node.names})
            if source == "couchtimer.core":
                for alias in node.names:  # the module itself: its constants as attributes
                    core_names.setdefault(alias.name, {})[alias.asname or alias.name] = "*"
        elif not isinstance(node, ast.Import):
            rest.append(node)
    return TestFile(
        tests=tests,
        rest=_dump(rest),
        helpers=helpers,
        reads_data=any(marker in text for marker in DATA_MARKERS),
        core_names=core_names,
    )


def _constant_names(module: str) -> set[str]:
    return {m.name.split("[")[0] for m in constant_mutants(module)}


def constant_tests(module: str) -> set[str]:
    """The core tests that name one of ``module``'s constants (they may kill a constant mutant
    without running any of its functions, so mutmut's trace does not list them)."""
    constants = _constant_names(module)
    found: set[str] = set()
    for path in sorted((ROOT / "tests" / "core").glob("test_*.py")):
        parsed = _test_file(path)
        if parsed is None or module not in parsed.core_names:
            continue
        imported = parsed.core_names[module]
        direct = {local for local, name in imported.items() if name in constants}
        modules = {local for local, name in imported.items() if name == "*"}
        for name, node in parsed.tests.items():
            for sub in ast.walk(node):
                named = isinstance(sub, ast.Name) and sub.id in direct
                attribute = (
                    isinstance(sub, ast.Attribute)
                    and isinstance(sub.value, ast.Name)
                    and sub.value.id in modules
                    and sub.attr in constants
                )
                if named or attribute:
                    found.add(f"{path.relative_to(ROOT)}::{name}")
                    break
    return found


def _top_level_names(node: ast.stmt) -> set[str]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {node.name}
    targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
    return {t.id for t in targets if isinstance(t, ast.Name)}


def _helper_code(wanted: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The code of each tests/helpers name the tests import, and of every name of the helpers
    that this code uses in turn (in its module, or imported from another helper): so a new
    fake in tests/helpers/stubs.py leaves the keys of tests that use another one as they were."""
    found: dict[tuple[str, str], str] = {}
    todo = list(wanted)
    while todo:
        module, name = todo.pop()
        if (module, name) in found:
            continue
        path = ROOT / "tests" / "helpers" / f"{module}.py"
        tree = _helper_tree(path)
        if tree is None:
            found[(module, name)] = "missing"
            continue
        nodes = [n for n in tree.body if name in _top_level_names(n)]
        found[(module, name)] = _dump(nodes) if nodes else "missing"
        used = {n.id for node in nodes for n in ast.walk(node) if isinstance(n, ast.Name)}
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "tests.helpers."
            ):
                other = (node.module or "").removeprefix("tests.helpers.")
                todo += [(other, a.name) for a in node.names if (a.asname or a.name) in used]
            elif _top_level_names(node) & used:
                todo += [(module, n) for n in _top_level_names(node) & used]
    return sorted((f"tests/helpers/{m}.py::{n}", code) for (m, n), code in found.items())


_HELPERS: dict[Path, ast.Module | None] = {}


def _helper_tree(path: Path) -> ast.Module | None:
    if path not in _HELPERS:
        try:
            _HELPERS[path] = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError):
            _HELPERS[path] = None
    return _HELPERS[path]


def _conftest(argument_names: set[str]) -> str:
    """tests/conftest.py as the tests see it: its settings and the fixtures they ask for."""
    tree = ast.parse((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    kept = [
        node
        for node in tree.body
        if not isinstance(node, ast.Import | ast.ImportFrom)
        and not (
            isinstance(node, ast.FunctionDef)
            and (node.name not in argument_names or node.name.startswith("pytest_"))
        )
    ]
    return _dump(kept)


def tooling() -> str:
    """The configuration every result depends on."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pytest = pyproject["tool"]["pytest"]["ini_options"]
    config = {
        "version": MUTATION_VERSION,
        "mutmut": pyproject["tool"]["mutmut"],
        "extra": pyproject["project"]["optional-dependencies"]["mutation"],
        # What decides whether a test passes (not its markers or Qt's log filters).
        "pytest": {k: pytest[k] for k in sorted(PYTEST_OPTIONS) if k in pytest},
    }
    return json.dumps(config, sort_keys=True)


def module_key(module: str, tests: Iterable[str]) -> str:
    """The hash of everything ``module``'s recorded result depends on (see the docstring);
    ``tests`` are the tests recorded as running it."""
    digest = hashlib.sha256()

    def feed(label: str, text: str | bytes) -> None:
        data = text.encode() if isinstance(text, str) else text
        digest.update(f"{label}\0{len(data)}\0".encode() + data)

    feed("tooling", tooling())
    source = CORE / f"{module}.py"
    feed("source", _dump([ast.parse(source.read_text(encoding="utf-8"))]))
    listed = sorted(
        (e.name, e.contains, e.why) for e in equivalents() if _equivalent_of(e) == module
    )
    feed("equivalents", json.dumps(listed))
    files: dict[str, TestFile | None] = {}
    arguments: set[str] = set()
    for test in sorted(set(tests)):
        path, _, name = test.partition("::")
        parsed = files.setdefault(path, _test_file(ROOT / path))
        node = parsed.tests.get(name) if parsed else None
        feed(test, _dump([node]) if node else "missing")
        for sub in ast.walk(node) if node else ():
            if isinstance(sub, ast.arguments):
                arguments.update(a.arg for a in [*sub.posonlyargs, *sub.args, *sub.kwonlyargs])
    helpers: set[tuple[str, str]] = set()
    reads_data = False
    for path, parsed in sorted(files.items(), key=lambda item: item[0]):
        feed(path, parsed.rest if parsed else "missing")
        if parsed:
            helpers.update(parsed.helpers)
            reads_data = reads_data or parsed.reads_data
            for sub in ast.walk(ast.Module(body=list(parsed.tests.values()), type_ignores=[])):
                if isinstance(sub, ast.Call) and getattr(sub.func, "attr", "") == "usefixtures":
                    arguments.update(
                        a.value
                        for a in sub.args
                        if isinstance(a, ast.Constant) and isinstance(a.value, str)
                    )
    for label, code in _helper_code(helpers):
        feed(label, code)
    feed("conftest", _conftest(arguments))
    for pattern in DATA_FILES if reads_data else ():
        for data in sorted(ROOT.glob(pattern)):
            if data.is_file():
                feed(str(data.relative_to(ROOT)), data.read_bytes())
    return digest.hexdigest()[:16]


def core_modules() -> list[str]:
    return sorted(
        p.stem for p in CORE.glob("*.py") if p.stem != "__init__" and p.stem not in NOT_MUTATED
    )


# --- equivalent mutants --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Equivalent:
    name: str  # mutmut's mutant name, or "constant NAME -> value" for a constant mutant
    contains: str  # code the mutant must contain (so a renumbered mutant is not excused)
    why: str


def _equivalent_of(entry: Equivalent) -> str:
    """The core module an entry is about."""
    match = re.match(r"(?:constant |couchtimer\.core\.)(\w+)\.", entry.name)
    return match.group(1) if match else ""


def equivalents() -> list[Equivalent]:
    """The listed equivalent mutants. An entry is one mutant of one module: it is told apart by
    its module, its name and the code it contains, so two entries for the same mutmut name (two
    mutants of one function, told apart by ``contains``) both count, and an entry never excuses a
    mutant of another module, even one of a function with the same name."""
    data = tomllib.loads(EQUIVALENTS.read_text(encoding="utf-8"))
    listed = [Equivalent(e["name"], e["contains"], e["why"]) for e in data.get("mutant", [])]
    seen: set[tuple[str, str, str]] = set()
    for entry in listed:
        module = _equivalent_of(entry)
        if module not in core_modules():
            sys.exit(f"{EQUIVALENTS.name}: {entry.name!r} names no mutated core module")
        if entry.name.startswith("constant ") and entry.contains:
            sys.exit(f"{EQUIVALENTS.name}: {entry.name!r}: a constant's label says it all")
        key = (module, entry.name, entry.contains)
        if key in seen:
            sys.exit(f"{EQUIVALENTS.name}: {entry.name!r} ({entry.contains!r}) is listed twice")
        seen.add(key)
    return listed


def constant_equivalents(listed: Sequence[Equivalent]) -> dict[str, Equivalent]:
    """The listed constant mutants by label (a label names its module and value)."""
    return {e.name: e for e in listed if e.name.startswith("constant ")}


def _entry_id(entry: Equivalent) -> str:
    return f"{_equivalent_of(entry)}\0{entry.name}\0{entry.contains}"


# --- mutmut --------------------------------------------------------------------------------------


def prepare_mutants_dir(fresh: bool) -> None:
    """mutmut copies couchtimer/core and tests/; the tests also import the rest of the package
    (couchtimer.programmes) and read assets/, so those are copied here, unmutated."""
    if fresh and MUTANTS.exists():
        shutil.rmtree(MUTANTS)
    package = MUTANTS / "couchtimer"
    package.mkdir(parents=True, exist_ok=True)
    for item in (ROOT / "couchtimer").iterdir():
        if item.name in ("core", "__pycache__"):
            continue
        target = package / item.name
        if target.is_dir():
            shutil.rmtree(target)
        if item.is_dir():
            shutil.copytree(item, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(item, target)
    if (MUTANTS / "assets").exists():
        shutil.rmtree(MUTANTS / "assets")
    shutil.copytree(ROOT / "assets", MUTANTS / "assets")
    if (MUTANTS / "tests").exists():
        shutil.rmtree(MUTANTS / "tests")  # mutmut copies them afresh: no deleted test lingers


def run_mutmut(modules: Sequence[str]) -> None:
    patterns = [f"couchtimer.core.{m}.*" for m in modules]
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(WORKERS), *patterns]
    log(f"$ {' '.join(command[1:])}  (progress in mutants/mutmut-run.log)")
    started = time.monotonic()
    MUTANTS.mkdir(exist_ok=True)
    with (MUTANTS / "mutmut-run.log").open("w") as out:
        result = subprocess.run(
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, check=False
        )
    log(f"mutmut finished in {time.monotonic() - started:.0f} s (exit {result.returncode})")
    if result.returncode != 0:
        tail = (MUTANTS / "mutmut-run.log").read_text(errors="replace")[-3000:]
        sys.exit(f"mutmut failed:\n{tail}")


def mutant_source(module: str, name: str) -> str | None:
    """The source of mutant ``name`` as mutmut wrote it into mutants/."""
    return _mutant_functions(module).get(name.rsplit(".", 1)[1])


@functools.cache
def _mutant_functions(module: str) -> dict[str, str]:
    """Every function of mutants/couchtimer/core/<module>.py by name (parsed once: the file holds
    every mutant of the module)."""
    text = (MUTANTS / "couchtimer" / "core" / f"{module}.py").read_text(encoding="utf-8")
    found: dict[str, str] = {}
    lines = text.splitlines(keepends=True)
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.setdefault(node.name, "".join(lines[node.lineno - 1 : node.end_lineno]))
    return found


@dataclass
class ModuleScore:
    module: str
    total: int = 0
    killed: int = 0
    equivalent: int = 0
    survived: int = 0
    unchecked: int = 0

    @property
    def counted(self) -> int:
        return self.total - self.equivalent

    @property
    def score(self) -> float:
        return 100.0 * self.killed / self.counted if self.counted else 100.0


def _excused(listed: Sequence[Equivalent], module: str, name: str) -> Equivalent | None:
    """The listed entry that names this mutant (``*`` in a name matches any mutant number) and
    whose code the mutant contains, if any."""
    matching = [
        e
        for e in listed
        if _equivalent_of(e) == module
        and not e.name.startswith("constant ")
        and fnmatch.fnmatchcase(name, e.name)
    ]
    if not matching:
        return None
    source = mutant_source(module, name) or ""
    return next((e for e in matching if e.contains in source), None)


def mutmut_scores(modules: Sequence[str]) -> tuple[list[ModuleScore], list[str], set[str]]:
    """Per-module counts from mutants/*.meta; the survivors' names; the names of the entries of
    the equivalents list that excused a mutant."""
    from mutmut.stats import status_by_exit_code  # the pinned mutmut's own reading of results

    listed = equivalents()
    scores: list[ModuleScore] = []
    survivors: list[str] = []
    used: set[str] = set()
    for module in modules:
        meta = MUTANTS / "couchtimer" / "core" / f"{module}.py.meta"
        score = ModuleScore(module)
        scores.append(score)
        if not meta.exists():
            continue
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        for name, code in sorted(codes.items()):
            score.total += 1
            status = status_by_exit_code[code]
            if status in ("killed", "timeout", "caught by type check"):
                score.killed += 1
            elif status == "not checked":
                score.unchecked += 1
            elif entry := _excused(listed, module, name):
                score.equivalent += 1
                used.add(_entry_id(entry))
            else:
                score.survived += 1
                survivors.append(f"{name} ({status})")
    return scores, survivors, used


def traced_tests(modules: Sequence[str]) -> dict[str, set[str]]:
    """The core tests that ran each module's functions, from mutmut's trace (mutants/)."""
    stats = json.loads((MUTANTS / "mutmut-stats.json").read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {module: set() for module in modules}
    for function, tests in stats["tests_by_mangled_function_name"].items():
        module = function.removeprefix("couchtimer.core.").split(".")[0]
        if module in found:
            found[module].update(_test_name(test) for test in tests)
    return found


def table(scores: Sequence[ModuleScore]) -> list[str]:
    lines = [f"{'module':<14}{'mutants':>8}{'killed':>8}{'survived':>9}{'equiv.':>8}{'score':>9}"]
    for s in scores:
        unchecked = f"  ({s.unchecked} not run)" if s.unchecked else ""
        lines.append(
            f"{s.module + '.py':<14}{s.total:>8}{s.killed:>8}{s.survived:>9}{s.equivalent:>8}"
            f"{s.score:>8.1f}%{unchecked}"
        )
    return lines


def score_line(scores: Sequence[ModuleScore]) -> str:
    killed = sum(s.killed for s in scores)
    counted = sum(s.counted for s in scores)
    equivalent = sum(s.equivalent for s in scores)
    percent = 100.0 * killed / counted if counted else 100.0
    return (
        f"mutation score: {percent:.1f} % ({killed} killed of {counted}, {equivalent} equivalent)"
    )


# --- constant mutants ----------------------------------------------------------------------------

_NAME = re.compile(r"^_?[A-Z][A-Z0-9_]*$")


@dataclass(frozen=True, slots=True)
class ConstantMutant:
    module: str
    name: str
    replacement: str  # the new source text for the value
    start: tuple[int, int]  # (line, column) of the value in the source
    end: tuple[int, int]

    @property
    def label(self) -> str:
        return f"constant {self.module}.{self.name} -> {self.replacement}"


def _number(node: ast.expr) -> int | float | None:
    """The value of a number written as a literal or as arithmetic on literals (4 * 60 * 60)."""
    allowed = (ast.Constant, ast.BinOp, ast.UnaryOp, ast.operator, ast.unaryop)
    if not all(isinstance(n, allowed) for n in ast.walk(node)):
        return None
    value = eval(compile(ast.Expression(node), "<constant>", "eval"), {"__builtins__": {}})  # noqa: S307 (literals only)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _steps(value: int | float) -> list[str]:
    if isinstance(value, int):
        return [str(value - 1), str(value + 1)]
    step = 10 ** math.floor(math.log10(abs(value))) / 2 if value else 0.5
    return [repr(round(value - step, 12)), repr(round(value + step, 12))]


def _pattern_mutants(pattern: str) -> list[str]:
    """Each anchor dropped, and each bound of each {m,n} repeat one smaller and one larger."""
    out: list[str] = []
    if pattern.startswith("^"):
        out.append(pattern[1:])
    for anchor in ("$", r"\Z"):
        if pattern.endswith(anchor):
            out.append(pattern[: -len(anchor)])
    for match in re.finditer(r"\{(\d+),(\d+)\}", pattern):
        low, high = int(match.group(1)), int(match.group(2))
        for new_low, new_high in (
            (low - 1, high),
            (low + 1, high),
            (low, high - 1),
            (low, high + 1),
        ):
            if 0 <= new_low <= new_high:
                out.append(
                    f"{pattern[: match.start()]}{{{new_low},{new_high}}}{pattern[match.end() :]}"
                )
    return out


def constant_mutants(module: str) -> Iterator[ConstantMutant]:
    tree = ast.parse((CORE / f"{module}.py").read_text(encoding="utf-8"))
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        if not isinstance(target, ast.Name) or not _NAME.match(target.id):
            continue
        name = target.id

        def at(node: ast.expr) -> dict[str, tuple[int, int]]:
            assert node.end_lineno is not None
            assert node.end_col_offset is not None
            return {
                "start": (node.lineno, node.col_offset),
                "end": (node.end_lineno, node.end_col_offset),
            }

        number = _number(value)
        if number is not None:
            for text in _steps(number):
                yield ConstantMutant(module, name, text, **at(value))
        elif isinstance(value, ast.Tuple) and value.elts:
            for position, element in enumerate(value.elts):
                item = _number(element)
                if item is not None:
                    for text in _steps(item):
                        yield ConstantMutant(module, f"{name}[{position}]", text, **at(element))
        elif isinstance(value, ast.Dict) and value.values:
            for key, element in zip(value.keys, value.values, strict=True):
                item = _number(element)
                if item is None or key is None:
                    continue
                # a literal key as its repr, an enum member (Altitude.GPS) as written
                label = repr(key.value) if isinstance(key, ast.Constant) else ast.unparse(key)
                for text in _steps(item):
                    yield ConstantMutant(module, f"{name}[{label}]", text, **at(element))
        elif (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr == "compile"
            and value.args
            and isinstance(value.args[0], ast.Constant)
            and isinstance(value.args[0].value, str)
        ):
            for text in _pattern_mutants(value.args[0].value):
                raw = "\\" in text and "'" not in text
                literal = f"r'{text}'" if raw else repr(text)
                yield ConstantMutant(module, name, literal, **at(value.args[0]))


def _apply(source: str, mutant: ConstantMutant) -> str:
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line.encode()))
    data = source.encode()
    start = offsets[mutant.start[0] - 1] + mutant.start[1]
    end = offsets[mutant.end[0] - 1] + mutant.end[1]
    return (data[:start] + mutant.replacement.encode() + data[end:]).decode()


def _tests_first(module: str) -> list[str]:
    """The module's own test files, tried first (its boundary files, test_engine_rules.py, before
    test_engine.py): most mutants die there within seconds."""
    stem = {"history": "rows"}.get(module, module)
    files = sorted((ROOT / "tests" / "core").glob(f"test_{stem}_*.py"))
    files += sorted((ROOT / "tests" / "core").glob(f"test_{stem}.py"))
    return [str(p.relative_to(ROOT)) for p in files]


def _copy_tree(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache", "*.pyc")
    for name in ("couchtimer", "assets", "tests"):
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", target / "pyproject.toml")


def _pytest(workdir: Path, tests: Sequence[str]) -> int:
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
    command += ["--hypothesis-profile=mutation", *tests]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        result = subprocess.run(
            command, cwd=workdir, env=env, capture_output=True, timeout=600, check=False
        )
    except subprocess.TimeoutExpired:
        return -1  # a hang is a detected change
    return result.returncode


def _check_isolation(workdir: Path) -> None:
    """The copy, not this tree, is what the tests import; and unmutated, they pass."""
    probe = subprocess.run(
        [sys.executable, "-c", "import couchtimer.core.engine as m; print(m.__file__)"],
        cwd=workdir, capture_output=True, text=True, check=True,
    )  # fmt: skip
    if not probe.stdout.strip().startswith(str(workdir)):
        sys.exit(f"constant mutants: the tests would import {probe.stdout.strip()}, not the copy")
    if _pytest(workdir, ["tests/core"]) != 0:
        sys.exit("constant mutants: tests/core fails without any mutant; fix that first")


def run_constants(modules: Sequence[str]) -> list[tuple[ConstantMutant, bool]]:
    """Every constant mutant of ``modules``, and whether the tests killed it."""
    mutants = [m for module in modules for m in constant_mutants(module)]
    log(f"constant mutants: {len(mutants)} in {len(modules)} modules, {WORKERS} at a time")
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        workdirs = [
            Path(stack.enter_context(tempfile.TemporaryDirectory())) for _ in range(WORKERS)
        ]
        for workdir in workdirs:
            _copy_tree(workdir)
        _check_isolation(workdirs[0])
        free = list(workdirs)

        def one(mutant: ConstantMutant) -> tuple[ConstantMutant, bool]:
            workdir = free.pop()
            path = workdir / "couchtimer" / "core" / f"{mutant.module}.py"
            original = path.read_text(encoding="utf-8")
            try:
                path.write_text(_apply(original, mutant), encoding="utf-8")
                first = _tests_first(mutant.module)
                killed = bool(first) and _pytest(workdir, first) != 0
                killed = killed or _pytest(workdir, ["tests/core"]) != 0
            finally:
                path.write_text(original, encoding="utf-8")
                free.append(workdir)
            return mutant, killed

        with ThreadPoolExecutor(WORKERS) as pool:
            outcomes = list(pool.map(one, mutants))
    log(f"constant mutants done in {time.monotonic() - started:.0f} s")
    return outcomes


# --- the record: docs/mutation-score.txt and docs/mutation-tests.txt ---------------------------


@dataclass
class ModuleRecord:
    module: str
    mutants: int
    killed: int
    survived: int  # not killed and not listed as equivalent (or not run at all)
    equivalent: int
    constants_killed: int
    constants_survived: int
    constants_equivalent: int
    key: str
    recorded: str  # "<commit>[+] <date>": the commit the run started from, "+" if files differed
    survivors: list[str]

    @property
    def score(self) -> float:
        counted = self.mutants - self.equivalent
        return 100.0 * self.killed / counted if counted else 100.0

    def problems(self) -> list[str]:
        out = []
        if self.score < THRESHOLD:
            out.append(f"{self.module}.py scores {self.score:.1f} %, under {THRESHOLD:.0f} %")
        if self.constants_survived:
            out.append(f"{self.module}.py: {self.constants_survived} constant mutants survive")
        return out


_HEADER = """\
# Written by scripts/mutation.py (`make mutate`, `make mutate MODULES="engine cues"`); checked by
# `make mutate-ci` in CI, which re-mutates a module only when its key no longer matches: the key
# hashes the module's code, the tests that ran it (docs/mutation-tests.txt) and what they use.
# "recorded" is the commit the module's run started from ("+": with changes not yet committed).
"""
_COLUMNS = (
    f"{'module':<15}{'mutants':>8}{'killed':>8}{'survived':>9}{'equiv.':>7}{'score':>8}"
    f"{'constants':>11}{'c.eq.':>6}  {'key':<17}recorded"
)
_ROW = re.compile(
    r"^(?P<module>\w+)\.py +(?P<mutants>\d+) +(?P<killed>\d+) +(?P<survived>\d+) +"
    r"(?P<equivalent>\d+) +[\d.]+% +(?P<ck>\d+)/(?P<ct>\d+) +(?P<ce>\d+)  "
    r"(?P<key>[0-9a-f]{16}) (?P<recorded>\S+ \S+ \S+)$"
)


def render_record(records: dict[str, ModuleRecord]) -> str:
    rows = [records[m] for m in sorted(records)]
    lines = [_HEADER.rstrip("\n"), f"status: {status_of(rows)}", ""]
    survivors = [f"  {name}" for r in rows for name in r.survivors]
    if survivors:
        lines += ["surviving (each a missing test, or an equivalent mutant to list):", *survivors]
        lines.append("")
    lines.append(_COLUMNS)
    for r in rows:
        constants = f"{r.constants_killed}/{r.constants_killed + r.constants_survived}"
        lines.append(
            f"{r.module + '.py':<15}{r.mutants:>8}{r.killed:>8}{r.survived:>9}{r.equivalent:>7}"
            f"{r.score:>7.1f}%{constants:>11}{r.constants_equivalent:>6}  {r.key} {r.recorded}"
        )
    lines += total_lines(rows)
    return "\n".join(lines) + "\n"


def total_lines(rows: Sequence[ModuleRecord]) -> list[str]:
    """The constant mutants' line, then the score's (the last line of `make mutate`)."""
    killed = sum(r.killed for r in rows)
    counted = sum(r.mutants - r.equivalent for r in rows)
    equivalent = sum(r.equivalent for r in rows)
    percent = 100.0 * killed / counted if counted else 100.0
    constants = sum(r.constants_killed for r in rows)
    alive = sum(r.constants_survived for r in rows)
    excused = sum(r.constants_equivalent for r in rows)
    return [
        f"constant mutants: {constants} killed of {constants + alive}, {excused} equivalent, "
        f"{alive} surviving",
        f"mutation score: {percent:.1f} % ({killed} killed of {counted}, {equivalent} equivalent)",
    ]


def status_of(rows: Sequence[ModuleRecord]) -> str:
    problems = [p for r in rows for p in r.problems()]
    return "fail: " + "; ".join(problems) if problems else "pass"


class RecordError(Exception):
    pass


def read_record() -> dict[str, ModuleRecord]:
    """The recorded modules; RecordError when the file is missing or not as written."""
    if not RESULTS.exists():
        raise RecordError(f"{RESULTS.relative_to(ROOT)} is missing")
    text = RESULTS.read_text(encoding="utf-8")
    records: dict[str, ModuleRecord] = {}
    for line in text.splitlines():
        match = _ROW.match(line)
        if match:
            g = match.groupdict()
            records[g["module"]] = ModuleRecord(
                module=g["module"],
                mutants=int(g["mutants"]),
                killed=int(g["killed"]),
                survived=int(g["survived"]),
                equivalent=int(g["equivalent"]),
                constants_killed=int(g["ck"]),
                constants_survived=int(g["ct"]) - int(g["ck"]),
                constants_equivalent=int(g["ce"]),
                key=g["key"],
                recorded=g["recorded"],
                survivors=[],
            )
    for line in text.splitlines():
        match = re.match(r"^  ((?:constant |couchtimer\.core\.)(\w+)\..*)$", line)
        if match and match.group(2) in records:
            records[match.group(2)].survivors.append(match.group(1))
    if render_record(records) != text:
        raise RecordError(
            f"{RESULTS.relative_to(ROOT)} is not as scripts/mutation.py writes it (edited by hand, "
            "or a merge mixed two records): record the modules again"
        )
    return records


def read_tests_map() -> dict[str, set[str]]:
    """Test -> the modules it ran (or named a constant of) when they were recorded."""
    found: dict[str, set[str]] = {}
    if not TESTS_MAP.exists():
        return found
    path = ""
    for line in TESTS_MAP.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        if not line.startswith(" "):
            path = line
            continue
        name, _, modules = line.strip().partition(": ")
        found[f"{path}::{name}"] = set(modules.split())
    return found


def write_tests_map(tests: dict[str, set[str]]) -> None:
    lines = [
        "# Written by scripts/mutation.py: the core tests that ran each core module's code",
        "# (mutmut's trace) or name one of its constants, when the module was recorded. A",
        "# module's key hashes these tests (docs/mutation-score.txt); a test not listed does",
        "# not change it.",
    ]
    path = ""
    for test in sorted(t for t, modules in tests.items() if modules):
        file, _, name = test.partition("::")
        if file != path:
            lines.append(file)
            path = file
        lines.append(f"  {name}: {' '.join(sorted(tests[test]))}")
    TESTS_MAP.write_text("\n".join(lines) + "\n", encoding="utf-8")


def tests_of(tests: dict[str, set[str]], module: str) -> set[str]:
    return {test for test, modules in tests.items() if module in modules}


def _git(*args: str) -> str:
    result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else ""


def recorded_at() -> str:
    commit = _git("rev-parse", "--short=10", "HEAD") or "no-git"
    changed = _git(
        "status", "--porcelain", "--", "couchtimer/core", "tests", "scripts", "pyproject.toml"
    )
    stamp = time.strftime("%Y-%m-%d %H:%MZ", time.gmtime())
    return f"{commit}{'+' if changed else ''} {stamp}"


def snapshot() -> str:
    """A hash of every file a run reads, to refuse recording a run the tree changed under."""
    digest = hashlib.sha256()
    for pattern in (
        "couchtimer/**/*.py", "tests/**/*.py", "assets/programmes/*", "tests/data/**/*",
        "scripts/mutation*", "pyproject.toml",
    ):  # fmt: skip
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def stale_modules(records: dict[str, ModuleRecord]) -> list[str]:
    tests = read_tests_map()
    return [
        m
        for m in core_modules()
        if m not in records or records[m].key != module_key(m, tests_of(tests, m))
    ]


def estimated_mutants(module: str, records: dict[str, ModuleRecord]) -> int:
    """The recorded count, or for a module not yet recorded about one per line of its functions
    (1.0 to 1.3 in the modules recorded so far)."""
    if module in records:
        return records[module].mutants
    tree = ast.parse((CORE / f"{module}.py").read_text(encoding="utf-8"))
    lines = {
        line
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for line in range(node.lineno, (node.end_lineno or node.lineno) + 1)
    }
    return round(1.3 * len(lines))


# --- commands ------------------------------------------------------------------------------------


def command_run(modules: Sequence[str]) -> int:
    chosen = sorted(set(modules)) or core_modules()
    unknown = sorted(set(chosen) - set(core_modules()))
    if unknown:
        sys.exit(f"not a mutated core module: {', '.join(unknown)}")
    before = snapshot()
    recorded = recorded_at()
    started = time.monotonic()
    prepare_mutants_dir(fresh=True)  # a fresh trace: mutmut would not re-trace a changed test
    run_mutmut(chosen if modules else [])
    return record(chosen, before, recorded, started)


def command_record(modules: Sequence[str]) -> int:
    """Record the modules of an interrupted run (mutants/) whose every mutant was checked:
    their constant mutants are run now. The tree must be as the run found it."""
    scores, _, _ = mutmut_scores(core_modules())
    finished = [s.module for s in scores if not s.unchecked]
    chosen = sorted(set(modules) & set(finished)) if modules else finished
    log(f"every mutant checked: {', '.join(finished)}; recording {', '.join(chosen)}")
    if not chosen:
        return 1
    return record(chosen, snapshot(), recorded_at(), time.monotonic())


def record(chosen: Sequence[str], before: str, recorded: str, started: float) -> int:
    """Score ``chosen`` from mutants/, run their constant mutants, and record them."""
    scores, survivors, used = mutmut_scores(chosen)
    outcomes = run_constants(chosen)
    traced = traced_tests(chosen)
    minutes = (time.monotonic() - started) / 60
    every = equivalents()
    listed = constant_equivalents(every)
    excused = {m.label for m, dead in outcomes if not dead and m.label in listed}
    used |= {_entry_id(listed[label]) for label in excused}
    unused = [
        f"{e.name} ({e.contains})" if e.contains else e.name
        for e in every
        if _equivalent_of(e) in chosen and _entry_id(e) not in used
    ]
    for name in survivors:
        log(f"surviving: {name}   (see it: .venv/bin/mutmut show '{name.split(' ')[0]}')")
    for name in unused:
        log(f"FAIL: {EQUIVALENTS.name} lists {name!r}, which no surviving mutant matches")
    if snapshot() != before:
        log("FAIL: files changed during the run, so it is not recorded; run it again")
        return 1
    try:
        records = read_record()
    except RecordError as error:
        log(f"starting a new record ({error})")
        records = {}
    tests = read_tests_map()
    for module in chosen:
        for covered in tests.values():
            covered.discard(module)
        for test in traced[module] | constant_tests(module):
            tests.setdefault(test, set()).add(module)
    present = set(core_modules())
    tests = {t: {m for m in ms if m in present} for t, ms in tests.items()}
    write_tests_map(tests)
    by_module = {s.module: s for s in scores}
    for module in chosen:
        score = by_module[module]
        mine = [(m, dead) for m, dead in outcomes if m.module == module]
        alive = [m.label for m, dead in mine if not dead and m.label not in listed]
        records[module] = ModuleRecord(
            module=module,
            mutants=score.total,
            killed=score.killed,
            survived=score.survived + score.unchecked,
            equivalent=score.equivalent,
            constants_killed=sum(1 for _, dead in mine if dead),
            constants_survived=len(alive),
            constants_equivalent=sum(1 for m, dead in mine if not dead and m.label in listed),
            key=module_key(module, tests_of(tests, module)),
            recorded=recorded,
            survivors=sorted(
                [s.split(" (")[0] for s in survivors if s.startswith(f"couchtimer.core.{module}.")]
                + alive
            ),
        )
    records = {m: r for m, r in records.items() if m in present}
    RESULTS.write_text(render_record(records), encoding="utf-8")
    log(f"recorded {', '.join(chosen)} in {RESULTS.relative_to(ROOT)} ({minutes:.1f} min)")
    log(RESULTS.read_text(encoding="utf-8").rstrip())
    failed = [p for m in chosen for p in records[m].problems()]
    return 1 if failed or unused else 0


def command_report() -> int:
    scores, survivors, _ = mutmut_scores(core_modules())
    for name in survivors:
        log(f"surviving: {name}")
    for line in [*table(scores), score_line(scores)]:
        log(line)
    return 0


def command_constants(modules: Sequence[str]) -> int:
    listed = constant_equivalents(equivalents())
    outcomes = run_constants(list(modules) or core_modules())
    alive = [m.label for m, dead in outcomes if not dead]
    for label in alive:
        log(f"  {'equivalent' if label in listed else 'surviving'}: {label}")
    killed = len(outcomes) - len(alive)
    excused = len(set(alive) & set(listed))
    log(f"constant mutants: {killed} killed, {len(alive)} not ({excused} listed as equivalent)")
    return 1 if set(alive) - set(listed) else 0


def command_stale() -> int:
    try:
        stale = stale_modules(read_record())
    except RecordError as error:
        log(f"mutation record: {error}")
        return 1
    log(f"stale: {' '.join(stale)}" if stale else "nothing stale")
    return 1 if stale else 0


def command_ci() -> int:
    started = time.monotonic()
    try:
        records = read_record()
    except RecordError as error:
        log(f"FAIL: mutation record: {error}")
        return 1
    stale = stale_modules(records)
    if stale:
        estimate = sum(estimated_mutants(m, records) for m in stale)
        log(
            f"mutation: changed since the record: {', '.join(m + '.py' for m in stale)} "
            f"(about {estimate} mutants)"
        )
        if estimate > CI_BUDGET_MUTANTS:
            log(
                f"FAIL: more than CI re-runs ({CI_BUDGET_MUTANTS} mutants): record them with "
                f'`make mutate MODULES="{" ".join(stale)}"` and commit docs/mutation-*.txt'
            )
            return 1
        if importlib.util.find_spec("mutmut") is None:
            log("mutation: mutmut is not installed (`make mutate-ci` installs it and calls again)")
            return 3
        command_run(stale)
        records = read_record()
    rows = [records[m] for m in core_modules()]
    log(f"mutation record, checked in {time.monotonic() - started:.1f} s:")
    log(RESULTS.read_text(encoding="utf-8").rstrip())
    problems = [p for r in rows for p in r.problems()]
    for problem in problems:
        log(f"FAIL: {problem}")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run")
    run.add_argument("modules", nargs="*")
    constants = sub.add_parser("constants")
    constants.add_argument("modules", nargs="*")
    record_parser = sub.add_parser("record")
    record_parser.add_argument("modules", nargs="*")
    sub.add_parser("report")
    sub.add_parser("stale")
    sub.add_parser("ci")
    args = parser.parse_args()
    if args.command == "run":
        return command_run(args.modules)
    if args.command == "constants":
        return command_constants(args.modules)
    if args.command == "record":
        return command_record(args.modules)
    if args.command == "report":
        return command_report()
    if args.command == "stale":
        return command_stale()
    return command_ci()


if __name__ == "__main__":
    sys.exit(main())
