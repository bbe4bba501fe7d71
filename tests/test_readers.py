"""read_goals / read_indicators on real files of every layout the loaders issue names."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import RAW, write_csv, write_ods, write_xlsx

import styranalys as sa
from styranalys.contract import GOAL_DTYPES, INDICATOR_DTYPES

KF_2021 = {
    "Grunduppdrag": [["Kommunfullmäktige: utfall 2021"], [],
                     ["Grunduppdrag", "Uppfyllelse av grunduppdrag"],
                     ["Arbetsgivare", "Grunduppdraget uppnås till stor del"],
                     ["Välfärd och service", "Grunduppdraget uppnås till stor del"]],
    "Kvalitetsfaktorer": [["Kvalitetsfaktor", "Grad av kvalitet"],
                          ["God ekonomisk hushållning", "Kvalitén uppnås"],
                          ["Friska medarbetare", "Kvalitén är på väg att inte uppnås"]],
    "Utvecklingsmål": [["Utvecklingsmål", "Måluppfyllnad"],
                       ["En ökad långsiktig ekonomisk planering", "Målet är uppfyllt"],
                       ["Lindesbergs kommun ska bli mer inkluderande",
                        "Målet är på väg att inte uppfyllas"]],
}


def _dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {c: str(t) for c, t in frame.dtypes.items()}


def test_frames_follow_the_contract_exactly():
    goals = sa.read_goals(RAW)
    indicators = sa.read_indicators(RAW)
    assert list(goals.columns) == list(GOAL_DTYPES)
    assert list(indicators.columns) == list(INDICATOR_DTYPES)
    expected_goals = {c: str(pd.Series(dtype=t).dtype) for c, t in GOAL_DTYPES.items()}
    expected_ind = {c: str(pd.Series(dtype=t).dtype) for c, t in INDICATOR_DTYPES.items()}
    assert _dtypes(goals) == expected_goals
    assert _dtypes(indicators) == expected_ind


def test_annual_report_tables_with_namnd_and_year_as_arguments(tmp: Path):
    sheets = {k: v[3:] if k == "Grunduppdrag" else v for k, v in KF_2021.items()}
    sheets["Grunduppdrag"] = [["Grunduppdrag", "Uppfyllelse av grunduppdrag"], *sheets[
        "Grunduppdrag"]]
    path = write_xlsx(tmp / "utfall.xlsx", sheets)
    goals = sa.read_goals(path, namnd="Kommunfullmäktige", ar=2021)
    assert len(goals) == 6
    assert set(goals["namnd"]) == {"Kommunfullmäktige"}
    assert set(goals["ar"]) == {2021}
    assert set(goals["period"]) == {"bokslut"}
    by_text = goals.set_index("mal")
    assert by_text.loc["Arbetsgivare", "maltyp"] == "grunduppdrag"
    assert by_text.loc["Arbetsgivare", "niva"] == 3
    assert by_text.loc["God ekonomisk hushållning", "maltyp"] == "kvalitetsfaktor"
    assert by_text.loc["God ekonomisk hushållning", "niva"] == 4
    assert by_text.loc["Friska medarbetare", "niva"] == 2
    assert by_text.loc["En ökad långsiktig ekonomisk planering", "niva"] == 4
    assert by_text.loc["Lindesbergs kommun ska bli mer inkluderande", "niva"] == 2
    assert by_text.loc["Friska medarbetare", "bedomning"] == "Kvalitén är på väg att inte uppnås"
    assert by_text.loc["Friska medarbetare", "kalla"] == "utfall.xlsx:Kvalitetsfaktorer!3"


def test_the_shipped_real_2021_outcome_matches_the_seed_document():
    goals = sa.read_goals(RAW / "kf_arsredovisning_2021.xlsx")
    assert len(goals) == 13  # 3 grunduppdrag, 5 kvalitetsfaktorer, 5 utvecklingsmål
    assert goals.groupby("maltyp").size().to_dict() == {
        "grunduppdrag": 3, "kvalitetsfaktor": 5, "utvecklingsmal": 5}
    counts = goals["niva"].value_counts().sort_index().to_dict()
    # From the seed: 3 × uppnås till stor del (3); Kvalitén uppnås (4), 3 × på väg att uppnås
    # (3), på väg att inte uppnås (2); 3 × på väg att uppfyllas (3), uppfyllt (4), på väg att
    # inte uppfyllas (2).
    assert counts == {2: 2, 3: 9, 4: 2}
    assert set(goals["namnd"]) == {"Kommunfullmäktige"} and set(goals["ar"]) == {2021}


def test_title_rows_blank_rows_and_notes_do_not_become_data(tmp: Path):
    rows = [["Socialnämnden – bokslut 2023"], ["Uppdaterad 2024-02-01"], [],
            ["Mål", "Måltyp", "Bedömning"],
            ["Ökad nöjdhet", "Utvecklingsmål", "Målet är uppfyllt"],
            [], ["Minskade kostnader", "Utvecklingsmål", "Delvis uppfyllt"],
            [], ["Källa: Socialförvaltningen"], ["* Preliminära siffror."]]
    goals = sa.read_goals(write_xlsx(tmp / "soc.xlsx", {"Blad1": rows}))
    assert goals["mal"].tolist() == ["Ökad nöjdhet", "Minskade kostnader"]
    assert set(goals["namnd"]) == {"Socialnämnden"} and set(goals["ar"]) == {2023}
    assert goals["niva"].tolist() == [4, 2]
    notes = goals.attrs["styranalys"]["notes"]
    assert any("Källa: Socialförvaltningen" in n for n in notes)
    assert any("Preliminära" in n for n in notes)


def test_one_sheet_per_goal_type_and_per_namnd(tmp: Path):
    path = write_xlsx(tmp / "mal.xlsx", {
        "Kvalitetsfaktorer": [["Nämnd", "År", "Mål", "Bedömning"],
                              ["Socialnämnden", 2022, "God service", "Kvaliteten uppnås"]],
        "Tillväxtnämnden": [["Tillväxtnämnden: utvecklingsmål"], ["År", "Mål", "Status"],
                            [2022, "Fler besökare", "grön"]],
    })
    goals = sa.read_goals(path)
    row = goals.set_index("mal")
    assert row.loc["God service", "maltyp"] == "kvalitetsfaktor"
    assert row.loc["God service", "niva"] == 4
    assert row.loc["Fler besökare", "namnd"] == "Tillväxtnämnden"
    assert row.loc["Fler besökare", "maltyp"] == "utvecklingsmal"


@pytest.mark.parametrize("header_2019, header_2021", [
    ("2019", 2021), ("År 2019", "År 2021"), ("2019 utfall", "2021 utfall"),
    (2019.0, "2021.0"), ("Utfall 2019", "Utfall\u00a02021"),
])
def test_wide_indicators_read_every_year_heading(tmp: Path, header_2019, header_2021):
    path = write_xlsx(tmp / "ind.xlsx", {"Indikatorer": [
        ["Indikator", "Nämnd", "Riktning", header_2019, header_2021],
        ["Sjukfrånvaro", "Kommunstyrelsen", "lägre", "8,1", 7.4],
    ]})
    ind = sa.read_indicators(path)
    assert ind["ar"].tolist() == [2019, 2021]
    assert ind["varde"].tolist() == [8.1, 7.4]
    assert ind["riktning"].tolist() == ["lagre", "lagre"]
    assert ind["kalla"].tolist() == ["ind.xlsx:Indikatorer!D2", "ind.xlsx:Indikatorer!E2"]


def test_wide_year_columns_of_only_numbers_and_blanks_are_read_as_one_block(tmp: Path):
    head = ["Indikator", "Nämnd", 2022, 2023, 2024]  # years typed as numbers
    path = write_xlsx(tmp / "ind.xlsx", {"Indikatorer": [
        head, ["Sjukfrånvaro", "KS", 8.1, None, 7], ["Kostnad", "KS", 5, 6.5, 7.25],
        head,  # the table pasted under itself: its header repeats, as numbers
        ["Nöjdhet", "KS", None, None, 71]]})
    ind, report = sa.load(path, "indicators")
    assert ind["varde"].tolist() == [8.1, pd.NA, 7.0, 5.0, 6.5, 7.25, pd.NA, pd.NA, 71.0]
    assert ind["ar"].tolist() == [2022, 2023, 2024] * 3
    assert ind["kalla"].tolist()[-1] == "ind.xlsx:Indikatorer!E5"
    assert report.missing_values == 3 and report.problems == []
    assert any("rad 4: upprepad rubrikrad" in note for note in report.notes)


def test_a_sheet_with_a_header_and_no_data_rows_is_a_located_problem(tmp: Path):
    # "0 rows, no problems" never stands: the empty table is named at its header row
    for name, after in (("note", [["Källa: SCB"]]), ("repeat", [["Indikator", "Nämnd", 2022]]),
                        ("bare", [])):
        path = write_xlsx(tmp / f"{name}.xlsx", {"Data": [["Indikator", "Nämnd", 2022], *after]})
        frame, report = sa.load(path, "indicators")
        assert frame.empty and _dtypes(frame) == INDICATOR_DTYPES
        assert [(p.sheet, p.row, p.code) for p in report.problems] == [
            ("Data", 1, "blad_utan_rader")]


def test_long_indicators_with_swedish_numbers_as_text(tmp: Path):
    rows = [["Indikator-ID", "Indikator", "Nämnd", "År", "Utfall", "Basvärde", "Mål värde",
             "Målår", "Kön"],
            ["N15419", "Behöriga", "BUN", "2021", "12,5", "1 234", "1\u00a0234,5", 2024, "K"],
            ["N15419", "Behöriga", "BUN", 2022.0, "45 %", "\u22123,2", "1.234,5", "2024", "M"],
            ["N15419", "Behöriga", "BUN", "2023", "..", "-", "–", "", "Totalt"],
            ["N15419", "Behöriga", "BUN", "2024", ".", "", "1\u202f000", "", "T"]]
    ind = sa.read_indicators(write_xlsx(tmp / "l.xlsx", {"Data": rows}))
    assert ind["varde"].tolist()[:2] == [12.5, 45.0]
    assert ind["varde"].isna().tolist() == [False, False, True, True]
    assert ind["ingangsvarde"].tolist()[:2] == [1234.0, -3.2]
    assert ind["malvarde"].tolist()[:2] == [1234.5, 1234.5]
    assert ind["malvarde"].iloc[3] == 1000.0
    assert ind["ar"].tolist() == [2021, 2022, 2023, 2024]
    assert ind["kon"].tolist() == ["K", "M", "T", "T"]
    assert ind["indikator_id"].unique().tolist() == ["N15419"]
    # .., ., -, – and blank are missing-value marks: counted, not problems.
    # 2 in varde, 2 in ingangsvarde, 1 in malvarde
    assert ind.attrs["styranalys"]["missing_values"] == 5


@pytest.mark.parametrize("encoding, delimiter", [
    ("utf-8", ";"), ("utf-8-sig", ";"), ("cp1252", ";"), ("utf-8", ","), ("utf-8-sig", ","),
])
def test_csv_encodings_and_delimiters(tmp: Path, encoding: str, delimiter: str):
    rows = [["Nämnd", "År", "Måltyp", "Mål", "Måluppfyllelse"],
            ["Barn- och utbildningsnämnden", "2021", "Utvecklingsmål",
             "Ökad måluppfyllelse i skolan", "Målet är på väg att uppfyllas"]]
    goals = sa.read_goals(write_csv(tmp / "m.csv", rows, delimiter, encoding))
    assert goals["namnd"].tolist() == ["Barn- och utbildningsnämnden"]
    assert goals["mal"].tolist() == ["Ökad måluppfyllelse i skolan"]
    assert goals["niva"].tolist() == [3]
    assert goals["kalla"].tolist() == ["m.csv!2"]


def test_ods_is_read(tmp: Path):
    path = write_ods(tmp / "ind.ods", {"Socialnämnden": [
        ["Indikatorer för Socialnämnden"], [],
        ["Indikator", "År", "Värde", "Målvärde", "Riktning"],
        ["Väntetid", 2022, 31, 20, "lägre"], ["Väntetid", 2023, 27.5, 20, "lägre"]]})
    ind = sa.read_indicators(path)
    assert ind["varde"].tolist() == [31.0, 27.5]
    assert set(ind["namnd"]) == {"Socialnämnden"}
    assert ind["kalla"].tolist() == ["ind.ods:Socialnämnden!4", "ind.ods:Socialnämnden!5"]


def test_headers_match_case_spacing_diacritics_and_synonyms(tmp: Path):
    rows = [["  STYRELSE ", "year", "mal\u00a0text", "Uppfyllelse:", "Perspektiv", "Typ"],
            ["Kommunstyrelsen", 2021, "Friska medarbetare", "uppnås delvis", "Arbetsgivare",
             "Kvalitetsfaktor"]]
    goals = sa.read_goals(write_xlsx(tmp / "h.xlsx", {"X": rows}),
                          headers={"mal": ["Mål text"]})
    assert goals.iloc[0]["namnd"] == "Kommunstyrelsen"
    assert goals.iloc[0]["omrade"] == "Arbetsgivare"
    assert goals.iloc[0]["niva"] == 2


def test_a_folder_with_both_kinds_skips_and_says_why(tmp: Path):
    write_xlsx(tmp / "a.xlsx", {
        "Mål": [["Nämnd", "År", "Utvecklingsmål", "Bedömning"], ["KS", 2021, "A", "uppfyllt"]],
        "Ind": [["Nämnd", "Indikator", "2020", "2021"], ["KS", "x", 1, 2]],
        "Anteckningar": [["Kom ihåg att uppdatera"]],
    })
    goals = sa.read_goals(tmp)
    indicators = sa.read_indicators(tmp)
    assert len(goals) == 1 and len(indicators) == 2
    skipped = " ".join(goals.attrs["styranalys"]["skipped"])
    assert "Ind" in skipped and "read_indicators" in skipped
    # a sheet of a few lines of text is plainly not data: a note that validate prints
    notes = " ".join(goals.attrs["styranalys"]["notes"])
    assert "blad Anteckningar, lästes inte: bladet har bara några rader text" in notes
    assert "read_goals" in " ".join(indicators.attrs["styranalys"]["skipped"])


def test_mal_id_is_stable_across_years_and_files(tmp: Path):
    write_csv(tmp / "2021.csv", [["Nämnd", "År", "Utvecklingsmål", "Bedömning"],
                                 ["Tillväxtnämnden", "2021", "Fler besökare", "Uppfyllt"]])
    write_xlsx(tmp / "2022.xlsx", {"Utvecklingsmål": [
        ["Nämnd", "År", "Mål", "Bedömning"],
        ["Tillväxtnämnden", 2022, "  Fler  besökare ", "Ej uppfyllt"]]})
    goals = sa.read_goals(tmp)
    assert goals["mal_id"].nunique() == 1
    given = sa.read_goals(write_csv(tmp / "id.csv", [["Mål-ID", "Nämnd", "År", "Mål", "Måltyp"],
                                                     ["UM1", "KS", "2021", "A", "Utvecklingsmål"]]))
    assert given["mal_id"].tolist() == ["UM1"]


def test_indicators_link_to_goals_through_the_goal_text():
    goals = sa.read_goals(RAW)
    indicators = sa.read_indicators(RAW)
    assert indicators["mal_id"].notna().all()
    assert indicators["mal_id"].isin(goals["mal_id"]).all()


def test_all_problems_are_reported_at_once_with_their_cells(tmp: Path):
    rows = [["Nämnd", "År", "Mål", "Måltyp", "Bedömning"],
            ["KS", "tjugo", "A", "Utvecklingsmål", "Målet är uppfyllt"],
            ["KS", 2021, "B", "Utvecklingsmål", "Målet är nästan klart"],
            ["KS", 2021, "C", "Visionsmål", "Uppfyllt"],
            ["", 2021, "D", "Utvecklingsmål", "Uppfyllt"]]
    with pytest.raises(sa.InputError) as info:
        sa.read_goals(write_xlsx(tmp / "fel.xlsx", {"Mål": rows}))
    problems = info.value.problems
    assert isinstance(info.value, ValueError)
    cells = {(p.row, p.column) for p in problems}
    assert {(2, "B"), (3, "E"), (4, "D"), (5, "A")} <= cells
    unknown = next(p for p in problems if p.code == "okand_bedomning")
    assert unknown.file == "fel.xlsx" and unknown.sheet == "Mål"
    assert "Målet är nästan klart" in unknown.message
    assert "'Nästan uppfyllt'" in unknown.hint  # the nearest known phrases are named
    assert "fel.xlsx, blad Mål, cell E3" in str(info.value)


def test_duplicate_goal_rows_are_a_problem(tmp: Path):
    rows = [["Nämnd", "År", "Utvecklingsmål", "Bedömning"],
            ["KS", 2021, "A", "Uppfyllt"], ["KS", 2021, "A", "Ej uppfyllt"]]
    with pytest.raises(sa.InputError) as info:
        sa.read_goals(write_xlsx(tmp / "d.xlsx", {"Mål": rows}))
    (problem,) = info.value.problems
    assert problem.code == "dubblett" and problem.row == 3 and "d.xlsx:Mål!2" in problem.message


def _load_problems(paths: object) -> list[sa.Problem]:
    return sa.load(paths, "indicators")[1].problems


def test_a_repeated_indicator_row_in_a_wide_sheet_is_a_problem_per_year(tmp: Path):
    rows = [["Indikator", "Nämnd", "2022", "2023"],
            ["Nöjdhet", "KS", 70, 72], ["Kostnad", "KS", 5, 6], ["Nöjdhet", "KS", 71, 73]]
    problems = _load_problems(write_xlsx(tmp / "w.xlsx", {"Data": rows}))
    assert [(p.code, p.row) for p in problems] == [("dubblett", 4), ("dubblett", 4)]
    assert "ar=2022" in problems[0].message and "w.xlsx:Data!C2" in problems[0].message
    assert "ar=2023" in problems[1].message and "w.xlsx:Data!D2" in problems[1].message


def test_a_repeated_indicator_row_in_a_long_sheet_is_a_problem(tmp: Path):
    rows = [["Indikator", "Nämnd", "År", "Värde"],
            ["Nöjdhet", "KS", 2022, 70], ["Nöjdhet", "KS", 2023, 72], ["Nöjdhet", "KS", 2022, 71]]
    (problem,) = _load_problems(write_xlsx(tmp / "l.xlsx", {"Data": rows}))
    assert problem.code == "dubblett" and problem.row == 4 and "l.xlsx:Data!2" in problem.message
    (problem,) = _load_problems(write_csv(tmp / "l.csv", rows))
    assert problem.location == "l.csv, rad 4"  # a CSV file has no sheet to name


def test_the_same_indicator_in_two_sheets_or_two_files_is_a_problem(tmp: Path):
    rows = [["Indikator", "Nämnd", "År", "Värde"], ["Nöjdhet", "KS", 2022, 70]]
    book = write_xlsx(tmp / "a.xlsx", {"Ett": rows, "Två": rows})
    (problem,) = _load_problems(book)
    assert (problem.sheet, problem.row) == ("Två", 2) and "a.xlsx:Ett!2" in problem.message
    # Files of the same name in two folders (2023/utfall.xlsx, 2024/utfall.xlsx) are two.
    (tmp / "2023").mkdir()
    (tmp / "2024").mkdir()
    first = write_xlsx(tmp / "2023" / "utfall.xlsx", {"Data": rows})
    second = write_xlsx(tmp / "2024" / "utfall.xlsx", {"Data": rows})
    (problem,) = _load_problems([first, second])
    assert problem.code == "dubblett" and problem.row == 2
    # Distinct rows in several sheets are no problem; nor is the same indicator of another
    # nämnd or year, in another sheet or file.
    other = [["Indikator", "Nämnd", "År", "Värde"], ["Kostnad", "KS", 2022, 5]]
    assert _load_problems(write_xlsx(tmp / "b.xlsx", {"Ett": rows, "Två": other})) == []
    bun = [["Indikator", "Nämnd", "År", "Värde"], ["Nöjdhet", "BUN", 2022, 70],
           ["Nöjdhet", "KS", 2023, 71]]
    assert _load_problems([first, write_xlsx(tmp / "c.xlsx", {"Data": bun})]) == []


def test_missing_namnd_is_one_clear_problem_for_the_sheet(tmp: Path):
    path = write_xlsx(tmp / "m.xlsx", {"Blad1": [["År", "Utvecklingsmål", "Bedömning"],
                                                 [2021, "A", "Uppfyllt"]]})
    with pytest.raises(sa.InputError) as info:
        sa.read_goals(path)
    assert [p.code for p in info.value.problems] == ["saknas_namnd"]
    assert "namnd=" in info.value.problems[0].hint
    assert sa.read_goals(path, namnd="KS")["namnd"].tolist() == ["KS"]


@pytest.mark.parametrize("content, expected", [
    (b"", "tom"), (b"Namnd;Ar\nKS;2021\n", "textfil"),
    (b"<!DOCTYPE html><html><body>Logga in</body></html>", "webbsida"),
    (b"%PDF-1.7\n...", "PDF"), (b"PK\x03\x04" + b"\x00" * 40, "trasig"),
])
def test_a_file_that_is_not_a_spreadsheet_gets_a_plain_sentence(tmp: Path, content, expected):
    path = tmp / "mal.xlsx"
    path.write_bytes(content)
    with pytest.raises(sa.InputError) as info:
        sa.read_goals(path)
    (problem,) = info.value.problems
    assert problem.file == "mal.xlsx"
    assert expected in problem.message
    assert "Traceback" not in str(info.value) and "zipfile" not in str(info.value)


def test_nothing_is_lost_every_data_row_is_in_the_frame_or_a_problem(tmp: Path):
    rows = [["Titel"], [], ["Nämnd", "År", "Utvecklingsmål", "Bedömning"]]
    good, bad = 0, 0
    for i in range(40):
        if i % 7 == 3:
            rows.append(["KS", 2021, f"Mål {i}", "okänd fras"])
            bad += 1
        elif i % 11 == 5:
            rows.append([None, None, None, None, "utanför tabellen"])
            bad += 1
        else:
            rows.append(["KS", 2021, f"Mål {i}", "Uppfyllt"])
            good += 1
    rows += [[], ["Källa: test"]]
    frame, report = sa.load(write_xlsx(tmp / "n.xlsx", {"M": rows}), "goals")
    problem_rows = {p.row for p in report.problems}
    frame_rows = {int(k.rsplit("!", 1)[1]) for k in frame["kalla"]}
    data_rows = set(range(4, 4 + 40))
    assert len(problem_rows) == bad
    assert data_rows == (frame_rows - problem_rows) | problem_rows
    assert len(frame_rows - problem_rows) == good
    assert frame_rows.isdisjoint({2, 3, 44, 45, 46})  # header, title, blank and note rows


def test_the_example_data_reads_cleanly_and_covers_2017_to_2024():
    goals = sa.read_goals(RAW)
    indicators = sa.read_indicators(RAW)
    assert {"Kommunfullmäktige", "Kommunstyrelsen", "Tillväxtnämnden", "Socialnämnden",
            "Barn- och utbildningsnämnden", "Samhällsbyggnadsnämnden Bergslagen"} == set(
        goals["namnd"])
    assert set(range(2017, 2025)) <= set(goals["ar"])
    assert {"hogre", "lagre"} == set(indicators["riktning"].dropna())
    assert indicators["malvarde"].notna().any() and indicators["ingangsvarde"].notna().any()
    # Lindesberg's real BRP per invånare from Kolada, 2019: 355.053417 (1000 kr/inv).
    brp = indicators[(indicators["indikator_id"] == "N03702") & (indicators["ar"] == 2019)]
    assert brp["varde"].round(1).tolist() == [355.1]


def test_a_folder_read_two_files_at_a_time_equals_one_at_a_time(tmp: Path, monkeypatch):
    from styranalys.read import opening

    head = ["Indikator", "Nämnd", "År", "Värde"]
    for i in range(5):  # a repeat across files, a bad cell, a broken file, a goals file
        write_xlsx(tmp / f"ind{i}.xlsx", {"Data": [head, ["Nöjdhet", f"N{i % 3}", 2022, 70],
                                                   ["Kostnad", f"N{i}", 2022, "x" * i]]})
    (tmp / "trasig.xlsx").write_bytes(b"PK\x03\x04 inte en hel zip")
    write_xlsx(tmp / "mal.xlsx", KF_2021)
    monkeypatch.setattr(opening, "READ_AHEAD_FROM", 0)  # small files too
    for kind in ("indicators", "goals"):
        monkeypatch.setattr(opening, "READ_AHEAD", 1)
        one_frame, one = sa.load(tmp, kind)
        monkeypatch.setattr(opening, "READ_AHEAD", 2)
        two_frame, two = sa.load(tmp, kind)
        pd.testing.assert_frame_equal(one_frame, two_frame)
        assert two.as_dict() == one.as_dict() and two.problems == one.problems
    _, indicators = sa.load(tmp, "indicators")
    assert {p.code for p in indicators.problems} == {"trasig", "tal", "dubblett"}


def test_small_files_are_read_one_at_a_time_large_ones_two(tmp: Path, monkeypatch):
    """Two small files in two threads only take turns for the GIL, so a folder of mostly
    small files is read in the caller's thread; larger ones two at a time."""
    import threading

    from styranalys.read import opening
    from styranalys.read.load import read_file

    for i in range(3):
        write_xlsx(tmp / f"ind{i}.xlsx", {"Data": [["Indikator", "Nämnd", "År", "Värde"],
                                                   ["Nöjdhet", f"N{i}", 2022, 70]]})
    threads = []

    def reader(path, options):  # the real reader, noting the thread it ran in
        threads.append(threading.current_thread())
        return read_file(path, options)

    monkeypatch.setattr(opening, "READ_AHEAD", 2)
    sa.load(tmp, "indicators", reader=reader)
    assert set(threads) == {threading.current_thread()}
    threads.clear()
    monkeypatch.setattr(opening, "READ_AHEAD_FROM", min(p.stat().st_size
                                                        for p in tmp.glob("*.xlsx")))
    sa.load(tmp, "indicators", reader=reader)
    assert threading.current_thread() not in threads and len(threads) == 3


def test_an_unexpected_error_in_one_file_of_a_folder_is_raised(tmp: Path):
    from styranalys.read.load import read_file

    for i in range(4):
        write_xlsx(tmp / f"ind{i}.xlsx", {"Data": [["Indikator", "Nämnd", "År", "Värde"],
                                                   ["Nöjdhet", f"N{i}", 2022, 70]]})

    def reader(path, options):
        if path.name == "ind1.xlsx":
            raise RuntimeError("något oväntat")
        return read_file(path, options)

    with pytest.raises(RuntimeError, match="något oväntat"):
        sa.load(tmp, "indicators", reader=reader)


def test_a_base_year_stays_a_year(tmp_path: Path):
    """"Basår" holds the year whose value is the baseline, never the baseline itself; a
    heading "Ingångsvärde (basår 2019)" gives its values' year; a base year the series has
    no value for is a located problem."""
    from conftest import write_xlsx

    path = write_xlsx(tmp_path / "ind.xlsx", {"Ind": [
        ["Nämnd", "Indikator", "Basår", 2019, 2020, 2021, 2022, "Målvärde", "Riktning"],
        ["KS", "Andel nöjda", 2019, 30, 32, 33, 35, 40, "högre"],
        ["KS", "Antal besök", 2018, None, 5, 6, 7, 9, "högre"]]})
    values, report = sa.load(path, "indicators")
    nojda = values[values["indikator"] == "Andel nöjda"]
    assert set(nojda["ingangsvarde"]) == {30.0}  # the value of 2019, not 2019
    [problem] = report.problems
    assert (problem.row, problem.column, problem.code) == (3, "C", "basar")
    assert "Basåret 2018 har inget värde i serien för 'Antal besök'" in problem.message
    assert "(den har värden för 2020, 2021, 2022)" in problem.message
    trend = sa.trends(nojda).iloc[0]
    assert trend["maluppfyllelse_andel"] == pytest.approx(0.5)  # (35 − 30) / (40 − 30)
    assert trend["bedomning"] == "förbättring"
    headed = write_xlsx(tmp_path / "rubrik.xlsx", {"Ind": [
        ["Nämnd", "Indikator", "Ingångsvärde (basår 2019)", 2020, 2021, "Målvärde"],
        ["KS", "Andel nöjda", 30, 32, 33, 40]]})
    values = sa.read_indicators(headed)
    assert values[["ar", "varde", "ingangsvarde"]].values.tolist() == [
        [2019, 30, 30], [2020, 32, 30], [2021, 33, 30]]
    assert values["kalla"].tolist()[0] == "rubrik.xlsx:Ind!C2"
    # a value column whose heading names its year is that year's value
    named = write_xlsx(tmp_path / "utfall.xlsx", {"Ind": [
        ["Nämnd", "Indikator", "Utfall 2023", "Målvärde", "Basår 2019"],
        ["KS", "Andel nöjda", 35, 40, 30]]})
    assert sa.read_indicators(named)[["ar", "varde", "ingangsvarde"]].values.tolist() == [
        [2019, 30, 30], [2023, 35, 30]]


def test_a_share_stored_as_a_fraction_is_read_as_the_percentage_it_is(tmp_path: Path):
    """Unit "andel" with every value within 0–1: 0,35 is 35 %, never "0,3 %"; "andel"
    with values over 1 is already percent; and any other unit keeps its values."""
    from conftest import write_xlsx

    from styranalys.swedish import format_value

    path = write_xlsx(tmp_path / "ind.xlsx", {"Ind": [
        ["Nämnd", "Indikator", "Enhet", 2022, 2023, "Målvärde"],
        ["KS", "Andel nöjda", "andel", 0.35, 0.4, 0.5],
        ["KS", "Andel behöriga", "Andel", 35, 40, 50],
        ["KS", "Kostnad", "mnkr", 0.5, 0.6, None]]})
    values, report = sa.load(path, "indicators")
    assert report.problems == []
    by = values.set_index(["indikator", "ar"])
    assert by.loc[("Andel nöjda", 2022), ["varde", "malvarde", "enhet"]].tolist() == [
        35.0, 50.0, "%"]
    assert format_value(by.loc[("Andel nöjda", 2022), "varde"],
                        by.loc[("Andel nöjda", 2022), "enhet"]) == "35\u00a0%"
    assert by.loc[("Andel behöriga", 2023), "varde"] == 40.0
    assert by.loc[("Kostnad", 2022), ["varde", "enhet"]].tolist() == [0.5, "mnkr"]
    assert report.notes == ["ind.xlsx: indikatorn 'Andel nöjda' har enheten andel och bara "
                            "värden mellan 0 och 1; de lästes som procent (0,35 blir 35 %)"]
