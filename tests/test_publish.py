"""Reports fit to publish: no active content from data, self-contained pages, readable
files, and text written for the reader. Every check runs on a whole build with a real
kernel, and parses every published HTML file."""

from __future__ import annotations

import html.parser
import itertools
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from conftest import (
    RAW,
    ROOT,
    STYRANALYS,
    build_command,
    chromium_installed,
    write_csv,
    write_xlsx,
)
from pptx import Presentation

import styranalys as sa
from styranalys.charts.style import palette
from styranalys.escape import plain

#: Active content a spreadsheet cell could carry into a report.
PAYLOADS = [
    '<script>alert("skript")</script>',
    "<img src=x onerror=alert(1)>",
    "<style>body{display:none}</style>",
    '<a href="javascript:alert(3)">klicka</a>',
    "[länk](javascript:alert(4))",
    "![bild](https://example.com/spår.png)",
    "$\\frac{1}{2}$ och $x^2$",
    "&lt;b&gt;fet&lt;/b&gt; &amp; &#60;i&#62;",
    "\u202eredro\u202c och \u2066dolt\u2069",
    '" onmouseover="alert(6)" x="',
    "<iframe src=//example.com></iframe>",
    "\x1b[31mröd terminal\x1b[0m",
]
EVIL_NAMND = "<img src=x onerror=alert(1)>N\u202e"
PLAIN_NAMND = "Bildningsnämnden"

#: Everything a published page may contain: our own markup, nothing else.
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "a", "main", "h1", "h2",
                "h3", "p", "strong", "ul", "li", "figure", "img", "table", "caption", "thead",
                "tbody", "tfoot", "tr", "th", "td", "pre", "code"}
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e"
                     "\u2066-\u2069]")


class _Page(html.parser.HTMLParser):
    """Every element, attribute and text node of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v or "") for k, v in attrs]
        if tag not in ("meta", "img"):
            self._in.append(tag)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        (self.styles if self._in[-1:] == ["style"] else self.text).append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def assert_safe_and_self_contained(path: Path, root: Path, page: bool = True) -> _Page:
    """No element, attribute or URL that did not come from our template and pieces
    (``page=False``: a fragment, one notebook output)."""
    parsed = parse(path)
    assert set(parsed.tags) <= ALLOWED_TAGS, (path.name, set(parsed.tags) - ALLOWED_TAGS)
    if page:
        assert parsed.tags.count("style") == 1 and parsed.tags.count("h1") == 1, path.name
    else:
        assert "style" not in parsed.tags
    page = parsed
    for tag, name, value in page.attrs:
        assert not name.startswith("on"), (path.name, tag, name, value)
        assert name in {"lang", "charset", "name", "content", "class", "href", "id", "src",
                        "alt", "width", "height", "role", "scope", "type"}, (path.name, tag, name)
        assert name != "type" or (tag, value) == ("style", "text/css"), (tag, value)
        if name in ("src", "href"):
            url = urlsplit(value)
            if name == "src":
                assert value.startswith("data:image/png;base64,"), (path.name, value[:80])
            elif value.startswith("#"):
                assert f'id="{value[1:]}"' in path.read_text(encoding="utf-8"), value
            else:  # a relative link to a file published beside it
                assert not url.scheme and not url.netloc and not value.startswith("/"), value
                target = (path.parent / value).resolve()
                assert root.resolve() in [target, *target.parents], value
                assert target.exists(), (path.name, value)
    text = "".join(page.text)
    assert not CONTROL.search(text), (path.name, CONTROL.search(text))
    assert not any(CONTROL.search(v) for _, _, v in page.attrs), path.name
    for needle in ("mathjax", "require.js", "cdn.", "http://", "https://", "@import", "url("):
        assert needle not in "".join(page.styles).lower() + " ".join(
            v for _, k, v in page.attrs if k != "alt").lower(), (path.name, needle)
    return page


def _payload_data(folder: Path) -> Path:
    """Goals, comments, indicator names and units carrying every payload, in a file whose
    own name is one."""
    folder.mkdir()
    goal_rows = [["Nämnd", "År", "Utvecklingsmål", "Bedömning", "Kommentar"]]
    for year, level in ((2023, "Delvis uppfyllt"), (2024, "Delvis uppfyllt")):
        goal_rows += [[EVIL_NAMND, year, text, level, text] for text in PAYLOADS]
    goal_rows += [[PLAIN_NAMND, 2023, "Fler läser", "Ej uppfyllt", ""],
                  [PLAIN_NAMND, 2024, "Fler läser", "Uppfyllt", ""],
                  [PLAIN_NAMND, 2023, "Trygg skola", "Uppfyllt", ""],
                  [PLAIN_NAMND, 2024, "Trygg skola", "Uppfyllt", ""],
                  ["Ettårsnämnden", 2024, "Ett nytt mål", "Uppfyllt", ""]]
    write_csv(folder / "<b>mål<i> $x$ \u202eslx.csv", goal_rows)
    ind_rows = [["Nämnd", "Indikator", "Mål", "År", "Värde", "Enhet", "Målvärde", "Riktning"]]
    for k, text in enumerate(PAYLOADS[:6]):
        ind_rows += [[EVIL_NAMND, text, PAYLOADS[k], y, 10 + y - 2021, text, 20, "högre"]
                     for y in (2021, 2022, 2023, 2024)]
    ind_rows += [[PLAIN_NAMND, "Utlånade böcker", "Fler läser", y, v, "antal", 50000, "högre"]
                 for y, v in ((2022, 41000), (2023, 43210), (2024, 45443))]
    write_csv(folder / "indikatorer.csv", ind_rows)
    return folder


@pytest.fixture(scope="module")
def payload_build(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    base = tmp_path_factory.mktemp("payload")
    data = _payload_data(base / "raw")
    out, cache = base / "webb", base / "cache"
    old = os.umask(0o027)
    try:
        result = build_command("--data", str(data), "--out", str(out), "--cache", str(cache),
                        "--jobs", "2", cwd=base)
    finally:
        os.umask(old)
    return out / "2024", cache, result


def test_no_payload_becomes_markup_script_style_or_url_anywhere(payload_build):
    year, _, result = payload_build
    assert result.returncode == 0, result.stdout + result.stderr
    pages = sorted(year.glob("*.html"))
    assert len(pages) == 5  # index, overview and three nämnder
    evil = next(p for p in pages if p.name.startswith("namndrapport-img-src"))
    for path in [*pages, year.parent / "index.html"]:  # links stay in the published folder
        assert_safe_and_self_contained(path, year.parent)
    text = "".join(parse(evil).text)
    for payload in PAYLOADS:  # shown to the reader as the text it is
        assert plain(payload) in text, payload
    assert "<img src=x onerror=alert(1)>N: måluppföljning, bokslut 2024" in text
    assert "<b>mål<i> $x$ slx.csv" in "".join(parse(year / "index.html").text)


def test_notebook_outputs_slides_and_terminal_carry_no_active_content(payload_build, tmp_path):
    year, _, _ = payload_build
    for nb_path in year.glob("*.ipynb"):
        book = nbformat.read(nb_path, as_version=4)
        for cell in book.cells:
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                assert "text/markdown" not in data and "application/javascript" not in data
                if "text/html" in data:
                    page = tmp_path / "utdata.html"
                    page.write_text(data["text/html"], encoding="utf-8")
                    assert_safe_and_self_contained(page, tmp_path, page=False)
                assert not CONTROL.search(data.get("text/plain", "")), nb_path.name
    deck = Presentation(str(year / "presentation-2024.pptx"))
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                assert not CONTROL.search(shape.text_frame.text), shape.text_frame.text
    shown = subprocess.run([str(STYRANALYS), "prepare", str(year.parents[1] / "raw"), "--out",
                            str(tmp_path / "p")], capture_output=True, text=True,
                           encoding="utf-8", timeout=300)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "onerror=alert(1)>N" in shown.stdout
    assert not CONTROL.search(shown.stdout.replace("\n", "")), repr(shown.stdout[:300])


def test_charts_draw_dollar_and_control_characters_literally(payload_build):
    goals = sa.read_goals(payload_build[0].parents[1] / "raw")
    fig = sa.plot_goal_matrix(goals, EVIL_NAMND)
    fig.savefig(os.devnull, format="png")  # mathtext would fail on "$\\frac" here
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    texts += [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert any("$" in t for t in texts)
    assert not any(CONTROL.search(t) for t in texts)
    assert "\u202e" not in sa.alt_text(fig) and "Målmatris" in sa.alt_text(fig)


def test_published_files_follow_the_umask_and_the_cache_stays_out(payload_build,
                                                                  example_build):
    for year, cache, umask in ((payload_build[0], payload_build[1], 0o027),
                               (example_build[0], example_build[1], 0o022)):
        files = [p for p in year.parent.rglob("*") if p.is_file()]
        assert files and all(p.stat().st_mode & 0o777 == 0o666 & ~umask for p in files), [
            (p.name, oct(p.stat().st_mode & 0o777)) for p in files
            if p.stat().st_mode & 0o777 != 0o666 & ~umask][:5]
        assert not list(year.parent.rglob("*.parquet")) and not list(
            year.parent.rglob("manifest.json")) and not list(year.parent.glob(".*"))
        assert (cache / "goals.parquet").exists()


def test_every_report_of_the_example_is_self_contained_and_for_the_reader(example_build):
    year, _, result = example_build
    assert result.returncode == 0, result.stdout + result.stderr
    pages = sorted(year.glob("*.html"))
    assert len(pages) == 7
    for path in pages:
        page = assert_safe_and_self_contained(path, year.parent)
        if path.name == "index.html":
            continue
        text = " ".join(" ".join(page.text).split())
        # no developer's words, no empty Kolada section (only Tillväxtnämnden has a KPI
        # mapped: see test_make_report_compares_with_peers_where_a_kpi_is_mapped), the
        # period in the title
        compared = path.name == "namndrapport-tillvaxtnamnden.html"
        for word in ("styranalys", ".ipynb", "Jupyter", "papermill", "assessment_check",
                     *(() if compared else ("Kolada",)), "Notebook", "()"):
            assert word not in text, (path.name, word)
        assert re.search(r"<title>[^<]*, bokslut 2024</title>", path.read_text("utf-8"))
        assert not re.search(r"\b(\d{4})–\1\b", text), path.name
        # no cell's return value or repr reaches a reader: "True", "None", "<… at 0x…>"
        outputs = re.findall(r"<pre>(.*?)</pre>", path.read_text("utf-8"), re.S)
        assert not [o for o in outputs if o.strip() in ("True", "False", "None")
                    or " object at 0x" in o], path.name
        assert "Obs! Uppgifterna bygger på illustrativa data" in text  # at the top
        assert text.index("Obs!") < text.index("Sammanfattning" if "namnd" in path.name
                                                else "Måluppfyllelse per nämnd")
        alts = [v for tag, k, v in page.attrs if k == "alt"]
        assert alts and all(a and "No description" not in a for a in alts)
        headings = re.findall(r"<h([1-3])>", path.read_text("utf-8"))
        assert headings[0] == "1" and all(int(b) - int(a) <= 1
                                          for a, b in itertools.pairwise(headings))
    deck = Presentation(str(year / "presentation-2024.pptx"))
    pictures = [s for slide in deck.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) >= 10
    assert all(p._element.nvPicPr.cNvPr.get("descr") for p in pictures)
    assert "illustrativa data" in "".join(s.text_frame.text for s in deck.slides[0].shapes
                                          if s.has_text_frame)


def test_reader_text_grammar_units_and_total_row(payload_build, example_build):
    year = payload_build[0]
    plain_page = (year / "namndrapport-bildningsnamnden.html").read_text(encoding="utf-8")
    assert "Jämfört med 2023:</strong> 1 förbättrades och 1 är oförändrat." in plain_page
    assert "45\u00a0443\u00a0st (2024), mål 50\u00a0000\u00a0st" in plain_page
    assert "illustrativa" not in plain_page  # nothing in this input is marked so
    one_year = "".join(parse(year / "namndrapport-ettarsnamnden.html").text)
    assert "2024–2024" not in one_year
    overview = (example_build[0] / "kommunoversikt.html").read_text(encoding="utf-8")
    foot = re.search(r'<tfoot class="summa">(.*?)</tfoot>', overview).group(1)
    assert "Hela kommunen" in foot and overview.index("<tfoot") > overview.index("</tbody>")
    # numbers right-aligned, text left; one number of decimals per column
    table = re.search(r"<table><caption>Måluppfyllelse per nämnd.*?</table>", overview).group(0)
    cells = re.findall(r"<t([hd])([^>]*)>([^<]*)</t[hd]>", table)
    header = {text: attrs for kind, attrs, text in cells if 'scope="col"' in attrs}
    assert 'class="tal"' in header["Antal mål"] and 'class="tal"' in header["Medelnivå"]
    assert "class" not in header["Sammanfattning"] and "class" not in header["Nämnd"]
    rows = [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)
            for row in re.findall(r"<tr>(.*?)</tr>", table)]
    levels = [row[rows[0].index("Medelnivå")] for row in rows[1:]]
    assert len(levels) > 3 and {len(v.partition(",")[2]) for v in levels} == {1}, levels


def test_a_file_marked_illustrative_in_its_title_is_found(tmp):
    write_xlsx(tmp / "mal.xlsx", {"Mål": [["Illustrativa data: påhittade siffror"], [],
                                          ["Nämnd", "År", "Utvecklingsmål", "Bedömning"],
                                          ["KS", 2024, "Fler företag", "Uppfyllt"]]})
    write_csv(tmp / "riktiga.csv", [["Nämnd", "År", "Utvecklingsmål", "Bedömning"],
                                    ["SN", 2024, "Trygg omsorg", "Uppfyllt"]])
    prepared = sa.prepare(tmp, None)
    assert prepared.illustrative_files() == ["mal.xlsx"]


def test_pdf_has_the_text_alt_texts_and_language_of_the_page(example_build):
    if not chromium_installed():
        pytest.skip("Chromium saknas: PDF-kontrollen körs inte (installera paketet chromium).")
    from pypdf import PdfReader

    year = example_build[0]
    pdf = year / "namndrapport-socialnamnden.pdf"
    reader = PdfReader(pdf)
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]) == "sv"
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Socialnämnden: måluppföljning, bokslut 2024" in text
    assert "Datakontroll av bedömningarna" in text
    alts: list[str] = []

    def walk(node, depth=0):
        node = node.get_object()
        if depth > 60:
            return
        if isinstance(node, dict):
            if "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            for kid in (kids if isinstance(kids, list) else [kids] if kids is not None else []):
                if hasattr(kid, "get_object") or isinstance(kid, dict | list):
                    walk(kid, depth + 1)
        elif isinstance(node, list):
            for kid in node:
                walk(kid, depth + 1)

    walk(root["/StructTreeRoot"])
    page_alts = [v for _, k, v in parse(year / pdf.with_suffix(".html").name).attrs if k == "alt"]
    assert page_alts and set(page_alts) <= set(alts)


def _contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two "#RRGGBB" colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                   for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_chart_colours_meet_aa_contrast_and_carry_a_symbol():
    from matplotlib.colors import to_hex

    from styranalys.charts.style import LEVELS

    pal = palette()
    for level in LEVELS:
        fill, text = pal.colors[level], to_hex(pal.text_colors[level])
        assert _contrast(fill, text) >= 4.5, (level, fill, text)  # counts drawn on the bar
        assert pal.symbols[level]  # the level is never told by colour alone
    for text in (pal.highlight, pal.accent, pal.neutral):  # label and source colours
        assert _contrast(text, "#ffffff") >= 4.5, text
    fig = sa.plot_fulfilment(sa.read_goals(RAW), 2024, kommunen=True)
    edges = {to_hex(p.get_edgecolor()) for p in fig.axes[0].patches}
    assert edges == {"#333333"} and _contrast("#333333", "#ffffff") >= 3  # outlined segments


def test_the_cache_may_not_be_published_and_an_old_one_is_removed(tmp_path):
    from styranalys.build import _remove_old_cache

    inside = build_command("--data", str(RAW), "--out", str(tmp_path / "webb"), "--cache",
                           str(tmp_path / "webb" / "data"), cwd=tmp_path)
    assert inside.returncode == 2 and "får inte ligga i mappen som publiceras" in inside.stderr
    old = tmp_path / "webb" / ".styranalys-data"
    old.mkdir(parents=True)
    (old / "manifest.json").write_text("{}", encoding="utf-8")
    said: list[str] = []
    _remove_old_cache(tmp_path / "webb", said.append)
    assert not old.exists() and "publiceras inte" in said[0]


def test_make_report_compares_with_peers_where_a_kpi_is_mapped(example_build):
    recipe = re.search(r"^report:.*\n\t(.+)$", (ROOT / "Makefile").read_text(encoding="utf-8"),
                       flags=re.MULTILINE).group(1)
    assert "--kolada data/raw/kolada --kommun 1885" in recipe  # as example_build builds
    year = example_build[0]
    heading = "Jämförelse med liknande kommuner (Kolada)"
    page = (year / "namndrapport-tillvaxtnamnden.html").read_text(encoding="utf-8")
    assert heading in page and "Bruttoregionprodukt, kommun (BRP)" in page
    assert (year / "figurer" / "tillvaxtnamnden-kolada-N03703.png").exists()
    for other in year.glob("namndrapport-*.html"):  # no mapped KPI: no empty section
        if other.name != "namndrapport-tillvaxtnamnden.html":
            assert heading not in other.read_text(encoding="utf-8"), other.name
