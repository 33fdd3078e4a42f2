"""The checkout itself: no merge left half done (conflict markers in a committed text file)."""

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
