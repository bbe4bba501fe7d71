"""The wide indicator table: one row per indicator, one column of values per year."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import layout_of, write_xlsx

import styranalys as sa

ROWS = [["Indikator", "Nämnd", "Enhet", 2021, 2022, "Målvärde 2024"],
        ["Nöjdhet", "Socialnämnden", "%", 70, None, 80],
        ["Kostnad", "Socialnämnden", "kr", 5, 6, None]]


def test_each_year_column_is_a_row_and_a_blank_is_a_missing_value(tmp: Path):
    assert layout_of(ROWS, "indicators") == "WideIndicators"
    frame = sa.read_indicators(write_xlsx(tmp / "ind.xlsx", {"Data": ROWS}))
    assert frame[["indikator", "ar"]].values.tolist() == [
        ["Nöjdhet", 2021], ["Nöjdhet", 2022], ["Kostnad", 2021], ["Kostnad", 2022]]
    assert frame["varde"].isna().tolist() == [False, True, False, False]
    assert set(frame["malar"].dropna()) == {2024}
    assert frame.attrs["styranalys"]["missing_values"] == 2  # the 2022 value, one target


def test_a_bad_cell_is_located_in_its_year_column(tmp: Path):
    rows = [*ROWS, ["Antal", "Socialnämnden", "st", "x", 3, None]]
    with pytest.raises(sa.InputError) as info:
        sa.read_indicators(write_xlsx(tmp / "ind.xlsx", {"Data": rows}))
    assert [(p.row, p.column) for p in info.value.problems] == [(4, "D")]


def test_an_empty_first_header_cell_over_row_labels_and_a_caption_with_the_unit(tmp: Path):
    """The annual report's table: a caption "…, Mkr", years newest first over the numbers,
    and the series named by the labels under an empty first header cell."""
    path = write_xlsx(tmp / "ekonomi.xlsx", {"Ekonomi": [
        ["Kommunstyrelsen – ekonomi"], [], ["Resultat, Mkr"], [None, 2024, 2023, 2022],
        ["Årets resultat", -12, 30, "45"], ["Nettokostnad", 1200, 1150, 1100]]})
    frame = sa.read_indicators(path)
    assert frame[["indikator", "ar", "varde", "enhet", "namnd"]].values.tolist() == [
        ["Årets resultat", 2022, 45.0, "Mkr", "Kommunstyrelsen"],
        ["Årets resultat", 2023, 30.0, "Mkr", "Kommunstyrelsen"],
        ["Årets resultat", 2024, -12.0, "Mkr", "Kommunstyrelsen"],
        ["Nettokostnad", 2022, 1100.0, "Mkr", "Kommunstyrelsen"],
        ["Nettokostnad", 2023, 1150.0, "Mkr", "Kommunstyrelsen"],
        ["Nettokostnad", 2024, 1200.0, "Mkr", "Kommunstyrelsen"]]


def test_kon_rows_under_an_indicator_are_that_indicator_for_women_and_men(tmp: Path):
    path = write_xlsx(tmp / "ind.xlsx", {"Socialnämnden 2022": [
        ["Indikator-ID", "Indikator", 2021, 2022],
        ["U1", "Andel nöjda", 80, 82], [None, "Kvinnor", 83, 85], [None, "Män", 77, 79],
        ["U2", "Antal besök", None, None], [None, "flickor", 10, 12], [None, "POJKAR", 9, 8],
        ["U3", "Väntetid", 5, 4]]})
    frame, report = sa.load(path, "indicators")
    assert report.problems == [] and report.missing_values == 0
    got = frame[["indikator_id", "indikator", "kon", "namnd"]].drop_duplicates()
    assert got.values.tolist() == [
        ["U1", "Andel nöjda", "T", "Socialnämnden"], ["U1", "Andel nöjda", "K", "Socialnämnden"],
        ["U1", "Andel nöjda", "M", "Socialnämnden"], ["U2", "Antal besök", "K", "Socialnämnden"],
        ["U2", "Antal besök", "M", "Socialnämnden"], ["U3", "Väntetid", "T", "Socialnämnden"]]
    assert "Kvinnor" not in set(frame["indikator"])  # never an indicator named "Kvinnor"
    assert any("rad 5: 'Antal besök' har inga egna värden" in n for n in report.notes)


def test_a_kon_row_under_no_indicator_is_a_located_problem(tmp: Path):
    path = write_xlsx(tmp / "ind.xlsx", {"Socialnämnden": [
        ["Indikator", 2021], ["Kvinnor", 3], ["Nöjdhet", 4]]})
    frame, report = sa.load(path, "indicators")
    assert [(p.row, p.column, p.code) for p in report.problems] == [
        (2, "A", "kon_utan_indikator")]
    assert frame["indikator"].tolist() == ["Nöjdhet"]


def test_an_indicator_for_women_and_men_only_is_drawn_like_any_other(tmp: Path):
    path = write_xlsx(tmp / "ind.xlsx", {"Socialnämnden": [
        ["Indikator", 2020, 2021, 2022], ["Antal besök", None, None, None],
        ["Kvinnor", 10, 12, 13], ["Män", 9, 8, 10], ["Väntetid", 5, 4, 3]]})
    frame = sa.read_indicators(path)
    fig = sa.plot_trend(frame, frame["indikator_id"].iloc[0])
    labels = fig.axes[0].get_legend_handles_labels()[1]
    assert "Kvinnor" in labels and "Män" in labels
    panels = sa.plot_trends(frame)
    titles = [ax.get_title(loc="left") for ax in panels.axes if ax.get_title(loc="left")]
    assert any(t.startswith("Antal besök") for t in titles) and len(titles) == 2


def test_a_year_over_outcome_and_target_is_that_years_value_and_target(tmp: Path):
    """Two header rows: each year (in the first cell of its merged range) over
    "Utfall | Mål"."""
    rows = [[None, 2022, None, 2023, None],
            ["Indikator", "Utfall", "Mål", "Utfall", "Mål"],
            ["Andel nöjda", 78, 80, 79, 82], ["Väntetid", 5, 4, 4, "Max 3"]]
    assert layout_of(rows, "indicators") == "WideIndicators"
    frame, report = sa.load(write_xlsx(tmp / "ind.xlsx", {"Socialnämnden": rows}),
                            "indicators")
    assert report.problems == []
    got = frame[["indikator", "ar", "varde", "malvarde", "malar"]]
    assert got.values.tolist() == [["Andel nöjda", 2022, 78.0, 80.0, 2022],
                                   ["Andel nöjda", 2023, 79.0, 82.0, 2023],
                                   ["Väntetid", 2022, 5.0, 4.0, 2022],
                                   ["Väntetid", 2023, 4.0, 3.0, 2023]]
    assert frame["riktning"].tolist()[2:] == ["lagre", "lagre"]


def test_a_column_per_year_and_kon_gives_each_value_its_kon(tmp_path: Path, capsys):
    """A year over "Totalt | Kvinnor | Män" (merged): the total is the year's value, the
    others are the same indicator for women and men; inspect says so, column by column."""
    from styranalys.cli import main

    path = write_xlsx(tmp_path / "ind.xlsx", {"Indikatorer": [
        ["Socialnämnden 2023"],
        ["Indikator", 2022, None, None, 2023, None, None],
        [None, "Totalt", "Flickor", "Pojkar", "Totalt", "Flickor", "Pojkar"],
        ["Andel behöriga", 80, 84, 76, 82, 85, 79]]})
    values, report = sa.load(path, "indicators")
    assert report.problems == [] and report.notes == []
    assert values[["kon", "ar", "varde", "kalla"]].values.tolist() == [
        ["T", 2022, 80, "ind.xlsx:Indikatorer!B4"], ["T", 2023, 82, "ind.xlsx:Indikatorer!E4"],
        ["K", 2022, 84, "ind.xlsx:Indikatorer!C4"], ["K", 2023, 85, "ind.xlsx:Indikatorer!F4"],
        ["M", 2022, 76, "ind.xlsx:Indikatorer!D4"], ["M", 2023, 79, "ind.xlsx:Indikatorer!G4"]]
    assert set(values["namnd"]) == {"Socialnämnden"}  # the title above both header rows
    capsys.readouterr()
    main(["inspect", str(path)])
    out = capsys.readouterr().out
    assert "C  2022 Flickor" in out and "→ värdet för år 2022, kvinnor" in out
    assert "G  2023 Pojkar" in out and "→ värdet för år 2023, män" in out
    assert "Titelrad 1: Socialnämnden 2023" in out and "Titelrad 2" not in out
