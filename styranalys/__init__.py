"""styranalys: analysis of Swedish municipalities' goal follow-up (styrmodell, måluppföljning).

Reads the goal and indicator spreadsheets municipalities keep into two tidy pandas frames
(see docs/datamodell.md), analyses them, draws charts in one house style and builds the
yearly reports.
"""

from .assessment import RULES, assessment_check, indicator_levels
from .charts import (
    alt_text,
    house_style,
    palette,
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
from .deck import standard_deck
from .fulfilment import TOTAL_LABEL, fulfilment, transitions
from .headers import HEADER_SYNONYMS, header_synonyms
from .kolada import KoladaGroup, read_kolada, read_kolada_groups
from .measurability import measurability, measurability_summary
from .peers import peer_comparison
from .prepare import Prepared, prepare, read_prepared
from .presentation import Slide, to_pptx
from .problems import InputError, Problem
from .readers import ReadReport, list_files, load, read_goals, read_indicators
from .schema import GOAL_DTYPES, INDICATOR_DTYPES
from .trends import TREND_COLUMNS, trends
from .vocabulary import LEVEL_LABELS, Vocabulary
from .workbook import ReadLimits

__version__ = "0.1.0"

__all__ = [
    "GOAL_DTYPES",
    "HEADER_SYNONYMS",
    "INDICATOR_DTYPES",
    "LEVEL_LABELS",
    "RULES",
    "TOTAL_LABEL",
    "TREND_COLUMNS",
    "InputError",
    "KoladaGroup",
    "Prepared",
    "Problem",
    "ReadLimits",
    "ReadReport",
    "Slide",
    "Vocabulary",
    "__version__",
    "alt_text",
    "assessment_check",
    "fulfilment",
    "header_synonyms",
    "house_style",
    "indicator_levels",
    "list_files",
    "load",
    "measurability",
    "measurability_summary",
    "palette",
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
    "to_pptx",
    "transitions",
    "trends",
]
