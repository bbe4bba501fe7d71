"""Each chart drawn (the chart function, then rendering it at the reports' 144 dpi) and
written as a PNG, against a bare matplotlib bar chart of the same size drawn and written the
same way in the same run (the floor any chart on this machine pays).

The target, under 0,3 s, is for the chart drawn *and written to PNG*, as it was first set:
that is what a report and a slide pay. Drawing alone is shown beside it, without a target,
to tell the chart's own cost from PIL's zlib encoding.
"""

from __future__ import annotations

import io
from pathlib import Path

from benchmarks.harness import Comparison, measure
from styranalys.charts.save import REPORT_DPI

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def _data():
    import styranalys as sa

    goals = sa.read_goals(RAW)
    indicators = sa.read_indicators(RAW)
    return goals, indicators, sa.assessment_check(goals, indicators), sa.measurability(
        goals, indicators)


def _png(fig) -> int:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=REPORT_DPI)
    return buffer.tell()


def _drawn(fig) -> int:
    """Render the figure at the reports' dpi, as saving does, without encoding the PNG."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig.set_dpi(REPORT_DPI)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return len(canvas.buffer_rgba())


def _bare(_data):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(13.333, 7.5))
    ax = fig.add_subplot()
    ax.barh(range(7), [0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
    ax.set_title("Baslinje")
    return fig


def _baseline(data) -> int:
    return _png(_bare(data))


def _baseline_drawn(data) -> int:
    return _drawn(_bare(data))


CHARTS = {
    "plot_fulfilment": lambda d: __import__("styranalys").plot_fulfilment(d[0], 2021,
                                                                           kommunen=True),
    "plot_fulfilment_over_time": lambda d: __import__("styranalys").plot_fulfilment_over_time(
        d[0]),
    "plot_goal_matrix": lambda d: __import__("styranalys").plot_goal_matrix(
        d[0], "Tillväxtnämnden"),
    "plot_trend": lambda d: __import__("styranalys").plot_trend(
        d[1][d[1]["indikator"] == "Sjukfrånvaro bland medarbetarna"]),
    "plot_trends": lambda d: __import__("styranalys").plot_trends(d[1], namnd="Tillväxtnämnden"),
    "plot_assessment_check": lambda d: __import__("styranalys").plot_assessment_check(d[2]),
    "plot_measurability": lambda d: __import__("styranalys").plot_measurability(d[3]),
}


def run(quick: bool) -> list[Comparison]:
    repeat = 2 if quick else 5
    base = measure("matplotlib-stapeldiagram", _data, _baseline, repeat=repeat)
    base_drawn = measure("matplotlib-stapeldiagram, ritat", _data, _baseline_drawn,
                         repeat=repeat)
    names = ["plot_fulfilment", "plot_goal_matrix"] if quick else list(CHARTS)
    out = []
    for name in names:
        chart = CHARTS[name]
        drawn = measure(f"{name}, ritat", _data, lambda d, c=chart: _drawn(c(d)),
                        repeat=repeat)
        case = measure(name, _data, lambda d, c=chart: _png(c(d)), repeat=repeat)
        out.append(Comparison(f"{name} ritat och skrivet som PNG ({REPORT_DPI} dpi)", case,
                              base, target="< 0,3 s",
                              details={"under 0,3 s": "ja" if case.median < 0.3 else "NEJ"}))
        out.append(Comparison(f"{name} bara ritat ({REPORT_DPI} dpi)", drawn, base_drawn,
                              target="(utan PNG-kodningen)"))
    return out
