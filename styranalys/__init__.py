"""styranalys: analysis of Swedish municipalities' goal follow-up (styrmodell, måluppföljning).

Reads the goal and indicator spreadsheets municipalities keep into two tidy pandas frames
(see docs/datamodell.md), analyses them, draws charts in one house style and builds the
yearly reports. The names below are what the README documents; each is imported when first
used (PEP 562), so ``import styranalys`` loads no plotting, slide or analysis code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy
from ._version import __version__

if TYPE_CHECKING:
    from .analysis.assessment import assessment_check
    from .analysis.fulfilment import TOTAL_LABEL, fulfilment, transitions
    from .analysis.measurability import measurability, measurability_summary
    from .analysis.peers import peer_comparison
    from .analysis.trends import trends
    from .analysis.wording import goal_wording
    from .cache import prepare, read_prepared
    from .charts import (
        alt_text,
        plot_assessment_check,
        plot_fulfilment,
        plot_fulfilment_over_time,
        plot_goal_matrix,
        plot_measurability,
        plot_peer_comparison,
        plot_trend,
        plot_trends,
        save_figure,
    )
    from .contract import HEADER_SYNONYMS
    from .deck import standard_deck
    from .distributed import trends_dask, write_indicator_dataset
    from .export import to_csv, to_excel
    from .presentation import to_pptx
    from .problems import InputError, Problem
    from .read.kolada import read_kolada, read_kolada_groups
    from .read.limits import ReadLimits
    from .read.load import load, read_goals, read_indicators
    from .read.vocabulary import Vocabulary

#: Where each public name lives.
_WHERE = {
    # reading
    "read_goals": "read.load", "read_indicators": "read.load", "load": "read.load",
    "ReadLimits": "read.limits", "Vocabulary": "read.vocabulary",
    "HEADER_SYNONYMS": "contract", "InputError": "problems", "Problem": "problems",
    "prepare": "cache", "read_prepared": "cache",
    # Kolada
    "read_kolada": "read.kolada", "read_kolada_groups": "read.kolada",
    "peer_comparison": "analysis.peers",
    # analysis
    "fulfilment": "analysis.fulfilment", "transitions": "analysis.fulfilment",
    "TOTAL_LABEL": "analysis.fulfilment", "trends": "analysis.trends",
    "assessment_check": "analysis.assessment", "measurability": "analysis.measurability",
    "measurability_summary": "analysis.measurability", "goal_wording": "analysis.wording",
    # charts and slides
    **{name: "charts" for name in (
        "plot_fulfilment", "plot_fulfilment_over_time", "plot_goal_matrix", "plot_trend",
        "plot_trends", "plot_assessment_check", "plot_measurability", "plot_peer_comparison",
        "save_figure", "alt_text")},
    "to_pptx": "presentation", "standard_deck": "deck",
    # tables out, and data too large for memory
    "to_csv": "export", "to_excel": "export",
    "trends_dask": "distributed", "write_indicator_dataset": "distributed",
}

__all__ = [
    "HEADER_SYNONYMS",
    "TOTAL_LABEL",
    "InputError",
    "Problem",
    "ReadLimits",
    "Vocabulary",
    "__version__",
    "alt_text",
    "assessment_check",
    "fulfilment",
    "goal_wording",
    "load",
    "measurability",
    "measurability_summary",
    "peer_comparison",
    "plot_assessment_check",
    "plot_fulfilment",
    "plot_fulfilment_over_time",
    "plot_goal_matrix",
    "plot_measurability",
    "plot_peer_comparison",
    "plot_trend",
    "plot_trends",
    "prepare",
    "read_goals",
    "read_indicators",
    "read_kolada",
    "read_kolada_groups",
    "read_prepared",
    "save_figure",
    "standard_deck",
    "to_csv",
    "to_excel",
    "to_pptx",
    "transitions",
    "trends",
    "trends_dask",
    "write_indicator_dataset",
]


__getattr__, __dir__ = lazy(__name__, _WHERE, __all__)
