"""Every download link of every built page, fetched from the served site and checked for what it promises.

The links are the toolbar's download menu (sphinx-book-theme: ``.ipynb``, the page's source, print to PDF)
and every ``{download}`` in a page (a lab's box offers its student notebook).  Each is fetched over HTTP from
the site served on 127.0.0.1, and must

* exist (HTTP 200) and be the kind of file its name says: a notebook that nbformat validates, or the page's
  MyST source, byte for byte the file in the repository;
* on a lab page, if it is a notebook, be the student notebook: byte for byte ``_build/student/<lab>.ipynb``,
  no code cell of a solution (read from the lab's source) and no raw MyST (a ``{solution-start}`` fence,
  a role such as ``{cite:p}``);
* on a chapter page, if it is a notebook, be the reader notebook the Colab button opens
  (``_build/launch/<page>.ipynb``): MyST rendered to plain markdown.

Before this test the toolbar's ``.ipynb`` on a lab page was the executed solution version, raw MyST and all.
"""

from __future__ import annotations

import functools
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jupytext
import nbformat
import pytest
from bs4 import BeautifulSoup

from scaling_lab.authoring.myst import find_directives
from tests.site.conftest import BOOK_ROOT, SITE_DIR
from tests.site.test_html import built_pages
from tests.site.test_launch import leftover_markup, markdown_of

pytestmark = pytest.mark.site

STUDENT = BOOK_ROOT / "_build" / "student"
LAUNCH = BOOK_ROOT / "_build" / "launch"
#: The toolbar's download links (sphinx-book-theme), and a ``{download}`` role's link.
DOWNLOAD_SELECTOR = "a.btn-download-notebook-button, a.btn-download-source-button, a.reference.download, a[download]"


def download_links(html: str) -> list[str]:
    """The href of every download link of a page, in order, each once."""
    soup = BeautifulSoup(html, "html.parser")
    return list(dict.fromkeys(a["href"] for a in soup.select(DOWNLOAD_SELECTOR) if a.get("href")))


def page_downloads(site_dir: Path = SITE_DIR) -> dict[str, list[str]]:
    """Page (``labs/lab02_measure``) -> its download links, for every built page that has any."""
    found = {}
    for path in built_pages(site_dir):
        links = download_links(path.read_text(encoding="utf-8"))
        if links:
            found[path.relative_to(site_dir).with_suffix("").as_posix()] = links
    return found


def solution_code(lab_source: Path) -> list[str]:
    """The code of every code cell of a lab that belongs to a solution (between ``{solution-start}`` and
    ``{solution-end}``, or tagged ``solution-only``): what a student notebook must not contain."""
    inside, code = False, []
    for index, cell in enumerate(jupytext.read(lab_source).cells):
        if cell.cell_type == "markdown":
            for directive in find_directives(cell.source, where=f"{lab_source.name} cell {index}"):
                inside = {"solution-start": True, "solution-end": False}.get(directive.name, inside)
        elif cell.cell_type == "code" and cell.source.strip() and (
                inside or "solution-only" in cell.metadata.get("tags", [])):
            code.append(cell.source.strip())
    return code


def notebook_problems(data: bytes, forbidden_code: list[str] = ()) -> list[str]:
    """Why ``data`` is not a clean notebook: not a valid notebook, raw MyST in its markdown, or a cell
    whose code is one of ``forbidden_code`` (a solution's)."""
    try:
        notebook = nbformat.reads(data.decode("utf-8"), as_version=4)
        nbformat.validate(notebook)
    except Exception as error:  # noqa: BLE001 - any reason it is not a notebook is the finding
        return [f"not a valid notebook: {type(error).__name__}: {str(error)[:200]}"]
    problems = [f"raw MyST: {markup!r}" for markup in leftover_markup(markdown_of(notebook))]
    cells = {cell.source.strip() for cell in notebook.cells if cell.cell_type == "code"}
    problems += [f"a solution's code cell: {code[:60]!r}" for code in forbidden_code if code in cells]
    return problems


@functools.lru_cache(maxsize=None)
def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


@pytest.fixture(scope="module")
def downloads(site_dir):
    found = page_downloads(site_dir)
    assert found, f"no download link on any page of {site_dir}"
    return found


def test_every_notebook_page_offers_its_notebook_and_source(pages, downloads):
    """The toolbar offers the page's .ipynb on every chapter and lab, and the page's source on every page."""
    for page in pages:
        suffixes = {Path(urlsplit(href).path).suffix for href in downloads.get(page, [])}
        assert ".md" in suffixes, f"{page}: no download of its source: {downloads.get(page)}"
        if page.startswith(("labs/", "book/")) and page not in ("book/preface", "book/bibliography"):
            assert ".ipynb" in suffixes, f"{page}: no notebook download: {downloads.get(page)}"


def test_every_download_exists_and_is_what_it_says(base_url, downloads):
    checked: dict[str, int] = {}
    for page, hrefs in downloads.items():
        page_url = urljoin(base_url, f"{page}.html")
        for href in hrefs:
            url = urljoin(page_url, href)
            status, data = fetch(url)
            assert status == 200 and data, f"{page}: {href} -> HTTP {status}"
            suffix = Path(urlsplit(url).path).suffix
            where = f"{page}: {href}"
            if suffix == ".ipynb":
                name = Path(page).name
                if page.startswith("labs/"):
                    problems = notebook_problems(data, solution_code(BOOK_ROOT / f"{page}.md"))
                    assert not problems, f"{where} is not a student notebook: {problems[:5]}"
                    assert data == (STUDENT / f"{name}.ipynb").read_bytes(), f"{where} is not the student notebook"
                else:
                    problems = notebook_problems(data)
                    assert not problems, f"{where}: {problems[:5]}"
                    assert data == (LAUNCH / f"{page}.ipynb").read_bytes(), \
                        f"{where} is not the reader notebook the Colab button opens"
            elif suffix == ".md":
                assert data == (BOOK_ROOT / f"{page}.md").read_bytes(), f"{where} is not the page's source"
            else:
                pytest.fail(f"{where}: a download of an unexpected kind ({suffix or 'no suffix'})")
            checked[suffix] = checked.get(suffix, 0) + 1
    print(f"\nchecked downloads by kind: {checked} on {len(downloads)} pages")
    assert checked.get(".ipynb", 0) >= 2 * len([p for p in downloads if p.startswith("labs/")]), \
        "each lab offers its student notebook twice (toolbar and box); fewer notebooks were checked"


def test_the_download_checks_can_fail(tmp_path):
    lab = tmp_path / "lab.md"
    lab.write_text("---\njupyter:\n  kernelspec:\n    name: python3\n    display_name: Python 3\n---\n\n"
                   "```{solution-start} ex1\n```\n\n```python\nanswer = 42\n```\n\n```{solution-end}\n```\n\n"
                   "```python\nprint(answer)\n```\n", encoding="utf-8")
    assert solution_code(lab) == ["answer = 42"]
    executed = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("```{solution-start} ex1\n```"), nbformat.v4.new_code_cell("answer = 42")])
    problems = notebook_problems(nbformat.writes(executed).encode(), solution_code(lab))
    assert len(problems) == 2 and "raw MyST" in problems[0] and "solution" in problems[1]
    assert notebook_problems(b"# Lab 1\n")
    assert notebook_problems(b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "x"}]}')
    clean = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("answer = ...  # your code")])
    assert notebook_problems(nbformat.writes(clean).encode(), ["answer = 42"]) == []
    page = ('<a class="btn-download-notebook-button" href="../_sources/labs/x.ipynb"></a>'
            '<a class="reference download internal" download="" href="../_downloads/1/x.ipynb"></a>'
            '<a href="other.html">not a download</a>')
    assert download_links(page) == ["../_sources/labs/x.ipynb", "../_downloads/1/x.ipynb"]
