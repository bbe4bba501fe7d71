"""``styranalys.toml``: what a folder's files do not say, read by every command and reader.

Real files in temporary folders; ``validate``, ``inspect`` and ``build`` run as a user runs
them, with a profile, with a broken one and without one.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import build_command, write_csv, write_xlsx

import styranalys as sa
from styranalys.cache import prepare
from styranalys.cli import main

#: A goal table that says neither nämnd, year nor goal type.
ROWS = [["Mål", "Bedömning"], ["Fler i arbete", "I hög grad uppfyllt"],
        ["Trygg kommun", "Uppfyllt"]]

PROFILE = """\
[vocabulary]                      # fras = nivå
"I hög grad uppfyllt" = 3

[[files]]
glob = "mal_*.xlsx"
namnd = "Kommunfullmäktige"
ar = 2023
maltyp = "inriktningsmål"
"""


def _data(tmp: Path, profile: str | None = PROFILE) -> Path:
    data = tmp / "data"
    data.mkdir()
    write_xlsx(data / "mal_2023.xlsx", {"Mål": ROWS})
    if profile is not None:
        (data / "styranalys.toml").write_text(profile, encoding="utf-8")
    return data


def test_a_profile_at_the_top_of_the_folder_says_what_the_files_do_not(tmp_path: Path):
    goals = sa.read_goals(_data(tmp_path))
    assert goals[["namnd", "ar", "period", "maltyp", "mal", "niva"]].values.tolist() == [
        ["Kommunfullmäktige", 2023, "bokslut", "inriktningsmal", "Fler i arbete", 3],
        ["Kommunfullmäktige", 2023, "bokslut", "inriktningsmal", "Trygg kommun", 4]]
    # a file named directly takes the profile beside it too
    assert len(sa.read_goals(tmp_path / "data" / "mal_2023.xlsx")) == 2


def test_the_files_own_words_and_the_callers_come_before_the_profile(tmp_path: Path):
    data = _data(tmp_path)
    write_xlsx(data / "mal_2022.xlsx", {"Mål": [["Socialnämnden – mål 2022"], [], *ROWS]})
    goals = sa.read_goals(data, ar=2021)
    by_file = goals.groupby(goals["kalla"].str.split(":").str[0])
    assert by_file["namnd"].first().to_dict() == {"mal_2022.xlsx": "Socialnämnden",
                                                  "mal_2023.xlsx": "Kommunfullmäktige"}
    # the title's year first; then the call's, before the profile's 2023
    assert by_file["ar"].first().to_dict() == {"mal_2022.xlsx": 2022, "mal_2023.xlsx": 2021}


def test_a_rule_for_one_sheet_and_a_profile_named_elsewhere(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    write_xlsx(data / "mal.xlsx", {"KF": ROWS, "KS": ROWS})
    elsewhere = tmp_path / "profiler" / "kommun.toml"
    elsewhere.parent.mkdir()
    elsewhere.write_text('[vocabulary]\n"I hög grad uppfyllt" = 3\n\n'
                         '[[files]]\nglob = "mal.xlsx"\nar = 2023\nmaltyp = "utvecklingsmal"\n'
                         'namnd = "Kommunfullmäktige"\n\n'
                         '[[files]]\nglob = "mal.xlsx"\nsheet = "KS"\n'
                         'namnd = "Kommunstyrelsen"\n', encoding="utf-8")
    goals = sa.read_goals(data, profile=elsewhere)
    assert goals["namnd"].tolist() == ["Kommunfullmäktige"] * 2 + ["Kommunstyrelsen"] * 2
    assert main(["validate", str(data), "--profile", str(elsewhere)]) == 0
    assert main(["validate", str(data)]) == 1  # without it, nämnd and year are missing


@pytest.mark.parametrize(("text", "line", "words"), [
    ('[vocabulary]\n"Klart" = 5\n', 2, "Nivån för 'Klart' är 5"),
    ('[headers]\nnamn = ["Ansvarig"]\n', 2, "'namn' är ingen kolumn"),
    ('[vocabular]\n"Klart" = 4\n', 1, "Okänd nyckel 'vocabular'"),
    ('[[files]]\nglob = "mal_*.xlsx"\nnamnd = "KF"\nar = 2023\nblad = "Mål"\n', 5,
     "Okänd nyckel 'blad' under [[files]]"),
    ('# kommunens profil\n[[files]]\nglob = "nynashamn_*.xlsx"\nar = 2023\n', 2,
     "glob 'nynashamn_*.xlsx' passar ingen fil"),
    ('[[files]]\nglob = "mal_*.xlsx"\nsheet = "Mål 2021"\nar = 2023\n', 3,
     "Bladet 'Mål 2021' finns inte i 'mal_*.xlsx'"),
    ('[[files]]\nglob = "mal_*.xlsx"\nar = "2023"\n', 3, "ar ska vara ett årtal"),
    ('[[files]]\nglob = "mal_*.xlsx"\nperiod = "tertial"\n', 3, "period 'tertial'"),
    ('[vocabulary]\n"Klart = 4\n', 2, "går inte att läsa som TOML"),
    ('[analys]\nuppfyllda = [3, 5]\n', 2, "uppfyllda ska vara nivåer 1–4"),
    ('[analys]\nindikatorer = 80\n', 2, "indikatorer ska vara en andel mellan 0 och 1"),
    ('[analys]\nuppfylld = [4]\n', 2, "Okänd nyckel 'uppfylld' under [analys]"),
])
def test_each_mistake_in_a_profile_is_located_before_anything_is_read(
        text: str, line: int, words: str, tmp_path: Path, capsys):
    data = _data(tmp_path, text)
    goals, report = sa.load(data, "goals")
    assert goals.empty
    [problem] = report.problems
    assert (problem.file, problem.row, problem.code) == ("styranalys.toml", line, "profil")
    assert words in problem.message and problem.hint
    capsys.readouterr()
    assert main(["validate", str(data), "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert [(p["file"], p["row"]) for p in payload["problem"]] == [("styranalys.toml", line)]
    with pytest.raises(sa.InputError):
        sa.read_goals(data)
    with pytest.raises(sa.InputError):
        prepare(data, None)


def test_a_missing_profile_named_by_the_user_is_a_usage_error(tmp_path: Path, capsys):
    data = _data(tmp_path, None)
    assert main(["validate", str(data), "--profile", str(tmp_path / "finns-inte.toml")]) == 2
    assert "finns-inte.toml" in capsys.readouterr().err


def test_the_profile_is_part_of_the_cache_key(tmp_path: Path):
    data = _data(tmp_path)
    out = tmp_path / "processed"
    first = prepare(data, out)
    assert first.goals["niva"].tolist() == [3, 4] and first.profile
    (data / "styranalys.toml").write_text(PROFILE.replace('" = 3', '" = 2'), encoding="utf-8")
    second = prepare(data, out)
    assert second.goals["niva"].tolist() == [2, 4]  # not the cached 3
    assert second.profile != first.profile
    assert prepare(data, out).cache_misses == 0  # unchanged: all from the cache


def test_commands_take_the_profile(tmp_path: Path, capsys):
    data = _data(tmp_path)
    assert main(["prepare", str(data), "--out", str(tmp_path / "p")]) == 0
    assert main(["export", "xlsx", "--data", str(data), "--out", str(tmp_path / "t.xlsx")]) == 0
    profile = data / "styranalys.toml"
    moved = profile.rename(tmp_path / "annan.toml")
    assert main(["export", "csv", "--data", str(data), "--out", str(tmp_path / "csv")]) == 1
    assert main(["export", "csv", "--data", str(data), "--out", str(tmp_path / "csv"),
                 "--profile", str(moved)]) == 0
    assert "Kommunfullmäktige" in (tmp_path / "csv" / "mal.csv").read_text(encoding="utf-8-sig")


def test_validate_prints_notes_under_the_problems_and_json_carries_them(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    write_csv(data / "mal.csv", [["Nämnd", "År", "Utvecklingsmål", "Bedömning", "Ansvarig"],
                                 ["KS", "2023", "Fler i arbete", "Uppfyllt", "Anna"],
                                 ["KS", "2023", "Trygg kommun", "Okänt ord", "Bo"],
                                 [], ["Datakälla: egen uppföljning"]])
    capsys.readouterr()
    assert main(["validate", str(data)]) == 1
    out = capsys.readouterr().out
    assert out.index("1 problem:") < out.index("Noteringar (2):")
    assert "kolumnen Ansvarig (E) användes inte" in out
    assert "rad 5: anteckning 'Datakälla: egen uppföljning'" in out
    assert main(["validate", str(data), "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["antal"] == 1 and len(payload["noteringar"]) == 2


def test_build_with_a_profile_a_broken_profile_and_none(tmp_path: Path):
    data = _data(tmp_path)
    out = tmp_path / "reports"
    def build() -> subprocess.CompletedProcess[str]:
        return build_command("--data", str(data), "--out", str(out), "--jobs", "1",
                             cwd=tmp_path)

    built = build()
    assert built.returncode == 0, built.stdout + built.stderr
    page = (out / "2023" / "namndrapport-kommunfullmaktige.html").read_text(encoding="utf-8")
    assert "Trygg kommun" in page
    again = build()
    assert "oförändrad" in again.stdout
    # a changed profile is a changed key: the reports are built again
    profile = data / "styranalys.toml"
    profile.write_text(profile.read_text(encoding="utf-8") + '\n[headers]\nkommentar = '
                       '["Anteckning"]\n', encoding="utf-8")
    changed = build()
    assert changed.returncode == 0 and "oförändrad" not in changed.stdout
    profile.write_text('[[files]]\nglob = "mal_*.xlsx"\nar = 2030\nnamn = "KF"\n',
                       encoding="utf-8")
    broken = build()
    assert broken.returncode == 1
    assert "styranalys.toml, rad 4: Okänd nyckel 'namn' under [[files]]" in broken.stdout
    profile.unlink()
    none = build()
    assert none.returncode == 1 and "Nämnd saknas" in none.stdout


def test_read_kolada_takes_the_profiles_headings(tmp_path: Path):
    data = tmp_path / "kolada"
    data.mkdir()
    write_csv(data / "export.csv", [["Nyckeltalskod", "Kommun", "År", "Värde"],
                                    ["N03702", "1885 Lindesberg", "2019", "612,3"]])
    with pytest.raises(sa.InputError, match="Hittade inga Kolada-data"):
        sa.read_kolada(data)
    (data / "styranalys.toml").write_text('[headers]\nindikator_id = ["Nyckeltalskod"]\n',
                                          encoding="utf-8")
    values = sa.read_kolada(data)
    assert values[["indikator_id", "ar", "varde"]].values.tolist() == [["N03702", 2019, 612.3]]
    (data / "styranalys.toml").write_text('[headers]\nkpi = ["Nyckeltalskod"]\n',
                                          encoding="utf-8")
    with pytest.raises(sa.InputError) as info:
        sa.read_kolada(data)
    assert [(p.file, p.row) for p in info.value.problems] == [("styranalys.toml", 2)]


def test_the_municipalitys_own_counting_rule_is_used_and_said(tmp_path: Path):
    """[analys] in the profile: the overview counts fulfilled goals by the municipality's
    rule, and says it does, in its words."""
    from styranalys import report

    rule = ('[analys]\nuppfyllda = [3, 4]\n'
            'regel = "Ett mål räknas som uppfyllt på nivå 3 och 4."\n')
    data = _data(tmp_path, PROFILE + rule)
    out = tmp_path / "processed"
    prepare(data, out)
    saved = report.counting_rule(out)
    assert saved == {"uppfyllda": [3, 4], "indikatorer": None,
                     "text": "Ett mål räknas som uppfyllt på nivå 3 och 4."}
    goals, indicators = sa.read_prepared(out)
    table = report.overview_table(goals, 2023, "bokslut", indicators, saved)
    row = table.iloc[0]
    assert (row["Uppfyllda"], row["Uppfyllda enligt kommunens regel"]) == (
        "50\u00a0%", "100\u00a0%")  # levels 3 and 4 as the rule says; 4 only beside it
    assert report.rule_note(saved).text == (
        'Kolumnen "Uppfyllda enligt kommunens regel" räknar med kommunens egen regel i '
        "styranalys.toml: Ett mål räknas som uppfyllt på nivå 3 och 4.")
    assert report.counting_rule(tmp_path / "ingen") is None
    assert "Uppfyllda enligt kommunens regel" not in report.overview_table(goals, 2023).columns
