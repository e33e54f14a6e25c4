"""Checks on the repository itself: notebooks, table of contents, packaging, CI.

These guard the conventions that keep the book reproducible: no notebook is
committed with outputs, every page in the table of contents exists and every
chapter or lab is in it, the package stays pure Python and never reads the
maintainers' ``../shared`` folder at run time.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "notebooks"))
from convert import is_notebook, toc_files  # noqa: E402

sys.path.insert(0, str(ROOT / "book" / "_ext"))
from offline_assets import vendored_assets_available  # noqa: E402


def tracked_files(pattern: str) -> list[Path]:
    """Files git tracks (falls back to a glob outside a git checkout)."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", pattern],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout
        return [ROOT / line for line in out.splitlines() if line and (ROOT / line).exists()]
    except (OSError, subprocess.CalledProcessError):
        return [p for p in ROOT.rglob(pattern) if ".venv" not in p.parts and "_build" not in p.parts]


def cells_with_outputs(notebook: dict) -> list[int]:
    """Indices of the cells that carry outputs or an execution count."""
    return [
        index for index, cell in enumerate(notebook.get("cells", []))
        if cell.get("outputs") or cell.get("execution_count") is not None
    ]


def test_no_committed_notebook_has_outputs():
    offenders = []
    for path in tracked_files("*.ipynb"):
        cells = cells_with_outputs(json.loads(path.read_text(encoding="utf-8")))
        offenders += [f"{path.relative_to(ROOT)} cell {index}" for index in cells]
    assert not offenders, f"notebooks committed with outputs: {offenders}"


def test_output_check_can_fail():
    """The check above must flag a notebook with an output, and pass a clean one."""
    dirty = {"cells": [{"cell_type": "markdown", "source": "x"},
                       {"cell_type": "code", "outputs": [{"output_type": "stream"}],
                        "execution_count": 1, "source": "1"}]}
    clean = {"cells": [{"cell_type": "code", "outputs": [], "execution_count": None, "source": "1"}]}
    assert cells_with_outputs(dirty) == [1]
    assert cells_with_outputs(clean) == []


def toc_entries() -> list[str]:
    return toc_files(ROOT / "_toc.yml")


def test_every_toc_entry_exists():
    for name in toc_entries():
        assert any((ROOT / f"{name}{suffix}").is_file() for suffix in (".md", ".ipynb")), name


def test_every_chapter_and_lab_is_in_the_toc():
    listed = set(toc_entries())
    pages = [p for folder in ("book", "labs") for p in (ROOT / folder).glob("*.md")]
    assert pages, "no pages found in book/ or labs/"
    orphans = [str(p.relative_to(ROOT)) for p in pages if str(p.relative_to(ROOT).with_suffix("")) not in listed]
    assert not orphans, f"pages missing from _toc.yml: {orphans}"


@pytest.mark.parametrize("folder", ["book", "labs"])
def test_notebooks_use_the_python3_kernel(folder):
    for path in (ROOT / folder).glob("*.md"):
        if not is_notebook(path):
            continue
        head = path.read_text(encoding="utf-8").split("---")[1]
        assert "format_name: myst" in head, path
        assert re.search(r"^\s+name: python3\s*$", head, re.M), f"{path}: kernel must be python3"


def test_labs_are_notebooks_with_checks():
    labs = sorted((ROOT / "labs").glob("*.md"))
    assert labs, "no labs found"
    for path in labs:
        assert is_notebook(path), path
        text = path.read_text(encoding="utf-8")
        assert "{solution-start}" in text and "scaling_lab.checks" in text, path


def test_package_never_reads_the_shared_folder():
    for path in list((ROOT / "scaling_lab").rglob("*.py")) + list((ROOT / "book").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert "../shared" not in text and "shared/reference" not in text, path


def test_ci_runs_make_test_and_rejects_empty_runs():
    script = (ROOT / ".ci" / "run").read_text()
    assert "make test" in script
    makefile = (ROOT / "Makefile").read_text()
    assert "rc -eq 5" in makefile, "pytest's exit 5 (no tests collected) must fail loudly"


def test_vendored_asset_detection(tmp_path):
    assert not vendored_assets_available(tmp_path)
    vendor = tmp_path / "_vendor"
    for name in (".complete", "mathjax/tex-mml-chtml.js", "require.min.js", "html-manager/embed-amd.js"):
        (vendor / name).parent.mkdir(parents=True, exist_ok=True)
        (vendor / name).write_text("x")
    assert vendored_assets_available(tmp_path)


def test_wheel_is_pure_python(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )
    wheels = list(tmp_path.glob("scaling_lab-*.whl"))
    assert len(wheels) == 1 and wheels[0].name.endswith("-py3-none-any.whl"), wheels
    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "scaling_lab/__init__.py" in names
    assert "scaling_lab/checks/lab1.py" in names, "subpackages must be in the wheel"
    assert not any(name.endswith((".so", ".pyd", ".c")) for name in names)


def test_no_tests_collected_fails_loudly(tmp_path):
    """Run the Makefile's guard around a pytest that collects nothing: exit 5 and a message."""
    makefile = (ROOT / "Makefile").read_text()
    guard = re.search(r"^NO_TESTS_IS_FAILURE := (.*)$", makefile, re.M).group(1).replace("$$", "$")
    empty = tmp_path / "empty"
    empty.mkdir()
    command = f"{sys.executable} -m pytest -q -p no:cacheprovider {empty} {guard}"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 5
    assert "ERROR: pytest collected no tests" in result.stderr
