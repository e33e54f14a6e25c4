"""The first cell of every notebook handed out: install ``scaling_lab`` where it is missing.

A student who opens a lab in Colab, or in JupyterLite on the course website, has
no ``scaling_lab``; one who runs ``make lab`` in a clone has it.  The student
build (:mod:`scaling_lab.authoring.student`) and the notebooks behind the site's Colab and
Binder buttons therefore start with one code cell, tagged :data:`SETUP_TAG`,
that installs the package only where ``import scaling_lab`` would fail:

* in JupyterLite (Pyodide, ``sys.platform == "emscripten"``) with
  ``piplite``, from the wheel the website bundles (``make lite``);
* elsewhere with ``%pip`` from the course repository
  (:attr:`CourseRepository.pip_requirement`).

Where the package is importable already the cell installs nothing.  Last, it imports the package and prints
one line starting "Ready", so a student in JupyterLite sees that Python started (when it cannot, the cell
stays queued at ``[*]``; the lab page's box says what to do then).  The repository
comes from one place, :func:`course_repository`: on GitHub Actions the
repository being built (so a fork's notebooks install the fork), otherwise
``repository.url`` and ``repository.branch`` of the book's ``_config.yml``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SETUP_TAG", "CourseRepository", "course_repository", "find_upwards", "setup_cell",
           "with_setup_cell"]

#: The tag of the setup cell (the first cell of a student notebook).
SETUP_TAG = "scaling-lab-setup"


def find_upwards(start, relative: str) -> Path | None:
    """The first ``<folder>/<relative>`` that is a file, for ``start`` (if a folder) and its parents."""
    start = Path(start).resolve()
    for folder in ([start] if start.is_dir() else []) + list(start.parents):
        candidate = folder / relative
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class CourseRepository:
    """Where the course lives: a repository URL and a branch.

    Attributes
    ----------
    url : str
        E.g. ``"https://github.com/owner/name"`` (no trailing slash, no ``.git``).
    branch : str
        The branch the site and the notebooks are built from.
    """

    url: str
    branch: str

    @property
    def owner_and_name(self) -> str:
        """``"owner/name"``, the last two parts of the URL."""
        return "/".join(self.url.rstrip("/").split("/")[-2:])

    @property
    def pip_requirement(self) -> str:
        """What ``pip install`` needs to install scaling_lab from this repository and branch."""
        return f"scaling_lab @ git+{self.url}@{self.branch}"


def course_repository(start=None, environ=None) -> CourseRepository:
    """The course's repository: the one GitHub Actions is building, else the one ``_config.yml`` names.

    Parameters
    ----------
    start : str or path, optional
        A file or folder inside the course; ``_config.yml`` is looked for in
        it and its parents (default: this package's source tree).
    environ : mapping, optional
        Environment variables (default :data:`os.environ`).  On GitHub Actions
        ``GITHUB_REPOSITORY`` (``owner/name``) and ``GITHUB_SERVER_URL`` give
        the URL, so a fork builds notebooks and a site that point at itself;
        ``GITHUB_REF_NAME`` gives the branch when a branch is pushed
        (``GITHUB_REF_TYPE`` is ``branch`` and ``GITHUB_HEAD_REF``, set only
        for pull requests, is empty).

    Returns
    -------
    CourseRepository
    """
    import yaml

    environ = os.environ if environ is None else environ
    config_path = None
    for origin in ([Path(start).resolve()] if start is not None else []) + [Path(__file__).resolve()]:
        config_path = find_upwards(origin, "_config.yml")
        if config_path is not None:
            break
    config = yaml.safe_load(config_path.read_text(encoding="utf-8")) if config_path else {}
    repository = (config or {}).get("repository") or {}
    url, branch = repository.get("url"), repository.get("branch") or "main"
    if environ.get("GITHUB_REPOSITORY"):
        server = environ.get("GITHUB_SERVER_URL") or "https://github.com"
        url = f"{server.rstrip('/')}/{environ['GITHUB_REPOSITORY']}"
        pushed_branch = environ.get("GITHUB_REF_TYPE") == "branch" and not environ.get("GITHUB_HEAD_REF")
        if pushed_branch and environ.get("GITHUB_REF_NAME"):
            branch = environ["GITHUB_REF_NAME"]
    if not url:
        raise ValueError("no course repository: set repository.url in _config.yml (or GITHUB_REPOSITORY)")
    url = url.rstrip("/").removesuffix(".git")
    return CourseRepository(url=url, branch=branch)


_SETUP_SOURCE = """\
# Setup: installs the course package, scaling_lab, where it is missing (Colab, JupyterLite in the
# browser, a fresh Jupyter). Where it is installed already (`make lab`, a clone of the course) it
# installs nothing. Run it first: it prints a line starting "Ready" when all is in place.
import importlib.util
import sys

if importlib.util.find_spec("scaling_lab") is None:
    if sys.platform == "emscripten":  # JupyterLite: the package is bundled with the website
        import piplite

        await piplite.install("scaling_lab")
    else:  # Colab or any other Jupyter: from the course repository
        %pip install --quiet "{requirement}"

import scaling_lab

python_version = sys.version.split()[0]
print(f"Ready: Python {{python_version}} is running, with scaling_lab {{scaling_lab.__version__}}.")
"""


def setup_cell(repository: CourseRepository | None = None):
    """The first code cell of a student notebook: install scaling_lab where it is missing.

    Parameters
    ----------
    repository : CourseRepository, optional
        Where ``pip`` installs from outside JupyterLite (default
        :func:`course_repository`).

    Returns
    -------
    nbformat.NotebookNode
        A code cell tagged :data:`SETUP_TAG`.
    """
    import nbformat

    repository = course_repository() if repository is None else repository
    if not isinstance(repository, CourseRepository):
        raise ValueError(f"repository must be a CourseRepository; got {repository!r}")
    cell = nbformat.v4.new_code_cell(_SETUP_SOURCE.format(requirement=repository.pip_requirement))
    cell.metadata["tags"] = [SETUP_TAG]
    return cell


def with_setup_cell(notebook, repository: CourseRepository | None = None):
    """A copy of ``notebook`` whose first cell is :func:`setup_cell` (an older setup cell is replaced)."""
    import copy

    out = copy.deepcopy(notebook)
    out.cells = [setup_cell(repository)] + [
        cell for cell in out.cells if SETUP_TAG not in cell.get("metadata", {}).get("tags", [])]
    return out
