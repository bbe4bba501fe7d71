"""The assessment vocabulary: every phrase of the level scale, its variants, and user extensions."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import styranalys as sa
from styranalys.contract import DEFAULT_PHRASES


@pytest.mark.parametrize("phrase, level", [
    ("Grunduppdraget uppnås", 4), ("Grunduppdraget uppnås till stor del", 3),
    ("Grunduppdraget uppnås delvis", 2), ("Grunduppdraget uppnås inte", 1),
    ("Kvalitén uppnås", 4), ("Kvalitén är på väg att uppnås", 3),
    ("Kvalitén är på väg att inte uppnås", 2), ("Kvalitén uppnås inte", 1),
    ("Målet är uppfyllt", 4), ("Målet är på väg att uppfyllas", 3),
    ("Målet är på väg att inte uppfyllas", 2), ("Målet är inte uppfyllt", 1),
    # case, spacing, trailing punctuation and spelling variants never matter
    ("  MÅLET ÄR UPPFYLLT. ", 4), ("Kvaliteten är på väg att uppnås!", 3),
    ("Kvalitén\u00a0är på väg att  inte uppnås", 2), ("Målet är ej uppfyllt", 1),
    ("Kvaliten uppnås ej", 1), ("Målet bedöms bli uppfyllt", 4),
    ("uppfyllt", 4), ("Delvis uppfyllt", 2), ("Ej uppfyllt", 1),
    ("Grön", 4), ("gul", 2), ("Röd", 1), ("3", 3), (2.0, 2),
    ("Ej bedömd", None), ("", None), ("..", None),
])
def test_phrases_map_to_the_unified_scale(phrase, level):
    known, found = sa.Vocabulary.default().level(phrase)
    assert known
    assert found == level


@pytest.mark.parametrize("phrase", ["Målet är kanske", "5", "Blå", 7])
def test_unknown_phrases_are_not_guessed(phrase):
    assert sa.Vocabulary.default().level(phrase) == (False, None)


def test_every_default_phrase_is_unique_after_normalisation_or_agrees():
    vocab = sa.Vocabulary.default()
    for phrase, level in DEFAULT_PHRASES:
        assert vocab.level(phrase) == (True, level), phrase


def test_extend_with_a_mapping_and_a_file(tmp_path: Path):
    vocab = sa.Vocabulary.default().extend({"Helt i mål": 4})
    assert vocab.level("helt i mål.") == (True, 4)
    assert sa.Vocabulary.default().level("Helt i mål") == (False, None)
    path = tmp_path / "fraser.csv"
    path.write_text("fras;niva\nNästan i mål;3\nInte påbörjat;\n", encoding="utf-8")
    vocab = vocab.extend(path)
    assert vocab.level("Nästan i mål") == (True, 3)
    assert vocab.level("inte påbörjat") == (True, None)
    assert vocab.fingerprint() != sa.Vocabulary.default().fingerprint()


def test_a_level_outside_the_scale_is_refused():
    with pytest.raises(ValueError, match="1, 2, 3, 4"):
        sa.Vocabulary.default().extend({"Superbra": 5})


def test_levels_is_vectorised_and_agrees_with_level():
    phrases = pd.Series(["Målet är uppfyllt", None, "okänd", "Gul", "Målet är uppfyllt"],
                        dtype="string")
    known, levels = sa.Vocabulary.default().levels(phrases)
    assert known.tolist() == [True, True, False, True, True]
    assert levels.tolist() == [4, pd.NA, pd.NA, 2, 4]


@pytest.mark.parametrize("symbols", [("😊", "😐", "😒"), ("●", "◐", "○"), ("✓", "✗", "–̶")])
def test_every_symbol_keeps_its_own_key(symbols):
    """Three symbols, three levels: none folds into another (they once all became "")."""
    vocab = sa.Vocabulary.default().extend(dict(zip(symbols, (4, 2, 1), strict=True)))
    assert [vocab.level(s) for s in symbols] == [(True, 4), (True, 2), (True, 1)]
    assert vocab.level(symbols[0] + "\ufe0f") == (True, 4)  # the emoji presentation
    alone = sa.Vocabulary.default().extend({symbols[0]: 4})
    assert alone.level(symbols[1]) == (False, None)  # never the level of another symbol


def test_a_symbol_stuck_to_a_number_is_the_assessment_and_the_number_the_value(
        tmp_path: Path):
    """"95😊": the number is the outcome, the symbol the assessment (its own key still)."""
    from conftest import write_xlsx

    vocab = sa.Vocabulary.default().extend({"😊": 4, "😐": 2})
    assert [vocab.level(c) for c in ("95😊", "😐 40 %", "12,5 😊", "95😒", "😊😐")] == [
        (True, 4), (True, 2), (True, 4), (False, None), (False, None)]
    path = write_xlsx(tmp_path / "ind.xlsx", {"Indikatorer": [
        ["Nämnd", "Indikator", 2022, 2023], ["KS", "Andel nöjda", 78, "95😊"],
        ["KS", "Antal besök", "● 1 204", 1310]]})
    values, report = sa.load(path, "indicators")
    assert report.problems == []
    assert values["varde"].tolist() == [78, 95, 1204, 1310]
    assert "rad 2: '95😊' i kolumn D lästes som värdet 95 och symbolen 😊" in " ".join(
        report.notes)
    goals = write_xlsx(tmp_path / "mal.xlsx", {"Utvecklingsmål": [
        ["Nämnd", "År", "Mål", "Bedömning"], ["KS", 2023, "Trygg kommun", "78 % 😐"]]})
    with pytest.raises(sa.InputError) as info:
        sa.read_goals(goals)
    [problem] = info.value.problems
    assert (problem.row, problem.column, problem.code) == (2, "D", "okand_symbol")
    assert "Symbolen '😐' (i cellen '78 % 😐')" in problem.message
    assert '"😐" = <nivå 1–4>' in problem.hint


@pytest.mark.parametrize("symbol", ["😊", "●", "✓", "🟢"])
def test_no_symbol_has_a_level_by_default(symbol):
    assert sa.Vocabulary.default().level(symbol) == (False, None)


def test_a_symbol_without_a_legend_or_profile_entry_is_a_located_problem(tmp_path: Path):
    from conftest import write_xlsx

    path = write_xlsx(tmp_path / "mal.xlsx", {"Utvecklingsmål": [
        ["Nämnd", "År", "Mål", "Bedömning"], ["KS", 2023, "Trygg kommun", "😊"],
        ["KS", 2023, "Fler i arbete", "😒"]]})
    with pytest.raises(sa.InputError) as info:
        sa.read_goals(path)
    problems = [(p.column, p.row, p.code) for p in info.value.problems]
    assert problems == [("D", 2, "okand_symbol"), ("D", 3, "okand_symbol")]
    assert "'😊'" in info.value.problems[0].message
    assert '"😊" = <nivå 1–4>' in info.value.problems[0].hint
    (tmp_path / "styranalys.toml").write_text('[vocabulary]\n"😊" = 4\n"😒" = 1\n',
                                              encoding="utf-8")
    assert sa.read_goals(tmp_path)["niva"].tolist() == [4, 1]


@pytest.mark.parametrize("phrase, level", [
    # Lund, årsredovisning 2023
    ("Når målet", 4), ("når målet", 4), ("Når delvis målet", 2), ("Når inte målet", 1),
    ("Målet kan inte bedömas", None),
    # Huddinge, Miljöbarometern
    ("Delmålet kan uppnås", 3), ("Trenden är positiv, men delmålet blir svårt att nå", 2),
    ("Svårbedömt om målet kan uppnås", None), ("Delmålet är uppnått", 4),
    ("Måluppfyllelsen kan inte bedömas", None),
    # Västerås, Västeråsbarometern
    ("Målet kan uppnås", 3), ("Målet kan delvis uppnås", 2), ("Målet blir svårt att uppnå", 1),
    ("Bedömning saknas", None),
    # Stockholm and Malmö: sentence forms
    ("har uppfyllts delvis", 2), ("Inriktningsmålet har uppfyllts helt", 4),
    ("Målet uppfylls ej", 1), ("Det långsiktiga finansiella målet har uppnåtts.", 4),
    # the common scales
    ("I hög grad uppfyllt", 3), ("Målet bedöms kunna uppnås", 3),
    ("Målet bedöms inte kunna uppnås", 1), ("Inte mätbart", None),
])
def test_the_real_municipalities_phrases(phrase, level):
    assert sa.Vocabulary.default().level(phrase) == (True, level)


def test_a_subject_never_swallows_the_words_that_carry_the_level():
    vocab = sa.Vocabulary.default()
    # "Svårbedömt om" is not a subject: the uncertain form stays uncertain, never 3
    assert vocab.level("Svårbedömt om målet kan uppnås") == (True, None)
    assert vocab.level("Trenden är negativ och målet kan uppnås") == (False, None)


def test_docs_list_every_default_phrase_and_its_source():
    text = (Path(__file__).resolve().parents[1] / "docs" / "analys.md").read_text(
        encoding="utf-8")
    missing = [p for p, _ in DEFAULT_PHRASES if f"| {p} |" not in text]
    assert missing == []


def test_a_legend_in_the_file_gives_its_symbols_their_levels(tmp_path: Path):
    """Under the table, on a legend sheet, or as two cells above the table: a symbol (or a
    description standing for one) next to a phrase the vocabulary knows."""
    from conftest import write_xlsx

    rows = [["Nämnd", "År", "Mål", "Bedömning"], ["KS", 2023, "Trygg kommun", "😊"],
            ["KS", 2023, "Fler i arbete", "😐"], ["KS", 2023, "Ren luft", "Grön figur"],
            ["😊= Delmålet bedöms bli uppfyllt under året."]]
    path = write_xlsx(tmp_path / "mal.xlsx", {
        "Utvecklingsmål": [["Grön figur", "Målet är uppfyllt"], [], *rows],
        "Teckenförklaring": [["Teckenförklaring"], ["😐 Delvis uppfyllt"], ["😒 = Svårt"]]})
    goals, report = sa.load(path, "goals")
    assert report.problems == []
    assert goals["niva"].tolist() == [4, 2, 4]
    notes = "\n".join(report.notes)
    assert "teckenförklaringen '😊' = 'Delmålet bedöms bli uppfyllt under året.' (nivå 4)" in notes
    assert "blad Teckenförklaring, rad 2: teckenförklaringen '😐'" in notes
    # a legend phrase the vocabulary does not know gives no level, and says so
    assert "teckenförklaringen säger 😒 = 'Svårt', en fras som vokabulären inte känner" in notes
    # the profile's word on a symbol comes before the file's legend
    (tmp_path / "styranalys.toml").write_text('[vocabulary]\n"😊" = 3\n', encoding="utf-8")
    assert sa.read_goals(tmp_path)["niva"].tolist() == [3, 2, 4]


def _coloured_workbook(path: Path, legend: bool, theme_green: bool = False) -> Path:
    """A follow-up whose assessments are only the fill of their cells, as traffic-light
    sheets are kept; with a legend of coloured cells beside phrases, or without one."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill
    from openpyxl.styles.colors import Color

    def fill(rgb: str) -> PatternFill:
        colour = Color(theme=9, tint=0.0) if theme_green and rgb == "00B050" else rgb
        return PatternFill("solid", fgColor=colour)

    wb = Workbook()
    ws = wb.active
    ws.title = "Utvecklingsmål"
    ws.append(["Socialnämnden 2023"])
    if legend:
        for rgb, phrase in [("00B050", "Målet är uppfyllt"), ("FFFF00", "Delvis uppfyllt"),
                            ("FF0000", "Inte uppfyllt")]:
            ws.append([None, phrase])
            ws.cell(ws.max_row, 1).fill = fill(rgb)
    ws.append([])
    ws.append(["Mål", "Bedömning"])
    for goal, rgb in [("Trygg kommun", "00B050"), ("Fler i arbete", "FFFF00"),
                      ("Ren luft", "FF0000"), ("Öppna lokaler", None)]:
        ws.append([goal, None])
        if rgb:
            ws.cell(ws.max_row, 2).fill = fill(rgb)
    wb.save(path)
    return path


def test_a_cell_whose_only_content_is_its_fill_is_read_by_the_files_legend(tmp_path: Path):
    path = _coloured_workbook(tmp_path / "mal.xlsx", legend=True)
    goals, report = sa.load(path, "goals")
    assert report.problems == []
    assert goals["bedomning"].tolist()[:3] == ["grön (cellfärg)", "gul (cellfärg)",
                                               "röd (cellfärg)"]
    assert [None if pd.isna(v) else v for v in goals["niva"]] == [4, 2, 1, None]
    assert "rad 2: teckenförklaringen 'grön (cellfärg)' = 'Målet är uppfyllt' (nivå 4)" in \
        " ".join(report.notes)
    # Office's own theme green (accent 6) is a green too
    themed = _coloured_workbook(tmp_path / "tema.xlsx", legend=True, theme_green=True)
    assert sa.read_goals(themed)["niva"].tolist()[0] == 4


def test_a_colour_without_a_legend_or_profile_entry_is_a_located_problem(tmp_path: Path):
    path = _coloured_workbook(tmp_path / "mal.xlsx", legend=False)
    with pytest.raises(sa.InputError) as info:
        sa.read_goals(path)
    problems = info.value.problems
    assert [(p.row, p.column, p.code) for p in problems] == [
        (4, "B", "okand_farg"), (5, "B", "okand_farg"), (6, "B", "okand_farg")]
    assert "bara färgen grön" in problems[0].message
    assert '"grön (cellfärg)" = <nivå 1–4>' in problems[0].hint
    # the default vocabulary's colour words ("Grön" written in a cell) never apply to a fill
    (tmp_path / "styranalys.toml").write_text(
        '[vocabulary]\n"grön (cellfärg)" = 4\n"gul (cellfärg)" = 3\n"röd (cellfärg)" = 1\n',
        encoding="utf-8")
    assert sa.read_goals(tmp_path)["niva"].tolist()[:3] == [4, 3, 1]
