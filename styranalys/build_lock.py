"""One build per published folder at a time.

A build holds an operating-system file lock for ``OUT`` (the system releases it when the
process ends, however it ends: a lock left by a killed build is simply taken over). The lock
file lies in the system's temporary folder, named after ``OUT``'s full path, so nothing is
added to the folder that is published. A second build waits for it, saying so, up to
``wait`` seconds, and then gives up with :class:`BuildLocked`. Under the lock, staging
folders that a killed build left behind are removed.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .environment import EnvironmentProblem

__all__ = ["BuildLocked", "build_lock", "lock_path"]


def lock_path(out: Path) -> Path:
    """The lock file of the published folder ``out``."""
    key = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"styranalys-bygge-{key}.lock"


class BuildLocked(EnvironmentProblem):
    """Another build holds the folder and did not finish in time."""


def _try_lock(handle) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip() or "okänd"
    except (OSError, UnicodeError):
        return "okänd"


@contextlib.contextmanager
def build_lock(out: Path, wait: float = 0.0,
               log: Callable[[str], None] = print) -> Iterator[None]:
    """Hold the build lock of ``out`` for the block (see the module docstring)."""
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(out))
    out.mkdir(parents=True, exist_ok=True)
    path = lock_path(out)
    handle = path.open("a+", encoding="ascii")
    try:
        deadline = time.monotonic() + max(0.0, wait)
        told = False
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise BuildLocked(f"Ett annat bygge (process {_holder(path)}) arbetar redan i "
                                  f"{out}. Försök igen när det är klart, eller vänta längre "
                                  "med --wait SEKUNDER.")
            if not told:
                log(f"Väntar på ett annat bygge i {out} (process {_holder(path)}) …")
                told = True
            time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        for left in out.glob(".bygge-*"):  # staging of a build that was killed
            if left.is_dir():
                shutil.rmtree(left, ignore_errors=True)
        yield
    finally:
        handle.close()  # closing releases the lock
