"""A notebook's parameters, checked: a mistyped name or a value of the wrong type stops the
run with a Swedish sentence that names it, instead of a report built for the defaults.

papermill itself ignores a parameter the notebook does not define (``-p namd X`` builds the
default nämnd) and passes ``-r ar 2023`` as the text "2023". Two guards:

- :func:`check_parameters`, called by each notebook right after its parameters, sees the
  names papermill injected and the types of all the parameters, so plain papermill and
  JupyterLab fail clearly too;
- :func:`convert_parameters`, used by ``styranalys run``, refuses an unknown name before any
  kernel starts, naming the nearest one, and converts each value to its default's type.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Mapping
from pathlib import Path

__all__ = ["ParameterError", "check_parameters", "convert_parameters", "notebook_parameters"]

#: The first line of the cell in which papermill injects the parameters.
_INJECTED = "# Parameters"

_KIND_WORDS = {int: "ett heltal (till exempel 2024)", float: "ett tal", bool: "True eller False",
               str: "text", list: "en lista (till exempel ['1884', '1981'])"}


class ParameterError(ValueError):
    """A parameter that the notebook does not have, or a value of the wrong type."""


def _nearest(name: str, names: list[str]) -> str:
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    hint = f"menade du {close[0]}?" if close else "den finns inte i notebooken."
    return f"{name}: {hint} (parametrar: {', '.join(names)})"


def _assigned(source: str) -> dict[str, ast.expr]:
    """What a cell of plain assignments assigns: each name and its value's expression
    (nothing for a cell that is not Python)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    return {target.id: node.value for node in tree.body if isinstance(node, ast.Assign)
            for target in node.targets if isinstance(target, ast.Name)}


def _describe(kinds: tuple[type, ...]) -> str:
    return " eller ".join(_KIND_WORDS.get(k, k.__name__) for k in kinds)


def check_parameters(namespace: Mapping[str, object], **expected: type | tuple[type, ...]
                     ) -> None:
    """Raise :class:`ParameterError` when papermill injected a name that is not in
    ``expected`` (read from the kernel's input history), or when a parameter in
    ``namespace`` is not of its expected type(s)."""
    names = list(expected)
    history = namespace.get("In") or []
    injected = [name for cell in history if str(cell).lstrip().startswith(_INJECTED)
                for name in _assigned(str(cell))]
    unknown = [name for name in dict.fromkeys(injected) if name not in expected]
    if unknown:
        raise ParameterError("Okänd parameter " + "; ".join(_nearest(n, names)
                                                            for n in unknown))
    for name, kinds in expected.items():
        kinds = kinds if isinstance(kinds, tuple) else (kinds,)
        value = namespace.get(name)
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            got = f"texten {value!r}" if isinstance(value, str) else repr(value)
            advice = (f" Med papermill: -p {name} {value} (inte -r)."
                      if isinstance(value, str) and int in kinds else "")
            raise ParameterError(f"Parametern {name} ska vara {_describe(kinds)}, men är "
                                 f"{got}.{advice}")


def notebook_parameters(notebook: str | Path) -> dict[str, object]:
    """The parameters a notebook's ``parameters`` cell defines, with their default values."""
    import nbformat

    book = nbformat.read(str(notebook), as_version=4)
    for cell in book.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            return {name: ast.literal_eval(value)
                    for name, value in _assigned(cell.source).items()}
    raise ParameterError(f"{notebook} har ingen cell taggad parameters.")


def _as_list(text: str) -> list | None:
    """"1884, 1981" or a Python list "['1884', '1981']" as a list (None: neither)."""
    if not text.strip().startswith("["):
        return [part.strip() for part in text.split(",") if part.strip()]
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None
    return value if isinstance(value, list) else None


def _convert(name: str, text: str, default: object) -> object:
    """``text`` as the type of ``default``."""
    if isinstance(default, bool):
        words = {"true": True, "ja": True, "1": True, "false": False, "nej": False, "0": False}
        if text.strip().lower() in words:
            return words[text.strip().lower()]
    elif isinstance(default, int):
        if text.strip().lstrip("-").isdigit():
            return int(text)
    elif isinstance(default, float):
        try:
            return float(text.replace(",", "."))
        except ValueError:
            pass
    elif isinstance(default, list):
        value = _as_list(text)
        if value is not None:
            return value
    else:
        return text
    raise ParameterError(f"{name}: {text!r} är inte {_KIND_WORDS[type(default)]}, som "
                         f"standardvärdet {default!r}.")


def convert_parameters(notebook: str | Path, given: list[tuple[str, str]]
                       ) -> dict[str, object]:
    """The ``(name, text)`` pairs given on the command line as the notebook's parameters,
    each converted to the type of its default; an unknown name is refused."""
    defaults = notebook_parameters(notebook)
    out = {}
    for name, text in given:
        if name not in defaults:
            raise ParameterError(_nearest(name, list(defaults)))
        out[name] = _convert(name, text, defaults[name])
    return out
