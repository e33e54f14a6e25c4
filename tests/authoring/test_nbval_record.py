"""Tests of scaling_lab.authoring.nbval_record: what nbval executes is recorded for the book's cache.

A small MyST page with a printed value, a matplotlib figure and an ipywidgets slider is converted as
``make test-notebooks`` converts pages, run under nbval with the plugin, and the recorded notebook must
carry every output, consecutive execution counts and the widget state; staged into a jupyter-cache, it
must be matched by the notebook that the book build reads from the page (so the build does not run it
again).  A page whose cell fails is not recorded.

Without a kernel: a page "executed" by hand (outputs and counts filled in, as the plugin records them) is
staged; pages without a recording are reported missing, the recorded time travels with the notebook, and a
page changed since it was recorded no longer matches.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from tests.authoring.conftest import MYST_HEADER

from scaling_lab.authoring.nbtest import read_page
from scaling_lab.authoring.nbval_record import pytest_addoption, run_first, stage_into_cache

PAGE = textwrap.dedent('''\
    ---
    jupytext:
      text_representation:
        extension: .md
        format_name: myst
        format_version: 0.13
    kernelspec:
      display_name: Python 3
      language: python
      name: python3
    ---

    # A toy page

    ```{code-cell} ipython3
    import ipywidgets as widgets
    from ipykernel.kernelapp import IPKernelApp

    print(IPKernelApp.instance().transport)
    ```

    Some text.

    ```{code-cell} ipython3
    ---
    tags: [remove-cell]
    ---
    answer = 6 * 7
    print(answer)
    ```

    ```{code-cell} ipython3
    slider = widgets.IntSlider(value=3, min=0, max=5)
    slider
    ```
    ''')


def run_nbval(tmp_path: Path, page_text: str, env: dict | None = None) -> tuple[Path, Path, subprocess.CompletedProcess]:
    pages, tests, recorded = tmp_path / "book", tmp_path / "nbtest", tmp_path / "recorded"
    pages.mkdir()
    source = pages / "toy.md"
    source.write_text(page_text, encoding="utf-8")
    (tests / "book").mkdir(parents=True)
    nbformat.write(read_page(source), tests / "book" / "toy.ipynb")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "scaling_lab.authoring.nbval_record",
         "--nbval-record", str(recorded), "--nbval-lax", "--nbval-current-env", "-q", "."],
        cwd=tests, capture_output=True, text=True, env=env)
    return source, recorded, result


def test_a_passing_page_is_recorded_with_outputs_counts_and_widget_state(tmp_path):
    source, recorded, result = run_nbval(tmp_path, PAGE)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    notebook = nbformat.read(recorded / "book" / "toy.ipynb", as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == [1, 2, 3]
    assert code[0].outputs[0]["text"] == "ipc\n"  # the plugin gives nbval's kernel Unix sockets, not TCP ports
    assert code[1].outputs[0]["text"] == "42\n"
    view = code[2].outputs[0]["data"]["application/vnd.jupyter.widget-view+json"]
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    assert state[view["model_id"]]["state"]["value"] == 3
    assert float((recorded / "book" / "toy.seconds").read_text()) >= 0

    # Staged into a jupyter-cache, the recording is what the build finds for the page.
    from jupyter_cache import get_cache

    staged, missing = stage_into_cache(recorded, {"book/toy": source}, tmp_path / "cache")
    assert (staged, missing) == (1, [])
    cache = get_cache(str(tmp_path / "cache"))
    record = cache.match_cache_notebook(read_page(source))
    assert record.uri == str(source)
    _, merged = cache.merge_match_into_notebook(read_page(source))
    assert merged.metadata["widgets"] == notebook.metadata["widgets"]

    # A page changed since nbval ran it is not matched: the build executes it afresh.
    source.write_text(PAGE.replace("6 * 7", "7 * 6"), encoding="utf-8")
    with pytest.raises(KeyError):
        cache.match_cache_notebook(read_page(source))


def test_a_failing_page_is_not_recorded(tmp_path):
    _, recorded, result = run_nbval(tmp_path, PAGE.replace("answer = 6 * 7", "answer = 6 * undefined"))
    assert result.returncode == 1
    assert not (recorded / "book" / "toy.ipynb").exists()


def test_a_kernel_that_dies_at_start_has_its_reason_reported(tmp_path):
    """nbval sends the kernel's stderr to /dev/null; the plugin keeps it and adds its end to the report."""
    fake = tmp_path / "fake"
    fake.mkdir()
    # Found before the real one by `python -m ipykernel_launcher`, the kernel's command.
    (fake / "ipykernel_launcher.py").write_text(
        "import sys\nsys.stderr.write('this kernel cannot start: a planted failure\\n')\nsys.exit(3)\n")
    import os

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(fake), os.environ.get("PYTHONPATH", "")]))
    _, recorded, result = run_nbval(tmp_path, PAGE, env=env)
    assert result.returncode == 1
    assert "Kernel died" in result.stdout
    assert "this kernel cannot start: a planted failure" in result.stdout, result.stdout[-3000:]
    assert not (recorded / "book" / "toy.ipynb").exists()


# --------------------------------------------------------------------------- staging, without a kernel
TINY_PAGE = MYST_HEADER + """

# A page

```{code-cell} ipython3
x = 1 + 1
x
```
"""


def record(page: Path, recorded: Path, key: str, seconds: str | None = "1.25\n") -> None:
    """What the plugin writes for a page whose cells all passed: outputs, counts, and the time taken."""
    notebook = read_page(page)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.execution_count = 1
            cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)]
    target = recorded / f"{key}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    if seconds is not None:
        target.with_suffix(".seconds").write_text(seconds)


@pytest.fixture
def course(tmp_path):
    (tmp_path / "book").mkdir()
    for name in ("one", "two"):
        (tmp_path / "book" / f"{name}.md").write_text(TINY_PAGE.replace("# A page", f"# Page {name}"))
    return tmp_path


def test_pages_without_a_recording_are_reported_and_the_time_is_kept(course):
    from jupyter_cache import get_cache

    record(course / "book" / "one.md", course / "recorded", "book/one")
    sources = {"book/one": course / "book" / "one.md", "book/two": course / "book" / "two.md"}
    staged, missing = stage_into_cache(course / "recorded", sources, course / "cache")
    assert (staged, missing) == (1, ["book/two"])
    cache = get_cache(str(course / "cache"))
    [entry] = cache.list_cache_records()
    assert entry.data == {"execution_seconds": 1.25}
    # The cache keys a page by its code and kernel: the page as the build reads it matches the recording ...
    match = cache.match_cache_notebook(read_page(course / "book" / "one.md"))
    assert match.pk == entry.pk
    _, merged = cache.merge_match_into_notebook(read_page(course / "book" / "one.md"))
    [cell] = [c for c in merged.cells if c.cell_type == "code"]
    assert cell.outputs[0]["data"]["text/plain"] == "2"
    # ... and a page whose code changed since does not.
    changed = course / "book" / "one.md"
    changed.write_text(TINY_PAGE.replace("x = 1 + 1", "x = 1 + 2"))
    with pytest.raises(KeyError):
        cache.match_cache_notebook(read_page(changed))


def test_a_recording_without_its_time_is_still_staged(course):
    from jupyter_cache import get_cache

    record(course / "book" / "two.md", course / "recorded", "book/two", seconds=None)
    assert stage_into_cache(course / "recorded", {"book/two": course / "book" / "two.md"}, course / "cache") == (1, [])
    [entry] = get_cache(str(course / "cache")).list_cache_records()
    assert entry.data == {"execution_seconds": None}


def test_the_option_is_declared():
    options = []

    class Parser:
        def addoption(self, *names, **kwargs):
            options.append((names, kwargs))

    pytest_addoption(Parser())
    [(names, kwargs), (first_names, first_kwargs)] = options
    assert names == ("--nbval-record",) and kwargs["default"] is None and kwargs["metavar"] == "DIR"
    assert first_names == ("--nbval-first",) and first_kwargs["default"] == ""


def test_the_slowest_notebooks_run_first_and_a_missing_one_is_an_error():
    class Item:
        def __init__(self, nodeid):
            self.nodeid = nodeid

    # Node ids as make test-notebooks collects them: relative to the repository, above the notebooks' folder.
    pages = ("book/a.ipynb", "book/b.ipynb", "labs/d.ipynb", "student/d.ipynb")
    items = [Item(f"_build/nbtest/{page}::Cell {cell}") for page in pages for cell in range(3)]
    ordered = run_first(items, ["labs/d.ipynb", "book/b.ipynb"])
    assert [item.nodeid for item in ordered] == [
        f"_build/nbtest/{page}::Cell {cell}" for page in ("labs/d.ipynb", "book/b.ipynb", "book/a.ipynb",
                                                          "student/d.ipynb") for cell in range(3)]
    assert run_first(items, []) == items
    with pytest.raises(pytest.UsageError, match="book/gone.ipynb"):
        run_first(items, ["book/b.ipynb", "book/gone.ipynb"])
    with pytest.raises(pytest.UsageError, match="ok/a.ipynb"):  # a name must end at a folder boundary
        run_first(items, ["ok/a.ipynb"])
