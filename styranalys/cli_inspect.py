"""``styranalys inspect FIL|MAPP``: how each sheet was read, in Swedish, for a person who
has never seen the code; ``--json`` gives the same as JSON."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .contract import FIELD_LABELS
from .escape import print_plain

__all__ = ["add_inspect_command", "inspection_lines"]

_STATUS = {"läst": "Läst", "inte data": "Lästes inte (inga data)", "problem": "Gav inga rader",
           "annan sort": "Läst av den andra läsaren"}
_KIND = {"goals": "måltabell", "indicators": "indikatortabell", "kolada": "Kolada-tabell"}
_SAID = {"namnd": "Nämnd", "ar": "År", "period": "Period", "maltyp": "Måltyp"}


def _column(c: dict, read: bool) -> str:
    heading = c["heading"] or "(utan rubrik)"
    if not read:
        became = (FIELD_LABELS.get(c["field"], c["field"]) if c["field"] else
                  f"år {c['year']}" if c["year"] else "känns inte igen")
    elif c["field"] and c["used"]:
        became = f"{c['field']} ({FIELD_LABELS.get(c['field'], c['field'])})"
    elif c["year"] and c["used"]:
        became = f"värdet för år {c['year']}" + (
            {"K": ", kvinnor", "M": ", män"}[c["kon"]] if c.get("kon") else "")
    elif c["field"]:
        became = f"känns igen som {FIELD_LABELS.get(c['field'], c['field'])}, men används inte"
    elif c["year"]:
        became = f"år {c['year']}, men används inte"
    else:
        became = "används inte" if c["filled"] or c["heading"] else "tom"
    return f"    {c['column']:>3}  {heading[:40]:<40} → {became}"


def _said(said: dict) -> str:
    parts = []
    for key, (value, where) in said.items():
        if value is None and not where:
            parts.append(f"{_SAID[key]}: saknas")
        elif value is None:
            parts.append(f"{_SAID[key]}: {where}")
        else:
            parts.append(f"{_SAID[key]}: {value} ({where})")
    return "; ".join(parts)


def inspection_lines(found: dict) -> list[str]:
    """The inspection (``Inspection.as_dict()``) as lines of plain Swedish text."""
    out = [f"Läste {found['rader']['goals']} målrader och {found['rader']['indicators']} "
           "indikatorrader."]
    for t in found["blad"]:
        out += ["", *_sheet_lines(t)]
    if found["noteringar"]:  # legends, merged spellings, unused columns: all of them
        out += ["", f"Noteringar ({len(found['noteringar'])}):"]
        out += [f"  - {n}" for n in found["noteringar"]]
    others = [p for p in found["problem"] if p["blad"] is None]
    if others:
        out += ["", "Problem utanför bladen:"]
        out += [f"  - {p['fil']}" + (f", rad {p['rad']}" if p["rad"] else "")
                + f": {p['meddelande']} ({p['tips']})" for p in others]
    if found["profilutkast"]:
        out += ["", "Förslag till styranalys.toml, för det som filerna inte säger själva: hela "
                "filen, med det som profilen redan säger. Fyll i det som står inom <> eller "
                "\"?\", ta bort det som inte stämmer och kör inspect igen:", ""]
        out += ["  " + line if line else "" for line in found["profilutkast"].splitlines()]
    return out


def _status(t: dict) -> str:
    status = _STATUS[t["status"]]
    if t["status"] == "läst":
        return status + f" som {_KIND.get(t['kind'], t['kind'])} ({t['layout']})"
    if t["reason"] and t["status"] == "inte data":
        return status + f": {t['reason']}"
    return status


def _sheet_lines(t: dict) -> list[str]:
    """One sheet: what it is, its title rows, header, columns, context, rows, problems."""
    out = [t["file"] + (f", blad {t['sheet']}" if t["sheet"] else "")]
    out.append(f"  {_status(t)}.")
    for row, text in t["title_rows"]:
        out.append(f"  Titelrad {row}: {text[:90]}")
    if t["header_row"]:
        out.append(f"  Rubrikrad: rad {t['header_row']}")
    if t["columns"]:
        out.append("  Kolumner:")
        out += [_column(c, t["layout"] is not None) for c in t["columns"]]
    if t["said"]:
        out.append("  " + _said(t["said"]))
    if t["status"] in ("läst", "problem") and t["header_row"] and t["kind"]:
        out.append(f"  Rader: {t['data_rows']} datarader under rubriken gav {t['rows']} "
                   "rader i tabellen.")
    out += [f"  Satt åt sidan: {n}" for n in t["row_notes"] if n.startswith("rad ")]
    if t["problem"]:
        out.append(f"  Problem ({len(t['problem'])}):")
        out += [f"    - {m}" for m in t["problem"][:10]]
        if len(t["problem"]) > 10:
            out.append(f"    … och {len(t['problem']) - 10} till (hela listan: validate)")
    return out


def _cmd_inspect(args: argparse.Namespace) -> int:
    from .read.inspection import inspect_paths

    found = inspect_paths(args.paths, profile=args.profile).as_dict()
    if args.json:
        print_plain(json.dumps(found, ensure_ascii=False, indent=2, default=str))
    else:
        for line in inspection_lines(found):
            print_plain(line)
    return 1 if found["problem"] else 0


def add_inspect_command(sub: argparse._SubParsersAction) -> None:
    """``styranalys inspect``."""
    p = sub.add_parser("inspect", help="visa hur varje blad lästes, och ett förslag till "
                                       "styranalys.toml")
    p.add_argument("paths", nargs="+", type=Path, metavar="SÖKVÄG")
    p.add_argument("--json", action="store_true", help="skriv samma sak som JSON")
    p.add_argument("--profile", type=Path, default=None, metavar="FIL",
                   help="en annan styranalys.toml än den i datamappen")
    p.set_defaults(func=_cmd_inspect)
