"""styranalys build for real: papermill, a real kernel, the example data, and its traps."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import RAW, ROOT, build_command, write_csv

import styranalys as sa
from styranalys.read.files import list_files
from styranalys.report import slug

NOTEBOOKS = ROOT / "notebooks"


#: The command as a user runs it (see conftest.build_command).
run_build = build_command


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("reports")
    result = run_build("--year", "2024", "--data", str(RAW), "--out", str(out), "--jobs", "2")
    return out, result


def test_build_writes_every_report_with_html_figures_deck_and_index(built):
    out, result = built
    assert result.returncode == 0, result.stdout + result.stderr
    year = out / "2024"
    goals = sa.read_goals(RAW)
    namnder = sorted(set(goals.loc[(goals["ar"] == 2024) & (goals["period"] == "bokslut"),
                                   "namnd"]))
    assert len(namnder) >= 5
    index = (year / "index.html").read_text(encoding="utf-8")
    for namnd in namnder:
        stem = f"namndrapport-{slug(namnd)}"
        page = (year / f"{stem}.html").read_text(encoding="utf-8")
        assert namnd in page
        # its summary numbers, as the analysis computes them
        f = sa.fulfilment(goals[(goals["namnd"] == namnd) & (goals["ar"] == 2024)
                                & (goals["period"] == "bokslut")], by=[])
        sentence = f["sammanfattning"].iloc[0]
        assert sentence.split(" (")[0] in page
        assert re.search(r'<img[^>]+src="data:image/png;base64,', page), "images embedded"
        assert "import styranalys" not in page, "no code cells in the HTML"
        assert (year / f"{stem}.ipynb").exists()
        assert f'href="{stem}.html"' in index
        assert (year / "figurer" / f"{slug(namnd)}-malmatris.png").exists()
    assert 'href="kommunoversikt.html"' in index
    assert "Kommunöversikt" in (year / "kommunoversikt.html").read_text(encoding="utf-8")
    for path in list_files(RAW):
        assert path.name in index
    assert re.search(r"<code>[0-9a-f]{64}</code>", index)
    assert (year / "presentation-2024.pptx").exists()
    assert "6 av 6 rapporter byggdes" in result.stdout
    assert not list(out.glob(".bygge-*")), "no staging left behind"


def test_every_declared_figure_is_drawn_saved_and_on_its_slide(built):
    """The figure manifest is the one list: each declared figure that the data can show is
    a PNG from its report and a slide of the deck, in the declared order; one that the
    data cannot show is neither."""
    import matplotlib.pyplot as plt
    from pptx import Presentation

    from styranalys import figures

    out, _ = built
    year = out / "2024"
    prepared = sa.prepare(RAW, None)
    namnder = sorted(set(prepared.goals.loc[(prepared.goals["ar"] == 2024)
                                            & (prepared.goals["period"] == "bokslut"), "namnd"]))
    expected = []
    for declared, prefix, namnd in [(figures.OVERVIEW, figures.OVERVIEW_PREFIX, None),
                                    *[(figures.NAMND, slug(n), n) for n in namnder]]:
        data = figures.FigureData(prepared.goals, prepared.indicators, 2024, "bokslut", namnd)
        for fig in declared:
            pages = fig.pages(data)
            for page in range(1, len(pages) + 2):  # and no page beyond the last
                png = year / "figurer" / f"{fig.stem(prefix, page)}.png"
                assert png.exists() == (page <= len(pages)), png.name
            expected += [fig.slide_title(data.values, k, len(pages))
                         for k in range(1, len(pages) + 1)]
            for drawn in pages:
                plt.close(drawn)
    deck = Presentation(str(year / "presentation-2024.pptx"))
    slides = list(deck.slides)[1:-1]  # between the title slide and the sources
    titles = [s.shapes.title.text for s in slides]
    assert len(titles) == len(expected)
    for title, declared in zip(titles, expected, strict=True):  # shortened only to fit
        assert title == declared or (title.endswith(" …") and declared.startswith(title[:-2]))
    assert len(expected) > 4 * (1 + len(namnder)) - 5  # most figures are there to show
    for slide in slides:
        [picture] = [sh for sh in slide.shapes if sh.shape_type == 13]
        assert picture._element.nvPicPr.cNvPr.get("descr")


def test_the_deck_reads_in_the_meeting_room(built):
    """Each slide title is one line at its size (measured with the font's metrics) and is
    not the chart's own title; each content slide's notes have the summary (the alt text),
    the source and the data's date; the last slide lists the sources and says the data are
    illustrative."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath
    from PIL import Image
    from pptx import Presentation

    out, _ = built
    year = out / "2024"
    deck = Presentation(str(year / "presentation-2024.pptx"))
    measure = TextToPath()
    slides = list(deck.slides)
    for slide in slides[1:]:
        title = slide.shapes.title
        size = title.text_frame.paragraphs[0].runs[0].font.size.pt
        font = FontProperties(family="DejaVu Sans", weight="bold", size=size)
        width = measure.get_text_width_height_descent(title.text, font, ismath=False)[0]
        assert width <= title.width / 12700 and "\n" not in title.text, title.text
    pages = {p.name: p for p in (year / "figurer").glob("*.png")}
    for slide in slides[1:-1]:
        [picture] = [sh for sh in slide.shapes if sh.shape_type == 13]
        alt = picture._element.nvPicPr.cNvPr.get("descr")
        notes = slide.notes_slide.notes_text_frame.text
        assert alt and alt in notes and "Källa" in notes
        assert re.search(r"ändrades \d{4}-\d{2}-\d{2}", notes)
        assert any(Image.open(png).text.get("Description") == alt for png in pages.values())
        assert slide.shapes.title.text not in alt.split(":")[0]
    last = slides[-1]
    assert last.shapes.title.text == "Källor"
    body = " ".join(sh.text_frame.text for sh in last.shapes if sh.has_text_frame)
    assert "illustrativa data" in body and "kf_arsredovisning_2021.xlsx" in body


def test_executed_notebooks_have_injected_parameters_after_the_parameters_cell(built):
    out, _ = built
    book = nbformat.read(out / "2024" / "namndrapport-socialnamnden.ipynb", as_version=4)
    tags = [c.metadata.get("tags", []) for c in book.cells]
    p = next(i for i, t in enumerate(tags) if "parameters" in t)
    assert "injected-parameters" in tags[p + 1]
    assert _values(book.cells[p + 1].source)["namnd"] == "Socialnämnden"
    # Its figure folder is the published one, not the build's staging folder (now gone).
    assert Path(_values(book.cells[p + 1].source)["figur_dir"]) == out / "2024" / "figurer"
    assert book.metadata.papermill["parameters"]["figur_dir"] == str(out / "2024" / "figurer")
    assert ".bygge-" not in nbformat.writes(book)
    # Built by this environment's interpreter through the build's own kernelspec.
    assert Path(book.metadata.styranalys["python"]).resolve() == Path(sys.executable).resolve()
    assert book.metadata.styranalys["kernel"] == "styranalys-bygge"


def _values(source: str) -> dict[str, object]:
    """The literal assignments of a parameters cell, evaluated."""
    return {stmt.targets[0].id: ast.literal_eval(stmt.value)
            for stmt in ast.parse(source).body if isinstance(stmt, ast.Assign)}


def test_every_parameters_cell_holds_only_literals():
    for path in NOTEBOOKS.glob("*.ipynb"):
        book = nbformat.read(path, as_version=4)
        cells = [c for c in book.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(cells) == 1, path.name
        tree = ast.parse(cells[0].source)
        for stmt in tree.body:
            assert isinstance(stmt, ast.Assign), f"{path.name}: {ast.dump(stmt)}"
            ast.literal_eval(stmt.value)  # raises if a value is derived, not a literal
        # committed without outputs and execution counts
        for cell in book.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


def _copy_notebooks(tmp_path: Path) -> Path:
    target = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, target)
    return target


def test_a_failing_report_does_not_stop_the_others(tmp_path: Path):
    notebooks = _copy_notebooks(tmp_path)
    path = notebooks / "namndrapport.ipynb"
    book = nbformat.read(path, as_version=4)
    # The municipality's own notebook breaks for one nämnd's data.
    book.cells.insert(3, nbformat.v4.new_code_cell(
        'if namnd == "Socialnämnden":\n    raise ValueError("trasig data för Socialnämnden")'))
    nbformat.write(book, path)
    out = tmp_path / "reports"
    first = run_build("--year", "2023", "--data", str(RAW), "--out", str(out),
                      "--notebooks", str(notebooks), "--jobs", "2",
                      "--namnd", "Socialnämnden", "Tillväxtnämnden")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "2 av 3 rapporter byggdes" in first.stdout
    line = next(ln for ln in first.stdout.splitlines() if ln.startswith("MISSLYCKADES"))
    # cell 4 of the executed notebook: papermill adds the injected-parameters cell
    assert "Socialnämnden" in line and "cell 4" in line and "trasig data" in line
    year = out / "2023"
    assert (year / "namndrapport-tillvaxtnamnden.html").exists()
    assert not (year / "namndrapport-socialnamnden.html").exists()
    failed = nbformat.read(year / "misslyckade" / "namndrapport-socialnamnden.ipynb", 4)
    errors = [o for c in failed.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors and errors[0]["evalue"] == "trasig data för Socialnämnden"
    assert "misslyckades" in (year / "index.html").read_text(encoding="utf-8")


def test_a_failed_rebuild_never_replaces_a_good_report(tmp_path: Path):
    out = tmp_path / "reports"
    good = run_build("--year", "2022", "--data", str(RAW), "--out", str(out),
                     "--namnd", "Socialnämnden", "--jobs", "1")
    assert good.returncode == 0, good.stdout + good.stderr
    page = out / "2022" / "namndrapport-socialnamnden.html"
    before = page.read_bytes()
    notebooks = _copy_notebooks(tmp_path)
    book = nbformat.read(notebooks / "namndrapport.ipynb", as_version=4)
    book.cells.insert(3, nbformat.v4.new_code_cell("raise RuntimeError('avbrott')"))
    nbformat.write(book, notebooks / "namndrapport.ipynb")
    bad = run_build("--year", "2022", "--data", str(RAW), "--out", str(out),
                    "--namnd", "Socialnämnden", "--notebooks", str(notebooks), "--jobs", "1")
    assert bad.returncode == 1
    assert page.read_bytes() == before


def test_invalid_input_stops_before_any_kernel_with_located_problems(tmp_path: Path):
    data = tmp_path / "raw"
    shutil.copytree(RAW, data)
    write_csv(data / "trasig.csv", [["Nämnd", "År", "Utvecklingsmål", "Bedömning"],
                                    ["Socialnämnden", "2024", "Nytt mål", "Kanske"]])
    out = tmp_path / "reports"
    result = run_build("--data", str(data), "--out", str(out))
    assert result.returncode == 1
    assert "trasig.csv, cell D2" in result.stdout
    assert not (out / "2024").exists()


def test_unknown_year_or_namnd_lists_what_exists(tmp_path: Path):
    result = run_build("--year", "2031", "--data", str(RAW), "--out", str(tmp_path))
    assert result.returncode == 2 and "Tillgängliga år: 2017" in result.stderr
    result = run_build("--namnd", "Kulturnämnden", "--data", str(RAW), "--out", str(tmp_path))
    assert result.returncode == 2 and "Nämnder med data:" in result.stderr


def test_number_like_namnd_stays_a_string_and_cron_environment_works(tmp_path: Path):
    data = tmp_path / "raw"
    data.mkdir()
    write_csv(data / "mal.csv", [["Nämnd", "År", "Utvecklingsmål", "Bedömning"],
                                 ["2030", "2023", "Hållbar kommun", "Uppfyllt"],
                                 ["2030", "2024", "Hållbar kommun", "Delvis uppfyllt"],
                                 ["0123", "2024", "Annat mål", "Ej uppfyllt"]])
    out = tmp_path / "reports"
    # As cron runs it: absolute path, no LANG, a minimal PATH, from another folder, and a
    # user kernel named python3 that points nowhere.
    home = tmp_path / "home"
    bogus = home / ".local" / "share" / "jupyter" / "kernels" / "python3"
    bogus.mkdir(parents=True)
    (bogus / "kernel.json").write_text(json.dumps(
        {"argv": ["/finns/inte/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
         "display_name": "fel", "language": "python"}), encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home),
           "JUPYTER_PATH": str(home / ".local" / "share" / "jupyter")}
    result = run_build("--data", str(data), "--out", str(out), "--jobs", "2", env=env,
                       cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    book = nbformat.read(out / "2024" / "namndrapport-2030.ipynb", as_version=4)
    injected = next(c for c in book.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert _values(injected.source)["namnd"] == "2030"  # a string, not the number 2030
    page = (out / "2024" / "namndrapport-2030.html").read_text(encoding="utf-8")
    assert "2030: måluppföljning, bokslut 2024" in page
    assert (out / "2024" / "namndrapport-0123.html").exists()


def test_build_with_kolada_peer_comparisons(tmp_path: Path):
    out = tmp_path / "reports"
    result = run_build("--year", "2021", "--namnd", "Kommunfullmäktige", "--data", str(RAW),
                       "--out", str(out), "--kolada", str(RAW / "kolada"), "--kommun", "1885")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (out / "2021" / "namndrapport-kommunfullmaktige.html").read_text(encoding="utf-8")
    assert "Jämförelse med liknande kommuner" in page
    assert (out / "2021" / "figurer" / "kommunfullmaktige-kolada-N03702.png").exists()
    from pptx import Presentation

    deck = Presentation(str(out / "2021" / "presentation-2021.pptx"))
    titles = [s.shapes.title.text for s in deck.slides]
    assert "Kommunfullmäktige · jämförelse (N03702)" in titles
    missing = run_build("--year", "2021", "--data", str(RAW), "--out", str(out),
                        "--kolada", str(RAW / "kolada"))
    assert missing.returncode == 2 and "--kommun" in missing.stderr
