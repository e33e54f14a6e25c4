"""Display equations and tables fit the reading column of every page, at the site tests' 1280x900 viewport.

* **No equation is cut.**  A display equation wider than its box (``mjx-container``, after MathJax has
  typeset it) must scroll inside that box *visibly*: ``overflow-x`` ``auto`` or ``scroll``, and the edge
  shadows of ``book/_assets/layout.css`` (background images attached ``local`` and ``scroll``, which show on
  the side that has more to see even where the system hides scrollbars, as macOS and phones do). Before, eq. 4
  of the compute chapter was 849 px wide in a 688 px column and the browser showed nothing past the edge.
  Equations that scroll are listed in the test's output (``-rA``): each one is a candidate for a line break.
* **No box spills out of the column.**  No display equation and no table reaches past the right edge of the
  article, and no table needs scrolling sideways (the summary's constants table ran 216 px into the sidebar).
"""

from __future__ import annotations

import pytest

from tests.site.browse import TIMEOUT_MS, offline_context

pytestmark = pytest.mark.site

# MathJax itself (every page also loads the small mathjax-widgets.js configuration; only pages with math load MathJax).
HAS_MATHJAX_JS = "() => !!document.querySelector('script[src*=\"mathjax\" i]:not([src*=\"mathjax-widgets\"])')"
MEASURE_JS = """() => {
  const article = document.querySelector('article.bd-article') || document.querySelector('article');
  const column = article.getBoundingClientRect();
  const right = column.right - parseFloat(getComputedStyle(article).paddingRight || 0);
  const equations = [...document.querySelectorAll('mjx-container[display="true"]')].map((box, index) => {
    const style = getComputedStyle(box);
    const rect = box.getBoundingClientRect();
    const holder = box.closest('div.math');
    const label = holder && holder.closest('[id]') ? holder.closest('[id]').id : '';
    return {index, label, content: box.scrollWidth, box: box.clientWidth, spill: rect.right - right,
            overflow: style.overflowX, attachment: style.backgroundAttachment,
            images: style.backgroundImage,
            tex: (box.querySelector('mjx-assistive-mml') || box).textContent.replace(/\\s+/g, ' ').slice(0, 80)};
  });
  // A table's right edge against the column's, wherever it sits: the theme puts each table in a box that
  // scrolls sideways, so a wide table is cut at the column's edge rather than spilling, and counts the same.
  const tables = [...article.querySelectorAll('table')].map((table, index) => {
    const first = table.querySelector('tr');
    return {index, spill: table.getBoundingClientRect().left + table.scrollWidth - right,
            head: first ? first.textContent.replace(/\\s+/g, ' ').slice(0, 60) : ''};
  });
  return {equations, tables};
}"""


def scroll_is_visible(equation: dict) -> bool:
    """The box scrolls and draws its edge shadows (an image attached ``local`` and one attached ``scroll``)."""
    attachments = {part.strip() for part in equation["attachment"].split(",")}
    return (equation["overflow"] in ("auto", "scroll") and equation["images"].count("gradient") >= 2
            and {"local", "scroll"} <= attachments)


def equation_problems(measured: dict) -> list[str]:
    """What is cut or spilling on one page (empty when everything fits)."""
    problems = []
    for eq in measured["equations"]:
        where = f"display equation {eq['index'] + 1} ({eq['tex']!r})"
        if eq["spill"] > 1:
            problems.append(f"{where} reaches {eq['spill']:.0f} px past the column")
        if eq["content"] > eq["box"] + 1 and not scroll_is_visible(eq):
            problems.append(f"{where} is {eq['content']} px wide in a {eq['box']} px box and is cut "
                            f"(overflow-x {eq['overflow']}, no visible scroll cue)")
    for table in measured["tables"]:
        if table["spill"] > 1:
            problems.append(f"table {table['index'] + 1} ({table['head']!r}) reaches {table['spill']:.0f} px "
                            "past the column")
    return problems


@pytest.fixture(scope="module")
def measure(browser, base_url):
    context = offline_context(browser, base_url)

    def load(page_path: str) -> dict:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        try:
            page.goto(f"{base_url}{page_path}.html", wait_until="load")
            if page.evaluate(HAS_MATHJAX_JS):  # a page without math loads no MathJax
                page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
                page.evaluate("() => MathJax.startup.promise")
            return page.evaluate(MEASURE_JS)
        finally:
            page.close()

    yield load
    context.close()


def test_equations_and_tables_fit(page, measure):
    measured = measure(page)
    scrolling = [f"{eq['content']} px in {eq['box']} px: {eq['tex']!r}" for eq in measured["equations"]
                 if eq["content"] > eq["box"] + 1]
    if scrolling:
        print(f"{page}: display equations that scroll in their box:", *scrolling, sep="\n  ")
    problems = equation_problems(measured)
    assert not problems, f"{page}: " + "; ".join(problems)


def test_the_check_catches_a_cut_equation():
    """The rule itself: an overflowing box without the scroll cue is cut; with it, it scrolls."""
    cut = {"index": 0, "label": "", "content": 849, "box": 688, "spill": 0, "overflow": "auto",
           "attachment": "scroll", "images": "none", "tex": "G"}
    assert equation_problems({"equations": [cut], "tables": []})
    cued = dict(cut, attachment="local, local, scroll, scroll",
                images="linear-gradient(a), linear-gradient(b), radial-gradient(c), radial-gradient(d)")
    assert not equation_problems({"equations": [cued], "tables": []})
    assert equation_problems({"equations": [dict(cued, overflow="visible")], "tables": []})
    assert equation_problems({"equations": [], "tables": [{"index": 0, "spill": 216, "head": "constant"}]})
