"""Write the example data in ``data/raw/`` as municipalities keep such files.

Run: ``python scripts/make_example_data.py``. Deterministic: the same files every run.

- Real: Lindesbergs kommunfullmäktige's outcome 2021 (the annual report's three two-column
  tables), Tillväxtnämnden's three development goals (2022), and Lindesberg's
  bruttoregionprodukt from Kolada ("Källa: Kolada").
- ILLUSTRATIVE: goals and indicators 2017-2024 for the five nämnder named in the seed
  documents. Invented numbers, labelled as such in every file.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
#: The shipped snapshot of Kolada's API answers, real values for Lindesberg and its peers.
KOLADA_SRC = RAW / "kolada"
YEARS = list(range(2017, 2025))
ILLUSTRATIVE = ("ILLUSTRATIVA DATA: påhittade bedömningar och värden som visar hur styranalys "
                "fungerar. Inte Lindesbergs kommuns verkliga uppföljning.")

WORDING = {
    "grunduppdrag": {4: "Grunduppdraget uppnås", 3: "Grunduppdraget uppnås till stor del",
                     2: "Grunduppdraget uppnås delvis", 1: "Grunduppdraget uppnås inte"},
    "kvalitetsfaktor": {4: "Kvalitén uppnås", 3: "Kvalitén är på väg att uppnås",
                        2: "Kvalitén är på väg att inte uppnås", 1: "Kvalitén uppnås inte"},
    "utvecklingsmal": {4: "Målet är uppfyllt", 3: "Målet är på väg att uppfyllas",
                       2: "Målet är på väg att inte uppfyllas", 1: "Målet är inte uppfyllt"},
}
TYPE_LABEL = {"grunduppdrag": "Grunduppdrag", "kvalitetsfaktor": "Kvalitetsfaktor",
              "utvecklingsmal": "Utvecklingsmål"}

# nämnd -> [(maltyp, område, goal text)]
GOALS = {
    "Kommunstyrelsen": [
        ("grunduppdrag", "Samhälle och demokrati",
         "Leda, samordna och ha uppsikt över kommunens verksamheter"),
        ("kvalitetsfaktor", "Välfärd och service", "God ekonomisk hushållning"),
        ("kvalitetsfaktor", "Arbetsgivare", "Friska medarbetare"),
        ("utvecklingsmal", "Arbetsgivare", "Ökad digitalisering inom verksamheterna"),
        ("utvecklingsmal", "Arbetsgivare", "Minskad sjukfrånvaro bland medarbetarna"),
    ],
    "Barn- och utbildningsnämnden": [
        ("grunduppdrag", "Välfärd och service", "Förskola och skola enligt skollagen"),
        ("kvalitetsfaktor", "Välfärd och service", "Trygg och stimulerande lärmiljö"),
        ("utvecklingsmal", "Välfärd och service", "Ökad måluppfyllelse i skolan"),
        ("utvecklingsmal", "Välfärd och service",
         "Fler elever ska vara behöriga till gymnasiets yrkesprogram"),
    ],
    "Socialnämnden": [
        ("grunduppdrag", "Välfärd och service",
         "Stöd och omsorg enligt socialtjänstlagen och LSS"),
        ("kvalitetsfaktor", "Välfärd och service", "God kommunal service"),
        ("utvecklingsmal", "Välfärd och service",
         "Fler ska gå från försörjningsstöd till egen försörjning"),
        ("utvecklingsmal", "Välfärd och service", "Ökad nöjdhet inom äldreomsorgen"),
    ],
    "Samhällsbyggnadsnämnden Bergslagen": [
        ("grunduppdrag", "Samhälle och demokrati",
         "Myndighetsutövning inom plan, bygg och miljö"),
        ("kvalitetsfaktor", "Samhälle och demokrati", "Rättssäker och snabb handläggning"),
        ("utvecklingsmal", "Samhälle och demokrati", "Kortare handläggningstid för bygglov"),
        ("utvecklingsmal", "Samhälle och demokrati", "Minskade utsläpp av växthusgaser"),
    ],
    "Tillväxtnämnden": [
        ("grunduppdrag", "Samhälle och demokrati",
         "Kultur, fritid, arbetsmarknad och näringsliv för kommunens invånare"),
        ("kvalitetsfaktor", "Samhälle och demokrati",
         "Samverkan internt och externt för att möta framtidens välfärdsutmaningar"),
        # The three real development goals from the 2022 seed document.
        ("utvecklingsmal", "Samhälle och demokrati",
         "Skapa förutsättningar och tillgängliggöra kultur- och fritidsaktiviteter för fler "
         "barn och unga"),
        ("utvecklingsmal", "Samhälle och demokrati",
         "Utifrån Tillväxtnämndens verksamheter öka attraktiviteten av Lindesbergs kommun"),
        ("utvecklingsmal", "Samhälle och demokrati",
         "Verka för att tillgängliggöra och synliggöra Tillväxtnämndens verksamheter mer"),
    ],
}

# (nämnd, goal index in GOALS, id, name, unit, direction, baseline, target, target year,
#  yearly drift). A goal with no indicator here is a measurability gap on purpose.
INDICATORS = [
    ("Kommunstyrelsen", 3, "", "Andel ärendetyper med e-tjänst", "%", "högre", 22.0, 60.0,
     2024, 4.5),
    ("Kommunstyrelsen", 4, "", "Sjukfrånvaro bland medarbetarna", "%", "lägre", 8.4, 6.5,
     2024, -0.15),
    ("Barn- och utbildningsnämnden", 2, "", "Genomsnittligt meritvärde i årskurs 9", "poäng",
     "högre", 205.0, None, None, 1.2),
    ("Barn- och utbildningsnämnden", 3, "N15419", "Elever i åk 9 behöriga till yrkesprogram",
     "%", "högre", 78.5, 90.0, 2024, 0.6),
    ("Socialnämnden", 2, "", "Andel som lämnat försörjningsstöd för egen försörjning", "%",
     "högre", 31.0, 40.0, 2024, 0.9),
    ("Socialnämnden", 3, "", "Brukarbedömning äldreomsorg, helhetssyn nöjd", "%", "högre",
     82.0, 90.0, 2024, -0.3),
    ("Samhällsbyggnadsnämnden Bergslagen", 2, "", "Handläggningstid för bygglov, median",
     "dagar", "lägre", 41.0, 28.0, 2024, -1.8),
    ("Samhällsbyggnadsnämnden Bergslagen", 3, "", "Utsläpp av växthusgaser per invånare",
     "ton CO2e/inv", "lägre", 5.9, None, None, -0.12),
    ("Tillväxtnämnden", 2, "", "Deltagartillfällen i kultur- och fritidsaktiviteter, 7–20 år",
     "antal", "högre", 41_250.0, 48_000.0, 2024, 650.0),
    ("Tillväxtnämnden", 3, "", "Besök på biblioteken per invånare", "antal/inv", "högre",
     4.1, None, None, 0.05),
]


def _levels(rng: np.random.Generator, n: int) -> list[int | None]:
    """A plausible random walk of levels 1-4, sometimes not assessed."""
    level = int(rng.integers(2, 5))
    out: list[int | None] = []
    for _ in range(n):
        level = int(np.clip(level + rng.choice([-1, 0, 0, 0, 1]), 1, 4))
        out.append(None if rng.random() < 0.06 else level)
    return out


def _swedish(x: float, decimals: int = 1) -> str:
    text = f"{x:,.{decimals}f}".replace(",", " ").replace(".", ",")
    return text.replace(" ", "\u00a0")


def write_kf_2021() -> None:
    """The real 2021 outcome, as the annual report's three two-column tables."""
    wb = openpyxl.Workbook()
    tables = [
        ("Grunduppdrag", "Grunduppdrag och uppfyllelse",
         ("Grunduppdrag", "Uppfyllelse av grunduppdrag"), [
             ("Arbetsgivare", "Grunduppdraget uppnås till stor del"),
             ("Välfärd och service", "Grunduppdraget uppnås till stor del"),
             ("Samhälle och demokrati", "Grunduppdraget uppnås till stor del")]),
        ("Kvalitetsfaktorer", "Kvalitetsfaktor och grad av kvalitet",
         ("Kvalitetsfaktor", "Grad av kvalitet"), [
             ("God ekonomisk hushållning", "Kvalitén uppnås"),
             ("Samverkan internt och externt för att möta framtidens välfärdsutmaningar",
              "Kvalitén är på väg att uppnås"),
             ("Attraktiv arbetsgivare med fokus på arbetsmiljö, ledarskap, medarbetarskap och "
              "kompetensförsörjning", "Kvalitén är på väg att uppnås"),
             ("God kommunal service", "Kvalitén är på väg att uppnås"),
             ("Friska medarbetare", "Kvalitén är på väg att inte uppnås")]),
        ("Utvecklingsmål", "Utvecklingsmål och måluppfyllnad",
         ("Utvecklingsmål", "Måluppfyllnad"), [
             ("Samverkan mellan kommunen och näringsliv ska öka",
              "Målet är på väg att uppfyllas"),
             ("Ökad måluppfyllelse i skolan", "Målet är på väg att uppfyllas"),
             ("En ökad långsiktig ekonomisk planering", "Målet är uppfyllt"),
             ("Ökad digitalisering inom verksamheter och kommunen för att klara av "
              "kompetensförsörjningen och välfärden i framtiden",
              "Målet är på väg att uppfyllas"),
             ("Lindesbergs kommun ska bli mer inkluderande",
              "Målet är på väg att inte uppfyllas")]),
    ]
    for i, (sheet, title, header, rows) in enumerate(tables):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = sheet
        ws.append(["Kommunfullmäktige, utfall bokslut 2021"])
        ws.append([title])
        ws.append([])
        ws.append(list(header))
        for r in rows:
            ws.append(list(r))
        ws.append([])
        ws.append(["Källa: Lindesbergs kommun, årsredovisning 2021 (Styrning och uppföljning)."])
        ws.column_dimensions["A"].width = 70
        ws.column_dimensions["B"].width = 40
    wb.save(RAW / "kf_arsredovisning_2021.xlsx")


def write_tillvaxt_2022() -> None:
    """Tillväxtnämnden's three real goals as a cp1252 CSV from Excel; not yet assessed."""
    rows = [["Nämnd", "År", "Period", "Måltyp", "Utvecklingsmål", "Bedömning", "Kommentar"]]
    for _, _, text in GOALS["Tillväxtnämnden"][2:]:
        rows.append(["Tillväxtnämnden", "2022", "Delår", "Utvecklingsmål", text, "Ej bedömd",
                     "Utvecklingsindikatorer och utfall redovisas till delårsuppföljningen 2022."])
    rows.append([])
    rows.append(["Källa: Tydligare och mer mätbara utvecklingsmål, 11 juli 2022."])
    with (RAW / "tillvaxtnamnden_utvecklingsmal_2022.csv").open("w", encoding="cp1252",
                                                                newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)


def write_illustrative_goals(rng: np.random.Generator) -> None:
    """One sheet per nämnd, years as columns (Socialnämnden: a long CSV instead)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    long_rows = [["Nämnd", "År", "Måltyp", "Målområde", "Mål", "Bedömning", "Kommentar"]]
    for namnd, goals in GOALS.items():
        levels = {g: _levels(rng, len(YEARS)) for g in range(len(goals))}
        if namnd == "Socialnämnden":
            for g, (maltyp, omrade, text) in enumerate(goals):
                for y, lvl in zip(YEARS, levels[g], strict=True):
                    words = "Ej bedömd" if lvl is None else WORDING[maltyp][lvl]
                    long_rows.append([namnd, str(y), TYPE_LABEL[maltyp], omrade, text, words,
                                      ""])
            continue
        ws = wb.create_sheet(namnd[:31])
        ws.append([f"{namnd}: måluppföljning 2017–2024"])
        ws.append([ILLUSTRATIVE])
        ws.append([])
        ws.append(["Måltyp", "Område", "Mål", *[f"Bokslut {y}" for y in YEARS]])
        for g, (maltyp, omrade, text) in enumerate(goals):
            cells = ["Ej bedömd" if lvl is None else WORDING[maltyp][lvl] for lvl in levels[g]]
            ws.append([TYPE_LABEL[maltyp], omrade, text, *cells])
        ws.append([])
        ws.append(["Källa: illustrativa data i styranalys."])
    wb.save(RAW / "illustrativ_maluppfoljning_2017-2024.xlsx")
    long_rows += [[], ["Källa: illustrativa data i styranalys. " + ILLUSTRATIVE]]
    with (RAW / "illustrativ_socialnamnden_mal_2017-2024.csv").open(
            "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(long_rows)


def _series(rng: np.random.Generator, base: float, drift: float) -> list[float]:
    noise = rng.normal(0, abs(drift) * 0.8 + abs(base) * 0.004, len(YEARS))
    return [base + drift * i + e for i, e in enumerate(noise)]


def write_illustrative_indicators(rng: np.random.Generator) -> None:
    """Wide xlsx with Swedish number text and '..' gaps; Socialnämnden long in ODS."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Indikatorer"
    ws.append(["Indikatorer till utvecklingsmålen 2017–2024"])
    ws.append([ILLUSTRATIVE])
    ws.append(["Nämnd", "Utvecklingsmål", "Indikator-ID", "Indikator", "Enhet",
               "Önskad riktning", "Ingångsvärde", "Målvärde", "Målår",
               *[str(y) for y in YEARS]])
    long = []
    for namnd, g, kpi, name, unit, riktning, base, target, target_year, drift in INDICATORS:
        values = _series(rng, base, drift)
        goal = GOALS[namnd][g][2]
        decimals = 0 if unit == "antal" else 1
        if namnd == "Socialnämnden":
            for y, v in zip(YEARS, values, strict=True):
                long.append({"Nämnd": namnd, "Utvecklingsmål": goal, "Indikator": name,
                             "Enhet": unit, "Riktning": riktning, "År": y,
                             "Utfall": round(v, decimals), "Ingångsvärde": base,
                             "Målvärde": target, "Målår": target_year})
            continue
        cells: list[object] = [_swedish(v, decimals) for v in values]
        cells[int(rng.integers(1, len(YEARS) - 1))] = ".."  # one gap, as Kolada writes it
        ws.append([namnd, goal, kpi or None, name, unit, riktning, _swedish(base, decimals),
                   None if target is None else _swedish(target, decimals), target_year, *cells])
    ws.append([])
    ws.append(["Källa: illustrativa data i styranalys. .. = uppgift saknas."])
    wb.save(RAW / "illustrativa_indikatorer_2017-2024.xlsx")
    frame = pd.DataFrame(long)
    # A title row above the table, as analysts add them.
    titled = pd.concat([pd.DataFrame([[ILLUSTRATIVE]]), pd.DataFrame([[]]),
                        pd.DataFrame([frame.columns.tolist()]),
                        pd.DataFrame(frame.to_numpy())], ignore_index=True)
    with pd.ExcelWriter(RAW / "illustrativ_socialnamnden_indikatorer.ods", engine="odf") as xw:
        titled.to_excel(xw, sheet_name="Socialnämnden", index=False, header=False)


def write_kolada() -> None:
    """Lindesberg's real BRP per invånare from Kolada, as a long CSV linked to a KF goal."""
    data = json.loads((KOLADA_SRC / "data_brp_2012-2019.json").read_text(encoding="utf-8"))
    rows = [["Indikator-ID", "Indikator", "Nämnd", "Utvecklingsmål", "Enhet", "Riktning", "År",
             "Värde"]]
    for item in data["values"]:
        if item["municipality"] != "1885" or item["kpi"] != "N03702":
            continue
        value = item["values"][0]["value"]
        rows.append(["N03702", "Bruttoregionprodukt, kommun (BRP), 1000 kr/invånare",
                     "Kommunfullmäktige", "Samverkan mellan kommunen och näringsliv ska öka",
                     "1000 kr/inv", "högre", str(item["period"]),
                     ".." if value is None else _swedish(value, 1).replace("\u00a0", " ")])
    rows += [[], ["Källa: Kolada (N03702, Lindesberg 1885), hämtat 2024."]]
    with (RAW / "kolada_brp_lindesberg.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)


def main() -> None:
    RAW.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20211231)
    write_kf_2021()
    write_tillvaxt_2022()
    write_illustrative_goals(rng)
    write_illustrative_indicators(rng)
    write_kolada()
    print(f"Skrev exempeldata till {RAW}")


if __name__ == "__main__":
    main()
