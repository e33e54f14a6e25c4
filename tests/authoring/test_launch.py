"""Tests of scaling_lab.authoring.launch: the notebooks behind the Colab and Binder buttons, and their URLs.

Labs become student notebooks (``student_dir``, tests/authoring/conftest.py), chapters plain notebooks
rendered with the values the build computed; every one starts with the setup cell.  ``REPO`` is the fork
the student notebooks of the fixture were built for.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

from scaling_lab.authoring.launch import LAUNCH_BRANCH, launch_path, launch_urls, write_launch_notebooks
from scaling_lab.authoring.setup_cell import SETUP_TAG, CourseRepository

ROOT = Path(__file__).resolve().parents[2]
LABS = sorted((ROOT / "labs").glob("*.md"))
REPO = CourseRepository("https://github.com/someone/course", "main")


def test_launch_urls_open_the_launch_branch():
    urls = launch_urls("https://github.com/someone/course/", "labs/lab01_zipf")
    assert urls["Colab"] == ("https://colab.research.google.com/github/someone/course/blob/"
                             f"{LAUNCH_BRANCH}/labs/lab01_zipf.ipynb")
    assert urls["Binder"] == (f"https://mybinder.org/v2/gh/someone/course/{LAUNCH_BRANCH}"
                              "?urlpath=lab/tree/labs/lab01_zipf.ipynb")


CHAPTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

(toy-chapter)=
# A toy chapter

```{code-cell} ipython3
import numpy as np

import scaling_lab as sl
sl.glue(slope=-1.00012)
```

The slope is {glue:text}`slope:.2f` {cite:p}`zipf1949human`; see {ref}`the power laws <power-laws>` and the
{term}`scaling laws <scaling law>`.

```{exercise} Why minus one?
:label: toy-exercise

Explain the slope.
```

```{solution} toy-exercise
:class: dropdown

Because $E[(\\hat\\mu - \\mu)^2] = \\sigma^2/n$.
```

```{glossary}
:sorted:

scaling law
power law
  A straight line on log–log axes.
```
"""

BIB = "@book{zipf1949human,\n  author = {Zipf, George Kingsley},\n  year = {1949},\n}\n"
TOY_GLUE = {"slope": {"data": {"text/plain": "-1.00012"}, "metadata": {}, "output_type": "display_data"}}


def _toy_course(root, student_dir, glue=True):
    (root / "_build" / "student").mkdir(parents=True)
    for path in student_dir.glob("*.ipynb"):
        (root / "_build" / "student" / path.name).write_bytes(path.read_bytes())
    (root / "book").mkdir()
    (root / "book" / "toy.md").write_text(CHAPTER, encoding="utf-8")
    (root / "book" / "references.bib").write_text(BIB, encoding="utf-8")
    if glue:
        (root / "_build" / "jupyter_execute" / "book").mkdir(parents=True)
        (root / "_build" / "jupyter_execute" / "book" / "toy.glue.json").write_text(json.dumps(TOY_GLUE))
    return ["book/toy"] + [f"labs/{lab.stem}" for lab in LABS]


def test_launch_notebooks_exist_for_every_page_and_start_with_the_setup_cell(student_dir, tmp_path):
    root = tmp_path / "course"
    docnames = _toy_course(root, student_dir)
    write_launch_notebooks(root, docnames, REPO)
    out = root / "_build" / "launch"
    for docname in docnames:
        notebook = nbformat.read(out / launch_path(docname), 4)
        assert SETUP_TAG in notebook.cells[0].metadata.get("tags", []), docname
        assert "jupytext" not in notebook.metadata
    assert (out / "requirements.txt").read_text().strip() == REPO.pip_requirement
    assert json.loads((out / "index.json").read_text()) == sorted(launch_path(d) for d in docnames)
    with pytest.raises(FileNotFoundError, match="make student"):
        write_launch_notebooks(root, ["labs/lab99_missing"], REPO)


def test_a_chapter_opens_in_plain_jupyter_rendered_with_the_values_the_build_computed(student_dir, tmp_path,
                                                                                   monkeypatch):
    """Colab and Binder have neither MyST nor myst_nb: the chapter's notebook must need neither."""
    root = tmp_path / "course"
    _toy_course(root, student_dir)
    write_launch_notebooks(root, ["book/toy"], REPO)
    notebook = nbformat.read(root / "_build" / "launch" / "book" / "toy.ipynb", 4)
    markdown = "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    code = "\n\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert "The slope is -1.00 (Zipf 1949); see the power laws and the\nscaling laws." in markdown
    assert "**Exercise: Why minus one?**\n\nExplain the slope." in markdown
    assert "**Solution**\n\nBecause $E[" in markdown
    assert "**scaling law**, **power law**. A straight line on log–log axes." in markdown
    assert "{" + "glue" not in markdown and "```" not in markdown and "(toy-chapter)=" not in markdown
    # The code is the page's own: no myst_nb import to patch, and sl.glue records nothing without myst_nb.
    assert "myst_nb" not in code and "sl.glue(slope=-1.00012)" in code
    monkeypatch.setitem(sys.modules, "myst_nb", None)  # None in sys.modules: importing myst_nb raises ImportError
    [cell] = [c.source for c in notebook.cells if "sl.glue" in c.source]
    namespace: dict = {}
    exec(compile(cell, "toy", "exec"), namespace)
    assert namespace["sl"].glue(slope=-1.0) is None


def test_a_chapter_whose_values_were_not_computed_is_refused(student_dir, tmp_path):
    root = tmp_path / "course"
    _toy_course(root, student_dir, glue=False)
    with pytest.raises(KeyError, match="slope:.2f"):
        write_launch_notebooks(root, ["book/toy"], REPO)
