"""Tests of scaling_lab.authoring.grade (``make grade``): a class of synthetic submissions, graded.

The submissions are made at test time from one real lab: its student notebook as handed out (built from
``labs/<lab>.md`` by the student build), with placeholders filled from the lab's own solutions (correct),
from its checkers' first typical mistake (wrong), or broken on purpose. The grader runs them all in one
call, and every verdict, the CSV and the figure are checked.
"""

from __future__ import annotations

import csv
import inspect
import re
import textwrap
from pathlib import Path

import jupytext
import nbformat
import numpy as np
import pytest

from scaling_lab.authoring.grade import VERDICTS, decode, grade_folder, identify_lab, lab_reference
from scaling_lab.authoring.grade_runner import NETWORK_REFUSED, encode
from scaling_lab.authoring.student import lab_structure, make_student_version
from scaling_lab.checks import registry
from scaling_lab.checks.spec import ChoiceExercise, FunctionExercise
from tests.authoring.conftest import REPO, tcp_listener

ROOT = Path(__file__).resolve().parents[2]
#: A lab whose solution runs in about a second (Lab 1 takes eight: its p-value is a bootstrap).
LAB = "lab08_users"
LABELS = list(registry.LABS[LAB].EXERCISES)
#: Short limits keep the test fast. The cell limit is CPU time (no cell of the lab needs 1 s); the
#: whole-notebook limit is wall-clock time, with room for a loaded machine.
CELL_TIMEOUT = 3.0
TIMEOUT = 180.0


# ------------------------------------------------------------------------------- the submissions
def solutions(source) -> dict[str, str]:
    """The code of each exercise's solution in the lab's source notebook, by label."""
    found, label = {}, None
    for cell in source.cells:
        if cell.cell_type == "markdown":
            opened = re.search(r"\{solution-start\}\s+(\S+)", cell.source)
            label = opened.group(1) if opened else label
            if "{solution-end}" in cell.source:
                label = None
        elif label is not None and cell.cell_type == "code":
            found[label] = found.get(label, "") + cell.source + "\n"
    return found


def mistake(label: str, variable: str) -> tuple[str, str | None]:
    """Code making the checker's first typical mistake for ``label``, and the hint it should get."""
    spec = registry.EXERCISES[label]
    mistakes = spec.mistake_list()
    if not mistakes:                      # no typical mistake listed: any wrong value, the generic hint
        wrong = "def {0}(*args):\n    return -1.0\n" if isinstance(spec, FunctionExercise) else "{0} = -1.0\n"
        return wrong.format(variable), spec.hint if not isinstance(spec, FunctionExercise) else None
    first = mistakes[0]
    if isinstance(spec, ChoiceExercise):
        return f"{variable} = {first.value!r}\n", first.hint
    if not isinstance(spec, FunctionExercise):
        return f"{variable} = np.array({np.asarray(first.value, dtype=float).tolist()!r})\n", first.hint
    try:
        code = textwrap.dedent(inspect.getsource(first.value))
    except (OSError, TypeError):
        code = ""
    if not code.startswith("def ") or first.value.__closure__:  # a lambda, no source, a closure: any wrong one
        return f"def {variable}(*args):\n    return -1.0\n", None
    return code + f"\n{variable} = {first.value.__name__}\n", first.hint


def with_cells(notebook, replace=None, delete=(), insert_after=None):
    """A copy of ``notebook`` with cells replaced ({index: code}), deleted, or inserted ({index: code})."""
    out = nbformat.from_dict(nbformat.reads(nbformat.writes(notebook), 4))
    for index, code in (replace or {}).items():
        out.cells[index].source = code
    for index, code in sorted((insert_after or {}).items(), reverse=True):
        out.cells.insert(index + 1, nbformat.v4.new_code_cell(code))
    out.cells = [cell for i, cell in enumerate(out.cells) if i not in set(delete)]
    return out


@pytest.fixture(scope="module")
def handed_out(tmp_path_factory):
    return nbformat.read(make_student_version(ROOT / "labs" / f"{LAB}.md", tmp_path_factory.mktemp("lab"),
                                              repository=REPO), 4)


@pytest.fixture(scope="module")
def listening():
    """A server on 127.0.0.1 that a submission tries to reach: (port, connections it accepted)."""
    with tcp_listener() as listening:
        yield listening


def class_notebooks(handed_out, port, expressions):
    """The synthetic submissions, and what each should get: {name: (notebook, {label: (verdict, hint text)})}."""
    source = jupytext.read(ROOT / "labs" / f"{LAB}.md")
    answer = solutions(source)
    structure = lab_structure(handed_out)
    placeholder = {label: structure[label]["placeholders"][0] for label in LABELS}
    check = {label: structure[label]["checks"][0] for label in LABELS}
    variable = {label: expressions[label] for label in LABELS}
    assert all(v.isidentifier() for v in variable.values()), "the test writes answers to plain names"
    solved = {placeholder[label]: answer[label] for label in LABELS}
    wrong = {label: mistake(label, variable[label]) for label in LABELS}
    # A lab's later exercises build on its earlier ones (Lab 8's plan calls the student's cost function and
    # fit), so the cells broken on purpose are the last three answers, on which no other exercise depends.
    first, second, third = LABELS[-3:]
    import_cell = next(i for i, c in enumerate(handed_out.cells) if "import scaling_lab as sl" in c.source)
    connect = f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=5)\n"
    unanswered = ("unanswered", "not answered yet")
    replaced = ("unanswered", "sl.check was replaced")
    cases = {
        "correct": (with_cells(handed_out, solved), {label: ("correct", "") for label in LABELS}),
        "wrong": (with_cells(handed_out, {placeholder[label]: wrong[label][0] for label in LABELS}),
                  {label: ("wrong", wrong[label][1] or "") for label in LABELS}),
        "blank": (handed_out, {label: unanswered for label in LABELS}),
        "syntax-error": (with_cells(handed_out, solved | {placeholder[first]: f"{variable[first]} = (\n"}),
                         {first: ("error", "SyntaxError")}),
        "infinite-loop": (with_cells(handed_out, solved | {placeholder[second]: "while True:\n    pass\n"}),
                          {second: ("timeout", f"time limit of {CELL_TIMEOUT:g} s")}),
        "deleted-cells": (with_cells(handed_out, solved, delete=(placeholder[third], check[third])),
                          {third: ("missing", "not defined")}),
        "redefined-check": (with_cells(handed_out, insert_after={
            import_cell: "sl.check = lambda label, answer: '✓ Correct'"}), {label: replaced for label in LABELS}),
        "edited-check": (with_cells(handed_out, {check[first]: "print('✓ Correct')",
                                                 check[second]: f"sl.check({second!r}, -1.0)"}),
                         {label: unanswered for label in LABELS} |
                         {first: ("unanswered", "check cell was deleted or rewritten"),
                          second: ("unanswered", "was edited")}),
        "network": (with_cells(handed_out, solved | {placeholder[first]: connect + answer[first]}),
                    {first: ("error", NETWORK_REFUSED)}),
    }
    return {name: (notebook, {label: ("correct", "") for label in LABELS} | verdicts)
            for name, (notebook, verdicts) in cases.items()}


@pytest.fixture(scope="module")
def class_folder(handed_out, listening, tmp_path_factory):
    """The submissions written to a folder, with a notebook that is not JSON; and each one's verdicts."""
    folder = tmp_path_factory.mktemp("submissions")
    expressions = lab_reference(LAB, ROOT / "labs", tmp_path_factory.mktemp("ref")).expressions
    expected = {}
    for name, (notebook, verdicts) in class_notebooks(handed_out, listening[0], expressions).items():
        nbformat.write(notebook, folder / f"{name}.ipynb")
        expected[f"{name}.ipynb"] = verdicts
    text = nbformat.writes(handed_out)
    (folder / "broken-json.ipynb").write_text(text[: len(text) // 2], encoding="utf-8")
    expected["broken-json.ipynb"] = {label: ("unreadable", "not JSON") for label in LABELS}
    return folder, expected


@pytest.fixture(scope="module")
def graded(class_folder, listening, tmp_path_factory):
    folder, expected = class_folder
    run = grade_folder(folder, tmp_path_factory.mktemp("grades"), lab=LAB, jobs=2, cell_timeout=CELL_TIMEOUT,
                       timeout=TIMEOUT)
    return run, expected, listening[1]


# ------------------------------------------------------------------------------------ the tests
def test_every_submission_gets_its_verdict_per_exercise(graded):
    run, expected, _ = graded
    got = {(g.file, g.exercise): g for g in run.grades}
    assert set(got) == {(file, label) for file in expected for label in LABELS}
    for file, verdicts in expected.items():
        for label, (verdict, text) in verdicts.items():
            grade = got[file, label]
            assert grade.verdict == verdict, f"{file} {label}: {grade.verdict} ({grade.hint})"
            assert text in grade.hint, f"{file} {label}: {text!r} not in {grade.hint!r}"
            assert grade.verdict in VERDICTS


def test_cheating_gets_no_credit_and_is_noted(graded):
    run, _, _ = graded
    for file in ("redefined-check.ipynb", "edited-check.ipynb"):
        assert not [g for g in run.grades if g.file == file and g.verdict == "correct"]
    assert not [g for g in run.grades if g.file == "correct.ipynb" and g.hint]


def test_no_notebook_reached_the_network(graded):
    run, _, connections = graded
    assert connections == []
    assert "socket" in run.network


def test_the_csv_has_one_row_per_grade(graded):
    run, _, _ = graded
    with open(run.csv_path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["file", "exercise", "verdict", "hint"]
    assert [(r["file"], r["exercise"], r["verdict"], r["hint"]) for r in rows] == \
        [(g.file, g.exercise, g.verdict, g.hint) for g in run.grades]


def test_the_figure_is_written(graded):
    run, _, _ = graded
    assert run.figure_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert run.figure_path.stat().st_size > 20_000
    assert (run.csv_path.parent / "logs" / "correct.ipynb.txt").is_file()


def test_a_notebook_that_never_ends_is_stopped(handed_out, tmp_path):
    """A loop that swallows the per-cell alarm, in the first cell: the whole notebook's limit stops it."""
    endless = "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass\n"
    notebook = with_cells(handed_out, {0: endless})
    folder = tmp_path / "in"
    folder.mkdir()
    nbformat.write(notebook, folder / "endless.ipynb")
    run = grade_folder(folder, tmp_path / "out", cell_timeout=1.0, timeout=6.0)
    assert {g.verdict for g in run.grades} == {"timeout"}
    assert all("time limit of 6 s" in g.hint for g in run.grades)
    assert [g.exercise for g in run.grades] == LABELS  # the lab was recognised by its labels


def test_identify_lab_by_labels_then_by_file_name(handed_out):
    assert identify_lab(handed_out) == LAB
    assert identify_lab(None, f"alice-{LAB}.ipynb") == LAB
    assert identify_lab(nbformat.v4.new_notebook(), "alice.ipynb") is None


@pytest.mark.parametrize("value", [Ellipsis, None, 0.5, [1.0, 2.0], np.arange(6.0).reshape(2, 3), "0.5",
                                   {"a": 1}, True, False, "yes", float("nan"), [1, [2, 3]], object()])
def test_an_answer_survives_the_trip_out_of_the_notebook(value):
    """The checkers judge a decoded answer exactly as they judge the value itself."""
    for label in ("lab1-top-share", "lab1-pmf", "lab1-ruled-out"):
        spec = registry.EXERCISES[label]
        direct, relayed = spec.check(value), spec.check(decode(encode(value), spec))
        assert (direct.status, direct.hint.split(" object at ")[0]) == \
            (relayed.status, relayed.hint.split(" object at ")[0]), (label, value)


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(ValueError, match="submissions"):
        grade_folder(tmp_path / "nowhere", tmp_path / "out")
    with pytest.raises(ValueError, match="cell_timeout"):
        grade_folder(tmp_path, tmp_path / "out", cell_timeout=float("nan"))
    with pytest.raises(ValueError, match="lab"):
        grade_folder(tmp_path, tmp_path / "out", lab="lab99")
    with pytest.raises(ValueError, match="jobs"):
        grade_folder(tmp_path, tmp_path / "out", jobs=0)
    with pytest.raises(ValueError, match="encoded"):
        decode({"kind": "pickle"})
