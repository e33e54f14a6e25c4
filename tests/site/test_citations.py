"""One citation style across the built site, and no citation markup left raw.

* **No raw roles.**  No page shows ``{cite:p}`` (or any ``{cite...}``) as text, in prose or in a code span:
  the bibliography's intro did.
* **One style.**  The chapters cite author-year ("[Kaplan et al., 2020]", or "Kaplan et al. [2020]"), and the
  bibliography labels every entry with that same text (``book/_ext/citation_style.py``), not [1], [2], ...:
  every citation's link text is its entry's label (a parenthetical citation) or the label's year (a
  textual one), and the labels are unique and in alphabetical order.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.site.test_html import built_pages, parsed_page

pytestmark = pytest.mark.site

BIBLIOGRAPHY = "book/bibliography.html"
RAW_CITE = re.compile(r"\{cite[\w:]*\}")
#: A citation's link (sphinxcontrib-bibtex wraps every citation in a span of this class).
CITATION_LINK = f'.bibtex-citation a[href*="{Path(BIBLIOGRAPHY).name}#"]'
YEAR = re.compile(r"^(\d{4}[a-z]?|n\.d\.)$")


def article_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    root = soup.find("article") or soup.find("main") or soup
    for hidden in root.find_all(["script", "style"]):
        hidden.decompose()
    return root.get_text(" ")


def bibliography_labels(html: str) -> dict[str, str]:
    """Entry id -> its label as shown ("Kaplan et al., 2020"), in the page's order."""
    soup = BeautifulSoup(html, "html.parser")
    labels = {}
    for entry in soup.select("div.citation"):
        label = entry.select_one("span.label")
        labels[entry["id"]] = " ".join(label.get_text(" ", strip=True).strip("[] ").split()) if label else ""
    return labels


def citation_problems(html: str, labels: dict[str, str]) -> list[str]:
    """Citations of a page whose link text is neither its entry's label nor (textual citation) the label's year."""
    soup = parsed_page(html)  # read only: the parse the html tests made of the same page
    problems = []
    for link in soup.select(CITATION_LINK):
        target = link["href"].split("#", 1)[1]
        text = " ".join(link.get_text().split())
        label = labels.get(target)
        if label is None:
            problems.append(f"{text!r} links to #{target}, which is no bibliography entry")
        elif text != label and not (YEAR.match(text) and label.endswith(f", {text}")):
            problems.append(f"{text!r} is cited, but its entry is labelled [{label}]")
    return problems


@pytest.fixture(scope="module")
def labels(site_dir):
    found = bibliography_labels((site_dir / BIBLIOGRAPHY).read_text(encoding="utf-8"))
    assert len(found) >= 20, f"only {len(found)} entries on the bibliography page"
    return found


def test_no_page_shows_a_raw_cite_role(site_dir):
    raw = {path.relative_to(site_dir).as_posix(): found for path in built_pages(site_dir)
           if (found := RAW_CITE.findall(article_text(path.read_text(encoding="utf-8"))))}
    assert not raw, f"citation markup shown as text: {raw}"


def test_the_bibliography_intro_cites(site_dir, labels):
    """The intro's example citation renders, as the chapters' do, and links to its entry."""
    html = (site_dir / BIBLIOGRAPHY).read_text(encoding="utf-8")
    intro = BeautifulSoup(html, "html.parser").select_one("article p")
    links = intro.select('a[href^="#"]')
    assert links, f"the intro cites nothing: {intro.get_text(' ', strip=True)!r}"
    assert all(link["href"][1:] in labels for link in links), [link["href"] for link in links]


def _alphabetical(label: str) -> str:
    """The order a reader expects: case and accents ignored (Hägele files as Hagele, before Hashimoto)."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", label.lower())
    return "".join(c for c in folded if not unicodedata.combining(c))


def test_bibliography_labels_are_author_year_unique_and_sorted(labels):
    values = list(labels.values())
    numbered = [label for label in values if not re.search(r"[A-Za-z]", label) or not re.search(r"\d{4}", label)]
    assert not numbered, f"entries not labelled author-year: {numbered[:5]}"
    assert len(set(values)) == len(values), f"two entries share a label: {sorted(values)}"
    assert values == sorted(values, key=_alphabetical), f"entries out of alphabetical order: {values}"


def test_every_citation_reads_as_its_entry_is_labelled(site_dir, labels):
    pages = [path for path in built_pages(site_dir) if path.relative_to(site_dir).parts[0] in ("book", "labs")]
    problems = {path.relative_to(site_dir).as_posix(): found for path in pages
                if (found := citation_problems(path.read_text(encoding="utf-8"), labels))}
    cited = sum(len(parsed_page(p.read_text(encoding="utf-8")).select(CITATION_LINK)) for p in pages)
    assert cited >= 30, f"only {cited} citations found on the chapters and labs"
    assert not problems, problems


def test_the_citation_checks_can_fail():
    bibliography = ('<div class="citation" id="id7"><span class="label"><span class="fn-bracket">[</span>1'
                    '<span class="fn-bracket">]</span></span><p>Kaplan...</p></div>')
    assert bibliography_labels(bibliography) == {"id7": "1"}
    chapter = ('<span class="bibtex-citation">[<a href="bibliography.html#id7">Kaplan <em>et al.</em>, 2020</a>]'
               '</span> <span class="bibtex-citation">Kaplan <em>et al.</em> [<a href="bibliography.html#id7">2020'
               '</a>]</span> <span class="bibtex-citation">[<a href="bibliography.html#id99">Zipf, 1949</a>]</span>'
               ' See the <a href="bibliography.html#bibliography">bibliography</a>.')
    assert len(citation_problems(chapter, {"id7": "1"})) == 3
    assert citation_problems(chapter, {"id7": "Kaplan et al., 2020"}) == [
        "'Zipf, 1949' links to #id99, which is no bibliography entry"]
    assert RAW_CITE.findall(article_text("<article><p>cites with <code>{cite:p}</code></p></article>"))
