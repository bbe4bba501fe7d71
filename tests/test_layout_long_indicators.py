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
