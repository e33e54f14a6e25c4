"""The glossary (in ``book/summary.md``) and the links to it (issue 9).

Every glossary term that a chapter uses in its prose must be linked with {term} somewhere on that page
(the chapters link the first use). "Uses" is read narrowly, so the test cannot fail on ordinary words:

- only terms of two or more words (``scaling law``, ``IsoFLOP profile``), plus the one-word terms listed in
  ``ONE_WORD_TERMS``, words that mean nothing else in the course;
- matched whole and case-insensitively, with an optional plural ``s``/``es``, a hyphen and an en dash
  counting as the same character;
- in prose only, emphasis ignored: code cells (so figure captions and alt text), fenced code, math, inline
  code, headings, directive titles and options, other roles ({ref}, {cite}, {glue}) and the glossary block
  itself are left out;
- a term inside a longer term is not a use of its own ("bootstrap" inside "parametric bootstrap");
- one link to any of an entry's terms covers the entry (``VC dimension`` and
  ``Vapnik–Chervonenkis dimension`` are one entry).

The other checks: the glossary's source is in the order Sphinx's ``:sorted:`` shows it, and every {term}
in a chapter or a lab points at an entry (the book build would also fail on a missing one, but only after
executing every page).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
from scaling_lab.authoring.toc import toc_files

GLOSSARY_PAGE = ROOT / "book" / "summary.md"

#: One-word terms checked like the longer ones: words that mean nothing else in the course. Not, for
#: instance, "epoch" (Epoch AI is an organisation), "exponent", "coefficient", "intercept", "checkpoint",
#: "regret" or "extrapolation", which are also plain words of the prose.
ONE_WORD_TERMS = frozenset({
    "bootstrap", "compute-optimal", "cross-entropy", "FLOP", "manifold", "out-of-distribution", "perplexity",
    "PF-day", "subgroup", "warm-up", "zero-shot", "μP",
})

TERM_ROLE = re.compile(r"\{term\}`([^`]*)`")
OTHER_ROLE = re.compile(r"\{[\w:.-]+\}`[^`]*`")
FENCE = re.compile(r"^(`{3,}|~{3,})\s*(\{([\w:.-]+)\})?(.*)$")
#: Fenced blocks whose content is not prose.
NOT_PROSE = {"code-cell", "math", "glossary", "raw", "code", "code-block", "eval-rst"}


def normalise(text: str) -> str:
    """Hyphen-like dashes as '-', curly apostrophes as straight ones (for matching only)."""
    return text.replace("\u2013", "-").replace("\u2010", "-").replace("\u2011", "-").replace("\u2019", "'")


def glossary_entries(text: str | None = None) -> list[list[str]]:
    """The glossary's entries in source order, each the list of its terms (Sphinx's own format)."""
    text = GLOSSARY_PAGE.read_text(encoding="utf-8") if text is None else text
    block = re.search(r"^```\{glossary\}\n(.*?)^```", text, re.S | re.M)
    assert block, "no {glossary} block"
    entries: list[list[str]] = []
    previous_was_term = False
    for line in block.group(1).splitlines():
        if not line.strip() or line.startswith(":"):
            previous_was_term = False if not line.strip() else previous_was_term
            continue
        if line[0].isspace():
            previous_was_term = False
            continue
        if previous_was_term:
            entries[-1].append(line.strip())
        else:
            entries.append([line.strip()])
        previous_was_term = True
    return entries


def role_target(content: str) -> str:
    """The entry a {term} role points at: ``text <Target>`` or ``Target``."""
    match = re.fullmatch(r"(?s).*<([^<>]+)>\s*", content)
    return (match.group(1) if match else content).strip()


def prose(text: str) -> tuple[str, list[str]]:
    """A MyST page's prose (see the module docstring) and the targets of its {term} roles."""
    if text.startswith("---\n"):
        text = text[text.index("\n---", 3) + 4:]
    kept, skip_until = [], None
    for line in text.splitlines():
        if skip_until is not None:
            if line.strip() == skip_until:
                skip_until = None
            continue
        fence = FENCE.match(line)
        if fence:
            directive = fence.group(3)
            language = fence.group(4).strip()
            if directive in NOT_PROSE or (directive is None and language):
                skip_until = fence.group(1)  # the matching closing fence
            continue  # an opening or closing fence line; a directive's title goes with it
        if re.match(r"\s*(#|:[\w-]+:|%|\(.*\)=\s*$)", line):
            continue  # headings, directive options, comments, targets
        kept.append(line)
    body = "\n".join(kept)
    body = re.sub(r"\$\$.*?\$\$", " ", body, flags=re.S)
    body = re.sub(r"(?<!\\)\$(?:\\\$|[^$])+?\$", " ", body)  # inline math, also across a line break
    targets = [role_target(content) for content in TERM_ROLE.findall(body)]
    body = TERM_ROLE.sub(" ", body)
    body = OTHER_ROLE.sub(" ", body)
    body = re.sub(r"`[^`]*`", " ", body)
    return body.replace("*", ""), targets  # emphasis inside a term: **nonparametric** estimator


def checked(term: str) -> bool:
    return len(term.split()) >= 2 or term in ONE_WORD_TERMS


def phrase(term: str) -> re.Pattern:
    words = [re.escape(normalise(word)) for word in term.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?:s|es)?(?![\w-])", re.I)


def unlinked_terms(text: str, entries: list[list[str]]) -> list[str]:
    """The checked terms a page's prose uses whose glossary entry the page never links."""
    body, targets = prose(text)
    body = normalise(body)
    linked = {normalise(target).lower() for target in targets}
    entry_of = {term: index for index, terms in enumerate(entries) for term in terms}
    used: dict[int, str] = {}
    # Longest terms first, each match blanked out, so a term inside a longer one is not counted.
    for term in sorted(entry_of, key=len, reverse=True):
        pattern = phrase(term)
        if checked(term) and pattern.search(body):
            used.setdefault(entry_of[term], term)
        body = pattern.sub(lambda match: " " * len(match.group()), body)
    return sorted(term for index, term in used.items()
                  if not any(normalise(t).lower() in linked for t in entries[index]))


def chapters() -> list[Path]:
    listed = [ROOT / f"{name}.md" for name in toc_files(ROOT / "_toc.yml")]
    return [path for path in listed
            if path.parent.name == "book" and path.stem not in ("preface", "notation", "bibliography")]


def test_the_chapters_are_found():
    names = [path.stem for path in chapters()]
    assert names[0] == "why_scaling_laws" and len(names) == 17, names
    # Part V, "Scaling in practice", follows the chapters of Parts I-IV, which end with the summary
    assert names[names.index("summary") + 1:] == ["overtraining", "schedules", "observational"], names


def labs() -> list[Path]:
    return sorted((ROOT / "labs").glob("lab*.md"))


def test_the_labs_are_found():
    assert len(labs()) == 8


@pytest.mark.parametrize("path", chapters() + labs(), ids=lambda p: p.stem)
def test_every_glossary_term_a_chapter_uses_is_linked(path):
    missing = unlinked_terms(path.read_text(encoding="utf-8"), glossary_entries())
    assert not missing, (f"{path.name} uses glossary terms it never links: {missing}. Link the first use with "
                         "{term}`term` or {term}`text <term>`.")


def test_glossary_source_is_in_sorted_order():
    """The order of the source is the order Sphinx's :sorted: shows (by the first term, NFD, lower case)."""
    firsts = [terms[0] for terms in glossary_entries()]
    keys = [unicodedata.normalize("NFD", term.lower()) for term in firsts]
    misplaced = [(before, after) for before, after, k1, k2 in zip(firsts, firsts[1:], keys, keys[1:]) if k1 >= k2]
    assert not misplaced, f"glossary entries out of alphabetical order (or repeated): {misplaced}"


@pytest.mark.parametrize("folder", ["book", "labs"])
def test_every_term_role_points_at_an_entry(folder):
    known = {term.lower() for terms in glossary_entries() for term in terms}
    for path in sorted((ROOT / folder).glob("*.md")):
        for content in TERM_ROLE.findall(path.read_text(encoding="utf-8")):
            assert role_target(content).lower() in known, f"{path.name}: {{term}}`{content}` has no glossary entry"


def test_the_link_check_can_fail():
    entries = [["bootstrap"], ["epoch"], ["IsoFLOP profile"], ["parametric bootstrap"], ["scaling law"],
               ["VC dimension", "Vapnik–Chervonenkis dimension"], ["bias–variance trade-off"], ["FLOP"]]
    page = "\n".join([
        "---", "kernelspec:", "  name: python3", "---", "", "(label)=", "# A scaling law in the title", "",
        "Prose with IsoFLOP\nprofiles, a bias-variance trade-off, FLOPs and a parametric bootstrap.",
        "At Epoch AI, the bootstrapping of $\\text{scaling law}$ and `scaling law` and {ref}`scaling law <x>`.",
        "```{code-cell} ipython3", "---", "mystnb:", "  figure:", "    caption: a scaling law", "---",
        "x = 1  # scaling law", "```", "$$", "\\text{VC dimension}", "$$",
        "```{exercise} The Vapnik–Chervonenkis dimension", ":label: scaling law", "Plain text.", "```",
    ])
    assert unlinked_terms(page, entries) == ["FLOP", "IsoFLOP profile", "bias–variance trade-off",
                                             "parametric bootstrap"]
    linked = page + ("\nLinks: {term}`IsoFLOP profiles <IsoFLOP profile>`, {term}`FLOP`, "
                     "{term}`bias–variance trade-off`, {term}`parametric bootstrap`.")
    assert unlinked_terms(linked, entries) == []
    # A term used on its own is reported even when a longer term containing it is linked.
    assert unlinked_terms(linked + "\nThe bootstrap again.", entries) == ["bootstrap"]
    # One link to any term of an entry covers the entry.
    both = "The VC dimension and the {term}`Vapnik–Chervonenkis dimension`."
    assert unlinked_terms(both, entries) == []
    assert unlinked_terms("The VC dimension.", entries) == ["VC dimension"]


def test_the_link_check_fails_on_the_real_chapters_without_their_links():
    """Strip every {term} role of a chapter (keeping its text) and the check must object."""
    entries = glossary_entries()
    for path in chapters():
        if path == GLOSSARY_PAGE:
            continue  # the glossary's own page links nothing outside the glossary
        text = TERM_ROLE.sub(lambda m: re.sub(r"\s*<[^<>]+>\s*$", "", m.group(1)), path.read_text(encoding="utf-8"))
        assert "{term}" not in text and unlinked_terms(text, entries), path.name
