"""The long indicator table: one row per indicator and year."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import layout_of, write_xlsx

import styranalys as sa

ROWS = [["Indikator", "Nämnd", "År", "Värde", "Målvärde"],
        ["Väntetid, dagar", "Socialnämnden", 2022, 31, 20],
        ["Väntetid, dagar", "Socialnämnden", 2023, "29,5", 20]]


def test_each_row_is_one_value(tmp: Path):
    assert layout_of(ROWS, "indicators") == "LongIndicators"
    frame = sa.read_indicators(write_xlsx(tmp / "ind.xlsx", {"Data": ROWS}))
    assert frame[["ar", "varde", "malvarde"]].values.tolist() == [[2022, 31.0, 20.0],
                                                                 [2023, 29.5, 20.0]]


def test_a_value_that_is_not_a_number_is_located(tmp: Path):
    rows = [*ROWS, ["Väntetid, dagar", "Socialnämnden", 2024, "abc", 20]]
    with pytest.raises(sa.InputError) as info:
        sa.read_indicators(write_xlsx(tmp / "ind.xlsx", {"Data": rows}))
    assert [(p.row, p.column, p.code) for p in info.value.problems] == [(4, "D", "tal")]


def test_value_columns_named_by_kon_are_that_kon(tmp: Path):
    rows = [["Indikator", "År", "Kvinnor", "Män", "Totalt"],
            ["Andel nöjda", 2022, 83, 77, 80], ["Andel nöjda", 2023, "85", 79, ".."]]
    frame, report = sa.load(write_xlsx(tmp / "ind.xlsx", {"Socialnämnden": rows}),
                            "indicators")
    assert report.problems == [] and report.missing_values == 1
    got = frame[["ar", "kon", "varde"]].astype(object).where(frame.notna(), None)
    assert got.values.tolist() == [[2022, "K", 83.0], [2022, "M", 77.0], [2022, "T", 80.0],
                                   [2023, "K", 85.0], [2023, "M", 79.0], [2023, "T", None]]
    assert frame["kalla"].tolist()[:2] == ["ind.xlsx:Socialnämnden!C2",
                                           "ind.xlsx:Socialnämnden!D2"]


def test_a_trend_sentence_and_the_values_say_which_way_is_better(tmp: Path):
    rows = [["Indikator", "År", "Värde", "Trend"],
            ["Nöjdhet", 2021, 70, "Utvecklingen går åt rätt håll."],
            ["Nöjdhet", 2022, 75, "Utvecklingen går åt rätt håll."],
            ["Väntetid", 2021, 10, "Negativ utveckling"], ["Väntetid", 2022, 12,
                                                          "Negativ utveckling"],
            ["Kostnad", 2021, 5, "Ingen förändring"], ["Kostnad", 2022, 6, "Ingen förändring"]]
    frame, report = sa.load(write_xlsx(tmp / "ind.xlsx", {"Socialnämnden": rows}),
                            "indicators")
    assert report.problems == []
    got = frame.drop_duplicates("indikator")[["indikator", "riktning"]]
    assert got.astype(object).where(got.notna(), None).values.tolist() == [
        ["Nöjdhet", "hogre"], ["Väntetid", "lagre"], ["Kostnad", None]]
    assert any("lägre är bättre: trenden 'Negativ utveckling'" in n for n in report.notes)
    assert not any("kolumnen Trend" in n for n in report.notes)
