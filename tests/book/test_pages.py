"""Checks of the pages (``book/*.md`` and ``labs/*.md``) that hold for every chapter and lab.

- Every page is a MyST notebook with the ``python3`` kernel; every lab has solutions and checks.
- A page calls the package through one visible prefix (``import scaling_lab as sl``, then ``sl.<name>``),
  and never defines a function or class that shadows a package name outside an exercise's solution.
- Every lab page gets its student download from one place (the box of scaling_lab.authoring.lab_pages).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scaling_lab.authoring.toc import is_notebook

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("folder", ["book", "labs"])
def test_notebooks_use_the_python3_kernel(folder):
    for path in (ROOT / folder).glob("*.md"):
        if not is_notebook(path):
            continue
        head = path.read_text(encoding="utf-8").split("---")[1]
        assert "format_name: myst" in head, path
        assert re.search(r"^\s+name: python3\s*$", head, re.M), f"{path}: kernel must be python3"


def test_labs_are_notebooks_with_checks():
    labs = sorted((ROOT / "labs").glob("*.md"))
    assert labs, "no labs found"
    for path in labs:
        assert is_notebook(path), path
        text = path.read_text(encoding="utf-8")
        assert "{solution-start}" in text and 'sl.check("' in text, path


# --------------------------------------------------------------------------- how pages call the package
def page_notebooks():
    for folder in ("book", "labs"):
        for path in sorted((ROOT / folder).glob("*.md")):
            if is_notebook(path):
                yield path


def _code(cell) -> str:
    """A code cell's Python, without IPython magics and shell escapes."""
    return "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))


@pytest.mark.parametrize("path", list(page_notebooks()), ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_call_the_package_through_one_visible_prefix(path):
    """One rule for chapters and labs: ``import scaling_lab as sl``, then ``sl.<name>``."""
    import ast

    import jupytext

    notebook = jupytext.read(path)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    imports_sl = False
    for cell in code:
        for node in ast.walk(ast.parse(_code(cell))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("scaling_lab"):
                pytest.fail(f"{path.name}: 'from {node.module} import ...'; write 'import scaling_lab as sl' "
                            "and call sl.<name>")
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("scaling_lab"):
                        assert alias.name == "scaling_lab" and alias.asname == "sl", \
                            f"{path.name}: import scaling_lab as sl (got import {alias.name} as {alias.asname})"
                        imports_sl = True
    if code:
        assert imports_sl, f"{path.name}: has code but never imports scaling_lab as sl"


def _solution_or_placeholder_cells(notebook) -> set[int]:
    """Indices of code cells inside a solution block, or holding a lab's placeholder."""
    allowed, inside = set(), False
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            if "{solution-start}" in cell.source:
                inside = True
            if "{solution-end}" in cell.source:
                inside = False
        elif inside or "# your code" in cell.source:
            allowed.add(index)
    return allowed


@pytest.mark.parametrize("path", list(page_notebooks()), ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_never_redefine_a_package_name_outside_an_exercise(path):
    import ast

    import jupytext

    import scaling_lab

    public = set(scaling_lab.__all__)
    notebook = jupytext.read(path)
    allowed = _solution_or_placeholder_cells(notebook)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or index in allowed:
            continue
        for node in ast.walk(ast.parse(_code(cell))):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in public:
                pytest.fail(f"{path.name} cell {index} defines {node.name}, which scaling_lab already has: "
                            f"call sl.{node.name}")


def test_shadowing_check_can_fail():
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("def fit_power_law(x, y):\n    return 1"),
                      nbformat.v4.new_markdown_cell("```{solution-start} ex\n```"),
                      nbformat.v4.new_code_cell("def fit_zipf_mle(c):\n    return 1"),
                      nbformat.v4.new_markdown_cell("```{solution-end}\n```"),
                      nbformat.v4.new_code_cell("def zipf_pmf(r, s, k):\n    return ...  # your code")]
    assert _solution_or_placeholder_cells(notebook) == {2, 4}  # the first cell would be reported


def test_every_lab_page_gets_the_student_download_from_one_place():
    from scaling_lab.authoring.lab_pages import add_box

    for path in sorted((ROOT / "labs").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert "_build/student" not in text, f"{path.name} types its own download link"
        boxed = add_box(f"labs/{path.stem}", text)
        assert f"</_build/student/{path.stem}.ipynb>" in boxed
        title_end = boxed.index("\n", boxed.index("\n# ")+1)
        assert boxed.index("Work on this lab yourself") > title_end - 1
    assert add_box("book/power_laws", "# Title\ntext") == "# Title\ntext"
    with pytest.raises(ValueError, match="Title"):
        add_box("labs/untitled", "no title here")
