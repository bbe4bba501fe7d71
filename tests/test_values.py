"""Cell value parsing: Swedish numbers, missing marks and years."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from styranalys._values import parse_numbers, parse_years, repeat_rows


def test_swedish_numbers_missing_marks_and_bad_cells():
    raw = pd.Series(["12,5", "1 234", "1\u00a0234,5", "45 %", "\u22123,2", "1.234,5", "12.5",
                     7, 3.25, "..", ".", "-", "–", "", None, "abc", dt.date(2021, 1, 1)],
                    dtype=object)
    values, missing, bad = parse_numbers(raw)
    assert values.iloc[:9].tolist() == [12.5, 1234.0, 1234.5, 45.0, -3.2, 1234.5, 12.5, 7.0,
                                        3.25]
    assert missing.tolist() == [False] * 9 + [True] * 6 + [False, False]
    assert bad.tolist() == [False] * 15 + [True, True]
    assert str(values.dtype) == "Float64"


def test_years_as_numbers_floats_and_text_and_dates_are_bad():
    raw = pd.Series([2021, 2021.0, "2021", " 2022 ", "2021.5", dt.datetime(2021, 3, 1), "år",
                     1850, None], dtype=object)
    years, bad = parse_years(raw)
    assert years.iloc[:4].tolist() == [2021, 2021, 2021, 2022]
    assert bad.tolist() == [False] * 4 + [True] * 4 + [False]
    assert years.iloc[8] is pd.NA


def test_repeated_rows_fill_a_column_of_one_value_and_gather_any_other():
    positions = np.repeat(np.arange(4), 3)  # every row three times, as a wide sheet's years
    columns = [pd.Series(["bokslut"] * 4, dtype="string"), pd.Series([pd.NA] * 4, dtype="string"),
               pd.Series(["a", "a", pd.NA, "a"], dtype="string"), pd.Series(["", ""] * 2,
                                                                           dtype="string"),
               pd.Series([2.5] * 4, dtype="Float64"), pd.Series([pd.NA] * 4, dtype="Float64"),
               pd.Series([7, 7, 8, 7], dtype="Int64"), pd.Series([None] * 4, dtype="Int64"),
               pd.Series(["x", 1, None, "x"], dtype=object)]
    for column in columns:
        got = repeat_rows(column, positions)
        expected = column.iloc[positions].reset_index(drop=True)
        pd.testing.assert_series_equal(got, expected)
