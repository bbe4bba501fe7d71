"""The long goal table: one row per goal, its assessment in one column."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import layout_of, write_xlsx

import styranalys as sa

ROWS = [["Nämnd", "År", "Måltyp", "Mål", "Bedömning", "Kommentar"],
        ["Socialnämnden", 2023, "Utvecklingsmål", "Fler i egen försörjning", "Uppfyllt", ""],
        ["Socialnämnden", 2023, "Grunduppdrag", "Rättssäker handläggning", "Delvis uppfyllt",
         "Två ärenden sena"]]


def test_each_row_is_one_goal_with_its_level(tmp: Path):
    assert layout_of(ROWS, "goals") == "LongGoals"
    goals = sa.read_goals(write_xlsx(tmp / "mal.xlsx", {"Mål": ROWS}))
    assert goals[["maltyp", "niva"]].values.tolist() == [["utvecklingsmal", 4],
                                                         ["grunduppdrag", 2]]
    assert goals["kalla"].tolist() == ["mal.xlsx:Mål!2", "mal.xlsx:Mål!3"]


def test_an_unknown_assessment_names_its_cell_and_the_nearest_phrases(tmp: Path):
    rows = [*ROWS[:2], ["Socialnämnden", 2023, "Grunduppdrag", "Rättssäker", "Upfyllt", ""]]
    with pytest.raises(sa.InputError) as info:
        sa.read_goals(write_xlsx(tmp / "mal.xlsx", {"Mål": rows}))
    [problem] = info.value.problems
    assert (problem.row, problem.column, problem.code) == (3, "E", "okand_bedomning")
    assert "'Uppfyllt'" in problem.hint


def test_a_heading_with_no_goals_under_it_is_itself_a_goal(tmp: Path):
    rows = [["Socialnämnden – nämndsmål 2024"], [],
            ["Övergripande mål", "Nämndsmål", "Bedömning"],
            ["Trygg kommun", None, None], [None, "Fler trygga", "Uppfyllt"],
            ["Hållbar kommun", None, None], [None, "Mindre utsläpp", "Ej uppfyllt"],
            ["Ekonomi i balans", None, None]]
    goals, report = sa.load(write_xlsx(tmp / "mal.xlsx", {"Mål": rows}), "goals")
    assert report.problems == []
    got = goals[["omrade", "mal"]].astype(object).where(goals[["omrade", "mal"]].notna(), None)
    assert got.values.tolist() == [["Trygg kommun", "Fler trygga"],
                                   ["Hållbar kommun", "Mindre utsläpp"],
                                   [None, "Ekonomi i balans"]]
    assert any("rad 8: rubriken har inga mål under sig" in n for n in report.notes)
