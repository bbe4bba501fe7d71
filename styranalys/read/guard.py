"""What is checked in a workbook's zip before any parser reads it.

The zip's declared sizes and compression ratio, a DTD in any XML part, and each sheet's
extent (see :mod:`styranalys.read.extent`). Only a file that passes is handed to calamine.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..problems import InputError
from .extent import check_extent, check_ods_extent
from .limits import ReadLimits, fail

__all__ = ["check_zip", "sheet_names", "xml_attack"]


def xml_attack(name: str) -> InputError:
    """The error for XML with a DTD or entity declarations."""
    return fail(name, "Filen innehåller XML med en DTD eller egna entiteter, vilket Excel och "
                      "LibreOffice aldrig skriver. Det kan vara ett försök till attack "
                      "(entitetsexpansion eller externa entiteter), så filen läses inte.",
                "Öppna filen i Excel eller LibreOffice och spara den på nytt, eller be "
                "avsändaren om en ny fil.", code="xml")


def sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> sheet name, from workbook.xml and its rels, parsed with defusedxml."""
    from defusedxml import ElementTree as SafeET

    try:
        wb = SafeET.fromstring(zf.read("xl/workbook.xml"))
        rels = SafeET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    ns_r = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in wb.iter():
        if sheet.tag.endswith("}sheet") and sheet.get(ns_r) in targets:
            target = targets[sheet.get(ns_r)].lstrip("/")
            part = target if target.startswith("xl/") else f"xl/{target}"
            out[part] = sheet.get("name", "")
    return out


_XML_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml$")


def check_zip(path: Path, name: str, limits: ReadLimits) -> dict[str, str]:
    """Refuse a truncated zip, a bomb, XML with a DTD or a sheet that spans too many cells.

    Returns the parts to look into for findings: sheet name -> worksheet part, and
    ``""`` -> ``content.xml`` for an OpenDocument file.
    """
    from defusedxml import DefusedXmlException

    parts: dict[str, str] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            unpacked = sum(i.file_size for i in infos)
            packed = max(1, sum(i.compress_size for i in infos))
            if unpacked > limits.max_unpacked_bytes or (
                unpacked > 10_000_000 and unpacked / packed > limits.max_compression_ratio
            ):
                raise fail(name, f"Filen packas upp till {unpacked / 1e6:.0f} MB, över gränsen "
                                 f"{limits.max_unpacked_bytes / 1e6:.0f} MB (eller orimligt "
                                 "hårt packad). Den läses inte.",
                           "En vanlig uppföljningsfil är några MB. Kontrollera filen; gränsen "
                           "kan höjas med ReadLimits.", code="storlek")
            try:
                names = sheet_names(zf)
            except DefusedXmlException:
                raise xml_attack(name) from None
            for info in infos:
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                with zf.open(info) as fh:
                    head = fh.read(65536)
                if _XML_DTD.search(head):
                    raise xml_attack(name)
                if info.filename in names or _WORKSHEET.match(info.filename):
                    sheet = names.get(info.filename, info.filename)
                    check_extent(zf, info, head, sheet, name, limits)
                    parts[sheet] = info.filename
                elif info.filename == "content.xml":  # OpenDocument: every sheet in one part
                    check_ods_extent(zf.read(info), name, limits)
                    parts[""] = info.filename
    except zipfile.BadZipFile:
        raise fail(name, "Filen är trasig eller avkortad: zip-arkivet i den går inte att "
                         "öppna.",
                   "Be om filen igen eller öppna den i Excel och spara den på nytt.",
                   code="trasig") from None
    return parts
