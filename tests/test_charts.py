"""Every chart on the example data and on edge cases; what can be measured is checked."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from conftest import RAW
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

import styranalys as sa
from styranalys.charts.save import REPORT_DPI
from styranalys.charts.style import FULL_SLIDE, HALF_SLIDE, palette
from styranalys.contract import GOAL_DTYPES, INDICATOR_DTYPES, conform

PAL = palette()


@pytest.fixture(scope="module")
def goals() -> pd.DataFrame:
    return sa.read_goals(RAW)


@pytest.fixture(scope="module")
def indicators() -> pd.DataFrame:
    return sa.read_indicators(RAW)


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.texts]


def legend_labels(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.legends[0].get_texts()]


def bars(fig: Figure) -> list[Rectangle]:
    return [p for p in fig.axes[0].patches if isinstance(p, Rectangle) and p.get_width() > 0]


def make_goals(n: int, years=(2021,), niva=3, text="Mål") -> pd.DataFrame:
    rows = [{"namnd": "KS", "ar": y, "period": "bokslut", "maltyp": "utvecklingsmal",
             "mal_id": f"m{i}", "mal": f"{text} {i}", "niva": niva, "kalla": "t"}
            for i in range(n) for y in years]
    return conform(pd.DataFrame(rows), GOAL_DTYPES)


def test_fulfilment_per_namnd(goals):
    before = dict(matplotlib.rcParams)
    fig = sa.plot_fulfilment(goals, 2021, kommunen=True)
    assert dict(matplotlib.rcParams) == before  # no global state touched
    assert tuple(fig.get_size_inches()) == pytest.approx(FULL_SLIDE)
    assert texts(fig)[0] == "Måluppfyllelse per nämnd, bokslut 2021"
    assert texts(fig)[-1].startswith("Källa:")
    assert legend_labels(fig) == ["✓ Uppfyllt", "↗ På väg att uppfyllas",
                                  "↘ På väg att inte uppfyllas", "✗ Inte uppfyllt", "– Ej bedömd"]
    n_namnd = goals.loc[goals["ar"] == 2021, "namnd"].nunique() + 1
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == n_namnd and labels[-1] == sa.TOTAL_LABEL
    # Kommunfullmäktige 2021 (real): 2 at level 4, 9 at 3, 2 at 2. Its bar segments:
    kf = labels.index("Kommunfullmäktige")
    segments = sorted((b for b in bars(fig) if abs(b.get_y() + b.get_height() / 2 - kf) < 0.01),
                      key=lambda b: b.get_x())
    assert [to_hex(b.get_facecolor()) for b in segments] == [
        PAL.colors[4].lower(), PAL.colors[3].lower(), PAL.colors[2].lower()]
    assert [round(b.get_width() * 13) for b in segments] == [2, 9, 2]
    counts = {t.get_text() for t in fig.axes[0].texts}
    assert {"2", "9"} <= counts


def test_fulfilment_per_goal_type_one_namnd_one_year(goals):
    kf = goals[goals["namnd"] == "Kommunfullmäktige"]
    fig = sa.plot_fulfilment(kf, per_maltyp=True, size="half")
    assert tuple(fig.get_size_inches()) == pytest.approx(HALF_SLIDE)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    # the title names the nämnd once; the bars name the goal types
    assert sorted(labels) == ["Grunduppdrag", "Kvalitetsfaktorer", "Utvecklingsmål"]
    assert texts(fig)[0].startswith("Kommunfullmäktige: måluppfyllelse per måltyp")


def test_all_not_assessed_is_one_grey_bar():
    fig = sa.plot_fulfilment(make_goals(4, niva=None))
    (bar,) = bars(fig)
    assert to_hex(bar.get_facecolor()) == PAL.colors[None].lower()
    assert bar.get_width() == pytest.approx(1.0)


def test_fulfilment_over_time(goals):
    fig = sa.plot_fulfilment_over_time(goals, "Socialnämnden")
    years = [t.get_text().split("\n") for t in fig.axes[0].get_xticklabels()]
    assert [y for y, _ in years] == [str(y) for y in range(2017, 2025)]
    own = goals[(goals["namnd"] == "Socialnämnden") & (goals["period"] == "bokslut")]
    assert [n for _, n in years] == [f"{own['ar'].eq(y).sum()} mål" for y in range(2017, 2025)]
    assert "Socialnämnden" in texts(fig)[0]
    with pytest.raises(ValueError, match="Nämnder:"):
        sa.plot_fulfilment_over_time(goals, "Finns inte")


def test_goal_matrix_cells_symbols_and_colours(goals):
    fig = sa.plot_goal_matrix(goals, "Tillväxtnämnden")
    own = goals[(goals["namnd"] == "Tillväxtnämnden") & (goals["period"] == "bokslut")]
    cells = [p for p in fig.axes[0].patches if isinstance(p, Rectangle)]
    assert len(cells) == len(own)
    symbols = [t.get_text() for t in fig.axes[0].texts]
    assert len(symbols) == len(own)
    assert set(symbols) <= set(PAL.symbols.values())
    # A known cell: its colour and symbol agree with its level.
    lvl = own.iloc[0]["niva"]
    lvl = None if pd.isna(lvl) else int(lvl)
    colours = {to_hex(c.get_facecolor()) for c in cells}
    assert PAL.colors[lvl].lower() in colours


def test_goal_matrix_forty_goals_and_long_texts():
    from styranalys.charts.matrix import matrix_pages

    long = "Lång " + "målformulering med många ord " * 7  # ~200 characters
    g = make_goals(40, years=(2020, 2021, 2022), text=long.strip())
    pages = matrix_pages(g)
    assert pages == 3  # 12 pt labels: fifteen goals a page, none left out
    seen = 0
    for page in range(1, pages + 1):
        fig = sa.plot_goal_matrix(g, page=page)
        labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        assert len([p for p in fig.axes[0].patches if isinstance(p, Rectangle)]) == \
            3 * len(labels)
        assert "av 40" in texts(fig)[1] and f"sida {page} av 3" in texts(fig)[0]
        for label in labels:
            assert label.endswith("…")
            assert label[:-2].replace("\n", " ") in long  # cut at a word, with an ellipsis
        seen += len(labels)
    assert seen == 40
    with pytest.raises(ValueError, match="3 sidor"):
        sa.plot_goal_matrix(g, page=4)


def test_trend_chart_reference_lines_and_verdict(indicators):
    ks = indicators[(indicators["namnd"] == "Kommunstyrelsen")
                    & (indicators["indikator"] == "Sjukfrånvaro bland medarbetarna")]
    fig = sa.plot_trend(ks)
    assert texts(fig)[0] == "Sjukfrånvaro bland medarbetarna – Kommunstyrelsen (bokslut)"
    assert texts(fig)[1].startswith("Förbättring")
    annotations = [t.get_text() for t in fig.axes[0].texts]
    assert any(a.startswith("Ingångsvärde 8,4") for a in annotations)
    assert "Målvärde 6,5\u00a0% (2024)" in annotations and "2024: 7,1\u00a0%" in annotations
    # every line is explained: the target year's line too
    assert legend_labels(fig) == ["Utfall", "Anpassad trend", "Framskrivning", "Ingångsvärde",
                                  "Målvärde", "Målår"]
    dashed = [ln for ln in fig.axes[0].lines if ln.get_linestyle() == "--"]
    assert dashed, "the projection is drawn dashed"


def test_trend_with_a_single_value():
    one = conform(pd.DataFrame([{"indikator_id": "X", "indikator": "En punkt", "namnd": "KS",
                                 "ar": 2022, "period": "bokslut", "varde": 3.5, "kon": "T",
                                 "kalla": "t"}]), INDICATOR_DTYPES)
    fig = sa.plot_trend(one)
    assert texts(fig)[1].startswith("Ingen bedömning")
    (line,) = [ln for ln in fig.axes[0].lines if ln.get_label() == "Utfall"]
    assert list(line.get_ydata()) == [3.5]


def test_small_multiples_one_panel_per_indicator(indicators):
    fig = sa.plot_trends(indicators, namnd="Tillväxtnämnden")
    n = indicators.loc[indicators["namnd"] == "Tillväxtnämnden", "indikator_id"].nunique()
    assert len(fig.axes) == n


def test_assessment_check_and_measurability_charts(goals, indicators):
    check = sa.assessment_check(goals, indicators)
    fig = sa.plot_assessment_check(check, 2024)
    n = int((check["ar"] == 2024).sum())
    assert len(fig.axes[0].get_yticklabels()) == n
    highlighted = [t for t in fig.axes[0].get_yticklabels()
                   if to_hex(t.get_color()) == PAL.highlight.lower()]
    assert len(highlighted) == int(check.loc[check["ar"] == 2024, "avviker"].sum())
    audit = sa.measurability(goals, indicators)
    fig = sa.plot_measurability(audit, 2024)
    assert legend_labels(fig)[0] == "Mätbara"
    assert texts(fig)[0] == "Mätbara mål per nämnd, bokslut 2024"


def test_greyscale_variant_keeps_the_symbols(goals):
    fig = sa.plot_goal_matrix(goals, "Socialnämnden", greyscale=True)
    grey = palette(greyscale=True)
    colours = {to_hex(p.get_facecolor()) for p in fig.axes[0].patches}
    assert colours <= {c.lower() for c in grey.colors.values()}
    for colour in colours:
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert r == g == b


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_save_figure_formats_and_stable_bytes(goals, tmp_path: Path, suffix: str):
    fig = sa.plot_fulfilment(goals, 2021)
    a = sa.save_figure(fig, tmp_path / f"a{suffix}")
    b = sa.save_figure(fig, tmp_path / f"b{suffix}")
    assert a.read_bytes() == b.read_bytes()
    if suffix == ".png":
        import matplotlib.image as mpimg

        height, width = mpimg.imread(a).shape[:2]
        assert (width, height) == (int(13.333 * 200), 1500)
    with pytest.raises(ValueError, match=r"\.png"):
        sa.save_figure(fig, tmp_path / "x.gif")


def test_pptx_reopens_with_one_picture_per_chart(goals, tmp_path: Path):
    figs = [(sa.plot_fulfilment(goals, 2021), "Måluppfyllelse 2021", "Källa: test"),
            (sa.plot_goal_matrix(goals, "Socialnämnden"), "Socialnämnden")]
    path = sa.to_pptx(figs, tmp_path / "deck.pptx", subtitle="Bokslut 2021")
    prs = Presentation(str(path))
    assert len(prs.slides) == 3
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))  # 16:9
    for slide, (fig, title, *_) in zip(list(prs.slides)[1:], figs, strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        assert slide.shapes.title.text == title
        pic = pictures[0]
        w, h = fig.get_size_inches()
        assert pic.width / pic.height == pytest.approx(w / h, rel=0.01)
        # the reports' resolution: 1920 px wide, twice what an HTML page shows
        assert pic.image.size == (int(w * REPORT_DPI), int(h * REPORT_DPI))
    # A municipality's template: its slide size and layouts are used.
    template = tmp_path / "mall.pptx"
    base = Presentation()
    base.save(str(template))  # python-pptx's own 4:3 deck stands in for a template
    path = sa.to_pptx(figs[:1], tmp_path / "mall-deck.pptx", template=template)
    prs = Presentation(str(path))
    assert (prs.slide_width, prs.slide_height) == (base.slide_width, base.slide_height)
    assert len(prs.slides) == 2


def test_export_pptx_command_builds_the_standard_deck(tmp_path: Path):
    from test_cli import run

    out = tmp_path / "deck.pptx"
    result = run("export", "pptx", "--year", "2021", "--data", str(RAW), "--out", str(out))
    assert result.returncode == 0, result.stderr
    prs = Presentation(str(out))
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles[1] == "Hela kommunen · läget 2021"
    assert "Kommunfullmäktige · målen år för år" in titles
    assert titles[-1] == "Källor"
    pictures = [sh for s in list(prs.slides)[1:] for sh in s.shapes
                if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert all(p._element.nvPicPr.cNvPr.get("descr") for p in pictures)  # alt texts
    assert all(any(sh.shape_type == MSO_SHAPE_TYPE.PICTURE for sh in s.shapes)
               for s in list(prs.slides)[1:-1])
    bad = run("export", "pptx", "--year", "1999", "--data", str(RAW), "--out", str(out))
    assert bad.returncode == 2 and "Tillgängliga år" in bad.stderr


def test_swedish_axis_numbers():
    from styranalys.charts.style import SwedishFormatter

    fmt = SwedishFormatter()
    fmt.set_locs([0, 2500, 5000, 7500, 10000])
    assert fmt(7500) == "7\u00a0500"
    fmt.set_locs([7.0, 7.25, 7.5])
    assert fmt(7.25) == "7,25"
    assert SwedishFormatter(percent=True)(0.6) == "60\u00a0%"


def test_default_source_line_names_the_files_so_illustrative_data_says_so(goals):
    socialnamnden = goals[goals["namnd"] == "Socialnämnden"]
    fig = sa.plot_goal_matrix(socialnamnden)
    assert texts(fig)[-1] == "Källa: illustrativ_socialnamnden_mal_2017-2024.csv"
    kf = sa.plot_fulfilment(goals[goals["namnd"] == "Kommunfullmäktige"], 2021)
    assert texts(kf)[-1] == "Källa: kf_arsredovisning_2021.xlsx"
