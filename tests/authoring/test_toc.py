"""Tests of scaling_lab.authoring.toc: the pages of the book read from ``_toc.yml``.

A toy table of contents pins down the walk (root first, then parts, chapters and nested sections in
order); the real one must start at the preface and list every lab.
"""

from pathlib import Path

import pytest

from tests.authoring.conftest import MYST_HEADER

from scaling_lab.authoring.toc import is_notebook, resolve, toc_files

ROOT = Path(__file__).resolve().parents[2]

TOY_TOC = """\
format: jb-book
root: intro
parts:
  - caption: One
    chapters:
      - file: a/first
        sections:
          - file: a/first_detail
          - url: https://example.org
      - file: a/second
  - caption: Two
    chapters:
      - file: b/third
"""

TOC_PAGE = MYST_HEADER + """

# A page
"""


def test_the_walk_is_root_first_then_in_order(tmp_path):
    (tmp_path / "_toc.yml").write_text(TOY_TOC)
    assert toc_files(tmp_path / "_toc.yml") == ["intro", "a/first", "a/first_detail", "a/second", "b/third"]


def test_a_toc_without_parts_lists_its_chapters(tmp_path):
    (tmp_path / "_toc.yml").write_text("root: index\nchapters:\n  - file: one\n  - file: two\n")
    assert toc_files(tmp_path / "_toc.yml") == ["index", "one", "two"]


def test_the_real_toc_starts_at_the_preface_and_lists_every_lab():
    files = toc_files(ROOT / "_toc.yml")
    assert files[0] == "book/preface"
    assert [f for f in files if f.startswith("labs/")] == sorted(f"labs/{p.stem}" for p in (ROOT / "labs").glob("*.md"))
    assert len(files) == len(set(files))


def test_resolve_finds_markdown_or_a_notebook_and_names_a_missing_entry(tmp_path):
    (tmp_path / "page.md").write_text("# x\n")
    (tmp_path / "nb.ipynb").write_text("{}")
    assert resolve(tmp_path, "page") == tmp_path / "page.md"
    assert resolve(tmp_path, "nb") == tmp_path / "nb.ipynb"
    with pytest.raises(FileNotFoundError, match="'gone'"):
        resolve(tmp_path, "gone")


def test_is_notebook_needs_a_jupytext_header_with_a_kernel(tmp_path):
    notebook, plain, no_kernel = tmp_path / "nb.md", tmp_path / "plain.md", tmp_path / "half.md"
    notebook.write_text(TOC_PAGE)
    plain.write_text("# Bibliography\n\n```{bibliography}\n```\n")
    no_kernel.write_text("---\njupytext:\n  formats: md:myst\n---\n# x\n")
    (tmp_path / "x.ipynb").write_text("{}")
    assert is_notebook(notebook) and is_notebook(tmp_path / "x.ipynb")
    assert not is_notebook(plain) and not is_notebook(no_kernel)
    assert is_notebook(ROOT / "book" / "power_laws.md") and not is_notebook(ROOT / "book" / "bibliography.md")
