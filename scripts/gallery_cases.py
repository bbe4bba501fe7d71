"""The gallery's cases: every chart type on the example data, and on small made-up tables for
the shapes real files bring (long names, one goal, one year, missing years, women and men,
many nämnder, half a slide). ``make gallery`` draws them into docs/gallery/, and the tests
compare each drawing with that committed picture and check its texts and labels.

Made-up data say so in their source line ("illustrativa data").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

import styranalys as sa
from styranalys.contract import GOAL_DTYPES, INDICATOR_DTYPES, conform

ROOT = Path(__file__).resolve().parents[1]
MADE_UP = "Källa: illustrativa data, påhittade för galleriet."

Case = tuple[str, Callable[[], Figure]]


def _goals(rows: list[tuple]) -> pd.DataFrame:
    """Goals from (nämnd, år, måltyp, mål, nivå) rows."""
    frame = pd.DataFrame(rows, columns=["namnd", "ar", "maltyp", "mal", "niva"])
    frame = frame.assign(period="bokslut", mal_id=[f"M{i}" for i in range(len(frame))],
                         bedomning=frame["niva"].astype(str), kalla="illustrativ.xlsx!1")
    frame.loc[frame.duplicated("mal"), "mal_id"] = None
    frame["mal_id"] = frame.groupby("mal")["mal_id"].transform("first")
    return conform(frame, GOAL_DTYPES)


def _indicators(values: dict[str, dict[int, float]], **static: object) -> pd.DataFrame:
    """One indicator's values per kön ({"T": {2019: 3.0, …}, "K": …})."""
    rows = [{"indikator_id": "X1", "indikator": "Andel invånare som är nöjda med kollektivtrafiken",
             "namnd": "Tillväxtnämnden", "ar": year, "period": "bokslut", "varde": value,
             "kon": kon, "kalla": "illustrativ.xlsx!1", **static}
            for kon, series in values.items() for year, value in series.items()]
    return conform(pd.DataFrame(rows), INDICATOR_DTYPES)


def cases() -> dict[str, Case]:
    """Gallery name -> (what it shows, in Swedish, for docs/gallery.md; how it is drawn)."""
    raw = ROOT / "data" / "raw"
    goals = sa.read_goals(raw)
    indicators = sa.read_indicators(raw, goals=goals)
    check = sa.assessment_check(goals, indicators)
    audit = sa.measurability(goals, indicators)
    sick = indicators[indicators["indikator"] == "Sjukfrånvaro bland medarbetarna"]
    long_names = _goals([(n, 2024, "utvecklingsmal", f"Mål {i}", lvl)
                         for n in ("Samhällsbyggnadsnämnden Bergslagen och räddningstjänsten "
                                   "i norra Örebro län", "Kultur- och fritidsnämnden")
                         for i, lvl in enumerate((4, 3, 1, 2))])
    one_goal = _goals([("Kommunstyrelsen", 2024, "grunduppdrag", "Ekonomi i balans", 4),
                       ("Kommunstyrelsen", 2024, "utvecklingsmal", "Fler i arbete", 2),
                       ("Kommunstyrelsen", 2024, "utvecklingsmal", "Fler bostäder", 1),
                       ("Kommunstyrelsen", 2024, "utvecklingsmal", "Bättre service", 3)])
    one_year = _goals([("Socialnämnden", 2024, t, text, lvl) for t, text, lvl in (
        ("grunduppdrag", "Rättssäker handläggning av alla ärenden inom försörjningsstöd", 3),
        ("kvalitetsfaktor", "Brukarna är nöjda med hemtjänsten", 4),
        ("utvecklingsmal", "Fler går från försörjningsstöd till arbete eller studier", 1))])
    many = _goals([(f"{name}nämnden", 2024, "utvecklingsmal", f"Mål {i}", (i + k) % 4 + 1)
                   for k, name in enumerate(("Barn- och utbildnings", "Social", "Tillväxt",
                                             "Kultur- och fritids", "Miljö- och bygg", "Teknik",
                                             "Valutskott", "Överförmyndar", "Krisledning",
                                             "Gymnasie", "Vård- och omsorgs", "Arbetsmarknads",
                                             "Service", "Fastighets", "Lönenämnden och IT-"))
                   for i in range(3)])
    gaps = _indicators({"T": {2017: 62.0, 2018: 64.5, 2020: 66.0, 2021: 65.0, 2023: 70.5}},
                       enhet="%", riktning="hogre", ingangsvarde=60.0, malvarde=75.0,
                       malar=2026)
    kon = _indicators({"T": {2019: 61.0, 2020: 63.0, 2021: 62.0, 2022: 65.0, 2023: 67.0},
                       "K": {2019: 66.0, 2020: 67.0, 2021: 66.5, 2022: 70.0, 2023: 71.0},
                       "M": {2019: 56.0, 2020: 59.0, 2021: 57.5, 2022: 60.0, 2023: 63.0}},
                      enhet="%", riktning="hogre", ingangsvarde=60.0, malvarde=70.0,
                      malar=2025)
    kolada = sa.read_kolada(raw / "kolada")
    peers = sa.peer_comparison(kolada, "1885", ["0562", "0687", "1082", "1273", "1884", "1981",
                                                "1984"])
    return {
        "maluppfyllelse-per-namnd": (
            "`plot_fulfilment(goals, 2021, kommunen=True)` – 100 % staplar per nämnd, antal i "
            "varje del och bredvid stapeln, förklaringen från nivå 4 till ej bedömd",
            lambda: sa.plot_fulfilment(goals, 2021, kommunen=True)),
        "maluppfyllelse-over-tid": (
            "`plot_fulfilment_over_time(goals)` – andelar per nivå år för år",
            lambda: sa.plot_fulfilment_over_time(goals)),
        "malmatris": ("`plot_goal_matrix(goals, \"Tillväxtnämnden\")` – mål × år, färg och "
                      "symbol per bedömning",
                      lambda: sa.plot_goal_matrix(goals, "Tillväxtnämnden")),
        "malmatris-gratt": ("`plot_goal_matrix(..., greyscale=True)` – samma i gråskala",
                            lambda: sa.plot_goal_matrix(goals, "Tillväxtnämnden",
                                                        greyscale=True)),
        "indikatortrend": ("`plot_trend(indicators, ...)` – utfall, ingångs- och målvärde, "
                           "målår, trend och framskrivning; etiketterna bredvid diagrammet",
                           lambda: sa.plot_trend(sick)),
        "indikatorer-smamultiplar": ("`plot_trends(indicators, namnd=...)` – alla indikatorer "
                                     "för en nämnd, sex per bild",
                                     lambda: sa.plot_trends(indicators,
                                                            namnd="Tillväxtnämnden")),
        "bedomning-mot-data": ("`plot_assessment_check(check, 2024)` – egen bedömning mot "
                               "indikatorerna, avvikelser markerade",
                               lambda: sa.plot_assessment_check(check, 2024)),
        "matbarhet": ("`plot_measurability(audit, 2024)` – andel mätbara mål per nämnd och vad "
                      "de övriga saknar", lambda: sa.plot_measurability(audit, 2024)),
        "jamforelse-kolada": ("`plot_peer_comparison(jamforelse, \"N03702\")` – kommunen mot "
                              "liknande kommuner i Kolada (verkliga värden)",
                              lambda: sa.plot_peer_comparison(peers, "N03702")),
        "fall-langa-namn": ("Långa nämndnamn bryts på två rader",
                            lambda: sa.plot_fulfilment(long_names, 2024, source=MADE_UP)),
        "fall-ett-mal": ("En måltyp med ett enda mål: antalet står vid stapeln, och färre än "
                         "tre mål är markerat",
                         lambda: sa.plot_fulfilment(one_goal, 2024, per_maltyp=True,
                                                    source=MADE_UP)),
        "fall-ett-ar": ("En målmatris med ett enda år",
                        lambda: sa.plot_goal_matrix(one_year, "Socialnämnden",
                                                    source=MADE_UP)),
        "fall-saknade-ar": ("Ett år utan värde är ett glapp i linjen",
                            lambda: sa.plot_trend(gaps, source=MADE_UP)),
        "fall-kon": ("Kvinnor och män som egna linjer bredvid totalen",
                     lambda: sa.plot_trend(kon, source=MADE_UP)),
        "fall-kon-smamultiplar": ("Kvinnor och män i de små multiplarna",
                                  lambda: sa.plot_trends(kon, source=MADE_UP)),
        "fall-manga-namnder": ("Femton nämnder",
                               lambda: sa.plot_fulfilment(many, 2024, kommunen=True,
                                                          source=MADE_UP)),
        "fall-halv-maluppfyllelse": ("`size=\"half\"`: en nämnd på en halv bild",
                                     lambda: sa.plot_fulfilment(
                                         goals[goals["namnd"] == "Socialnämnden"], 2024,
                                         per_maltyp=True, size="half")),
        "fall-halv-trend": ("`size=\"half\"`: en trend på en halv bild",
                            lambda: sa.plot_trend(sick, size="half")),
    }
