"""The report's data check: the rules, what could be checked, the self-assessments against
the indicators, and the goals that are not measurable, as tables and sentences."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from ..analysis.assessment import RULES, assessment_check
from ..analysis.measurability import measurability
from ..contract import LEVEL_LABELS, maltyp_label
from ..html_parts import Html, bullets, paragraph

__all__ = ["check_coverage", "check_rules", "check_table", "deviation_by_namnd", "gaps_table"]


def _goals_of(goals: pd.DataFrame, period: str, ar: int | None, namnd: str | None,
              ) -> pd.DataFrame:
    """The goals of a period, and of a year and a nämnd where given."""
    keep = (goals["period"] == period) & (True if ar is None else goals["ar"] == ar)
    return goals[keep & (True if namnd is None else goals["namnd"] == namnd)]


def check_table(goals: pd.DataFrame, indicators: pd.DataFrame, ar: int,
                namnd: str | None = None, period: str = "bokslut") -> pd.DataFrame:
    """The self-assessment check for a year (one nämnd or all), in Swedish columns."""
    data = _goals_of(goals, period, None, namnd)
    check = assessment_check(data, indicators, period=period)
    check = check[check["ar"] == ar]
    labels = LEVEL_LABELS["alla"]
    return pd.DataFrame({
        "Nämnd": check["namnd"].to_numpy(), "Mål": check["mal"].to_numpy(),
        "Egen bedömning": [labels[None if pd.isna(v) else int(v)] for v in check["niva"]],
        "Enligt indikatorerna": [labels[int(v)] for v in check["harledd_niva"]],
        "Regel": check["regel"].map({"mal": "målvärde", "trend": "trend",
                                     "mal/trend": "målvärde och trend"}).to_numpy(),
        "Avviker": check["avviker"].fillna(False).map({True: "ja", False: "nej"}).to_numpy(),
    })


def check_rules() -> Html:
    """The rules the self-assessment check applies, as the check is shown."""
    return bullets([("Med målvärde:", RULES["mal"]), ("Utan målvärde:", RULES["trend"])])


def check_coverage(goals: pd.DataFrame, indicators: pd.DataFrame, ar: int,
                   namnd: str | None = None, period: str = "bokslut") -> Html:
    """How many of the year's goals the check could check, and why the others could not."""
    data = _goals_of(goals, period, ar, namnd)
    check = assessment_check(data, indicators, period=period, unchecked=True)
    checked = int(check["harledd_niva"].notna().sum())
    why = Counter(check["orsak"].dropna()).most_common()
    text = f"Av {len(check)} mål kunde {checked} kontrolleras mot indikatorerna."
    parts = "; ".join(f"{n} mål: {reason}" for reason, n in why)
    return paragraph(text + (f" {len(check) - checked} kunde inte kontrolleras ({parts})."
                             if why else ""))


def gaps_table(goals: pd.DataFrame, indicators: pd.DataFrame, ar: int,
               namnd: str | None = None, period: str = "bokslut") -> pd.DataFrame:
    """The goals that are not measurable that year and what each lacks."""
    data = _goals_of(goals, period, ar, namnd)
    audit = measurability(data, indicators, period=period)
    short = audit[~audit["matbart"]]
    return pd.DataFrame({"Nämnd": short["namnd"].to_numpy(), "Mål": short["mal"].to_numpy(),
                         "Måltyp": short["maltyp"].map(maltyp_label).to_numpy(),
                         "Saknar": short["saknar"].to_numpy()})


def deviation_by_namnd(goals: pd.DataFrame, indicators: pd.DataFrame, ar: int,
                       period: str = "bokslut") -> pd.DataFrame:
    """The nämnder whose self-assessments differ most from their data, most first."""
    check = assessment_check(goals[goals["ar"] == ar], indicators, period=period,
                             unchecked=True)  # goals of the year: the check of that year
    if check["harledd_niva"].isna().all():
        return pd.DataFrame(columns=["Nämnd"])
    per = check.assign(absdiff=check["skillnad"].abs(),
                       kontrollerad=check["harledd_niva"].notna()).groupby("namnd").agg(
        kontrollerade=("kontrollerad", "sum"), mal=("mal_id", "size"),
        avviker=("avviker", "sum"), medel=("absdiff", "mean")).reset_index()
    per = per[per["kontrollerade"] > 0].sort_values(["avviker", "medel"], ascending=False)
    return pd.DataFrame({"Nämnd": per["namnd"], "Kontrollerade mål": per["kontrollerade"],
                         "Kunde inte kontrolleras": (per["mal"] - per["kontrollerade"]),
                         "Avviker minst 2 nivåer": per["avviker"].astype(int),
                         "Medelavvikelse (nivåer)": per["medel"].astype(float).round(2)})
