"""The recorded mutation score and CI's check of it (scripts/mutation.py, `make mutate-ci`).

Each test copies what the script reads into a temporary tree, writes a record there with the
script's own functions (as `make mutate` would after running mutmut), and then runs the real
``scripts/mutation.py`` command in that tree, as CI does.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What the script reads (scripts/mutation.py: module_key and DATA_FILES).
COPIED = (
    "couchtimer/core",
    "couchtimer/programmes.py",
    "tests/__init__.py",
    "tests/conftest.py",
    "tests/core",
    "tests/helpers",
    "tests/data/programmes",
    "assets/programmes",
    "scripts/mutation.py",
    "scripts/mutation-equivalents.toml",
    "pyproject.toml",
)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    for name in COPIED:
        source = ROOT / name
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=ignore)
        else:
            shutil.copy2(source, tmp_path / name)
    (tmp_path / "docs").mkdir()
    return tmp_path


def load(tree: Path) -> ModuleType:
    """The copy's scripts/mutation.py as a module (its paths are the copy's)."""
    spec = importlib.util.spec_from_file_location("mutation_copy", tree / "scripts/mutation.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def record(tree: Path, *, killed: int = 100, mutants: int = 100, key: str | None = None) -> None:
    """A record of every core module as a run would leave it: each module ran by the tests of
    its own test files (test_<module>*.py), ``killed`` of ``mutants`` killed."""
    mutation = load(tree)
    tests: dict[str, set[str]] = {}
    for module in mutation.core_modules():
        stem = {"history": "rows"}.get(module, module)
        for path in sorted((tree / "tests/core").glob(f"test_{stem}*.py")):
            for name in mutation._test_file(path).tests:
                tests.setdefault(f"{path.relative_to(tree)}::{name}", set()).add(module)
    mutation.write_tests_map(tests)
    records = {
        module: mutation.ModuleRecord(
            module=module,
            mutants=mutants,
            killed=killed,
            survived=mutants - killed,
            equivalent=0,
            constants_killed=2,
            constants_survived=0,
            constants_equivalent=0,
            key=key or mutation.module_key(module, mutation.tests_of(tests, module)),
            recorded="0123456789 2026-12-02 14:00Z",
            survivors=[],
        )
        for module in mutation.core_modules()
    }
    mutation.RESULTS.write_text(mutation.render_record(records), encoding="utf-8")


def script(tree: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "scripts/mutation.py", *args],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_up_to_date_record_passes_without_mutating_anything(tree: Path) -> None:
    record(tree)
    result = script(tree, "ci")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "mutation record, checked in" in result.stdout
    assert "mutation score: 100.0 % (" in result.stdout
    assert not (tree / "mutants").exists()  # mutmut never ran


def test_a_module_under_95_percent_fails_ci(tree: Path) -> None:
    record(tree, killed=94)
    result = script(tree, "ci")
    assert result.returncode == 1
    assert "FAIL: engine.py scores 94.0 %, under 95 %" in result.stdout
    record(tree, killed=95)
    assert script(tree, "ci").returncode == 0


def test_a_new_test_leaves_the_record_current(tree: Path) -> None:
    record(tree)
    with (tree / "tests/core/test_engine_rules.py").open("a", encoding="utf-8") as file:
        file.write("\n\ndef test_added_later() -> None:\n    assert BACK_GRACE_SECONDS == 3.0\n")
    assert script(tree, "stale").stdout.strip() == "nothing stale"


def test_a_changed_test_makes_the_modules_it_ran_stale(tree: Path) -> None:
    record(tree)
    path = tree / "tests/core/test_engine_rules.py"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    assert engine.paused_seconds() == 20.0\n", ""), "utf-8")
    result = script(tree, "stale")
    assert (result.returncode, result.stdout.strip()) == (1, "stale: engine"), result.stderr


def test_a_comment_is_not_a_change_but_code_is(tree: Path) -> None:
    record(tree)
    path = tree / "couchtimer/core/clocktext.py"
    path.write_text(path.read_text(encoding="utf-8") + "# a note\n", encoding="utf-8")
    assert script(tree, "stale").stdout.strip() == "nothing stale"
    path.write_text(path.read_text(encoding="utf-8") + "EXTRA = 1\n", encoding="utf-8")
    assert script(tree, "stale").stdout.strip() == "stale: clocktext"


def test_a_helper_counts_only_for_the_tests_that_use_it(tree: Path) -> None:
    """tests/helpers/text.py: a new function there changes nothing; a change to ``exactly``
    makes stale the modules whose tests match messages with it (not clocktext's)."""
    record(tree)
    path = tree / "tests/helpers/text.py"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n\ndef shouting(message: str) -> str:\n    return message\n", "utf-8")
    assert script(tree, "stale").stdout.strip() == "nothing stale"
    path.write_text(text.replace('return f"^{re.escape(message)}$"', "return message"), "utf-8")
    stale = script(tree, "stale").stdout.split()
    assert "engine" in stale
    assert "clocktext" not in stale


def test_more_stale_mutants_than_ci_re_runs_fail_asking_for_the_record(tree: Path) -> None:
    record(tree, mutants=5000, killed=5000, key="0" * 16)
    result = script(tree, "ci")
    assert result.returncode == 1
    assert "more than CI re-runs (700 mutants)" in result.stdout
    every = " ".join(load(tree).core_modules())
    assert f'`make mutate MODULES="{every}"` and commit docs/mutation-*.txt' in result.stdout
    assert not (tree / "mutants").exists()


def test_a_record_edited_by_hand_is_refused(tree: Path) -> None:
    record(tree, killed=90)
    path = tree / "docs/mutation-score.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("status: fail", "status: pass"))
    result = script(tree, "ci")
    assert result.returncode == 1
    assert "is not as scripts/mutation.py writes it" in result.stdout


def test_a_missing_record_fails(tree: Path) -> None:
    result = script(tree, "ci")
    assert (result.returncode, result.stdout.strip()) == (
        1,
        "FAIL: mutation record: docs/mutation-score.txt is missing",
    )


def test_tests_that_name_a_constant_count_as_its_module_s_tests(tree: Path) -> None:
    mutation = load(tree)
    found = mutation.constant_tests("engine")
    assert (
        "tests/core/test_engine_rules.py::test_the_rules_constants_are_what_the_docs_say" in found
    )
    assert "tests/core/test_engine_rules.py::test_two_pauses_add_up" not in found


def _mutants(tree: Path, module: str, functions: dict[str, str]) -> None:
    """mutants/couchtimer/core/<module>.py as mutmut writes it: one function per mutant."""
    path = tree / "mutants/couchtimer/core" / f"{module}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(f"def {name}(a, b):\n    return {body}\n\n" for name, body in functions.items()),
        encoding="utf-8",
    )


def _equivalents(tree: Path, *entries: tuple[str, str]) -> None:
    (tree / "scripts/mutation-equivalents.toml").write_text(
        "".join(
            f"[[mutant]]\nname = {name!r}\ncontains = {contains!r}\nwhy = 'because'\n\n"
            for name, contains in entries
        ),
        encoding="utf-8",
    )


def test_two_entries_for_one_function_each_excuse_their_own_mutant(tree: Path) -> None:
    _mutants(tree, "cues", {"x_f__mutmut_1": "a <= b", "x_f__mutmut_2": "a < b + 1"})
    _equivalents(
        tree,
        ("couchtimer.core.cues.x_f__mutmut_*", "a <= b"),
        ("couchtimer.core.cues.x_f__mutmut_*", "a < b + 1"),
    )
    mutation = load(tree)
    listed = mutation.equivalents()
    first = mutation._excused(listed, "cues", "couchtimer.core.cues.x_f__mutmut_1")
    second = mutation._excused(listed, "cues", "couchtimer.core.cues.x_f__mutmut_2")
    assert (first.contains, second.contains) == ("a <= b", "a < b + 1")


def test_an_entry_never_excuses_another_module_s_function_of_the_same_name(tree: Path) -> None:
    _mutants(tree, "cues", {"x_f__mutmut_1": "a <= b"})
    _mutants(tree, "guidance", {"x_f__mutmut_1": "a <= b"})
    _equivalents(tree, ("couchtimer.core.cues.x_f__mutmut_*", "a <= b"))
    mutation = load(tree)
    listed = mutation.equivalents()
    assert mutation._excused(listed, "cues", "couchtimer.core.cues.x_f__mutmut_1") is not None
    assert mutation._excused(listed, "guidance", "couchtimer.core.guidance.x_f__mutmut_1") is None


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([("couchtimer.core.*.x_f__mutmut_*", "a <= b")], "names no mutated core module"),
        ([("couchtimer.core.cues.x_f__mutmut_*", "a <= b")] * 2, "is listed twice"),
        ([("constant cues._EPSILON -> 5e-10", "x")], "a constant's label says it all"),
    ],
)
def test_an_entry_that_could_excuse_the_wrong_mutant_is_refused(
    tree: Path, entries: list[tuple[str, str]], message: str
) -> None:
    _equivalents(tree, *entries)
    result = script(tree, "constants", "clocktext")
    assert result.returncode == 1
    assert message in result.stderr
