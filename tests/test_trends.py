"""trends(): every rule against hand-computed values, scipy, and brute-force Mann–Kendall."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd
import pytest
from conftest import RAW
from scipy import stats

import styranalys as sa
from styranalys.analysis.trends import TREND_COLUMNS
from styranalys.contract import INDICATOR_DTYPES, conform


def series(values: dict[int, float | None], *, riktning: str | None = "hogre",
           ingangsvarde: float | None = None, malvarde: float | None = None,
           indikator_id: str = "X1", namnd: str = "KS", kon: str = "T") -> pd.DataFrame:
    rows = [{"indikator_id": indikator_id, "indikator": indikator_id, "namnd": namnd,
             "riktning": riktning, "ar": y, "period": "bokslut", "varde": v,
             "ingangsvarde": ingangsvarde, "malvarde": malvarde, "kon": kon, "kalla": "t"}
            for y, v in values.items()]
    return conform(pd.DataFrame(rows), INDICATOR_DTYPES)


def one(frame: pd.DataFrame, **kw) -> pd.Series:
    out = sa.trends(frame, **kw)
    assert len(out) == 1
    return out.iloc[0]


def test_slopes_with_gaps_use_the_real_years():
    # Years 2015, 2016, 2019, 2020 (gaps 2017-2018), values on the line 2x - 4000 but one odd.
    t = one(series({2015: 30.0, 2016: 32.0, 2019: 38.0, 2020: 60.0}))
    x = np.array([2015, 2016, 2019, 2020.0])
    y = np.array([30, 32, 38, 60.0])
    assert t["ols_lutning"] == pytest.approx(np.polyfit(x, y, 1)[0])
    # Theil–Sen: median of the 6 pairwise slopes 2, 8/4=2, 30/5=6, 6/3=2, 28/4=7, 22/1=22 -> 4
    assert t["theil_sen_lutning"] == pytest.approx(4.0)
    assert t["antal_ar"] == 4 and t["forsta_ar"] == 2015 and t["sista_ar"] == 2020
    assert t["forandring"] == pytest.approx(30.0)
    assert t["relativ_forandring"] == pytest.approx(1.0)


def test_missing_values_are_gaps_and_short_series_get_na():
    t = one(series({2019: 5.0, 2020: None, 2021: 7.0}))
    assert t["antal_ar"] == 2 and t["ols_lutning"] == pytest.approx(1.0)
    single = one(series({2021: 5.0}))
    assert single["antal_ar"] == 1
    for col in ("ols_lutning", "theil_sen_lutning", "mk_s", "mk_p", "bedomning", "forandring"):
        assert pd.isna(single[col]), col


def test_mann_kendall_with_ties_is_exact():
    values = [3.0, 5.0, 5.0, 4.0, 7.0, 7.0]
    t = one(series(dict(zip(range(2018, 2024), values, strict=True))))
    # S by hand: pairs (i<j) sign(y_j - y_i)
    s = sum(np.sign(values[j] - values[i]) for i in range(6) for j in range(i + 1, 6))
    assert t["mk_s"] == s == 9
    # Exact p: share of all orderings of the same values with |S| >= |s|.
    perms = list(itertools.permutations(values))
    stat = [sum(np.sign(p[j] - p[i]) for i in range(6) for j in range(i + 1, 6)) for p in perms]
    exact = np.mean(np.abs(stat) >= abs(s))
    assert t["mk_p"] == pytest.approx(exact)


def test_mann_kendall_without_ties_matches_kendall_tau_exact():
    values = [12.0, 11.0, 15.0, 14.0, 18.0, 17.0, 21.0, 16.0]
    t = one(series(dict(zip(range(2015, 2023), values, strict=True))))
    tau = stats.kendalltau(np.arange(8), values, method="exact")
    assert t["mk_p"] == pytest.approx(tau.pvalue)


def test_long_series_use_the_normal_approximation():
    rng = np.random.default_rng(1)
    values = np.cumsum(rng.normal(0.3, 1, 20))
    t = one(series(dict(zip(range(2001, 2021), values, strict=True))))
    n = 20
    s = t["mk_s"]
    z = (abs(s) - 1) / np.sqrt(n * (n - 1) * (2 * n + 5) / 18)
    assert t["mk_p"] == pytest.approx(2 * stats.norm.sf(z))


def test_verdict_is_direction_aware_with_a_tolerance():
    rising = {2019: 100.0, 2020: 101.0, 2021: 102.0, 2022: 103.0}
    assert one(series(rising, riktning="hogre"))["bedomning"] == "förbättring"
    assert one(series(rising, riktning="lagre"))["bedomning"] == "försämring"
    assert pd.isna(one(series(rising, riktning=None))["bedomning"])
    # Change 3 against tolerance 5 % of 100: unchanged.
    assert one(series(rising), tolerance=0.05)["bedomning"] == "oförändrad"
    flat = {2019: 100.0, 2020: 100.4, 2021: 99.8, 2022: 100.5}
    assert one(series(flat))["bedomning"] == "oförändrad"


def test_target_progress_met_and_projection_lower_is_better():
    # Sickness absence: lower is better, baseline 8, target 6 by 2026.
    t = one(series({2020: 8.0, 2021: 7.5, 2022: 7.0, 2023: 6.5}, riktning="lagre",
                   ingangsvarde=8.0, malvarde=6.0))
    assert t["maluppfyllelse_andel"] == pytest.approx((6.5 - 8) / (6 - 8))  # 0.75
    assert t["mal_uppnatt"] is not pd.NA and not t["mal_uppnatt"]
    # OLS line 8 - 0.5 (x - 2020) reaches 6 in 2024.
    assert t["prognos_malar"] == 2024
    assert t["bedomning"] == "förbättring"


def test_trend_pointing_away_from_the_target_has_no_projection():
    t = one(series({2020: 50.0, 2021: 48.0, 2022: 47.0}, riktning="hogre", ingangsvarde=50.0,
                   malvarde=60.0))
    assert pd.isna(t["prognos_malar"])
    assert t["maluppfyllelse_andel"] == pytest.approx(-0.3)
    assert not t["mal_uppnatt"]


def test_target_already_met_at_baseline():
    t = one(series({2020: 5.0, 2021: 4.8, 2022: 4.9}, riktning="lagre", ingangsvarde=5.0,
                   malvarde=6.0))
    assert t["mal_uppnatt"]
    assert t["malvarde_mot_riktning"]
    assert pd.isna(t["maluppfyllelse_andel"])
    assert t["prognos_malar"] == 2022


def test_target_in_the_wrong_direction_is_flagged():
    t = one(series({2020: 80.0, 2021: 82.0, 2022: 84.0}, riktning="hogre", ingangsvarde=80.0,
                   malvarde=70.0))
    assert t["malvarde_mot_riktning"]
    assert pd.isna(t["maluppfyllelse_andel"])


def test_series_are_separated_by_namnd_kon_and_period():
    frame = pd.concat([series({2020: 1.0, 2021: 2.0}, kon="K"),
                       series({2020: 5.0, 2021: 3.0}, kon="M"),
                       series({2020: 1.0, 2021: 1.0}, namnd="SN")], ignore_index=True)
    out = sa.trends(frame).set_index(["namnd", "kon"])
    assert out.loc[("KS", "K"), "ols_lutning"] == 1.0
    assert out.loc[("KS", "M"), "ols_lutning"] == -2.0
    assert out.loc[("SN", "T"), "ols_lutning"] == 0.0


def test_matches_scipy_on_the_example_data():
    ind = sa.read_indicators(RAW)
    out = sa.trends(ind).set_index(["indikator_id", "namnd", "kon", "period"])
    assert len(out) == ind.groupby(["indikator_id", "namnd", "kon", "period"]).ngroups
    for key, g in ind.dropna(subset=["varde"]).groupby(["indikator_id", "namnd", "kon",
                                                        "period"]):
        x, y = g["ar"].astype(float), g["varde"].astype(float)
        assert out.loc[key, "ols_lutning"] == pytest.approx(stats.linregress(x, y).slope)
        assert out.loc[key, "theil_sen_lutning"] == pytest.approx(stats.theilslopes(y, x).slope)


def test_real_kolada_series():
    data = json.loads((RAW / "kolada" / "data_brp_2012-2019.json").read_text(encoding="utf-8"))
    rows = [{"indikator_id": d["kpi"], "indikator": d["kpi"], "namnd": d["municipality"],
             "ar": int(d["period"]), "period": "bokslut", "varde": v["value"], "kon": v["gender"],
             "riktning": "hogre", "kalla": "Kolada"} for d in data["values"] for v in d["values"]]
    frame = conform(pd.DataFrame(rows), INDICATOR_DTYPES)
    out = sa.trends(frame)
    lindesberg = out[(out["namnd"] == "1885") & (out["indikator_id"] == "N03702")].iloc[0]
    years = np.arange(2012, 2020.0)
    values = [289.351147, 283.612358, 307.576604, 329.258976, 336.842992, 351.077796,
              353.085896, 355.053417]
    assert lindesberg["ols_lutning"] == pytest.approx(stats.linregress(years, values).slope)
    assert lindesberg["antal_ar"] == 8
    assert lindesberg["bedomning"] == "förbättring"
    # The region-level KPIs for the municipalities have no values: no series, not zeros.
    assert not ((out["indikator_id"] == "N03701") & (out["namnd"] == "1885")).any()


def test_no_values_at_all_gives_an_empty_result_with_every_column():
    empty = sa.trends(conform(None, INDICATOR_DTYPES))
    assert list(empty.columns) == TREND_COLUMNS and len(empty) == 0
    only_na = sa.trends(series({2020: None, 2021: None}))
    assert len(only_na) == 0
