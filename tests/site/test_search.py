"""Search results show prose: no snippet holds raw TeX ("\\(N\\)") or a line of a page's code cells.

Sphinx writes each result's snippet in the browser from the text of the page it fetches (searchtools.js);
``book/_assets/search-text.js`` (loaded by ``book/_ext/search_text.py``) strips code and writes formulas as
plain text first. Searches for words that the chapters' formulas and code cells are full of.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.site.browse import TIMEOUT_MS, offline_context

pytestmark = pytest.mark.site

QUERIES = ("exponent", "compute", "tokens")
RAW_TEX = re.compile(r"\\[A-Za-z]+|\\[()\[\]]|\$\$")
SNIPPETS_JS = """() => [...document.querySelectorAll('#search-results li')].map(li => ({
  href: li.querySelector('a').getAttribute('href'),
  text: (li.querySelector('p.context') || {textContent: ''}).textContent,
}))"""


def code_lines(html: str) -> list[str]:
    """The lines of a page's code cells that are long enough to recognise in a snippet."""
    soup = BeautifulSoup(html, "html.parser")
    lines = []
    for cell in soup.select("div.cell_input pre"):
        lines += [line.strip() for line in cell.get_text().splitlines() if len(line.strip()) >= 30]
    return lines


@functools.lru_cache(maxsize=None)
def code_of_page(path: Path) -> tuple[str, ...]:
    """:func:`code_lines` of a built page, read and parsed once: every query lists most of the same pages."""
    return tuple(code_lines(path.read_text(encoding="utf-8")))


def snippet_problems(snippet: str, page_code: list[str]) -> list[str]:
    problems = []
    if found := RAW_TEX.search(snippet):
        problems.append(f"raw TeX {found.group(0)!r}")
    problems += [f"code {line[:40]!r}" for line in page_code if line[:30] in snippet]
    return problems


@pytest.fixture(scope="module")
def search_page(browser, base_url):
    context = offline_context(browser, base_url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS * 3)
    yield page
    context.close()


@pytest.mark.parametrize("query", QUERIES)
def test_search_snippets_are_prose(query, search_page, base_url, site_dir):
    search_page.goto(f"{base_url}search.html?q={query}", wait_until="load")
    # searchtools.js writes "Search finished, found N pages ..." once every snippet is in.
    search_page.wait_for_function("() => /found/i.test((document.querySelector('#search-results p.search-summary')"
                                  " || {textContent: ''}).textContent)")
    # The summary is written once every result is listed, but each snippet comes from a fetch of its page that may
    # still be running (on a busy machine, one run saw 1 snippet of 5): wait for the snippets themselves.
    search_page.wait_for_function("() => document.querySelectorAll('#search-results li p.context').length >= "
                                  "Math.min(5, document.querySelectorAll('#search-results li').length)")
    results = search_page.evaluate(SNIPPETS_JS)
    with_text = [r for r in results if r["text"].strip()]
    assert len(with_text) >= 5, f"{query!r}: only {len(with_text)} results with a snippet"
    problems = {}
    for result in with_text:
        path = site_dir / result["href"].split("#")[0].split("?")[0]
        found = snippet_problems(result["text"], code_of_page(path))
        if found:
            problems[result["href"]] = found + [result["text"][:120]]
    assert not problems, f"{query!r}: snippets that are not prose: {problems}"


def test_formulas_become_plain_text(search_page, base_url):
    search_page.goto(f"{base_url}search.html", wait_until="load")
    convert = "(tex) => window.scalingLabSearchText.texToText(tex)"
    assert search_page.evaluate(convert, r"\(N\)") == "N"
    assert search_page.evaluate(convert, r"\(\alpha_N \approx 0.076\)") == "α_N ≈ 0.076"
    assert search_page.evaluate(convert, r"\(L = E + \frac{A}{N^{\alpha}}\)") == "L = E + (A)/(N^α)"
    assert search_page.evaluate(convert, r"\(C_{\rm min} \propto \mathrm{PF\text{-}days}\)") == "C_min ∝ PF-days"


def test_the_check_sees_tex_and_code():
    assert snippet_problems(r"the law \(N\) holds", [])
    assert snippet_problems("we fit ax = sl.loglog_axes(xlabel='training points n') and",
                            ["ax = sl.loglog_axes(xlabel='training points n')"])
    assert not snippet_problems("the exponent α_N ≈ 0.076 of model size", ["ax = sl.loglog_axes(xlabel='n')"])
