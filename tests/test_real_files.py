"""Real goal and indicator tables from other municipalities, read as a new user reads them.

Each file of ``tests/data/real/`` (sources and expected tidy results in its README) is
copied into a folder of its own, with a ``styranalys.toml`` beside it only where the file
leaves something out, and read through the same path a user takes: ``styranalys
validate`` and ``sa.load`` on that folder. Each file gives its README's rows, or a located
problem that names exactly what is missing. None gives "0 rows, no problems".
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

import styranalys as sa
from styranalys.cli import main

REAL = ROOT / "tests" / "data" / "real"
FILES = sorted(p.name for p in REAL.iterdir() if p.suffix in (".xlsx", ".ods", ".csv"))


def _folder(tmp: Path, name: str, profile: str | None = None) -> Path:
    folder = tmp / Path(name).stem
    folder.mkdir()
    shutil.copy(REAL / name, folder / name)
    if profile is not None:
        (folder / "styranalys.toml").write_text(profile, encoding="utf-8")
    return folder


def _validate(folder: Path, capsys) -> tuple[int, dict]:
    capsys.readouterr()
    code = main(["validate", str(folder), "--json"])
    return code, json.loads(capsys.readouterr().out)


def _problems(payload: dict) -> list[tuple[str | None, str | None, str]]:
    """(sheet, cell or row, code) of each problem."""
    return [(p["sheet"], f"{p['column'] or ''}{p['row'] or ''}" or None, p["code"])
            for p in payload["problem"]]


@pytest.mark.parametrize("name", FILES)
def test_no_real_file_gives_zero_rows_and_no_problems(name: str, tmp_path: Path, capsys):
    """As a new user runs it first: no profile, no options."""
    folder = _folder(tmp_path, name)
    code, payload = _validate(folder, capsys)
    for read in (sa.read_goals, sa.read_indicators):  # rows, or an error: never 0 in silence
        try:
            assert len(read(folder))
        except sa.InputError as err:
            assert err.problems
    assert payload["problem"], f"{name}: inga problem"
    assert code == 1
    for problem in payload["problem"]:  # every problem says where
        assert problem["file"] == name and (problem["sheet"] or name.endswith(".csv"))
        assert problem["hint"]


#: What Lund's file does not say: the year on its second sheet (the first sheet's title
#: says 2023), and what kind of goals kommunfullmäktige's are.
LUND_PROFILE = """
[[files]]
glob = "lund_*.xlsx"
ar = 2023

[[files]]
glob = "lund_*.xlsx"
sheet = "Kommunfullmäktiges mål"
maltyp = "inriktningsmål"
"""


def test_lund_with_a_profile_gives_the_readme_goals_and_levels(tmp_path, capsys):
    folder = _folder(tmp_path, "lund_arsredovisning_2023_kf_mal.xlsx", LUND_PROFILE)
    goals = sa.read_goals(folder)
    assert goals[["namnd", "ar", "period", "maltyp", "mal", "bedomning", "niva"]
                 ].values.tolist() == [
        ["Kommunfullmäktige", 2023, "bokslut", "inriktningsmal",
         "Mål 1: En tillitsbaserad styrning och ledning", "Når målet", 4],
        ["Kommunfullmäktige", 2023, "bokslut", "inriktningsmal",
         "Mål 2: Sveriges tryggaste kommun", "når målet", 4],
        ["Kommunstyrelsen", 2023, "bokslut", "utvecklingsmal",
         "En tillitsbaserad styrning och ledning", "Når målet", 4],
        ["Servicenämnden", 2023, "bokslut", "utvecklingsmal", "Effektivare förvaltning",
         "Når målet", 4]]
    # the symbol columns and the goal link column are accounted for, not dropped
    _, payload = _validate(folder, capsys)
    assert any("kolumnen Symbol (B) användes inte" in n for n in payload["noteringar"])
    assert any("kolumnen Kommunfullmäktiges mål (A) användes inte" in n
               for n in payload["noteringar"])


def test_lund_with_its_phrases_and_headings_in_a_profile_gives_the_same(tmp_path):
    profile = """
[vocabulary]
"Når målet" = 4
"Når delvis målet" = 2
"Når inte målet" = 1
"Målet kan inte bedömas" = "ej bedömd"

[headers]
bedomning = ["Målbedömning i årsrapport"]
""" + LUND_PROFILE
    folder = _folder(tmp_path, "lund_arsredovisning_2023_kf_mal.xlsx", profile)
    goals = sa.read_goals(folder)
    assert goals[["namnd", "niva"]].values.tolist() == [
        ["Kommunfullmäktige", 4], ["Kommunfullmäktige", 4], ["Kommunstyrelsen", 4],
        ["Servicenämnden", 4]]


def test_lund_without_a_profile_asks_for_the_goal_type_and_the_year_of_the_workbook(
        tmp_path, capsys):
    folder = _folder(tmp_path, "lund_arsredovisning_2023_kf_mal.xlsx")
    _, payload = _validate(folder, capsys)
    first, second = payload["problem"]
    assert (first["sheet"], first["code"]) == ("Kommunfullmäktiges mål", "saknas_maltyp")
    # the year hint takes the workbook's own title, not an example from elsewhere
    assert second["code"] == "saknas_ar" and "ar = 2023" in second["hint"]
    assert "Kommunfullmäktiges mål" in second["hint"]


def test_huddinge_goals_and_indicator_with_a_profile(tmp_path, capsys):
    # the headings "Övergripande mål" and "Delmål" name the goals and their type; the
    # file does not say the programme's nämnd, nor the year followed up
    profile = """
[[files]]
glob = "huddinge_*.ods"
namnd = "Kommunfullmäktige"
ar = 2023
"""
    folder = _folder(tmp_path, "huddinge_miljoprogram_2022-2025_bedomning.ods", profile)
    goals, _ = sa.load(folder, "goals")
    assert goals["omrade"].tolist()[:5] == [
        "Klimat och energi", "Vatten", "Biologisk mångfald och friluftsliv", "Gifter i miljön",
        "Informera och engagera"]
    assert goals["maltyp"].tolist() == ["overgripande_mal"] * 5 + ["delmal"] * 2
    assert goals["namnd"].tolist() == ["Kommunfullmäktige"] * 6 + [
        "Huddinge samhällsfastigheter AB, Huge bostäder AB, Samtliga nämnder"]
    assert [None if pd.isna(v) else v for v in goals["niva"]] == [2, 2, 3, None, 3, 3, 3]
    indicators = sa.read_indicators(folder)
    # "38 % (2021)" and "100 % (2021)": the value, its year, the target and its year
    assert indicators[["indikator", "ar", "varde", "enhet", "malvarde", "malar", "kon"]
                      ].values.tolist() == [
        ["Andel sjöar som uppfyller god ekologisk status", 2021, 38.0, "%", 100.0, 2021, "T"]]
    # the file states no direction; the one rule (target against the starting point: 100 %
    # above 38 %) makes higher better, as the README expects, and says it interpreted it
    assert indicators["riktning"].isna().all()
    assert sa.trends(indicators)["tolkad_riktning"].tolist() == ["hogre"]
    code, payload = _validate(folder, capsys)
    assert code == 0
    notes = " ".join(payload["noteringar"])
    # the two note lines under the indicator table are notes, never rows
    assert "rad 7: text under tabellen 'Mäts var sjätte år." in notes
    assert "rad 8: text under tabellen 'Minst god ekologisk" in notes
    assert "kolumnen Trend (E) användes inte" in notes


@pytest.mark.parametrize(("name", "sheet", "row", "seen", "column"), [
    ("nkcx_tackningsgrad_vastra_regionen.xlsx", "CovrV", 5, "årskolumnerna 2006–2016",
     "Region"),
    ("vasteras_foretagsklimat_kolada.csv", None, 2, "Värde (värdet)", "Mätområde"),
])
def test_a_table_of_values_per_municipality_or_region_points_to_read_kolada(
        name, sheet, row, seen, column, tmp_path, capsys):
    code, payload = _validate(_folder(tmp_path, name), capsys)
    [found] = payload["problem"]
    assert code == 1 and found["code"] == "blad_utan_tabell"
    assert (found["sheet"], found["row"]) == (sheet, row)
    assert f"Rad {row} ser ut som rubrikraden" in found["message"] and seen in found["message"]
    assert f"(kolumnen {column}): läs den med read_kolada" in found["hint"]


def test_vasteras_kolada_csv_with_its_title_row_read_by_read_kolada():
    values = sa.read_kolada(REAL / "vasteras_foretagsklimat_kolada.csv")
    assert set(values["indikator"]) == {"Företagsklimat enligt ÖJ (Insikt), NKI"}
    table = values.pivot(index="namnd", columns="ar", values="varde")
    assert table.loc["Västerås"].tolist() == [66.7, 69.4, 69.8, 70.7, 71.0, 74.6, 75.1, 75.5,
                                              77.1]
    assert table.loc["Riket"].dropna().tolist() == [66.7, 68.3, 68.4, 70.4, 70.7]
    assert len(table) == 4 and 2013 not in table.columns
    # the id is derived from the title, and the result says so
    notes = values.attrs["styranalys"]["notes"]
    assert f"nyckeltalets id saknas: {values['indikator_id'].iloc[0]} är härlett ur namnet" \
        in " ".join(notes)
    assert any("anteckning 'Datakälla: SKL via Kolada'" in n for n in notes)


def test_nkcx_regions_by_year_read_by_read_kolada():
    values = sa.read_kolada(REAL / "nkcx_tackningsgrad_vastra_regionen.xlsx")
    assert set(values["indikator"]) == {"Täckningsgrad"}  # the heading over the years
    table = values.pivot(index="namnd", columns="ar", values="varde")
    assert table.loc["Halland"].tolist() == [80.4, 77.3, 77.8, 83.5, 88.5, 89.8, 89.9, 90.4,
                                             89.9, 90.2, 90.2]
    assert table.loc["Riket", 2016] == 82.4 and table.loc["Västra Götaland", 2006] == 82.4


def test_klippan_heading_rows_are_areas_and_the_goals_under_them(tmp_path, capsys):
    name = "klippan_kultur_fritid_namndsmal_2024.xlsx"
    _, payload = _validate(_folder(tmp_path, name), capsys)
    # the file names its nämnd only inside the goal texts: the one thing to say
    assert _problems(payload) == [("Övergripande mål 2024", None, "saknas_namnd")]
    (tmp_path / "p").mkdir()
    folder = _folder(tmp_path / "p", name, '[[files]]\nglob = "klippan_*.xlsx"\n'
                     'namnd = "Kultur- och fritidsnämnden"\n')
    goals = sa.read_goals(folder)
    assert len(goals) == 9 and goals["niva"].isna().all()
    assert set(goals[["namnd", "ar", "period", "maltyp"]].itertuples(index=False)) == {
        ("Kultur- och fritidsnämnden", 2024, "bokslut", "namndmal")}
    assert goals["omrade"].value_counts().to_dict() == {
        "Kommunen ska arbeta för en långsiktig hållbar utveckling, förbättrad folkhälsa och "
        "ökad trygghet för alla invånare": 4,
        "Kommunens invånare ska känna delaktighet samt vara nöjda och trygga med "
        "tillgänglighet, tjänster och bemötande": 2,
        "Kommunen ska vara en attraktiv arbetsgivare med god kompetensförsörjning": 1,
        "Kommunens verksamheter ska drivas med rätt kvalitet": 1,
        "Kommunen ska ha ett bra näringslivsklimat som värnar och utvecklar näringslivet och "
        "företagande": 1}
    assert goals["mal"].iloc[0].startswith("Goda möjligheter för invånare")


def test_kungsbacka_a_list_under_area_headings_without_a_header_row(tmp_path, capsys):
    name = "kungsbacka_kf_mal_2016.xlsx"
    _, payload = _validate(_folder(tmp_path, name), capsys)
    assert _problems(payload) == [("Mål 2016", None, "saknas_maltyp")]
    (tmp_path / "p").mkdir()
    folder = _folder(tmp_path / "p", name, '[[files]]\nglob = "kungsbacka_*.xlsx"\n'
                     'maltyp = "kommunfullmäktiges mål"\n')
    goals = sa.read_goals(folder)
    assert len(goals) == 17 and goals["niva"].isna().all()
    assert set(goals[["namnd", "ar", "period"]].itertuples(index=False)) == {
        ("Kommunfullmäktige", 2016, "bokslut")}
    assert goals["omrade"].value_counts(sort=False).to_dict() == {
        "Demokrati": 2, "Folkhälsa": 4, "Samhällsutveckling och miljö": 7, "Utbildning": 1,
        "Kompetensförsörjning": 1, "Finanser": 2}
    _, payload = _validate(folder, capsys)
    assert any("rad 33: text under listan 'Mer om kommunfullmäktiges mål" in n
               for n in payload["noteringar"])
    # the direction and target inside the goal texts, as the README counts them
    wording = sa.goal_wording(goals)
    assert wording["riktning"].value_counts(dropna=False).to_dict() == {
        "hogre": 9, "lagre": 5, pd.NA: 3}
    said = wording.set_index("mal")
    result = said.loc["Årets resultat ska uppgå till minst 1,5 procent av skatter och "
                      "statsbidrag."]
    assert (result["riktning"], result["malvarde"], result["enhet"]) == ("hogre", 1.5, "%")
    solid = said.loc["Soliditeten ska vara minst oförändrad jämfört med föregående år."]
    assert solid["riktning"] == "hogre" and pd.isna(solid["malvarde"])
    assert said.loc["Utsläpp av koldioxid från kommunens tjänsteresor ska varje år minska "
                    "med 2,5 procent.", "riktning"] == "lagre"
    assert wording[wording["riktning"].isna()]["mal"].tolist() == [
        "Kungsbacka ska vara känd som en företagsvänlig kommun.",
        "Våra skolor ska vara bland de bästa i landet.",
        "Kungsbacka kommun ska vara och upplevas som en attraktiv arbetsplats."]


def test_vasteras_indicators_names_values_with_their_years_and_a_legend_sheet(
        tmp_path, capsys):
    folder = _folder(tmp_path, "vasteras_barometern_indikatorer.xlsx")
    _, payload = _validate(folder, capsys)
    # the one thing the file does not say is which nämnd follows these indicators
    assert _problems(payload) == [("Indikatorer", None, "saknas_namnd")]
    assert 'namnd = "<nämndens namn>"' in payload["problem"][0]["hint"]
    notes = " ".join(payload["noteringar"])
    assert "blad Teckenförklaring, lästes inte: bladet är en teckenförklaring" in notes
    assert "rad 7: text under tabellen 'Västerås deltog inte" in notes
    (folder / "styranalys.toml").write_text(
        '[[files]]\nglob = "vasteras_*.xlsx"\nnamnd = "Kommunstyrelsen"\n', encoding="utf-8")
    # "5,7 % (2020)." and "3,6 % (2019).": each value for its year, the baseline too;
    # the page's title and the measure's own name, both kept
    values = sa.read_indicators(folder)
    assert values[["indikator", "ar", "varde", "ingangsvarde", "enhet"]].values.tolist() == [
        [RESULT, 2019, 3.6, 3.6, "%"], [RESULT, 2020, 5.7, 3.6, "%"],
        [SAFETY, 2009, 5.1, 5.1, "medelvärde"], [SAFETY, 2016, 5.0, 5.1, "medelvärde"]]
    assert values["indikator_id"].iloc[0] == "Indikator SDG.16.4"
    # which way is better: the Trend column's "rätt håll"/"fel håll" and how the values went
    assert values["riktning"].tolist() == ["hogre"] * 4


RESULT = "Kommunens resultat (Verksamhetens resultat kommun, andel av skatter och statsbidrag)"
SAFETY = ("Upplevd trygghet (Hur tryggt och säkert kan du vistas utomhus på kvällar och "
          "nätter?)")


def test_malmo_and_stockholm_goals_need_only_what_the_file_does_not_say(tmp_path, capsys):
    malmo = _folder(tmp_path, "malmo_arsredovisning_2014_finansiella_mal.xlsx", """
[[files]]
glob = "malmo_*.xlsx"
namnd = "Kommunfullmäktige"

[[files]]
glob = "malmo_*.xlsx"
sheet = "Måluppfyllelse"
maltyp = "finansiellt mål"
""")
    goals, report = sa.load(malmo, "goals")
    assert goals[["namnd", "ar", "maltyp", "mal", "niva"]].values.tolist() == [
        ["Kommunfullmäktige", 2014, "finansiellt_mal", "Det långsiktiga finansiella målet", 4]]
    assert report.problems == []
    # the yearly results: an empty first header cell over the row labels, the years
    # newest first, the unit only in the caption above ("Finansiellt mål, Mkr")
    indicators = sa.read_indicators(malmo)
    table = indicators.pivot(index="indikator", columns="ar", values="varde")
    assert table.loc["Årets resultat"].tolist() == [492, 193, 154, -149]
    assert table.loc["Målavvikelse"].tolist() == [449, 181, 154, -149]
    assert table.loc["Finansiellt mål"].tolist() == [43, 12, 0, 0]
    assert set(indicators["enhet"]) == {"Mkr"} and set(indicators["kon"]) == {"T"}
    # Stockholm's goal pages do not name the year, nor the nämnd of the underlying goals
    stockholm = _folder(tmp_path, "stockholm_kf_inriktningsmal.xlsx", """
[[files]]
glob = "stockholm_*.xlsx"
namnd = "Kommunfullmäktige"
ar = 2021
""")
    goals = sa.read_goals(stockholm)
    first = goals[goals["maltyp"] == "inriktningsmal"]
    assert first[["namnd", "ar", "bedomning", "niva"]].values.tolist() == [
        ["Kommunfullmäktige", 2021, "har uppfyllts delvis", 2]] * 2
    # two assessment columns: the vocabulary knows one's phrases, the other is comment
    assert first["kommentar"].str.startswith("Den samlade bedömningen").all()
    under = goals[goals["maltyp"] == "underliggande_mal"]
    assert len(under) == 8 and under["niva"].isna().all()
    assert under["omrade"].value_counts().to_dict() == {
        "En modern storstad med möjligheter och valfrihet för alla": 5,
        "En hållbart växande och dynamisk storstad med hög tillväxt": 3}


def test_the_readme_walk_through_gives_what_it_says(tmp_path: Path, capsys):
    """README's "Läsa kommunens egna filer": its full profile, on its file, validates clean."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("En profil med allt ifyllt:", 1)[1]
    profile = section.split("```toml\n", 1)[1].split("```", 1)[0]
    folder = _folder(tmp_path, "lund_arsredovisning_2023_kf_mal.xlsx", profile)
    capsys.readouterr()
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Läste 4 målrader och 0 indikatorrader.\nInga problem hittades.")
    assert "Läste 4 målrader och 0 indikatorrader. Inga problem hittades." in section
