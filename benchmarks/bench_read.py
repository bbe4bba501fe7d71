"""read_indicators on large workbooks against pandas.read_excel(engine="openpyxl") followed by
the same tidying, and against calamine's raw parse of the same file, in two forms:
pandas.read_excel(engine="calamine") without tidying (the engine the issue names), and the
stricter python-calamine to_python() alone (no DataFrame at all).

The workbooks are generated deterministically into a temporary folder: a long one (one row
per indicator and year), a wide one (16 year columns), a national-shaped one (35 year
columns, past Z) and a folder of four wide ones (each of other nämnder).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

from benchmarks.harness import Comparison, measure, measure_in_turn

_DIR = Path(tempfile.gettempdir()) / "styranalys-bench-read"


def write_workbook(kind: str, rows: int) -> Path:
    from openpyxl import Workbook

    path = _DIR / f"{kind}-{rows}.xlsx"
    if path.exists():
        return path
    _DIR.mkdir(exist_ok=True)
    rng = np.random.default_rng(0)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(["Indikatorer, syntetiska"])
    if kind == "long":
        ws.append(["Indikator-ID", "Indikator", "Nämnd", "År", "Värde", "Ingångsvärde",
                   "Målvärde", "Riktning", "Enhet"])
        values = rng.normal(50, 10, rows).round(1)
        for i in range(rows):
            k = i // 15
            ws.append([f"N{k % 2000:05d}", f"Indikator {k % 2000}", f"Kommun {k // 2000}",
                       2010 + i % 15, float(values[i]), 40.0, 60.0, "högre", "%"])
    else:  # "wide": 16 year columns (to U); "wide35": 35 (to AN), as a national table
        years = range(2009, 2025) if kind == "wide" else range(1990, 2025)
        ws.append(["Indikator-ID", "Indikator", "Nämnd", "Riktning", "Enhet",
                   *[str(y) for y in years]])
        values = rng.normal(50, 10, (rows, len(years))).round(1)
        for i in range(rows):
            ws.append([f"N{i % 2000:05d}", f"Indikator {i % 2000}", f"Kommun {i // 2000}",
                       "lägre", "%", *values[i].tolist()])
    tmp = path.with_suffix(".tmp")
    wb.save(tmp)
    tmp.rename(path)
    return path


def write_folder(rows: int, files: int = 4) -> Path:
    """``files`` wide workbooks in one folder, each of other nämnder (so no row repeats
    another file's): the wide workbook with "Kommun " renamed in its sheet."""
    import zipfile

    folder = _DIR / f"folder-{files}x{rows}"
    if folder.exists():
        return folder
    source = write_workbook("wide", rows)
    tmp = folder.with_suffix(".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as zin:
        for i in range(files):
            with zipfile.ZipFile(tmp / f"kommun{i}.xlsx", "w", zipfile.ZIP_DEFLATED) as zout:
                for info in zin.infolist():
                    body = zin.read(info.filename)
                    if info.filename.startswith("xl/worksheets/"):
                        body = body.replace(b"Kommun ", b"Kommun%d " % i)
                    zout.writestr(info.filename, body)
    tmp.rename(folder)
    return folder


def _ours_one_at_a_time(path: Path) -> int:
    from styranalys.read import opening

    opening.READ_AHEAD = 1  # this benchmark's own process
    return _ours(path)


def _file_by_file(read: Callable[[Path], int], folder: Path) -> int:
    """``read`` on each workbook of ``folder`` in turn: a baseline for reading the folder."""
    return sum(read(p) for p in sorted(folder.glob("*.xlsx")))


def _ours(path: Path) -> int:
    import styranalys as sa

    return len(sa.read_indicators(path))


def _openpyxl_then_tidy(path: Path) -> int:
    """pandas.read_excel with openpyxl, then the same tidying styranalys does."""
    import pandas as pd

    from styranalys.read.header import header_synonyms
    from styranalys.read.sheet import Context, read_sheet
    from styranalys.read.sources import Sheet
    from styranalys.read.vocabulary import Vocabulary

    sheets = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
    table, vocab, n = header_synonyms(), Vocabulary.default(), 0
    for name, frame in sheets.items():
        rows = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
        result = read_sheet(Sheet(file=path.name, name=name, rows=rows), "indicators", table,
                            Context(), vocab)
        n += 0 if result.frame is None else len(result.frame)
    return n


def _guard(path: Path) -> int:
    """The checks that must finish before calamine may parse (sizes, DTD, cell extent)."""
    from styranalys.read.guard import check_zip
    from styranalys.read.limits import ReadLimits

    return len(check_zip(path, path.name, ReadLimits()))


def _pandas_calamine(path: Path) -> int:
    """pandas.read_excel with the calamine engine, every sheet, no header row: the raw parse
    into DataFrames, without the checks and the tidying."""
    import pandas as pd

    frames = pd.read_excel(path, engine="calamine", header=None, sheet_name=None)
    return sum(len(f) for f in frames.values())


def _calamine_raw(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return sum(len(wb.get_sheet_by_name(n).to_python()) for n in wb.sheet_names)


def run(quick: bool) -> list[Comparison]:
    sizes = {"long": 5_000, "wide": 2_500, "wide35": 1_000} if quick else \
        {"long": 100_000, "wide": 50_000, "wide35": 25_000}
    repeat = 2 if quick else 3
    out = []
    for kind, rows in sizes.items():
        path = write_workbook(kind, rows)
        # The ratios to calamine are near 1, so all are timed in turn in one process.
        paired, engine, raw, guard = measure_in_turn(
            ["read_indicators", "read_excel(calamine), utan städning",
             "python-calamine, bara to_python", "kontroll före tolkningen"],
            lambda p=path: p, [_ours, _pandas_calamine, _calamine_raw, _guard],
            repeat=repeat + 2)
        label = {"long": "lång", "wide": "bred, 16 årskolumner",
                 "wide35": "bred, 35 årskolumner"}[kind] + f", {rows:_} rader"
        label = label.replace("_", " ")
        if kind != "wide35":  # the two workbooks; the third is there for its shape
            ours = measure("read_indicators", lambda p=path: p, _ours, repeat=repeat)
            base = measure("read_excel(openpyxl) + samma städning", lambda p=path: p,
                           _openpyxl_then_tidy, repeat=repeat)
            out.append(Comparison(f"läsa xlsx ({label}) mot openpyxl", ours, base,
                                  target=">= 5x"))
        spent = {"varav kontrollen av cellernas utbredning (och DTD, storlek) innan "
                 "calamine får tolka": f"{guard.median:.2f} s"}
        out.append(Comparison(f"läsa xlsx ({label}) mot read_excel(calamine)", paired, engine,
                              target="kvot >= 0,67 (högst 1,5x)",
                              details={"styranalys / read_excel(calamine)":
                                       f"{paired.median / engine.median:.2f}x", **spent}))
        out.append(Comparison(f"läsa xlsx ({label}) mot python-calamine utan DataFrame",
                              paired, raw, target="strängare bas: högst 1,5x",
                              details={"styranalys / python-calamine":
                                       f"{paired.median / raw.median:.2f}x", **spent}))
    folder = write_folder(sizes["wide"])
    ours, engine, raw = measure_in_turn(
        ["read_indicators(mapp)", "read_excel(calamine) fil för fil",
         "python-calamine fil för fil"],
        lambda: folder,
        [_ours, partial(_file_by_file, _pandas_calamine), partial(_file_by_file, _calamine_raw)],
        repeat=repeat)
    one = measure("read_indicators(mapp), en fil i taget", lambda: folder, _ours_one_at_a_time,
                  repeat=repeat)
    label = f"mapp med 4 breda filer à {sizes['wide']:_} rader".replace("_", " ")
    out.append(Comparison(f"läsa {label}: två filer åt gången mot en i taget", ours, one,
                          target="(ingen mål; två kärnor)"))
    for base, name, target in ((engine, "read_excel(calamine)", "kvot >= 0,67 (högst 1,5x)"),
                               (raw, "python-calamine", "strängare bas: högst 1,5x")):
        out.append(Comparison(f"läsa {label} mot {name} fil för fil", ours, base,
                              target=target,
                              details={f"styranalys / {name}":
                                       f"{ours.median / base.median:.2f}x"}))
    return out
