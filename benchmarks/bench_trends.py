"""trends() on national-scale data against a per-series scipy loop, in the same run.

The scipy loop is timed on a sample of series and extrapolated to all series (a full loop
over 580 000 series would take many minutes); the output says so. The loop is the best plain
one: numpy slices of columns sorted once, not a DataFrame sliced per series.
"""

from __future__ import annotations

import time

import numpy as np

from benchmarks.harness import Comparison, Timing, measure
from benchmarks.synthetic import national_indicators


def _loop_per_series(frame, n_sample: int, with_all: bool) -> tuple[float, int, int]:
    """Seconds per series for the best plain loop over series with scipy, and the series
    counts: the rows sorted by series once, the columns taken out as numpy arrays, and each
    series a slice of them (slicing the DataFrame with ``.iloc`` per series tripled the
    loop's cost, and flattered ``trends``)."""
    from scipy import stats

    keys = ["indikator_id", "namnd", "kon", "period"]
    data = frame[frame["varde"].notna()].sort_values([*keys, "ar"], kind="stable")
    codes = data.groupby(keys, sort=False, observed=True).ngroup().to_numpy()
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    bounds = list(zip(starts, np.r_[starts[1:], len(codes)], strict=True))
    n_series = len(bounds)
    x_all = data["ar"].to_numpy(float)
    y_all = data["varde"].to_numpy(float)
    t0 = time.perf_counter()
    for start, end in bounds[:n_sample]:
        x, y = x_all[start:end], y_all[start:end]
        if len(x) < 2:
            continue
        stats.linregress(x, y)
        if with_all:
            stats.theilslopes(y, x)
            stats.kendalltau(x, y)
    sampled = min(n_sample, n_series)
    return (time.perf_counter() - t0) / sampled, n_series, sampled


def run(quick: bool) -> list[Comparison]:
    from styranalys.analysis.trends import trends

    shape = (40, 50, 15) if quick else (290, 2000, 15)
    repeat = 2 if quick else 3
    setup = lambda: national_indicators(*shape)  # noqa: E731
    case = measure("trends (vektoriserad)", setup, lambda f: trends(f), repeat=repeat)
    n_rows = shape[0] * shape[1] * shape[2]
    frame = setup()
    sample = 200 if quick else 3000
    per_ols, n_series, n_sampled = _loop_per_series(frame, sample, with_all=False)
    per_all, _, _ = _loop_per_series(frame, sample, with_all=True)
    note = f"uppmätt på {n_sampled} serier, uppräknat till {n_series}"
    base_all = Timing("scipy-loop: linregress + theilslopes + kendalltau",
                      [per_all * n_series], note=note)
    base_ols = Timing("scipy-loop: linregress", [per_ols * n_series], note=note)

    # The OLS step alone, vectorised, against the linregress loop.
    def ols_only(f):
        from styranalys.analysis.trends import _series_codes

        codes, _keys = _series_codes(f)
        x = f["ar"].to_numpy(float) - 2000
        y = f["varde"].to_numpy(float, na_value=np.nan)
        ok = ~np.isnan(y)
        c, x, y = codes[ok], x[ok], y[ok]
        n = np.bincount(c)
        sx, sy = np.bincount(c, x), np.bincount(c, y)
        sxx, sxy = np.bincount(c, x * x), np.bincount(c, x * y)
        return (n * sxy - sx * sy) / (n * sxx - sx * sx)

    ols_case = measure("OLS (vektoriserad)", setup, ols_only, repeat=repeat)
    details = {"rader": n_rows, "serier": n_series,
               "baslinje": f"{note} (en hel loop skulle ta {per_all * n_series:.0f} s)"}
    return [
        Comparison(f"trends, alla mått, {n_rows:_} rader".replace("_", " "), case, base_all,
                   target="< 10 s och < 4 GB vid 8,7 milj. rader", details=details),
        Comparison("OLS-lutning mot linregress-loop", ols_case, base_ols, target=">= 100x"),
    ]
