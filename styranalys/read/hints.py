"""What a sheet leaves out, said in its folder's own words: the hints of the problems
"Nämnd saknas", "År saknas" and "Måltyp saknas", and the draft ``styranalys.toml`` that
``styranalys inspect`` prints.

A hint names what the folder itself says (the nämnder other sheets name, the year in the
title of another sheet of the same workbook, the heading of the goal column) or a plain
placeholder: never an example from another municipality.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from .._text import fold
from ..problems import Problem
from .context import goal_type_code
from .profile import Profile
from .title import years_in
from .trace import SheetTrace
from .vocabulary import normalize_phrase

__all__ = ["draft_profile", "in_own_words", "suggestion"]

#: Problem code -> the key of ``[[files]]`` that would say what is missing.
CONTEXT_CODES = {"saknas_namnd": "namnd", "saknas_ar": "ar", "saknas_maltyp": "maltyp"}
_WHAT = {"namnd": "nämnden", "ar": "året", "maltyp": "måltypen"}


def in_own_words(problems: list[Problem], traces: list[SheetTrace],
                 namnder: Iterable[str]) -> list[Problem]:
    """``problems`` with the hint of each sheet-wide "… saknas" in the folder's words."""
    names = sorted(set(namnder))
    out = []
    for p in problems:
        key = CONTEXT_CODES.get(p.code)
        if key is None or p.row is not None:
            out.append(p)
            continue
        value, why = suggestion(key, p.file, p.sheet, traces, names)
        where = f'glob = "{Path(p.file).name}"' + (f', sheet = "{p.sheet}"' if p.sheet else "")
        hint = (f"Ange {_WHAT[key]} i en kolumn, i bladets rubrik, i styranalys.toml (under "
                f"[[files]] med {where}, skriv {key} = {value}"
                + (f"; {why}" if why else "") + f") eller med {key}= i Python.")
        out.append(replace(p, hint=hint))
    return out


def suggestion(key: str, file: str, sheet: str | None, traces: list[SheetTrace],
               namnder: list[str]) -> tuple[str, str]:
    """The TOML value to suggest for ``key`` and where it came from ("" for a
    placeholder the user fills in)."""
    if key == "namnd":
        if namnder:
            shown = ", ".join(namnder[:6]) + (" …" if len(namnder) > 6 else "")
            return repr_toml(namnder[0]), f"nämnderna i mappen: {shown}"
        return '"<nämndens namn>"', ""
    if key == "ar":
        return _year(file, sheet, traces)
    return _goal_type(file, sheet, traces)


def _year(file: str, sheet: str | None, traces: list[SheetTrace]) -> tuple[str, str]:
    """The one year the titles of the workbook's other sheets name, else a placeholder."""
    years: dict[int, str] = {}
    for t in traces:
        if t.file == file and t.sheet != sheet:
            for y in years_in([text for _, text in t.title_rows]):
                years.setdefault(y, t.sheet or t.file)
    if len(years) == 1:
        (year, where), = years.items()
        return str(year), f"årtalet i rubriken på bladet {where}"
    return "<år>", ""


def _goal_type(file: str, sheet: str | None, traces: list[SheetTrace]) -> tuple[str, str]:
    """The goal type the heading of the sheet's goal column names, else a placeholder."""
    for t in traces:
        if t.file == file and t.sheet == sheet:
            for c in t.columns:
                code = goal_type_code(c.heading) if c.field == "mal" else None
                if code and fold(c.heading) != "mal":
                    return repr_toml(code), f"rubriken {c.heading}"
    return '"<måltypen, med kommunens ord>"', ""


def draft_profile(traces: list[SheetTrace], namnder: Iterable[str],
                  profile: Profile | None = None) -> str:
    """A ``styranalys.toml`` draft for what the sheets leave out (headings the reader did
    not know, phrases without a level, and per sheet the nämnd, year or goal type), with
    what ``profile`` already says; "" when nothing is left out."""
    names = sorted(set(namnder))
    headers: dict[str, list[str]] = {}
    phrases: dict[str, str] = {}
    blocks: list[str] = []
    for t in traces:
        for column, heading in t.suggested_headers.items():
            if heading not in headers.setdefault(column, []):
                headers[column].append(heading)
        for p in t.unknown_phrases:
            phrases.setdefault(normalize_phrase(p), p)
        missing = [CONTEXT_CODES[c] for c in t.codes if c in CONTEXT_CODES]
        if not missing:
            continue
        lines = ["[[files]]", f"glob = {repr_toml(Path(t.file).name)}"]
        if t.sheet:
            lines.append(f"sheet = {repr_toml(t.sheet)}")
        for key in missing:
            value, why = suggestion(key, t.file, t.sheet, traces, names)
            lines.append(f"{key} = {value}" + (f"  # {why}" if why else ""))
        blocks.append("\n".join(lines))
    if not (phrases or headers or blocks):
        return ""
    return "\n\n".join(_sections(profile, phrases, headers, blocks))


def _sections(profile: Profile | None, phrases: dict[str, str],
              headers: dict[str, list[str]], blocks: list[str]) -> list[str]:
    """The draft's tables: what ``profile`` says, then what is new."""
    known = list(profile.vocabulary) if profile else []
    lines = [f"{repr_toml(p)} = {level if level is not None else repr_toml('ej bedömd')}"
             for p, level in known]
    lines += [f'{repr_toml(p)} = "?"' for p in phrases.values()]
    given = {c: list(hs) for c, hs in (profile.headers.items() if profile else ())}
    for column, hs in headers.items():
        given[column] = [*given.get(column, []), *(h for h in hs if h not in given.get(
            column, []))]
    parts = []
    if lines:
        parts.append('[vocabulary]  # nivå 1–4 (4 = uppfyllt), eller "ej bedömd"\n'
                     + "\n".join(lines))
    if given:
        parts.append("[headers]  # om rubrikerna betyder det\n" + "\n".join(
            f"{c} = [{', '.join(repr_toml(h) for h in hs)}]" for c, hs in given.items()))
    for rule in profile.files if profile else ():
        said = [f"glob = {repr_toml(rule.glob)}"]
        said += [f"sheet = {repr_toml(rule.sheet)}"] if rule.sheet else []
        said += [f"{k} = {v if isinstance(v, int) else repr_toml(str(v))}"
                 for k, v in vars(rule.context).items() if v is not None]
        parts.append("\n".join(["[[files]]", *said]))
    return parts + blocks


def repr_toml(text: str) -> str:
    """``text`` as a TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
