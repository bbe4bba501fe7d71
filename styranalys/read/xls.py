"""The .xls source: an old Excel workbook, parsed by calamine in a child process.

calamine's .xls (CFB) reader can abort the whole process on a damaged file (it tries to
allocate hundreds of GB); in a child only the child dies. The child
(``python -m styranalys.read.xls FILE``) runs the same loop as the workbook source and
writes the sheets as a pickle to stdout; it imports nothing else of styranalys.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

from .calamine import calamine_sheets
from .limits import ReadLimits, fail
from .sources import Sheet, source

__all__ = ["read_xls"]

_ENCRYPTED = (b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00", b"EncryptedPackage")


@source("ole")
def read_xls(path: Path, name: str, limits: ReadLimits, timeout: float = 60) -> list[Sheet]:
    """Every sheet of an .xls, or the error for a password-protected or damaged file."""
    head = path.read_bytes()[:2_000_000]
    if any(mark in head for mark in _ENCRYPTED):
        raise fail(name, "Arbetsboken är lösenordsskyddad och kan inte läsas.",
                   "Ta bort lösenordet i Excel (Arkiv > Info > Skydda arbetsbok) och spara "
                   "igen.", code="losenord")
    try:
        proc = subprocess.run([sys.executable, "-m", __name__, str(path)],
                              capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc = None
    if proc is None or proc.returncode != 0 or not proc.stdout:
        raise fail(name, "Den gamla Excel-filen (.xls) är trasig och går inte att läsa.",
                   "Öppna den i Excel eller LibreOffice och spara den som .xlsx.",
                   code="trasig")
    return [Sheet(file=name, name=sheet_name, rows=rows, row0=start[0], col0=start[1],
                  hidden=hidden)
            for sheet_name, rows, start, hidden, _ in pickle.loads(proc.stdout)]


def main() -> None:
    """The child: parse ``sys.argv[1]`` and write its sheets as a pickle to stdout."""
    sys.stdout.buffer.write(pickle.dumps(calamine_sheets(sys.argv[1])))


if __name__ == "__main__":
    main()
