"""A small, real file system for full-disk tests: a tmpfs that only root can mount."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def small_tmpfs(where: Path, size: str = "300k") -> Iterator[Path]:
    """Mount a ``size`` tmpfs at ``where`` for the test (skips, saying why, when not root)."""
    if (
        os.geteuid() != 0
    ):  # `make test` deselects the 'root' tests; CI runs `make test-root` as root
        message = "mounting a small tmpfs needs root: run `make test-root` as root"
        if os.environ.get("CI"):  # CI runs the root tests as root: never pass there by skipping
            pytest.fail(message)
        pytest.skip(message)
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        message = f"cannot mount a tmpfs here: {done.stderr.strip()}"
        if os.environ.get("CI"):  # CI runs these as root, where mounting works: never skip there
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(folder: Path) -> Path:
    """Write a file in ``folder`` until its file system is full; returns it (delete it to free)."""
    filler = folder / "filler"
    chunk = b"\xff" * 1024
    with filler.open("wb", buffering=0) as out:
        while True:
            try:
                out.write(chunk)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                break
    for size in (512, 64, 1):  # the last few bytes too
        with filler.open("ab", buffering=0) as out, contextlib.suppress(OSError):
            while True:
                out.write(b"\xff" * size)
    return filler
