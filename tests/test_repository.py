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
from scaling_lab.authoring.toc import is_notebook, toc_files



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
        assert "{solution-start}" in text and 'sl.check("' in text, path


# --------------------------------------------------------------------------- how pages call the package
def page_notebooks():
    for folder in ("book", "labs"):
        for path in sorted((ROOT / folder).glob("*.md")):
            if is_notebook(path):
                yield path


def _code(cell) -> str:
    """A code cell's Python, without IPython magics and shell escapes."""
    return "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))


@pytest.mark.parametrize("path", list(page_notebooks()), ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_call_the_package_through_one_visible_prefix(path):
    """One rule for chapters and labs: ``import scaling_lab as sl``, then ``sl.<name>``."""
    import ast

    import jupytext

    notebook = jupytext.read(path)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    imports_sl = False
    for cell in code:
        for node in ast.walk(ast.parse(_code(cell))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("scaling_lab"):
                pytest.fail(f"{path.name}: 'from {node.module} import ...'; write 'import scaling_lab as sl' "
                            "and call sl.<name>")
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("scaling_lab"):
                        assert alias.name == "scaling_lab" and alias.asname == "sl", \
                            f"{path.name}: import scaling_lab as sl (got import {alias.name} as {alias.asname})"
                        imports_sl = True
    if code:
        assert imports_sl, f"{path.name}: has code but never imports scaling_lab as sl"


def _solution_or_placeholder_cells(notebook) -> set[int]:
    """Indices of code cells inside a solution block, or holding a lab's placeholder."""
    allowed, inside = set(), False
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            if "{solution-start}" in cell.source:
                inside = True
            if "{solution-end}" in cell.source:
                inside = False
        elif inside or "# your code" in cell.source:
            allowed.add(index)
    return allowed


@pytest.mark.parametrize("path", list(page_notebooks()), ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_never_redefine_a_package_name_outside_an_exercise(path):
    import ast

    import jupytext

    import scaling_lab

    public = set(scaling_lab.__all__)
    notebook = jupytext.read(path)
    allowed = _solution_or_placeholder_cells(notebook)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or index in allowed:
            continue
        for node in ast.walk(ast.parse(_code(cell))):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in public:
                pytest.fail(f"{path.name} cell {index} defines {node.name}, which scaling_lab already has: "
                            f"call sl.{node.name}")


def test_shadowing_check_can_fail():
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("def fit_power_law(x, y):\n    return 1"),
                      nbformat.v4.new_markdown_cell("```{solution-start} ex\n```"),
                      nbformat.v4.new_code_cell("def fit_zipf_mle(c):\n    return 1"),
                      nbformat.v4.new_markdown_cell("```{solution-end}\n```"),
                      nbformat.v4.new_code_cell("def zipf_pmf(r, s, k):\n    return ...  # your code")]
    assert _solution_or_placeholder_cells(notebook) == {2, 4}  # the first cell would be reported


def test_every_lab_page_gets_the_student_download_from_one_place():
    from scaling_lab.authoring.lab_pages import add_box

    for path in sorted((ROOT / "labs").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert "_build/student" not in text, f"{path.name} types its own download link"
        boxed = add_box(f"labs/{path.stem}", text)
        assert f"</_build/student/{path.stem}.ipynb>" in boxed
        title_end = boxed.index("\n", boxed.index("\n# ")+1)
        assert boxed.index("Work on this lab yourself") > title_end - 1
    assert add_box("book/power_laws", "# Title\ntext") == "# Title\ntext"
    with pytest.raises(ValueError, match="Title"):
        add_box("labs/untitled", "no title here")


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
    from tests.book_files import load_book_module

    vendored_assets_available = load_book_module("_ext/offline_assets.py").vendored_assets_available
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
    assert "scaling_lab/checks/lab01_zipf.py" in names, "subpackages must be in the wheel"
    shipped = [p.relative_to(ROOT).as_posix() for p in (ROOT / "scaling_lab" / "datasets").iterdir()
               if p.is_file() and p.suffix != ".py"]
    assert all(name in names for name in shipped), "every data file in scaling_lab/datasets ships in the wheel"
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


# --------------------------------------------------------------------------- publishing
def test_pages_workflow_runs_ci_and_publishes_the_built_site_for_any_fork():
    import yaml

    from scaling_lab.authoring.setup_cell import course_repository

    text = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    runs = " ".join(step.get("run", "") for step in steps)
    uses = {step.get("uses", "").split("@")[0]: step for step in steps}
    assert "bash .ci/run" in runs and "make instructor" in runs, "the workflow must run the CI's make targets"
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "_build/html"
    assert "actions/deploy-pages" in uses
    assert "push --force" in runs and " notebooks" in runs, "the launch notebooks go to the notebooks branch"
    owner_and_name = course_repository(ROOT, environ={}).owner_and_name
    assert owner_and_name not in text, "the workflow must not name the repository: forks publish their own site"
    assert "${GITHUB_REPOSITORY}" in runs


def test_ci_builds_jupyterlite_and_the_instructor_pack():
    script = (ROOT / ".ci" / "run").read_text()
    assert "make test" in script and "make instructor" in script
    config = (ROOT / "_config.yml").read_text()
    assert "jupyterlite_sphinx" in config, "make test builds JupyterLite with the book"


def test_bibliography_parses_and_every_cited_key_exists():
    """A syntax error in references.bib or a citation of a missing key is caught before the book builds."""
    from pybtex.database import parse_file

    keys = set(parse_file(str(ROOT / "book" / "references.bib")).entries)
    cited = set()
    for folder in ("book", "labs"):
        for path in (ROOT / folder).glob("*.md"):
            for match in re.finditer(r"\{cite(?::[a-z]+)?\}`([\w.:-]+(?:\s*,\s*[\w.:-]+)*)`", path.read_text(encoding="utf-8")):
                cited.update(key.strip() for key in match.group(1).split(","))
    assert cited <= keys, f"cited but not in book/references.bib: {sorted(cited - keys)}"
