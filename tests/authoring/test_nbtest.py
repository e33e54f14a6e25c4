"""Tests of scaling_lab.authoring.nbtest: the copy of a student notebook that the notebook tests run.

The student notebook's run to the end with every check "not answered yet" happens in the notebook stage of
``make test`` (nbval), on this copy; here, that the copy asks for it (``lab`` is every lab's student
notebook, tests/authoring/conftest.py), and that the pages of a toy table of contents are converted as the
book build reads them, with a record of their sources.
"""

import json

import nbformat
import pytest

from tests.authoring.conftest import MYST_HEADER

from scaling_lab.authoring.nbtest import SOURCES, main, unanswered_test_copy


def test_the_notebook_test_copy_asserts_every_check_is_unanswered(lab, tmp_path):
    # The student notebook's run to the end with every check "not answered yet" happens in the notebook
    # stage of make test (nbval), on this copy.
    path, _, student = lab
    nbformat.write(student, tmp_path / f"{path.stem}.ipynb")
    copy = unanswered_test_copy(tmp_path / f"{path.stem}.ipynb")
    assert copy.cells[-1].source.endswith(f'sl.require_unanswered("{path.stem}")')
    assert len(copy.cells) == len(student.cells) + 1


# --------------------------------------------------------------------------- the conversion of the toc's pages
PAGE = MYST_HEADER + """

# A page

```{code-cell} ipython3
:tags: [remove-cell]
x = 1 + 1
```
"""


def toy_course(root):
    (root / "book").mkdir()
    (root / "book" / "page.md").write_text(PAGE)
    (root / "book" / "refs.md").write_text("# References\n")  # plain markdown: nothing to execute
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/refs\nchapters:\n  - file: book/page\n")
    return root / "_toc.yml"


def test_main_converts_every_notebook_of_the_toc_and_records_its_source(tmp_path, capsys):
    toc = toy_course(tmp_path)
    assert main(["--toc", str(toc), "--out", str(tmp_path / "out")]) == 0
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.ipynb")) == [
        "book/page.ipynb"]
    notebook = nbformat.read(tmp_path / "out" / "book" / "page.ipynb", 4)
    [cell] = [c for c in notebook.cells if c.cell_type == "code"]
    assert cell.source == "x = 1 + 1" and cell.metadata["tags"] == ["remove-cell"]  # read as the build reads it
    assert json.loads((tmp_path / "out" / SOURCES).read_text()) == {"book/page": str(tmp_path / "book" / "page.md")}
    assert "wrote 1 notebooks" in capsys.readouterr().out


def test_main_adds_the_student_copies(tmp_path):
    toc = toy_course(tmp_path)
    student = tmp_path / "student"
    student.mkdir()
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("answer = ...  # your code")]
    nbformat.write(notebook, student / "lab99_toy.ipynb")
    assert main(["--toc", str(toc), "--out", str(tmp_path / "out"), "--student", str(student)]) == 0
    copy = nbformat.read(tmp_path / "out" / "student" / "lab99_toy.ipynb", 4)
    assert copy.cells[-1].source.endswith('sl.require_unanswered("lab99_toy")')


def test_main_fails_without_notebooks_or_students_and_on_a_missing_page(tmp_path, capsys):
    (tmp_path / "refs.md").write_text("# References\n")
    (tmp_path / "_toc.yml").write_text("root: refs\n")
    assert main(["--toc", str(tmp_path / "_toc.yml"), "--out", str(tmp_path / "out")]) == 1
    assert "no notebooks found" in capsys.readouterr().err
    course = tmp_path / "course"
    course.mkdir()
    toc = toy_course(course)
    (tmp_path / "empty").mkdir()
    assert main(["--toc", str(toc), "--out", str(tmp_path / "out2"), "--student", str(tmp_path / "empty")]) == 1
    assert "no student notebooks" in capsys.readouterr().err
    toc.write_text("root: book/page\nchapters:\n  - file: book/gone\n")
    with pytest.raises(FileNotFoundError, match="book/gone"):
        main(["--toc", str(toc), "--out", str(tmp_path / "out3")])
