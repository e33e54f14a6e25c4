"""Tests of scaling_lab.authoring.setup_cell: the first cell of every notebook handed out, and where it installs from.

The setup cell is run here the way IPython runs it (magics transformed, top-level ``await`` allowed), with
``get_ipython`` and ``piplite`` replaced by recorders, so each of its three branches is seen to do what it
says: nothing where scaling_lab is importable, ``%pip install`` from the repository elsewhere, ``piplite``
in JupyterLite.  Installing for real needs the network and is not tested here.
"""

import ast
import asyncio
import importlib.util
import sys
import types
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from scaling_lab.authoring.setup_cell import (
    SETUP_TAG, CourseRepository, course_repository, find_upwards, setup_cell, with_setup_cell,
)
from scaling_lab.authoring.student import make_student_version

ROOT = Path(__file__).resolve().parents[2]
REPO = CourseRepository(url="https://github.com/someone/fork-of-course", branch="main")


def run_setup_cell(cell, *, installed: bool, platform: str = "linux"):
    """Execute the cell as IPython would; return the recorded (pip magic, piplite) calls."""
    calls = {"magic": [], "piplite": []}
    code = TransformerManager().transform_cell(cell.source)
    compiled = compile(code, "<setup cell>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)

    async def install(requirement):
        calls["piplite"].append(requirement)

    shell = types.SimpleNamespace(run_line_magic=lambda name, line: calls["magic"].append((name, line)))
    real_find_spec = importlib.util.find_spec
    fake_piplite = types.ModuleType("piplite")
    fake_piplite.install = install
    namespace = {"get_ipython": lambda: shell}
    saved = sys.platform, sys.modules.get("piplite")
    try:
        importlib.util.find_spec = (real_find_spec if installed else
                                    lambda name, *a: None if name == "scaling_lab" else real_find_spec(name, *a))
        sys.platform = platform
        sys.modules["piplite"] = fake_piplite
        result = eval(compiled, namespace)  # noqa: S307 - our own cell
        if asyncio.iscoroutine(result):
            asyncio.run(result)
    finally:
        importlib.util.find_spec = real_find_spec
        sys.platform = saved[0]
        if saved[1] is None:
            sys.modules.pop("piplite", None)
        else:
            sys.modules["piplite"] = saved[1]
    return calls


def test_does_nothing_where_the_package_is_installed():
    assert run_setup_cell(setup_cell(REPO), installed=True) == {"magic": [], "piplite": []}


def test_pip_installs_from_the_repository_in_colab():
    calls = run_setup_cell(setup_cell(REPO), installed=False)
    assert calls["piplite"] == []
    assert calls["magic"] == [("pip", 'install --quiet "scaling_lab @ git+https://github.com/someone/fork-of-course@main"')]


def test_piplite_installs_the_bundled_wheel_in_jupyterlite():
    calls = run_setup_cell(setup_cell(REPO), installed=False, platform="emscripten")
    assert calls == {"magic": [], "piplite": ["scaling_lab"]}


def test_setup_cell_is_tagged_and_replaced_not_repeated():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Lab"), nbformat.v4.new_code_cell("import scaling_lab as sl")]
    once = with_setup_cell(notebook, REPO)
    twice = with_setup_cell(once, CourseRepository("https://github.com/a/b", "dev"))
    assert [SETUP_TAG in c.metadata.get("tags", []) for c in twice.cells] == [True, False, False]
    assert "git+https://github.com/a/b@dev" in twice.cells[0].source
    assert len(notebook.cells) == 2  # the input is not modified
    nbformat.validate(twice)


def test_every_student_notebook_starts_with_the_setup_cell(tmp_path):
    for lab in sorted((ROOT / "labs").glob("*.md")):
        student = nbformat.read(make_student_version(lab, tmp_path), 4)
        tagged = [i for i, c in enumerate(student.cells) if SETUP_TAG in c.metadata.get("tags", [])]
        assert tagged == [0], f"{lab.name}: the setup cell must be the first cell, once"
        assert course_repository(lab).pip_requirement in student.cells[0].source


def test_repository_from_the_config(tmp_path):
    (tmp_path / "_config.yml").write_text("repository:\n  url: https://github.com/o/n.git/\n  branch: trunk\n")
    (tmp_path / "labs").mkdir()
    repo = course_repository(tmp_path / "labs", environ={})
    assert repo == CourseRepository("https://github.com/o/n", "trunk")
    assert repo.owner_and_name == "o/n"
    assert repo.pip_requirement == "scaling_lab @ git+https://github.com/o/n@trunk"


def test_repository_from_github_actions_wins_so_forks_point_at_themselves(tmp_path):
    (tmp_path / "_config.yml").write_text("repository:\n  url: https://github.com/o/n\n  branch: main\n")
    env = {"GITHUB_REPOSITORY": "fork/course", "GITHUB_SERVER_URL": "https://github.com",
           "GITHUB_REF_TYPE": "branch", "GITHUB_REF_NAME": "gh-work"}
    assert course_repository(tmp_path, environ=env) == CourseRepository("https://github.com/fork/course", "gh-work")
    pull_request = {**env, "GITHUB_REF_NAME": "12/merge", "GITHUB_HEAD_REF": "gh-work"}
    assert course_repository(tmp_path, environ=pull_request).branch == "main"


def test_this_course_has_a_repository():
    repo = course_repository(ROOT, environ={})
    assert repo.url.startswith("https://github.com/") and repo.branch


def test_no_repository_is_a_value_error(tmp_path, monkeypatch):
    (tmp_path / "_config.yml").write_text("title: x\n")
    import scaling_lab.authoring.setup_cell as module

    monkeypatch.setattr(module, "__file__", str(tmp_path / "pkg" / "setup_cell.py"))
    with pytest.raises(ValueError, match="repository"):
        course_repository(tmp_path, environ={})
    with pytest.raises(ValueError, match="CourseRepository"):
        setup_cell("https://github.com/a/b")


def test_find_upwards(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "x.txt").write_text("")
    assert find_upwards(tmp_path / "a" / "b", "x.txt") == (tmp_path / "x.txt").resolve()
    assert find_upwards(tmp_path / "a", "missing.txt") is None


@pytest.mark.parametrize("installed, platform", [(True, "linux"), (False, "linux"), (False, "emscripten")])
def test_the_cell_says_when_python_and_the_package_are_ready(installed, platform, capsys):
    """Last, in every branch, one line that a student in JupyterLite reads as "Python started"."""
    import scaling_lab

    run_setup_cell(setup_cell(REPO), installed=installed, platform=platform)
    printed = capsys.readouterr().out.strip().splitlines()
    python_version = sys.version.split()[0]
    assert printed == [f"Ready: Python {python_version} is running, with scaling_lab {scaling_lab.__version__}."]
    assert max(len(line) for line in setup_cell(REPO).source.splitlines()) <= 100
