"""The indicator trends, chosen with drop-downs in JupyterLab (``indikatortrender.ipynb``).

Three drop-downs (ipywidgets) choose the nämnd, the goal and the indicator; the trend table
and chart below them follow each choice. The same selection as the notebook's parameters
(:func:`select_indicators`), so what the drop-downs show is what papermill would build.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["TrendExplorer", "select_indicators"]

_ALL = "(alla)"


def select_indicators(indicators: pd.DataFrame, period: str = "bokslut", namnd: str = "",
                      mal_id: str = "", indikatorer: Sequence[str] = ()) -> pd.DataFrame:
    """The indicator rows with values for ``period``, narrowed to the nämnd, goal and
    indicators given (an empty choice narrows nothing)."""
    chosen = indicators[(indicators["period"] == period) & indicators["varde"].notna()]
    if namnd:
        chosen = chosen[chosen["namnd"] == namnd]
    if mal_id:
        chosen = chosen[chosen["mal_id"] == mal_id]
    if indikatorer:
        chosen = chosen[chosen["indikator_id"].isin(list(indikatorer))]
    return chosen


def _options(frame: pd.DataFrame, value: str, label: str) -> list[tuple[str, str]]:
    """Drop-down options (label, value): "(alla)" first, then each one in the frame."""
    pairs = frame[[label, value]].dropna(subset=[value]).drop_duplicates(value)
    found = sorted((str(lab)[:80], str(val)) for lab, val in pairs.itertuples(index=False))
    return [(_ALL, ""), *found]


class TrendExplorer:
    """The drop-downs and what they show; display it in a notebook cell. ``goals`` names the
    goals in the goal drop-down."""

    def __init__(self, indicators: pd.DataFrame, namnd: str = "", mal_id: str = "",
                 indikator: str = "", period: str = "bokslut", *,
                 goals: pd.DataFrame | None = None) -> None:
        import ipywidgets as w

        chosen = indicators[(indicators["period"] == period) & indicators["varde"].notna()]
        names = (chosen["mal_id"] if goals is None else chosen["mal_id"].map(  # goal texts
            goals.drop_duplicates("mal_id").set_index("mal_id")["mal"]).fillna(chosen["mal_id"]))
        self.indicators = chosen.assign(_mal=names)
        self.period = period
        nämnder = sorted(self.indicators["namnd"].dropna().unique())
        layout = {"width": "min(40rem, 100%)"}
        self.namnd = w.Dropdown(options=[(_ALL, ""), *((n, n) for n in nämnder)],
                                value=namnd if namnd in nämnder else "", description="Nämnd",
                                layout=layout)
        self.mal = w.Dropdown(description="Mål", layout=layout)
        self.indikator = w.Dropdown(description="Indikator", layout=layout)
        self.output = w.Output()
        self.renders = 0
        self._filling = False
        self._fill(self.mal, self._for(namnd=True), "mal_id", "_mal", mal_id)
        self._fill(self.indikator, self._for(namnd=True, mal=True), "indikator_id",
                   "indikator", indikator)
        self.namnd.observe(self._namnd_changed, names="value")
        self.mal.observe(self._mal_changed, names="value")
        self.indikator.observe(self._indikator_changed, names="value")
        self.widget = w.VBox([self.namnd, self.mal, self.indikator, self.output])
        self.render()

    def _for(self, namnd: bool = False, mal: bool = False) -> pd.DataFrame:
        return select_indicators(self.indicators, self.period,
                                 self.namnd.value if namnd else "",
                                 (self.mal.value or "") if mal else "")

    @staticmethod
    def _fill(dropdown, frame: pd.DataFrame, value: str, label: str, chosen: str) -> None:
        options = _options(frame, value, label)
        dropdown.options = options
        dropdown.value = chosen if chosen in {v for _, v in options} else ""

    def _namnd_changed(self, _change) -> None:
        self._filling = True  # the goal and indicator follow: one redraw, not three
        try:
            self._fill(self.mal, self._for(namnd=True), "mal_id", "_mal", "")
            self._fill(self.indikator, self._for(namnd=True), "indikator_id", "indikator", "")
        finally:
            self._filling = False
        self.render()

    def _mal_changed(self, _change) -> None:
        if self._filling:
            return
        self._filling = True
        try:
            self._fill(self.indikator, self._for(namnd=True, mal=True), "indikator_id",
                       "indikator", "")
        finally:
            self._filling = False
        self.render()

    def _indikator_changed(self, _change) -> None:
        if not self._filling:
            self.render()

    def selection(self) -> pd.DataFrame:
        """The rows the drop-downs choose."""
        chosen = self.indikator.value
        return select_indicators(self.indicators, self.period, self.namnd.value,
                                 self.mal.value or "", [chosen] if chosen else ()
                                 ).drop(columns="_mal")

    def render(self) -> None:
        """Show the chosen indicators' trend table and chart under the drop-downs."""
        from IPython.display import display

        from .charts import plot_trend, plot_trends
        from .report import paragraph, show, table, trend_table

        chosen = self.selection()
        self.renders += 1
        self.output.outputs = ()  # (not clear_output: papermill would clear the cell)
        with self.output:
            if chosen.empty:
                display(paragraph("Inga indikatorer med värden i urvalet."))
                return
            display(table(trend_table(chosen, period=self.period), "Trender och målvärden",
                          decimals=2))
            if self.indikator.value and chosen["namnd"].nunique() == 1:
                fig = plot_trend(chosen, self.indikator.value, chosen["namnd"].iloc[0],
                                 period=self.period)
            else:
                fig = plot_trends(chosen, namnd=self.namnd.value or None,
                                  mal_id=self.mal.value or None, period=self.period)
            show(fig)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
