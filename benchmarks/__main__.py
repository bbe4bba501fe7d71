"""``python -m benchmarks [--quick] [--only NAME ...]``: run, print ratios, write JSON."""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from benchmarks.harness import RESULTS, report

SUITES = ["import", "read", "cache", "trends", "charts", "build"]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="små data, sekunder (körs i test)")
    parser.add_argument("--only", nargs="*", choices=SUITES, default=SUITES)
    parser.add_argument("--json", type=Path, default=RESULTS / "latest.json",
                        help="var resultaten skrivs (standard: benchmarks/results/latest.json)")
    args = parser.parse_args()
    comparisons = []
    for name in args.only:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        comparisons += module.run(args.quick)
    report(comparisons, args.quick, args.json)


if __name__ == "__main__":
    main()
