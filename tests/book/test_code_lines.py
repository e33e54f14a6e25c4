"""Code a reader sees fits the column: every line of a shown code cell of every chapter and lab is at most
:data:`LIMIT` characters.

The reading column (688 px at the site tests' 1280x900) holds about 90 characters of the theme's code font;
longer lines needed horizontal scrolling (up to 1,237 px before). Cells whose input the page removes
(``remove-cell``, ``remove-input``) are not shown and are not checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book.test_pages import ROOT, page_notebooks

LIMIT = 90
HIDDEN = {"remove-cell", "remove-input"}


def long_lines(path: Path, limit: int = LIMIT) -> list[str]:
    """``"cell N, line M (L chars): ..."`` for every shown code line longer than ``limit``."""
    import jupytext

    found = []
    for number, cell in enumerate(jupytext.read(path).cells, start=1):
        if cell.cell_type != "code" or HIDDEN & set(cell.metadata.get("tags", [])):
            continue
        for line_number, line in enumerate(cell.source.splitlines(), start=1):
            if len(line) > limit:
                found.append(f"cell {number}, line {line_number} ({len(line)} chars): {line.strip()[:60]}")
    return found


def _page_param(path: Path):
    return pytest.param(path, id=str(path.relative_to(ROOT)))


@pytest.mark.parametrize("path", [_page_param(path) for path in page_notebooks()])
def test_shown_code_lines_fit_the_column(path):
    found = long_lines(path)
    assert not found, f"{path.name}: wrap these code lines under {LIMIT} characters:\n" + "\n".join(found)


def test_the_check_sees_long_lines_and_skips_hidden_cells(tmp_path):
    import jupytext
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    page = tmp_path / "page.md"
    shown = new_code_cell("x = 1\ny = '" + "a" * 100 + "'")
    hidden = new_code_cell("z = '" + "b" * 100 + "'", metadata={"tags": ["remove-cell"]})
    notebook = new_notebook(cells=[new_markdown_cell("# A page"), shown, hidden],
                            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    jupytext.write(notebook, page, fmt="md:myst")
    found = long_lines(page)
    assert len(found) == 1 and found[0].startswith("cell 2, line 2 (106 chars)"), found
