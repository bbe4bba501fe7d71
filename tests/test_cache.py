"""The parquet cache of prepare(): hits for unchanged input, misses for every change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import RAW

import styranalys as sa
import styranalys._version
from styranalys.read.files import list_files


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    for f in RAW.iterdir():
        if f.is_file():
            shutil.copy(f, folder / f.name)
    return folder


def test_second_read_comes_from_the_cache_and_equals_the_first(raw: Path, tmp_path: Path):
    out = tmp_path / "processed"
    first = sa.prepare(raw, out)
    n_files = len(list_files(raw))
    assert (first.cache_hits, first.cache_misses) == (0, 2 * n_files)  # goals + indicators
    second = sa.prepare(raw, out)
    assert (second.cache_hits, second.cache_misses) == (2 * n_files, 0)
    pd.testing.assert_frame_equal(first.goals, second.goals)
    pd.testing.assert_frame_equal(first.indicators, second.indicators)
    assert second.goals.attrs["styranalys"]["notes"] == first.goals.attrs["styranalys"]["notes"]


def test_a_changed_file_misses(raw: Path, tmp_path: Path):
    out = tmp_path / "processed"
    sa.prepare(raw, out)
    csv = raw / "tillvaxtnamnden_utvecklingsmal_2022.csv"
    csv.write_bytes(csv.read_bytes().replace("Ej bedömd".encode("cp1252"),
                                             "Uppfyllt".encode("cp1252"), 1))
    again = sa.prepare(raw, out)
    assert again.cache_misses == 2  # that file, for goals and for indicators
    changed = again.goals[again.goals["kalla"].str.startswith("tillvaxtnamnden")]
    assert 4 in changed["niva"].tolist()


def test_a_changed_vocabulary_misses_for_goals_only(raw: Path, tmp_path: Path):
    out = tmp_path / "processed"
    sa.prepare(raw, out)
    n_files = len(list_files(raw))
    again = sa.prepare(raw, out, vocabulary={"Helt i mål": 4})
    assert again.cache_misses == n_files  # every goal read; indicators unaffected
    assert again.cache_hits == n_files


def test_a_new_package_version_misses(raw: Path, tmp_path: Path, monkeypatch):
    out = tmp_path / "processed"
    sa.prepare(raw, out)
    monkeypatch.setattr(styranalys._version, "__version__", "99.0.0")  # as after an upgrade
    again = sa.prepare(raw, out)
    assert again.cache_hits == 0


def test_files_with_problems_are_never_cached(raw: Path, tmp_path: Path):
    out = tmp_path / "processed"
    (raw / "fel.csv").write_text("Nämnd;År;Utvecklingsmål;Bedömning\nKS;2024;A;Kanske\n",
                                 encoding="utf-8")
    with pytest.raises(sa.InputError):
        sa.prepare(raw, out)
    before = {p.name for p in (out / "cache").iterdir()}
    with pytest.raises(sa.InputError):
        sa.prepare(raw, out)
    assert {p.name for p in (out / "cache").iterdir()} == before


def test_a_first_prepare_parses_each_file_once_for_both_kinds(raw: Path, tmp_path: Path,
                                                              monkeypatch):
    from styranalys.read import opening

    opened, real = [], opening.open_sheets

    def counting(path, limits=None):  # the real parser, counted
        opened.append(path.name)
        return real(path, limits)

    monkeypatch.setattr(opening, "open_sheets", counting)
    monkeypatch.setattr(opening, "READ_AHEAD_FROM", 0)  # two files at a time, in threads
    sa.prepare(raw, tmp_path / "processed")
    assert sorted(opened) == sorted(p.name for p in list_files(raw))
