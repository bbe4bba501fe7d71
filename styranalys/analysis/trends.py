"""Indicator trends: change, OLS and Theil–Sen slopes, Mann–Kendall, verdict and targets.

One row per series (``indikator_id``, ``namnd``, ``kon``, ``period``). Everything is
computed on arrays for all series at once: the series are laid out as rows of a padded 2-D
array (in chunks, to bound memory), so pairwise slopes and signs are array operations and
no Python code runs per series. See :func:`trends` for the rules.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd

from ..contract import SERIES_KEY
from .direction import better_direction, direction_names
from .mann_kendall import TIE_BASE, mk_pvalues

__all__ = ["SERIES_KEY", "TREND_COLUMNS", "trends", "trends_by_year"]

_STATIC = ["indikator", "enhet", "riktning", "mal_id", "ingangsvarde", "malvarde", "malar"]
TREND_COLUMNS = [
    *SERIES_KEY, *_STATIC, "tolkad_riktning", "antal_ar", "forsta_ar", "sista_ar",
    "forsta_varde", "sista_varde",
    "forandring", "relativ_forandring", "ols_lutning", "ols_intercept", "theil_sen_lutning",
    "mk_s", "mk_p", "trendforandring", "bedomning", "utgangslage", "maluppfyllelse_andel",
    "mal_uppnatt", "malvarde_mot_riktning", "prognos_malar",
]
_PAIR_BUDGET = 8_000_000  # pairwise cells per chunk: bounds memory to ~ 200 MB


def _series_codes(frame: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """An int code per row for its series (sorted), and the series' key columns."""
    codes = []
    uniques = []
    for col in SERIES_KEY:
        c, u = pd.factorize(frame[col], sort=True, use_na_sentinel=False)
        codes.append(c.astype(np.int64))
        uniques.append(u)
    combined = codes[0]
    for c, u in zip(codes[1:], uniques[1:], strict=True):
        combined = combined * (len(u) + 1) + c
    # Hash-factorise the 8-byte keys, then sort only the (few) distinct ones.
    inverse, series = pd.factorize(combined, sort=True)
    keys = {}
    rest = series.copy()
    for col, u in reversed(list(zip(SERIES_KEY, uniques, strict=True))):
        idx = rest % (len(u) + 1) if col != SERIES_KEY[0] else rest
        rest = rest // (len(u) + 1)
        keys[col] = pd.Series(np.asarray(u, dtype=object)[idx], dtype="string")
    return inverse.astype(np.int64), pd.DataFrame({c: keys[c] for c in SERIES_KEY})


def _pairwise(series: np.ndarray, x: np.ndarray, y: np.ndarray,
              n_series: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Theil–Sen slope, Mann–Kendall S, tie variance term and tie pattern code per series.

    Rows are sorted by (series, x). Series of the same length are laid out as rows of a
    dense 2-D array, so the loop runs over the few distinct lengths (and memory-bounded
    chunks), never over series.
    """
    counts = np.bincount(series, minlength=n_series)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    theil = np.full(n_series, np.nan)
    s_stat = np.full(n_series, np.nan)
    tie_term = np.zeros(n_series)
    tie_codes = np.zeros(n_series)
    for width in np.unique(counts[counts >= 2]):
        width = int(width)
        members = np.flatnonzero(counts == width)
        i, j = np.triu_indices(width, 1)
        step = max(1, _PAIR_BUDGET // len(i))
        for lo in range(0, len(members), step):
            chunk = members[lo:lo + step]
            cells = starts[chunk][:, None] + np.arange(width)[None, :]
            xs, ys = x[cells], y[cells]
            dx = xs[:, j] - xs[:, i]
            dy = ys[:, j] - ys[:, i]
            with np.errstate(invalid="ignore", divide="ignore"):
                slopes = dy / dx
            if (dx == 0).any():  # a repeated year: those pairs carry no slope
                slopes[dx == 0] = np.nan
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    theil[chunk] = np.nanmedian(slopes, axis=1)
            else:
                theil[chunk] = np.median(slopes, axis=1)
            s_stat[chunk] = np.sign(dy).sum(axis=1)
            tie_term[chunk], tie_codes[chunk] = _ties(ys)
    return theil, s_stat, tie_term, tie_codes


def _ties(ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: sum of t(t−1)(2t+5) over groups of t equal values, and the tie pattern code."""
    ordered = np.sort(ys, axis=1)
    new_run = np.ones(ordered.shape, dtype=bool)
    new_run[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    if new_run.all():
        return np.zeros(len(ys)), np.zeros(len(ys))
    run_id = np.cumsum(new_run, axis=1) - 1
    width = ys.shape[1]
    flat = (np.arange(len(ys))[:, None] * width + run_id).ravel()
    sizes = np.bincount(flat, minlength=len(ys) * width).reshape(len(ys), width).astype(float)
    term = (sizes * (sizes - 1) * (2 * sizes + 5)).sum(axis=1)
    code = np.where(sizes >= 2, np.power(float(TIE_BASE), np.minimum(sizes, 20)), 0.0).sum(axis=1)
    return term, code


def trends(indicators: pd.DataFrame, *, tolerance: float = 0.01,
           period: str | None = "bokslut") -> pd.DataFrame:
    """One row per indicator series with its trend, verdict and progress toward the target.

    Only the rows of ``period`` are used (``None``: every period, each its own series).
    Rules (values NA where a series has fewer than 2 values):

    - ``forandring`` = last − first value; ``relativ_forandring`` = that / |first| (NA when
      the first value is 0).
    - ``tolkad_riktning``: which way is better, by the one rule of
      :mod:`styranalys.analysis.direction`: the given ``riktning``, else the side of the
      utgångsläge the target lies on, else NA (unknown, and then nothing is assessed).
    - ``ols_lutning``/``ols_intercept``: least squares per year; ``theil_sen_lutning``: the
      median of all pairwise slopes (robust against one odd year). Missing years are gaps:
      slopes use the real years.
    - ``mk_s`` and ``mk_p``: Mann–Kendall S and its two-sided p-value, exact for up to 15
      values with ties (see :mod:`styranalys.analysis.mann_kendall`).
    - ``trendforandring`` = Theil–Sen slope × (last year − first year). ``bedomning`` is
      "förbättring"/"försämring" when it exceeds ``tolerance`` × |utgångsläge| in the
      direction ``tolkad_riktning`` calls better or worse, else "oförändrad"; NA when
      the direction is unknown. ``utgangslage`` is ``ingangsvarde``, or the first value.
    - ``maluppfyllelse_andel`` = (last − utgångsläge) / (målvärde − utgångsläge).
      ``mal_uppnatt``: last ≥ målvärde when higher is better, ≤ when lower
      (``tolkad_riktning``).
      ``malvarde_mot_riktning`` flags a target on the worse side of the baseline (or equal to
      it); its progress share is NA.
    - ``prognos_malar``: the year the OLS line reaches the target; the last year when the
      target is already met; NA when the trend points away from the target.
    """
    if period is not None:
        indicators = indicators[indicators["period"] == period]
    all_codes, keys = _series_codes(indicators)
    values_all = indicators["varde"].to_numpy(dtype=float, na_value=np.nan)
    has_value = ~np.isnan(values_all)
    # Only series with at least one value; their codes renumbered densely.
    used = np.unique(all_codes[has_value])
    keys = keys.iloc[used].reset_index(drop=True)
    n_series = len(keys)
    remap = np.full(len(all_codes) and all_codes.max() + 1, -1, dtype=np.int64)
    remap[used] = np.arange(n_series)
    rows = np.flatnonzero(has_value)
    codes = remap[all_codes[rows]]
    year = indicators["ar"].to_numpy(dtype=float, na_value=np.nan)[rows]
    value = values_all[rows]
    # Files usually come sorted by series and year already; sort only when they are not.
    sort_key = codes * 4096 + (year - np.nanmin(year, initial=0)).astype(np.int64)
    if len(sort_key) and (np.diff(sort_key) < 0).any():
        order = np.argsort(sort_key, kind="stable")
        rows, codes, year, value = rows[order], codes[order], year[order], value[order]

    # Per-series sums (x centred on 2000 for stable OLS).
    xc = year - 2000.0
    n = np.bincount(codes, minlength=n_series).astype(float)
    sx = np.bincount(codes, xc, n_series)
    sy = np.bincount(codes, value, n_series)
    sxx = np.bincount(codes, xc * xc, n_series)
    sxy = np.bincount(codes, xc * value, n_series)
    with np.errstate(invalid="ignore", divide="ignore"):
        denom = n * sxx - sx * sx
        slope = np.where((n >= 2) & (denom > 0), (n * sxy - sx * sy) / denom, np.nan)
        intercept = (sy - slope * sx) / n - slope * 2000.0
    last_idx = np.cumsum(n.astype(int)) - 1
    first_idx = last_idx - n.astype(int) + 1
    first_year, last_year = year[first_idx], year[last_idx]
    first_val, last_val = value[first_idx], value[last_idx]
    theil, s_stat, tie_term, codes_t = _pairwise(codes, year, value, n_series)
    p = mk_pvalues(s_stat, n, codes_t, tie_term)

    enough = n >= 2
    out = keys.copy()
    for col in _STATIC:
        out[col] = _last_valid(indicators[col], rows, codes, n_series)
    out["antal_ar"] = pd.array(n.astype(int), dtype="Int64")
    out["forsta_ar"] = pd.array(first_year.astype(int), dtype="Int64")
    out["sista_ar"] = pd.array(last_year.astype(int), dtype="Int64")
    out["forsta_varde"] = _float(first_val)
    out["sista_varde"] = _float(last_val)
    change = np.where(enough, last_val - first_val, np.nan)
    out["forandring"] = _float(change)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["relativ_forandring"] = _float(np.where(first_val != 0, change / np.abs(first_val),
                                                    np.nan))
    out["ols_lutning"] = _float(slope)
    out["ols_intercept"] = _float(np.where(enough, intercept, np.nan))
    out["theil_sen_lutning"] = _float(np.where(enough, theil, np.nan))
    out["mk_s"] = pd.array(np.where(enough, s_stat, np.nan), dtype="Float64").astype("Int64")
    out["mk_p"] = _float(np.where(enough, p, np.nan))

    baseline = out["ingangsvarde"].to_numpy(dtype=float, na_value=np.nan)
    baseline = np.where(np.isnan(baseline), first_val, baseline)
    trend_change = theil * (last_year - first_year)
    direction = better_direction(out["riktning"], baseline, out["malvarde"])
    out["tolkad_riktning"] = direction_names(direction)
    better = trend_change * direction
    threshold = tolerance * np.abs(baseline)
    verdict = np.select([~enough | np.isnan(direction), np.abs(trend_change) <= threshold,
                         better > 0, better < 0],
                        ["", "oförändrad", "förbättring", "försämring"], "")
    out["trendforandring"] = _float(np.where(enough, trend_change, np.nan))
    out["bedomning"] = pd.Series(verdict, dtype="string").replace("", pd.NA)
    out["utgangslage"] = _float(baseline)

    target = out["malvarde"].to_numpy(dtype=float, na_value=np.nan)
    has_target = ~np.isnan(target)
    aim = direction
    with np.errstate(invalid="ignore", divide="ignore"):
        against = has_target & (((target - baseline) * aim <= 0) | (target == baseline))
        met = has_target & ~np.isnan(aim) & ((last_val - target) * aim >= 0)
        progress = np.where(has_target & ~against, (last_val - baseline) / (target - baseline),
                            np.nan)
        reach = (target - intercept) / slope
    toward = (slope * np.sign(target - last_val) > 0) & has_target & ~met
    proj = np.where(met, last_year,
                    np.where(toward, np.maximum(np.ceil(reach - 1e-9), last_year + 1), np.nan))
    proj = np.where(enough | met, proj, np.nan)
    out["maluppfyllelse_andel"] = _float(progress)
    out["mal_uppnatt"] = pd.array(np.where(has_target & ~np.isnan(aim), met, None),
                                  dtype="boolean")
    out["malvarde_mot_riktning"] = pd.array(np.where(has_target, against, None),
                                            dtype="boolean")
    out["prognos_malar"] = pd.array(np.where(np.isnan(proj), None, proj), dtype="Int64")
    return out[TREND_COLUMNS]


def _float(values: np.ndarray) -> pd.arrays.FloatingArray:
    arr = np.asarray(values, dtype=float)
    return pd.arrays.FloatingArray(arr, np.isnan(arr))


def _last_valid(column: pd.Series, rows: np.ndarray, codes: np.ndarray,
                n_series: int) -> pd.Series:
    """Per series, the column's value in its latest year where it is not missing.

    ``rows`` are positions in the frame sorted by (series, year); only one value per series
    is taken from the column, so string columns cost n_series, not n_rows.
    """
    valid = column.notna().to_numpy()[rows]
    idx = np.flatnonzero(valid)
    series_of = codes[idx]
    last = np.r_[series_of[1:] != series_of[:-1], True] if len(idx) else np.array([], bool)
    out = pd.Series(pd.NA, index=range(n_series), dtype=column.dtype)
    picked = column.iloc[rows[idx[last]]]
    out.iloc[series_of[last]] = picked.to_numpy()
    return out


def trends_by_year(indicators: pd.DataFrame, years: Iterable[int], **kwargs: object,
                   ) -> Iterator[tuple[int, pd.DataFrame]]:
    """For each year, :func:`trends` over the values up to that year: what a goal assessed
    that year could know. One call a year (a handful), each over all series at once;
    a year with no values yet is skipped. ``kwargs`` go to :func:`trends`."""
    for year in sorted(years):
        upto = indicators[indicators["ar"] <= year]
        if not upto.empty:
            yield int(year), trends(upto, **kwargs)  # type: ignore[arg-type]
