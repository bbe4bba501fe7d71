"""WCAG 2.1 AA, checked by axe-core in real headless Chromium over every page that the
example build publishes. Runs where Debian's ``chromium`` and ``chromium-driver`` are
installed (CI installs them); elsewhere it is skipped, and pytest's summary says so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from styranalys.pdf import headless_flags

#: axe's rules for WCAG 2.0 and 2.1, levels A and AA, and its best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="module")
def browser():
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        pytest.skip("Chromium och chromedriver saknas: tillgänglighetskontrollen med axe "
                    "körs inte (installera paketen chromium och chromium-driver).")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = chromium
    for arg in headless_flags():
        options.add_argument(arg)
    session = webdriver.Chrome(service=Service(driver), options=options)
    yield session
    session.quit()


def _axe_source() -> str:
    import selenium_axe_python

    return (Path(selenium_axe_python.__file__).parent / "axe-core" / "axe.min.js").read_text(
        encoding="utf-8")


def test_every_published_page_has_no_axe_violations(browser, example_build):
    year = example_build[0]
    pages = sorted(year.glob("*.html"))
    assert len(pages) == 7
    pages.append(year.parent / "index.html")  # every year and period
    axe = _axe_source()
    found = {}
    for page in pages:
        browser.get(page.resolve().as_uri())
        browser.execute_script(axe)
        result = browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
            ".then(done).catch(e => done({error: String(e)}));", TAGS)
        assert "error" not in result, result
        assert result["passes"], "axe ran no rule"
        found[page.name] = [(v["id"], [n["target"] for n in v["nodes"]][:3])
                            for v in result["violations"]]
    assert all(not v for v in found.values()), found
