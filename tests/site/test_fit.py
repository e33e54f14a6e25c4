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


pytestmark = pytest.mark.site

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


def test_equations_and_tables_fit(page, visit):
    measured = visit(page).fit  # measured once MathJax has typeset the page (browse.visit_page)
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
