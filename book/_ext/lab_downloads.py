"""Put the student-notebook download at the top of every lab page, from one place.

Each page under ``labs/`` gets, right after its title, a box that links the
student version of that lab (``_build/student/<lab>.ipynb``, written by
``make student`` before the book is built) and says how to work on it.  No lab
types the link itself, so a new lab gets it for free and no link can point at
the wrong file.  The text is added to the page's source when Sphinx reads it
(the ``source-read`` event), so the student notebook, made from the file on
disk, never contains it.
"""

from __future__ import annotations

import re
from pathlib import Path

STUDENT_DIR = "_build/student"

BOX = """
```{{admonition}} Work on this lab yourself
:class: tip

Download the {{download}}`student notebook (no solutions) </{student_dir}/{stem}.ipynb>` and open it in
Jupyter or Colab, after `pip install` of this repository's `scaling_lab` package; or, from a clone of the
repository, run `make lab`. The notebook below is the solution version: try each exercise before you open
its solution.
```
"""

_TITLE = re.compile(r"^# .+$", re.MULTILINE)


def student_notebook_box(stem: str) -> str:
    """The MyST text of the box for the lab ``stem``."""
    return BOX.format(student_dir=STUDENT_DIR, stem=stem)


def add_box(docname: str, text: str) -> str:
    """The page source with the box after its title (unchanged outside ``labs/``)."""
    if not docname.startswith("labs/"):
        return text
    title = _TITLE.search(text)
    if title is None:
        raise ValueError(f"{docname}: a lab page needs a '# Title' line to put the student download under")
    return text[:title.end()] + "\n" + student_notebook_box(Path(docname).name) + text[title.end():]


def _on_source_read(app, docname, source):
    source[0] = add_box(docname, source[0])


def setup(app):
    app.connect("source-read", _on_source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
