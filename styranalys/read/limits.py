"""How much a file may be before it is parsed, and the error for a file that is not read."""

from __future__ import annotations

from dataclasses import dataclass

from ..problems import InputError, Problem

__all__ = ["ReadLimits", "fail"]


@dataclass(frozen=True)
class ReadLimits:
    """Limits checked before a file is parsed; anything over one is an InputError.

    The defaults are far above any real follow-up file and far below what would exhaust
    the machine.
    """

    max_file_bytes: int = 100_000_000
    max_unpacked_bytes: int = 200_000_000
    max_rows: int = 1_000_000
    max_columns: int = 16_384
    #: Cells in a sheet's bounding box (rows × columns); the parser allocates all of them.
    max_cells: int = 50_000_000
    max_compression_ratio: float = 200.0


def fail(file: str, message: str, hint: str = "", code: str = "fil") -> InputError:
    """An InputError with one problem about the whole file."""
    return InputError([Problem(file=file, message=message, hint=hint, code=code)])
