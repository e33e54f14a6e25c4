"""Tests of scaling_lab.authoring.otter_export: a lab's checks as an Otter-Grader autograder (``make otter``).

The test files are written and compiled everywhere. Building the zip with ``otter generate`` and grading
with ``otter run`` need otter-grader, which is not in the course's environment: those tests run where
``OTTER`` names its command (or ``otter`` is on PATH), and are skipped elsewhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest

import scaling_lab
from scaling_lab.authoring.grade import lab_reference
from scaling_lab.authoring.otter_export import AUTOGRADER_DIR, export_autograder, otter_test, write_otter_tests
from scaling_lab.authoring.student import make_student_version
from scaling_lab.checks import registry
from tests.authoring.conftest import REPO
from tests.authoring.test_grade import class_notebooks

ROOT = Path(__file__).resolve().parents[2]
LAB = "lab01_zipf"
OTTER = shutil.which(os.environ.get("OTTER", "otter"))
needs_otter = pytest.mark.skipif(OTTER is None, reason="otter-grader is not installed (it is not part of the "
                                 "course's environment; set OTTER to the otter command of a venv that has it)")


def test_one_test_file_per_exercise_that_names_its_checker(tmp_path):
    reference = lab_reference(LAB, ROOT / "labs", tmp_path / "ref")
    paths = write_otter_tests(reference, tmp_path / "tests")
    assert [p.stem for p in paths] == list(registry.LABS[LAB].EXERCISES)
    for path, (label, expression) in zip(paths, reference.expressions.items()):
        source = path.read_text()
        compile(source, str(path), "exec")
        assert f"EXERCISES[{label!r}]" in source and repr(expression) in source


def test_bad_input_is_refused(tmp_path):
    with pytest.raises(ValueError, match="label"):
        otter_test("lab99-nothing", "x")
    with pytest.raises(SyntaxError):
        otter_test("lab1-slope", "slope (")
    with pytest.raises(ValueError, match="lab"):
        export_autograder("lab99", tmp_path)
    with pytest.raises(RuntimeError, match="not found"):
        export_autograder(LAB, tmp_path, otter="no-such-otter-command")


@needs_otter
def test_the_autograder_holds_the_tests_and_the_wheel(tmp_path):
    wheel = tmp_path / "scaling_lab-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"wheel")
    names = zipfile.ZipFile(export_autograder(LAB, tmp_path / "out", wheel=wheel, otter=OTTER)).namelist()
    assert {f"tests/{label}.py" for label in registry.LABS[LAB].EXERCISES} <= set(names)
    assert f"files/{wheel.name}" in names
    environment = zipfile.ZipFile(tmp_path / "out" / f"{LAB}-autograder.zip").read("environment.yml").decode()
    assert f"{AUTOGRADER_DIR}/source/files/{wheel.name}" in environment


@pytest.fixture
def submissions(tmp_path):
    """Lab 1's synthetic submissions of tests/authoring/test_grade.py, by name."""
    handed_out = nbformat.read(make_student_version(ROOT / "labs" / f"{LAB}.md", tmp_path / "lab", repository=REPO), 4)
    expressions = lab_reference(LAB, ROOT / "labs", tmp_path / "ref").expressions
    return {name: notebook for name, (notebook, _) in class_notebooks(handed_out, 9, expressions).items()}


@needs_otter
def test_otter_run_grades_a_correct_and_a_cheating_notebook(tmp_path, submissions):
    """``otter run`` (no container) in otter's environment, with this scaling_lab on its path."""
    autograder = export_autograder(LAB, tmp_path, otter=OTTER)
    env = dict(os.environ, PYTHONPATH=str(Path(scaling_lab.__file__).resolve().parents[1]))
    scores = {}
    for name in ("correct", "redefined-check"):
        path, out = tmp_path / f"{name}.ipynb", tmp_path / name
        nbformat.write(submissions[name], path)
        out.mkdir()
        subprocess.run([OTTER, "run", "-a", str(autograder), "-o", str(out), "--no-logo", str(path)],
                       env=env, check=True, capture_output=True, timeout=600)
        tests = json.loads((out / "results.json").read_text())["tests"]
        scores[name] = sum(t.get("score") or 0 for t in tests if t["name"] != "Public Tests")
    assert scores == {"correct": len(registry.LABS[LAB].EXERCISES), "redefined-check": 0}
