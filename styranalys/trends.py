"""Indicator trends: change, OLS and Theil–Sen slopes, Mann–Kendall, verdict and targets.

One row per series (``indikator_id``, ``namnd``, ``kon``, ``period``). Everything is
computed on arrays for all series at once: the series are laid out as rows of a padded 2-D
array (in chunks, to bound memory), so pairwise slopes and signs are array operations and
no Python code runs per series. See :func:`trends` for the rules.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .mann_kendall import mk_pvalues, tie_code

__all__ = ["SERIES_KEY", "TREND_COLUMNS", "trends"]

SERIES_KEY = ["indikator_id", "namnd", "kon", "period"]
_STATIC = ["indikator", "enhet", "riktning", "mal_id", "ingangsvarde", "malvarde", "malar"]
TREND_COLUMNS = [
    *SERIES_KEY, *_STATIC, "antal_ar", "forsta_ar", "sista_ar", "forsta_varde", "sista_varde",
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
    series, inverse = np.unique(combined, return_inverse=True)
    keys = {}
    rest = series.copy()
    for col, u in reversed(list(zip(SERIES_KEY, uniques, strict=True))):
        idx = rest % (len(u) + 1) if col != SERIES_KEY[0] else rest
        rest = rest // (len(u) + 1)
        keys[col] = pd.Series(np.asarray(u, dtype=object)[idx], dtype="string")
    return inverse.ravel(), pd.DataFrame({c: keys[c] for c in SERIES_KEY})


def _pairwise(series: np.ndarray, x: np.ndarray, y: np.ndarray,
              n_series: int) -> tuple[np.ndarray, np.ndarray]:
    """Theil–Sen slope and Mann–Kendall S per series; rows sorted by (series, x).

    Series of the same length are laid out as rows of a dense 2-D array, so the loop runs
    over the few distinct lengths (and memory-bounded chunks), never over series.
    """
    counts = np.bincount(series, minlength=n_series)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    theil = np.full(n_series, np.nan)
    s_stat = np.full(n_series, np.nan)
    for width in np.unique(counts[counts >= 2]):
        members = np.flatnonzero(counts == width)
        i, j = np.triu_indices(int(width), 1)
        step = max(1, _PAIR_BUDGET // len(i))
        for lo in range(0, len(members), step):
            chunk = members[lo:lo + step]
            cells = starts[chunk][:, None] + np.arange(width)[None, :]
            xs, ys = x[cells], y[cells]
            dx = xs[:, j] - xs[:, i]
            dy = ys[:, j] - ys[:, i]
            with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                slopes = np.where(dx != 0, dy / dx, np.nan)
                theil[chunk] = np.nanmedian(slopes, axis=1)
            s_stat[chunk] = np.sign(dy).sum(axis=1)
    return theil, s_stat


def trends(indicators: pd.DataFrame, *, tolerance: float = 0.01) -> pd.DataFrame:
    """One row per indicator series with its trend, verdict and progress toward the target.

    Rules (values NA where a series has fewer than 2 values):

    - ``forandring`` = last − first value; ``relativ_forandring`` = that / |first| (NA when
      the first value is 0).
    - ``ols_lutning``/``ols_intercept``: least squares per year; ``theil_sen_lutning``: the
      median of all pairwise slopes (robust against one odd year). Missing years are gaps:
      slopes use the real years.
    - ``mk_s`` and ``mk_p``: Mann–Kendall S and its two-sided p-value, exact for up to 15
      values with ties (see :mod:`styranalys.mann_kendall`).
    - ``trendforandring`` = Theil–Sen slope × (last year − first year). ``bedomning`` is
      "förbättring"/"försämring" when it exceeds ``tolerance`` × |utgångsläge| in the
      direction ``riktning`` calls better or worse, else "oförändrad"; NA without
      ``riktning``. ``utgangslage`` is ``ingangsvarde``, or the first value.
    - ``maluppfyllelse_andel`` = (last − utgångsläge) / (målvärde − utgångsläge).
      ``mal_uppnatt``: last ≥ målvärde when higher is better, ≤ when lower (``riktning``, or
      where it is missing, the side of the baseline the target lies on).
      ``malvarde_mot_riktning`` flags a target on the worse side of the baseline (or equal to
      it); its progress share is NA.
    - ``prognos_malar``: the year the OLS line reaches the target; the last year when the
      target is already met; NA when the trend points away from the target.
    """
    ind = indicators[indicators["varde"].notna()]
    codes, keys = _series_codes(ind)
    n_series = len(keys)
    year = ind["ar"].to_numpy(dtype=float)
    value = ind["varde"].to_numpy(dtype=float)
    order = np.lexsort((year, codes))
    codes, year, value = codes[order], year[order], value[order]

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
    first_idx = np.concatenate([[0], np.cumsum(n.astype(int))[:-1]]).astype(int)
    last_idx = np.cumsum(n.astype(int)) - 1
    first_year, last_year = year[first_idx], year[last_idx]
    first_val, last_val = value[first_idx], value[last_idx]
    theil, s_stat = _pairwise(codes, year, value, n_series)

    # Ties for Mann–Kendall: group sizes of equal values within each series.
    tie_frame = pd.DataFrame({"s": codes, "v": value})
    sizes = tie_frame.groupby(["s", "v"], sort=False).size()
    tie_series = sizes.index.get_level_values(0).to_numpy()
    t = sizes.to_numpy().astype(float)
    tie_term = np.bincount(tie_series, t * (t - 1) * (2 * t + 5), n_series)
    codes_t = tie_code(sizes.to_numpy(), tie_series, n_series)
    p = mk_pvalues(s_stat, n, codes_t, tie_term)

    enough = n >= 2
    out = keys.copy()
    static = _last_per_series(ind.iloc[order], codes, n_series)
    for col in _STATIC:
        out[col] = static[col]
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
    direction = out["riktning"].map({"hogre": 1.0, "lagre": -1.0}).astype("Float64").to_numpy(
        dtype=float, na_value=np.nan)
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
    aim = np.where(np.isnan(direction), np.sign(target - baseline), direction)
    with np.errstate(invalid="ignore", divide="ignore"):
        against = has_target & ((target - baseline) * aim <= 0)
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
    return pd.array(np.where(np.isnan(arr), None, arr).astype(object), dtype="Float64")


def _last_per_series(rows: pd.DataFrame, codes: np.ndarray, n_series: int) -> pd.DataFrame:
    """The last non-missing value of each static column per series (rows sorted by year)."""
    static = rows[_STATIC].reset_index(drop=True)
    grouped = static.groupby(codes, sort=True).last()
    return grouped.reindex(range(n_series)).reset_index(drop=True)
