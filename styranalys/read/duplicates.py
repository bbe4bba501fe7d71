"""Rows that repeat another row's key: one located problem for every repeat.

A sheet's own repeats are found while it is read, where its layout makes that cheap (a wide
sheet compares its rows, not its rows times its year columns); repeats across sheets and
files are found after they are put together.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..contract import KEYS
from ..problems import Problem


def repeated_keys(frame: pd.DataFrame, kind: str, candidates: np.ndarray | None = None,
                  sources: np.ndarray | None = None) -> list[Problem]:
    """A problem for every row of ``frame`` whose key an earlier row already had.

    ``frame`` has the key columns, ``kalla`` and the location columns (``_file``,
    ``_sheet``, ``_row``). ``candidates`` marks the rows that may repeat a key (all rows
    when None). With ``sources`` (a number per row for the sheet it came from), only
    repeats across sheets are reported: each sheet reported its own.
    """
    keys = KEYS[kind]
    if candidates is None and sources is not None:
        candidates = _in_several_sources(frame, keys[1::-1], sources)
        if candidates.any():
            candidates[candidates] = frame[candidates].duplicated(keys, keep=False).to_numpy()
    dup = frame.duplicated(keys, keep=False).to_numpy() if candidates is None else candidates
    if not dup.any():
        return []
    label = "mål" if kind == "goals" else "indikator"
    rows = frame.loc[dup, [*keys, "kalla", "_file", "_sheet", "_row"]]
    origin = sources[dup] if sources is not None else np.zeros(len(rows), dtype=int)
    first: dict[tuple, tuple[str, int]] = {}
    problems = []
    for row, source in zip(rows.itertuples(index=False), origin, strict=True):
        key = tuple(row[: len(keys)])
        kalla, file, sheet, excel_row = row[len(keys):]
        if key not in first:
            first[key] = (kalla, source)
            continue
        if sources is not None and first[key][1] == source:
            continue
        what = ", ".join(f"{k}={v}" for k, v in zip(keys, key, strict=True))
        problems.append(Problem(
            file=file, sheet=None if pd.isna(sheet) else sheet, row=int(excel_row),
            message=f"Samma {label} finns två gånger ({what}); första gången i "
                    f"{first[key][0]}.",
            hint="Ta bort dubbletten eller rätta år, period eller nämnd.", code="dubblett"))
    return problems


def _in_several_sources(frame: pd.DataFrame, columns: list[str], sources: np.ndarray,
                        ) -> np.ndarray:
    """Rows whose values in ``columns`` occur together in more than one source. Only they
    can repeat a key across sources; the columns are narrowed one at a time (nämnd first),
    so files of different nämnder cost one factorization, not a comparison of every key."""
    rows = np.arange(len(frame))
    pair = np.zeros(len(frame), dtype=np.int64)
    n_sources = int(sources.max(initial=0)) + 1
    for column in columns:
        values = frame[column] if len(rows) == len(frame) else frame[column].iloc[rows]
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        pair = pair * (len(uniques) + 1) + codes
        seen = pd.unique(pair * n_sources + sources[rows])  # each (values, source) once
        shared = pd.Series(seen // n_sources).duplicated(keep=False).to_numpy()
        keep = pd.Series(pair).isin(seen[shared] // n_sources).to_numpy()
        rows, pair = rows[keep], pair[keep]
        if not len(rows):
            break
    found = np.zeros(len(frame), dtype=bool)
    found[rows] = True
    return found
