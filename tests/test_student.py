"""Tests of scaling_lab.student: one lab source -> the student notebook.

A small synthetic lab pins down the rules; the real Lab 1 is checked for structure (no solution code
left, placeholders and checks kept). Executing the student notebook end to end belongs to the notebook
tests (nbval), but one cheap in-process run of its code cells is done here too.
"""

import contextlib
import io
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import jupytext  # noqa: E402
import nbformat  # noqa: E402
import pytest  # noqa: E402

from scaling_lab.student import (  # noqa: E402
    SolutionMarkupError,
    main,
    make_student_version,
    plain_markdown,
    strip_solutions,
)

LAB1_SOURCE = Path(__file__).resolve().parents[1] / "labs" / "lab01_zipf.md"

LAB = textwrap.dedent(
    '''\
    ---
    jupytext:
      text_representation:
        extension: .md
        format_name: myst
    kernelspec:
      display_name: Python 3
      language: python
      name: python3
    ---

    (tiny-lab)=
    # Tiny lab

    ```{exercise} Add
    :label: ex-add

    Put 1 + 1 in `total`.
    ```

    ```{code-cell} ipython3
    total = ...  # your code
    ```

    ```{solution-start} ex-add
    :class: dropdown
    ```

    SECRET EXPLANATION

    ```{code-cell} ipython3
    total = 1 + 1  # SECRET CODE
    ```

    ```{solution-end}
    ```

    Text after the solution stays.

    ```{code-cell} ipython3
    print("check", total)
    ```

    ```{code-cell} ipython3
    :tags: [remove-cell, solution-only]

    assert total == 2  # SECRET ASSERT
    ```

    ```{code-cell} ipython3
    :tags: [remove-cell]

    kept_hidden = True
    ```
    '''
)


@pytest.fixture()
def tiny(tmp_path):
    path = tmp_path / "tiny_lab.md"
    path.write_text(LAB, encoding="utf-8")
    return path


def _all_source(nb):
    return "\n".join(c.source for c in nb.cells)


def test_tiny_lab_solutions_removed(tiny, tmp_path):
    out = make_student_version(tiny, tmp_path / "student")
    assert out == tmp_path / "student" / "tiny_lab.ipynb"
    nb = nbformat.read(out, as_version=4)
    text = _all_source(nb)
    assert "SECRET" not in text
    assert "solution-start" not in text and "solution-end" not in text
    assert "total = ...  # your code" in text
    assert 'print("check", total)' in text
    assert "Text after the solution stays." in text
    assert "kept_hidden = True" in text  # remove-cell without solution-only is kept
    assert "jupytext" not in nb.metadata


def test_tiny_lab_markdown_is_plain(tiny, tmp_path):
    nb = nbformat.read(make_student_version(tiny, tmp_path), as_version=4)
    first = nb.cells[0].source
    assert first.startswith("# Tiny lab")  # the (tiny-lab)= label line is gone
    assert "**Exercise: Add**" in first and "Put 1 + 1" in first and "{exercise}" not in first


def test_outputs_cleared(tiny):
    nb = jupytext.read(tiny)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", text="old output")]
            cell.execution_count = 7
    student = strip_solutions(nb)
    code = [c for c in student.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    # the input notebook is not modified
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_explicit_ipynb_destination(tiny, tmp_path):
    out = make_student_version(tiny, tmp_path / "deep" / "named.ipynb")
    assert out.name == "named.ipynb" and out.exists()


def test_text_around_directives_in_one_cell_is_kept():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("Before.\n\n```{solution-start} ex\n:class: dropdown\n```\n\nhidden"),
        nbformat.v4.new_code_cell("x = 1  # SECRET"),
        nbformat.v4.new_markdown_cell("more hidden\n\n```{solution-end}\n```\n\nAfter."),
        nbformat.v4.new_markdown_cell("Inline:\n:::{solution-start} ex2\n:::\nhidden too\n:::{solution-end}\n:::\nTail."),
    ]
    sources = [c.source for c in strip_solutions(nb).cells]
    assert sources == ["Before.", "After.", "Inline:\n\nTail."]


@pytest.mark.parametrize(
    "cells, match",
    [
        (["```{solution-start} a\n```", "no end"], "never closed"),
        (["```{solution-end}\n```"], "without a"),
        (["```{solution-start} a\n```", "```{solution-start} b\n```"], "inside an open"),
    ],
)
def test_bad_markup_raises(cells, match):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(c) for c in cells]
    with pytest.raises(SolutionMarkupError, match=match):
        strip_solutions(nb)


def test_code_cells_are_never_parsed_as_markup():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('s = "```{solution-start} x"')]
    assert len(strip_solutions(nb).cells) == 1


def test_plain_markdown_roles():
    assert plain_markdown("see {ref}`Lab 1 <lab01-zipf>`.") == "see Lab 1."
    assert plain_markdown("get {download}`the notebook </_build/x.ipynb>`") == "get the notebook"
    assert plain_markdown("see {ref}`power-laws`") == "see `power-laws`"
    assert plain_markdown("$x^{-s}$ and `code`") == "$x^{-s}$ and `code`"


def test_missing_source_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="source"):
        make_student_version(tmp_path / "nope.md", tmp_path)


def test_cli(tiny, tmp_path, capsys):
    assert main([str(tiny), "-o", str(tmp_path / "cli")]) == 0
    assert (tmp_path / "cli" / "tiny_lab.ipynb").exists()
    assert "wrote" in capsys.readouterr().out
    assert main([str(tmp_path / "missing.md"), "-o", str(tmp_path)]) == 1


# --------------------------------------------------------------------------- the real Lab 1
@pytest.fixture(scope="module")
def lab1(tmp_path_factory):
    out = make_student_version(LAB1_SOURCE, tmp_path_factory.mktemp("student"))
    return nbformat.read(out, as_version=4)


def test_lab1_structure(lab1):
    source_nb = jupytext.read(LAB1_SOURCE)
    code = [c.source for c in lab1.cells if c.cell_type == "code"]
    text = _all_source(lab1)
    placeholders = [c for c in code if "= ...  # your code" in c or c.rstrip().endswith("...  # your code")]
    checks = [c for c in code if c.startswith("check_lab1_")]
    assert len(placeholders) == 5 and len(checks) == 5
    assert "solution-start" not in text and "solution-end" not in text
    assert not any("solution-only" in c.metadata.get("tags", []) for c in lab1.cells)
    # every solution line of the source (code inside a solution) is gone
    for solution_line in ["top10_share = frequencies[:10].sum()", "mle_exponent = mle_fit.exponent",
                          "normaliser = np.sum("]:
        assert solution_line in _all_source(source_nb)
        assert solution_line not in text
    nbformat.validate(lab1)


def test_lab1_student_runs_and_says_not_answered(lab1):
    # Run the code cells in-process (no kernel): each check must say "not answered yet".
    namespace = {}
    verdicts = []
    for cell in lab1.cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines() if not line.startswith("%"))
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(source, "<lab1>", "exec"), namespace)
        if cell.source.startswith("check_lab1_"):
            verdicts.append(eval(cell.source, namespace))
    assert len(verdicts) == 5
    assert all(v.status == "unanswered" for v in verdicts)
