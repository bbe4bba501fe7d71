"""Hostile and broken input: every file gets a clear answer; nothing crashes or vanishes.

The files are in tests/data/hostile/, written by scripts/make_hostile_corpus.py.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import ROOT

import styranalys as sa
from styranalys.export import to_csv, to_excel
from styranalys.problems import column_letter

HOSTILE = ROOT / "tests" / "data" / "hostile"


def problems(path: Path, kind: str = "goals") -> list[sa.Problem]:
    with pytest.raises(sa.InputError) as info:
        sa.read_goals(path) if kind == "goals" else sa.read_indicators(path)
    assert all(p.file == path.name for p in info.value.problems)
    return info.value.problems


@pytest.mark.parametrize("name, says", [
    ("csv_renamed.xlsx", "textfil (kanske CSV)"), ("html_renamed.xlsx", "webbsida (HTML)"),
    ("pdf_renamed.xlsx", "PDF"), ("empty.xlsx", "tom"), ("truncated.xlsx", "avkortad"),
    ("password.xlsx", "lösenordsskyddad"),
])
def test_not_a_spreadsheet_says_what_the_file_really_is(name: str, says: str):
    (problem,) = problems(HOSTILE / name)
    assert says in problem.message
    assert problem.hint  # what to do instead
    text = str(sa.InputError([problem]))
    for raw in ("Traceback", "BadZipFile", "zipfile", "olefile", "Error:"):
        assert raw not in text


def test_an_old_xls_is_read():
    goals = sa.read_goals(HOSTILE / "old.xls")
    assert goals["mal"].tolist() == ["Ökad nöjdhet inom äldreomsorgen"] * 2
    assert goals["niva"].tolist() == [4, 2]


@pytest.mark.parametrize("name", ["billion_laughs.xlsx", "xxe.xlsx", "xxe_workbook.xlsx"])
def test_xml_attacks_are_refused(name: str):
    (problem,) = problems(HOSTILE / name)
    assert problem.code == "xml" and "attack" in problem.message


def test_xml_is_parsed_through_defusedxml_and_before_any_other_parser():
    import zipfile

    import defusedxml
    import openpyxl.xml
    from defusedxml import DefusedXmlException

    from styranalys.read.guard import sheet_names

    assert defusedxml.__version__
    assert openpyxl.xml.DEFUSEDXML is True  # openpyxl (the fallback) uses it where it can
    # The workbook manifest is parsed by defusedxml, which refuses entity declarations.
    with zipfile.ZipFile(HOSTILE / "xxe_workbook.xlsx") as zf, pytest.raises(
            DefusedXmlException):
        sheet_names(zf)
    requires = {r.split(">")[0].split("[")[0].strip().lower()
                for r in __import__("importlib.metadata").metadata.requires("styranalys")
                if "extra ==" not in r}
    assert "defusedxml" in requires  # a hard dependency


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("name, code", [
    *((name, "storlek") for name in [
        "bomb.xlsx", "xfd1048576.xlsx", "far_cell_small_dimension.xlsx", "area.xlsx",
        # calamine places these cells as far out as area.xlsx's
        "area_rows_out_of_order.xlsx", "area_lower_case_ref.xlsx",
        "area_single_quoted_ref.xlsx", "area_prefixed_tags.xlsx",
        "area_cells_without_ref.xlsx", "area_repeated_ref.xlsx", "area.ods"]),
    # the far cell hidden past the sheet's declared size: calamine's zip reader refuses it
    ("area_past_declared_size.xlsx", "trasig")])
def test_size_attacks_are_refused_in_little_memory(name: str, code: str):
    # ru_maxrss survives exec (a child of a large pytest process inherits its peak), so the
    # child resets its high-water mark first and reads VmHWM: its own imports and the read.
    script = f"""
with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")
import json
import styranalys as sa
try:
    sa.read_goals({str(HOSTILE / name)!r})
    outcome = "read"
except sa.InputError as err:
    outcome = err.problems[0].code
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({{"outcome": outcome, "peak_mb": peak / 1024}}))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr  # the process was not aborted
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["outcome"] == code
    # bound by memory, not the clock: the guard refuses before anything is unpacked
    assert out["peak_mb"] < 300


def test_a_sheet_without_cell_references_is_read_like_one_with_them():
    # Some generators leave out r="A1"; calamine then places cells in order, and so does
    # the extent check (it counts such a sheet tag by tag instead of trusting a scan).
    plain = sa.read_goals(HOSTILE / "ok.xlsx")
    bare = sa.read_goals(HOSTILE / "no_references.xlsx")
    columns = ["namnd", "ar", "mal", "bedomning", "niva"]
    assert bare[columns].equals(plain[columns])
    assert bare["kalla"].str.replace("no_references", "ok").tolist() == plain["kalla"].tolist()


def test_the_extent_check_counts_what_calamine_allocates(tmp_path: Path):
    from python_calamine import CalamineWorkbook

    from styranalys.read.extent import _exact_extent

    # On files calamine can open without harm, the exact count is calamine's own corner,
    # also where a tag has two r (calamine takes the last) or a cell after it has none.
    with zipfile.ZipFile(HOSTILE / "ok.xlsx") as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>", b'<row r="9"><c r="A9" r="F9"><v>1</v></c><c><v>2</v></c></row>'
                         b"</sheetData>")
    twice = tmp_path / "twice.xlsx"
    with zipfile.ZipFile(twice, "w") as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    for path in (HOSTILE / "ok.xlsx", HOSTILE / "no_references.xlsx",
                 HOSTILE / "merged_header.xlsx", twice):
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        with zipfile.ZipFile(path) as zf:
            xml = zf.read("xl/worksheets/sheet1.xml")
        max_row, max_col, stopped = _exact_extent(xml, sa.ReadLimits())
        assert (max_row - 1, max_col - 1) == sheet.end and not stopped
    assert sheet.end == (8, 6)  # G9: the cell after F9


def test_the_fast_scan_knows_every_column_up_to_its_limit():
    import re

    from styranalys.problems import column_letter
    from styranalys.read.extent import _columns_up_to

    every = [column_letter(c - 1).encode() for c in range(1, 18_279)]  # A .. ZZZ
    for n in (1, 25, 26, 27, 50, 52, 500, 701, 702, 703, 5_000, 16_384, 18_278):
        pattern = re.compile(b"(?:" + _columns_up_to(n) + b")$")
        assert [c for c, letters in enumerate(every, 1) if pattern.match(letters)] == \
            list(range(1, n + 1))


def test_a_national_table_wider_than_z_is_bounded_without_counting_every_cell():
    from styranalys.read.extent import _plain_bound

    # 35 columns (to AI) and 30 000 rows: neither A..Z nor a 4-digit row fits; the scan
    # widens at the header row's AA1 to 50 columns of 6-digit rows and holds there.
    header = "".join(f'<c r="{column_letter(c)}1" t="s"><v>0</v></c>'
                     for c in range(35))
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="AI{r}"><v>2</v></c></row>'
                   for r in range(2, 30_001, 997))
    xml = f"<sheetData><row r=\"1\">{header}</row>{body}</sheetData>".encode()
    assert _plain_bound(lambda: [xml], None, sa.ReadLimits()) == (50, 6)
    assert _plain_bound(lambda: [xml], (35, 30_000), sa.ReadLimits()) == (50, 6)
    # Out to column WB (600) with 5-digit rows, no shape fits the limits: cells are counted.
    wide = xml.replace(b'r="AI', b'r="WB')
    assert _plain_bound(lambda: [wide], None, sa.ReadLimits()) is None


def test_the_empty_tail_libreoffice_writes_to_every_ods_is_no_extent(tmp_path: Path):
    # LibreOffice ends each sheet with a million empty rows, written as one repeated row;
    # cells without a value are no extent, so the file reads as before.
    with zipfile.ZipFile(HOSTILE / "hidden_row.ods") as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    tail = (b'<table:table-row table:number-rows-repeated="1048573"><table:table-cell '
            b'table:number-columns-repeated="1024"/></table:table-row></table:table>')
    members["content.xml"] = members["content.xml"].replace(b"</table:table>", tail, 1)
    path = tmp_path / "tail.ods"
    with zipfile.ZipFile(path, "w") as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    assert len(sa.read_goals(path)) == len(sa.read_goals(HOSTILE / "hidden_row.ods")) == 2


def test_limits_are_configurable(tmp_path: Path):
    tight = sa.ReadLimits(max_rows=2)
    with pytest.raises(sa.InputError) as info:
        sa.read_goals(HOSTILE / "ok.xlsx", limits=tight)
    assert info.value.problems[0].code == "storlek"
    # The message names the sheet as it is called (numbers get spaces, names keep "_").
    wb = openpyxl.Workbook()
    wb.active.title = "Mål_2021"
    wb.active.append(["Nämnd", "År", "Utvecklingsmål", "Bedömning"])
    for year in range(2019, 2024):
        wb.active.append(["Socialnämnden", year, "Ökad nöjdhet", "Uppfyllt"])
    wb.save(tmp_path / "u.xlsx")
    with pytest.raises(sa.InputError) as info:
        sa.read_goals(tmp_path / "u.xlsx", limits=sa.ReadLimits(max_rows=4, max_cells=1_000))
    assert "Bladet Mål_2021 " in info.value.problems[0].message
    assert "gränsen 4 rader eller 16\u00a0384 kolumner" in info.value.problems[0].message


def test_merged_header_cells_and_a_namnd_merged_down():
    ind = sa.read_indicators(HOSTILE / "merged_header.xlsx")
    assert ind["ar"].tolist() == [2022, 2023, 2024, 2022, 2023, 2024]
    assert ind["varde"].tolist() == [31, 29, 27.5, 80, 82, 84]
    assert set(ind["namnd"]) == {"Socialnämnden"}


def test_hidden_rows_and_sheets_are_read_and_reported():
    goals = sa.read_goals(HOSTILE / "hidden_rows_and_sheet.xlsx")
    assert len(goals) == 3  # two rows (one hidden) and the hidden sheet's row
    notes = " ".join(goals.attrs["styranalys"]["notes"])
    assert "dolda rader" in notes and "rad 3" in notes
    assert "blad Dolt: bladet är dolt" in notes


def test_hidden_rows_in_ods_are_read_and_reported():
    goals = sa.read_goals(HOSTILE / "hidden_row.ods")
    assert goals["ar"].tolist() == [2023, 2024]
    notes = " ".join(goals.attrs["styranalys"]["notes"])
    assert "blad Mål & mått, 1 dolda rader" in notes and "rad 3" in notes


def test_formula_cached_value_is_used_and_a_missing_one_is_a_problem():
    ind = sa.read_indicators(HOSTILE / "formula_with_cached_value.xlsx")
    assert ind.loc[ind["ar"] == 2024, "varde"].tolist() == [11.0]
    (problem,) = problems(HOSTILE / "formula_without_value.xlsx", "indicators")
    assert (problem.code, problem.column, problem.row) == ("formel_utan_varde", "D", 2)
    # The same in OpenDocument (calamine reads it as blank there too).
    (problem,) = problems(HOSTILE / "formula_without_value.ods", "indicators")
    assert (problem.code, problem.column, problem.row) == ("formel_utan_varde", "D", 2)


def test_error_cells_are_problems_with_their_cell():
    (problem,) = problems(HOSTILE / "error_cells.xlsx", "indicators")
    assert (problem.code, problem.column, problem.row) == ("felvarde", "D", 2)


def test_error_values_typed_as_text_are_problems_too(tmp_path: Path):
    path = tmp_path / "fel.csv"
    path.write_text("Indikator;Nämnd;2023;2024\nKostnad;SN;10;#DIV/0!\n", encoding="utf-8")
    (problem,) = problems(path, "indicators")
    assert problem.code == "felvarde" and (problem.column, problem.row) == ("D", 2)


@pytest.mark.parametrize("name, cell", [("date_as_year.xlsx", ("B", 2)),
                                        ("text_year.xlsx", ("B", 2))])
def test_a_date_or_text_where_a_year_was_expected(name: str, cell: tuple[str, int]):
    (problem,) = problems(HOSTILE / name)
    assert problem.code == "ar" and (problem.column, problem.row) == cell


def test_duplicated_header_names():
    (problem,) = problems(HOSTILE / "duplicate_headers.xlsx")
    assert problem.code == "dubbel_rubrik" and "D och E" in problem.message


def test_long_text_emoji_and_right_to_left_text_round_trip():
    long = sa.read_goals(HOSTILE / "long_text.xlsx")
    assert long["mal"].iloc[0] == ("Kommunen ska arbeta för en hållbar utveckling " * 50)[
        :2000].strip()
    texts = sa.read_goals(HOSTILE / "emoji_rtl.xlsx")["mal"].tolist()
    assert texts == ["Fler nöjda brukare 😊👍", "مرحبا بالجميع – integration"]


def test_a_header_row_repeated_in_the_data():
    goals = sa.read_goals(HOSTILE / "repeated_header.xlsx")
    assert goals["ar"].tolist() == [2023, 2024]
    assert any("upprepad rubrikrad" in n for n in goals.attrs["styranalys"]["notes"])


@pytest.mark.parametrize("name", ["utf8.csv", "utf8_bom.csv", "cp1252.csv",
                                  "excel_unicode_text.txt"])
def test_csv_encodings_are_detected_never_mangled(name: str):
    goals = sa.read_goals(HOSTILE / name)
    assert goals["namnd"].tolist() == ["Socialnämnden"] * 2
    assert goals["mal"].iloc[0] == "Ökad nöjdhet inom äldreomsorgen"
    assert not goals["mal"].str.contains("Ã").any()


TRIGGERS = ["=HYPERLINK(\"http://example.invalid\",\"klicka\")", "+46 70", "-1+2",
            "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "vanlig text"]


def test_written_xlsx_never_holds_a_formula(tmp_path: Path):
    frame = pd.DataFrame({"mal": TRIGGERS, "varde": range(len(TRIGGERS))})
    path = to_excel({"Mål": frame}, tmp_path / "ut.xlsx")
    ws = openpyxl.load_workbook(path)["Mål"]
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert [ws.cell(row=i + 2, column=1).value for i in range(len(TRIGGERS))] == TRIGGERS


def test_written_csv_escapes_formula_triggers(tmp_path: Path):
    import csv

    path = to_csv(pd.DataFrame({"mal": TRIGGERS}), tmp_path / "ut.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        values = [row[0] for row in csv.reader(fh, delimiter=";")][1:]
    for original, written in zip(TRIGGERS, values, strict=True):
        if original.startswith(("=", "+", "-", "@", "\t", "\r")):
            assert written == "'" + original
        else:
            assert written == original
    # and the exported file opens in Excel's reader (openpyxl via pandas) as plain text
    back = pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str)
    assert back["mal"].str.startswith(("'", "v")).all()


def test_a_killed_parquet_writer_leaves_the_old_file_intact(tmp_path: Path):
    target = tmp_path / "goals.parquet"
    ready = tmp_path / "ready"
    script = f"""
import pathlib, numpy as np, pandas as pd
from styranalys.cache import write_parquet
target = pathlib.Path({str(target)!r})
write_parquet(pd.DataFrame({{"a": [1, 2, 3]}}), target)
pathlib.Path({str(ready)!r}).touch()
big = pd.DataFrame({{"a": np.arange(30_000_000), "b": np.random.default_rng(0).random(30_000_000)}})
while True:
    write_parquet(big, target)
"""
    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.time() + 60
        while not ready.exists() and time.time() < deadline:
            time.sleep(0.05)
        assert ready.exists()
        # wait until a temporary file of the big write is on disk, then kill mid-write
        while not list(tmp_path.glob(".goals.parquet.*.tmp")) and time.time() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        proc.kill()
    back = pd.read_parquet(target)
    assert back["a"].tolist() == [1, 2, 3]


def test_the_corpus_script_covers_every_file_in_the_corpus():
    script = (ROOT / "scripts" / "make_hostile_corpus.py").read_text(encoding="utf-8")
    for path in HOSTILE.iterdir():
        assert f'files["{path.name}"]' in script, path.name


def test_a_damaged_xls_that_aborts_the_parser_does_not_take_down_the_process():
    # The parser itself aborts on this file (proven in a throwaway process) ...
    raw = subprocess.run([sys.executable, "-c", "from python_calamine import CalamineWorkbook;"
                          f"CalamineWorkbook.from_path({str(HOSTILE / 'damaged.xls')!r})"],
                         capture_output=True, timeout=60)
    assert raw.returncode < 0 or raw.returncode > 1
    # ... while reading it through styranalys is a plain InputError, and we live on.
    (problem,) = problems(HOSTILE / "damaged.xls")
    assert problem.code == "trasig" and ".xlsx" in problem.hint
    assert len(sa.read_goals(HOSTILE / "old.xls")) == 2
