"""Figure numbers on the built pages: each lab numbers its figures from 1, each chapter from "Fig. <chapter>.1".

The labs sit in an unnumbered part of ``_toc.yml``, where Sphinx counted figures on from page to page (Lab 2's
only figure was "Fig. 3", Lab 7's were 12-14); ``book/_ext/page_numbers.py`` restarts them on each page.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.site

FIGURE_NUMBER = re.compile(r"^Fig\. (?P<number>[\d.]+)$")


def figure_numbers(html: str) -> list[tuple[int, ...]]:
    """The numbers of a page's figure captions ("Fig. 8.2" -> (8, 2)), in page order."""
    soup = BeautifulSoup(html, "html.parser")
    numbers = []
    for span in soup.select("figcaption span.caption-number"):
        match = FIGURE_NUMBER.match(span.get_text(" ", strip=True))
        if match:
            numbers.append(tuple(int(part) for part in match.group("number").split(".")))
    return numbers


def numbering_problem(numbers: list[tuple[int, ...]], prefix: tuple[int, ...]) -> str | None:
    """Why a page's figure numbers are not ``prefix + (1,)``, ``prefix + (2,)``, ... (None if they are)."""
    expected = [prefix + (index,) for index in range(1, len(numbers) + 1)]
    if numbers != expected:
        return f"figures numbered {['.'.join(map(str, n)) for n in numbers]}, expected {['.'.join(map(str, n)) for n in expected]}"
    return None


def test_each_lab_numbers_its_figures_from_one(pages, site_dir):
    labs = [page for page in pages if page.startswith("labs/")]
    counts = {page: figure_numbers((site_dir / f"{page}.html").read_text(encoding="utf-8")) for page in labs}
    assert sum(map(len, counts.values())) >= len(labs), f"too few lab figures found: {counts}"
    problems = {page: why for page, numbers in counts.items() if (why := numbering_problem(numbers, ()))}
    assert not problems, problems


def test_each_chapter_numbers_its_figures_from_its_own_number(pages, site_dir):
    chapters = [page for page in pages if page.startswith("book/")]
    seen = 0
    for page in chapters:
        numbers = figure_numbers((site_dir / f"{page}.html").read_text(encoding="utf-8"))
        if numbers:
            why = numbering_problem(numbers, numbers[0][:-1])
            assert len(numbers[0]) == 2 and not why, f"{page}: {why or numbers}"
            seen += 1
    assert seen >= 10, f"only {seen} chapters with numbered figures"


def test_the_numbering_check_can_fail():
    page = ('<figure><figcaption><p><span class="caption-number">Fig. 3 </span>'
            '<span class="caption-text">x</span></p></figcaption></figure>')
    assert figure_numbers(page) == [(3,)]
    assert numbering_problem([(3,)], ()) == "figures numbered ['3'], expected ['1']"
    assert numbering_problem([(12,), (13,)], ())
    assert numbering_problem([(8, 1), (8, 3)], (8,))
    assert numbering_problem([(8, 1), (8, 2)], (8,)) is None
