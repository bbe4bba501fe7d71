"""Start-up: ``import styranalys`` and ``styranalys --help`` against ``import pandas``.

Every report kernel, every .xls child process and every command pays its start-up, so the
package imports nothing heavy until a function needs it. The baseline is a fresh Python
that imports pandas, the least any pandas tool pays; each is a new interpreter, timed in
turn with the others so that the machine's drift hits all three alike.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from benchmarks.harness import Comparison, Timing

_BIN = Path(sys.executable).parent
_CASES = {
    "import pandas": [sys.executable, "-c", "import pandas"],
    "import styranalys": [sys.executable, "-c", "import styranalys"],
    "styranalys --help": [str(_BIN / "styranalys"), "--help"],
}


def _once(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def run(quick: bool) -> list[Comparison]:
    repeat = 5 if quick else 21
    timings = {name: Timing(name) for name in _CASES}
    for command in _CASES.values():  # once each, so the file cache is warm for all
        _once(command)
    for _ in range(repeat):
        for name, command in _CASES.items():
            timings[name].seconds.append(_once(command))
    base = timings["import pandas"]
    return [Comparison(title, timings[title], base, target="<= 1,5 × import pandas",
                       details={"inom 1,5 ×": "ja" if timings[title].median
                                <= 1.5 * base.median else "NEJ"})
            for title in ("import styranalys", "styranalys --help")]
