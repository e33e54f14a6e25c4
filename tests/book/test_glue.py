"""Glued values and figure metadata, chapter by chapter.

A chapter quotes the numbers it computes through ``sl.glue(name=value, ...)`` in a code cell and a
``{glue:text}`name:fmt``` role (or ``{glue}``, ``{glue:}``, ``{glue:math}``, ``{glue:figure}``, or a
``{glue:figure}``/``{glue}``/``{glue:math}`` directive) in its text. For every chapter in ``_toc.yml``
(the ``book/`` pages) these tests check:

- **glued = shown**: the keyword names of every ``sl.glue(...)`` call on the page are exactly the keys
  its glue roles and directives reference. A glued value nobody reads is dead code; a reference to a key
  the page never glues is an error the build reports only after executing the page. Names must be
  literal keywords: ``sl.glue(**values)`` or a positional argument is reported, and so is the old
  ``glue("name", value, display=False)`` of ``myst_nb``.
- **plumbing stays out of sight**: no code cell imports ``myst_nb``, and the first code cell holds only
  import statements.
- **numbers in figure metadata are guarded**: alt text (``mystnb: image: alt``) and captions
  (``mystnb: figure: caption``) live in cell metadata, which cannot be glued. The rule:

  * a number *needs a guard* if it is written with a decimal point (``2.26``, ``0.00056``, ``5.76e23``)
    or with three or more digits (``626,155``, ``1024``), not counting the exponent of scientific
    notation (``1e22`` needs none, ``1.8e9`` does); a sign in front is ignored;
  * these need none: a year (an integer from 1900 to 2039 written without a separator), a figure,
    equation, table, section, chapter or appendix number (``Fig. 4``, ``eq. 2.2``, ``Table 3``), and a
    number that is part of a name because a letter sticks to it (``Pythia 1.4B``, ``70M``, ``GPT-3``,
    ``B.16``; the multiplication sign ``x`` of ``2.2x`` does not count as a letter);
  * a number is *guarded* if it appears literally in the cell's code (as text, or as a numeric literal
    of the same value, so ``10,000`` is matched by ``10_000`` or ``1e4``), which makes it exact by
    construction, or if ``about``, ``≈``, ``~`` or ``\\approx`` comes right before it (a sign and a
    ``$`` may come between, as in ``about $\\pm 0.02$``), which says it is rounded; each number needs its
    own ``about``.

The last tests run the same check functions on small synthetic pages, so each check is seen to fail.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jupytext
import pytest

from scaling_lab.authoring.toc import toc_files

ROOT = Path(__file__).resolve().parents[2]

# ------------------------------------------------------------------------------------------- pages


def chapters() -> list[Path]:
    """Every page of the table of contents under ``book/``."""
    return [ROOT / f"{name}.md" for name in toc_files(ROOT / "_toc.yml") if name.startswith("book/")]


def read_page(text: str):
    """A MyST markdown notebook's cells, from its text."""
    return jupytext.reads(text, fmt="md:myst").cells


def _python(source: str) -> str:
    """A code cell's Python, without IPython magics and shell escapes."""
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))


def _parse(cell, where: str) -> ast.Module:
    try:
        return ast.parse(_python(cell.source))
    except SyntaxError as error:
        raise AssertionError(f"{where}: code cell does not parse: {error}") from error


def _code_cells(cells):
    return [(index, cell) for index, cell in enumerate(cells) if cell.cell_type == "code"]


# ---------------------------------------------------------------------------- glued and referenced


def _is_glue_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "glue") or (isinstance(func, ast.Attribute) and func.attr == "glue")


def glued_keys(cells, where: str) -> tuple[dict[str, list[int]], list[str]]:
    """The keyword names of every ``sl.glue(...)`` call, each with the cells that glue it, and problems.

    A problem is a glue call that is not ``sl.glue``, a positional argument, or a ``**mapping`` (a name
    the test cannot read).
    """
    keys: dict[str, list[int]] = {}
    problems = []
    for index, cell in _code_cells(cells):
        for node in ast.walk(_parse(cell, f"{where} cell {index}")):
            if not _is_glue_call(node):
                continue
            func = node.func
            if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "sl"):
                problems.append(f"cell {index} line {node.lineno}: call sl.glue(name=value), not "
                                f"{ast.unparse(func)}(...)")
                continue
            if node.args:
                problems.append(f"cell {index} line {node.lineno}: sl.glue takes keywords only; got a positional "
                                f"argument {ast.unparse(node.args[0])}")
            for keyword in node.keywords:
                if keyword.arg is None:
                    problems.append(f"cell {index} line {node.lineno}: sl.glue(**{ast.unparse(keyword.value)}) "
                                    "has no literal names; write each name as a keyword")
                else:
                    keys.setdefault(keyword.arg, []).append(index)
    return keys, problems


#: ``{glue}`key```, ``{glue:}`key```, ``{glue:text}`key:fmt```, ``{glue:math}`key```, ``{glue:figure}`key```.
GLUE_ROLE = re.compile(r"\{glue(?::[a-z]*)?\}`(?P<content>[^`]+)`")
#: ```` ```{glue:figure} key ```` (or ``{glue}``, ``{glue:any}``, ``{glue:math}``), with backticks or colons.
GLUE_DIRECTIVE = re.compile(r"^[ \t]*(?:`{3,}|:{3,})\{glue(?::[a-z]*)?\}[ \t]+(?P<key>[^\s`]+)", re.M)


def referenced_keys(cells) -> set[str]:
    """Every key that a glue role or directive in the page's markdown refers to."""
    keys = set()
    for cell in cells:
        if cell.cell_type != "markdown":
            continue
        keys |= {match["content"].split(":", 1)[0].strip() for match in GLUE_ROLE.finditer(cell.source)}
        keys |= {match["key"] for match in GLUE_DIRECTIVE.finditer(cell.source)}
    return keys


def glue_problems(cells, where: str) -> list[str]:
    """Everything wrong between a page's glue calls and its glue references, one line each."""
    keys, problems = glued_keys(cells, where)
    referenced = referenced_keys(cells)
    unshown = sorted(set(keys) - referenced)
    dangling = sorted(referenced - set(keys))
    twice = sorted(key for key, where_glued in keys.items() if len(where_glued) > 1)
    if unshown:
        problems.append(f"glued but never shown in the text: {', '.join(unshown)}")
    if dangling:
        problems.append(f"shown in the text but never glued: {', '.join(dangling)}")
    if twice:
        problems.append(f"glued more than once: {', '.join(twice)}")
    return problems


# ------------------------------------------------------------------------------------ plumbing


def plumbing_problems(cells, where: str) -> list[str]:
    """Imports of ``myst_nb`` anywhere, and a first code cell that does more than import."""
    problems = []
    code = _code_cells(cells)
    for index, cell in code:
        for node in ast.walk(_parse(cell, f"{where} cell {index}")):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if any(name == "myst_nb" or name.startswith("myst_nb.") for name in names):
                problems.append(f"cell {index} imports myst_nb (line {node.lineno}); glue with sl.glue(name=value)")
    if code:
        index, cell = code[0]
        body = _parse(cell, f"{where} cell {index}").body
        if not body:
            problems.append(f"first code cell (cell {index}) is empty")
        for node in body:
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                problems.append(f"first code cell (cell {index}) does more than import: line {node.lineno}, "
                                f"{ast.unparse(node).splitlines()[0]!r}")
    return problems


# ------------------------------------------------------------------------- numbers in metadata

#: A number as prose writes it: ``2.26``, ``626,155``, ``1024``, ``5.76e23``, ``6e-6``.
NUMBER = re.compile(r"(?<![\w.])(?P<mantissa>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?P<exponent>[eE][-+]?\d+)?")
#: Words after which a number names a figure, an equation, a table or a part of a text.
REFERENCE_WORDS = re.compile(
    r"(?:\bfigs?\.|\bfigures?|\beqs?\.|\bequations?|\btables?|\bsections?|\bsec\.|§|\bchapters?|\bappendix)"
    r"\s*\(?$", re.I)
#: What makes a number explicitly approximate: it must come right before it (a sign and ``$`` may intervene).
APPROXIMATE = re.compile(r"(?:\babout|≈|~|\\approx)\s*\$?\s*(?:[-−+±]|\\pm)?\s*$")
#: A letter glued to a number makes it part of a name (70M, Pythia 1.4B, GPT-3, L2); ``x`` is "times".
NAME_LETTER = re.compile(r"[^\W\dx_]")


def _numeric_literals(tree: ast.AST) -> set[float]:
    return {abs(float(node.value)) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and type(node.value) in (int, float)}


def needs_guard(text: str, match: re.Match) -> bool:
    """Whether the number ``match`` in ``text`` is precise enough to drift (see the module docstring)."""
    mantissa, before, after = match["mantissa"], text[:match.start()], text[match.end():]
    digits = re.sub(r"\D", "", mantissa)
    if "." not in mantissa and len(digits) < 3:
        return False
    if "," not in mantissa and "." not in mantissa and not match["exponent"] and 1900 <= int(mantissa) <= 2039:
        return False  # a year
    if REFERENCE_WORDS.search(before):
        return False
    if (after and NAME_LETTER.match(after[0])) or re.search(r"[^\W\d_]-$", before):
        return False  # part of a name
    return True


def metadata_number_problems(cells, where: str) -> list[str]:
    """Numbers in alt text and captions that are neither in the cell's code nor marked approximate."""
    problems = []
    for index, cell in _code_cells(cells):
        mystnb = cell.metadata.get("mystnb", {}) or {}
        texts = (("alt text", (mystnb.get("image") or {}).get("alt")),
                 ("caption", (mystnb.get("figure") or {}).get("caption")))
        code = _python(cell.source)
        literals = None
        for kind, text in texts:
            if not text:
                continue
            for match in NUMBER.finditer(text):
                if not needs_guard(text, match) or APPROXIMATE.search(text[:match.start()]):
                    continue
                written = match.group(0)
                if re.search(rf"(?<![\w.]){re.escape(written)}(?![\w])", code):
                    continue
                if literals is None:
                    literals = _numeric_literals(_parse(cell, f"{where} cell {index}"))
                value = abs(float(written.replace(",", "")))
                if any(value == literal or abs(value - literal) <= 1e-12 * value for literal in literals):
                    continue
                problems.append(f"cell {index} {kind}: {written!r} is typed in, not computed: write 'about "
                                f"{written}' rounded, drop it, or set it in the cell's code "
                                f"(…{text[max(0, match.start() - 40):match.end() + 20]}…)")
    return problems


# ------------------------------------------------------------------------------------------- tests

CHAPTERS = chapters()


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_table_of_contents_has_chapters():
    assert len(CHAPTERS) >= 13, [_id(path) for path in CHAPTERS]
    missing = [_id(path) for path in CHAPTERS if not path.is_file()]
    assert not missing, f"_toc.yml names pages that do not exist: {missing}"


@pytest.mark.parametrize("path", CHAPTERS, ids=_id)
def test_every_glued_value_is_shown_and_every_shown_value_is_glued(path):
    problems = glue_problems(read_page(path.read_text(encoding="utf-8")), _id(path))
    assert not problems, f"{_id(path)}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", CHAPTERS, ids=_id)
def test_no_myst_nb_and_the_first_code_cell_only_imports(path):
    problems = plumbing_problems(read_page(path.read_text(encoding="utf-8")), _id(path))
    assert not problems, f"{_id(path)}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", CHAPTERS, ids=_id)
def test_numbers_in_alt_text_and_captions_are_computed_or_approximate(path):
    problems = metadata_number_problems(read_page(path.read_text(encoding="utf-8")), _id(path))
    assert not problems, f"{_id(path)}:\n  " + "\n  ".join(problems)


# ------------------------------------------------------------------------- the checks can fail

SYNTHETIC_PAGE = '''---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# A page with one of each mistake

```{code-cell} ipython3
import numpy as np
from myst_nb import glue

import scaling_lab as sl
```

```{code-cell} ipython3
---
mystnb:
  image:
    alt: A line over 10,000 steps, slope -1.14, falling to a floor at 2.26 nats (Fig. 4, eq. 10, 2020).
  figure:
    caption: Notice the floor, about 2.3 nats, as in Table 3.
---
steps = np.arange(10_000)
sl.glue(slope=-1.14, unread=3.0)
```

The slope is {glue:text}`slope:.2f` and the floor is {glue:text}`floor:.2f`.
'''


def test_the_checks_report_an_unshown_value_a_dangling_reference_and_an_unguarded_number():
    cells = read_page(SYNTHETIC_PAGE)
    glue = glue_problems(cells, "synthetic.md")
    assert glue == ["glued but never shown in the text: unread", "shown in the text but never glued: floor"]
    numbers = metadata_number_problems(cells, "synthetic.md")
    assert len(numbers) == 1 and numbers[0].startswith("cell 2 alt text: '2.26' is typed in"), numbers
    plumbing = plumbing_problems(cells, "synthetic.md")
    assert len(plumbing) == 1 and "imports myst_nb" in plumbing[0]


def test_the_checks_report_non_literal_names_old_calls_and_a_first_cell_that_computes():
    cells = read_page(SYNTHETIC_PAGE.replace("import numpy as np\n", "import numpy as np\nx = 1\n")
                      .replace("sl.glue(slope=-1.14, unread=3.0)",
                               "sl.glue(slope=-1.14, **{'floor': 2.0})\nglue('unread', 3.0, display=False)"))
    glue = glue_problems(cells, "synthetic.md")
    assert any("sl.glue(**{'floor': 2.0}) has no literal names" in problem for problem in glue), glue
    assert any("call sl.glue(name=value), not glue(...)" in problem for problem in glue), glue
    plumbing = plumbing_problems(cells, "synthetic.md")
    assert any("does more than import: line 2, 'x = 1'" in problem for problem in plumbing), plumbing


@pytest.mark.parametrize(("text", "code", "guarded"), [
    ("a floor at 2.26 bits", "", False),
    ("a floor at about 2.3 bits", "", True),
    ("a floor at ≈2.3 bits", "", True),
    ("a floor at ~2.3 bits", "", True),
    ("slope about -0.076", "", True),
    ("fix the slope to about $\\pm 0.02$", "", True),
    ("$1 + R_D^* \\approx 16.4$", "", True),
    ("from about 3.3 to 2.5 bits", "", False),  # each number needs its own "about"
    ("626,155 lbs", "", False),
    ("626,155 lbs", "x = 626_155", True),
    ("ranks 1 to 10,000", "ranks = np.arange(1, 1e4 + 1)", True),
    ("0.00056", "", False),
    ("5.76e23 FLOPs", "", False),
    ("1e22 FLOPs", "", True),  # an order of magnitude: one digit
    ("Kaplan et al. 2020, Fig. 12, eq. 2.2, eqs. B.16, Table 3, Section 4.1", "", True),
    ("Pythia 1.4B and 70M, GPT-3, text-davinci-002", "", True),
    ("a 2.2x larger model", "", False),
    ("a 2.2x larger model", "ax.axvline(2.2)", True),
    ("widths 32, 64 and 256", "widths = (32, 64, 256)", True),
    ("widths 32, 64 and 256", "", False),
])
def test_the_number_rule(text, code, guarded):
    page = SYNTHETIC_PAGE.split("```{code-cell}")[0] + (
        "```{code-cell} ipython3\n---\nmystnb:\n  image:\n    alt: '" + text.replace("'", "''") + "'\n---\n"
        + (code or "pass") + "\n```\n")
    problems = metadata_number_problems(read_page(page), "rule.md")
    assert (not problems) == guarded, problems
