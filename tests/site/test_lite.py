"""JupyterLite on the site (``lite/``): built, holding every student notebook and the scaling_lab wheel, linked
from every lab page, and asking of Pyodide nothing that it lacks.

The live kernel cannot be tested here: JupyterLite loads Pyodide from its CDN at run time (the one request
that leaves the site, checked below).  Everything around it is tested:

* the JupyterLite site is built, with the Pyodide kernel and the widget manager;
* every student notebook is in it (the same cells as ``make student`` wrote, with the Pyodide kernelspec),
  and the ``scaling_lab`` wheel of the current source is in its ``pypi/`` index, where the notebooks' setup
  cell installs it from;
* every lab page's "Run in your browser" link resolves to that notebook;
* everything a lab imports, through ``import scaling_lab`` and its checkers, is either in Pyodide (the
  package list of the Pyodide version the kernel loads, ``_vendor_test/pyodide-lock.json`` from npm) or a
  pure-Python wheel that piplite installs, with all its own requirements, and not a heavy one;
* in Chromium, the JupyterLite page opens the lab's student notebook (screenshot
  ``_build/screenshots/lite-<lab>.png``);
* what the first start downloads from this site (the notebook app as the browser loads it, gzipped as a web
  server sends it, and the ``scaling_lab`` wheel) is within what every lab page's box says
  (``LITE_SITE_MB`` of :mod:`scaling_lab.authoring.lab_pages`), and the box says what to do if Python does not
  start.
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from scaling_lab.authoring.lab_pages import LITE_SITE_MB
from tests.site.browse import offline_context
from tests.site.conftest import BOOK_ROOT, REPO_ROOT

pytestmark = pytest.mark.site

STUDENT_DIR = BOOK_ROOT / "_build" / "student"
TEST_VENDOR = REPO_ROOT / "_vendor_test"
#: A package that is not in Pyodide must be a pure-Python wheel no bigger than this once installed: the
#: browser downloads it on every first visit (wordfreq, 57 MB, is why labs/lab01_zipf.md reads a shipped snapshot).
MAX_BROWSER_INSTALL_BYTES = 5_000_000
#: Where Pyodide itself comes from at run time: the one thing JupyterLite fetches from outside the site.
PYODIDE_CDN = re.compile(r"^https://cdn\.jsdelivr\.net/pyodide/v(?P<version>[\d.]+)/full/")
#: Marker environment of the browser kernel (Pyodide 314: CPython 3.14 on wasm32/emscripten).
PYODIDE_MARKERS = {"sys_platform": "emscripten", "platform_system": "Emscripten", "platform_machine": "wasm32",
                   "os_name": "posix", "implementation_name": "cpython", "platform_python_implementation": "CPython",
                   "python_version": "3.14", "python_full_version": "3.14.2", "extra": ""}


@pytest.fixture(scope="module")
def lite_dir(site_dir):
    lite = site_dir / "lite"
    assert (lite / "index.html").is_file(), f"no JupyterLite site in {lite}: jupyterlite-sphinx did not run"
    return lite


@pytest.fixture(scope="module")
def student_notebooks():
    found = sorted(STUDENT_DIR.glob("*.ipynb"))
    assert found, f"no student notebooks in {STUDENT_DIR}: run make student"
    return found


@pytest.fixture(scope="module")
def pyodide_lock():
    path = TEST_VENDOR / "pyodide-lock.json"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run make vendor-test (npm)", pytrace=False)
    return json.loads(path.read_text(encoding="utf-8"))


def test_jupyterlite_site_has_the_notebook_app_the_pyodide_kernel_and_widgets(lite_dir):
    assert (lite_dir / "notebooks" / "index.html").is_file()
    config = json.loads((lite_dir / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    extensions = {e["name"] for e in config["federated_extensions"]}
    assert {"@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager"} <= extensions
    assert not list(lite_dir.rglob("*.js.map")), "source maps make the site heavier for nothing"


def test_every_student_notebook_is_in_jupyterlite(lite_dir, student_notebooks):
    listing = json.loads((lite_dir / "api" / "contents" / "all.json").read_text(encoding="utf-8"))
    listed = {entry["name"] for entry in listing["content"]}
    for path in student_notebooks:
        assert path.name in listed, f"{path.name} is not in JupyterLite's file list"
        lite, student = nbformat.read(lite_dir / "files" / path.name, 4), nbformat.read(path, 4)
        assert [(c.cell_type, c.source) for c in lite.cells] == [(c.cell_type, c.source) for c in student.cells]
        assert lite.metadata.kernelspec["name"] == "python", "JupyterLite's Pyodide kernel is named 'python'"
        assert "piplite" in lite.cells[0].source, "the first cell must install scaling_lab in JupyterLite"


def test_the_scaling_lab_wheel_of_this_source_is_bundled(lite_dir):
    import scaling_lab

    index = json.loads((lite_dir / "pypi" / "all.json").read_text(encoding="utf-8"))
    releases = index["scaling-lab"]["releases"]
    assert list(releases) == [scaling_lab.__version__]
    wheel = lite_dir / "pypi" / releases[scaling_lab.__version__][0]["filename"]
    assert wheel.name.endswith("-py3-none-any.whl") and wheel.is_file()
    names = set(zipfile.ZipFile(wheel).namelist())
    source = {p.relative_to(REPO_ROOT).as_posix() for p in (REPO_ROOT / "scaling_lab").rglob("*")
              if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc")}
    assert not source - names, f"the bundled wheel is stale, it lacks {sorted(source - names)[:5]}"
    assert "scaling_lab/datasets/wordfreq_en_top10000.csv.gz" in names


def test_every_lab_page_links_to_its_notebook_in_jupyterlite(pages, site_dir, lite_dir):
    labs = [page for page in pages if page.startswith("labs/")]
    assert labs, "no lab in the table of contents"
    for page in labs:
        html = site_dir / f"{page}.html"
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        links = {a["href"] for a in soup.find_all("a", href=True) if "lite/" in a["href"]}
        box = soup.find("a", class_="lite-link")
        assert box is not None, f"{page}: no 'Run in your browser' link in the box"
        for href in links:
            target = urljoin(f"https://site/{page}.html", href)
            path = urlsplit(target).path.lstrip("/")
            assert (site_dir / path).is_file(), f"{page}: {href} does not resolve"
            opened = parse_qs(urlsplit(target).query)["path"][0]
            assert opened == f"{Path(page).name}.ipynb", f"{page}: JupyterLite opens {opened}"
            assert (lite_dir / "files" / opened).is_file(), f"{page}: {opened} is not in JupyterLite"


def test_pyodide_package_list_is_the_one_the_kernel_loads(lite_dir):
    """The vendored package list must be that of the Pyodide the kernel fetches (Makefile PYODIDE_VERSION)."""
    kernel = lite_dir / "extensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static"
    urls = {m.group(0) for js in kernel.glob("*.js")
            for m in re.finditer(r"https://cdn\.jsdelivr\.net/pyodide/v[\d.]+/full/", js.read_text(errors="ignore"))}
    versions = {PYODIDE_CDN.match(url).group("version") for url in urls}
    assert len(versions) == 1, f"cannot tell which Pyodide the kernel loads: {urls}"
    vendored = (TEST_VENDOR / ".complete").read_text()
    assert f"pyodide@{versions.pop()}" in vendored, (
        f"the kernel loads another Pyodide than the vendored package list ({vendored.strip()}): "
        "update PYODIDE_VERSION in the Makefile")


# --------------------------------------------------------------------------- what the labs import
def _lab_imports(student_notebooks) -> set[str]:
    """Top-level modules imported by the code cells of the student notebooks."""
    from IPython.core.inputtransformer2 import TransformerManager

    found = set()
    for path in student_notebooks:
        for cell in nbformat.read(path, 4).cells:
            if cell.cell_type != "code":
                continue
            for node in ast.walk(ast.parse(TransformerManager().transform_cell(cell.source))):
                if isinstance(node, ast.Import):
                    found |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    found.add(node.module.split(".")[0])
    return found


def _package_imports() -> set[str]:
    """Top-level modules loaded by ``import scaling_lab`` and by computing every checker's answers."""
    code = (
        "import json, sys\n"
        "import scaling_lab\n"
        "from scaling_lab.checks import registry\n"
        "for lab in registry.LABS.values():\n"
        "    for exercise in lab.EXERCISES.values():\n"
        "        exercise.answer(); exercise.mistake_list()\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    # Under `make test` the experiments' disk cache holds what nbval trained: the answers then take 10 s instead
    # of 27 s, and import the same 171 top-level modules (measured both ways).
    cache = {"SCALING_LAB_CACHE": os.environ["SCALING_LAB_CACHE"]} if os.environ.get("SCALING_LAB_CACHE") else {}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin", **cache})
    return set(json.loads(out.stdout.splitlines()[-1]))


def _is_pure_python(dist) -> bool:
    return not any(str(f).endswith((".so", ".pyd", ".dylib")) for f in dist.files or [])


def _installed_bytes(dist) -> int:
    return sum((f.size or 0) for f in dist.files or [])


def browser_problems(distributions, pyodide_names: set[str], bundled: set[str]) -> dict[str, str]:
    """For each distribution the browser kernel could not get, why; walks pure-Python requirements."""
    problems, seen = {}, set()
    todo = list(distributions)
    while todo:
        name = canonicalize_name(todo.pop())
        if name in seen or name in pyodide_names or name in bundled:
            seen.add(name)
            continue
        seen.add(name)
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            problems[name] = "not in Pyodide and not installed here, so its wheel cannot be checked"
            continue
        if not _is_pure_python(dist):
            problems[name] = "not in Pyodide, and not pure Python (piplite cannot install it)"
        elif _installed_bytes(dist) > MAX_BROWSER_INSTALL_BYTES:
            problems[name] = f"not in Pyodide, and {_installed_bytes(dist) / 1e6:.0f} MB for the browser to fetch"
        for requirement in map(Requirement, dist.requires or []):
            if requirement.marker is None or requirement.marker.evaluate(PYODIDE_MARKERS):
                todo.append(requirement.name)
    return problems


def test_labs_import_nothing_that_pyodide_lacks(student_notebooks, pyodide_lock, lite_dir):
    import scaling_lab

    pyodide_names = {canonicalize_name(p["name"]) for p in pyodide_lock["packages"].values()}
    kernel_index = lite_dir / "extensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static" / "pypi"
    bundled = {canonicalize_name(n) for n in json.loads((kernel_index / "all.json").read_text())}
    modules = (_lab_imports(student_notebooks) | _package_imports()) - set(sys.stdlib_module_names)
    modules -= {"scaling_lab", "piplite", "__main__"}
    owners = importlib.metadata.packages_distributions()
    # Modules no distribution owns are interpreter or extension internals (_sysconfigdata..., cython_runtime).
    modules = {m for m in modules if m in owners or not (m.startswith("_") or m == "cython_runtime")}
    distributions = {dist for module in modules for dist in owners.get(module, [module])}
    assert "wordfreq" not in {canonicalize_name(d) for d in distributions}, "a lab still needs wordfreq"
    # The setup cell installs scaling_lab with its declared requirements: those must be installable too.
    declared = {Requirement(r).name for r in importlib.metadata.requires("scaling_lab") or []
                if Requirement(r).marker is None or Requirement(r).marker.evaluate(PYODIDE_MARKERS)}
    problems = browser_problems(distributions | declared, pyodide_names, bundled)
    assert not problems, f"what the labs need in JupyterLite but cannot have there: {problems}"
    assert scaling_lab.__version__


def test_the_browser_check_can_fail():
    problems = browser_problems({"wordfreq", "numpy"}, {"numpy", "regex", "msgpack"}, set())
    assert "wordfreq" in problems and "numpy" not in problems
    assert Marker('sys_platform != "emscripten"').evaluate(PYODIDE_MARKERS) is False


# --------------------------------------------------------------------------- in the browser
def test_jupyterlite_opens_the_student_notebook(browser, base_url, student_notebooks, screenshot_dir):
    path = student_notebooks[0]
    title = next(line for c in nbformat.read(path, 4).cells if c.cell_type == "markdown"
                 for line in c.source.splitlines() if line.startswith("# "))[2:]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    offsite = []

    def route(route_, request):
        if request.url.startswith(base_url) or request.url.startswith(("data:", "blob:")):
            route_.continue_()
        else:
            offsite.append(request.url)
            route_.abort("blockedbyclient")

    page.route("**/*", route)
    try:
        page.goto(f"{base_url}lite/notebooks/index.html?path={path.name}", wait_until="load")
        page.wait_for_function("(n) => document.querySelectorAll('.jp-Notebook .jp-Cell').length >= n",
                               arg=3, timeout=60_000)
        page.locator(".jp-Notebook .jp-Cell").filter(has_text=title).first.wait_for(timeout=30_000)
        text = page.locator(".jp-Notebook").inner_text()
        page.wait_for_timeout(1_000)
        page.screenshot(path=str(screenshot_dir / f"lite-{path.stem}.png"))
    finally:
        context.close()
    assert "piplite" in text, "the setup cell is not the notebook's first cell in JupyterLite"
    outside = [url for url in offsite if not PYODIDE_CDN.match(url)]
    assert not outside, f"JupyterLite fetched from outside the site more than Pyodide: {outside}"


def site_bytes_of_first_start(browser, base_url, site_dir, notebook: str) -> tuple[int, int, int]:
    """(requests, bytes, gzipped bytes) of what the browser loads from this site to open ``notebook`` in
    JupyterLite, its kernel's worker included (the CDN refused). Each file is gzipped as a server would send it."""
    import gzip
    from urllib.parse import unquote

    context = offline_context(browser, base_url)
    loaded = set()
    context.on("requestfinished", lambda request: loaded.add(request.url.split("?")[0])
               if request.url.startswith(base_url) else None)
    page = context.new_page()
    try:
        page.goto(f"{base_url}lite/notebooks/index.html?path={notebook}", wait_until="load")
        page.wait_for_function("() => document.querySelectorAll('.jp-Notebook .jp-Cell').length >= 3", timeout=90_000)
        page.wait_for_timeout(5_000)  # the kernel's worker starts and asks the CDN for Pyodide
    finally:
        context.close()
    raw = packed = 0
    for url in loaded:
        path = site_dir / unquote(urlsplit(url).path).lstrip("/")
        path = path / "index.html" if path.is_dir() else path
        if path.is_file():
            data = path.read_bytes()
            raw, packed = raw + len(data), packed + len(gzip.compress(data, 6))
    return len(loaded), raw, packed


def test_the_box_says_what_the_first_start_downloads(browser, base_url, site_dir, lite_dir, student_notebooks, pages):
    requests, raw, packed = site_bytes_of_first_start(browser, base_url, site_dir, student_notebooks[0].name)
    wheel = sum(p.stat().st_size for p in (lite_dir / "pypi").glob("scaling_lab-*.whl"))
    measured = (packed + wheel) / 1e6
    print(f"first start from this site: {requests} requests, {raw / 1e6:.1f} MB ({packed / 1e6:.1f} MB gzipped) "
          f"and the {wheel / 1e6:.1f} MB wheel: {measured:.1f} MB")
    assert requests >= 50 and packed > 1e6, "the notebook app did not load: nothing measured"
    assert measured <= LITE_SITE_MB, (
        f"the first start loads {measured:.1f} MB from this site, more than the {LITE_SITE_MB} MB the lab box says")
    for page in (p for p in pages if p.startswith("labs/")):
        box = BeautifulSoup((site_dir / f"{page}.html").read_text(encoding="utf-8"), "html.parser").select_one(
            "div.admonition")
        text = " ".join(box.get_text(" ").split())
        assert f"{LITE_SITE_MB} MB" in text and "If Python does not start" in text, f"{page}: {text[:200]}"
