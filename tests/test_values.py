"""Cell value parsing: Swedish numbers, missing marks and years."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from styranalys.read.values import parse_numbers, parse_years, repeat_rows


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
    years, bad, from_date = parse_years(raw)
    assert years.iloc[:4].tolist() == [2021, 2021, 2021, 2022]
    assert bad.tolist() == [False] * 4 + [True] * 4 + [False]
    assert years.iloc[8] is pd.NA
    assert not from_date.any()


def test_a_year_in_a_cell_formatted_as_a_date_is_that_year():
    # Excel and LibreOffice store 2021 typed into a date cell as serial 2021: 1905-07-13.
    raw = pd.Series([dt.datetime(1905, 7, 13), dt.date(1905, 7, 14), dt.datetime(2021, 3, 1),
                     dt.datetime(1905, 7, 13, 12)], dtype=object)
    years, bad, from_date = parse_years(raw)
    assert years.iloc[:2].tolist() == [2021, 2022]
    assert from_date.tolist() == [True, True, False, False]
    assert bad.tolist() == [False, False, True, True]  # a real date or a time is no year


def test_infinite_and_overflowing_numbers_are_bad():
    raw = pd.Series(["inf", "2e308", "-inf", float("inf"), 10 ** 400, "1e999", 12.5, "3,5"],
                    dtype=object)
    values, missing, bad = parse_numbers(raw)
    assert bad.tolist() == [True] * 6 + [False, False]
    assert values.iloc[:6].isna().all() and not missing.iloc[:6].any()
    assert values.iloc[6:].tolist() == [12.5, 3.5]
    only_numbers = pd.Series([1.0, float("inf")], dtype=object)
    assert parse_numbers(only_numbers)[2].tolist() == [False, True]


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


def test_targets_and_values_as_people_write_them(tmp_path):
    """"Minst 60 %", "Max 13,2 %", "≥ 30", "Ska öka", "5,7 % (2020)", "12,8 *)" in a real
    workbook: the number, and what stood around it, each where it belongs."""
    from conftest import write_xlsx

    import styranalys as sa

    head = ["Nämnd", "Indikator", "Enhet", "Målvärde", "Värde"]
    rows = [["KS", "Nöjdhet", None, "Minst 60 %", "5,7 % (2020)."],
            ["KS", "Sjukfrånvaro", None, "Max 13,2 %", "12,8 *)"],
            ["KS", "Index", None, "Minst index 41", "38"],
            ["KS", "Kvalitet", None, "≥ 30", "Statistik saknas"],
            ["KS", "Resor", "antal", "Ska öka", "Uppgift saknas"],
            ["KS", "Utsläpp", "ton", "≤12", "Ej mätt"],
            [], ["*) Preliminärt värde."]]
    path = write_xlsx(tmp_path / "ind.xlsx", {"Indikatorer 2021": [head, *rows]})
    frame, report = sa.load(path, "indicators")
    assert report.problems == []
    got = frame[["indikator", "ar", "varde", "malvarde", "riktning", "enhet"]]
    assert got.astype(object).where(got.notna(), None).values.tolist() == [
        ["Nöjdhet", 2020, 5.7, 60.0, "hogre", "%"],  # the value's own year beats the title's
        ["Sjukfrånvaro", 2021, 12.8, 13.2, "lagre", "%"],
        ["Index", 2021, 38.0, 41.0, "hogre", "index"],
        ["Kvalitet", 2021, None, 30.0, "hogre", None],
        ["Resor", 2021, None, None, "hogre", "antal"],
        ["Utsläpp", 2021, None, 12.0, "lagre", "ton"]]
    assert report.missing_values == 3
    assert any("rad 3: '12,8 *)' i kolumn E har fotnoten *)" in n for n in report.notes)
    assert any("anteckning '*) Preliminärt värde.'" in n for n in report.notes)


def test_two_numbers_in_one_cell_are_a_problem_naming_both(tmp_path):
    from conftest import write_csv

    import styranalys as sa

    path = write_csv(tmp_path / "ind.csv", [["Nämnd", "Indikator", "År", "Värde", "Målvärde"],
                                            ["KS", "A", "2021", "12 eller 14", "20"],
                                            ["KS", "B", "2021", "5", "Minst 3, helst 4"]])
    frame, report = sa.load(path, "indicators")
    assert sorted((p.row, p.column, p.code) for p in report.problems) == [
        (2, "D", "flera_tal"), (3, "E", "flera_tal")]
    assert any("(12, 14)" in p.message for p in report.problems)
    assert frame["varde"].isna().tolist() == [True, False]
