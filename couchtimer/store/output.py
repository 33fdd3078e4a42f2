"""Writing a file the user asked for (``export -o``, ``report -o``): health data, so with care.

- A regular file or a new path is replaced atomically by a 0600 file. The data is first written
  to an unnamed file in the target's folder (Linux ``O_TMPFILE``): a kill at any moment before
  the last step leaves nothing behind. Where there is no ``O_TMPFILE``, the temporary file is
  named ``.NAME.PID.couchtimer-tmp``, 0600, and removed on every failure path; one a killed
  process left behind is removed the next time anything is written to that folder.
- A FIFO or a character device (``/dev/null``, a terminal) is written to as a stream, never
  replaced: as root, replacing ``/dev/null`` with a file of health data would break the system.
  ``-`` is standard output.
- A folder, a block device, a socket, an empty name, or a symbolic link to anything but a stream
  is refused with a message saying what to give instead. Nothing follows a link to replace a file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from couchtimer.store.errors import StoreError

FILE_MODE = 0o600
TEMP_SUFFIX = ".couchtimer-tmp"


class OutputError(StoreError):
    """The file the user named cannot be written; the message says what to give instead."""


def check_output(target: str | os.PathLike[str], example: str) -> str:
    """How ``target`` would be written: "stdout", "stream" (a FIFO or device) or "file"
    (replaced or created). Raises OutputError, before any work is done, where it cannot be.
    ``example`` is a file name the messages suggest (``history.json``)."""
    name = os.fspath(target)
    if name == "":
        raise OutputError(f"no file name given; name the file to write, e.g. -o {example}")
    if name == "-":
        return "stdout"
    path = Path(name)
    try:
        info = path.lstat()
    except FileNotFoundError:
        return "file"
    except OSError as exc:
        raise _cannot(path, exc) from None
    if stat.S_ISLNK(info.st_mode):
        try:
            followed = path.stat()
        except OSError:
            followed = None
        if followed is not None and _is_stream(followed.st_mode):
            return "stream"
        raise OutputError(
            f"{path} is a symbolic link; CouchTimer does not write through links to replace a "
            "file. Give the path of the file itself, or a new name."
        )
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{path} is a folder; give a file name in it, e.g. -o {path / example}")
    if _is_stream(info.st_mode):
        return "stream"
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(
            f"{path} is a device or socket, not a file; give the path of a file to write"
        )
    return "file"


def write_output(target: str | os.PathLike[str], data: bytes, example: str) -> str:
    """Write ``data`` to ``target`` as ``check_output`` says; returns what it said."""
    kind = check_output(target, example)
    if kind == "stdout":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    elif kind == "stream":
        _stream(Path(os.fspath(target)), data)
    else:
        _replace(Path(os.fspath(target)), data)
    return kind


@contextlib.contextmanager
def replacing(target: str | os.PathLike[str], example: str) -> Iterator[BinaryIO]:
    """A 0600 file to write ``target``'s new content into, in blocks (a file too big to hold in
    memory: a workout's audio); it replaces ``target`` only once the block ends without an error,
    and is removed otherwise. Only a regular file or a new path: a stream cannot be rewound, which
    some file formats need."""
    kind = check_output(target, example)
    if kind != "file":
        raise OutputError(f"{os.fspath(target)} is not a file; give a file name, e.g. -o {example}")
    path = Path(os.fspath(target))
    sweep_stale(path.parent)
    with _named_temporary(path) as stream:
        yield stream


@contextlib.contextmanager
def _named_temporary(path: Path) -> Iterator[BinaryIO]:
    """A new 0600 file beside ``path`` (never through a link) that replaces it, flushed and
    synced, once the block ends without an error; removed otherwise."""
    temporary = path.parent / f".{path.name}.{os.getpid()}{TEMP_SUFFIX}"
    try:
        temporary.unlink(missing_ok=True)
        fd = os.open(
            temporary,
            os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
            FILE_MODE,
        )
        os.fchmod(fd, FILE_MODE)
    except OSError as exc:
        raise _cannot(path, exc) from None
    try:
        with os.fdopen(fd, "w+b") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        temporary.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise _cannot(path, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise


def _is_stream(mode: int) -> bool:
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def _cannot(path: Path, exc: OSError) -> OutputError:
    return OutputError(
        f"CouchTimer cannot write {path}: {exc.strerror or exc}. "
        "Choose a folder that exists and that you may write to."
    )


def _stream(path: Path, data: bytes) -> None:
    """Write to a FIFO or device as it is: no create, no truncate, no rename, no chmod."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
    except OSError as exc:
        raise _cannot(path, exc) from None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _replace(path: Path, data: bytes) -> None:
    folder = path.parent
    sweep_stale(folder)
    try:
        fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, FILE_MODE)
    except (AttributeError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR):
            raise _cannot(path, exc) from None
        _replace_named(path, data)  # no O_TMPFILE here: a named 0600 file, always cleaned up
        return
    temporary = folder / f".{path.name}.{os.getpid()}{TEMP_SUFFIX}"
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            _write_all(fd, data)
            os.fsync(fd)
            temporary.unlink(missing_ok=True)
            _name_unnamed(fd, temporary)  # the unnamed file gets a name ...
        finally:
            os.close(fd)
        temporary.replace(path)  # ... and at once the one asked for
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        if exc.errno == errno.ENOENT and not Path("/proc/self/fd").is_dir():
            _replace_named(path, data)  # no /proc: the named way
            return
        raise _cannot(path, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise


def _name_unnamed(fd: int, name: Path) -> None:
    """linkat(AT_SYMLINK_FOLLOW) from /proc/self/fd: a plain link() would link the proc link."""
    fds = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.link(str(fd), name, src_dir_fd=fds, follow_symlinks=True)
    finally:
        os.close(fds)


def _replace_named(path: Path, data: bytes) -> None:
    with _named_temporary(path) as stream:
        stream.write(data)


def sweep_stale(folder: Path) -> list[Path]:
    """Remove temporary files that a killed CouchTimer left in ``folder`` (ours: our user's,
    our suffix, and the process that made it gone). Returns what was removed."""
    removed: list[Path] = []
    try:
        candidates = [p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return removed
    for candidate in candidates:
        pid_text = candidate.name.removesuffix(TEMP_SUFFIX).rsplit(".", 1)[-1]
        try:
            info = candidate.lstat()
            if not pid_text.isdigit() or info.st_uid != os.geteuid():
                continue
            if not stat.S_ISREG(info.st_mode) or _alive(int(pid_text)):
                continue
            candidate.unlink()
            removed.append(candidate)
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # gone, or a number no process can have
        return False
    except PermissionError:  # another user's process
        return True
    return True
