"""Everything from bytes on disk to a tidy frame, in the order data flows through it.

``sources`` opens a file by what its bytes are (``sniff``), through ``guard`` and ``extent``
for workbooks; ``header`` finds the header row, ``title`` what the sheet's title says, and a
class in ``layouts`` reads the rows (``grid``, ``fields``, ``values``); ``load`` puts the files
together, checks keys (``duplicates``), names (``names``), goal links (``link``) and scales
(``consistency``). ``kolada`` reads Kolada's files through the same path.

Names are imported when first used (PEP 562), so ``python -m styranalys.read.xls`` and
``import styranalys`` stay light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy

if TYPE_CHECKING:
    from .files import list_files
    from .kolada import KoladaGroup, read_kolada, read_kolada_groups
    from .limits import ReadLimits
    from .load import load, read_goals, read_indicators
    from .opening import sharing_sheets
    from .report import ReadReport
    from .vocabulary import Vocabulary

__all__ = ["KoladaGroup", "ReadLimits", "ReadReport", "Vocabulary", "list_files", "load",
           "read_goals", "read_indicators", "read_kolada", "read_kolada_groups",
           "sharing_sheets"]

_WHERE = {"list_files": "files", "KoladaGroup": "kolada", "read_kolada": "kolada",
          "read_kolada_groups": "kolada", "ReadLimits": "limits", "load": "load",
          "read_goals": "load", "read_indicators": "load", "sharing_sheets": "opening",
          "ReadReport": "report", "Vocabulary": "vocabulary"}


__getattr__, __dir__ = lazy(__name__, _WHERE, __all__)
