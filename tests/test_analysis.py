"""fulfilment, transitions, assessment_check and measurability against hand-computed frames."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import RAW

import styranalys as sa
from styranalys.contract import GOAL_DTYPES, INDICATOR_DTYPES, conform


def goals(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (namnd, ar, maltyp, mal_id, niva)."""
    frame = pd.DataFrame(rows, columns=["namnd", "ar", "maltyp", "mal_id", "niva"])
    frame["period"] = "bokslut"
    frame["mal"] = frame["mal_id"] + " text"
    frame["kalla"] = "t"
    return conform(frame, GOAL_DTYPES)


G = goals([
    ("KS", 2021, "utvecklingsmal", "a", 4), ("KS", 2021, "utvecklingsmal", "b", 3),
    ("KS", 2021, "utvecklingsmal", "c", 3), ("KS", 2021, "utvecklingsmal", "d", 2),
    ("KS", 2021, "utvecklingsmal", "e", 1),
    ("KS", 2022, "utvecklingsmal", "a", 3), ("KS", 2022, "utvecklingsmal", "b", 3),
    ("KS", 2022, "utvecklingsmal", "c", 4), ("KS", 2022, "utvecklingsmal", "d", None),
    ("KS", 2022, "utvecklingsmal", "f", 2),
    ("SN", 2021, "kvalitetsfaktor", "k", 4), ("SN", 2021, "kvalitetsfaktor", "l", None),
])


def test_counts_shares_index_and_sentence():
    f = sa.fulfilment(G, by=["namnd", "ar"]).set_index(["namnd", "ar"])
    ks = f.loc[("KS", 2021)]
    assert (ks["antal"], ks["niva_4"], ks["niva_3"], ks["niva_2"], ks["niva_1"],
            ks["ej_bedomd"]) == (5, 1, 2, 1, 1, 0)
    assert ks["andel_niva_3"] == pytest.approx(0.4)
    assert ks["medelniva"] == pytest.approx(13 / 5)
    assert ks["andel_uppfyllda"] == pytest.approx(0.2)  # level 4 only
    assert ks["andel_uppfyllda_eller_pa_vag"] == pytest.approx(0.6)
    assert ks["sammanfattning"] == (
        "3 av 5 utvecklingsmål är uppfyllda eller på väg att uppfyllas (60\u00a0%).")
    ks22 = f.loc[("KS", 2022)]
    assert ks22["ej_bedomd"] == 1 and ks22["andel_ej_bedomd"] == pytest.approx(0.2)
    assert ks22["medelniva"] == pytest.approx(12 / 4)
    assert ks22["sammanfattning"] == ("3 av 4 bedömda utvecklingsmål är uppfyllda eller på väg "
                                      "att uppfyllas (75\u00a0%). 1 är inte bedömt.")
    sn = f.loc[("SN", 2021)]
    assert sn["sammanfattning"] == ("1 av 1 bedömd kvalitetsfaktor uppnås eller är på väg att "
                                    "uppnås (100\u00a0%). 1 är inte bedömd.")


def test_kommunen_total_row_and_any_grouping():
    f = sa.fulfilment(G, by=["namnd", "ar"], kommunen=True)
    total = f[f["kommunen"] & (f["ar"] == 2021)].iloc[0]
    assert total["antal"] == 7 and total["niva_4"] == 2 and total["ej_bedomd"] == 1
    assert pd.isna(total["namnd"])  # marked by the column, never by a name
    assert f["kommunen"].tolist()[-2:] == [True, True]  # the total comes last
    by_type = sa.fulfilment(G, by=["maltyp"])
    assert by_type.set_index("maltyp")["antal"].to_dict() == {"kvalitetsfaktor": 2,
                                                               "utvecklingsmal": 10}
    with pytest.raises(ValueError, match="gruppera"):
        sa.fulfilment(G, by=["mal"])


def test_all_not_assessed_gives_na_index_and_a_plain_sentence():
    g = goals([("KS", 2021, "grunduppdrag", "a", None), ("KS", 2021, "grunduppdrag", "b", None)])
    row = sa.fulfilment(g).iloc[0]
    assert pd.isna(row["medelniva"]) and pd.isna(row["andel_uppfyllda"])
    assert row["sammanfattning"] == "Inget av 2 grunduppdrag är bedömt."


def test_transitions_between_years():
    t = sa.transitions(G)
    t = t[t["namnd"] == "KS"].set_index("mal_id")
    assert t.loc["a", "forandring"] == "försämrad"
    assert t.loc["b", "forandring"] == "oförändrad"
    assert t.loc["c", "forandring"] == "förbättrad"
    assert t.loc["d", "forandring"] == "ej jämförbar"
    assert t.loc["e", "forandring"] == "borttagen" and t.loc["e", "ar"] == 2022
    assert t.loc["f", "forandring"] == "ny" and pd.isna(t.loc["f", "niva_fore"])
    assert (t.loc["a", "niva_fore"], t.loc["a", "niva"]) == (4, 3)
    assert set(t["ar_fore"]) == {2021}


def indicators(rows: list[dict]) -> pd.DataFrame:
    base = {"namnd": "KS", "period": "bokslut", "kon": "T", "kalla": "t"}
    return conform(pd.DataFrame([{**base, **r} for r in rows]), INDICATOR_DTYPES)


def _series(ind_id: str, mal_id: str, values: dict[int, float], **extra) -> list[dict]:
    return [{"indikator_id": ind_id, "indikator": ind_id, "mal_id": mal_id, "ar": y,
             "varde": v, **extra} for y, v in values.items()]


def test_assessment_check_rules_and_disagreements():
    g = goals([("KS", 2022, "utvecklingsmal", "a", 1), ("KS", 2022, "utvecklingsmal", "b", 4),
               ("KS", 2022, "utvecklingsmal", "c", 2), ("KS", 2022, "utvecklingsmal", "z", 3)])
    ind = indicators(
        # a: target met -> 4 (own 1: differs by 3)
        _series("I1", "a", {2019: 10, 2020: 12, 2021: 14, 2022: 16}, riktning="hogre",
                ingangsvarde=10, malvarde=15)
        # b: moving the wrong way with a target -> 1 (own 4)
        + _series("I2", "b", {2019: 10, 2020: 9, 2021: 8, 2022: 7}, riktning="hogre",
                  ingangsvarde=10, malvarde=15)
        # c: no target, steady significant improvement (7 values) -> 3 (own 2)
        + _series("I3", "c", dict(zip(range(2016, 2023), [1, 2, 3, 4, 5, 6, 7], strict=True)),
                  riktning="hogre")
        # a value after the assessed year is not used
        + _series("I4", "c", {2023: 100}, riktning="hogre"))
    check = sa.assessment_check(g, ind).set_index("mal_id")
    assert check.loc["a", "harledd_niva"] == 4 and check.loc["a", "regel"] == "mal"
    assert check.loc["b", "harledd_niva"] == 1
    assert check.loc["c", "harledd_niva"] == 3 and check.loc["c", "regel"] == "trend"
    assert check.loc["c", "antal_indikatorer"] == 1
    assert check["avviker"].to_dict() == {"a": True, "b": True, "c": False}
    assert "z" not in check.index  # no indicators: not checked, see measurability
    trend_only = sa.assessment_check(g, ind, rule="trend").set_index("mal_id")
    assert trend_only.loc["a", "regel"] == "trend" and trend_only.loc["a", "harledd_niva"] == 3


def test_target_rule_eighty_percent_and_moving_right_way():
    g = goals([("KS", 2022, "utvecklingsmal", "a", 3), ("KS", 2022, "utvecklingsmal", "b", 2)])
    ind = indicators(
        _series("I1", "a", {2020: 0, 2021: 5, 2022: 8.5}, riktning="hogre", ingangsvarde=0,
                malvarde=10)
        + _series("I2", "b", {2020: 0, 2021: 2, 2022: 3}, riktning="hogre", ingangsvarde=0,
                  malvarde=10))
    check = sa.assessment_check(g, ind).set_index("mal_id")
    assert check.loc["a", "harledd_niva"] == 3  # 85 % of the way
    assert check.loc["b", "harledd_niva"] == 2  # 30 %, improving


def test_measurability_flags_and_summary():
    g = goals([("KS", 2022, "utvecklingsmal", "a", 3), ("KS", 2022, "utvecklingsmal", "b", 3),
               ("KS", 2022, "utvecklingsmal", "c", 3), ("KS", 2022, "utvecklingsmal", "d", 3)])
    ind = indicators(
        _series("I1", "a", {2020: 1, 2021: 2, 2022: 3}, ingangsvarde=1, malvarde=5)
        + _series("I2", "b", {2021: 1, 2022: 2}, ingangsvarde=1, malvarde=5)
        + _series("I3", "c", {2020: 1, 2021: 2, 2022: 3}))
    audit = sa.measurability(g, ind).set_index("mal_id")
    assert audit.loc["a", "matbart"] and pd.isna(audit.loc["a", "saknar"])
    assert audit.loc["b", "saknar"] == "minst 3 års värden"
    assert audit.loc["c", "saknar"] == "ingångsvärde, målvärde"
    assert audit.loc["d", "saknar"] == "indikator" and audit.loc["d", "antal_indikatorer"] == 0
    summary = sa.measurability_summary(audit.reset_index()).iloc[0]
    assert (summary["antal_mal"], summary["antal_matbara"]) == (4, 1)
    assert summary["andel_matbara"] == pytest.approx(0.25)
    assert summary["utan_indikator"] == 1


def test_analysis_runs_on_the_example_data():
    g = sa.read_goals(RAW)
    ind = sa.read_indicators(RAW, goals=g)
    audit = sa.measurability(g, ind)
    assert len(audit) == g["period"].eq("bokslut").sum()  # one period at a time
    assert len(sa.measurability(g, ind, period="delår")) == g["period"].eq("delår").sum()
    tvn = audit[(audit["namnd"] == "Tillväxtnämnden") & (audit["ar"] == 2024)]
    # The seed's third development goal has no indicator yet: the auditors' point.
    third = tvn[tvn["mal"].str.startswith("Verka för att tillgängliggöra")]
    assert third["saknar"].tolist() == ["indikator"]
    check = sa.assessment_check(g, ind)
    assert check["harledd_niva"].between(1, 4).all()
    assert set(check["mal_id"]) <= set(ind["mal_id"])


@pytest.mark.parametrize(("text", "riktning", "malvarde", "enhet"), [
    ("Andelen nöjda brukare ska öka.", "hogre", None, None),
    ("Antalet vräkningar ska bli färre.", "lagre", None, None),
    ("Sjukfrånvaron ska vara högst 6 %.", "lagre", 6.0, "%"),
    ("Nettokostnadsavvikelsen ska vara max 2 procent", "lagre", 2.0, "%"),
    ("Minst 80 procent av eleverna ska nå målen", "hogre", 80.0, "%"),
    ("Trygghet ska öka och brottsligheten ska minska", None, None, None),
    ("En attraktiv kommun att bo i", None, None, None),
])
def test_goal_wording_takes_only_what_the_words_say(text, riktning, malvarde, enhet):
    goals = pd.DataFrame({"namnd": ["KS"], "ar": [2024], "period": ["bokslut"],
                          "maltyp": ["utvecklingsmal"], "mal_id": ["m1"], "mal": [text]})
    row = sa.goal_wording(goals).iloc[0]
    assert (None if pd.isna(row["riktning"]) else row["riktning"]) == riktning
    assert (None if pd.isna(row["malvarde"]) else row["malvarde"]) == malvarde
    assert (None if pd.isna(row["enhet"]) else row["enhet"]) == enhet


SHAPES = {"rising": lambda n: [10.0 + i for i in range(n)],
          "flat": lambda n: [10.0] * n,
          "falling": lambda n: [10.0 + n - i for i in range(n)]}


@pytest.mark.parametrize("n", [2, 3, 4, 10])
@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("target", [False, True])
def test_the_trend_rule_at_every_length(n, shape, target):
    """Without a target, the trend decides only where Mann–Kendall can reach p < 0,10 (four
    years or more); fewer years give no derived level and say why. With a target, the
    target rule decides at any length."""
    from scipy.stats import kendalltau

    from styranalys.analysis.assessment import indicator_levels, trend_min_years

    values = SHAPES[shape](n)
    extra = {"riktning": "hogre"} | ({"ingangsvarde": 10.0, "malvarde": 12.0} if target else {})
    ind = indicators(_series("I1", "a", dict(zip(range(2030 - n, 2030), values,
                                                 strict=True)), **extra))
    t = sa.trends(ind)
    row = indicator_levels(t).iloc[0]
    if shape != "flat":  # cross-check the p-value with scipy's exact Kendall tau
        p = kendalltau(range(n), values, method="exact").pvalue
        assert t["mk_p"].iloc[0] == pytest.approx(p)
    assert trend_min_years() == 4
    if target:
        met = values[-1] >= 12.0
        expected = 4 if met else (2 if shape == "rising" else 1)
        if shape == "rising" and not met and (values[-1] - 10) / 2 >= 0.8:
            expected = 3
        assert (row["harledd_niva"], row["regel"]) == (expected, "mal")
        assert pd.isna(row["orsak"])
    elif n < 4:
        assert pd.isna(row["harledd_niva"]) and pd.isna(row["regel"])
        assert row["orsak"] == ("färre än två värden" if n < 2 else
                                f"för få år för en trendbedömning (n = {n})")
    else:
        assert row["harledd_niva"] == {"rising": 3, "flat": 2, "falling": 1}[shape]
        assert row["regel"] == "trend" and pd.isna(row["orsak"])


def test_the_check_counts_the_goals_it_could_not_check_and_why():
    g = goals([("KS", 2022, "utvecklingsmal", m, 3) for m in "abcd"])
    ind = indicators(_series("I1", "a", {2020: 1, 2021: 2, 2022: 3}, riktning="hogre")
                     + _series("I2", "b", {2019: 1, 2020: 2, 2021: 3, 2022: 4},
                               riktning="hogre")
                     + _series("I3", "c", {2019: 1, 2020: 2, 2021: 3, 2022: 4}))
    check = sa.assessment_check(g, ind, unchecked=True).set_index("mal_id")
    assert check["harledd_niva"].isna().tolist() == [True, False, True, True]
    assert check["orsak"].fillna("").to_dict() == {
        "a": "för få år för en trendbedömning (n = 3)", "b": "",
        "c": "okänt vilket håll som är bättre", "d": "inga kopplade indikatorer med värden"}
    assert sa.assessment_check(g, ind)["mal_id"].tolist() == ["b"]  # by default: checked only
    from styranalys import report
    text = report.check_coverage(g, ind, 2022).text
    assert text.startswith("Av 4 mål kunde 1 kontrolleras mot indikatorerna. 3 kunde inte")
    assert "1 mål: för få år för en trendbedömning (n = 3)" in text
    assert "p < 0,10, minst 4 år" in report.check_rules().text


def _repeated_ids() -> pd.DataFrame:
    """Goals numbered 1, 2 … in each nämnd, as many municipalities number them."""
    rows = [(n, 2020, "utvecklingsmal", "1", 4) for n in ("A", "B")]
    rows += [(n, 2021, "utvecklingsmal", i, 3) for n in ("A", "B") for i in ("1", "2")]
    rows += [("C", 2021, "utvecklingsmal", "1", 2)]
    return goals(rows)


def test_goals_are_counted_by_their_key_not_by_id_alone():
    g = _repeated_ids()
    table = sa.fulfilment(g, by=["ar"])
    assert table["antal"].tolist() == [2, 5]
    assert table[["antal_fore", "nya_mal", "borttagna_mal"]].iloc[1].tolist() == [2, 3, 0]
    from styranalys.analysis.fulfilment import goal_set_note
    assert goal_set_note(table) == "2 mål 2020, 5 mål 2021 (3 nya)"
    total = sa.fulfilment(g, by=["namnd", "ar"], kommunen=True)
    assert total[total["kommunen"]]["nya_mal"].tolist()[1] == 3
    for namnd in (None, "A"):  # every goal chart, for the municipality and for one nämnd
        fig = sa.plot_goal_matrix(g, namnd=namnd)
        labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        assert labels == (["A: 1 text", "A: 2 text", "B: 1 text", "B: 2 text", "C: 1 text"]
                          if namnd is None else ["1 text", "2 text"])
        fig = sa.plot_fulfilment_over_time(g, namnd=namnd)
        ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
        assert ticks == (["2020\n2 mål", "2021*\n5 mål"] if namnd is None
                         else ["2020\n1 mål", "2021*\n2 mål"])
    assert sa.plot_fulfilment(g, 2021) is not None


def test_shares_say_what_they_count():
    """Level 3 of an utvecklingsmål is "på väg att uppfyllas": not fulfilled at bokslut."""
    g = goals([("KS", 2022, "utvecklingsmal", m, lvl) for m, lvl in
               (("a", 4), ("b", 3), ("c", 3), ("d", 1), ("e", None))])
    row = sa.fulfilment(g).iloc[0]
    assert row["andel_uppfyllda"] == pytest.approx(1 / 4)
    assert row["andel_uppfyllda_eller_pa_vag"] == pytest.approx(3 / 4)
    assert "är uppfyllda eller på väg att uppfyllas (75" in row["sammanfattning"]
    from styranalys import report
    table = report.overview_table(g, 2022)
    assert table[["Uppfyllda", "Uppfyllda eller på väg"]].iloc[0].tolist() == [
        "25\u00a0%", "75\u00a0%"]


def test_a_goal_fulfilled_when_a_share_of_its_indicators_reached_their_targets():
    """The rule "minst 80 % av indikatorerna har nått målvärdet", counted per goal and year
    from the indicators' values up to that year."""
    from styranalys.analysis.counting import counted_fulfilled, rule_text

    g = goals([("KS", 2022, "utvecklingsmal", "a", 2), ("KS", 2022, "utvecklingsmal", "b", 4),
               ("KS", 2022, "utvecklingsmal", "c", 3)])
    reached = {"riktning": "hogre", "ingangsvarde": 1.0, "malvarde": 3.0}
    ind = indicators(
        # a: 4 of 5 indicators reached (80 %): fulfilled, though the nämnd said 2
        [row for k in range(5)
         for row in _series(f"A{k}", "a", {2021: 1, 2022: 3 if k < 4 else 2}, **reached)]
        # b: 1 of 2 reached (50 %): not fulfilled, though the nämnd said 4
        + _series("B1", "b", {2021: 1, 2022: 3}, **reached)
        + _series("B2", "b", {2021: 1, 2022: 2}, **reached)
        # c: no indicator with a target: the rule cannot say
        + _series("C1", "c", {2021: 1, 2022: 2}, riktning="hogre"))
    counted = counted_fulfilled(g, ind, share=0.8).set_index("mal_id")["uppfyllt"]
    assert counted["a"] and not counted["b"] and pd.isna(counted["c"])
    by_level = counted_fulfilled(g, levels=(3, 4)).set_index("mal_id")["uppfyllt"]
    assert by_level.to_dict() == {"a": False, "b": True, "c": True}
    assert rule_text(indicators=0.8) == ("ett mål är uppfyllt när minst 80\u00a0% av dess "
                                         "indikatorer med målvärde har nått det")
    assert rule_text((4, 2, 3)) == "nivå 2, 3 och 4 räknas som uppfyllda"
    assert rule_text((4,)) == "nivå 4 räknas som uppfyllt"
