"""One class per layout of a sheet, and the short dispatch that chooses among them.

Each module here holds one layout: a :class:`~styranalys.read.sheet.SheetReader` subclass
that says which headers it fits and how it reads their rows. Every module in this package is
loaded, so adding a layout means adding a module (and its test file), nothing else. Where a
layout refines another (the annual report's table is a long goal table), the refinement wins;
where two unrelated layouts fit, the sheet is one problem and no rows are guessed.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from ..header import HeaderRow
from ..sheet import SheetReader

__all__ = ["choose", "layouts"]


@cache
def layouts() -> tuple[type[SheetReader], ...]:
    """Every layout class, from every module of this package, in a stable order."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    found: list[type[SheetReader]] = []
    todo = list(SheetReader.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if "fits" in cls.__dict__ and cls.kind:
            found.append(cls)
    return tuple(sorted(set(found), key=lambda c: (c.__module__, c.__name__)))


def choose(header: HeaderRow, kind: str) -> list[type[SheetReader]]:
    """The layouts of ``kind`` that fit ``header``, a refinement in place of what it refines."""
    fitting = [cls for cls in layouts() if cls.kind == kind and cls.fits(header)]
    return [cls for cls in fitting
            if not any(other is not cls and issubclass(other, cls) for other in fitting)]
