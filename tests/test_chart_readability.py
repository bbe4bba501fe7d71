"""Charts as a meeting room sees them: every gallery case drawn at its slide size, checked
for text size, text inside the figure, texts that collide, labels over data, honest bars and
legends, women and men, and compared with its committed picture in docs/gallery/."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT
from matplotlib.testing.compare import compare_images
from matplotlib.text import Text

sys.path.insert(0, str(ROOT / "scripts"))
import gallery_cases

from styranalys.charts.style import MIN_TEXT

CASES = gallery_cases.cases()
DPI = 100  # as make gallery saves them


def _report_figures() -> dict[str, object]:
    """Every figure of the example build's reports, as the manifest draws them."""
    import styranalys as sa
    from styranalys import figures, report
    from styranalys.deck import choose

    prepared = sa.prepare(ROOT / "data" / "raw", None)
    ar, namnder = choose(prepared.goals, None, None)
    drawn = {}
    for declared, namnd in [(figures.OVERVIEW, None), *((figures.NAMND, n) for n in namnder)]:
        data = figures.FigureData(prepared.goals, prepared.indicators, ar, "bokslut", namnd)
        for fig in declared:
            for page, chart in enumerate(fig.pages(data), start=1):
                drawn[f"rapport-{namnd or 'kommunen'}-{fig.key}-{page}"] = chart
    kolada = ROOT / "data" / "raw" / "kolada"  # the peer charts, as make report draws them
    for namnd in namnder:
        table = report.kolada_comparison(kolada, "1885", [], kolada / "koppling.csv",
                                         namnd=namnd)
        for kpi in table["indikator_id"].unique() if not table.empty else []:
            drawn[f"rapport-{namnd}-kolada-{kpi}"] = sa.plot_peer_comparison(table, kpi)
    assert any("kolada" in name for name in drawn)
    return drawn


@pytest.fixture(scope="module")
def drawn():
    """Each gallery case and each figure of the example reports, drawn once."""
    figures = {name: draw() for name, (_, draw) in CASES.items()}
    figures.update(REPORT)
    for fig in figures.values():
        fig.canvas.draw()
    return figures


#: The example reports' figures, by name: drawn when the tests are collected.
REPORT = _report_figures()
REPORT_FIGURES = sorted(REPORT)


def _texts(fig) -> list[Text]:
    """Every text that is drawn: tick labels only of ticks inside the axis' view."""
    shown = {id(tick.label1) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
             for tick in axis._update_ticks()}  # the ticks matplotlib draws
    ticks = {id(t) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
             for tick in axis.get_major_ticks() + axis.get_minor_ticks()
             for t in (tick.label1, tick.label2)}
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()
            and (id(t) not in ticks or id(t) in shown)]


@pytest.mark.parametrize("name", [*CASES, *REPORT_FIGURES])
def test_no_text_is_smaller_than_12_pt_or_outside_the_figure(drawn, name: str):
    fig = drawn[name]
    renderer = fig.canvas.get_renderer()
    small = sorted({(t.get_fontsize(), t.get_text()[:30]) for t in _texts(fig)
                    if t.get_fontsize() < MIN_TEXT})
    assert small == []
    width, height = fig.bbox.width, fig.bbox.height
    outside = [t.get_text()[:30] for t in _texts(fig)
               if (box := t.get_window_extent(renderer)).x0 < -1 or box.x1 > width + 1
               or box.y0 < -1 or box.y1 > height + 1]
    assert outside == []


@pytest.mark.parametrize("name", [*CASES, *REPORT_FIGURES])
def test_no_two_texts_are_drawn_over_each_other(drawn, name: str):
    fig = drawn[name]
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text()[:25], t.get_window_extent(renderer).expanded(0.98, 0.9))
             for t in _texts(fig)]
    clashes = [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
               if box_a.overlaps(box_b)]
    assert clashes == []


@pytest.mark.parametrize("name", [n for n in CASES if "trend" in n or "kon" in n
                                  or "saknade" in n])
def test_reference_labels_sit_where_no_line_runs(drawn, name: str):
    fig = drawn[name]
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        lines = [ln for ln in ax.get_lines() if ln.get_visible()]
        for note in ax.texts:
            box = note.get_window_extent(renderer)
            for line in lines:
                path = line.get_transform().transform_path(line.get_path())
                assert not path.intersects_bbox(box, filled=False), (note.get_text(),
                                                                      line.get_label())


@pytest.mark.parametrize("name", [n for n in CASES if "trend" in n or "kon" in n
                                  or "saknade" in n])
def test_the_value_axis_shows_baseline_target_and_unit(drawn, name: str):
    fig = drawn[name]
    for ax in fig.axes:
        low, high = ax.get_ylim()
        for line in ax.get_lines():
            if line.get_label() in ("Ingångsvärde", "Målvärde"):
                assert low < line.get_ydata()[0] < high
        assert ax.get_ylabel() == "%"


def test_women_and_men_are_lines_of_their_own_in_every_trend_chart(drawn):
    styles = {}
    for name in ("fall-kon", "fall-kon-smamultiplar"):
        fig = drawn[name]
        labels = [t.get_text() for t in fig.legends[0].get_texts()]
        assert {"Totalt", "Kvinnor", "Män"} <= set(labels)
        for line in fig.axes[0].get_lines():
            if line.get_label() in ("Totalt", "Kvinnor", "Män"):
                styles.setdefault(line.get_label(), set()).add(
                    (line.get_color(), line.get_linestyle(), line.get_marker()))
    assert all(len(kinds) == 1 for kinds in styles.values()) and len(styles) == 3


def test_a_missing_year_is_a_gap(drawn):
    line = next(ln for ln in drawn["fall-saknade-ar"].axes[0].get_lines()
                if ln.get_label() == "Utfall")
    years = list(line.get_xdata())
    assert np.isnan(line.get_ydata()[years.index(2019)])
    assert np.isnan(line.get_ydata()[years.index(2022)])


def test_every_bar_says_its_count_and_few_goals_are_marked(drawn):
    fig = drawn["fall-ett-mal"]
    ax = fig.axes[0]
    beside = [t.get_text() for t in ax.texts if t.get_text().endswith(("mål", "mål*"))]
    assert sorted(beside) == ["1 mål*", "3 mål"]
    assert any(t.get_text().startswith("* Färre än 3 mål") for t in fig.texts)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Utvecklingsmål", "Grunduppdrag"]  # the title names the nämnd


def test_every_segment_of_the_whole_municipality_has_its_number(drawn):
    fig = drawn["maluppfyllelse-per-namnd"]
    ax = fig.axes[0]
    top = len(ax.get_yticklabels()) - 1  # the total is the top bar
    numbers = [t for t in ax.texts if t.get_text().isdigit()
               and abs(t.get_position()[1] - top) < 0.5]
    segments = [p for p in ax.patches if abs(p.get_y() + p.get_height() / 2 - top) < 0.1
                and p.get_width() > 0]
    assert len(numbers) == len(segments) > 0


def test_legends_list_only_what_is_drawn(drawn):
    fig = drawn["fall-ett-ar"]  # levels 4, 3 and 1 only
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert len(labels) == 3 and not any("Ej bedömd" in x or "inte uppfyllas" in x
                                        for x in labels)
    audit = drawn["matbarhet"]
    drawn_colours = {tuple(np.round(p.get_facecolor(), 3)) for p in audit.axes[0].patches
                     if p.get_width() > 0}
    legend_colours = {tuple(np.round(h.get_facecolor(), 3))
                      for h in audit.legends[0].legend_handles}
    assert legend_colours <= drawn_colours


@pytest.mark.parametrize("name", list(CASES))
def test_each_chart_matches_its_picture_in_the_gallery(drawn, name: str, tmp_path: Path):
    """A change in a chart shows up here, to be seen and reviewed; ``make gallery`` redraws
    the pictures when the change is meant."""
    baseline = ROOT / "docs" / "gallery" / f"{name}.png"
    assert baseline.exists(), f"{baseline.name} saknas: kör make gallery"
    actual = tmp_path / f"{name}.png"
    drawn[name].savefig(actual, dpi=DPI, metadata={"Software": None})
    assert compare_images(str(baseline), str(actual), tol=2) is None
