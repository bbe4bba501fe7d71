"""``styranalys kolada fetch``: KPI values from the Kolada API into the folder the reports
read (see :mod:`styranalys.kolada_api` for the requests it makes)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .escape import print_plain

__all__ = ["add_kolada_commands"]


def _cmd_fetch(args: argparse.Namespace) -> int:
    from .kolada_api import fetch_kolada, parse_years

    try:
        years = parse_years(args.years) if args.years else []
        result = fetch_kolada(args.kpi, args.kommun, args.out, peers=args.jamforelse or (),
                              years=years, api=args.api, refresh=args.refresh,
                              timeout=args.timeout)
    except ValueError as err:  # (a failed fetch is the environment's: exit code 3)
        print_plain(f"Fel: {err}", file=sys.stderr)
        return 2
    how = (f"ur cachen från {result.fetched} (--refresh hämtar på nytt)" if result.from_cache
           else f"med {result.requests} anrop")
    print_plain(f"Hämtade {result.values} värden {how} till {args.out}: "
                + ", ".join(p.name for p in result.files) + ".")
    print_plain(f"Källa: Kolada, hämtat {result.fetched}.")
    return 0


def add_kolada_commands(sub, parser_class) -> None:
    """Add ``kolada fetch`` to the command's subparsers ``sub``."""
    from .kolada_api import DEFAULT_API

    kolada = sub.add_parser("kolada", help="hämta nyckeltal från Kolada")
    verbs = kolada.add_subparsers(dest="verb", required=True, metavar="KOMMANDO",
                                  parser_class=parser_class)
    p = verbs.add_parser(
        "fetch", help="hämta nyckeltalens värden, namn och jämförelsegrupper från Kolada-API:t",
        description="Hämtar från Kolada-API:t (v3) nyckeltalens värden för kommunen och "
                    "jämförelsekommunerna, nyckeltalens och kommunernas namn och "
                    "jämförelsegruppernas medlemmar, och skriver dem som JSON-filer som "
                    "styranalys build --kolada läser.")
    p.add_argument("--kpi", nargs="+", required=True, metavar="KPI",
                   help="nyckeltalens id, t.ex. N03702 N15419")
    p.add_argument("--kommun", required=True, help="kommunkoden, t.ex. 1885")
    p.add_argument("--jamforelse", nargs="*", default=None, metavar="KOD",
                   help="jämförelsekommuner (koder) eller grupper (G…), vars medlemmar hämtas")
    p.add_argument("--years", default="", metavar="ÅR",
                   help="år, t.ex. 2015-2024 eller 2019,2021 (standard: alla)")
    p.add_argument("--out", type=Path, default=Path("data/raw/kolada"),
                   help="mappen som filerna skrivs till (standard: data/raw/kolada)")
    p.add_argument("--api", default=DEFAULT_API, help=f"API:ts adress (standard: {DEFAULT_API})")
    p.add_argument("--refresh", action="store_true",
                   help="hämta på nytt även om samma fråga hämtats det senaste dygnet")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SEKUNDER",
                   help="längsta väntan på ett svar (standard: 30)")
    p.set_defaults(func=_cmd_fetch)
