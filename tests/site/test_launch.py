"""The notebooks behind the Colab and Binder buttons, as the book build wrote them (``_build/launch``).

Colab and Binder show markdown as CommonMark and have no ``myst_nb``: a chapter's launch notebook must contain
no MyST markup, show the numbers the build computed, and run to the end where ``myst_nb`` cannot be imported.
"""

from __future__ import annotations

import re
import time

import nbformat
import pytest
from tests.site.conftest import BOOK_ROOT, toc_pages

from scaling_lab.authoring.myst import _ROLE_OR_CODE

LAUNCH = BOOK_ROOT / "_build" / "launch"
#: A role, as in {cite:p}`key`.
ROLE = re.compile(r"\{[A-Za-z][\w:.-]*\}`")
#: A directive's fence (```{exercise}, :::{note}) or a label line ((name)=).
BLOCK_MARKUP = re.compile(r"^[ \t]*(?:`{3,}|:{3,})\s*\{|^\([\w.:-]+\)=\s*$", re.M)


def chapters() -> list[str]:
    return [page for page in toc_pages() if page.startswith("book/") and (LAUNCH / f"{page}.ipynb").is_file()]


def markdown_of(notebook) -> str:
    return "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def leftover_markup(text: str) -> list[str]:
    """MyST markup in a markdown text; roles quoted in code spans (read as the student build reads them) are fine."""
    outside_code = _ROLE_OR_CODE.sub(lambda m: "`code`" if m.group("code") is not None else m.group(0), text)
    return BLOCK_MARKUP.findall(text) + ROLE.findall(outside_code)


def test_every_chapter_has_a_launch_notebook():
    listed = [page for page in toc_pages() if page.startswith("book/") and page not in ("book/preface", "book/bibliography")]
    assert listed and chapters() == listed


@pytest.mark.parametrize("chapter", chapters())
def test_a_chapter_notebook_has_no_myst_markup_and_no_bare_myst_nb_import(chapter):
    page = chapter
    notebook = nbformat.read(LAUNCH / f"{page}.ipynb", 4)
    leftover = leftover_markup(markdown_of(notebook))
    assert not leftover, f"{page}: MyST markup left for Colab to show raw: {leftover[:5]}"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not re.search(r"^(from|import) myst_nb", cell.source, re.M), f"{page}: unguarded myst_nb import"


def test_the_markup_check_can_fail():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "(label)=\nA {cite:p}`kaplan2020scaling`, but not `{cite:p}` in code.\n\n```{exercise} X\nbody\n```")])
    assert leftover_markup(markdown_of(notebook)) == ["(label)=", "```{", "{cite:p}`"]


def test_a_chapter_shows_the_numbers_the_build_computed():
    """The design-cost ratio of book/why_scaling_laws.md: the built page and the launch notebook print the same number."""
    html = (BOOK_ROOT / "_build" / "html" / "book" / "why_scaling_laws.html").read_text(encoding="utf-8")
    pasted = re.findall(r'<span class="pasted-text">([^<]+)</span>', html)
    assert pasted, "no glued value on the built page"
    markdown = markdown_of(nbformat.read(LAUNCH / "book" / "why_scaling_laws.ipynb", 4))
    missing = [value for value in pasted if value not in markdown]
    assert not missing, f"values on the page but not in the launch notebook: {missing}"


def test_a_chapter_runs_to_the_end_without_myst_nb():
    """Execute the launch notebook of book/three_approaches.md in a kernel where ``import myst_nb`` fails (as in Colab).

    A chapter that glues numbers into its text and draws figures, and one of the quicker ones to run
    (about 12 s): every chapter already runs under nbval, so one suffices here."""
    from nbclient import NotebookClient

    from scaling_lab.authoring.kernels import ipc_kernel_manager

    notebook = nbformat.read(LAUNCH / "book" / "three_approaches.ipynb", 4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(
        "import sys\nsys.modules['myst_nb'] = None  # as in Colab: importing myst_nb raises ImportError"))
    start = time.perf_counter()
    # Unix sockets, not TCP ports: this kernel starts beside the unit tests (scaling_lab/authoring/kernels.py).
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(LAUNCH)}},
                   kernel_manager_class=ipc_kernel_manager(asynchronous=True)).execute()
    errors = [output for cell in notebook.cells for output in cell.get("outputs", [])
              if output.get("output_type") == "error"]
    assert not errors, errors
    print(f"three_approaches launch notebook ran in {time.perf_counter() - start:.1f} s without myst_nb")
