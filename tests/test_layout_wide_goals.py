"""The wide goal table: one row per goal, one column of assessments per year."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import layout_of, write_xlsx

import styranalys as sa

ROWS = [["Nämnd", "Måltyp", "Mål", "2022", "2023"],
        ["Tillväxtnämnden", "Utvecklingsmål", "Fler företag", "Delvis uppfyllt", "Uppfyllt"]]


def test_each_year_column_is_a_row(tmp: Path):
    assert layout_of(ROWS, "goals") == "WideGoals"
    goals = sa.read_goals(write_xlsx(tmp / "mal.xlsx", {"Mål": ROWS}))
    assert goals[["ar", "niva"]].values.tolist() == [[2022, 2], [2023, 4]]
    assert goals["kalla"].tolist() == ["mal.xlsx:Mål!D2", "mal.xlsx:Mål!E2"]


def test_an_unknown_assessment_is_located_in_its_year_column(tmp: Path):
    rows = [ROWS[0], [*ROWS[1][:4], "Bra"]]
    with pytest.raises(sa.InputError) as info:
        sa.read_goals(write_xlsx(tmp / "mal.xlsx", {"Mål": rows}))
    assert [(p.row, p.column) for p in info.value.problems] == [(2, "E")]


def test_year_columns_beside_an_assessment_column_are_one_problem(tmp: Path):
    rows = [[*ROWS[0], "Bedömning"], [*ROWS[1], "Uppfyllt"]]
    assert layout_of(rows, "goals") == "LongGoals/WideGoals"
    with pytest.raises(sa.InputError) as info:
        sa.read_goals(write_xlsx(tmp / "mal.xlsx", {"Mål": rows}))
    assert [p.code for p in info.value.problems] == ["dubbel_layout"]
