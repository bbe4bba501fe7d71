"""read_kolada on the real Kolada extracts (Källa: Kolada), and peer_comparison."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import RAW

import styranalys as sa
from styranalys.contract import INDICATOR_DTYPES

KOLADA = RAW / "kolada"
PEERS = ["0562", "0687", "1082", "1273", "1884", "1981", "1984"]


def _source_value(kpi: str, municipality: str, year: int) -> float | None:
    source = KOLADA
    data = json.loads((source / "data_brp_2012-2019.json").read_text(encoding="utf-8"))
    (item,) = [v for v in data["values"] if v["kpi"] == kpi and v["municipality"] ==
               municipality and int(v["period"]) == year]
    return item["values"][0]["value"]


def test_the_shipped_extract_is_kolada_v3_answers_with_their_credit():
    """The snapshot is the API's own answers, unchanged in shape, and says where it is from."""
    data = json.loads((KOLADA / "data_brp_2012-2019.json").read_text(encoding="utf-8"))
    assert {"values", "count", "next_url", "previous_url"} <= data.keys()
    assert data["count"] == len(data["values"])
    for name in ("kpi_brp.json", "municipality_brp.json"):
        assert json.loads((KOLADA / name).read_text(encoding="utf-8"))["values"]
    assert "Källa: Kolada" in (KOLADA / "README.md").read_text(encoding="utf-8")


def test_known_values_names_units_and_series():
    frame = sa.read_kolada(KOLADA)
    row = frame[(frame["indikator_id"] == "N03702") & (frame["ar"] == 2019)
                & (frame["kommun"] == "1885 Lindesberg")]
    assert row["varde"].tolist() == [_source_value("N03702", "1885", 2019)] == [355.053417]
    assert row["indikator"].iloc[0] == "Bruttoregionprodukt, kommun (BRP), 1000 kr/invånare"
    assert row["enhet"].iloc[0] == "1000 kr/invånare"
    assert row["kalla"].iloc[0] == "Kolada N03702"
    assert row["beskrivning"].iloc[0].startswith("BRP dividerat med antal invånare")
    # 4 KPIs x 8 municipalities, one gender: 32 series, each 2012-2019
    assert frame.groupby(["indikator_id", "kommun", "kon"]).ngroups == 32
    assert len(frame) == 256
    assert list(frame.columns) == [*INDICATOR_DTYPES, "kommun", "status", "beskrivning"]


def test_not_applicable_stays_na_with_its_status_never_zero():
    frame = sa.read_kolada(KOLADA)
    na = frame[frame["status"] == "Not applicable"]
    assert len(na) > 0 and na["varde"].isna().all()
    assert not (frame["varde"] == 0).any()
    lindesberg = na[na["kommun"] == "1885 Lindesberg"]
    assert lindesberg[["indikator_id", "ar"]].values.tolist() == [["N03701", 2019]]


def test_pages_string_periods_and_duplicates(tmp_path: Path):
    data = json.loads((KOLADA / "data_brp_2012-2019.json").read_text(encoding="utf-8"))
    values = data["values"]
    pages = [values[:100], values[90:200], values[200:]]  # 10 items overlap
    for i, page in enumerate(pages):
        for item in page:
            item = item  # periods as strings in one page, as some responses have them
        if i == 1:
            page = [{**v, "period": str(v["period"])} for v in page]
        (tmp_path / f"sida{i}.json").write_text(json.dumps({
            "values": page, "count": len(page),
            "next_url": f"https://example.invalid/sida{i + 1}" if i < 2 else None,
            "previous_url": None}), encoding="utf-8")
    for name in ("kpi_brp.json", "municipality_brp.json"):
        (tmp_path / name).write_bytes((KOLADA / name).read_bytes())
    paged = sa.read_kolada(tmp_path)
    whole = sa.read_kolada(KOLADA)
    pd.testing.assert_frame_equal(
        paged.sort_values(["indikator_id", "kommun", "ar"]).reset_index(drop=True),
        whole.sort_values(["indikator_id", "kommun", "ar"]).reset_index(drop=True))
    assert paged.attrs["styranalys"]["duplicates_dropped"] == 10


def test_a_kpi_without_metadata_and_deleted_rows(tmp_path: Path):
    (tmp_path / "data.json").write_text(json.dumps({"values": [
        {"kpi": "N99999", "municipality": "1885", "period": 2020,
         "values": [{"gender": "T", "count": 1, "status": "", "value": 12.5},
                    {"gender": "K", "count": 1, "status": "", "value": 11.0}]},
        {"kpi": "N99999", "municipality": "1885", "period": "2021", "isdeleted": True,
         "values": [{"gender": "T", "count": 1, "status": "", "value": 99.0}]},
        {"kpi": "N99999", "municipality": "1885", "period": 2022,
         "values": [{"gender": "T", "count": 1, "status": "Missing", "value": None}]},
    ], "count": 3, "next_url": None, "previous_url": None}), encoding="utf-8")
    frame = sa.read_kolada(tmp_path / "data.json")
    assert frame["indikator"].unique().tolist() == ["N99999"]  # no title: the id
    assert frame["kommun"].unique().tolist() == ["1885"]  # no municipality list given
    assert frame.attrs["styranalys"]["kpi_without_metadata"] == ["N99999"]
    assert frame.attrs["styranalys"]["deleted"] == 1
    assert sorted(frame["ar"].tolist()) == [2020, 2020, 2022]
    assert frame.set_index(["ar", "kon"]).loc[(2022, "T"), "status"] == "Missing"
    assert frame["kon"].tolist().count("K") == 1


def test_a_file_that_is_not_kolada_json_is_a_clear_error(tmp_path: Path):
    (tmp_path / "x.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(sa.InputError) as info:
        sa.read_kolada(tmp_path / "x.json")
    assert info.value.problems[0].file == "x.json"
    assert "JSON" in info.value.problems[0].message


@pytest.mark.parametrize("layout", ["long", "wide"])
def test_the_web_tool_export(tmp_path: Path, layout: str):
    path = tmp_path / "kolada_export.csv"
    if layout == "long":
        path.write_text("Kommun;Nyckeltal;Nyckeltals-id;År;Kön;Värde\n"
                        "1885 Lindesberg;Bruttoregionprodukt, kommun (BRP), 1000 kr/invånare;"
                        "N03702;2019;Totalt;355,05\n"
                        "1884 Nora;Bruttoregionprodukt, kommun (BRP), 1000 kr/invånare;"
                        "N03702;2019;Totalt;..\n", encoding="utf-8")
    else:
        path.write_text("Kommun;Nyckeltals-id;Nyckeltal;2018;2019\n"
                        "Lindesberg;N03702;BRP per invånare, 1000 kr/invånare;353,09;355,05\n",
                        encoding="utf-8")
    frame = sa.read_kolada([path, KOLADA / "municipality_brp.json"])
    lind = frame[frame["kommun"].str.endswith("Lindesberg")]
    assert lind.loc[lind["ar"] == 2019, "varde"].tolist() == [355.05]
    assert set(frame["indikator_id"]) == {"N03702"}
    if layout == "long":
        assert frame.loc[frame["kommun"] == "1884 Nora", "varde"].isna().all()


def test_mapping_links_kpis_to_the_municipalitys_goals():
    frame = sa.read_kolada(KOLADA, own="1885", mapping=KOLADA / "koppling.csv")
    goals = sa.read_goals(RAW)
    own = frame[(frame["kommun"] == "1885 Lindesberg") & (frame["indikator_id"] == "N03702")]
    assert set(own["namnd"]) == {"Kommunfullmäktige"}
    assert own["mal_id"].isin(goals["mal_id"]).all()  # the KF goal from the 2021 outcome
    other = frame[(frame["kommun"] == "1884 Nora") & (frame["indikator_id"] == "N03702")]
    assert set(other["namnd"]) == {"1884 Nora"} and other["mal_id"].isna().all()
    assert set(frame.loc[frame["indikator_id"] == "N03702", "riktning"]) == {"hogre"}


def test_peer_statistics_against_hand_computed_numbers():
    rows = [("A", 15.0), ("B", 4.0), ("C", 8.0), ("D", 12.0), ("E", 20.0)]
    base = pd.DataFrame({"indikator_id": "X", "indikator": "X", "kon": "T", "period": "bokslut",
                         "ar": 2022, "kommun": [f"{k} kommun" for k, _ in rows],
                         "varde": [v for _, v in rows]})
    for riktning, rang, kvartil in (("hogre", 2, "grön"), ("lagre", 4, "röd")):
        frame = base.assign(riktning=riktning).astype({"varde": "Float64"})
        (row,) = sa.peer_comparison(frame, "A", ["B", "C", "D", "E"]).itertuples()
        assert (row.peer_antal, row.peer_medel, row.peer_median) == (4, 11.0, 10.0)
        assert (row.peer_min, row.peer_q1, row.peer_q3, row.peer_max) == (4.0, 7.0, 14.0, 20.0)
        assert (row.rang, row.antal_jamforda, row.kvartil) == (rang, 5, kvartil)
    no_direction = base.assign(riktning=None).astype({"varde": "Float64"})
    (row,) = sa.peer_comparison(no_direction, "A", ["B", "C", "D", "E"]).itertuples()
    assert pd.isna(row.rang) and pd.isna(row.kvartil)  # never a guess


def test_peer_groups_record_their_snapshot(tmp_path: Path):
    (tmp_path / "grupper_2024-03-01.json").write_text(json.dumps({"values": [
        {"id": "G1", "title": "Liknande kommuner, test", "members": [
            {"id": "1884", "title": "Nora"}, {"id": "1981", "title": "Sala"},
            {"id": "1885", "title": "Lindesberg"}]}]}), encoding="utf-8")
    (group,) = sa.read_kolada_groups(tmp_path)
    assert group.snapshot == "grupper_2024-03-01.json (2024-03-01)"
    frame = sa.read_kolada(KOLADA, own="1885", mapping=KOLADA / "koppling.csv")
    comparison = sa.peer_comparison(frame, "1885", group)
    assert set(comparison["peer_antal"]) <= {2}  # Lindesberg is not its own peer
    assert comparison["jamforelsegrupp"].str.contains("2024-03-01").all()
    fig = sa.plot_peer_comparison(comparison, "N03702")
    assert fig.texts[0].get_text() == "Bruttoregionprodukt, kommun (BRP), 1000 kr/invånare"
    assert any(t.get_text().startswith("Rang") for t in fig.axes[0].texts)


def test_tables_that_kolada_scripts_write(tmp_path):
    """rKolada's values pivoted to ``year, gender, municipality, <the KPI's title>``, and
    pyKolada's long ``kpi, municipality_id, period, gender, value``."""
    from conftest import write_csv

    pivoted = write_csv(tmp_path / "rkolada.csv", [
        ["year", "gender", "municipality", "Invånare totalt (antal)"],
        ["2019", "T", "Lindesberg", "23590"], ["2020", "T", "Lindesberg", "23451"],
        ["2019", "K", "Nora", "5300"]], delimiter=",")
    values = sa.read_kolada(pivoted)
    assert values[["indikator", "namnd", "ar", "kon", "varde"]].values.tolist() == [
        ["Invånare totalt (antal)", "Lindesberg", 2019, "T", 23590.0],
        ["Invånare totalt (antal)", "Lindesberg", 2020, "T", 23451.0],
        ["Invånare totalt (antal)", "Nora", 2019, "K", 5300.0]]
    assert any("härlett ur namnet" in n for n in values.attrs["styranalys"]["notes"])
    long = write_csv(tmp_path / "pykolada.csv", [
        ["kpi", "municipality_id", "period", "gender", "value"],
        ["N01951", "1885", "2019", "T", "23590"], ["N01951", "1885", "2020", "T", "23451"]],
        delimiter=",")
    values = sa.read_kolada(long)
    assert values[["indikator_id", "namnd", "ar", "varde"]].values.tolist() == [
        ["N01951", "1885", 2019, 23590.0], ["N01951", "1885", 2020, 23451.0]]


def test_peer_colours_against_all_municipalities_and_the_rank_within_the_group(
        tmp_path: Path):
    """A Kolada answer holding every municipality (in the API's shape): the colour is
    computed among all of them, as Kommunens Kvalitet i Korthet colours; the rank is among
    the group; the chart says which population each refers to, and that the data is old."""
    own, group = "1885", [f"{1100 + i}" for i in range(7)]
    others = [f"{1000 + i}" for i in range(289) if f"{1000 + i}" != own]

    def value(code: str) -> float:  # the group all below the own 50; the rest spread 0-100
        return 40.0 - int(code[-1]) if code in group else (int(code) - 1000) / 2.89

    answers = [{"kpi": "N00001", "municipality": code, "period": year,
                "values": [{"gender": "T", "count": 1, "status": "",
                            "value": 50.0 if code == own else value(code)}]}
               for code in [own, *others] for year in (2018, 2019)]
    (tmp_path / "data.json").write_text(json.dumps(
        {"values": answers, "count": len(answers), "next_url": None, "previous_url": None}),
        encoding="utf-8")
    (tmp_path / "kpi.json").write_text(json.dumps({"values": [
        {"id": "N00001", "title": "Andel nöjda med testet", "municipality_type": "K"}]}),
        encoding="utf-8")
    (tmp_path / "koppling.csv").write_text(
        "kpi;namnd;mal;maltyp;riktning\nN00001;Kommunstyrelsen;;;högre\n", encoding="utf-8")
    frame = sa.read_kolada(tmp_path, own=own, mapping=tmp_path / "koppling.csv")
    comparison = sa.peer_comparison(frame, own, group)
    last = comparison[comparison["ar"] == 2019].iloc[0]
    assert (last["rang"], last["antal_jamforda"]) == (1, 8)  # best in its group
    assert last["antal_alla"] == 290  # 289 others and the own
    better = sum(value(c) > 50 for c in others)
    assert last["rang_alla"] == better + 1
    assert (last["kvartil"], last["kvartil_bland"]) == ("gul", "290 kommuner")
    fig = sa.plot_peer_comparison(comparison, "N00001", ar=2024)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "Rang 1 av 8 i jämförelsegruppen (2019)\ni mitten av 290 kommuner" in texts
    assert any(t.get_text().endswith(". Senaste värde 2019") for t in fig.texts)
    # where the data holds only the group, the colour is the group's and says so
    only_group = frame[frame["kommun"].str[:4].isin([own, *group])]
    last = sa.peer_comparison(only_group, own, group).iloc[-1]
    assert (last["kvartil"], last["kvartil_bland"]) == ("grön", "8 kommuner i jämförelsegruppen")
