"""What a lab page offers a student, built from one place: the student download and JupyterLite.

Each page under ``labs/`` gets, right after its title, a box (:func:`add_box`) that offers

* the student version of that lab as a download (``_build/student/<lab>.ipynb``,
  written by ``make student`` before the book is built), and
* "Run in your browser": the same student notebook in JupyterLite, the
  Pyodide kernel in the browser, with nothing installed (``lite/`` on the site,
  built by jupyterlite-sphinx; the notebook's first cell installs the
  ``scaling_lab`` wheel that the site bundles).

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

BOX = """
```{{admonition}} Work on this lab yourself
:class: tip

- **Run in your browser:** <a class="reference external lite-link" href="{lite_url}" target="_blank" rel="noopener">open the student notebook in JupyterLite</a>,
  with nothing to install: Python runs in this browser tab (the first start downloads it, so give it a
  moment). Run the first cell, then work down; your edits are kept in this browser.
- **Download** the {{download}}`student notebook (no solutions) </{student_dir}/{stem}.ipynb>` and open it in
  Jupyter or Colab: its first cell installs `scaling_lab` where it is missing. From a clone of the
  repository, `make lab` opens all the labs.

The page below is the solution version: try each exercise before you open its solution.
```
"""

_TITLE = re.compile(r"^# .+$", re.MULTILINE)


def lite_url(docname: str) -> str:
    """The link, relative to the page ``docname``, that opens its student notebook in JupyterLite."""
    return "../" * docname.count("/") + f"{LITE_DIR}/{LITE_APP}?path={Path(docname).name}.ipynb"


def student_notebook_box(stem: str, docname: str | None = None) -> str:
    """The MyST text of the box for the lab ``stem`` (on the page ``docname``, default ``labs/<stem>``)."""
    return BOX.format(student_dir=STUDENT_DIR, stem=stem, lite_url=lite_url(docname or f"labs/{stem}"))


def add_box(docname: str, text: str) -> str:
    """The page source with the box after its title (unchanged outside ``labs/``)."""
    if not docname.startswith("labs/"):
        return text
    title = _TITLE.search(text)
    if title is None:
        raise ValueError(f"{docname}: a lab page needs a '# Title' line to put the student download under")
    box = student_notebook_box(Path(docname).name, docname)
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
