"""Tests of scaling_lab.authoring.student: one lab source -> the student notebook.

A small synthetic lab pins down the rules; every real lab (``labs/*.md``) is checked for structure (no solution
code left, placeholders and checks kept). Executing the student notebook end to end belongs to the notebook
tests (nbval), but one cheap in-process run of its code cells is done here too.
"""

import matplotlib

matplotlib.use("Agg")

import textwrap
from pathlib import Path

import jupytext
import nbformat
import pytest

from scaling_lab.authoring.student import (
    LabStructureError, SolutionMarkupError, check_lab_structure, lab_structure, main, make_student_version,
    strip_solutions,
)

ROOT = Path(__file__).resolve().parents[2]
LAB_FILES = sorted((ROOT / "labs").glob("*.md"))

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
    sl.check("ex-add", total)
    ```

    ```{code-cell} ipython3
    :tags: [remove-cell, solution-only]

    assert total == 2  # SECRET ASSERT
    ```

    ```{code-cell} ipython3
    :tags: [remove-cell]

    kept_hidden = True
    ```

    ```{code-cell} ipython3
    :tags: [remove-cell, keep-in-student]

    kept_for_students = True
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
    assert 'sl.check("ex-add", total)' in text
    assert "Text after the solution stays." in text
    assert "kept_hidden" not in text  # a hidden (remove-cell) cell is not the students' to see
    assert "kept_for_students = True" in text  # unless it is tagged keep-in-student
    assert "jupytext" not in nb.metadata


def test_instructor_only_cells_never_reach_students(tiny):
    """A cell tagged instructor-only is removed even when it is also tagged keep-in-student (Lab 6's reveal)."""
    nb = jupytext.read(tiny)
    for tags in (["instructor-only"], ["remove-cell", "keep-in-student", "instructor-only"]):
        cell = nbformat.v4.new_code_cell("truth = api.reveal()  # INSTRUCTOR REVEAL")
        cell.metadata["tags"] = tags
        nb.cells.append(cell)
    note = nbformat.v4.new_markdown_cell("For the instructor: INSTRUCTOR NOTE")
    note.metadata["tags"] = ["instructor-only"]
    nb.cells.append(note)
    text = _all_source(strip_solutions(nb))
    assert "INSTRUCTOR" not in text and "reveal(" not in text
    assert "kept_for_students = True" in text  # keep-in-student alone still keeps a cell


def test_tiny_lab_markdown_is_plain(tiny, tmp_path):
    nb = nbformat.read(make_student_version(tiny, tmp_path), as_version=4)
    first = nb.cells[1].source  # cells[0] is the setup cell
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
    assert sources == ["Before.", "After.", "Inline:\nTail."]


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


def test_single_solution_directive_is_removed():
    # Regression: the single-directive {solution} form was passed through, so its text reached students.
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("```{exercise} X\n:label: ex-x\n\nDo it.\n```"),
        nbformat.v4.new_markdown_cell("Before.\n\n```{solution} ex-x\n:class: dropdown\n\nSECRET ANSWER\n```\n\nAfter."),
        nbformat.v4.new_markdown_cell(":::{solution} ex-x\nSECRET TOO\n:::"),
    ]
    student = strip_solutions(nb)
    text = "\n".join(c.source for c in student.cells)
    assert "SECRET" not in text and "{solution" not in text
    assert [c.source for c in student.cells] == ["**Exercise: X**\n\nDo it.", "Before.\n\nAfter."]
    assert student.cells[0].metadata["scaling_lab"]["exercises"] == ["ex-x"]


def test_gated_exercise_directives_become_a_heading():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("```{exercise-start} Gated\n:label: ex-g\n```\n\nText of it."),
        nbformat.v4.new_code_cell("x = ...  # your code"),
        nbformat.v4.new_markdown_cell("```{exercise-end}\n```"),
    ]
    student = strip_solutions(nb)
    assert student.cells[0].source == "**Exercise: Gated**\n\nText of it."
    assert len(student.cells) == 2  # the exercise-end cell has nothing left


def test_structure_needs_one_placeholder_then_one_check():
    def notebook(*cells):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("```{exercise} E\n:label: ex-a\n\nDo.\n```"), *cells]
        return strip_solutions(nb)

    good = notebook(nbformat.v4.new_code_cell("a = ...  # your code"), nbformat.v4.new_code_cell('sl.check("ex-a", a)'))
    check_lab_structure(good)
    assert lab_structure(good) == {"ex-a": {"placeholders": [1], "checks": [2]}}
    with pytest.raises(LabStructureError, match="0 check"):
        check_lab_structure(notebook(nbformat.v4.new_code_cell("a = ...  # your code")))
    with pytest.raises(LabStructureError, match="0 placeholder"):
        check_lab_structure(notebook(nbformat.v4.new_code_cell('sl.check("ex-a", a)')))
    with pytest.raises(LabStructureError, match="2 placeholder"):
        check_lab_structure(notebook(nbformat.v4.new_code_cell("a = ...  # your code"),
                                     nbformat.v4.new_code_cell("b = ...  # your code"),
                                     nbformat.v4.new_code_cell('sl.check("ex-a", a)')))


def test_missing_source_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="source"):
        make_student_version(tmp_path / "nope.md", tmp_path)


def test_cli(tiny, tmp_path, capsys):
    assert main([str(tiny), "-o", str(tmp_path / "cli")]) == 0
    assert (tmp_path / "cli" / "tiny_lab.ipynb").exists()
    assert "wrote" in capsys.readouterr().out
    assert main([str(tmp_path / "missing.md"), "-o", str(tmp_path)]) == 1


# --------------------------------------------------------------------------- every real lab
def _solution_parts(notebook):
    """The cells of a lab source split into (inside a solution or solution-only, outside), as sources."""
    inside, outside = [], []
    in_solution = False
    for cell in notebook.cells:
        source = cell.source
        tags = cell.get("metadata", {}).get("tags", [])
        starts, ends = source.count("{solution-start}"), source.count("{solution-end}")
        secret = in_solution or starts or "{solution}" in source or "solution-only" in tags
        (inside if secret else outside).append((cell.cell_type, source))
        in_solution = (in_solution or starts > 0) and not ends
    return inside, outside


def _statements(code: str) -> set[str]:
    """Every statement of a code cell (nested ones too), as an AST dump: formatting does not matter."""
    import ast

    code = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    return {ast.dump(node) for node in ast.walk(tree) if isinstance(node, ast.stmt)}


def _word_windows(text: str, size: int = 6) -> set[tuple[str, ...]]:
    import re

    words = re.findall(r"[A-Za-z0-9_]+", text.lower())
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def secret_parts(notebook):
    """What must never reach students: statements and 6-word runs of prose found only inside solutions."""
    inside, outside = _solution_parts(notebook)
    outside_code = set().union(*(_statements(s) for kind, s in outside if kind == "code"))
    outside_text = set().union(*(_word_windows(s) for _, s in outside))
    code = set().union(*(_statements(s) for kind, s in inside if kind == "code")) - outside_code
    prose = set().union(*(_word_windows(s) for kind, s in inside if kind == "markdown")) - outside_text
    return code, prose


def leaks(source_notebook, student_notebook) -> list[str]:
    """Solution statements and solution prose found in a student notebook (empty when none leaked)."""
    code, prose = secret_parts(source_notebook)
    student_code = set().union(*(_statements(c.source) for c in student_notebook.cells if c.cell_type == "code"))
    student_text = set().union(*(_word_windows(c.source) for c in student_notebook.cells))
    return sorted(code & student_code)[:3] + [" ".join(w) for w in sorted(prose & student_text)[:3]]


def test_leak_detector_finds_short_lines_and_reworded_markup(tiny):
    """The detector itself: a one-token solution statement or a sentence from a solution is caught."""
    source = jupytext.read(tiny)
    student = strip_solutions(source)
    assert leaks(source, student) == []
    code, prose = secret_parts(source)
    assert code and prose
    leaked = copy_with_cell(student, nbformat.v4.new_code_cell("total=1+1"))  # no spaces, no comment
    assert leaks(source, leaked), "a reformatted solution statement was not caught"
    leaked = copy_with_cell(student, nbformat.v4.new_markdown_cell("We said: secret explanation."))
    assert not leaks(source, leaked), "two words are not a leak"
    explanation = next(c for c in source.cells if "SECRET EXPLANATION" in c.source)
    explanation.source = explanation.source.replace(
        "SECRET EXPLANATION", "The total is found by adding one and one together here.")
    leaked = copy_with_cell(strip_solutions(source), nbformat.v4.new_markdown_cell(
        "*the TOTAL is found by adding one and one* together"))
    assert leaks(source, leaked), "a sentence from a solution was not caught"


def copy_with_cell(notebook, cell):
    import copy

    out = copy.deepcopy(notebook)
    out.cells.append(cell)
    return out


def test_nothing_from_inside_a_solution_survives(lab):
    path, source, student = lab
    code, prose = secret_parts(source)
    assert code, f"{path.name}: found no solution code to check"
    found = leaks(source, student)
    assert not found, f"{path.name}: solution text in the student notebook: {found}"
    assert not any(tag in c.metadata.get("tags", []) for c in student.cells for tag in ("solution-only", "remove-cell"))


def test_every_registered_lab_has_a_source_and_is_checked_here():
    from scaling_lab.checks import registry

    assert sorted(path.stem for path in LAB_FILES) == sorted(registry.LABS)


def test_one_placeholder_and_one_check_per_exercise(lab):
    path, _, student = lab
    from scaling_lab.checks import registry

    layout = lab_structure(student)
    assert sorted(layout) == sorted(registry.LABS[path.stem].EXERCISES)
    for label, parts in layout.items():
        assert len(parts["placeholders"]) == 1 and len(parts["checks"]) == 1, (label, parts)
    nbformat.validate(student)
    assert "jupytext" not in student.metadata
    assert all(c.outputs == [] for c in student.cells if c.cell_type == "code")
