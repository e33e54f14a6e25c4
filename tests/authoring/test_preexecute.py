"""Tests of scaling_lab.authoring.preexecute: the book's notebooks executed in parallel into the build's cache.

On a toy course (a plain page as root, two MyST notebooks): pages nbval recorded are staged and nothing is
executed again (``--expect-cached`` passes); a page changed since it was recorded is executed, and then
``--expect-cached`` fails; a page that raises is reported and fails the run.  The last two start a kernel
(a few seconds).
"""

import nbformat
import pytest

from tests.authoring.conftest import MYST_HEADER

from scaling_lab.authoring.nbtest import read_page
from scaling_lab.authoring.preexecute import main

PAGE = MYST_HEADER + """

# A page

```{code-cell} ipython3
CODE
```
"""


def page(code: str) -> str:
    return PAGE.replace("CODE", code)


@pytest.fixture
def course(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "intro.md").write_text("# Introduction\n")
    (tmp_path / "book" / "one.md").write_text(page("1 + 1"))
    (tmp_path / "book" / "two.md").write_text(page("2 + 2"))
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nchapters:\n"
                                       "  - file: book/one\n  - file: book/two\n")
    return tmp_path


def record_all(course):
    """What nbval's recording plugin leaves for every page: outputs and execution counts."""
    for name in ("one", "two"):
        notebook = read_page(course / "book" / f"{name}.md")
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.execution_count = 1
                cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)]
        (course / "recorded" / "book").mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, course / "recorded" / "book" / f"{name}.ipynb")


def run(course, *extra):
    return main(["--toc", str(course / "_toc.yml"), "--cache", str(course / "cache"), *extra])


def test_recorded_pages_are_staged_and_not_executed_again(course, capsys):
    record_all(course)
    assert run(course, "--recorded", str(course / "recorded"), "--expect-cached") == 0
    out = capsys.readouterr().out
    assert "2 notebooks recorded by nbval put into the cache" in out
    assert "0 executed, 2 cached already, 0 failed" in out


def test_a_page_missing_from_the_recording_is_named(course, capsys):
    record_all(course)
    (course / "recorded" / "book" / "two.ipynb").unlink()
    (course / "book" / "two.md").unlink()
    (course / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nchapters:\n  - file: book/one\n")
    assert run(course, "--recorded", str(course / "recorded"), "--expect-cached") == 0
    assert "1 notebooks recorded by nbval put into the cache" in capsys.readouterr().out


@pytest.mark.slow
def test_a_changed_page_is_executed_and_expect_cached_fails(course, capsys):
    from jupyter_cache import get_cache

    record_all(course)
    (course / "book" / "two.md").write_text(page("3 + 3"))  # changed after nbval ran it
    assert run(course, "--recorded", str(course / "recorded"), "--expect-cached") == 1
    captured = capsys.readouterr()
    assert "1 executed, 1 cached already, 0 failed" in captured.out
    assert "expected every page cached" in captured.err
    _, merged = get_cache(str(course / "cache")).merge_match_into_notebook(read_page(course / "book" / "two.md"))
    [cell] = [c for c in merged.cells if c.cell_type == "code"]
    assert cell.outputs[0]["data"]["text/plain"] == "6"  # executed for real, not the recording


@pytest.mark.slow
def test_a_failing_page_fails_the_run(course, capsys):
    (course / "book" / "two.md").write_text(page("raise RuntimeError('broken page')"))
    assert run(course) == 1
    captured = capsys.readouterr()
    assert "1 executed, 0 cached already, 1 failed" in captured.out
    assert "FAILED" in captured.err and "two.md" in captured.err
