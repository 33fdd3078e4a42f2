#!/usr/bin/env python3
"""Mutation testing of couchtimer/core: ``make mutate`` and its CI check (docs/DESIGN.md).

  run [MODULE ...]   mutmut over couchtimer/core against tests/core, then the constant mutants,
                     then the per-module table and the last line
                     ``mutation score: X % (N killed of M, E equivalent)``. Without modules it is
                     the full run: it starts from a fresh mutants/ and records the result in
                     docs/mutation-score.txt. With modules (``run engine cues``) it re-runs only
                     their mutants, for quick iteration, and records nothing.
  constants          only the constant mutants (module-level numbers and patterns, see below).
  report             the table from the last run's results in mutants/.
  ci                 what CI runs: if couchtimer/core and its tests are unchanged since the
                     recorded result (same hash), check the recorded score; otherwise do the
                     full run. Fails when any module scores under 95 % or a constant mutant
                     survives.

mutmut mutates code inside functions only; module-level constants (the thresholds the rules are
about) are mutated here instead, one at a time: every number by one step up and one step down
(whole numbers by 1; a float by half its leading digit's unit: 1.0 by 0.5, 0.8 by 0.05), every
number in a tuple of numbers, and each anchor and bounded repeat in a compiled pattern.

Equivalent mutants (no test can tell them apart from the code) are listed, each with the code it
must contain and why, in scripts/mutation-equivalents.toml; they leave the score's denominator.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import fnmatch
import hashlib
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
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "couchtimer" / "core"
MUTANTS = ROOT / "mutants"
RESULTS = ROOT / "docs" / "mutation-score.txt"
EQUIVALENTS = ROOT / "scripts" / "mutation-equivalents.toml"
THRESHOLD = 95.0
NOT_MUTATED = {"demo"}  # demo data, no rule (see [tool.mutmut] in pyproject.toml)
# What the result depends on: the code, its tests and what they read, and this tooling.
HASHED = (
    "couchtimer/core/*.py",
    "tests/core/*.py",
    "tests/conftest.py",
    "tests/data/programmes/*",
    "assets/programmes/*.toml",
    "scripts/mutation.py",
    "scripts/mutation-equivalents.toml",
)
WORKERS = 2


def log(text: str) -> None:
    print(text, flush=True)


# --- what the result depends on ------------------------------------------------------------------


def _helpers() -> list[str]:
    """The tests/helpers modules that the core tests and conftest.py import (not the desktop
    helpers of the end-to-end tests, which change without bearing on this result)."""
    sources = [*(ROOT / "tests" / "core").glob("*.py"), ROOT / "tests" / "conftest.py"]
    found: set[str] = set()
    for source in sources:
        text = source.read_text(encoding="utf-8")
        found.update(re.findall(r"from tests\.helpers\.(\w+) import", text))
    return [f"tests/helpers/{name}.py" for name in sorted(found)]


def source_hash() -> str:
    digest = hashlib.sha256()
    for pattern in (*HASHED, *_helpers()):
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    config = {
        "mutmut": pyproject["tool"]["mutmut"],
        "extra": pyproject["project"]["optional-dependencies"]["mutation"],
        "pytest": pyproject["tool"]["pytest"],
    }
    digest.update(json.dumps(config, sort_keys=True).encode())
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


def equivalents() -> dict[str, Equivalent]:
    data = tomllib.loads(EQUIVALENTS.read_text(encoding="utf-8"))
    listed = [Equivalent(e["name"], e["contains"], e["why"]) for e in data.get("mutant", [])]
    return {e.name: e for e in listed}


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
    path = MUTANTS / "couchtimer" / "core" / f"{module}.py"
    function = name.rsplit(".", 1)[1]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == function:
            return ast.get_source_segment(path.read_text(encoding="utf-8"), node)
    return None


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


def _excused(listed: Sequence[Equivalent], module: str, name: str) -> bool:
    """A listed entry names this mutant (``*`` in a name matches any mutant number) and the
    mutant's code contains what the entry says it changes."""
    matching = [e for e in listed if fnmatch.fnmatchcase(name, e.name)]
    if not matching:
        return False
    source = mutant_source(module, name) or ""
    return any(e.contains in source for e in matching)


def mutmut_scores(modules: Sequence[str]) -> tuple[list[ModuleScore], list[str], list[str]]:
    """Per-module counts from mutants/*.meta; the survivors' names; problems with the list of
    equivalent mutants (an entry whose mutant was killed, or whose code no longer matches)."""
    from mutmut.stats import status_by_exit_code  # the pinned mutmut's own reading of results

    listed = list(equivalents().values())
    scores: list[ModuleScore] = []
    survivors: list[str] = []
    problems: list[str] = []
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
            elif _excused(listed, module, name):
                score.equivalent += 1
            else:
                score.survived += 1
                survivors.append(f"{name} ({status})")
    return scores, survivors, problems


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


def run_constants(modules: Sequence[str]) -> tuple[int, list[str], list[str]]:
    """(killed, survivors, equivalent) over every constant mutant of ``modules``."""
    mutants = [m for module in modules for m in constant_mutants(module)]
    listed = equivalents()
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
    killed = sum(1 for _, dead in outcomes if dead)
    survivors = [m.label for m, dead in outcomes if not dead and m.label not in listed]
    excused = [m.label for m, dead in outcomes if not dead and m.label in listed]
    log(f"constant mutants done in {time.monotonic() - started:.0f} s")
    return killed, survivors, excused


# --- commands ------------------------------------------------------------------------------------


def summary(scores: list[ModuleScore], constants: tuple[int, list[str], list[str]]) -> list[str]:
    killed, survivors, excused = constants
    return [
        f"constant mutants: {killed} killed of {killed + len(survivors)}, "
        f"{len(excused)} equivalent, {len(survivors)} surviving",
        *[f"  surviving: {s}" for s in survivors],
        "",
        *table(scores),
        score_line(scores),
    ]


def failures(scores: Sequence[ModuleScore], constant_survivors: Sequence[str]) -> list[str]:
    out = [
        f"{s.module}.py scores {s.score:.1f} %, under {THRESHOLD:.0f} %"
        for s in scores
        if s.score < THRESHOLD
    ]
    out += [f"{s.module}.py: {s.unchecked} mutants not run" for s in scores if s.unchecked]
    if constant_survivors:
        out.append(f"{len(constant_survivors)} constant mutants survive")
    return out


def command_run(modules: Sequence[str]) -> int:
    full = not modules
    chosen = list(modules) or core_modules()
    unknown = sorted(set(chosen) - set(core_modules()))
    if unknown:
        sys.exit(f"not a mutated core module: {', '.join(unknown)}")
    digest = source_hash()
    started = time.monotonic()
    prepare_mutants_dir(fresh=full)
    run_mutmut([] if full else chosen)
    scores, survivors, problems = mutmut_scores(chosen)
    constants = run_constants(chosen)
    lines = summary(scores, constants)
    for name in survivors:
        log(f"surviving: {name}   (see it: .venv/bin/mutmut show '{name.split(' ')[0]}')")
    for problem in problems:
        log(f"equivalents list: {problem}")
    failed = failures(scores, constants[1]) + problems
    minutes = (time.monotonic() - started) / 60
    if full:
        RESULTS.write_text(
            "# Written by `make mutate` (scripts/mutation.py); CI reruns it if the hash changes.\n"
            f"hash: {digest}\n"
            f"took: {minutes:.1f} min on {os.cpu_count()} cores\n"
            f"status: {'fail: ' + '; '.join(failed) if failed else 'pass'}\n\n"
            + "\n".join(lines)
            + "\n",
            encoding="utf-8",
        )
        log(f"recorded in {RESULTS.relative_to(ROOT)} ({minutes:.1f} min)")
    for failure in failed:
        log(f"FAIL: {failure}")
    for line in lines:
        log(line)
    return 1 if failed else 0


def command_report() -> int:
    scores, survivors, problems = mutmut_scores(core_modules())
    for name in survivors:
        log(f"surviving: {name}")
    for problem in problems:
        log(f"equivalents list: {problem}")
    for line in [*table(scores), score_line(scores)]:
        log(line)
    return 0


def command_constants(modules: Sequence[str]) -> int:
    killed, survivors, excused = run_constants(list(modules) or core_modules())
    for label in excused:
        log(f"  equivalent: {label}")
    for label in survivors:
        log(f"  surviving: {label}")
    log(f"constant mutants: {killed} killed, {len(excused)} equivalent, {len(survivors)} surviving")
    return 1 if survivors else 0


def command_ci() -> int:
    recorded = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    fields = dict(
        line.split(": ", 1) for line in recorded.splitlines() if re.match(r"^(hash|status): ", line)
    )
    digest = source_hash()
    if fields.get("hash") == digest:
        log(f"mutation: couchtimer/core and its tests unchanged since the recorded run ({digest})")
        log(recorded.rstrip())
        return 0 if fields.get("status") == "pass" else 1
    log(
        f"mutation: recorded hash {fields.get('hash', 'none')} != {digest}: core or its tests "
        "changed, so the full run follows (record it with `make mutate` to skip this in CI)"
    )
    return command_run([])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run")
    run.add_argument("modules", nargs="*")
    constants = sub.add_parser("constants")
    constants.add_argument("modules", nargs="*")
    sub.add_parser("report")
    sub.add_parser("ci")
    args = parser.parse_args()
    if args.command == "run":
        return command_run(args.modules)
    if args.command == "constants":
        return command_constants(args.modules)
    if args.command == "report":
        return command_report()
    return command_ci()


if __name__ == "__main__":
    sys.exit(main())
