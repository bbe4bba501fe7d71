"""Vectorised parsing of cell values: Swedish numbers, years, and the missing-value marks.

Each parser takes a column of raw cell values (object dtype) and returns the parsed column
plus a mask of cells it could not read, so the reader can name those cells in problems.
The work is done once per distinct value (``pd.factorize``, in C) and mapped back, so a
100 000-row column with a few thousand distinct values costs a few thousand conversions.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from .._text import SPACES
from ..contract import MISSING_MARKS
from .names import clean_name

_STRIP_SPACES = "[" + SPACES + " '’]"


def is_filled(value: object) -> bool:
    """Whether a cell holds something: not None, and not only spaces."""
    return value is not None and str(value).strip() != ""


def _strings(raw: pd.Series) -> pd.Series:
    """The cells that are text, stripped; other cells NA."""
    is_str = raw.map(type).eq(str)
    return raw.where(is_str).astype("string").str.strip()


#: What ``infer_dtype(..., skipna=True)`` says of cells that are numbers (never bools) or NA.
_NUMBER_KINDS = ("floating", "integer", "mixed-integer-float")
#: The same, and also of cells that are all NA.
_NUMBERS_ONLY = (*_NUMBER_KINDS, "empty")


def take(series: pd.Series, positions: np.ndarray, index: pd.Index | None = None) -> pd.Series:
    """``series`` at ``positions`` (repeats allowed), keeping its dtype without a detour
    through Python objects: Arrow strings stay Arrow."""
    index = pd.RangeIndex(len(positions)) if index is None else index
    if isinstance(series.dtype, np.dtype):
        taken = series.to_numpy()[positions]
    else:
        taken = series.array.take(positions)
    return pd.Series(taken, index=index, dtype=series.dtype, copy=False)  # just made


def repeat_rows(series: pd.Series, each: np.ndarray) -> pd.Series:
    """``series`` at ``each`` (every row once per year column of a wide sheet). A column of
    one value (or none), as every column the sheet lacks, is filled rather than gathered."""
    filled = _filled(series, len(each)) if len(series) else None
    if filled is None:
        return take(series, each)
    return pd.Series(filled, index=pd.RangeIndex(len(each)), dtype=series.dtype, copy=False)


def _filled(series: pd.Series, n: int) -> pd.api.extensions.ExtensionArray | None:
    """``n`` times the one value of an Arrow-string or masked-number ``series`` (NA too);
    None if it holds more than one, or is of another kind."""
    import pyarrow as pa

    array, missing = series.array, series.isna().to_numpy()
    if isinstance(array, pd.arrays.ArrowStringArray) and series.dtype == "string":
        if missing.all():
            return pd.arrays.ArrowStringArray(pa.nulls(n, pa.large_string()))
        first = series.iloc[0]
        if missing.any() or not series.eq(first).all():
            return None
        return pd.arrays.ArrowStringArray(pa.repeat(pa.scalar(first, pa.large_string()), n))
    if isinstance(array, pd.arrays.IntegerArray | pd.arrays.FloatingArray):
        numbers = array.to_numpy(dtype=array.dtype.numpy_dtype, na_value=0)
        if missing.all():
            return type(array)(np.zeros(n, dtype=numbers.dtype), np.ones(n, dtype=bool))
        if missing.any() or not (numbers == numbers[0]).all():
            return None
        return type(array)(np.full(n, numbers[0]), np.zeros(n, dtype=bool))
    return None


class Distinct:
    """A column as codes into its distinct values, factorized once and shared by every
    parser and check of that column. ``values`` ends with None, the code of every NA."""

    __slots__ = ("codes", "index", "values")

    def __init__(self, codes: np.ndarray, values: pd.Series, index: pd.Index) -> None:
        self.codes, self.values, self.index = codes, values, index

    @classmethod
    def of(cls, raw: pd.Series | np.ndarray) -> Distinct:
        cells = np.asarray(raw, dtype=object)
        if infer_dtype(cells, skipna=False) == "floating":  # hashing floats is 4x faster
            codes, uniques = pd.factorize(cells.astype(np.float64), use_na_sentinel=True)
        else:
            codes, uniques = pd.factorize(cells, use_na_sentinel=True)
        values = pd.Series(np.append(np.asarray(uniques, dtype=object), None), dtype=object)
        codes[codes < 0] = len(uniques)
        index = raw.index if isinstance(raw, pd.Series) else pd.RangeIndex(len(codes))
        return cls(codes, values, index)

    def subset(self, rows: np.ndarray) -> Distinct:
        """The same column for the rows where the boolean mask ``rows`` is true."""
        codes = self.codes[rows]
        return Distinct(codes, self.values, pd.RangeIndex(len(codes)))

    def mask(self, distinct: pd.Series | np.ndarray) -> np.ndarray:
        """A per-row boolean array from a per-distinct-value one."""
        return np.asarray(distinct, dtype=bool)[self.codes]

    def spread(self, result: pd.Series) -> pd.Series:
        """A per-row Series from one computed per distinct value (any dtype)."""
        return take(result, self.codes, self.index)

    def apply(self, parse):
        """``parse`` (Series -> Series or tuple of Series) on the distinct values, spread back
        to every row."""
        return _each(parse, [self], len(self.values))[0]


def by_distinct(raw: pd.Series | Distinct, parse):
    """Apply ``parse`` (Series -> Series or tuple of Series) to the distinct values of
    ``raw`` and spread the results back to every row."""
    return (raw if isinstance(raw, Distinct) else Distinct.of(raw)).apply(parse)


def float_block(cells: np.ndarray, columns: list[int]) -> np.ndarray | None:
    """The ``columns`` of a 2-D array of cells as one block of floats (NaN where blank), if
    every cell in them is a number (not a bool) or blank (None, NaN or "", as calamine gives
    an empty cell); else None, and each column is parsed on its own. As
    :func:`parse_numbers` reads such cells, with one look and one conversion per cell."""
    block = np.empty((len(cells), len(columns)))
    for j, c in enumerate(columns):
        column = cells[:, c]
        kind = infer_dtype(column, skipna=True)
        if kind not in _NUMBERS_ONLY:
            if kind not in ("mixed", "mixed-integer", "string"):
                return None
            column = np.where(column == "", None, column)  # empty cells among the numbers?
            if infer_dtype(column, skipna=True) not in _NUMBERS_ONLY:
                return None
        try:
            block[:, j] = column  # each cell converted straight into the block
        except TypeError:  # a None among them
            block[:, j] = np.where(pd.isna(column), np.nan, column)
        except OverflowError:  # an integer no float holds: let the column's own parse say
            return None
        if np.isinf(block[:, j]).any():  # likewise an infinite number: a located problem
            return None
    return block


def parse_numbers(raw: pd.Series | Distinct) -> tuple[pd.Series, pd.Series, pd.Series]:
    """See :func:`_parse_numbers`; computed once per distinct value."""
    return by_distinct(raw, _parse_numbers)


#: Distinct values parsed in one call by :func:`parse_numbers_each` and :func:`parse_text_each`
#: at most (a bound on memory).
_BATCH = 50_000


def parse_numbers_each(columns: list[Distinct], batch: int = _BATCH,
                       ) -> list[tuple[pd.Series, pd.Series, pd.Series]]:
    """:func:`parse_numbers` of each column, their distinct values parsed together."""
    return _each(_parse_numbers, columns, batch)


def parse_text_each(columns: list[Distinct], batch: int = _BATCH) -> list[pd.Series]:
    """:func:`parse_text` of each column, their distinct values parsed together."""
    return _each(_parse_text, columns, batch)


def parse_names_each(columns: list[Distinct], batch: int = _BATCH) -> list[pd.Series]:
    """:func:`_parse_name` of each column, their distinct values parsed together."""
    return _each(_parse_name, columns, batch)


def parse_names(raw: pd.Series | Distinct) -> pd.Series:
    """See :func:`_parse_name`; computed once per distinct value."""
    return by_distinct(raw, _parse_name)


def _parse_name(raw: pd.Series) -> pd.Series:
    """A name (nämnd, goal, indicator) as text, in Unicode NFC with inner runs of
    whitespace made one space: names are compared as people read them."""
    return _parse_text(raw).map(clean_name, na_action="ignore").astype("string")


def _each(parse, columns: list[Distinct], batch: int) -> list:
    """``parse`` (cell by cell, Series -> Series or tuple of Series) on the distinct values
    of several columns in as few calls as ``batch`` allows, spread back to each column: a
    parse costs a few dozen pandas operations per call whatever its size, and a small sheet
    has a handful of values in each of many columns. Each column gets exactly what it would
    get alone."""
    out: list = []
    start = 0
    while start < len(columns):
        stop, size = start, 0
        while stop < len(columns) and (stop == start or size + len(columns[stop].values)
                                       <= batch):
            size += len(columns[stop].values)
            stop += 1
        together = columns[start:stop]
        parsed = parse(pd.concat([d.values for d in together], ignore_index=True))
        at = 0
        for d in together:
            n = len(d.values)
            out.append(tuple(d.spread(r.iloc[at:at + n]) for r in parsed)
                       if isinstance(parsed, tuple) else d.spread(parsed.iloc[at:at + n]))
            at += n
        start = stop
    return out


def _parse_numbers(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Numbers from cells that hold numbers or Swedish number text.

    Returns ``(values, missing_mark, bad)``: Float64 values, a mask of cells holding a
    missing-value mark (counted, not an error) and a mask of cells that are neither.
    "12,5", "1 234", "1 234,5" (any kind of space), "45 %", "−3,2" (Unicode minus) and
    "1.234,5" are read; "12.5" is read with a decimal point.
    """
    raw = raw.astype(object)
    if infer_dtype(raw.to_numpy(), skipna=True) in _NUMBER_KINDS:
        try:
            values = raw.astype("float64")  # only numbers (and blanks): nothing to parse
        except OverflowError:  # an integer no float holds
            values = raw.map(_to_float)
        blank = values.isna().to_numpy()
        bad = np.isinf(values.to_numpy())
        return values.mask(bad).astype("Float64"), pd.Series(blank, index=raw.index), \
            pd.Series(bad, index=raw.index)
    kinds = raw.map(type)
    is_num = kinds.isin([int, float, np.float64, np.int64]) & ~kinds.eq(bool)
    values = pd.Series(np.nan, index=raw.index, dtype="float64")
    values[is_num] = raw[is_num].map(_to_float).astype("float64")
    is_nan_number = is_num & values.isna()  # a float NaN cell: treated as blank

    text = _strings(raw)
    is_text = text.notna()
    mark = is_text & text.isin(MISSING_MARKS)
    cleaned = (
        text.str.replace(_STRIP_SPACES, "", regex=True)
        .str.replace("\u2212", "-", regex=False)
        .str.replace("%", "", regex=False)
    )
    both = cleaned.str.contains(".", regex=False) & cleaned.str.contains(",", regex=False)
    cleaned = cleaned.mask(both.fillna(False), cleaned.str.replace(".", "", regex=False))
    cleaned = cleaned.str.replace(",", ".", regex=False)
    parsed = pd.to_numeric(cleaned.where(is_text & ~mark), errors="coerce")
    ok_text = is_text & ~mark & parsed.notna()
    values[ok_text] = parsed[ok_text].astype("float64")

    blank = raw.isna() | is_nan_number
    # inf, 1e999 and 2e308 (cells or text) are no outcome of anything: a located problem
    infinite = pd.Series(np.isinf(values.to_numpy()), index=raw.index)
    bad = ~(is_num | ok_text | mark | blank) | infinite
    return values.mask(infinite).astype("Float64"), (mark | blank).astype(bool), \
        bad.astype(bool)


def _to_float(value: object) -> float:
    """A number cell as a float; an integer too large for one is infinite (so reported)."""
    try:
        return float(value)  # type: ignore[arg-type]
    except OverflowError:
        return float("inf")


def parse_years(raw: pd.Series | Distinct) -> tuple[pd.Series, pd.Series, pd.Series]:
    """See :func:`_parse_years`; computed once per distinct value."""
    return by_distinct(raw, _parse_years)


#: Day 0 of the serial dates of Excel and OpenDocument (as Excel counts after 1900-02-28).
_SERIAL_EPOCH = dt.datetime(1899, 12, 30)


def _serial_year(value: object) -> float:
    """The number behind a date cell if it is a year: the year 2021 typed into a cell
    formatted as a date is stored as 2021 and shown (and read) as 1905-07-13."""
    if not isinstance(value, dt.date | dt.datetime):
        return np.nan
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    delta = value - _SERIAL_EPOCH
    days = delta.days + delta.seconds / 86400
    return float(days) if days == int(days) and 1900 <= days <= 2099 else np.nan


def _parse_years(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Years from 2021, 2021.0 or the text "2021"; returns (Int64 years, bad mask, mask of
    years read from a cell formatted as a date).

    A year in a date-formatted cell (stored as the number 2021, shown as 1905-07-13) is
    that year, and the caller notes it. Any other date, a fraction or a number outside
    1900-2099 is bad, never silently truncated.
    """
    raw = raw.astype(object)
    is_date = raw.map(lambda v: isinstance(v, dt.date | dt.datetime | pd.Timestamp))
    serial = raw.where(is_date).map(_serial_year).astype("float64")
    from_date = serial.notna()
    numbers, _blank, bad = _parse_numbers(raw.mask(is_date, None))
    numbers = numbers.mask(from_date, serial.astype("Float64"))
    whole = numbers.notna() & (numbers % 1 == 0) & numbers.between(1900, 2099)
    years = numbers.where(whole).astype("Int64")
    bad = bad | (is_date & ~from_date) | (numbers.notna() & ~whole)
    return years, bad.astype(bool), from_date.astype(bool)


def parse_text(raw: pd.Series | Distinct) -> pd.Series:
    """See :func:`_parse_text`; computed once per distinct value."""
    return by_distinct(raw, _parse_text)


def _parse_text(raw: pd.Series) -> pd.Series:
    """Text cells as a nullable string column: stripped, blanks NA, numbers as written.

    A whole float (2021.0) is written as "2021" so ids typed as numbers stay readable.
    """
    def _as_text(v: object) -> object:
        if v is None or (isinstance(v, float) and v != v):
            return None
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        if isinstance(v, dt.datetime | dt.date):
            return v.isoformat()
        return str(v)

    text = raw.astype(object).map(_as_text).astype("string")
    text = text.str.replace("[" + SPACES + "]", " ", regex=True).str.strip()
    return text.mask(text.eq(""), pd.NA)
