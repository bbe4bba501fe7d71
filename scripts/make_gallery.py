"""Render every chart from the example data into docs/gallery/ (run: make gallery).

The PNGs are produced by this command, never drawn or edited by hand.
"""

from __future__ import annotations

from pathlib import Path

import styranalys as sa

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "gallery"


def main() -> None:
    goals = sa.read_goals(ROOT / "data" / "raw")
    indicators = sa.read_indicators(ROOT / "data" / "raw")
    check = sa.assessment_check(goals, indicators)
    audit = sa.measurability(goals, indicators)
    sick = indicators[indicators["indikator"] == "Sjukfrånvaro bland medarbetarna"]
    charts = {
        "maluppfyllelse-per-namnd": sa.plot_fulfilment(goals, 2021, kommunen=True),
        "maluppfyllelse-over-tid": sa.plot_fulfilment_over_time(goals),
        "malmatris": sa.plot_goal_matrix(goals, "Tillväxtnämnden"),
        "malmatris-gratt": sa.plot_goal_matrix(goals, "Tillväxtnämnden", greyscale=True),
        "indikatortrend": sa.plot_trend(sick),
        "indikatorer-smamultiplar": sa.plot_trends(indicators, namnd="Tillväxtnämnden"),
        "bedomning-mot-data": sa.plot_assessment_check(check, 2024),
        "matbarhet": sa.plot_measurability(audit, 2024),
    }
    for name, fig in charts.items():
        sa.save_figure(fig, OUT / f"{name}.png", dpi=100)
    print(f"Skrev {len(charts)} diagram till {OUT}")


if __name__ == "__main__":
    main()
