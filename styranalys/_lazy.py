"""Names of a package imported when first used (PEP 562), so importing it stays cheap."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy(package: str, where: Mapping[str, str], names: list[str],
         ) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """A module ``__getattr__`` that imports ``name`` from ``package + "." + where[name]``
    on first use (and keeps it), and a ``__dir__`` that lists ``names`` too."""
    module = importlib.import_module(package)

    def __getattr__(name: str) -> object:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{where[name]}"), name)
        setattr(module, name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(module), *names})

    return __getattr__, __dir__
