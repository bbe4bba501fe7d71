"""Goals as headings between an indicator table's rows: both frames from one sheet."""

from __future__ import annotations

from pathlib import Path

from conftest import layout_of, write_csv, write_ods, write_xlsx

import styranalys as sa

ROWS = [["Socialnämnden – utvecklingsmål 2023"], [],
        ["Indikator", 2022, 2023, "Målvärde"],
        ["Invånare – nämndens mål och mätetal"],
        ["Fler i arbete"],
        ["Andel sysselsatta", 78, 79, 80], ["Antal nya jobb", 120, 140, 150],
        ["Ekonomi"], ["Budget i balans"], ["Resultat, mkr", 5, 7, 0]]


def test_goal_headings_are_goals_and_their_indicators_follow_them(tmp: Path):
    assert layout_of(ROWS[2:], "goals") == "HeadedGoals"
    for path in (write_xlsx(tmp / "kort.xlsx", {"Styrkort": ROWS}),
                 write_ods(tmp / "kort.ods", {"Styrkort": [r or [None] for r in ROWS]}),
                 write_csv(tmp / "kort.csv", ROWS)):
        goals, report = sa.load(path, "goals")
        assert report.problems == []
        assert goals[["namnd", "ar", "maltyp", "omrade", "mal"]].values.tolist() == [
            ["Socialnämnden", 2023, "utvecklingsmal", "Invånare – nämndens mål och mätetal",
             "Fler i arbete"],
            ["Socialnämnden", 2023, "utvecklingsmal", "Ekonomi", "Budget i balans"]]
        assert goals["niva"].isna().all()  # a heading is a goal, not yet assessed
        indicators, report = sa.load(path, "indicators", goals=goals)
        assert report.problems == []
        # no heading is read as an indicator without values
        assert set(indicators["indikator"]) == {"Andel sysselsatta", "Antal nya jobb",
                                                "Resultat, mkr"}
        linked = indicators.merge(goals[["mal_id", "mal"]], on="mal_id")
        assert linked.drop_duplicates("indikator")[["indikator", "mal"]].values.tolist() == [
            ["Andel sysselsatta", "Fler i arbete"], ["Antal nya jobb", "Fler i arbete"],
            ["Resultat, mkr", "Budget i balans"]]
        assert any("rad 5: målrubriken 'Fler i arbete'" in n for n in report.notes)


def test_an_indicator_without_values_over_kon_rows_is_no_goal_heading(tmp: Path):
    rows = [["Indikator", 2022, 2023], ["Antal besök", None, None], ["Kvinnor", 1, 2],
            ["Män", 3, 4], ["Väntetid", 5, 4]]
    assert layout_of(rows, "indicators") == "WideIndicators"
    frame = sa.read_indicators(write_xlsx(tmp / "ind.xlsx", {"Socialnämnden": rows}))
    assert set(frame[["indikator", "kon"]].itertuples(index=False)) == {
        ("Antal besök", "K"), ("Antal besök", "M"), ("Väntetid", "T")}
    assert frame["mal_id"].isna().all()
