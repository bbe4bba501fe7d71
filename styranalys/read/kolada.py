"""Kolada: read downloaded Kolada data into the indicator frame (``read_kolada``).

Reads what an analyst downloads from Kolada, RKA's open database of municipal key figures:

- API v3 data responses (``{"values": [...], "count", "next_url", "previous_url"}``), also a
  response split into pages over several files (joined without duplicates);
- KPI metadata (``/v3/kpi``): the title becomes ``indikator``, the unit in the title ``enhet``,
  and the description ``beskrivning``;
- municipality lists (``/v3/municipality``): ``kommun`` is "1885 Lindesberg", code and name;
- municipality groups (``/v3/municipality_groups``), for :func:`styranalys.peer_comparison`;
- the CSV/Excel export of Kolada's web tool (long, or years as columns).

Nothing is fetched: the files are on disk. Exports are read by the same path as every
sheet, so a bad value or a missing column is a located problem in one ``InputError``.
Values Kolada marks as missing keep their ``status`` and stay NA, never 0.
Data: "Källa: Kolada".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .._text import fold
from ..contract import INDICATOR_DTYPES, KOLADA_HEADERS, RIKTNING_WORDS, conform
from ..problems import InputError, Problem
from .context import Context
from .files import list_files
from .header import header_synonyms
from .profile import Profile, find_profile
from .sheet import derive_id, read_sheet
from .sources import open_sheets
from .values import parse_numbers, parse_years
from .vocabulary import Vocabulary

__all__ = ["KOLADA_COLUMNS", "KoladaGroup", "read_kolada", "read_kolada_groups"]

#: Columns ``read_kolada`` adds after the indicator columns.
KOLADA_COLUMNS = ("kommun", "status", "beskrivning")

_UNIT_AT_END = re.compile(
    r",\s*([^,]*(?:%|kr\b|kronor|antal|andel|dagar|timmar|år\b|/|per\s|poäng|invånare|"
    r"ton\b|kg\b|km\b|index)[^,]*)$", re.IGNORECASE)
_DATE = re.compile(r"(20\d\d-\d\d-\d\d)")


def _unit(title: str) -> str | None:
    """The unit a Kolada title ends with: "..., 1000 kr/invånare" -> "1000 kr/invånare"."""
    if title.rstrip().endswith("(%)"):
        return "%"
    match = _UNIT_AT_END.search(title)
    return match.group(1).strip() if match else None


@dataclass
class KoladaGroup:
    """A peer group and the snapshot it came from (groups change between years)."""

    id: str
    title: str
    members: list[str]
    snapshot: str = ""


@dataclass
class _Collected:
    data: list[dict] = field(default_factory=list)
    kpis: dict[str, dict] = field(default_factory=dict)
    municipalities: dict[str, str] = field(default_factory=dict)
    groups: list[KoladaGroup] = field(default_factory=list)
    exports: list[pd.DataFrame] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    deleted: int = 0
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _kind(items: list[dict]) -> str | None:
    """Which Kolada endpoint a list of items came from."""
    if not items:
        return "empty"
    first = items[0]
    if "kpi" in first and "period" in first:
        return "data"
    if "members" in first:
        return "groups"
    if "id" in first and "title" in first and ("operating_area" in first or "description" in
                                               first or "is_divided_by_gender" in first):
        return "kpi"
    if "id" in first and "title" in first:
        return "municipality"
    return None


def _collect(paths: Iterable[Path], table: Mapping[str, str] | None = None) -> _Collected:
    got = _Collected()
    for path in paths:
        if path.suffix.lower() == ".json":
            _take_json(path, got)
            continue
        try:
            export = _read_export(path, table or kolada_headers())
        except InputError as err:
            got.problems += err.problems
            continue
        if export is None:
            got.skipped.append(f"{path.name}: ingen tabell med nyckeltalsvärden")
        else:
            got.notes += export.attrs.pop("notes", [])
            got.exports.append(export)
    return got


def _take_json(path: Path, got: _Collected) -> None:
    """One saved API response: its items go where their endpoint says."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        got.problems.append(Problem(file=path.name, code="json", message=(
            f"Filen är inte giltig JSON ({exc.__class__.__name__})."),
            hint="Spara svaret från Kolada-API:t som det är, t.ex. med curl -o."))
        return
    items = payload.get("values") if isinstance(payload, dict) else payload
    kind = _kind(items) if isinstance(items, list) else None
    if kind is None:
        got.problems.append(Problem(file=path.name, code="json", message=(
            "JSON-filen ser inte ut som ett svar från Kolada (data, kpi, municipality "
            "eller municipality_groups)."), hint="Läs Kolada-API:ts svar oförändrade."))
        return
    stamp = _DATE.search(path.name)
    if kind == "data":
        got.data += [{**item, "_file": path.name, "_fetched": stamp.group(1) if stamp else ""}
                     for item in items]
    elif kind == "kpi":
        got.kpis.update({str(k["id"]): k for k in items})
    elif kind == "municipality":
        got.municipalities.update({str(m["id"]): str(m["title"]) for m in items})
    elif kind == "groups":
        snapshot = f"{path.name}" + (f" ({stamp.group(1)})" if stamp else "")
        if stamp and path.name.startswith("kolada-"):  # written by styranalys kolada fetch
            snapshot = f"Kolada, hämtat {stamp.group(1)}"
        got.groups += [KoladaGroup(str(g["id"]), str(g.get("title", "")),
                                   [str(m["id"]) if isinstance(m, dict) else str(m)
                                    for m in g.get("members", [])], snapshot)
                       for g in items]


def _flatten(collected: _Collected) -> pd.DataFrame:
    """One row per KPI, municipality, period and gender from the data responses."""
    rows = []
    for item in collected.data:
        if item.get("isdeleted"):
            collected.deleted += max(1, len(item.get("values", [])))
            continue
        where = str(item.get("municipality", item.get("ou", "")))
        for value in item.get("values", []):
            if value.get("isdeleted"):
                collected.deleted += 1
                continue
            rows.append((str(item["kpi"]), where, item["period"], value.get("gender", "T"),
                         value.get("value"), value.get("status") or None, item["_file"],
                         item["_fetched"]))
    frame = pd.DataFrame(rows, columns=["kpi", "kommun_id", "period", "kon", "varde", "status",
                                        "_file", "_fetched"])
    frame["ar"], bad, _ = parse_years(frame["period"].astype(object))
    for pos in np.flatnonzero(bad.to_numpy()):
        collected.problems.append(Problem(
            file=frame["_file"].iat[pos], code="ar",
            message=f"Perioden {frame['period'].iat[pos]!r} är inget år.",
            hint="Kolada-data läses per år."))
    values, _, not_number = parse_numbers(frame["varde"].astype(object))
    for pos in np.flatnonzero(not_number.to_numpy()):
        row = frame.iloc[pos]
        collected.problems.append(Problem(
            file=row["_file"], code="tal",
            message=f"Värdet {row['varde']!r} för {row['kpi']}, kommun {row['kommun_id']}, "
                    f"{row['period']} ({row['kon']}) är inget tal.",
            hint="Kolada-API:t ger ett tal eller null; spara svaret oförändrat."))
    frame["varde"] = values
    return frame[~bad.to_numpy()]


def kolada_headers(extra: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
    """The heading table for Kolada's export: ours, with Kolada's own words laid over it,
    and a profile's ``extra`` headings over both."""
    table = header_synonyms()
    table.update({fold(h): f for f, hs in KOLADA_HEADERS.items() for h in hs})
    table.update(header_synonyms(extra) if extra else {})
    return table


def _read_export(path: Path, table: Mapping[str, str]) -> pd.DataFrame | None:
    """The web tool's CSV/Excel export, long or with years as columns, read by the same
    path as every sheet (:class:`~styranalys.read.layouts.kolada_export.KoladaExport`);
    None when the file holds no table of KPI values. Raises InputError with every
    located problem."""
    frames, problems = [], []
    notes = []
    for sheet in open_sheets(path):
        result = read_sheet(sheet, "kolada", table, Context(), Vocabulary.default())
        problems += result.problems
        notes += [f"{path.name}{', blad ' + sheet.name if sheet.name else ''}: {n}"
                  for n in result.notes]
        if result.frame is not None:
            frames.append(result.frame)
    if problems:
        raise InputError(problems)
    if not frames:
        return None
    out = pd.concat(frames, ignore_index=True)
    # "1885 Lindesberg" in one cell: split code and name.
    split = out["kommun_text"].str.extract(r"^\s*(\d{4})\s+(.+)$")
    out["kommun_id"] = out["kommun_id"].fillna(split[0])
    out["kommun_namn"] = split[1].fillna(out["kommun_text"])
    out.attrs["notes"] = notes
    return out


def _load_mapping(mapping: pd.DataFrame | str | Path | None) -> pd.DataFrame | None:
    """The user's KPI -> nämnd, goal, direction, baseline, target table."""
    if mapping is None:
        return None
    if not isinstance(mapping, pd.DataFrame):
        mapping = pd.read_csv(mapping, sep=None, engine="python", dtype=str,
                              encoding="utf-8-sig")
    cols = {fold(c).replace(" ", "_"): c for c in mapping.columns}
    aliases = {"kpi": ["kpi", "indikator_id", "nyckeltal", "nyckeltals_id"],
               "namnd": ["namnd"], "mal_id": ["mal_id"], "mal": ["mal", "utvecklingsmal"],
               "maltyp": ["maltyp"], "riktning": ["riktning"],
               "ingangsvarde": ["ingangsvarde"], "malvarde": ["malvarde"], "malar": ["malar"]}
    out = pd.DataFrame({key: mapping[cols[a]] for key, names in aliases.items()
                        for a in names if a in cols})
    if "kpi" not in out:
        raise ValueError("Kopplingstabellen behöver en kolumn kpi (Kolada-id, t.ex. N03702).")
    out["kpi"] = out["kpi"].str.strip()
    return out


def read_kolada(paths: str | Path | Iterable[str | Path], *, own: str | None = None,
                mapping: pd.DataFrame | str | Path | None = None,
                fetched: str | None = None, period: str = "bokslut",
                profile: Profile | str | Path | None = None) -> pd.DataFrame:
    """Kolada files (JSON responses and web exports) as the indicator frame.

    Beside the contract's columns: ``kommun`` ("1885 Lindesberg"), ``status`` (Kolada's
    status, e.g. "Missing"; the value then stays NA) and ``beskrivning`` (the KPI's
    description). ``indikator_id`` is the KPI id, ``kon`` the gender, ``kalla``
    "Kolada <kpi> <fetch date>" (the date from ``fetched``, or a YYYY-MM-DD in the file name).

    ``mapping`` (a frame or CSV: kpi, namnd, mal_id or mal [+ maltyp], riktning,
    ingangsvarde, malvarde, malar) links KPIs to the municipality's own goals: its nämnd,
    goal, baseline and target go to the rows of ``own`` (a municipality code), its
    direction to every row of the KPI. Without a mapping, ``namnd`` is the municipality.
    Rows marked ``isdeleted`` are dropped and counted in ``attrs["styranalys"]``.
    The ``[headers]`` of ``profile`` (by default the ``styranalys.toml`` of the folder) name
    an export's columns where Kolada's words do not.
    """
    paths = _as_list(paths)
    found = find_profile(paths, profile)
    table = kolada_headers(found.headers) if found else None
    collected = _collect(list_files(paths, suffixes=(".json", ".csv", ".xlsx", ".xls",
                                                      ".ods")), table)
    frames = []
    if collected.data:
        frames.append(_flatten(collected))
    for export in collected.exports:
        frames.append(export)
    if collected.problems:
        raise InputError(collected.problems)
    if not frames:
        raise InputError([Problem(file=str(paths), code="kolada",
                                  message="Hittade inga Kolada-data bland filerna.",
                                  hint="Ange JSON-svar från /v3/data eller en export.")])
    data = pd.concat(frames, ignore_index=True)
    before = len(data)
    # a municipality or group named only by its name ("Riket", "Större stad") is that name
    data["_kommun"] = data["kommun_id"].astype(object).where(
        data["kommun_id"].notna(), data["kommun_namn"].astype(object)
        if "kommun_namn" in data else None)
    key = ["kpi", "_kommun", "ar", "kon"]
    data = data.drop_duplicates([*key, "varde", "status"])
    conflicts = data[data.duplicated(key, keep=False)]
    if not conflicts.empty:
        raise InputError([Problem(file=r["_file"], code="dubblett", message=(
            f"{r['kpi']} för {r['_kommun']} {r['ar']} ({r['kon']}) har olika värden i "
            "olika filer."), hint="Läs bara ett uttag av samma nyckeltal och år.")
            for _, r in conflicts.drop_duplicates(key).iterrows()])
    names = collected.municipalities
    code = data["kommun_id"].astype(object).where(data["kommun_id"].notna(), None)
    name = code.map(lambda c: names.get(c) if c else None)
    if "kommun_namn" in data:
        name = name.where(name.notna(), data["kommun_namn"].astype(object))
    by_name = {v: k for k, v in names.items()}  # an export may give only the name
    code = code.where(code.notna(), name.map(
        lambda n: by_name.get(n) if isinstance(n, str) else None))
    data["kommun"] = [" ".join(p for p in (c, n) if isinstance(p, str) and p)
                      for c, n in zip(code, name, strict=True)]
    meta = collected.kpis
    titles = data["kpi"].map(lambda k: meta.get(k, {}).get("title")).astype(object)
    if "titel" in data:
        titles = titles.where(titles.notna(), data["titel"].astype(object))
    missing_meta = sorted(set(data.loc[titles.isna(), "kpi"]))
    date = fetched or ""
    out = pd.DataFrame({
        "indikator_id": data["kpi"], "indikator": titles.fillna(data["kpi"]),
        "namnd": data["kommun"], "mal_id": pd.NA,
        "enhet": titles.map(lambda t: _unit(t) if isinstance(t, str) else None),
        "riktning": pd.NA, "ar": data["ar"], "period": period, "varde": data["varde"],
        "ingangsvarde": np.nan, "malvarde": np.nan, "malar": pd.NA, "kon": data["kon"],
        "kalla": ("Kolada " + data["kpi"] + " " + (data["_fetched"].where(
            data["_fetched"] != "", date) if date else data["_fetched"])).str.strip(),
        "kommun": data["kommun"], "status": data["status"],
        "beskrivning": data["kpi"].map(lambda k: meta.get(k, {}).get("description")),
    })
    out = _apply_mapping(out, _load_mapping(mapping), own)
    out = conform(out, INDICATOR_DTYPES, keep=KOLADA_COLUMNS)
    out[list(KOLADA_COLUMNS)] = out[list(KOLADA_COLUMNS)].astype("string")
    out.attrs["styranalys"] = {"deleted": collected.deleted, "skipped": collected.skipped,
                               "notes": collected.notes,
                               "duplicates_dropped": before - len(data),
                               "kpi_without_metadata": missing_meta,
                               "groups": [g.__dict__ for g in collected.groups]}
    return out


def _apply_mapping(out: pd.DataFrame, mapping: pd.DataFrame | None,
                   own: str | None) -> pd.DataFrame:
    if mapping is None:
        return out
    by_kpi = mapping.drop_duplicates("kpi").set_index("kpi")
    if "riktning" in by_kpi:
        words = by_kpi["riktning"].map(lambda w: RIKTNING_WORDS.get(fold(w)) if isinstance(
            w, str) else None)
        out["riktning"] = out["indikator_id"].map(words)
    mine = out["indikator_id"].isin(by_kpi.index)
    if own is not None:
        mine &= out["kommun"].str.startswith(str(own))
    ids = out.loc[mine, "indikator_id"]
    if "namnd" in by_kpi:
        out.loc[mine, "namnd"] = ids.map(by_kpi["namnd"]).fillna(out.loc[mine, "namnd"])
    if "mal_id" in by_kpi:
        out.loc[mine, "mal_id"] = ids.map(by_kpi["mal_id"])
    elif "mal" in by_kpi:
        maltyp = by_kpi.get("maltyp", "utvecklingsmal")
        goal_ids = {k: derive_id("M", by_kpi.at[k, "namnd"] if "namnd" in by_kpi else "",
                                 maltyp if isinstance(maltyp, str) else maltyp[k],
                                 by_kpi.at[k, "mal"]) for k in by_kpi.index
                    if isinstance(by_kpi.at[k, "mal"], str)}
        out.loc[mine, "mal_id"] = ids.map(goal_ids)
    for col in ("ingangsvarde", "malvarde"):
        if col in by_kpi:
            values, _, _ = parse_numbers(by_kpi[col].astype(object))
            out.loc[mine, col] = ids.map(pd.Series(values.to_numpy(), index=by_kpi.index))
    if "malar" in by_kpi:
        years, *_ = parse_years(by_kpi["malar"].astype(object))
        out.loc[mine, "malar"] = ids.map(pd.Series(years.to_numpy(), index=by_kpi.index))
    return out


def read_kolada_groups(paths: str | Path | Iterable[str | Path]) -> list[KoladaGroup]:
    """The peer groups (``/v3/municipality_groups`` responses) among the files, with their
    snapshot (file name and date)."""
    return _collect(list_files(_as_list(paths), suffixes=(".json",))).groups


def _as_list(paths: str | Path | Iterable[str | Path]) -> list[str | Path]:
    return [paths] if isinstance(paths, str | Path) else list(paths)
