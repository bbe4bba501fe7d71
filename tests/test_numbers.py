"""Numbers a controller can sign: each rule of docs/analys.md on a real file the test writes."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from conftest import RAW, ROOT, write_csv, write_ods, write_xlsx

import styranalys as sa
from styranalys.analysis.assessment import indicator_levels
from styranalys.cli import main
from styranalys.read.files import list_files

GOAL_HEAD = ["Nämnd", "År", "Måltyp", "Mål", "Bedömning"]
IND_HEAD = ["Nämnd", "Indikator", "Måltyp", "Mål", "År", "Värde"]


def _goals_file(tmp: Path, rows: list[list[object]], name: str = "mal.csv") -> Path:
    return write_csv(tmp / name, [GOAL_HEAD, *rows])


def _problems(paths, kind: str = "indicators", **kwargs) -> list[sa.Problem]:
    return sa.load(paths, kind, **kwargs)[1].problems


# -- links ---------------------------------------------------------------------------------

def test_indicators_link_to_goals_of_every_type(tmp: Path):
    _goals_file(tmp, [
        ["Socialnämnden", 2023, "Grunduppdrag", "Trygg omsorg", "uppnås"],
        ["Socialnämnden", 2023, "Kvalitetsfaktor", "Nöjda brukare", "Kvalitén uppnås"],
        ["Socialnämnden", 2023, "Utvecklingsmål", "Fler i arbete", "Målet är uppfyllt"]])
    write_xlsx(tmp / "ind.xlsx", {"Indikatorer": [
        [*IND_HEAD, "Riktning"],
        *[["Socialnämnden", "Väntetid", "grunduppdrag", "Trygg omsorg", y, v, "lägre"]
          for y, v in ((2020, 32), (2021, 30), (2022, 25), (2023, 20))],
        *[["Socialnämnden", "Nöjdhet", "Kvalitetsfaktor", "nöjda  brukare", y, v, "högre"]
          for y, v in ((2020, 68), (2021, 70), (2022, 75), (2023, 80))],
        ["Socialnämnden", "Utan mål", None, None, 2023, 1, None]]})
    goals = sa.read_goals(tmp / "mal.csv")
    indicators = sa.read_indicators(tmp / "ind.xlsx", goals=goals)
    ids = goals.set_index("mal")["mal_id"]
    by_name = indicators.groupby("indikator")["mal_id"].first()
    assert by_name["Väntetid"] == ids["Trygg omsorg"]
    assert by_name["Nöjdhet"] == ids["Nöjda brukare"]  # case and spacing do not matter
    assert pd.isna(indicators.loc[indicators["indikator"] == "Utan mål", "mal_id"]).all()
    audit = sa.measurability(goals, indicators).set_index("mal")
    assert audit.loc["Trygg omsorg", "har_indikator"]
    assert audit.loc["Nöjda brukare", "har_indikator"]
    assert not audit.loc["Fler i arbete", "har_indikator"]
    check = sa.assessment_check(goals, indicators)
    assert {"Trygg omsorg", "Nöjda brukare"} <= set(check["mal"])


def test_a_goal_text_of_two_types_without_a_type_is_a_problem_not_a_guess(tmp: Path):
    _goals_file(tmp, [["KS", 2023, "Grunduppdrag", "Ekonomi i balans", "uppnås"],
                      ["KS", 2023, "Kvalitetsfaktor", "Ekonomi i balans", "Kvalitén uppnås"],
                      ["KS", 2023, "Utvecklingsmål", "Fler företag", "Målet är uppfyllt"]])
    write_csv(tmp / "ind.csv", [["Nämnd", "Indikator", "Mål", "År", "Värde"],
                                ["KS", "Resultat", "Ekonomi i balans", 2023, 2],
                                ["KS", "Nya företag", "Fler företag", 2023, 12],
                                ["KS", "Okänd", "Ett mål som inte finns", 2023, 1]])
    frame, _ = sa.load(tmp, "goals")
    problems = _problems(tmp / "ind.csv", goals=frame)
    assert [(p.file, p.row, p.column, p.code) for p in problems] == [
        ("ind.csv", 2, "C", "okant_mal"), ("ind.csv", 4, "C", "okant_mal")]
    assert "både som grunduppdrag och kvalitetsfaktor" in problems[0].message
    assert "'Ett mål som inte finns'" in problems[1].message
    assert "Okänd" in problems[1].message
    # validate reads both together and says the same; alone, an indicator file is valid
    assert main(["validate", str(tmp)]) == 1
    assert _problems(tmp / "ind.csv") == []


def test_a_goal_id_that_is_not_among_the_goals_read_is_a_problem(tmp: Path):
    write_csv(tmp / "mal.csv", [["Nämnd", "År", "Mål-ID", "Mål", "Bedömning"],
                                ["KS", 2023, "U1", "Fler företag", "Målet är uppfyllt"]])
    write_csv(tmp / "ind.csv", [["Nämnd", "Indikator", "Mål-ID", "År", "Värde"],
                                ["KS", "Nya företag", "U1", 2023, 12],
                                ["KS", "Resultat", "U9", 2023, 2]])
    goals = sa.read_goals(tmp / "mal.csv", maltyp="utvecklingsmal")
    problems = _problems(tmp / "ind.csv", goals=goals)
    assert [(p.row, p.column) for p in problems] == [(3, "C")]
    assert "'U9'" in problems[0].message


# -- the total and a nämnd called Kommunen ---------------------------------------------------

def test_a_namnd_called_kommunen_is_itself_and_the_total_is_the_total(tmp: Path):
    _goals_file(tmp, [["Kommunen", 2023, "Utvecklingsmål", "A", "Målet är uppfyllt"],
                      ["KS", 2023, "Utvecklingsmål", "B", "är inte uppfyllt"],
                      ["KS", 2023, "Utvecklingsmål", "C", "är inte uppfyllt"]])
    goals = sa.read_goals(tmp / "mal.csv")
    f = sa.fulfilment(goals, by=["namnd"], kommunen=True)
    assert f["namnd"].tolist()[:2] == ["KS", "Kommunen"] or \
        f["namnd"].tolist()[:2] == ["Kommunen", "KS"]
    own = f[f["namnd"].eq("Kommunen").fillna(False)].iloc[0]
    total = f[f["kommunen"]].iloc[0]
    assert (own["antal"], total["antal"]) == (1, 3)
    fig = sa.plot_fulfilment(goals, 2023, kommunen=True)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[-1] == sa.TOTAL_LABEL and "Kommunen" in labels and len(labels) == 3


# -- one period --------------------------------------------------------------------------------

def test_bokslut_and_delar_are_never_added_together(tmp: Path):
    rows = [[n, 2022, "Utvecklingsmål", f"Mål {i}", "Målet är uppfyllt"]
            for i, n in enumerate(["TVN"] * 5)]
    write_csv(tmp / "mal.csv", [[*GOAL_HEAD, "Period"], *[[*r, "bokslut"] for r in rows],
                                *[[*r, "delår"] for r in rows[:3]]])
    goals = sa.read_goals(tmp / "mal.csv")
    table = sa.fulfilment(goals, by=["namnd", "ar"])  # the README's call
    assert table["antal"].tolist() == [5]
    assert sa.fulfilment(goals, by=["namnd", "ar"], period="delår")["antal"].tolist() == [3]
    with pytest.raises(ValueError, match="bokslut och delår"):
        sa.fulfilment(goals, by=["namnd", "ar"], period=None)
    both = sa.fulfilment(goals, by=["namnd", "period", "ar"], period=None)
    assert sorted(both["antal"]) == [3, 5]
    fig = sa.plot_fulfilment(goals, 2022)
    assert {t.get_text() for t in fig.axes[0].texts} == {"5", "5 mål"}  # the chart agrees
    undated = sa.read_goals(_goals_file(tmp, rows, "utan_period.csv"))
    assert set(undated["period"]) == {"bokslut"}


# -- one direction rule ----------------------------------------------------------------------

def test_the_direction_comes_from_the_target_when_no_riktning_is_given(tmp: Path):
    _goals_file(tmp, [["SN", y, "Utvecklingsmål", "Kortare väntan", "på väg att uppfyllas"]
                      for y in (2021, 2022, 2023)])
    write_xlsx(tmp / "ind.xlsx", {"Ind": [
        ["Nämnd", "Indikator", "Mål", "År", "Värde", "Målvärde"],
        *[["SN", "Väntetid", "Kortare väntan", y, v, 50]
          for y, v in ((2021, 100), (2022, 90), (2023, 80))],
        *[["SN", "Utan riktning", "Kortare väntan", y, v, None]
          for y, v in ((2021, 1), (2022, 2), (2023, 3))]]})
    goals = sa.read_goals(tmp / "mal.csv")
    indicators = sa.read_indicators(tmp / "ind.xlsx", goals=goals)
    t = sa.trends(indicators).set_index("indikator")
    assert t.loc["Väntetid", "tolkad_riktning"] == "lagre"
    assert t.loc["Väntetid", "bedomning"] == "förbättring"
    assert pd.isna(t.loc["Utan riktning", "tolkad_riktning"])
    assert pd.isna(t.loc["Utan riktning", "bedomning"])  # unknown, never an assessment
    levels = indicator_levels(t.reset_index()).set_index("indikator")
    assert levels.loc["Väntetid", "harledd_niva"] == 2  # moves the right way, not met
    check = sa.assessment_check(goals, indicators).set_index("ar")
    assert check.loc[2023, "harledd_niva"] == 2 and not check.loc[2023, "avviker"]
    fig = sa.plot_trend(indicators, namnd="SN", indikator_id=t.loc["Utan riktning",
                                                                    "indikator_id"])
    assert any("okänt vilket håll" in x.get_text() for x in fig.texts)


# -- percent, infinity, dates -----------------------------------------------------------------

def _percent_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ind"
    ws.append(["Nämnd", "Indikator", "År", "Värde"])
    ws.append(["SN", "Andel nöjda", 2021, 0.45])
    ws.append(["SN", "Andel nöjda", 2022, "50 %"])
    ws.append(["SN", "Andel nöjda", 2023, 0.55])
    ws.append(["SN", "Antal besök", 2023, 0.5])
    ws["D2"].number_format = "0%"
    ws["D4"].number_format = "0.0%"
    wb.save(path)
    return path


def test_percent_cells_read_as_the_percentage_shown(tmp: Path):
    frame = sa.read_indicators(_percent_workbook(tmp / "pct.xlsx"))
    share = frame[frame["indikator"] == "Andel nöjda"]
    assert share["varde"].tolist() == [45, 50, 55]
    assert set(share["enhet"]) == {"%"}
    other = frame[frame["indikator"] == "Antal besök"].iloc[0]
    assert other["varde"] == 0.5 and pd.isna(other["enhet"])


def test_percent_cells_in_opendocument(tmp: Path):
    path = write_ods(tmp / "pct.ods", {"Ind": [["Nämnd", "Indikator", "År", "Värde"],
                                                ["SN", "Andel", 2021, 0.45],
                                                ["SN", "Andel", 2022, 0.5]]})
    # Make the value cells percentages, as LibreOffice writes a cell formatted as 0 %.
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    xml = parts["content.xml"].decode()
    for value in ("0.45", "0.5"):
        xml = xml.replace(f'office:value-type="float" office:value="{value}"',
                          f'office:value-type="percentage" office:value="{value}"')
    assert xml.count('"percentage"') == 2
    parts["content.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    frame = sa.read_indicators(path)
    assert frame["varde"].tolist() == [45, 50] and set(frame["enhet"]) == {"%"}


def test_a_series_on_two_scales_is_a_located_problem(tmp: Path):
    write_csv(tmp / "ind.csv", [["Nämnd", "Indikator", "Enhet", "År", "Värde"],
                                ["SN", "Andel", "%", 2021, "0,45"],
                                ["SN", "Andel", "%", 2022, "50"],
                                ["SN", "Liten andel", "%", 2021, "0,8"],
                                ["SN", "Liten andel", "%", 2022, "1,2"]])
    problems = _problems(tmp / "ind.csv")
    assert [(p.row, p.code) for p in problems] == [(2, "blandad_skala")]


def test_infinite_values_are_located_problems(tmp: Path):
    write_csv(tmp / "ind.csv", [["Nämnd", "Indikator", "År", "Värde"],
                                ["SN", "A", 2021, "inf"], ["SN", "A", 2022, "2e308"],
                                ["SN", "A", 2023, "12"]])
    problems = _problems(tmp / "ind.csv")
    assert [(p.row, p.column, p.code) for p in problems] == [(2, "D", "tal"), (3, "D", "tal")]


def test_a_year_formatted_as_a_date_is_the_year_with_a_note(tmp: Path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Mål"
    ws.append(GOAL_HEAD)
    for year in (2021, 2022):
        ws.append(["KS", year, "Utvecklingsmål", "Fler företag", "Målet är uppfyllt"])
        ws.cell(ws.max_row, 2).number_format = "yyyy-mm-dd"
    wb.save(tmp / "mal.xlsx")
    frame, report = sa.load(tmp / "mal.xlsx", "goals")
    assert report.problems == []  # no bogus repeat of the same goal either
    assert frame["ar"].tolist() == [2021, 2022]
    assert any("formaterade som datum" in n for n in report.notes)


# -- names -------------------------------------------------------------------------------------

def test_names_that_differ_only_in_case_or_unicode_form_are_one_namnd(tmp: Path):
    nfd = unicodedata.normalize("NFD", "Socialnämnden")
    for name, namnd in (("a.csv", "Socialnämnden"), ("b.csv", "Socialnämnden"),
                        ("c.csv", "socialnämnden"), ("d.csv", f"  {nfd} ")):
        _goals_file(tmp, [[namnd, 2023, "Utvecklingsmål", f"Mål {name}", "uppfyllt"]], name)
    frame, report = sa.load(tmp, "goals")
    assert set(frame["namnd"]) == {"Socialnämnden"}
    assert any("'socialnämnden'" in n and "en nämnd" in n for n in report.notes)
    assert sa.fulfilment(frame, by=["namnd"])["antal"].tolist() == [4]


def test_two_namnder_never_share_a_report_file_name():
    from styranalys.report import slugs

    names = ["Kultur- och fritidsnämnden", "Kultur och fritidsnämnden", "Socialnämnden"]
    found = slugs(names)
    assert len(set(found.values())) == 3
    assert found["Socialnämnden"] == "socialnamnden"


# -- goal sets and gaps ------------------------------------------------------------------------

def test_a_change_in_the_set_of_goals_is_said(tmp: Path):
    rows = [["KS", 2020, "Utvecklingsmål", f"Mål {i}", "uppfyllt"] for i in range(2)]
    rows += [["KS", 2021, "Utvecklingsmål", f"Mål {i}", "uppfyllt"] for i in range(5)]
    goals = sa.read_goals(_goals_file(tmp, rows))
    table = sa.fulfilment(goals, by=["ar"]).set_index("ar")
    assert (table.loc[2021, "nya_mal"], table.loc[2021, "borttagna_mal"]) == (3, 0)
    assert not table.loc[2021, "samma_mal"] and pd.isna(table.loc[2020, "samma_mal"])
    fig = sa.plot_fulfilment_over_time(goals)
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "2 mål 2020, 5 mål 2021 (3 nya)" in texts
    # each column says how many goals it is; the star marks the year the goals changed
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["2020\n2 mål",
                                                                    "2021*\n5 mål"]


def test_a_missing_year_is_a_gap_and_an_old_value_says_its_year(tmp: Path):
    write_csv(tmp / "ind.csv", [["Nämnd", "Indikator", "År", "Värde", "Riktning"],
                                *[["SN", "A", y, v, "högre"] for y, v in
                                  ((2017, 1), (2018, 2), (2020, 4), (2021, 5))]])
    indicators = sa.read_indicators(tmp / "ind.csv")
    fig = sa.plot_trend(indicators, ar=2023)
    line = next(ln for ln in fig.axes[0].get_lines() if ln.get_label() == "Utfall")
    assert np.isnan(line.get_ydata()[list(line.get_xdata()).index(2019)])
    assert any("senaste värdet är från 2021" in t.get_text() for t in fig.texts)
    panels = sa.plot_trends(indicators, ar=2023)
    assert "senaste värde 2021" in panels.axes[0].get_title(loc="left")


# -- folders, one count, formatting ------------------------------------------------------------

def test_subfolders_are_read_in_a_stable_order_and_an_empty_folder_is_a_problem(tmp: Path):
    (tmp / "sn").mkdir()
    (tmp / ".dolt").mkdir()
    (tmp / "kolada").mkdir()
    _goals_file(tmp, [["KS", 2023, "Utvecklingsmål", "A", "uppfyllt"]], "ks.csv")
    _goals_file(tmp / "sn", [["SN", 2023, "Utvecklingsmål", "B", "uppfyllt"]], "sn.csv")
    _goals_file(tmp / ".dolt", [["X", 2023, "Utvecklingsmål", "C", "uppfyllt"]], "x.csv")
    (tmp / "kolada" / "kpi.json").write_text("{}", encoding="utf-8")
    write_csv(tmp / "kolada" / "koppling.csv", [["kpi", "namnd", "mal"]])
    assert [p.relative_to(tmp).as_posix() for p in list_files(tmp)] == ["ks.csv",
                                                                           "sn/sn.csv"]
    assert sa.read_goals(tmp)["namnd"].tolist() == ["KS", "SN"]
    empty = tmp / "tom"
    empty.mkdir()
    problems = _problems(empty, "goals")
    assert [p.code for p in problems] == ["inga_filer"]
    assert f"Inga kalkylblad hittades i {empty}" in problems[0].message
    assert main(["validate", str(empty)]) == 1


def test_validate_and_build_report_the_same_problems_once(tmp: Path, capsys):
    _goals_file(tmp, [["KS", 2023, "Utvecklingsmål", "A", "Helt okänd fras"]])
    (tmp / "trasig.xlsx").write_bytes(b"PK\x03\x04 inte en zip")
    assert main(["validate", str(tmp), "--json"]) == 1
    listed = json.loads(capsys.readouterr().out)
    with pytest.raises(sa.InputError) as err:
        sa.prepare(tmp, None)
    assert listed["antal"] == len(err.value.problems) == 2  # the broken file once
    assert len(set(err.value.problems)) == len(err.value.problems)


def test_a_sheet_formatted_down_to_the_last_row_is_read(tmp: Path):
    base = write_xlsx(tmp / "bas.xlsx", {"Data": [
        ["Indikator", "Nämnd", "År", "Värde"],
        *[[f"Ind {i}", "SN", 2020 + i % 5, i * 1.5] for i in range(30)]]})
    path = tmp / "formaterad.xlsx"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = body.decode().replace('<dimension ref="A1:D31"/>',
                                             '<dimension ref="A1:H1048576"/>')
                tail = "".join(f'<row r="{r}" s="1" customFormat="1"><c r="A{r}" s="1"/>'
                               f'<c r="H{r}" s="1"/></row>' for r in range(32, 1_048_577))
                body = text.replace("</sheetData>", tail + "</sheetData>").encode()
            dst.writestr(info, body)
    script = f"""
import json, resource
import styranalys as sa
frame = sa.read_indicators({str(path)!r})
print(json.dumps({{"rows": len(frame),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    # bound by memory, not the clock: a reader that held the formatted rows would need GBs
    assert out["rows"] == 30 and out["peak_mb"] < 1024


def test_the_readme_example_gives_the_numbers_the_charts_show():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = readme.split("## Exempel i Python", 1)[1].split("```python", 1)[1].split("```")[0]
    code = code.replace('"data/raw"', repr(str(RAW))).replace(
        '"bokslut_2021.xlsx"', repr(str(RAW / "kf_arsredovisning_2021.xlsx")))
    space: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), space)  # our own README's example
    tabell = space["tabell"]
    year = tabell[tabell["ar"] == 2021]
    fig = sa.plot_fulfilment(space["goals"], 2021, kommunen=True)
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    counts = dict(zip(year["namnd"].fillna(sa.TOTAL_LABEL), year["antal"], strict=True))
    assert set(labels) == set(counts)
    beside = {t.get_text() for t in fig.axes[0].texts if t.get_text().endswith(("mål", "*"))}
    assert beside == {f"{n} mål" + ("*" if n < 3 else "") for n in counts.values()}
    assert fig.texts and f"{counts[sa.TOTAL_LABEL]} mål" in " ".join(t.get_text()
                                                                    for t in fig.texts)
