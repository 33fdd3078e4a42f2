"""Shipped and user programmes: list them and resolve ``--programme ID|PATH``."""

from __future__ import annotations

from pathlib import Path

from couchtimer import resources
from couchtimer.core.errors import ProgrammeError
from couchtimer.core.programme import Programme, load_programme

DEFAULT_PROGRAMME = "nhs-c25k"


def shipped_programmes() -> list[Programme]:
    return [load_programme(path) for path in sorted(resources.programmes_dir().glob("*.toml"))]


def resolve_programme(spec: str | None) -> Programme:
    """A shipped programme by id, or a programme file by path (anything with a / or .toml)."""
    spec = spec or DEFAULT_PROGRAMME
    if "/" in spec or spec.endswith(".toml"):
        return load_programme(Path(spec).expanduser())
    path = resources.programmes_dir() / f"{spec}.toml"
    if path.is_file():
        return load_programme(path)
    known = ", ".join(p.stem for p in sorted(resources.programmes_dir().glob("*.toml")))
    raise ProgrammeError(
        f"no programme called {spec!r}; choose one of: {known}, or give the path of a .toml file"
    )
