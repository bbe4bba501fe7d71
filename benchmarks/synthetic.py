"""Deterministic synthetic data at a whole country's scale."""

from __future__ import annotations

import numpy as np
import pandas as pd

from styranalys.contract import INDICATOR_DTYPES


def national_indicators(n_municipalities: int = 290, n_indicators: int = 2000,
                        n_years: int = 15, seed: int = 0) -> pd.DataFrame:
    """An indicator frame: every municipality × indicator × year, 5 % missing values."""
    rng = np.random.default_rng(seed)
    n = n_municipalities * n_indicators * n_years
    mun = np.repeat(np.arange(n_municipalities), n_indicators * n_years)
    ind = np.tile(np.repeat(np.arange(n_indicators), n_years), n_municipalities)
    year = np.tile(np.arange(2024 - n_years + 1, 2025), n_municipalities * n_indicators)
    trend = rng.normal(0, 0.5, n_municipalities * n_indicators)
    value = (50 + np.repeat(trend, n_years) * (year - 2010) + rng.normal(0, 3, n)).round(1)
    value[rng.random(n) < 0.05] = np.nan
    ids = np.array([f"N{i:05d}" for i in range(n_indicators)], dtype=object)
    names = np.array([f"{1000 + i:04d}" for i in range(n_municipalities)], dtype=object)
    frame = pd.DataFrame({
        "indikator_id": ids[ind], "indikator": ids[ind], "namnd": names[mun], "mal_id": None,
        "enhet": "%", "riktning": np.where(ind % 2 == 0, "hogre", "lagre"), "ar": year,
        "period": "bokslut", "varde": value, "ingangsvarde": np.nan,
        "malvarde": np.where(ind % 3 == 0, 60.0, np.nan), "malar": None, "kon": "T",
        "kalla": "syntetisk",
    })
    return frame.astype(INDICATOR_DTYPES)
