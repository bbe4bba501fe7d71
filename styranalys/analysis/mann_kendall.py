"""Mann–Kendall p-values that are valid for the short series municipalities have.

For up to ``EXACT_MAX_N`` values the p-value is exact, ties included: under the null
hypothesis every ordering of the values is equally likely, and the number of inversions of
a multiset permutation with tie sizes t1..tk follows the q-multinomial coefficient
``[n]_q! / ([t1]_q! ... [tk]_q!)``. S = (untied pairs) − 2 × inversions, so that polynomial is
S's exact distribution. It is computed once per (n, tie pattern), not once per series.
Longer series use the normal approximation with the tie-corrected variance and a continuity
correction; its two-sided tail is ``erfc(z / √2)`` from the standard library, so no
scipy is needed at run time.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

__all__ = ["EXACT_MAX_N", "TIE_BASE", "mk_pvalues"]

EXACT_MAX_N = 15
TIE_BASE = 8  # tie pattern code: sum of 8**t over tie groups (t >= 2); unique for n <= 15


_ERFC = np.frompyfunc(math.erfc, 1, 1)


def _two_sided_tail(z: np.ndarray) -> np.ndarray:
    """P(|Z| >= z) for a standard normal Z: 2 Φ(−z) = erfc(z / √2)."""
    return _ERFC(z / math.sqrt(2.0)).astype(float)


def _poly_mul(a: list[int], b: list[int]) -> list[int]:
    out = [0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                out[i + j] += x * y
    return out


def _poly_div(num: list[int], den: list[int]) -> list[int]:
    """Exact division of integer polynomials (den's leading and constant terms are 1)."""
    num = list(num)
    out = [0] * (len(num) - len(den) + 1)
    for i in range(len(out)):
        coef = num[i]
        out[i] = coef
        if coef:
            for j, d in enumerate(den):
                num[i + j] -= coef * d
    return out


def _q_factorial(n: int) -> list[int]:
    poly = [1]
    for k in range(1, n + 1):
        poly = _poly_mul(poly, [1] * k)
    return poly


@lru_cache(maxsize=4096)
def _exact_tail(n: int, code: int) -> tuple[np.ndarray, np.ndarray]:
    """(|S| values, P(|S| >= value)) for n values with the tie pattern ``code``."""
    ties = _decode(code)
    poly = _q_factorial(n)
    for t in ties:
        poly = _poly_div(poly, _q_factorial(t))
    untied = n * (n - 1) // 2 - sum(t * (t - 1) // 2 for t in ties)
    counts = np.array(poly, dtype=float)
    s_values = untied - 2 * np.arange(len(counts))
    total = counts.sum()
    abs_s = np.abs(s_values)
    grid = np.unique(abs_s)
    tail = np.array([counts[abs_s >= g].sum() / total for g in grid])
    return grid, np.minimum(tail, 1.0)


def _decode(code: int) -> list[int]:
    ties = []
    t = 0
    while code:
        code, digit = divmod(code, TIE_BASE)
        ties += [t] * digit
        t += 1
    return ties


def mk_pvalues(s: np.ndarray, n: np.ndarray, tie_codes: np.ndarray,
               tie_term: np.ndarray) -> np.ndarray:
    """Two-sided Mann–Kendall p-values for statistics ``s`` of series with ``n`` values.

    ``tie_codes`` identify each series' tie pattern (sum of ``TIE_BASE ** t`` over its
    groups of t >= 2 equal values) and ``tie_term``
    is the variance correction sum of t(t−1)(2t+5) over its tie groups.
    """
    p = np.full(len(s), np.nan)
    valid = (n >= 2) & ~np.isnan(s)
    var = (n * (n - 1) * (2 * n + 5) - tie_term) / 18.0
    normal = valid & (n > EXACT_MAX_N) & (var > 0)
    z = (np.abs(s[normal]) - 1.0) / np.sqrt(var[normal])
    p[normal] = np.minimum(1.0, _two_sided_tail(np.maximum(z, 0.0)))
    exact = valid & (n <= EXACT_MAX_N)
    if exact.any():
        idx = np.flatnonzero(exact)
        keys = np.stack([n[idx].astype(np.int64), tie_codes[idx].astype(np.int64),
                         np.abs(s[idx]).astype(np.int64)], axis=1)
        uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
        values = np.empty(len(uniq))
        for k, (nn, code, abs_s) in enumerate(uniq):
            grid, tail = _exact_tail(int(nn), int(code))
            pos = np.searchsorted(grid, abs_s)
            values[k] = tail[pos] if pos < len(grid) else 0.0
        p[idx] = values[inverse.ravel()]
    # Every value tied: no ordering carries information.
    p[valid & (var <= 0)] = 1.0
    return p
