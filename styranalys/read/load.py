"""``read_goals`` and ``read_indicators``: spreadsheets as municipalities keep them, tidied.

Both read one path or several (a folder: every spreadsheet in it and its subfolders), take
the sheets of their kind, and either return exactly the frame of docs/datamodell.md or raise
one :class:`InputError` that lists every problem found. What they skipped, and why, is in
``frame.attrs["styranalys"]`` and in the ``styranalys`` logger.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..contract import GOAL_DTYPES, INDICATOR_DTYPES, conform
from ..problems import InputError, Problem, unique
from .consistency import mixed_percent_scales, shares_as_percent
from .duplicates import repeated_keys
from .files import Paths, walk_paths
from .hints import in_own_words
from .legend import file_legend
from .limits import ReadLimits
from .link import link_goals
from .names import merge_case
from .opening import each_file, gc_paused, open_file
from .options import Options, make_options
from .profile import Profile, find_profile
from .report import ReadReport
from .sheet import LINK_COLUMNS, LOCATION_COLUMNS, derive_id, read_sheet
from .vocabulary import Vocabulary

__all__ = ["load", "nothing_read", "read_file", "read_goals", "read_indicators"]

log = logging.getLogger("styranalys")


def read_file(path: Path, options: Options) -> tuple[pd.DataFrame, ReadReport]:
    """One file's rows of one kind, with their locations, and its report."""
    with gc_paused():
        return _read_file(path, options)


def _read_file(path: Path, options: Options) -> tuple[pd.DataFrame, ReadReport]:
    report = ReadReport(files=[str(path)])
    frames = []
    try:
        sheets = open_file(path, options.limits)
    except InputError as err:
        report.problems += err.problems
        sheets = []
    vocabulary = options.vocabulary
    if options.kind == "goals" and sheets:  # the file's own legend: what its symbols mean
        legend, notes = file_legend(sheets, options.table, vocabulary)
        vocabulary = vocabulary.extend(legend) if legend else vocabulary
        report.notes += [f"{path.name}, {n}" for n in notes]
    for sheet in sheets:
        where = path.name + (f", blad {sheet.name}" if sheet.name else "")
        result = read_sheet(sheet, options.kind, options.table,
                            options.context_for(path, sheet.name), vocabulary)
        if result.trace is not None:
            report.sheets.append(result.trace)
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


def load(paths: Paths, kind: str, *, namnd: str | None = None, ar: int | None = None,
         period: str | None = None, maltyp: str | None = None,
         vocabulary: Vocabulary | Mapping[str, int | None] | str | Path | None = None,
         headers: Mapping[str, Sequence[str]] | None = None,
         limits: ReadLimits | None = None, goals: pd.DataFrame | None = None,
         reader: Callable[[Path, Options], tuple[pd.DataFrame, ReadReport]] = read_file,
         profile: Profile | str | Path | None = None,
         ) -> tuple[pd.DataFrame, ReadReport]:
    """Read the sheets of one ``kind`` ("goals" or "indicators") without raising on problems.

    Returns the tidy frame of every row that could be read and a :class:`ReadReport` whose
    ``problems`` name every row or file that could not. ``read_goals`` and
    ``read_indicators`` raise when there are problems; ``styranalys validate`` lists them.
    With ``goals`` (indicators only), each indicator is linked to the goal its row names
    (see :mod:`styranalys.read.link`) and takes the goals' spelling of its nämnd.
    ``reader`` reads one file (the parquet cache passes its own). ``profile`` is a
    ``styranalys.toml`` (see :mod:`styranalys.read.profile`); without it, the one at the top
    of the data folder is read. A profile with mistakes gives its problems and no rows.
    """
    dtypes = GOAL_DTYPES if kind == "goals" else INDICATOR_DTYPES
    report = ReadReport()
    try:
        found = find_profile(paths, profile)
    except InputError as err:
        report.problems = list(err.problems)
        frame = conform(None, dtypes)
        frame.attrs["styranalys"] = report.as_dict()
        return frame, report
    options = make_options(kind, namnd=namnd, ar=ar, period=period, maltyp=maltyp,
                           vocabulary=vocabulary, headers=headers, limits=limits,
                           profile=found)
    frames = []
    sheets = []  # per file, which of its sheets each row came from
    files, report.skipped, report.problems = walk_paths(paths)
    for frame, part in each_file(files, lambda p: reader(p, options)):
        frames.append(frame)
        sheets.append(pd.factorize(frame["_sheet"], use_na_sentinel=False)[0])
        report.files += part.files
        report.sheets += part.sheets
        report.skipped += part.skipped
        report.notes += part.notes
        report.illustrative += part.illustrative
        report.problems += part.problems
        report.missing_values += part.missing_values
        report.data_rows += part.data_rows
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
        frame, notes = shares_as_percent(frame)
        report.notes += notes
        report.problems += mixed_percent_scales(frame)
    seen = set(frame["namnd"].dropna().unique()) | set(known)
    report.problems = in_own_words(unique(report.problems), report.sheets, seen)
    frame = frame.drop(columns=list(_hidden(kind)))
    for line in report.skipped:
        log.info("Hoppade över %s", line)
    for line in report.notes:
        log.info("%s", line)
    frame.attrs["styranalys"] = report.as_dict()
    return frame, report


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


def _derive_goal_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """Fill ``mal_id`` where the file gave none, from nämnd, goal type and goal text."""
    missing = frame["mal_id"].isna()
    if missing.any():
        keys = frame.loc[missing, ["namnd", "maltyp", "mal"]]
        ids = {k: derive_id("M", *k) for k in set(keys.itertuples(index=False, name=None))}
        frame.loc[missing, "mal_id"] = [ids[k] for k in keys.itertuples(index=False, name=None)]
    return frame


def nothing_read(paths: Paths, *reports: ReadReport,
                 what: str = "mål eller indikatorer") -> list[Problem]:
    """A problem when reads gave no rows and no problem: "0 rows, no problems" never
    stands. It names what was passed over."""
    if any(r.problems or r.data_rows for r in reports):
        return []
    named = [str(p) for p in ([paths] if isinstance(paths, str | Path) else paths)]
    passed = list(dict.fromkeys(line for r in reports for line in [*r.skipped, *r.notes]))
    shown = "; ".join(passed[:5]) + (" …" if len(passed) > 5 else "")
    return [Problem(file=", ".join(named), message=f"Inga rader lästes: ingen tabell med {what} "
                    "hittades.", hint=("Det som lästes: " + shown + ". "
                    if shown else "") + "Kör styranalys inspect för att se hur filerna lästes.",
                    code="inga_rader")]


def _read(paths: Paths, kind: str, **kwargs: object) -> pd.DataFrame:
    frame, report = load(paths, kind, **kwargs)  # type: ignore[arg-type]
    what = "mål" if kind == "goals" else "indikatorer"
    problems = report.problems or nothing_read(paths, report, what=what)
    if problems:
        raise InputError(problems)
    return frame


def read_goals(paths: Paths, *, namnd: str | None = None, ar: int | None = None,
               period: str | None = None, maltyp: str | None = None,
               vocabulary: Vocabulary | Mapping[str, int | None] | str | Path | None = None,
               headers: Mapping[str, Sequence[str]] | None = None,
               limits: ReadLimits | None = None,
               profile: Profile | str | Path | None = None) -> pd.DataFrame:
    """The goals frame (docs/datamodell.md) of every goal sheet in ``paths``.

    ``namnd``, ``ar``, ``period`` and ``maltyp`` supply what a file does not say (a column,
    the sheet name or a title row says it first), before ``profile`` (a
    ``styranalys.toml``; by default the one at the top of the data folder) does. Raises
    :class:`InputError` listing every problem in the goal sheets (and when no goal is
    found at all); indicator sheets are skipped and reported in
    ``frame.attrs["styranalys"]["skipped"]``.

    Examples
    --------
    >>> goals = read_goals("data/raw")                                    # doctest: +SKIP
    >>> goals = read_goals("utfall.xlsx", namnd="Kommunfullmäktige", ar=2021)  # doctest: +SKIP
    """
    return _read(paths, "goals", namnd=namnd, ar=ar, period=period, maltyp=maltyp,
                 vocabulary=vocabulary, headers=headers, limits=limits, profile=profile)


def read_indicators(paths: Paths, *, namnd: str | None = None, ar: int | None = None,
                    period: str | None = None,
                    headers: Mapping[str, Sequence[str]] | None = None,
                    limits: ReadLimits | None = None,
                    goals: pd.DataFrame | None = None,
                    profile: Profile | str | Path | None = None) -> pd.DataFrame:
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
                 limits=limits, goals=goals, profile=profile)
