"""The styranalys command, run as a user runs it: a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
from conftest import RAW, write_xlsx

import styranalys as sa
from styranalys.read.files import list_files


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "styranalys.cli", *args], capture_output=True,
                          text=True, cwd=cwd, encoding="utf-8")


def test_validate_exit_codes_and_located_problems(tmp_path: Path):
    clean = run("validate", str(RAW))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Inga problem" in clean.stdout
    bad = write_xlsx(tmp_path / "fel.xlsx", {"Mål": [
        ["Nämnd", "År", "Utvecklingsmål", "Bedömning"], ["KS", 2021, "A", "Kanske"]]})
    result = run("validate", str(bad))
    assert result.returncode == 1
    assert "fel.xlsx, blad Mål, cell D2" in result.stdout
    as_json = run("validate", str(bad), "--json")
    assert as_json.returncode == 1
    payload = json.loads(as_json.stdout)
    assert payload["antal"] == 1
    assert payload["problem"][0]["row"] == 2 and payload["problem"][0]["column"] == "D"
    assert run("validate").returncode == 2
    assert run("validate", str(tmp_path / "finns-inte.xlsx")).returncode == 2


def test_prepare_writes_parquet_that_round_trips_and_prints_a_summary(tmp_path: Path):
    out = tmp_path / "processed"
    result = run("prepare", str(RAW), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Kommunfullmäktige" in result.stdout
    assert "11 av 13 mål är uppfyllda eller på väg att uppfyllas (85\u00a0%)" in result.stdout
    goals, indicators = sa.read_prepared(out)
    pd.testing.assert_frame_equal(goals, sa.read_goals(RAW))
    pd.testing.assert_frame_equal(indicators, sa.read_indicators(RAW))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["filer"]) == len(list_files(RAW))
