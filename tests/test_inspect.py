"""``styranalys inspect``: how each sheet was read, for a person who never saw the code.

Run on real files as a user runs it; the draft profile it prints, filled in where it asks,
makes ``validate`` pass.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT, run_cli, write_xlsx

from styranalys.cli import main

REAL = ROOT / "tests" / "data" / "real"
LUND = "lund_arsredovisning_2023_kf_mal.xlsx"


def _lund(tmp: Path) -> Path:
    folder = tmp / "lund"
    folder.mkdir()
    shutil.copy(REAL / LUND, folder / LUND)
    return folder


def test_inspect_shows_header_columns_titles_and_a_draft_profile(tmp_path: Path):
    result = run_cli("inspect", str(_lund(tmp_path)))
    out = result.stdout
    assert result.returncode == 1, result.stderr
    # each sheet: what it is, its title rows, the header row and each column's fate
    assert f"{LUND}, blad Nämndernas utvecklingsmål" in out
    assert "Titelrad 1: Lunds kommun – Årsredovisning 2023" in out
    assert "Rubrikrad: rad 4" in out and "Rubrikrad: rad 10" in out
    lines = [line.strip() for line in out.splitlines()]
    assert any(line.startswith("C  Utvecklingsmål") and line.endswith("→ mal (målets text)")
               for line in lines)
    assert any(line.startswith("C  Målbedömning i årsrapport") and line.endswith(
        "→ bedomning (bedömningen)") for line in lines)
    assert any(line.startswith("B  Symbol") and line.endswith("→ används inte")
               for line in lines)
    assert "Nämnd: kolumnen Nämnd (D); År: saknas" in out
    assert "Måltyp: utvecklingsmal (rubriken)" in out
    assert "Nämnd: Kommunfullmäktige (bladets namn eller rubrik); År: 2023" in out
    assert "Rader: 2 datarader under rubriken gav 0 rader i tabellen." in out
    # the draft takes the file's own words: the workbook's year, a placeholder for the rest
    assert '  sheet = "Nämndernas utvecklingsmål"\n  ar = 2023' in out
    assert '  sheet = "Kommunfullmäktiges mål"\n  maltyp = "<måltypen, med kommunens ord>"' \
        in out


def test_inspect_json_carries_the_same(tmp_path: Path, capsys):
    capsys.readouterr()
    assert main(["inspect", str(_lund(tmp_path)), "--json"]) == 1
    found = json.loads(capsys.readouterr().out)
    sheets = {s["sheet"]: s for s in found["blad"]}
    second = sheets["Nämndernas utvecklingsmål"]
    assert second["status"] == "läst" or second["status"] == "problem"
    assert second["header_row"] == 4
    assert [(c["column"], c["heading"], c["field"], c["used"]) for c in second["columns"]] == [
        ("A", "Kommunfullmäktiges mål", None, False), ("B", "Symbol", None, False),
        ("C", "Utvecklingsmål", "mal", True), ("D", "Nämnd", "namnd", True),
        ("E", "Målbedömning", "bedomning", True)]
    assert second["said"]["ar"] == [None, ""]
    assert sheets["Kommunfullmäktiges mål"]["codes"] == ["saknas_maltyp"]
    assert "ar = 2023" in found["profilutkast"]
    assert found["rader"] == {"goals": 0, "indicators": 0}


def test_the_draft_filled_in_makes_validate_pass(tmp_path: Path, capsys):
    """inspect -> profile -> inspect …: each round the draft holds the whole profile and
    what the read now sees missing; the user fills in only the placeholders."""
    folder = _lund(tmp_path)
    filled = {'"?"': "4", '"<måltypen, med kommunens ord>"': '"inriktningsmål"'}
    drafts = []
    for _ in range(5):
        capsys.readouterr()
        main(["inspect", str(folder), "--json"])
        draft = json.loads(capsys.readouterr().out)["profilutkast"]
        if not draft:
            break
        drafts.append(draft)
        for placeholder, value in filled.items():
            draft = draft.replace(placeholder, value)
        (folder / "styranalys.toml").write_text(draft, encoding="utf-8")
    assert len(drafts) == 1
    assert "ar = 2023" in drafts[0] and 'maltyp = "<måltypen' in drafts[0]
    capsys.readouterr()
    assert main(["validate", str(folder)]) == 0, capsys.readouterr().out
    assert "Läste 4 målrader" in capsys.readouterr().out


def test_inspect_a_sheet_that_is_plainly_not_data_and_a_broken_profile(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    write_xlsx(data / "mal.xlsx", {
        "Mål": [["Nämnd", "År", "Utvecklingsmål", "Bedömning"], ["KS", 2023, "A", "Uppfyllt"]],
        "Teckenförklaring": [["Teckenförklaring"], ["Grön = uppfyllt"]], "Tomt": [[]]})
    out = run_cli("inspect", str(data)).stdout
    assert "blad Teckenförklaring\n  Lästes inte (inga data): bladet är en teckenförklaring" in out
    assert "blad Tomt\n  Lästes inte (inga data): bladet är tomt." in out
    assert "blad Mål\n  Läst som måltabell" in out
    (data / "styranalys.toml").write_text("[files]\nglob = 3\n", encoding="utf-8")
    broken: subprocess.CompletedProcess[str] = run_cli("inspect", str(data))
    assert broken.returncode == 1
    assert "styranalys.toml, rad 1: files ska skrivas som [[files]]" in broken.stdout


def test_a_phrase_without_a_level_is_a_placeholder_in_the_draft(tmp_path: Path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    write_xlsx(data / "mal.xlsx", {"Utvecklingsmål": [
        ["Nämnd", "År", "Mål", "Bedömning"], ["KS", 2023, "Trygg kommun", "Helt i mål"],
        ["KS", 2023, "Fler i arbete", "helt i mål!"], ["KS", 2023, "Ren luft", "😊"]]})
    capsys.readouterr()
    main(["inspect", str(data), "--json"])
    draft = json.loads(capsys.readouterr().out)["profilutkast"]
    # each phrase once ("helt i mål!" is the same), the symbol as its own key
    assert draft.splitlines()[1:] == ['"Helt i mål" = "?"', '"😊" = "?"']
    (data / "styranalys.toml").write_text(draft.replace('"?"', "4"), encoding="utf-8")
    assert main(["validate", str(data)]) == 0
