"""Tests of scaling_lab.authoring.instructor_pack: the zip with every lab's solution and student notebooks,
its checkers and the scaling_lab wheel (``make instructor``).

The student notebooks come from the ``student_dir`` fixture (tests/authoring/conftest.py).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import jupytext
import nbformat
import pytest

from scaling_lab.authoring.instructor_pack import pack
from scaling_lab.checks import registry
from tests.authoring.test_student import leaks

ROOT = Path(__file__).resolve().parents[2]


def test_instructor_pack_has_solutions_student_versions_and_checkers(student_dir, tmp_path):
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
