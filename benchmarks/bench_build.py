"""The yearly build on the example data at --jobs 1 and --jobs 2, against a plain
sequential loop of papermill commands over the same notebooks, in the same run.

The loop runs the same notebooks with the same parameters on the same prepared parquet; it
writes no HTML, figures or deck, so it does less work than the build.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Comparison, Timing

ROOT = Path(__file__).resolve().parents[1]


def _build(jobs: int) -> tuple[float, float, float]:
    """(seconds, summed kernel start-up seconds, summed report seconds)."""
    from styranalys.build import build

    out = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        t0 = time.perf_counter()
        result = build(data=ROOT / "data" / "raw", out=out / "webb", cache=out / "cache",
                       jobs=jobs, log=lambda _m: None)
        seconds = time.perf_counter() - t0
        assert result.exit_code == 0, [r.error for r in result.failed]
        kernel = sum(r.kernel_start_s or 0 for r in result.reports)
        return seconds, kernel, sum(r.seconds for r in result.reports)
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _papermill_loop() -> float:
    from styranalys.cache import prepare
    from styranalys.deck import choose

    work = Path(tempfile.mkdtemp(prefix="bench-pm-"))
    try:
        prepared = prepare(ROOT / "data" / "raw", work / "data")
        year, namnder = choose(prepared.goals, None, None)
        runs = [("kommunoversikt", {})] + [("namndrapport", {"namnd": n}) for n in namnder]
        t0 = time.perf_counter()
        for i, (name, extra) in enumerate(runs):
            params = {"ar": year, "data_dir": str(work / "data"), **extra}
            args = [sys.executable, "-m", "papermill", str(ROOT / "notebooks" / f"{name}.ipynb"),
                    str(work / f"{i}.ipynb"), "--cwd", str(ROOT / "notebooks"),
                    "--no-progress-bar"]
            for key, value in params.items():
                args += ["-r", key, str(value)] if isinstance(value, str) else \
                    ["-p", key, str(value)]
            subprocess.run(args, check=True, capture_output=True)
        return time.perf_counter() - t0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(quick: bool) -> list[Comparison]:
    if quick:
        print("(bygget mäts inte i --quick: det tar minuter; kör python -m benchmarks --only "
              "build)")
        return []
    loop = Timing("papermill-kommandon i följd", [_papermill_loop()])
    out = []
    for jobs in (1, 2):
        seconds, kernel, total = _build(jobs)
        case = Timing(f"styranalys build --jobs {jobs}", [seconds])
        out.append(Comparison(
            f"build --jobs {jobs} mot papermill-loop", case, loop,
            target=">= 1,6x vid --jobs 2" if jobs == 2 else "",
            details={"kernelstart, andel av rapporternas tid":
                     f"{kernel / total:.0%} ({kernel:.1f} s av {total:.1f} s)"}))
    return out
