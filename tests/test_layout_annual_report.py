"""The annual report's own two-column tables (Lindesberg's "Utvecklingsmål | Måluppfyllnad")."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import layout_of, write_xlsx

import styranalys as sa

ROWS = [["Utvecklingsmål", "Måluppfyllnad"],
        ["Invånarna är nöjda med kommunens service", "Målet är på väg att uppfyllas"],
        ["Fler i arbete", "Målet är inte uppfyllt"]]


def test_the_heading_names_the_goal_type_and_the_caller_the_namnd_and_year(tmp: Path):
    assert layout_of(ROWS, "goals") == "AnnualReportTable"
    path = write_xlsx(tmp / "arsredovisning.xlsx", {"Blad1": ROWS})
    goals = sa.read_goals(path, namnd="Kommunfullmäktige", ar=2021)
    assert goals[["namnd", "ar", "maltyp", "niva"]].values.tolist() == [
        ["Kommunfullmäktige", 2021, "utvecklingsmal", 3],
        ["Kommunfullmäktige", 2021, "utvecklingsmal", 1]]


def test_without_a_namnd_the_problem_says_how_to_give_it(tmp: Path):
    path = write_xlsx(tmp / "arsredovisning.xlsx", {"Blad1": ROWS})
    with pytest.raises(sa.InputError) as info:
        sa.read_goals(path, ar=2021)
    [problem] = info.value.problems
    # the hint names this file and sheet, and a placeholder: no other municipality's name
    assert problem.code == "saknas_namnd"
    assert 'glob = "arsredovisning.xlsx", sheet = "Blad1"' in problem.hint
    assert 'namnd = "<nämndens namn>"' in problem.hint and "Kommunfullmäktige" not in problem.hint


def test_a_title_row_above_the_table_gives_namnd_and_year(tmp: Path):
    path = write_xlsx(tmp / "arsredovisning.xlsx",
                      {"Blad1": [["Kommunfullmäktige – utfall 2021"], *ROWS]})
    goals = sa.read_goals(path)
    assert set(goals["namnd"]) == {"Kommunfullmäktige"} and set(goals["ar"]) == {2021}
