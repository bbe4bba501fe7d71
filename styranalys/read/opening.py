"""Opening files: each once for both kinds, two at a time where that pays, and without the
cyclic garbage collector walking every parsed cell."""

from __future__ import annotations

import contextlib
import contextvars
import gc
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pandas as pd

from ..problems import InputError
from .limits import ReadLimits
from .report import ReadReport
from .sources import open_sheets

__all__ = ["each_file", "gc_paused", "open_file", "sharing_sheets"]


#: While set (see :func:`sharing_sheets`), opened files by path, so reading goals and then
#: indicators from the same files parses each file once.
_OPENED: contextvars.ContextVar[dict | None] = contextvars.ContextVar("opened", default=None)


@contextlib.contextmanager
def sharing_sheets() -> Iterator[None]:
    """Within this block, each file is opened and parsed once for every kind read from it."""
    token = _OPENED.set({})
    try:
        yield
    finally:
        _OPENED.reset(token)


def open_file(path: Path, limits: ReadLimits | None) -> list:
    opened = _OPENED.get()
    key = (str(path), repr(limits))
    if opened is not None and key in opened:
        result = opened[key]
    else:
        try:
            result = open_sheets(path, limits)
        except InputError as err:
            result = err
        if opened is not None:
            opened[key] = result
    if isinstance(result, InputError):
        raise result
    return result


class _GCPause:
    """Pause the cyclic garbage collector while files are read. The parse makes a list per
    row, all alive and none in a cycle, and every collection would walk them all again:
    about a tenth of the time of reading a 100 000-row sheet. Counted, so two files read at
    once in two threads pause it once; the last one out restores it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holders = 0
        self._was_enabled = False

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._holders == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._holders += 1
        try:
            yield
        finally:
            with self._lock:
                self._holders -= 1
                if self._holders == 0 and self._was_enabled:
                    gc.enable()


gc_paused = _GCPause()


#: Files read at once by ``load``: calamine releases the GIL while it parses, so one file is
#: parsed while the other is checked and tidied. Two keep two cores busy; a third would
#: mostly wait for the GIL, and each file in flight holds its cells in memory.
READ_AHEAD = min(2, os.cpu_count() or 1)


#: Files are read ahead only if at least half of them are this large (bytes). A smaller
#: file is parsed by calamine in a millisecond or two and the rest is pandas, holding the
#: GIL, so two threads only take turns: 290 files of 10 kB took 13.5 s two at a time and
#: 10 s one at a time, while 40 files of 260 kB took 2.6-3.0 s against 3.2-3.8 s.
READ_AHEAD_FROM = 100_000


def each_file(files: list[Path], read: Callable[[Path], tuple[pd.DataFrame, ReadReport]],
               ) -> Iterator[tuple[pd.DataFrame, ReadReport]]:
    """``read(path)`` for every file, in order, up to :data:`READ_AHEAD` files at a time
    when that pays (see :data:`READ_AHEAD_FROM`), each in the caller's context, so
    :func:`sharing_sheets` holds in the threads too."""
    if len(files) < 2 or READ_AHEAD < 2 or \
            2 * sum(f.stat().st_size >= READ_AHEAD_FROM for f in files) < len(files):
        yield from map(read, files)
        return
    with gc_paused(), ThreadPoolExecutor(max_workers=READ_AHEAD) as pool:
        pending: deque[Future] = deque()
        queue = iter(files)
        for path in queue:
            pending.append(pool.submit(contextvars.copy_context().run, read, path))
            if len(pending) == READ_AHEAD:
                break
        while pending:
            done = pending.popleft().result()
            path = next(queue, None)
            if path is not None:
                pending.append(pool.submit(contextvars.copy_context().run, read, path))
            yield done
