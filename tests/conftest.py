"""Shared helpers: write real spreadsheet files (xlsx, ods, csv) for the tests to read."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"

Rows = Sequence[Sequence[object]]


def write_xlsx(path: Path, sheets: dict[str, Rows], hidden: Sequence[str] = ()) -> Path:
    """A real .xlsx with one sheet per entry, rows written from A1."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def write_ods(path: Path, sheets: dict[str, Rows]) -> Path:
    """A real .ods (OpenDocument) written by pandas' odf engine."""
    with pd.ExcelWriter(path, engine="odf") as writer:
        for name, rows in sheets.items():
            width = max(len(r) for r in rows)
            padded = [[*r, *([None] * (width - len(r)))] for r in rows]
            pd.DataFrame(padded).to_excel(writer, sheet_name=name, index=False,
                                                           header=False)
    return path


def write_csv(path: Path, rows: Rows, delimiter: str = ";", encoding: str = "utf-8") -> Path:
    """A real CSV in the given encoding ("utf-8-sig" writes a BOM, "cp1252" as Excel does)."""
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    return tmp_path


STYRANALYS = Path(sys.executable).with_name("styranalys")


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    """``styranalys ARGS`` as a user runs it, from ``cwd`` (default: a folder of its own, so
    a cache such as data/processed goes there and not into the repository)."""
    return subprocess.run([str(STYRANALYS), *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=900,
                          cwd=cwd or tempfile.mkdtemp(prefix="styranalys-bygge-"))


def build_command(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None
                  ) -> subprocess.CompletedProcess[str]:
    """``styranalys build ARGS`` (see :func:`run_cli`)."""
    return run_cli("build", *args, cwd=cwd, env=env)


def chromium_installed() -> bool:
    return bool(shutil.which("chromium") and shutil.which("chromedriver"))


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    """The example data built once as ``make report`` builds it (with the Kolada snapshot),
    as published (umask 022), with PDFs where Chromium is installed: (the year's folder, the
    cache folder, the command's result)."""
    base = tmp_path_factory.mktemp("exempel")
    out, cache = base / "webb", base / "cache"
    old = os.umask(0o022)
    try:
        result = build_command("--data", str(RAW), "--out", str(out), "--cache", str(cache),
                               "--jobs", "2", "--kolada", str(RAW / "kolada"), "--kommun",
                               "1885", *(["--pdf"] if chromium_installed() else []), cwd=base)
    finally:
        os.umask(old)
    return out / "2024", cache, result


#: The user's cache folder before the tests moved it (pip keeps its wheels there).
USER_CACHE_HOME = os.environ.get("XDG_CACHE_HOME")


def pytest_configure(config: pytest.Config) -> None:
    """The notebooks that nbval runs keep their parquet in the user's cache (see
    ``report.cache_dir``); here that is a temporary folder, so the tests write only into
    temporary folders, never into the repository or the user's home."""
    config._styranalys_cache = tempfile.mkdtemp(prefix="styranalys-test-cache-")
    os.environ["XDG_CACHE_HOME"] = config._styranalys_cache


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(getattr(config, "_styranalys_cache", ""), ignore_errors=True)


def layout_of(rows: Rows, kind: str) -> str:
    """The name of the layout class that reads a sheet with these rows as ``kind``."""
    from styranalys.read.header import find_header, header_synonyms
    from styranalys.read.layouts import choose
    from styranalys.read.settle import settle

    grid = [list(r) for r in rows]
    header = find_header(grid, header_synonyms())
    settle(header, grid)  # as read_sheet: the cells settle what ambiguous headings are
    return "/".join(cls.__name__ for cls in choose(header, kind))
