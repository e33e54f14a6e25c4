"""Unit tests of the site's own Sphinx extensions and tools (book/_ext, book/_tools), without building the book.

The built site is checked in tests/site; here the pieces: the lab box's links, the JupyterLite copies of the
student notebooks, the launch (Colab, Binder) targets and their notebooks, the instructor pack, the logo.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]

from scaling_lab.authoring.lab_pages import PYODIDE_KERNELSPEC, add_box, lite_url, stage_lite_contents
from scaling_lab.authoring.launch import LAUNCH_BRANCH, launch_path, launch_urls, write_launch_notebooks
from scaling_lab.authoring.setup_cell import SETUP_TAG, CourseRepository
from scaling_lab.authoring.student import make_student_version

LABS = sorted((ROOT / "labs").glob("*.md"))
REPO = CourseRepository("https://github.com/someone/course", "main")


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    for lab in LABS:
        make_student_version(lab, out, repository=REPO)
    return out


def test_box_links_the_download_and_jupyterlite_relative_to_the_page():
    assert lite_url("labs/lab01_zipf") == "../lite/notebooks/index.html?path=lab01_zipf.ipynb"
    assert lite_url("labs/deeper/lab09_x") == "../../lite/notebooks/index.html?path=lab09_x.ipynb"
    for lab in LABS:
        boxed = add_box(f"labs/{lab.stem}", lab.read_text(encoding="utf-8"))
        assert f'href="{lite_url(f"labs/{lab.stem}")}"' in boxed
        assert f"</_build/student/{lab.stem}.ipynb>" in boxed
        assert "Run in your browser" in boxed


def test_jupyterlite_copies_are_the_student_notebooks_with_the_pyodide_kernel(student_dir, tmp_path):
    (tmp_path / "_build").mkdir()
    (tmp_path / "_build" / "lite_contents").mkdir()
    (tmp_path / "_build" / "lite_contents" / "stale.ipynb").write_text("{}")
    written = stage_lite_contents(tmp_path, student_dir=str(student_dir))
    assert sorted(p.name for p in written) == sorted(f"{lab.stem}.ipynb" for lab in LABS)
    assert not (tmp_path / "_build" / "lite_contents" / "stale.ipynb").exists()
    for path in written:
        lite, student = nbformat.read(path, 4), nbformat.read(student_dir / path.name, 4)
        assert lite.metadata.kernelspec == PYODIDE_KERNELSPEC
        assert [c.source for c in lite.cells] == [c.source for c in student.cells]


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


def test_instructor_pack_has_solutions_student_versions_and_checkers(student_dir, tmp_path):
    from scaling_lab.authoring.instructor_pack import pack
    from tests.test_student import leaks

    import jupytext
    from scaling_lab.checks import registry

    wheel_dir = tmp_path / "wheels"
    wheel_dir.mkdir()
    (wheel_dir / "scaling_lab-0.1.0-py3-none-any.whl").write_bytes(b"wheel")
    out = tmp_path / "pack.zip"
    names = pack(out, student_dir, wheel_dir)
    archive = zipfile.ZipFile(out)
    assert {"README.md", "scaling_lab-0.1.0-py3-none-any.whl", "checks/core.py", "checks/spec.py"} <= set(names)
    for lab in registry.LABS:
        source = jupytext.read(ROOT / "labs" / f"{lab}.md")
        solution = nbformat.reads(archive.read(f"solutions/{lab}.ipynb").decode(), 4)
        student = nbformat.reads(archive.read(f"student/{lab}.ipynb").decode(), 4)
        assert leaks(source, solution), f"{lab}: the solution notebook lacks the solutions"
        assert not leaks(source, student), f"{lab}: the student notebook in the pack has solutions"
        assert archive.read(f"checks/{lab}.py") == (ROOT / "scaling_lab" / "checks" / f"{lab}.py").read_bytes()
        assert f"`{lab}`" in archive.read("README.md").decode()
    (wheel_dir / "scaling_lab-0.1.0-py3-none-any.whl").unlink()
    with pytest.raises(FileNotFoundError, match="wheel"):
        pack(out, student_dir, wheel_dir)


def test_logo_script_draws_both_images(tmp_path):
    from tests.book_files import load_book_module

    main = load_book_module("_tools/draw_logo.py").main

    assert main(["--out", str(tmp_path)]) == 0
    from PIL import Image

    for name, size in (("logo.png", (320, 200)), ("favicon.png", (64, 64))):
        drawn = Image.open(tmp_path / name)
        assert drawn.size == size and drawn.mode == "RGBA"
        assert (ROOT / "book" / "images" / name).is_file(), f"{name} must be committed"
        assert Image.open(ROOT / "book" / "images" / name).size == size
