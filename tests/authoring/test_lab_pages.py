"""Tests of scaling_lab.authoring.lab_pages: the box at the top of every lab page and the JupyterLite copies.

The box links the student download and "Run in your browser" relative to the page; the JupyterLite copies
are the student notebooks (``student_dir``, tests/authoring/conftest.py) with the Pyodide kernel.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from scaling_lab.authoring.lab_pages import (
    LITE_PYODIDE_MB, LITE_PYODIDE_VERSION, LITE_SITE_MB, PYODIDE_KERNELSPEC, add_box, lite_url, stage_lite_contents,
)

ROOT = Path(__file__).resolve().parents[2]
LABS = sorted((ROOT / "labs").glob("*.md"))


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


def test_box_says_what_the_browser_downloads_and_what_to_do_if_python_does_not_start():
    boxed = add_box("labs/lab01_zipf", "# Lab 1\n\ntext\n")
    first = round(LITE_SITE_MB + LITE_PYODIDE_MB)
    assert f"downloads about {first} MB before" in boxed
    assert f"{LITE_SITE_MB} MB of notebook app" in boxed and f"{LITE_PYODIDE_MB} MB of Python" in boxed
    assert "If Python does not start" in boxed and "stays at `[*]`" in boxed and '"Ready"' in boxed
    # The Pyodide core was measured for the version the Makefile vendors (and the kernel loads, tests/site).
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"PYODIDE_VERSION := {LITE_PYODIDE_VERSION}" in makefile, "measure LITE_PYODIDE_MB again"
