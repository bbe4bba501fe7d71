"""styranalys: analysis of Swedish municipalities' goal follow-up (styrmodell, måluppföljning).

Reads the goal and indicator spreadsheets municipalities keep into two tidy pandas frames
(see DESIGN.md), analyses them, draws charts in one house style and builds the yearly reports.
"""

from .assessment import RULES, assessment_check, indicator_levels
from .fulfilment import TOTAL_LABEL, fulfilment, transitions
from .headers import HEADER_SYNONYMS, header_synonyms
from .measurability import measurability, measurability_summary
from .prepare import Prepared, prepare, read_prepared
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
    "Prepared",
    "Problem",
    "ReadLimits",
    "ReadReport",
    "Vocabulary",
    "__version__",
    "assessment_check",
    "fulfilment",
    "header_synonyms",
    "indicator_levels",
    "list_files",
    "load",
    "measurability",
    "measurability_summary",
    "prepare",
    "read_goals",
    "read_indicators",
    "read_prepared",
    "transitions",
    "trends",
]
