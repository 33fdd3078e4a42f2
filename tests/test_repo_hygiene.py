"""The checkout itself: no merge left half done (conflict markers in a committed text file), no
module outside the core over the house's size (docs/DESIGN.md, "Layers: who may import whom")."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^(<{7}|>{7})( |$)|^={7}$", re.MULTILINE)


def test_no_text_file_holds_merge_conflict_markers() -> None:
    """A conflict resolved by hand leaves its markers only by mistake (DESIGN.md once kept
    some in its Dependencies table); ruff sees them in Python, nothing saw them in the docs."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode != 0:  # not a git checkout (a tarball): every file below the root
        files = [p for p in ROOT.rglob("*") if p.is_file() and ".venv" not in p.parts]
    else:
        files = [ROOT / name for name in listed.stdout.decode().split("\0") if name]
    found = []
    for path in files:
        if path.suffix not in {".md", ".py", ".toml", ".txt", ".cfg", ".ini", ".yml", ".sh", ""}:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found += [f"{path.relative_to(ROOT)}: {m.group(0)!r}" for m in MARKER.finditer(text)]
    assert found == []


def test_the_marker_pattern_finds_each_kind_of_marker() -> None:
    text = "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> main\nd\n"
    assert [m.group(0).strip() for m in MARKER.finditer(text)] == ["<<<<<<<", "=======", ">>>>>>>"]
    assert MARKER.findall("a heading\n=========\n") == []  # a longer rule is not a marker


#: The most lines a module outside ``couchtimer/core`` may have (issue 14): past it, a module
#: holds more than one job and is split (the pure core keeps its rule tables whole).
MAX_MODULE_LINES = 500


def too_long(package: Path, limit: int) -> list[str]:
    """The modules under ``package``, outside its ``core``, with more than ``limit`` lines."""
    found = []
    for path in sorted(package.rglob("*.py")):
        if "core" in path.relative_to(package).parts[:1]:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            found.append(f"{path.relative_to(package.parent)}: {lines} lines")
    return found


def test_no_module_outside_the_core_passes_500_lines() -> None:
    assert MAX_MODULE_LINES == 500
    assert too_long(ROOT / "couchtimer", MAX_MODULE_LINES) == []


def test_the_line_count_rule_counts_at_the_limit_and_skips_the_core(tmp_path: Path) -> None:
    package = tmp_path / "couchtimer"
    (package / "core").mkdir(parents=True)
    (package / "ui").mkdir()
    (package / "core" / "rules.py").write_text("x = 1\n" * 9, encoding="utf-8")
    (package / "ui" / "at.py").write_text("x = 1\n" * 5, encoding="utf-8")
    (package / "ui" / "over.py").write_text("x = 1\n" * 6, encoding="utf-8")
    (package / "top.py").write_text("x = 1\n" * 6, encoding="utf-8")
    assert too_long(package, 5) == ["couchtimer/top.py: 6 lines", "couchtimer/ui/over.py: 6 lines"]
