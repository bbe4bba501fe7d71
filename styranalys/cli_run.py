"""``styranalys run NOTEBOOK -p NAME VALUE …``: papermill with parameters that are checked.

A name the notebook's ``parameters`` cell does not define is refused before a kernel starts
("namd: menade du namnd?"), and each value is converted to the type of its default (the
year "2023" becomes 2023). The notebook runs in this environment's kernel, as the build's
reports do (see :mod:`styranalys.notebook_runner`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .escape import print_plain

__all__ = ["add_run_command"]


def _cmd_run(args: argparse.Namespace) -> int:
    from .notebook_runner import run_job
    from .parameters import ParameterError, convert_parameters

    notebook = args.notebook.resolve()
    if not notebook.is_file():
        raise FileNotFoundError(f"Hittar inte notebooken {args.notebook}.")
    try:
        parameters = convert_parameters(notebook, args.p or [])
    except ParameterError as err:
        print_plain(f"Fel: {err}", file=sys.stderr)
        return 2
    out = (args.out or Path(f"{notebook.stem}-resultat.ipynb")).resolve()
    result = run_job({"name": notebook.stem, "notebook": str(notebook), "output": str(out),
                      "parameters": parameters, "timeout": args.timeout})
    if not result["ok"]:
        cell = f"cell {result['cell']}: " if result.get("cell") else ""
        print_plain(f"Fel: {notebook.name} stannade i {cell}{result['error']} "
                    f"(notebooken med felet: {out}).", file=sys.stderr)
        return 1
    print_plain(f"Körde {notebook.name} på {result['seconds']:.1f} s: {out}")
    return 0


def add_run_command(sub) -> None:
    """Add ``run`` to the command's subparsers ``sub``."""
    p = sub.add_parser("run", help="kör en notebook med papermill, med kontrollerade parametrar",
                       description="Kör en notebook med papermill. En parameter som notebooken "
                                   "inte har avvisas, med det närmaste namnet som förslag, och "
                                   "varje värde får standardvärdets typ (året 2023 blir ett tal).")
    p.add_argument("notebook", type=Path, metavar="NOTEBOOK")
    p.add_argument("-p", nargs=2, action="append", metavar=("NAMN", "VÄRDE"),
                   help="en parameter och dess värde (flera -p går bra)")
    p.add_argument("-o", "--out", type=Path, default=None, metavar="UT.ipynb",
                   help="den körda notebooken (standard: NOTEBOOK-resultat.ipynb här)")
    p.add_argument("--timeout", type=int, default=600, help="sekunder per cell")
    p.set_defaults(func=_cmd_run)
