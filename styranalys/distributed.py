"""Beyond one machine: the same tidy parquet, processed by Dask (an optional extra).

The indicator frame is stored as a parquet dataset partitioned by year (``ar=2019/...``),
which is how new years are appended. A series spans years, so before ``trends`` runs on each
partition the rows are shuffled on ``indikator_id``: every row of a series (indikator_id,
namnd, kon, period) then lies in one partition, and ``map_partitions(trends)`` gives exactly
what pandas gives. Install with ``pip install "styranalys[dask]"``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .analysis.trends import TREND_COLUMNS, trends
from .contract import INDICATOR_DTYPES, conform

__all__ = ["trends_dask", "write_indicator_dataset"]


def write_indicator_dataset(indicators: pd.DataFrame, path: str | Path) -> Path:
    """Write the indicator frame as a parquet dataset partitioned by year (``ar``)."""
    path = Path(path)
    indicators.to_parquet(path, partition_cols=["ar"], index=False)
    return path


def _trends_partition(part: pd.DataFrame, **kwargs: object) -> pd.DataFrame:
    return trends(conform(part, INDICATOR_DTYPES), **kwargs)  # type: ignore[arg-type]


def trends_dask(indicators, **kwargs: object):
    """:func:`styranalys.analysis.trends` on a Dask DataFrame (e.g. ``dd.read_parquet(dataset)``).

    Returns a lazy Dask DataFrame with the columns of :func:`trends`; call ``.compute()``.
    """
    meta = trends(conform(None, INDICATOR_DTYPES))[TREND_COLUMNS]
    shuffled = indicators.shuffle(on="indikator_id")
    return shuffled.map_partitions(_trends_partition, meta=meta, **kwargs)
