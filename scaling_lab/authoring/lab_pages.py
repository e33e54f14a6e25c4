"""What a lab page offers a student, built from one place: the student download and JupyterLite.

Each page under ``labs/`` gets, right after its title, a box (:func:`add_box`) that offers

* the student version of that lab as a download (``_build/student/<lab>.ipynb``,
  written by ``make student`` before the book is built), and
* "Run in your browser": the same student notebook in JupyterLite, the
  Pyodide kernel in the browser, with nothing installed (``lite/`` on the site,
  built by jupyterlite-sphinx; the notebook's first cell installs the
  ``scaling_lab`` wheel that the site bundles). The box says how much the first
  start downloads (:data:`LITE_SITE_MB`, :data:`LITE_PYODIDE_MB`) and what to do
  when Python does not start (a blocked CDN or PyPI).

No lab types a link itself, so a new lab gets both for free and no link can point
at the wrong file.  :func:`stage_lite_contents` stages the JupyterLite copies of the
student notebooks: the same cells, with the Pyodide kernel's kernelspec so that
JupyterLite starts it without asking.  The Sphinx extension ``book/_ext/lab_downloads.py``
calls both.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

__all__: list[str] = []  # an authoring module: nothing here is re-exported under sl.

STUDENT_DIR = "_build/student"
#: Where the JupyterLite copies of the student notebooks are staged (``jupyterlite_contents``).
LITE_CONTENTS_DIR = "_build/lite_contents"
#: The JupyterLite site inside the built HTML (jupyterlite-sphinx's output folder).
LITE_DIR = "lite"
#: The JupyterLite app a student lands in: the single-notebook interface.
LITE_APP = "notebooks/index.html"
#: The kernel that jupyterlite-pyodide-kernel registers.
PYODIDE_KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}

#: What "Run in your browser" downloads on a first start, in MB as sent compressed. From this site
#: (tests/site/test_lite.py measures it in Chromium and fails if it outgrows this): the JupyterLite notebook app as
#: the browser loads it to open a lab (128 requests, 7.9 MB; 2.1 MB gzipped) and the scaling_lab wheel (2.4 MB).
LITE_SITE_MB = 5
#: From the jsDelivr CDN: the core of the Pyodide the kernel loads (pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm,
#: python_stdlib.zip, pyodide-lock.json; 13.5 MB, 6.4 MB gzipped), measured in the npm package of that version.
#: NumPy, SciPy and Matplotlib come from the same CDN when the setup cell runs; their size is not in this number.
LITE_PYODIDE_MB = 6.4
#: The Pyodide version LITE_PYODIDE_MB was measured for (the Makefile's PYODIDE_VERSION; a test compares them).
LITE_PYODIDE_VERSION = "314.0.6"

BOX = """
```{{admonition}} Work on this lab yourself
:class: tip

- **Run in your browser:** <a class="reference external lite-link" href="{lite_url}" target="_blank" rel="noopener">open the student notebook in JupyterLite</a>,
  with nothing to install: Python runs in this browser tab. The first start downloads about {first_mb} MB before
  Python is up ({site_mb} MB of notebook app and `scaling_lab` from this site, {pyodide_mb} MB of Python from the
  jsDelivr CDN), then NumPy, SciPy and Matplotlib from that CDN and ipywidgets from PyPI when the first cell
  runs: allow a few minutes on a slow connection. Later starts load from the browser's cache. Run the first
  cell: it prints a line starting "Ready" once Python and `scaling_lab` are in place. Your edits are kept in
  this browser.
- **If Python does not start** (the first cell stays at `[*]` with no "Ready" line, or the kernel status at the
  top right shows an error), the network is blocking cdn.jsdelivr.net or pypi.org. Reload the page once; if
  that fails too, download the notebook below and run it in Jupyter or Colab.
- **Download** the {{download}}`student notebook (no solutions) </{student_dir}/{stem}.ipynb>` and open it in
  Jupyter or Colab: its first cell installs `scaling_lab` where it is missing. From a clone of the
  repository, `make lab` opens all the labs.

{solutions_note}
```
"""
SOLUTIONS_NOTE = "The page below is the solution version: try each exercise before you open its solution."
NO_SOLUTIONS_NOTE = "The solutions are not on this site: ask your instructor."

#: ``make book SOLUTIONS=hide`` sets this for the build: lab pages then lose their solution dropdowns
#: (``book/_ext/lab_downloads.py``); the instructor pack (``make instructor``) keeps them either way.
SOLUTIONS_ENV = "SCALING_LAB_SOLUTIONS"

_TITLE = re.compile(r"^# .+$", re.MULTILINE)


def lite_url(docname: str) -> str:
    """The link, relative to the page ``docname``, that opens its student notebook in JupyterLite."""
    return "../" * docname.count("/") + f"{LITE_DIR}/{LITE_APP}?path={Path(docname).name}.ipynb"


def solutions_shown(environ=None) -> bool:
    """Whether lab pages show their solutions: :data:`SOLUTIONS_ENV` is ``show`` (the default) or ``hide``."""
    import os

    value = (os.environ if environ is None else environ).get(SOLUTIONS_ENV, "show").strip().lower() or "show"
    if value not in ("show", "hide"):
        raise ValueError(f"{SOLUTIONS_ENV} must be 'show' or 'hide'; got {value!r}")
    return value == "show"


def student_notebook_box(stem: str, docname: str | None = None, solutions: bool = True) -> str:
    """The MyST text of the box for the lab ``stem`` (on the page ``docname``, default ``labs/<stem>``);
    ``solutions=False`` for a site whose lab pages show no solutions."""
    return BOX.format(student_dir=STUDENT_DIR, stem=stem, lite_url=lite_url(docname or f"labs/{stem}"),
                      solutions_note=SOLUTIONS_NOTE if solutions else NO_SOLUTIONS_NOTE,
                      first_mb=round(LITE_SITE_MB + LITE_PYODIDE_MB), site_mb=LITE_SITE_MB,
                      pyodide_mb=LITE_PYODIDE_MB)


def add_box(docname: str, text: str, solutions: bool = True) -> str:
    """The page source with the box after its title (unchanged outside ``labs/``)."""
    if not docname.startswith("labs/"):
        return text
    title = _TITLE.search(text)
    if title is None:
        raise ValueError(f"{docname}: a lab page needs a '# Title' line to put the student download under")
    box = student_notebook_box(Path(docname).name, docname, solutions)
    return text[:title.end()] + "\n" + box + text[title.end():]


def stage_lite_contents(srcdir, student_dir: str = STUDENT_DIR, out_dir: str = LITE_CONTENTS_DIR) -> list[Path]:
    """Copy every student notebook to ``out_dir`` with the Pyodide kernelspec; return the written paths."""
    source, target = Path(srcdir) / student_dir, Path(srcdir) / out_dir
    target.mkdir(parents=True, exist_ok=True)
    for stale in target.glob("*.ipynb"):
        stale.unlink()
    written = []
    for path in sorted(source.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        notebook.setdefault("metadata", {})["kernelspec"] = dict(PYODIDE_KERNELSPEC)
        (target / path.name).write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(target / path.name)
    return written
