"""trends on a Dask DataFrame over the year-partitioned parquet equals pandas' trends."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import RAW

import styranalys as sa

dd = pytest.importorskip("dask.dataframe")


def test_dask_trends_equal_pandas_on_the_example_data(tmp_path: Path):
    from styranalys.distributed import trends_dask, write_indicator_dataset

    indicators = sa.read_indicators(RAW)
    dataset = write_indicator_dataset(indicators, tmp_path / "indikatorer")
    assert sorted(p.name for p in dataset.iterdir())[0].startswith("ar=")
    ddf = dd.read_parquet(dataset)
    assert ddf.npartitions > 1
    got = trends_dask(ddf).compute(scheduler="synchronous")
    expected = sa.trends(indicators)
    key = ["indikator_id", "namnd", "kon", "period"]
    got = got.sort_values(key).reset_index(drop=True)
    expected = expected.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert len(got) == indicators.groupby(key).ngroups
