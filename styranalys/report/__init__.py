"""The report's API: everything the report notebooks call, and nothing else calls.

Data loading, Swedish text, tables and figure display. The notebooks hold no analysis
logic; everything they show is computed here, in the analysis modules or in the figure
manifest (:mod:`styranalys.figures`), so it can be tested without a kernel.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .. import figures
from .._text import fold
from ..analysis.counting import counted_fulfilled, rule_text
from ..analysis.fulfilment import TOTAL_LABEL, fulfilment, transitions
from ..analysis.trends import trends
from ..cache import GOALS_FILE, MANIFEST_FILE, prepare, read_prepared
from ..contract import level_labels, maltyp_label
from ..deck import choose
from ..explorer import TrendExplorer, select_indicators
from ..figures import FigureData
from ..html_parts import Html, bullets, figure, heading, notice, paragraph, table
from ..parameters import check_parameters
from ..paths import project_path, user_cache
from ..read.report import ReadReport, illustrative_files
from ..swedish import format_percent, format_value, year_span
from .checks import (
    check_coverage,
    check_rules,
    check_table,
    deviation_by_namnd,
    gaps_table,
)

__all__ = ["FigureData", "TrendExplorer", "cache_dir", "change_table", "check_coverage",
           "check_parameters", "check_rules", "check_table", "counting_rule", "deviation_by_namnd",
           "gaps_table", "goal_table", "heading", "illustrative", "kolada_comparison",
           "load_report_data", "opening", "overview_table", "paragraph", "rule_note",
           "select_indicators", "show", "show_figure", "show_kolada", "slug", "slugs", "summary",
           "table", "trend_table"]

#: What every report and the deck say at the top when any input is marked illustrative.
ILLUSTRATIVE_NOTICE = ("Uppgifterna bygger på illustrativa data, påhittade för att visa hur "
                       "uppföljningen fungerar. Siffrorna från dem beskriver ingen verklig "
                       "nämnd.")

#: What happened to goals since the year before, after a count: singular, plural.
_CHANGE_WORDS = {"förbättrad": ("förbättrades",) * 2, "försämrad": ("försämrades",) * 2,
                 "oförändrad": ("är oförändrat", "är oförändrade"), "ny": ("är nytt", "är nya"),
                 "borttagen": ("har tagits bort",) * 2,
                 "ej jämförbar": ("kan inte jämföras",) * 2}


def slug(text: str) -> str:
    """An ASCII file-name part: "Barn- och utbildningsnämnden" -> "barn-och-utbildningsnamnden"."""
    return re.sub(r"-+", "-", fold(text).replace(" ", "-")).strip("-") or "x"


def slugs(names: Iterable[str]) -> dict[str, str]:
    """A file-name part per name, never the same for two names: :func:`slug`, and where
    two names give the same one ("Kultur- och fritidsnämnden", "Kultur och
    fritidsnämnden"), each of them also gets a short checksum of its name."""
    names = list(dict.fromkeys(names))
    plain = {n: slug(n) for n in names}
    counts = Counter(plain.values())
    return {n: s if counts[s] == 1 else f"{s}-{hashlib.sha1(n.encode()).hexdigest()[:6]}"
            for n, s in plain.items()}


def cache_dir(data_dir: str | Path, raw_dir: str | Path) -> Path:
    """Where a report keeps its parquet: ``data_dir`` when given (the build gives its own),
    else a folder for ``raw_dir`` in the user's cache (``$XDG_CACHE_HOME`` or
    ``~/.cache``), so a notebook opened in JupyterLab writes nothing into the project."""
    if data_dir:
        return project_path(data_dir)
    key = hashlib.sha256(str(project_path(raw_dir).resolve()).encode()).hexdigest()[:16]
    return user_cache() / key


def load_report_data(data_dir: str | Path, raw_dir: str | Path | None = None
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tidy frames for a report: the build's parquet, or read from ``raw_dir`` once.
    Relative paths are the project's (see :mod:`styranalys.paths`), wherever the notebook
    runs.

    In JupyterLab on a fresh clone ``data/processed`` is empty; then the spreadsheets in
    ``raw_dir`` are prepared into it first.
    """
    data_dir = project_path(data_dir)
    if not (data_dir / GOALS_FILE).exists():
        if not raw_dir:
            raise FileNotFoundError(f"{data_dir} saknar {GOALS_FILE}: kör 'styranalys prepare' "
                                    "eller ange raw_dir.")
        prepare(project_path(raw_dir), data_dir)
    return read_prepared(data_dir)


def illustrative(data_dir: str | Path) -> list[str]:
    """The input files of a prepared folder that are marked illustrative, in their title or
    their name (see :meth:`~styranalys.read.report.ReadReport.illustrative_files`)."""
    try:
        manifest = json.loads((Path(data_dir) / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = manifest.get("rapporter", {})
    return illustrative_files(ReadReport(**found.get(kind, {}))
                              for kind in ("goals", "indicators"))


def opening(title: str, data_dir: str | Path | None = None) -> Html:
    """The report's one h1, and a notice at the top when any input is illustrative."""
    start = heading(title, 1)
    marked = illustrative(data_dir) if data_dir else []
    if not marked:
        return start
    files = ", ".join(marked[:4]) + (f" och {len(marked) - 4} filer till" if len(marked) > 4
                                     else "")
    return start + notice(f"{ILLUSTRATIVE_NOTICE} Filer med illustrativa data: {files}.")


def show(fig, name: str | None = None, figur_dir: str | Path | None = None,
         width: int = 960) -> None:
    """Display a chart in the notebook with its description as alt text, and save the same
    PNG (the description in its metadata, for the deck) to ``figur_dir``.

    The chart is rendered once (rendering is most of a report's time).
    """
    from IPython.display import display

    from ..atomic import atomic_path
    from ..charts.save import png_bytes
    from ..charts.style import alt_text, source_line

    alt = alt_text(fig)
    png = png_bytes(fig, Description=alt, Source=source_line(fig))
    if figur_dir and name:
        with atomic_path(project_path(figur_dir) / f"{name}.png") as tmp:
            tmp.write_bytes(png)
    display(figure(png, alt or "Diagram", width))


def show_figure(key: str, data: FigureData, figur_dir: str | Path | None = None,
                prefix: str | None = None, otherwise: str | None = None) -> None:
    """Draw the report's declared figure ``key`` (see :mod:`styranalys.figures`), show it
    and save it as ``{prefix}-{key}.png`` (a figure of several pages as ``-2``, ``-3`` …);
    where the data have nothing to show, the sentence ``otherwise`` (if given).

    ``prefix`` defaults to the nämnd's slug, or "kommunen" for the overview. Returns
    nothing, so that a notebook cell ending in it shows no return value to readers.
    """
    declared = figures.figure(key, namnd=data.namnd is not None)
    prefix = prefix or (slug(data.namnd) if data.namnd else figures.OVERVIEW_PREFIX)
    drawn = declared.pages(data)
    for page, fig in enumerate(drawn, start=1):
        show(fig, declared.stem(prefix, page), figur_dir)
    if not drawn and otherwise:
        from IPython.display import display

        display(paragraph(otherwise))


def show_kolada(table: pd.DataFrame, kpi: str, prefix: str,
                figur_dir: str | Path | None = None, ar: int | None = None) -> None:
    """Draw and save the peer comparison of one KPI (see :data:`styranalys.figures.KOLADA`);
    with the report's year ``ar``, older data says its latest year."""
    from ..charts import plot_peer_comparison

    show(plot_peer_comparison(table, kpi, ar=ar), figures.KOLADA.stem(prefix, kpi), figur_dir)


def _and_join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]


def summary(goals: pd.DataFrame, namnd: str, ar: int, period: str = "bokslut") -> Html:
    """The fulfilment summary of one nämnd and year in Swedish sentences."""
    own = goals[(goals["namnd"] == namnd) & (goals["period"] == period)]
    year = own[own["ar"] == ar]
    total = fulfilment(year, by=[], period=period).iloc[0]
    out = paragraph(total["sammanfattning"], "Sammantaget:")
    out += bullets((f"{maltyp_label(row.maltyp)}:", row.sammanfattning)
                   for row in fulfilment(year, by=["maltyp"], period=period).itertuples())
    change = transitions(own, period=period)
    change = change[change["ar"] == ar]
    if not change.empty:
        before = int(change["ar_fore"].dropna().max())
        counts = change["forandring"].value_counts()
        parts = [f"{n} {_CHANGE_WORDS[k][0 if n == 1 else 1]}" for k, n in counts.items() if n]
        out += paragraph(_and_join(parts) + ".", f"Jämfört med {before}:")
    return out


def goal_table(goals: pd.DataFrame, indicators: pd.DataFrame, namnd: str, ar: int,
               maltyp: str, period: str = "bokslut") -> pd.DataFrame:
    """One goal type's goals that year: assessment, change since last year, indicators."""
    own = goals[(goals["namnd"] == namnd) & (goals["period"] == period)]
    year = own[(own["ar"] == ar) & (own["maltyp"] == maltyp)]
    change = transitions(own, period=period)
    change = change[change["ar"] == ar].set_index("mal_id")["forandring"]
    ind = indicators[(indicators["namnd"] == namnd) & (indicators["period"] == period)
                     & (indicators["ar"] <= ar) & indicators["mal_id"].isin(year["mal_id"])]
    described = _indicator_text(ind, period)
    labels = level_labels(maltyp)
    return pd.DataFrame({
        "Mål": year["mal"].to_numpy(),
        "Område": year["omrade"].fillna("–").to_numpy(),
        "Bedömning": [labels[None if pd.isna(v) else int(v)] for v in year["niva"]],
        f"Sedan {ar - 1}": year["mal_id"].map(change).astype(object).fillna("–").to_numpy(),
        "Indikatorer": year["mal_id"].map(described).astype(object).fillna("saknas").to_numpy(),
    })


def _indicator_text(indicators: pd.DataFrame, period: str) -> pd.Series:
    """Per goal: "Sjukfrånvaro: 7,1 % (mål 6,5 till 2024), förbättring; ..."."""
    if indicators.empty:
        return pd.Series(dtype="string")
    t = trends(indicators, period=period)
    texts = []
    for row in t.itertuples():
        text = f"{row.indikator}: {format_value(row.sista_varde, row.enhet)} ({row.sista_ar})"
        if pd.notna(row.malvarde):
            text += f", mål {format_value(row.malvarde, row.enhet)}"
            text += f" till {row.malar}" if pd.notna(row.malar) else ""
        if pd.notna(row.bedomning):
            text += f", {row.bedomning}"
        texts.append((row.mal_id, text))
    frame = pd.DataFrame(texts, columns=["mal_id", "text"])
    return frame.groupby("mal_id")["text"].agg("; ".join)


def overview_table(goals: pd.DataFrame, ar: int, period: str = "bokslut",
                   indicators: pd.DataFrame | None = None,
                   rule: dict | None = None) -> pd.DataFrame:
    """Fulfilment per nämnd and, last, the municipality (marked by ``kommunen``, for
    :func:`table`'s ``total``) for the overview report; with the municipality's own
    ``rule`` (see :func:`counting_rule`), a column counted by it."""
    data = goals[(goals["ar"] == ar) & (goals["period"] == period)]
    f = fulfilment(data, by=["namnd"], kommunen=True, period=period)
    out = pd.DataFrame({"Nämnd": f["namnd"].mask(f["kommunen"], TOTAL_LABEL),
                        "Antal mål": f["antal"],
                        "Medelnivå": f["medelniva"].astype(float).round(1),
                        "Uppfyllda": f["andel_uppfyllda"].map(_percent),
                        "Uppfyllda eller på väg": f["andel_uppfyllda_eller_pa_vag"].map(_percent),
                        "Sammanfattning": f["sammanfattning"], "kommunen": f["kommunen"]})
    if rule:
        counted = counted_fulfilled(data, indicators, levels=rule["uppfyllda"],
                                    share=rule["indikatorer"], period=period)
        per = counted.groupby("namnd")["uppfyllt"].mean()
        shares = [counted["uppfyllt"].mean() if k else per.get(n)
                  for n, k in zip(f["namnd"], f["kommunen"], strict=True)]
        out.insert(5, "Uppfyllda enligt kommunens regel", [_percent(v) for v in shares])
    return out


def counting_rule(data_dir: str | Path) -> dict | None:
    """The profile's ``[analys]`` rule that the data in ``data_dir`` was prepared with."""
    try:
        manifest = json.loads((Path(data_dir) / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest.get("regel")


def rule_note(rule: dict | None) -> Html | None:
    """The sentence that says the report counts by the municipality's own rule."""
    if not rule:
        return None
    text = rule.get("text") or rule_text(rule["uppfyllda"], rule["indikatorer"]).capitalize()
    return paragraph("Kolumnen \"Uppfyllda enligt kommunens regel\" räknar med kommunens "
                     f"egen regel i styranalys.toml: {text.rstrip('.')}.")


def _percent(share: object) -> str:
    return format_percent(share) if pd.notna(share) else "–"


def change_table(goals: pd.DataFrame, ar: int, period: str = "bokslut") -> pd.DataFrame:
    """Per nämnd: how many goals improved, worsened, ... since the year before."""
    t = transitions(goals, period=period)
    t = t[t["ar"] == ar]
    if t.empty:
        return pd.DataFrame(columns=["Nämnd"])
    counts = pd.crosstab(t["namnd"], t["forandring"])
    order = ["förbättrad", "oförändrad", "försämrad", "ny", "borttagen", "ej jämförbar"]
    counts = counts.reindex(columns=[c for c in order if c in counts.columns])
    counts.columns = [c.capitalize() for c in counts.columns]
    return counts.reset_index().rename(columns={"namnd": "Nämnd"})


def trend_table(indicators: pd.DataFrame, period: str = "bokslut") -> pd.DataFrame:
    """Trends and target progress of the given indicator rows, in Swedish columns."""
    t = trends(indicators, period=period)
    return pd.DataFrame({
        "Indikator": t["indikator"], "Nämnd": t["namnd"],
        "År": [year_span(a, b) for a, b in zip(t["forsta_ar"], t["sista_ar"], strict=True)],
        "Senaste värde": t["sista_varde"],
        "Trend per år": t["theil_sen_lutning"], "Bedömning": t["bedomning"].fillna("–"),
        "Mann–Kendall p": t["mk_p"], "Målvärde": t["malvarde"],
        "Andel av vägen": t["maluppfyllelse_andel"].map(_percent),
        "Prognos målår": t["prognos_malar"].astype("string").fillna("–"),
    })


def kolada_comparison(kolada_dir: str | Path, kommun: str, jamforelse: list[str] | str,
                      koppling: str | Path | None = None,
                      namnd: str | None = None) -> pd.DataFrame:
    """Peer comparison of the Kolada files in ``kolada_dir`` for municipality ``kommun``.

    ``jamforelse`` is a list of municipality codes, the id of a group in a
    ``municipality_groups`` file there, or empty for every other municipality in the files.
    With ``namnd``, only KPIs that ``koppling`` maps to that nämnd are compared.
    """
    from ..analysis.peers import peer_comparison
    from ..read.kolada import read_kolada, read_kolada_groups

    kolada_dir = project_path(kolada_dir)
    frame = read_kolada(kolada_dir, own=kommun, mapping=project_path(koppling) if koppling
                        else None)
    if isinstance(jamforelse, str) and jamforelse:
        groups = {g.id: g for g in read_kolada_groups(kolada_dir)}
        if jamforelse not in groups:
            raise ValueError(f"Jämförelsegruppen {jamforelse!r} finns inte i {kolada_dir}; "
                             f"grupper: {', '.join(groups) or 'inga'}.")
        peers = groups[jamforelse]
    elif jamforelse:
        peers = list(jamforelse)
    else:
        codes = frame["kommun"].str.split(" ", n=1).str[0]
        peers = sorted(set(codes) - {str(kommun)})
    if namnd is not None:
        own = frame["kommun"].str.startswith(str(kommun)) & (frame["namnd"] == namnd)
        frame = frame[frame["indikator_id"].isin(frame.loc[own, "indikator_id"])]
    if frame.empty:
        return pd.DataFrame()
    return peer_comparison(frame, kommun, peers,
                           snapshot=None if isinstance(peers, list) and jamforelse else
                           "alla andra kommuner i Kolada-filerna")


def check_year_and_namnd(goals: pd.DataFrame, ar: int, namnd: str | None,
                         period: str = "bokslut") -> None:
    """Stop a notebook early, with the available choices, when a parameter is not in data."""
    choose(goals, ar, [namnd] if namnd else None, period)
