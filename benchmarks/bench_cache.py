"""prepare() on unchanged input: the second read (from parquet) against the first (from the
spreadsheets), on the example data plus a 20 000-row workbook."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from benchmarks.bench_read import write_workbook
from benchmarks.harness import Comparison, measure

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def _setup() -> tuple[Path, Path]:
    raw = Path(tempfile.mkdtemp(prefix="bench-cache-raw-"))
    for f in RAW.iterdir():
        if f.is_file():
            shutil.copy(f, raw / f.name)
    shutil.copy(write_workbook("long", 20_000), raw / "stor.xlsx")
    return raw, Path(tempfile.mkdtemp(prefix="bench-cache-out-"))


def _first(args: tuple[Path, Path]) -> int:
    from styranalys.cache import prepare

    raw, out = args
    shutil.rmtree(out, ignore_errors=True)  # no manifest, no parquet, no per-file cache
    return len(prepare(raw, out).indicators)


def _setup_prepared() -> tuple[Path, Path]:
    """The same folders, prepared once (not timed)."""
    from styranalys.cache import prepare

    args = _setup()
    prepare(*args)
    return args


def _again(args: tuple[Path, Path]) -> int:
    from styranalys.cache import prepare

    raw, out = args
    prepared = prepare(raw, out)
    assert prepared.cache_misses == 0
    return len(prepared.indicators)


def run(quick: bool) -> list[Comparison]:
    repeat = 2 if quick else 5
    first = measure("prepare, första läsningen", _setup, _first, repeat=repeat)
    again = measure("prepare, oförändrade filer", _setup_prepared, _again, repeat=repeat)
    return [Comparison("andra läsningen (parquet) mot första", again, first, target=">= 20x")]
