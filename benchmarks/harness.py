"""The benchmark harness: repeated timings, peak memory, machine facts, table and JSON.

Each case runs in a fresh subprocess, so its peak memory (Linux: the VmHWM high-water mark,
reset after the data is generated) is its own and not what an earlier case left behind.
Cases whose ratio is near 1 can be timed in turn in one process (``measure_in_turn``), so
that the machine drifting between processes does not skew it.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> dict[str, object]:
    """The facts a reader needs to compare numbers across machines."""
    mem_gb = None
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            mem_gb = round(int(fh.readline().split()[1]) / 1024**2, 1)
    except OSError:
        pass
    versions = {}
    for pkg in ("styranalys", "pandas", "numpy", "scipy", "pyarrow", "python-calamine",
                "openpyxl", "matplotlib", "papermill"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    return {"cpus": os.cpu_count(), "minne_gb": mem_gb, "python": sys.version.split()[0],
            "plattform": platform.platform(), "processor": platform.machine(),
            "versioner": versions}


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _peak_mb() -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@dataclass
class Timing:
    """One side of a comparison: its median of several runs and its peak memory."""

    name: str
    seconds: list[float] = field(default_factory=list)
    peak_mb: float | None = None
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def _child(setup: Callable[[], object], runs: list[Callable[[object], object]], repeat: int,
           queue: mp.Queue) -> None:
    try:
        data = setup()
        for run in runs:
            run(data)  # warm-up: imports, caches
        reset = _reset_peak()
        seconds: list[list[float]] = [[] for _ in runs]
        for _ in range(repeat):
            for run, times in zip(runs, seconds, strict=True):  # taken in turn
                t0 = time.perf_counter()
                run(data)
                times.append(time.perf_counter() - t0)
        queue.put((seconds, _peak_mb() if reset else None, None))
    except BaseException as exc:  # the parent must hear about it, or it waits forever
        queue.put(([], None, f"{type(exc).__name__}: {exc}"))


def measure(name: str, setup: Callable[[], object], run: Callable[[object], object],
            repeat: int = 3, note: str = "") -> Timing:
    """Time ``run(setup())`` ``repeat`` times in a fresh process (setup not timed)."""
    return measure_in_turn([name], setup, [run], repeat, note)[0]


def measure_in_turn(names: list[str], setup: Callable[[], object],
                    runs: list[Callable[[object], object]], repeat: int = 3,
                    note: str = "") -> list[Timing]:
    """Time several ``runs`` on the same data in one fresh process, taking them in turn, so
    that a ratio between them is not skewed by the machine drifting between processes.
    Peak memory is given only for a single run (it cannot be told apart otherwise)."""
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(setup, runs, repeat, queue))
    proc.start()
    seconds, peak, error = queue.get()
    proc.join()
    if error:
        raise RuntimeError(f"Mätningen {', '.join(names)!r} misslyckades: {error}")
    peak = peak if len(runs) == 1 else None
    return [Timing(name, times, peak, note) for name, times in zip(names, seconds, strict=True)]


@dataclass
class Comparison:
    """A measured case against its baseline; ``ratio`` = baseline / case (higher is better)."""

    title: str
    case: Timing
    baseline: Timing
    target: str = ""
    details: dict[str, object] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.baseline.median / self.case.median


def report(comparisons: list[Comparison], quick: bool,
           out: Path = RESULTS / "latest.json") -> dict[str, object]:
    """Print the comparisons as a table and write them as JSON to ``out``."""
    info = machine()
    print(f"Maskin: {info['cpus']} kärnor, {info['minne_gb']} GB, Python {info['python']}, "
          f"pandas {info['versioner']['pandas']}, numpy {info['versioner']['numpy']}"
          + (" (snabbläge --quick)" if quick else ""))
    width = max([len("jämförelse"), *(len(c.title) for c in comparisons)])  # never cut
    head = f"{'jämförelse':{width}} {'fall (s)':>10} {'bas (s)':>10} {'kvot':>8} " \
           f"{'topp MB':>8}  mål"
    print(head)
    print("-" * len(head))
    for c in comparisons:
        peak = "" if c.case.peak_mb is None else f"{c.case.peak_mb:.0f}"
        print(f"{c.title:{width}} {c.case.median:10.3f} {c.baseline.median:10.3f} "
              f"{c.ratio:8.1f} {peak:>8}  {c.target}")
        for key, value in c.details.items():
            print(f"    {key}: {value}")
    payload = {"maskin": info, "snabblage": quick,
               "jamforelser": [{"titel": c.title, "kvot": c.ratio, "mal": c.target,
                                "fall": asdict(c.case), "bas": asdict(c.baseline),
                                "detaljer": c.details} for c in comparisons]}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    return payload
