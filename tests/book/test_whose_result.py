"""The "whose result is it" convention: figure captions say whose result a figure shows.

``book/notation.md`` defines four bold labels in its section "Whose result is it": **Paper.**,
**Our fit.**, **Our simulation.** and **Illustration.**, and allows combinations joined by "and"
(**Paper and our fit.**). These tests check that

- the notation page defines exactly those four kinds;
- every caption in ``book/`` and ``labs/`` that opens with a bold phrase uses only the defined kinds
  (a typo such as **Our simulations.** or an undefined kind such as **Data.** is caught);
- every figure caption of every page of the book and of every lab opens with a label.

The last test runs the label parser on made-up captions, so it is seen to reject bad ones.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[2]
KINDS = {"paper", "our fit", "our simulation", "illustration"}
PAGES = sorted((ROOT / "book").glob("*.md")) + sorted((ROOT / "labs").glob("*.md"))
LABEL = re.compile(r"\*\*([^*]+?)\.\*\*")


def captions(path: Path) -> list[str]:
    """The figure captions of a MyST markdown notebook, in order."""
    out = []
    for cell in jupytext.reads(path.read_text(encoding="utf-8"), fmt="md:myst").cells:
        figure = ((cell.metadata.get("mystnb") or {}).get("figure") or {}) if cell.cell_type == "code" else {}
        if figure.get("caption"):
            out.append(figure["caption"].strip())
    return out


def label_kinds(caption: str) -> list[str] | None:
    """The kinds named by a caption's opening label, or None if it does not open with a bold phrase."""
    match = LABEL.match(caption)
    if not match:
        return None
    return [part.strip().lower() for part in re.split(r",\s*|\s+and\s+", match.group(1)) if part.strip()]


def label_problem(caption: str) -> str | None:
    kinds = label_kinds(caption)
    if kinds is None:
        return "does not open with a label"
    unknown = [kind for kind in kinds if kind not in KINDS]
    return f"unknown kind(s) {unknown}" if unknown else None


def test_notation_page_defines_the_four_labels():
    text = (ROOT / "book" / "notation.md").read_text(encoding="utf-8")
    section = text.split("## Whose result is it", 1)[1]
    defined = {match.group(1).lower() for match in re.finditer(r"^- \*\*([^*]+?)\.\*\*", section, re.M)}
    assert defined == KINDS


@pytest.mark.parametrize("path", PAGES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_caption_labels_use_defined_kinds(path):
    problems = [f"caption {i + 1}: {problem}: {caption[:60]!r}"
                for i, caption in enumerate(captions(path))
                if label_kinds(caption) is not None and (problem := label_problem(caption))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PAGES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_caption_has_a_label(path):
    found = captions(path)
    problems = [f"caption {i + 1}: {problem}: {caption[:60]!r}"
                for i, caption in enumerate(found) if (problem := label_problem(caption))]
    assert not problems, "\n".join(problems)


def test_the_label_parser_rejects_bad_labels():
    assert label_problem("**Paper.** Kaplan et al.'s law.") is None
    assert label_problem("**Paper and our fit.** Their points, our line.") is None
    assert label_kinds("**Our fit and our simulation.** x") == ["our fit", "our simulation"]
    assert label_problem("Kaplan et al.'s law, recomputed.") == "does not open with a label"
    assert label_problem("**Our simulations.** Ten runs.").startswith("unknown kind")
    assert label_problem("**Data.** Ten runs.").startswith("unknown kind")
