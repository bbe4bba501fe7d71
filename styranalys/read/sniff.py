"""What a file is, from its first bytes: the kind of source that reads it, or why none does."""

from __future__ import annotations

__all__ = ["ACCEPTED", "WHAT_IT_IS", "source_kind", "utf16_guess"]

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")


def source_kind(head: bytes, suffix: str) -> str:
    """"csv", "zip" (xlsx, xlsm, ods) or "ole" (xls) for a readable file; otherwise what
    the file is (a key of :data:`WHAT_IT_IS`), so the error can say it."""
    kind = sniff(head)
    if suffix in TEXT_SUFFIXES:
        if kind in ("text", "empty") or (kind == "binary" and utf16_guess(head)):
            return "csv"
        return kind if kind in WHAT_IT_IS and kind != "text" else "not_text"
    return kind


def sniff(head: bytes) -> str:
    """What the first bytes of a file say it is."""
    if not head:
        return "empty"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "html"
    if lowered.startswith(b"<?xml"):
        return "xml"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if b"\x00" in head[:2048]:
        return "binary"
    return "text"


WHAT_IT_IS = {
    "empty": "Filen är tom (0 byte).",
    "pdf": "Filen är en PDF, inte ett kalkylblad.",
    "html": "Filen är en webbsida (HTML), inte ett kalkylblad.",
    "xml": "Filen är en XML-fil, inte ett kalkylblad.",
    "text": "Filen är en textfil (kanske CSV) fast namnet säger kalkylblad.",
    "binary": "Filen är inget kalkylblad som styranalys känner igen.",
    "not_text": "Filen är ingen textfil fast den heter .csv.",
}
ACCEPTED = "Spara filen som Excel-arbetsbok (.xlsx), OpenDocument (.ods) eller CSV (.csv)."


def utf16_guess(head: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" for BOM-less UTF-16 text (every other byte 0), else None."""
    sample = head[:2048]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


