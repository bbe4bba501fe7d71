"""``read_goals`` and ``read_indicators``: spreadsheets as municipalities keep them, tidied.

Both read one path or several (a folder: every spreadsheet in it and its subfolders), take
the sheets of their kind, and either return exactly the frame of docs/datamodell.md or raise
one :class:`InputError` that lists every problem found. What they skipped, and why, is in
``frame.attrs["styranalys"]`` and in the ``styranalys`` logger.
"""

from __future__ import annotations

import contextlib
import contextvars
import gc
import hashlib
import logging
import os
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ._duplicates import KEYS, repeated_keys
from ._table import LINK_COLUMNS, LOCATION_COLUMNS, Context, derive_id, read_sheet
from ._text import fold
from .consistency import mixed_percent_scales
from .headers import header_synonyms
from .link import link_goals
from .names import merge_case
from .problems import InputError, Problem, unique
from .schema import GOAL_DTYPES, INDICATOR_DTYPES, conform
from .vocabulary import Vocabulary
from .workbook import SPREADSHEET_SUFFIXES, ReadLimits, open_sheets

__all__ = ["ReadReport", "list_files", "load", "read_file", "read_goals", "read_indicators"]

log = logging.getLogger("styranalys")

PathLike = str | Path
Paths = PathLike | Iterable[PathLike]

_PERIODS = {"bokslut": "bokslut", "delår": "delår", "delar": "delår"}


@dataclass
class ReadReport:
    """What a read did beside the rows it returned: files, skipped sheets, notes, problems."""

    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing_values: int = 0
    data_rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: Files whose title says that their data are illustrative.
    illustrative: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"files": self.files, "skipped": self.skipped, "notes": self.notes,
                "missing_values": self.missing_values, "data_rows": self.data_rows,
                "illustrative": self.illustrative}

    def illustrative_files(self) -> list[str]:
        """The names of the files marked illustrative, in their title or their name."""
        named = [Path(f).name for f in self.files if "illustrativ" in fold(Path(f).name)]
        return list(dict.fromkeys([*named, *self.illustrative]))


def illustrative_files(reports: Iterable[ReadReport]) -> list[str]:
    """The files that any of ``reports`` found marked illustrative, each once."""
    return list(dict.fromkeys(name for r in reports for name in r.illustrative_files()))


def list_files(paths: Paths, suffixes: tuple[str, ...] = SPREADSHEET_SUFFIXES) -> list[Path]:
    """The files named by ``paths``; a folder gives every file with one of ``suffixes``
    (spreadsheets by default) in it and its subfolders, in a stable order (a folder's own
    files first, then each subfolder's, by name). Office lock files, hidden files and
    folders, and folders of Kolada data (JSON, read by ``read_kolada``) are left out."""
    return _walk(paths, suffixes)[0]


def _walk(paths: Paths, suffixes: tuple[str, ...] = SPREADSHEET_SUFFIXES,
          ) -> tuple[list[Path], list[str], list[Problem]]:
    """The files of :func:`list_files`, the Kolada folders passed over (as notes), and a
    problem for each folder named in ``paths`` that holds no spreadsheet."""
    if isinstance(paths, str | Path):
        paths = [paths]
    files: list[Path] = []
    skipped: list[str] = []
    problems: list[Problem] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = []
            for folder, subfolders, names in os.walk(p):
                here = Path(folder)
                kolada = [d for d in subfolders if _holds_json(here / d)]
                skipped += [f"mappen {here / d}: Kolada-data, läs den med read_kolada"
                            for d in sorted(kolada)]
                subfolders[:] = sorted(d for d in subfolders if not d.startswith(".")
                                       and d not in kolada)
                found += [here / n for n in sorted(names)
                          if Path(n).suffix.lower() in suffixes
                          and not n.startswith(("~$", ".")) and (here / n).is_file()]
            if not found:
                listed = ", ".join(suffixes)
                problems.append(Problem(
                    file=str(p), message=f"Inga kalkylblad hittades i {p}.",
                    hint=f"styranalys läser filer som slutar på {listed}, också i "
                         "undermappar.", code="inga_filer"))
            files += found
        elif p.exists():
            files.append(p)
        else:
            raise FileNotFoundError(f"Hittar inte {p}: varken fil eller mapp.")
    return files, skipped, problems


def _holds_json(folder: Path) -> bool:
    """Whether ``folder`` holds Kolada's API answers (JSON files): read_kolada's, not ours."""
    try:
        return any(f.suffix.lower() == ".json" for f in folder.iterdir())
    except OSError:
        return False


def _context(namnd: str | None, ar: int | None, period: str | None,
             maltyp: str | None) -> Context:
    if period is not None and period not in _PERIODS:
        raise ValueError(f"period={period!r}: ange 'bokslut' eller 'delår'.")
    if maltyp is not None and maltyp not in ("grunduppdrag", "kvalitetsfaktor",
                                             "utvecklingsmal"):
        raise ValueError(f"maltyp={maltyp!r}: ange 'grunduppdrag', 'kvalitetsfaktor' eller "
                         "'utvecklingsmal'.")
    return Context(namnd=namnd, ar=None if ar is None else int(ar),
                   period=None if period is None else _PERIODS[period], maltyp=maltyp)


#: The layout of a file's cached rows; a change makes every cached file miss.
_FORMAT = "3: names normalised, goal links, percent cells, years from dates, illustrative"


@dataclass(frozen=True)
class _Options:
    """Everything besides a file's bytes that decides how it is read (a cache key part)."""

    kind: str
    context: Context
    vocabulary: Vocabulary
    table: Mapping[str, str]
    limits: ReadLimits | None

    def fingerprint(self) -> str:
        from . import __version__

        parts = [__version__, _FORMAT, self.kind, repr(self.context),
                 self.vocabulary.fingerprint(),
                 repr(sorted(self.table.items())), repr(self.limits)]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


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


def _open(path: Path, limits: ReadLimits | None) -> list:
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


_gc_paused = _GCPause()


def read_file(path: Path, options: _Options) -> tuple[pd.DataFrame, ReadReport]:
    """One file's rows of one kind, with their locations, and its report."""
    with _gc_paused():
        return _read_file(path, options)


def _read_file(path: Path, options: _Options) -> tuple[pd.DataFrame, ReadReport]:
    report = ReadReport(files=[str(path)])
    frames = []
    try:
        sheets = _open(path, options.limits)
    except InputError as err:
        report.problems += err.problems
        sheets = []
    for sheet in sheets:
        where = path.name + (f", blad {sheet.name}" if sheet.name else "")
        result = read_sheet(sheet, options.kind, options.table, options.context,
                            options.vocabulary)
        if result.skipped:
            report.skipped.append(f"{where}: {result.skipped}")
            continue
        if sheet.hidden:
            report.notes.append(f"{where}: bladet är dolt i arbetsboken men lästes")
        report.notes += [f"{where}, {n}" for n in result.notes]
        if result.illustrative and path.name not in report.illustrative:
            report.illustrative.append(path.name)
        report.problems += result.problems
        report.missing_values += result.missing_values
        report.data_rows += result.data_rows
        if result.frame is not None and len(result.frame):
            frames.append(result.frame)
    dtypes = GOAL_DTYPES if options.kind == "goals" else INDICATOR_DTYPES
    frame = conform(_stack(frames), dtypes, keep=_hidden(options.kind))
    return frame.astype({"_file": "category", "_sheet": "category", "_row": "Int64"}), report


def _hidden(kind: str) -> tuple[str, ...]:
    """The columns kept beside the contract's until a read is checked and linked."""
    return (*LOCATION_COLUMNS, *(LINK_COLUMNS if kind == "indicators" else ()))


def make_options(kind: str, *, namnd: str | None = None, ar: int | None = None,
                 period: str | None = None, maltyp: str | None = None,
                 vocabulary: Vocabulary | Mapping[str, int | None] | str | Path | None = None,
                 headers: Mapping[str, Sequence[str]] | None = None,
                 limits: ReadLimits | None = None) -> _Options:
    """Everything besides the files that decides how ``load`` reads them (a cache key)."""
    if kind not in KEYS:
        raise ValueError(f"kind={kind!r}: ange 'goals' eller 'indicators'.")
    return _Options(kind, _context(namnd, ar, period, maltyp), _vocabulary(vocabulary),
                    header_synonyms(headers), limits)


def load(paths: Paths, kind: str, *, namnd: str | None = None, ar: int | None = None,
         period: str | None = None, maltyp: str | None = None,
         vocabulary: Vocabulary | Mapping[str, int | None] | str | Path | None = None,
         headers: Mapping[str, Sequence[str]] | None = None,
         limits: ReadLimits | None = None, goals: pd.DataFrame | None = None,
         reader: Callable[[Path, _Options], tuple[pd.DataFrame, ReadReport]] = read_file,
         ) -> tuple[pd.DataFrame, ReadReport]:
    """Read the sheets of one ``kind`` ("goals" or "indicators") without raising on problems.

    Returns the tidy frame of every row that could be read and a :class:`ReadReport` whose
    ``problems`` name every row or file that could not. ``read_goals`` and
    ``read_indicators`` raise when there are problems; ``styranalys validate`` lists them.
    With ``goals`` (indicators only), each indicator is linked to the goal its row names
    (see :mod:`styranalys.link`) and takes the goals' spelling of its nämnd.
    ``reader`` reads one file (the parquet cache passes its own).
    """
    options = make_options(kind, namnd=namnd, ar=ar, period=period, maltyp=maltyp,
                           vocabulary=vocabulary, headers=headers, limits=limits)
    report = ReadReport()
    frames = []
    sheets = []  # per file, which of its sheets each row came from
    files, report.skipped, report.problems = _walk(paths)
    for frame, part in _each_file(files, lambda p: reader(p, options)):
        frames.append(frame)
        sheets.append(pd.factorize(frame["_sheet"], use_na_sentinel=False)[0])
        report.files += part.files
        report.skipped += part.skipped
        report.notes += part.notes
        report.illustrative += part.illustrative
        report.problems += part.problems
        report.missing_values += part.missing_values
        report.data_rows += part.data_rows
    dtypes = GOAL_DTYPES if kind == "goals" else INDICATOR_DTYPES
    frame = conform(_stack(frames), dtypes, keep=_hidden(kind))
    known = () if goals is None else goals["namnd"].dropna().unique()
    frame = _one_spelling(frame, frames, report, known)
    if kind == "goals":  # goal ids can be derived only now, so every repeat is found here
        frame = _derive_goal_ids(frame)
        report.problems += repeated_keys(frame, kind)
    else:  # each sheet reported its own repeats; look across sheets if there are several
        sources = _sources(sheets)
        if sources.max(initial=0) > 0:
            report.problems += repeated_keys(frame, kind, sources=sources)
        if goals is not None:
            frame["mal_id"], linked = link_goals(frame, goals)
            report.problems += linked
        report.problems += mixed_percent_scales(frame)
    report.problems = unique(report.problems)
    frame = frame.drop(columns=list(_hidden(kind)))
    for line in report.skipped:
        log.info("Hoppade över %s", line)
    for line in report.notes:
        log.info("%s", line)
    frame.attrs["styranalys"] = report.as_dict()
    return frame, report


#: Files read at once by ``load``: calamine releases the GIL while it parses, so one file is
#: parsed while the other is checked and tidied. Two keep two cores busy; a third would
#: mostly wait for the GIL, and each file in flight holds its cells in memory.
READ_AHEAD = min(2, os.cpu_count() or 1)
#: Files are read ahead only if at least half of them are this large (bytes). A smaller
#: file is parsed by calamine in a millisecond or two and the rest is pandas, holding the
#: GIL, so two threads only take turns: 290 files of 10 kB took 13.5 s two at a time and
#: 10 s one at a time, while 40 files of 260 kB took 2.6-3.0 s against 3.2-3.8 s.
READ_AHEAD_FROM = 100_000


def _each_file(files: list[Path], read: Callable[[Path], tuple[pd.DataFrame, ReadReport]],
               ) -> Iterator[tuple[pd.DataFrame, ReadReport]]:
    """``read(path)`` for every file, in order, up to :data:`READ_AHEAD` files at a time
    when that pays (see :data:`READ_AHEAD_FROM`), each in the caller's context, so
    :func:`sharing_sheets` holds in the threads too."""
    if len(files) < 2 or READ_AHEAD < 2 or \
            2 * sum(f.stat().st_size >= READ_AHEAD_FROM for f in files) < len(files):
        yield from map(read, files)
        return
    with _gc_paused(), ThreadPoolExecutor(max_workers=READ_AHEAD) as pool:
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


def _one_spelling(frame: pd.DataFrame, frames: list[pd.DataFrame], report: ReadReport,
                  known: Iterable[str]) -> pd.DataFrame:
    """Nämnder whose names differ only in case made one, spelled as most files spell it
    (or as ``known`` does), with a note for each merge."""
    files = Counter(name for f in frames for name in f["namnd"].dropna().unique())
    renames, notes = merge_case(files, known=known)
    report.notes += notes
    if renames:
        frame["namnd"] = frame["namnd"].replace(renames)
    return frame


def _stack(frames: list[pd.DataFrame]) -> pd.DataFrame | None:
    """The frames as one. Their file and sheet columns are first given one categorical dtype:
    pandas makes categoricals with different categories into a string per row."""
    if len(frames) > 1:
        common = {column: pd.CategoricalDtype(pd.unique(np.concatenate(
            [np.asarray(f[column].astype("category").cat.categories, dtype=object)
             for f in frames])))
            for column in ("_file", "_sheet")}
        frames = [f.astype(common) for f in frames]
    return pd.concat(frames, ignore_index=True) if frames else None


def _sources(sheets: list[np.ndarray]) -> np.ndarray:
    """A number per row for the sheet it came from, across files: each file's sheet codes
    shifted past the previous file's (files of the same name in two folders are two)."""
    if not sheets:
        return np.zeros(0, dtype=int)
    offsets = np.cumsum([0] + [int(codes.max(initial=-1)) + 1 for codes in sheets[:-1]])
    return np.concatenate([codes + off for codes, off in zip(sheets, offsets, strict=True)])


def _vocabulary(value: Vocabulary | Mapping[str, int | None] | str | Path | None) -> Vocabulary:
    if value is None:
        return Vocabulary.default()
    if isinstance(value, Vocabulary):
        return value
    return Vocabulary.default().extend(value)


def _derive_goal_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """Fill ``mal_id`` where the file gave none, from nämnd, goal type and goal text."""
    missing = frame["mal_id"].isna()
    if missing.any():
        keys = frame.loc[missing, ["namnd", "maltyp", "mal"]]
        ids = {k: derive_id("M", *k) for k in set(keys.itertuples(index=False, name=None))}
        frame.loc[missing, "mal_id"] = [ids[k] for k in keys.itertuples(index=False, name=None)]
    return frame


def _read(paths: Paths, kind: str, **kwargs: object) -> pd.DataFrame:
    frame, report = load(paths, kind, **kwargs)  # type: ignore[arg-type]
    if report.problems:
        raise InputError(report.problems)
    return frame


def read_goals(paths: Paths, *, namnd: str | None = None, ar: int | None = None,
               period: str | None = None, maltyp: str | None = None,
               vocabulary: Vocabulary | Mapping[str, int | None] | str | Path | None = None,
               headers: Mapping[str, Sequence[str]] | None = None,
               limits: ReadLimits | None = None) -> pd.DataFrame:
    """The goals frame (docs/datamodell.md) of every goal sheet in ``paths``.

    ``namnd``, ``ar``, ``period`` and ``maltyp`` supply what a file does not say (a column,
    the sheet name or a title row says it first). Raises :class:`InputError` listing every
    problem in the goal sheets; indicator sheets are skipped and reported in
    ``frame.attrs["styranalys"]["skipped"]``.

    Examples
    --------
    >>> goals = read_goals("data/raw")                                    # doctest: +SKIP
    >>> goals = read_goals("utfall.xlsx", namnd="Kommunfullmäktige", ar=2021)  # doctest: +SKIP
    """
    return _read(paths, "goals", namnd=namnd, ar=ar, period=period, maltyp=maltyp,
                 vocabulary=vocabulary, headers=headers, limits=limits)


def read_indicators(paths: Paths, *, namnd: str | None = None, ar: int | None = None,
                    period: str | None = None,
                    headers: Mapping[str, Sequence[str]] | None = None,
                    limits: ReadLimits | None = None,
                    goals: pd.DataFrame | None = None) -> pd.DataFrame:
    """The indicators frame (docs/datamodell.md) of every indicator sheet in ``paths``.

    Long sheets (one row per indicator and year) and wide ones (one column per year) are
    both read. Missing-value marks (``..``, ``-``, blank) become NA and are counted in
    ``frame.attrs["styranalys"]["missing_values"]``. Pass the ``goals`` frame to link each
    indicator to the goal its row names, of any goal type; a goal that is not among them
    is then a problem. Raises :class:`InputError` listing every problem.

    Examples
    --------
    >>> goals = read_goals("data/raw")                                    # doctest: +SKIP
    >>> indicators = read_indicators("data/raw", goals=goals)             # doctest: +SKIP
    """
    return _read(paths, "indicators", namnd=namnd, ar=ar, period=period, headers=headers,
                 limits=limits, goals=goals)
