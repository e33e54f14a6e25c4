"""The notation page, ``book/notation.md``, against the chapters, in the order of ``_toc.yml``.

Each row of the page's table of symbols names, in its "Introduced in" column, the chapter that defines
the symbol (a ``{ref}`` to its label). These tests read the math of every chapter (``$...$`` and
``$$...$$`` outside code cells) and check that

- the chapter named as introducing a symbol uses it, and
- no chapter before it uses it, except the local names the page lists (a letter defined on the spot for
  something else, such as the boxes $B(x)$ and their number $m$ in the nonparametric chapter).

The last test runs the check on a small synthetic book, so it is seen to fail.
"""

from __future__ import annotations

import re
from pathlib import Path

from scaling_lab.authoring.toc import toc_files

ROOT = Path(__file__).resolve().parents[2]
NOTATION = ROOT / "book" / "notation.md"
NOT_CHAPTERS = ("book/preface", "book/notation", "book/summary", "book/bibliography")

#: (symbol, chapter label) pairs where an earlier chapter uses the letter as a local name, defined where it
#: is used; each is named on the notation page.
LOCAL_NAMES = {
    ("n", "why-scaling-laws"),   # "a power of 1/n, for n training examples"
    ("n", "power-laws"),         # the tokens of a sample
    ("a", "power-laws"),         # the intercept of a least-squares line
    ("a", "nonparametric"),      # a constant of the bias
    ("d", "power-laws"),         # "a smooth function learned in d dimensions", a preview of chapter 4
    ("H", "power-laws"),         # Zipf's normaliser H(K, s)
    ("m", "nonparametric"),      # the number of boxes
}

MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", re.S)
CODE_CELL = re.compile(r"```\{code-cell\}.*?```", re.S)


def chapters() -> list[tuple[str, str]]:
    """(label, text) of every chapter of the book, in order."""
    out = []
    for name in toc_files(ROOT / "_toc.yml"):
        if name.startswith("book/") and name not in NOT_CHAPTERS:
            text = (ROOT / f"{name}.md").read_text(encoding="utf-8")
            out.append((re.search(r"^\((.+?)\)=", text, re.M).group(1), text))
    return out


def math_spans(text: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in MATH.finditer(CODE_CELL.sub("", text))]


def symbol_rows(page: str) -> list[tuple[str, str]]:
    """(symbol, introducing label) for each symbol in the first column of the page's table."""
    rows = []
    for line in page.splitlines():
        if not line.startswith("| $"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        intro = re.findall(r"\{ref\}`([\w-]+)`", cells[3])
        rows += [(symbol.strip(), intro[0]) for symbol in re.findall(r"\$([^$]+)\$", cells[0]) if intro]
    return rows


def pattern(symbol: str) -> re.Pattern:
    if re.fullmatch(r"[A-Za-z]", symbol):  # a bare letter: not inside a longer name or a command
        return re.compile(r"(?<![\\\w{])" + symbol + r"(?![\w])")
    return re.compile(re.escape(symbol))


def early_uses(rows, book) -> list[tuple[str, str]]:
    """(symbol, label) for each chapter that uses a symbol before the chapter that introduces it."""
    labels = [label for label, _ in book]
    found = []
    for symbol, intro in rows:
        assert intro in labels, f"notation page: {symbol} is introduced in {intro!r}, which is no chapter"
        for label, text in book[: labels.index(intro)]:
            if any(pattern(symbol).search(span) for span in math_spans(text)):
                found.append((symbol, label))
    return found


def unused_introductions(rows, book) -> list[tuple[str, str]]:
    texts = dict(book)
    return [(symbol, intro) for symbol, intro in rows
            if not any(pattern(symbol).search(span) for span in math_spans(texts[intro]))]


def test_the_table_lists_the_main_symbols():
    symbols = {symbol for symbol, _ in symbol_rows(NOTATION.read_text(encoding="utf-8"))}
    assert {"N", "D", "C", "L", "E", "S", "C_{\\min}", "\\alpha_S", "B_{\\rm crit}", "N_{\\rm opt}"} <= symbols


def test_each_symbol_is_used_where_the_page_says_it_is_introduced():
    rows = symbol_rows(NOTATION.read_text(encoding="utf-8"))
    assert not unused_introductions(rows, chapters())


def test_no_chapter_uses_a_symbol_before_it_is_introduced():
    rows = symbol_rows(NOTATION.read_text(encoding="utf-8"))
    early = set(early_uses(rows, chapters())) - LOCAL_NAMES
    assert not early, f"symbols used before the chapter that introduces them: {sorted(early)}"


def test_the_check_can_fail():
    page = "| Symbol | Meaning | Unit | Introduced in | Also |\n|---|---|---|---|---|\n" \
           "| $S$ | steps | steps | {ref}`second` | |\n| $N$ | size | parameters | {ref}`first` | |"
    book = [("first", "The size $N$ and the steps $L(N, S)$."), ("second", "Steps $S$ and $\\alpha_S$.")]
    assert early_uses(symbol_rows(page), book) == [("S", "first")]
    assert unused_introductions(symbol_rows(page), book) == []
    assert unused_introductions(symbol_rows(page), [("first", "no math"), ("second", "$S$")]) == [("N", "first")]
