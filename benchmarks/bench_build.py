"""The yearly build on the example data, against what a user would otherwise run, in one run.

- **Full build** (``--jobs 2 --force``) against **plain papermill two at a time**
  (``xargs -0 -P 2 -n 7 papermill``) over the same notebooks, parameters and prepared
  parquet. Papermill writes only the executed notebooks; the build also writes the HTML,
  the figures and the deck.
- **Unchanged rebuild** and **one file changed** against the full build.
- **The floor** of each report: a bare kernel start, ``import pandas, matplotlib`` and
  drawing its charts to PNG (its Kolada charts too), one report at a time; each report of
  the full build is compared with its own floor.

The build is the one ``make report`` runs: the example data with the Kolada snapshot.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Comparison, Timing

ROOT = Path(__file__).resolve().parents[1]
JOBS = 2
SOCIAL = "illustrativ_socialnamnden_mal_2017-2024.csv"


def _build(work: Path, force: bool = False):
    from styranalys.build import build

    t0 = time.perf_counter()
    result = build(data=work / "raw", out=work / "webb", cache=work / "cache", jobs=JOBS,
                   force=force, kolada=work / "raw" / "kolada", kommun="1885",
                   log=lambda _m: None)  # as make report builds
    seconds = time.perf_counter() - t0
    assert result.exit_code == 0, [r.error for r in result.failed]
    return seconds, result


def _papermill_args(work: Path, reports) -> list[str]:
    """Seven arguments per notebook, NUL-separated for ``xargs -0 -n 7``: the parameters go
    in a YAML (JSON) file each, so a nämnd's name needs no quoting."""
    args = []
    for i, rep in enumerate(reports):
        params = {k: v for k, v in rep.parameters.items() if k != "prefix"}
        params_file = work / f"param-{i}.yaml"
        params_file.write_text(json.dumps(params, ensure_ascii=False), encoding="utf-8")
        args += [rep.notebook, str(work / f"pm-{i}.ipynb"), "-f", str(params_file),
                 "--cwd", str(Path(rep.notebook).parent), "--no-progress-bar"]
    return args


def _xargs_papermill(args: list[str]) -> float:
    papermill = Path(sys.executable).with_name("papermill")
    t0 = time.perf_counter()
    subprocess.run(["xargs", "-0", "-P", str(JOBS), "-n", "7", str(papermill)],
                   input="\0".join(args).encode(), check=True, capture_output=True)
    return time.perf_counter() - t0


_FLOOR = """
import time
t0 = time.perf_counter()
import pandas, matplotlib
matplotlib.use("agg")
from styranalys import figures, report
from styranalys.charts.save import png_bytes
goals, indicators = report.load_report_data({data!r}, "")
data = figures.FigureData(goals, indicators, {ar!r}, {period!r}, {namnd!r})
for fig in (figures.NAMND if data.namnd else figures.OVERVIEW):
    for page in fig.pages(data):
        png_bytes(page)
if {kolada!r}:
    from styranalys.charts import plot_peer_comparison
    table = report.kolada_comparison({kolada!r}, "1885", [], {mapping!r}, namnd={namnd!r})
    for kpi in table["indikator_id"].unique() if not table.empty else []:
        png_bytes(plot_peer_comparison(table, kpi))
seconds = time.perf_counter() - t0
"""


def _floor(parameters: dict[str, object]) -> float:
    """A bare kernel's start, then the imports and the charts of one report, in it."""
    from jupyter_client.manager import start_new_kernel

    t0 = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3",
                              extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
    try:
        code = _FLOOR.format(data=str(parameters["data_dir"]), ar=parameters["ar"],
                             period=parameters["period"], namnd=parameters.get("namnd"),
                             kolada=parameters.get("kolada_dir") or "",
                             mapping=parameters.get("kolada_koppling") or "")
        reply = kc.execute_interactive(code, timeout=300, output_hook=lambda _m: None)
        assert reply["content"]["status"] == "ok", reply["content"]
        return time.perf_counter() - t0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def _change_one_file(raw: Path) -> None:
    path = raw / SOCIAL
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    changed = [line.replace(";Grunduppdraget uppnås delvis;", ";Grunduppdraget uppnås;")
               if line.startswith("Socialnämnden;2024;") else line for line in lines]
    path.write_text("\n".join(changed) + "\n", encoding="utf-8-sig")


def run(quick: bool) -> list[Comparison]:
    if quick:
        print("(bygget mäts inte i --quick: det tar minuter; kör python -m benchmarks --only "
              "build)")
        return []
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        shutil.copytree(ROOT / "data" / "raw", work / "raw")
        _build(work)  # warms the parquet cache and the disk for both sides
        full, result = _build(work, force=True)
        plain = _xargs_papermill(_papermill_args(work, result.reports))
        unchanged, _ = _build(work)
        _change_one_file(work / "raw")
        one, changed = _build(work)
        floors = {rep.name: _floor(rep.parameters) for rep in result.reports}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    build = Timing(f"styranalys build --jobs {JOBS} --force", [full])
    per_report = {rep.name: f"{rep.seconds:.2f} s, golv {floors[rep.name]:.2f} s: "
                  f"{rep.seconds / floors[rep.name]:.2f} gånger golvet"
                  for rep in result.reports}
    worst = max(rep.seconds / floors[rep.name] for rep in result.reports)
    rebuilt = sorted(r.name for r in changed.reports if r.status == "byggd")
    return [
        Comparison(f"build --jobs {JOBS} mot papermill två åt gången (xargs -P{JOBS})", build,
                   Timing(f"xargs -P{JOBS} papermill", [plain]), target=">= 1,3x",
                   details={"cpu-kärnor": os.cpu_count(), **per_report,
                            "sämsta rapport mot sitt golv (mål: högst 1,5)": f"{worst:.2f}"}),
        Comparison("oförändrad omkörning mot fullt bygge",
                   Timing("build utan ändringar", [unchanged]), build, target=">= 20x"),
        Comparison("en fil ändrad mot fullt bygge", Timing("build, en fil ändrad", [one]),
                   build, details={"byggdes om": ", ".join(rebuilt)}),
        Comparison("golvet: alla rapporters golv i följd mot fullt bygge",
                   Timing("summan av golven", [sum(floors.values())]), build,
                   details={"golv": "kernelstart, import pandas, matplotlib och "
                                    "rapportens diagram till PNG"}),
    ]
