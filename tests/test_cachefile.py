"""The one way the user's cache files are written (``cachefile.write_cache``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from couchtimer.cachefile import write_cache


def test_a_cache_file_is_written_whole_and_private(tmp_path: Path) -> None:
    file = tmp_path / "cache" / "couchtimer" / "kept.marshal"
    write_cache(file, b"first")
    write_cache(file, b"second")
    assert file.read_bytes() == b"second"
    assert file.stat().st_mode & 0o777 == 0o600
    assert file.parent.stat().st_mode & 0o777 == 0o700
    assert sorted(p.name for p in file.parent.iterdir()) == ["kept.marshal"]


def test_a_cache_file_is_never_written_through_a_link(tmp_path: Path) -> None:
    """A link left at the part file's name, or standing at the file's: neither is followed."""
    target = tmp_path / "elsewhere"
    target.write_bytes(b"mine")
    file = tmp_path / "kept.marshal"
    (tmp_path / f".kept.marshal.{os.getpid()}").symlink_to(target)
    write_cache(file, b"code")
    assert (target.read_bytes(), file.read_bytes()) == (b"mine", b"code")
    file.unlink()
    file.symlink_to(target)
    write_cache(file, b"again")
    assert not file.is_symlink()
    assert (target.read_bytes(), file.read_bytes()) == (b"mine", b"again")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "kept.marshal"]


def test_a_cache_file_that_cannot_be_written_is_an_os_error_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    with pytest.raises(FileExistsError):  # its folder cannot be made: a file is there
        write_cache(blocked / "kept.marshal", b"code")
    folder = tmp_path / "folder"
    (folder / "kept.marshal").mkdir(parents=True)  # a folder where the file goes
    with pytest.raises(IsADirectoryError):
        write_cache(folder / "kept.marshal", b"code")
    assert sorted(p.name for p in folder.iterdir()) == ["kept.marshal"]
