"""Goals and their measures in one table: one sheet, both frames, linked."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from conftest import layout_of, write_xlsx

import styranalys as sa

ROWS = [["Mål", "Indikator", 2022, 2023, "Målvärde", "Bedömning"],
        ["Fler i arbete", "Andel sysselsatta", 78, 79, 80, "Delvis uppfyllt"],
        [None, "Antal nya jobb", 120, 140, 150, None],
        ["Trygg kommun", "Andel trygga", "70 %", "72 %", "Minst 75 %", "Uppfyllt"]]


def test_one_table_gives_the_goals_and_their_measures_linked(tmp: Path):
    assert layout_of(ROWS, "goals") == "MeasuredGoals"
    path = write_xlsx(tmp / "mal.xlsx", {"Socialnämnden, utvecklingsmål": ROWS})
    goals, report = sa.load(path, "goals")
    assert report.problems == []
    assert goals[["namnd", "ar", "maltyp", "mal", "niva"]].values.tolist() == [
        ["Socialnämnden", 2023, "utvecklingsmal", "Fler i arbete", 2],
        ["Socialnämnden", 2023, "utvecklingsmal", "Trygg kommun", 4]]
    assert any("senaste året bland årskolumnerna, 2023" in n for n in report.notes)
    indicators, report = sa.load(path, "indicators", goals=goals)
    assert report.problems == []
    linked = indicators.merge(goals[["mal_id", "mal"]], on="mal_id")
    # the merged goal cell carries down: "Antal nya jobb" follows "Fler i arbete"
    assert linked.drop_duplicates("indikator")[["indikator", "mal"]].values.tolist() == [
        ["Andel sysselsatta", "Fler i arbete"], ["Antal nya jobb", "Fler i arbete"],
        ["Andel trygga", "Trygg kommun"]]
    trygga = indicators[indicators["indikator"] == "Andel trygga"]
    assert trygga[["ar", "varde", "malvarde", "riktning", "enhet"]].values.tolist() == [
        [2022, 70.0, 75.0, "hogre", "%"], [2023, 72.0, 75.0, "hogre", "%"]]
    # neither read says the other's columns were unused
    assert not any("användes inte" in n for n in report.notes)


def test_without_a_measure_column_each_goal_is_its_own_measure(tmp: Path):
    path = write_xlsx(tmp / "mal.xlsx", {"Mål": [
        ["Socialnämnden – utvecklingsmål 2023"], [],
        ["Mål", 2022, 2023, "Målvärde", "Bedömning"],
        ["Andel nöjda", 78, 79, 80, "Delvis uppfyllt"]]})
    goals = sa.read_goals(path)
    indicators = sa.read_indicators(path, goals=goals)
    assert goals[["ar", "mal", "niva"]].values.tolist() == [[2023, "Andel nöjda", 2]]
    assert indicators[["indikator", "ar", "varde", "malvarde"]].values.tolist() == [
        ["Andel nöjda", 2022, 78.0, 80.0], ["Andel nöjda", 2023, 79.0, 80.0]]
    assert (indicators["mal_id"] == goals["mal_id"].iloc[0]).all()


def test_one_goal_with_two_assessments_is_a_located_problem(tmp: Path):
    path = write_xlsx(tmp / "mal.xlsx", {"Socialnämnden, utvecklingsmål": [
        ["Mål", "Indikator", 2023, "Bedömning"], ["Fler i arbete", "A", 1, "Uppfyllt"],
        ["Fler i arbete", "B", 2, "Ej uppfyllt"]]})
    goals, report = sa.load(path, "goals")
    assert [(p.row, p.column, p.code) for p in report.problems] == [
        (3, "D", "olika_bedomningar")]
    assert len(goals) == 1 and pd.isna(goals["niva"]).sum() == 0
