"""Kolada's web-tool export, read by the same path as every sheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import layout_of

import styranalys as sa

HEAD = "Kommun;Nyckeltal;Nyckeltals-id;År;Kön;Värde\n"


def test_long_and_wide_exports_are_one_layout():
    from styranalys.read.header import find_header
    from styranalys.read.kolada import kolada_headers
    from styranalys.read.layouts import choose

    for head in (HEAD.strip().split(";"), ["Kommun", "Nyckeltals-id", "2022", "2023"]):
        header = find_header([head], kolada_headers())
        assert [c.__name__ for c in choose(header, "kolada")] == ["KoladaExport"]
    assert layout_of([HEAD.strip().split(";")], "indicators") == "LongIndicators"


def test_a_value_that_is_not_a_number_is_a_located_problem(tmp_path: Path):
    path = tmp_path / "export.csv"
    path.write_text(HEAD + "1885 Lindesberg;BRP;N03702;2019;Totalt;355,05\n"
                           "1885 Lindesberg;BRP;N03702;2020;Totalt;abc\n", encoding="utf-8")
    with pytest.raises(sa.InputError) as info:
        sa.read_kolada(path)
    [problem] = info.value.problems
    assert (problem.file, problem.row, problem.column, problem.code) == (
        "export.csv", 3, "F", "tal")
    assert "'abc'" in problem.message


def test_an_export_without_a_year_column_is_a_problem_not_a_crash(tmp_path: Path):
    path = tmp_path / "export.csv"
    path.write_text("Kommun;Nyckeltals-id;Värde\n1885 Lindesberg;N03702;355,05\n",
                    encoding="utf-8")
    with pytest.raises(sa.InputError) as info:
        sa.read_kolada(path)
    [problem] = info.value.problems
    assert problem.code == "saknas_ar" and "Kolada" in problem.hint


def test_an_api_value_that_is_not_a_number_is_a_problem(tmp_path: Path):
    path = tmp_path / "data.json"
    path.write_text('{"values": [{"kpi": "N03702", "municipality": "1885", "period": 2020, '
                    '"values": [{"gender": "T", "value": "abc", "status": ""}]}]}',
                    encoding="utf-8")
    with pytest.raises(sa.InputError) as info:
        sa.read_kolada(path)
    [problem] = info.value.problems
    assert problem.file == "data.json" and problem.code == "tal" and "'abc'" in problem.message
