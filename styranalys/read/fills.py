"""Cells whose only content is their fill colour, as traffic-light follow-ups colour them.

calamine reads cell values, not styles. For an .xlsx, the styles part says which cell style
fills a cell with a solid colour (given as RGB, as a theme colour with a tint, or as an
indexed colour); the sheet scan (:mod:`styranalys.read.findings`) then finds the cells of
those styles. A colour is named as people name it ("grön", "gul", "röd"), and read as the
phrase "grön (cellfärg)": a colour is never given a level by default, as its meaning varies
between municipalities. The file's legend or the profile gives it.
"""

from __future__ import annotations

import colorsys
import zipfile

__all__ = ["FILL_SUFFIX", "colour_name", "fill_phrase", "fill_styles", "is_fill_phrase"]

#: What a fill's colour name is followed by, so that it never meets the colour words a
#: table writes in text ("Grön", which the default vocabulary knows).
FILL_SUFFIX = " (cellfärg)"

# Excel's indexed palette, the part of it that fills use (0-7 repeat as 8-15).
_INDEXED = ["000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF",
            "000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF",
            "800000", "008000", "000080", "808000", "800080", "008080", "C0C0C0", "808080",
            "9999FF", "993366", "FFFFCC", "CCFFFF", "660066", "FF8080", "0066CC", "CCCCFF",
            "000080", "FF00FF", "FFFF00", "00FFFF", "800080", "800000", "008080", "0000FF",
            "00CCFF", "CCFFFF", "CCFFCC", "FFFF99", "99CCFF", "FF99CC", "CC99FF", "FFCC99",
            "3366FF", "33CCCC", "99CC00", "FFCC00", "FF9900", "FF6600", "666699", "969696",
            "003366", "339966", "003300", "333300", "993300", "993366", "333399", "333333"]
# A theme's colours in the order fills index them: lt1, dk1, lt2, dk2, accent1-6, links.
_THEME_ORDER = ["lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4",
                "accent5", "accent6", "hlink", "folHlink"]


def fill_phrase(colour: str) -> str:
    """The phrase a cell filled with ``colour`` is read as: "grön (cellfärg)"."""
    return colour + FILL_SUFFIX


def is_fill_phrase(phrase: object) -> bool:
    return isinstance(phrase, str) and phrase.endswith(FILL_SUFFIX)


def _hls(rgb: str) -> tuple[float, float, float]:
    """Hue, lightness and saturation (0-1) of "RRGGBB"."""
    r, g, b = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return colorsys.rgb_to_hls(r, g, b)


def colour_name(rgb: str) -> str | None:
    """A Swedish name for an RGB colour ("00B050" -> "grön"); None for white and near-white,
    which is no fill a reader sees."""
    hue, light, sat = _hls(rgb)
    if light > 0.93:
        return None
    if sat < 0.2 or light < 0.12:
        return "grå" if light >= 0.12 else "svart"
    degrees = hue * 360
    for upto, name in ((15, "röd"), (40, "orange"), (68, "gul"), (165, "grön"),
                       (200, "turkos"), (255, "blå"), (290, "lila"), (335, "rosa"),
                       (361, "röd")):
        if degrees < upto:
            return "ljusgrön" if name == "grön" and light > 0.6 else name
    return None


def _tinted(rgb: str, tint: float) -> str:
    """A theme colour lightened (tint > 0) or darkened (tint < 0), as Excel does."""
    hue, light, sat = _hls(rgb)
    light = light * (1 + tint) if tint < 0 else light * (1 - tint) + tint
    return "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(hue, light, sat))


def _theme(zf: zipfile.ZipFile) -> list[str]:
    from defusedxml import ElementTree as SafeET

    try:
        root = SafeET.fromstring(zf.read("xl/theme/theme1.xml"))
    except KeyError:
        return []
    scheme = {}
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name in _THEME_ORDER:
            for child in element:
                value = child.get("lastClr") or child.get("val")
                if value and len(value) == 6:
                    scheme[name] = value.upper()
    return [scheme.get(name, "") for name in _THEME_ORDER]


def _rgb(colour, theme: list[str]) -> str | None:
    """The RGB of a fill's ``fgColor`` element, or None."""
    if colour is None:
        return None
    if rgb := colour.get("rgb"):
        return rgb[-6:].upper() if len(rgb) >= 6 else None
    if (index := colour.get("indexed")) is not None and index.isdigit() \
            and int(index) < len(_INDEXED):
        return _INDEXED[int(index)]
    if (index := colour.get("theme")) is not None and index.isdigit() \
            and int(index) < len(theme) and theme[int(index)]:
        return _tinted(theme[int(index)], float(colour.get("tint", "0") or 0))
    return None


def fill_styles(zf: zipfile.ZipFile, root) -> dict[str, str]:
    """Cell style index -> colour name, for the styles (of the parsed ``styles.xml``
    ``root``) that fill a cell with one solid colour a reader sees."""
    fills: list[str | None] = []
    theme: list[str] | None = None
    for element in root.iter():
        if element.tag.endswith("}fills"):
            for fill in element:
                pattern = next((p for p in fill if p.tag.endswith("}patternFill")), None)
                if pattern is None or pattern.get("patternType") != "solid":
                    fills.append(None)
                    continue
                colour = next((c for c in pattern if c.tag.endswith("}fgColor")), None)
                if theme is None and colour is not None and colour.get("theme") is not None:
                    theme = _theme(zf)
                rgb = _rgb(colour, theme or [])
                fills.append(colour_name(rgb) if rgb else None)
    styles: dict[str, str] = {}
    for element in root.iter():
        if element.tag.endswith("}cellXfs"):
            for i, xf in enumerate(element):
                fill = xf.get("fillId", "0")
                if fill.isdigit() and int(fill) < len(fills) and fills[int(fill)]:
                    styles[str(i)] = fills[int(fill)]  # type: ignore[assignment]
    return styles
