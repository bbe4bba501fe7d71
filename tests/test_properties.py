"""Nothing lost, proven with generated input (hypothesis).

1. Random valid long and wide workbooks: each input row is in the frame exactly once (or in
   a problem), values round-trip, and reading is deterministic.
2. Random bytes and random mutations of a valid xlsx: the only outcomes are a frame or an
   InputError; no other exception, no crash, and each case bounded in time (the deadline).
3. Generated sheet data and rows: the extent check never counts fewer cells than calamine
   places, and the provenance strings are what Python's own formatting gives.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import styranalys as sa
from styranalys._text import fold
from styranalys.contract import DEFAULT_PHRASES
from styranalys.problems import column_letter
from styranalys.read.grid import _NOTE
from styranalys.read.header import header_synonyms
from styranalys.read.names import clean_name
from styranalys.read.report import ReadReport

HEADINGS = set(header_synonyms())
SETTINGS = settings(max_examples=60, deadline=5000, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])
ALPHABET = st.characters(codec="utf-8", categories=["L", "N", "Zs", "P", "So"],
                         exclude_characters="\u00a0\u2007\u202f\u3000\u2028\u2029\u200a"
                                            "\u2009\u2002\u2003\u2004\u2005\u2006\u2008")


def _goal_text() -> st.SearchStrategy[str]:
    return st.text(ALPHABET, min_size=1, max_size=60).map(lambda t: " ".join(t.split())).filter(
        lambda t: t and not _NOTE.match(t) and fold(t) not in HEADINGS
        and not t.startswith(("=", "+", "-", "@", "#")) and fold(t) != "")


ROW = st.tuples(st.sampled_from(["Kommunstyrelsen", "Socialnämnden", "2030", "Nämnd 7"]),
                st.integers(2005, 2030), _goal_text(),
                st.sampled_from([p for p, _ in DEFAULT_PHRASES] + [None]))


def _xlsx(rows: list[list[object]], blank_every: int, title: bool) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append(["Måluppföljning"])
        ws.append([])
    ws.append(["Nämnd", "År", "Utvecklingsmål", "Bedömning"])
    for i, row in enumerate(rows):
        ws.append(row)
        if blank_every and i % blank_every == 0:
            ws.append([])
    ws.append([])
    ws.append(["Källa: test"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _read(data: bytes, suffix: str, kind: str) -> tuple[pd.DataFrame, ReadReport]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fil{suffix}"
        path.write_bytes(data)
        return sa.load(path, kind)


@SETTINGS
@given(rows=st.lists(ROW, min_size=1, max_size=40,
                     unique_by=lambda r: (r[0], r[1], fold(r[2]))),
       blank_every=st.integers(0, 5), title=st.booleans())
def test_long_goal_workbooks_round_trip(rows, blank_every, title):
    data = _xlsx([list(r) for r in rows], blank_every, title)
    frame, report = _read(data, ".xlsx", "goals")
    assert report.problems == []
    assert len(frame) == len(rows)  # every row exactly once
    expected = pd.DataFrame(rows, columns=["namnd", "ar", "mal", "bedomning"])
    assert frame["namnd"].tolist() == expected["namnd"].tolist()
    assert frame["ar"].tolist() == expected["ar"].tolist()
    # names are compared as read: Unicode NFC, inner whitespace one space
    assert frame["mal"].tolist() == [clean_name(t) for t in expected["mal"]]
    vocab = sa.Vocabulary.default()
    levels = [None if v is pd.NA else v for v in frame["niva"].tolist()]
    assert levels == [None if b is None else vocab.level(b)[1] for b in expected["bedomning"]]
    assert frame["kalla"].is_unique
    again, _ = _read(data, ".xlsx", "goals")
    pd.testing.assert_frame_equal(frame, again)  # deterministic


VALUE = st.one_of(st.none(), st.floats(-1e9, 1e9, allow_nan=False).map(lambda v: round(v, 4)))


@SETTINGS
@given(values=st.lists(st.lists(VALUE, min_size=2, max_size=8), min_size=1, max_size=25),
       as_text=st.booleans(), first_year=st.integers(2000, 2015))
def test_wide_indicator_workbooks_round_trip(values, as_text, first_year):
    width = min(len(v) for v in values)
    years = list(range(first_year, first_year + width))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Indikator", "Nämnd", *[str(y) for y in years]])
    for i, row in enumerate(values):
        cells = [None if v is None else (f"{v:.4f}".replace(".", ",") if as_text else v)
                 for v in row[:width]]
        ws.append([f"Indikator {i}", "Socialnämnden", *cells])
    buffer = io.BytesIO()
    wb.save(buffer)
    frame, report = _read(buffer.getvalue(), ".xlsx", "indicators")
    assert report.problems == []
    assert len(frame) == len(values) * width
    expected = [v for row in values for v in row[:width]]
    got = frame["varde"].tolist()
    for e, g in zip(expected, got, strict=True):
        assert (e is None and g is pd.NA) or g == e
    assert frame["ar"].tolist() == years * len(values)


def _outcome(data: bytes, suffix: str) -> None:
    for kind in ("goals", "indicators"):
        try:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"fil{suffix}"
                path.write_bytes(data)
                frame = sa.read_goals(path) if kind == "goals" else sa.read_indicators(path)
            assert isinstance(frame, pd.DataFrame)
        except sa.InputError as err:
            assert err.problems  # an InputError always says what is wrong


@SETTINGS
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".xlsx", ".ods", ".csv",
                                                              ".xls"]))
def test_random_bytes_give_a_frame_or_an_input_error(data, suffix):
    _outcome(data, suffix)


VALID = (ROOT / "tests" / "data" / "hostile" / "ok.xlsx").read_bytes()


@SETTINGS
@given(edits=st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)),
                      min_size=1, max_size=20),
       cut=st.one_of(st.none(), st.integers(1, len(VALID))))
def test_mutated_xlsx_gives_a_frame_or_an_input_error(edits, cut):
    data = bytearray(VALID)
    for pos, byte in edits:
        data[pos] = byte
    _outcome(bytes(data[:cut] if cut else data), ".xlsx")


# 3. The extent check against calamine itself, on sheets written in every form calamine reads.
def _letters(col: int) -> str:
    """Column ``col`` (1-based) in letters."""
    return column_letter(col - 1)


QUOTE = st.sampled_from(['"', '"', "'"])
SPACE = st.sampled_from([" ", " ", "  ", "\n", "\t"])


@st.composite
def _cell_tag(draw: st.DrawFn, row: int) -> str:
    """A cell as Excel writes it, or with no r, a lower-case, single-quoted or second r,
    a namespace prefix, a '>' inside a value, or no value."""
    col = draw(st.integers(1, 60))
    ref = _letters(col).lower() if draw(st.booleans()) and draw(st.booleans()) else _letters(col)
    attrs = []
    if draw(st.integers(0, 9)) > 0:
        q = draw(QUOTE)
        attrs.append(f"{draw(SPACE)}r={q}{ref}{row}{q}")
    if draw(st.integers(0, 3)) == 0:
        attrs.insert(draw(st.integers(0, len(attrs))), ' s="1"')
    if draw(st.integers(0, 9)) == 0:
        attrs.append(f' r="{_letters(draw(st.integers(1, 60)))}{draw(st.integers(1, 300))}"')
    if draw(st.integers(0, 9)) == 0:
        attrs.append(' foo="a>b"')
    tag = "x:c" if draw(st.integers(0, 9)) == 0 else "c"
    value = "" if draw(st.integers(0, 4)) == 0 else "<v>1</v>"
    return f"<{tag}{''.join(attrs)}>{value}</{tag}>"


@st.composite
def _sheet_data(draw: st.DrawFn) -> str:
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        row = draw(st.integers(1, 300))
        cells = "".join(draw(_cell_tag(row)) for _ in range(draw(st.integers(0, 6))))
        r = f' r="{row}"' if draw(st.integers(0, 5)) > 0 else ""
        rows.append(f"<row{r}>{cells}</row>")
    return "".join(rows)


def _calamine_corner(data: str) -> tuple[bytes, tuple[int, int] | None]:
    """The sheet XML with ``data`` as its sheetData, and the last row and column (1-based)
    where calamine puts a cell (None if it puts none or refuses the sheet)."""
    import zipfile

    from python_calamine import CalamineError, CalamineWorkbook

    with zipfile.ZipFile(io.BytesIO(VALID)) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    head, rest = sheet.split(b"<sheetData>", 1)
    xml = head + b"<sheetData>" + data.encode() + b"</sheetData>" + rest.split(b"</sheetData>")[1]
    members["xl/worksheets/sheet1.xml"] = xml
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    try:  # every coordinate is small, so calamine can show where it puts the cells
        end = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())
                                             ).get_sheet_by_index(0).end
    except CalamineError:
        return xml, None
    return xml, None if end is None else (end[0] + 1, end[1] + 1)


#: Small limits, so that the fast scan's shapes widen: 3 columns of 3-digit rows, 26 or 30
#: columns of 2-digit rows, 100 columns of 1-digit rows.
SMALL = dict(max_rows=999, max_columns=100, max_cells=3000)


def _assert_bounds_hold(xml: bytes, last_row: int, last_col: int) -> None:
    from styranalys.read.extent import _plain_bound
    from styranalys.read.limits import ReadLimits

    for limits in (ReadLimits(), ReadLimits(**SMALL)):
        for corner in (None, (1, 1), (last_col, last_row)):
            bound = _plain_bound(lambda: [xml], corner, limits)
            if bound is not None:  # the shape holds every cell and fits the limits
                columns, digits = bound
                assert last_col <= columns and last_row < 10 ** digits
                assert columns * (10 ** digits - 1) <= limits.max_cells


@SETTINGS
@given(data=_sheet_data())
def test_the_extent_check_never_counts_less_than_calamine_places(data):
    from styranalys.read.extent import _exact_extent
    from styranalys.read.limits import ReadLimits

    xml, corner = _calamine_corner(data)
    if corner is None:
        return
    last_row, last_col = corner
    max_row, max_col, _ = _exact_extent(xml, ReadLimits())
    assert max_row >= last_row and max_col >= last_col
    _assert_bounds_hold(xml, last_row, last_col)


@st.composite
def _plain_sheet_data(draw: st.DrawFn) -> str:
    """Rows of cells as Excel writes them, with columns and rows that make the fast scan's
    shapes widen (a header row out to column BH, then rows up to 999)."""
    rows = []
    for row in sorted(draw(st.sets(st.integers(1, 999), min_size=1, max_size=8))):
        cols = sorted(draw(st.sets(st.integers(1, 60), min_size=1, max_size=6)))
        cells = "".join(f'<c r="{_letters(c)}{row}" s="1"><v>1</v></c>' for c in cols)
        rows.append(f'<row r="{row}">{cells}</row>')
    return "".join(rows)


@SETTINGS
@given(data=_plain_sheet_data())
def test_the_widening_scan_bounds_every_plain_sheet_as_calamine_places_it(data):
    from styranalys.read.extent import _plain_bound
    from styranalys.read.limits import ReadLimits

    xml, corner = _calamine_corner(data)
    assert corner is not None
    last_row, last_col = corner
    assert _plain_bound(lambda: [xml], None, ReadLimits()) is not None  # never counted
    _assert_bounds_hold(xml, last_row, last_col)


@SETTINGS
@given(heads=st.lists(st.text(ALPHABET, max_size=12), min_size=1, max_size=5),
       first=st.integers(1, 120_000), steps=st.lists(st.integers(1, 40_000), max_size=30))
def test_provenance_strings_are_each_head_with_each_row_number(heads, first, steps):
    from itertools import accumulate

    from styranalys.read.kalla import numbered

    rows = list(accumulate([first, *steps]))  # increasing, across 1-digit to 7-digit rows
    for some in (rows, []):  # and a sheet whose rows were all notes: none
        got = numbered(heads, some)
        assert got.dtype == "string"
        assert got.tolist() == [f"{head}{row}" for row in some for head in heads]


CELL = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6),
                 st.none(), st.just(""), st.sampled_from(["12,5", "..", "x", True, False]))


@SETTINGS
@given(rows=st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=12))
def test_a_block_of_numbers_is_read_as_each_column_would_be(rows):
    import numpy as np

    from styranalys.read.values import float_block, parse_numbers

    cells = np.array(rows, dtype=object).reshape(len(rows), 3)
    block = float_block(cells, [0, 1, 2])
    for j in range(3):
        values, missing, bad = parse_numbers(pd.Series(cells[:, j], dtype=object))
        if block is None:
            continue
        assert not bad.any()  # the block is only taken where no cell is bad
        expected = values.to_numpy(dtype=float, na_value=np.nan)
        np.testing.assert_array_equal(block[:, j], expected)
        assert (np.isnan(block[:, j]) == missing.to_numpy()).all()
    numbers_only = all(v is None or v == "" or (isinstance(v, int | float) and
                                                 not isinstance(v, bool)) for r in rows for v in r)
    assert (block is not None) == numbers_only


NUMBER_TEXT = st.one_of(CELL, st.sampled_from(["1 234,5", "45 %", "\u22123,2", "1.234,5", "12.5",
                                               " .. ", "-", "#DIV/0!", "2021", "nan", "1e3"]))


@SETTINGS
@given(columns=st.lists(st.lists(NUMBER_TEXT, min_size=1, max_size=8), min_size=1, max_size=6),
       batch=st.integers(1, 12))
def test_columns_parsed_together_get_what_each_gets_alone(columns, batch):
    """Parsing the year columns of a sheet in one call (in batches of at most ``batch``
    distinct values) gives each column exactly what parsing it alone gives."""
    from styranalys.read.values import Distinct, parse_numbers, parse_numbers_each

    distinct = [Distinct.of(pd.Series(c, dtype=object)) for c in columns]
    together = parse_numbers_each(distinct, batch=batch)
    assert len(together) == len(columns)
    for column, got in zip(columns, together, strict=True):
        alone = parse_numbers(pd.Series(column, dtype=object))
        for g, a in zip(got, alone, strict=True):
            pd.testing.assert_series_equal(g.reset_index(drop=True), a.reset_index(drop=True))
