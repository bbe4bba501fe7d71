"""What the environment can stop a command with, apart from the input: exit code 3.

Each is one Swedish sentence for a scheduler's log: another build holding the folder, a
Jupyter kernel that cannot start, a full disk, a folder that cannot be written, Kolada not
answering.
"""

from __future__ import annotations

import errno
import importlib.util
import sys

__all__ = ["EnvironmentProblem", "KernelUnavailable", "check_kernel", "environment_errno"]

#: The errors of the system that are the environment's, not the input's or the report's.
_ENVIRONMENT_ERRNOS = {errno.ENOSPC: "Disken är full", errno.EROFS: "Mappen går bara att läsa",
                       errno.EACCES: "Behörighet saknas", errno.EPERM: "Behörighet saknas",
                       errno.EDQUOT: "Diskkvoten är slut",
                       errno.ENOTDIR: "Sökvägen är en fil, inte en mapp",
                       errno.EISDIR: "Sökvägen är en mapp, inte en fil",
                       errno.EMFILE: "För många öppna filer"}


class EnvironmentProblem(RuntimeError):
    """The environment stopped the command; the message is one Swedish sentence."""


class KernelUnavailable(EnvironmentProblem):
    """The Jupyter kernel the reports run in is missing or does not start."""


def environment_errno(err: OSError) -> str | None:
    """The Swedish words for an error of the system that is the environment's (a full disk,
    a read-only folder, a missing permission), else None."""
    return _ENVIRONMENT_ERRNOS.get(err.errno or 0)


def check_kernel() -> None:
    """Stop before anything is built when the reports' kernel (ipykernel) is missing from
    the environment the build runs in."""
    if importlib.util.find_spec("ipykernel") is None:
        raise KernelUnavailable(
            f"Jupyter-kärnan saknas: paketet ipykernel är inte installerat i {sys.executable}; "
            "installera det med pip install ipykernel.")
