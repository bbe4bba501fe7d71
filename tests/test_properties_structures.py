"""The structures of real goal tables, proven with generated input (hypothesis).

Random goal tables are written as municipalities write them, in xlsx, ods and csv: area
headings on rows of their own (in a column of their own, or heading the blocks of a
one-column list without a header row), and assessments given as symbols whose levels a
profile gives. Reading gives back exactly what was written: every goal once, under its
area, with its level, and every heading row noted, never a goal.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from conftest import write_csv, write_ods, write_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import styranalys as sa

SETTINGS = settings(max_examples=25, deadline=10000, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])
WORDS = st.lists(st.sampled_from(["trygg", "hållbar", "skola", "äldre", "öppen", "kultur",
                                  "jobb", "natur", "cykel", "bostad", "service", "barn"]),
                 min_size=2, max_size=6)
TEXT = WORDS.map(lambda ws: " ".join(ws).capitalize())
FORMATS = st.sampled_from([".xlsx", ".ods", ".csv"])


def _areas() -> st.SearchStrategy[list[tuple[str, list[str]]]]:
    """1-5 areas, each with 1-5 goals; every text unique."""
    return st.lists(st.tuples(TEXT, st.lists(TEXT, min_size=1, max_size=5)), min_size=1,
                    max_size=5).filter(lambda areas: _unique(areas))


def _unique(areas: list[tuple[str, list[str]]]) -> bool:
    texts = [a for a, _ in areas] + [g for _, goals in areas for g in goals]
    return len(set(texts)) == len(texts)


def _write(folder: Path, suffix: str, rows: list[list[object]]) -> Path:
    path = folder / f"mal{suffix}"
    if suffix == ".xlsx":
        return write_xlsx(path, {"Mål": rows})
    if suffix == ".ods":
        return write_ods(path, {"Mål": [r or [None] for r in rows]})
    return write_csv(path, rows)


def _read(suffix: str, rows: list[list[object]], profile: str = "", kind: str = "goals",
          ) -> tuple[pd.DataFrame, sa.ReadReport]:
    """The rows written as one file in a folder of its own (with a profile beside it) and
    read as a user reads that folder."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _write(folder, suffix, rows)
        if profile:
            (folder / "styranalys.toml").write_text(profile, encoding="utf-8")
        return sa.load(folder, kind)


@SETTINGS
@given(areas=_areas(), suffix=FORMATS, typed=st.booleans())
def test_headings_in_a_column_of_their_own_carry_down(areas, suffix, typed):
    head = ["Övergripande mål", "Nämndsmål"] if typed else ["Område", "Mål"]
    rows: list[list[object]] = [["Socialnämnden – utvecklingsmål 2024"], [], head]
    for area, goals in areas:
        rows.append([area, None])
        rows += [[None, g] for g in goals]
    goals_frame, report = _read(suffix, rows)
    assert report.problems == []
    assert list(zip(goals_frame["omrade"], goals_frame["mal"], strict=True)) == [
        (area, g) for area, goals in areas for g in goals]
    assert set(goals_frame["maltyp"]) == {"namndmal" if typed else "utvecklingsmal"}
    assert set(goals_frame["namnd"]) == {"Socialnämnden"} and set(goals_frame["ar"]) == {2024}
    headings = [n for n in report.notes if "rubrikraden" in n]
    assert len(headings) == len(areas)


@SETTINGS
@given(areas=_areas().filter(lambda a: len(a) >= 2), suffix=FORMATS, footer=st.booleans())
def test_a_one_column_list_under_area_headings(areas, suffix, footer):
    rows: list[list[object]] = [["Kommunfullmäktiges inriktningsmål 2024"]]
    for area, goals in areas:
        rows += [[], [area], *([g] for g in goals)]
    if footer:
        rows += [[], ["Läs mer i kommunens budget"]]
    goals_frame, report = _read(suffix, rows)
    assert report.problems == []
    assert list(zip(goals_frame["omrade"], goals_frame["mal"], strict=True)) == [
        (area, g) for area, goals in areas for g in goals]
    assert set(goals_frame[["namnd", "ar", "maltyp"]].itertuples(index=False)) == {
        ("Kommunfullmäktige", 2024, "inriktningsmal")}
    assert any("text under listan" in n for n in report.notes) == footer


SYMBOLS = ["😊", "😐", "😒", "●", "◐", "○", "✓", "✗", "▲", "■", "🟢", "🟡", "🔴"]


@SETTINGS
@given(levels=st.dictionaries(st.sampled_from(SYMBOLS), st.sampled_from([1, 2, 3, 4, None]),
                              min_size=1, max_size=6),
       picks=st.lists(st.tuples(st.integers(0, 100), st.sampled_from(["{s}", "{n}{s}",
                                                                       "{s} {n} %"])),
                      min_size=1, max_size=12), suffix=FORMATS)
def test_each_symbol_keeps_its_own_level(levels, picks, suffix):
    """Alone or stuck to a number ("95😊", "● 78 %"), each symbol keeps its own level."""
    symbols = list(levels)
    chosen = [symbols[p % len(symbols)] for p, _ in picks]
    cells = [form.format(s=s, n=p) for s, (p, form) in zip(chosen, picks, strict=True)]
    rows: list[list[object]] = [["Nämnd", "År", "Utvecklingsmål", "Bedömning"]]
    rows += [["KS", 2024, f"Mål nummer {i}", c] for i, c in enumerate(cells)]
    not_assessed = '"ej bedömd"'
    profile = "[vocabulary]\n" + "\n".join(
        f'"{s}" = {not_assessed if lvl is None else lvl}' for s, lvl in levels.items())
    goals, report = _read(suffix, rows, profile)
    assert report.problems == []
    assert [None if pd.isna(v) else int(v) for v in goals["niva"]] == [levels[s] for s in chosen]
    # without the profile, each symbol is a located problem, never a level
    goals, report = _read(suffix, rows)
    assert [p.code for p in report.problems] == ["okand_symbol"] * len(chosen)
    assert [p.message.split("'")[1] for p in report.problems] == chosen
    assert goals["niva"].isna().all()


LEGEND_PHRASES = [("Målet är uppfyllt", 4), ("Delvis uppfyllt", 2), ("Når inte målet", 1),
                  ("Målet bedöms kunna uppnås", 3), ("Målet kan inte bedömas", None)]


@SETTINGS
@given(legend=st.lists(st.tuples(st.sampled_from(SYMBOLS), st.sampled_from(LEGEND_PHRASES),
                                 st.sampled_from(["{s} = {p}", "{s}= {p}", "{s} {p}",
                                                  "{s}: {p}"])),
                       min_size=1, max_size=5, unique_by=lambda t: t[0]),
       picks=st.lists(st.integers(0, 100), min_size=1, max_size=8), suffix=FORMATS,
       where=st.sampled_from(["under", "sheet"]))
def test_a_files_legend_gives_its_symbols_their_levels(legend, picks, suffix, where):
    """Lines "😊 = Målet är uppfyllt" under the table (or on a sheet of their own) make the
    file's vocabulary: each symbol gets its phrase's level, and each line is a note."""
    chosen = [legend[p % len(legend)] for p in picks]
    rows: list[list[object]] = [["Nämnd", "År", "Utvecklingsmål", "Bedömning"]]
    rows += [["KS", 2024, f"Mål nummer {i}", s] for i, (s, _, _) in enumerate(chosen)]
    lines = [[form.format(s=s, p=phrase)] for s, (phrase, _), form in legend]
    if where == "sheet" and suffix != ".csv":
        with tempfile.TemporaryDirectory() as tmp:
            sheets = {"Mål": rows, "Teckenförklaring": [["Teckenförklaring"], *lines]}
            path = (write_xlsx if suffix == ".xlsx" else write_ods)(Path(tmp) / f"m{suffix}",
                                                                    sheets)
            goals, report = sa.load(path, "goals")
    else:
        goals, report = _read(suffix, [*rows, [], *lines])
    assert report.problems == []
    assert [None if pd.isna(v) else int(v) for v in goals["niva"]] == [
        level for _, (_, level), _ in chosen]
    taken = [n for n in report.notes if "teckenförklaringen" in n]
    assert len(taken) == len(legend)


NOTATION = st.sampled_from([("Minst {n} %", "hogre", "%"), ("Max {n} %", "lagre", "%"),
                            ("≥ {n}", "hogre", None), ("≤{n}", "lagre", None),
                            ("> {n}", "hogre", None), ("Lägst {n}", "hogre", None),
                            ("Högst {n} kr", "lagre", "kr"), ("{n}", None, None)])


def _swedish(number: float) -> str:
    return f"{number:.1f}".replace(".", ",")


@SETTINGS
@given(targets=st.lists(st.tuples(NOTATION, st.integers(0, 99999)), min_size=1, max_size=10),
       value_year=st.booleans(), suffix=FORMATS)
def test_targets_and_values_written_with_words_round_trip(targets, value_year, suffix):
    rows: list[list[object]] = [["Nämnd", "Indikator", "Målvärde", "Värde"]]
    for i, ((form, _, _), tenths) in enumerate(targets):
        value = _swedish(tenths / 10) + (f" ({2000 + i})" if value_year else "")
        rows.append(["KS", f"Indikator {i}", form.format(n=_swedish(tenths / 10)), value])
    frame, report = _read(suffix, rows, '[[files]]\nglob = "mal*"\nar = 2030\n', "indicators")
    assert report.problems == []
    assert frame["malvarde"].tolist() == [t / 10 for _, t in targets]
    assert frame["varde"].tolist() == [t / 10 for _, t in targets]
    assert [None if pd.isna(r) else r for r in frame["riktning"]] == [r for (_, r, _), _ in
                                                                      targets]
    assert [None if pd.isna(u) else u for u in frame["enhet"]] == [u for (_, _, u), _ in
                                                                   targets]
    assert frame["ar"].tolist() == ([2000 + i for i in range(len(targets))] if value_year
                                    else [2030] * len(targets))


KON_NAMES = st.sampled_from([("Kvinnor", "Män"), ("kvinnor", "män"), ("Flickor", "Pojkar"),
                             ("K", "M")])


@SETTINGS
@given(indicators=st.lists(st.tuples(st.booleans(), st.booleans(), KON_NAMES,
                                     st.lists(st.integers(0, 999), min_size=6, max_size=6)),
                           min_size=1, max_size=6),
       suffix=FORMATS)
def test_kon_rows_round_trip(indicators, suffix):
    """Each indicator with a total or not, and with kön rows or not: every value comes back
    under its indicator and kön, and no row is an indicator named after a kön."""
    rows: list[list[object]] = [["Indikator", 2022, 2023]]
    expected = []
    for i, (total, by_kon, (women, men), values) in enumerate(indicators):
        name = f"Indikator nummer {i}"
        rows.append([name, *(values[:2] if total or not by_kon else [None, None])])
        if total or not by_kon:
            expected += [(name, "T", 2022, values[0]), (name, "T", 2023, values[1])]
        if by_kon:
            rows += [[women, *values[2:4]], [men, *values[4:6]]]
            expected += [(name, "K", 2022, values[2]), (name, "K", 2023, values[3]),
                         (name, "M", 2022, values[4]), (name, "M", 2023, values[5])]
    frame, report = _read(suffix, rows, '[[files]]\nglob = "mal*"\nnamnd = "Socialnämnden"\n',
                          "indicators")
    assert report.problems == []
    got = sorted(zip(frame["indikator"], frame["kon"], frame["ar"], frame["varde"],
                     strict=True))
    assert got == sorted((n, k, y, float(v)) for n, k, y, v in expected)


KON_FORMS = st.sampled_from(["years_over_kon", "kon_over_years", "one_cell"])


@SETTINGS
@given(values=st.lists(st.lists(st.integers(0, 999), min_size=6, max_size=6), min_size=1,
                       max_size=5),
       years=st.lists(st.integers(2010, 2030), min_size=1, max_size=3, unique=True),
       total=st.booleans(), names=KON_NAMES, form=KON_FORMS, suffix=FORMATS)
def test_kon_columns_under_years_round_trip(values, years, total, names, form, suffix):
    """A column per year and kön ("2022" over "Kvinnor | Män", "Kvinnor" over "2022 | 2023",
    or "2022 Kvinnor"): each value comes back for its indicator, year and kön; a "Totalt"
    column is the year's total."""
    kons = [("Totalt", "T")] * total + list(zip(names, ("K", "M"), strict=True))
    pairs = ([(y, k) for y in years for k in kons] if form != "kon_over_years"
             else [(y, k) for k in kons for y in years])
    if form == "one_cell":
        head = [["Indikator", *(f"{y} {word}" for y, (word, _) in pairs)]]
    elif form == "years_over_kon":
        head = [["Indikator", *(y if i % len(kons) == 0 else None
                                for i, (y, _) in enumerate(pairs))],
                [None, *(word for _, (word, _) in pairs)]]
    else:
        head = [["Indikator", *(word if i % len(years) == 0 else None
                                for i, (_, (word, _)) in enumerate(pairs))],
                [None, *(y for y, _ in pairs)]]
    rows: list[list[object]] = list(head)
    expected = []
    for i, row in enumerate(values):
        cells = [(row * 2)[j] for j in range(len(pairs))]
        rows.append([f"Indikator nummer {i}", *cells])
        expected += [(f"Indikator nummer {i}", code, y, float(v))
                     for (y, (_, code)), v in zip(pairs, cells, strict=True)]
    frame, report = _read(suffix, rows, '[[files]]\nglob = "mal*"\nnamnd = "Socialnämnden"\n',
                          "indicators")
    assert report.problems == []
    assert not [n for n in report.notes if "användes inte" in n]
    got = sorted(zip(frame["indikator"], frame["kon"], frame["ar"], frame["varde"],
                     strict=True))
    assert got == sorted(expected)
