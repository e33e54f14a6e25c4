"""The notebooks behind the Colab and Binder buttons, and where those buttons point.

Colab cannot open a MyST ``.md`` page, and a fresh Colab or Binder has no ``scaling_lab``.  So the
launch buttons open notebooks kept on a branch of their own, :data:`LAUNCH_BRANCH`, which the Pages
workflow force-pushes from ``_build/launch/``: a lab opens as its student notebook, a chapter as its
reader notebook (:func:`reader_notebook`: plain markdown, the numbers the build computed pasted in,
no ``myst_nb`` needed), each starting with the setup cell that installs ``scaling_lab`` where it is
missing.  :func:`write_launch_notebooks` writes that folder at the end of every build (called by the
Sphinx extension ``book/_ext/site_links.py``), from the same list of pages the buttons are made for,
so every button has its notebook.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from scaling_lab.authoring.lab_pages import STUDENT_DIR

__all__: list[str] = []  # an authoring module: nothing here is re-exported under sl.

#: The branch that holds the notebooks behind the Colab and Binder buttons (written by the Pages workflow).
LAUNCH_BRANCH = "notebooks"
#: Where a build writes the content of that branch.
LAUNCH_DIR = "_build/launch"
#: Where myst-nb writes each executed page's glued values (``<docname>.glue.json``).
GLUE_DIR = "_build/jupyter_execute"
def launch_path(docname: str) -> str:
    """The path, on the launch branch, of the notebook behind a page's Colab and Binder buttons."""
    return f"{docname}.ipynb"


def launch_urls(repo_url: str, docname: str) -> dict[str, str]:
    """Colab and Binder URLs of a page's notebook on :data:`LAUNCH_BRANCH` of a GitHub repository."""
    owner_and_name = "/".join(repo_url.rstrip("/").split("/")[-2:])
    path = launch_path(docname)
    return {
        "Colab": f"https://colab.research.google.com/github/{owner_and_name}/blob/{LAUNCH_BRANCH}/{path}",
        "Binder": f"https://mybinder.org/v2/gh/{owner_and_name}/{LAUNCH_BRANCH}?urlpath=lab/tree/{path}",
    }


def glue_values(path) -> dict[str, str]:
    """The text/plain of every value a page glued, from myst-nb's ``<docname>.glue.json`` (none if absent)."""
    path = Path(path)
    if not path.is_file():
        return {}
    return {key: output["data"]["text/plain"] for key, output in json.loads(path.read_text(encoding="utf-8")).items()
            if "text/plain" in output.get("data", {})}


def reader_notebook(source, values: dict[str, str], bibliography, repo):
    """A chapter as a plain notebook: every MyST markup rendered (solutions shown), glued values pasted in.

    Raises ``MystMarkupError`` for markup it cannot render and ``KeyError`` for a ``{glue:text}`` whose
    value the build did not record, so a chapter never reaches Colab half-rendered.
    """
    import jupytext
    from myst_nb.core.variables import format_plain_text

    from scaling_lab.authoring.myst import render_markdown
    from scaling_lab.authoring.setup_cell import with_setup_cell

    def paste(content: str) -> str:
        key, _, spec = content.rpartition(":") if ":" in content else (content, "", "s")
        if key not in values:
            raise KeyError(f"{Path(source).name}: {{glue:text}}`{content}` has no value: was the page executed?")
        return format_plain_text(values[key], spec)

    notebook = jupytext.read(source)
    notebook.metadata.pop("jupytext", None)
    cells = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            cell.source = render_markdown(cell.source, bibliography, where=f"{Path(source).name} cell {index}",
                                          glue=paste, show_solutions=True)
            if not cell.source.strip():
                continue
        cells.append(cell)
    notebook.cells = cells
    return with_setup_cell(notebook, repo)


def write_launch_notebooks(srcdir, docnames, repo, out_dir: str = LAUNCH_DIR, glue_dir: str = GLUE_DIR) -> list[Path]:
    """Write the launch branch's content: one notebook per page (student version for labs), and Binder's files."""
    import nbformat

    from scaling_lab.authoring.myst import Bibliography

    srcdir, out = Path(srcdir), Path(srcdir) / out_dir
    bibliography = Bibliography.from_file(srcdir / "book" / "references.bib")
    shutil.rmtree(out, ignore_errors=True)
    written = []
    for docname in sorted(docnames):
        target = out / launch_path(docname)
        target.parent.mkdir(parents=True, exist_ok=True)
        if docname.startswith("labs/"):
            student = srcdir / STUDENT_DIR / f"{Path(docname).name}.ipynb"
            if not student.is_file():
                raise FileNotFoundError(f"{student} is missing: run `make student` before building the book")
            shutil.copyfile(student, target)
        else:
            values = glue_values(srcdir / glue_dir / f"{docname}.glue.json")
            nbformat.write(reader_notebook(srcdir / f"{docname}.md", values, bibliography, repo), target)
        written.append(target)
    (out / "requirements.txt").write_text(f"{repo.pip_requirement}\n", encoding="utf-8")
    (out / "README.md").write_text(
        "# Notebooks behind the Colab and Binder buttons\n\n"
        f"Written by the book build from {repo.url} (branch `{repo.branch}`) and force-pushed here by the Pages "
        "workflow. Do not edit: every push to the course replaces this branch. Labs are the student versions; "
        "each notebook's first cell installs `scaling_lab` where it is missing.\n", encoding="utf-8")
    (out / "index.json").write_text(json.dumps(sorted(launch_path(d) for d in docnames), indent=1) + "\n",
                                    encoding="utf-8")
    return written
