"""Make the student version of a lab from its single source.

A lab is one MyST markdown notebook holding exercises, placeholders, checks
and solutions. The website shows the solutions in dropdowns; students get a
plain ``.ipynb`` without them:

* everything between a ``{solution-start}`` and its ``{solution-end}`` (across
  cells) is removed, and so is every single-directive ``{solution}``;
* cells tagged ``solution-only`` are removed, and so are cells tagged
  ``remove-cell`` (hidden on the site, such as the asserts that guard the
  book's numbers) unless they are also tagged ``keep-in-student``;
* cells tagged ``instructor-only`` (such as Lab 6's reveal of the training
  API's hidden truth) are always removed, whatever else they are tagged: they
  exist only in the lab source and the instructor pack;
* every other markdown cell is rendered to plain Jupyter markdown by
  :func:`scaling_lab.authoring.myst.render_markdown`: exercises become bold headings,
  citations "(Kaplan et al. 2020)", cross-references their text.  Unknown
  directives and roles, and roles whose text exists only in the built book
  (``{eq}``, ``{glue:text}``), stop the build with an error naming the cell;
* outputs are cleared, and the structure is checked: every exercise has
  exactly one placeholder cell (a code cell marked ``# your code``) and exactly
  one check cell (``sl.check("<label>", ...)``), in that order;
* a first code cell (:func:`scaling_lab.authoring.setup_cell.setup_cell`) installs
  ``scaling_lab`` where it is missing (Colab, JupyterLite) and does nothing
  where it is installed.

Command line::

    python -m scaling_lab.authoring.student labs/lab01_zipf.md -o _build/student
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

from scaling_lab.authoring.myst import (
    Bibliography, MystMarkupError, exercise_labels, find_directives, render_markdown,
)
from scaling_lab.authoring.setup_cell import course_repository, find_upwards, with_setup_cell

__all__ = [
    "SolutionMarkupError", "LabStructureError", "SOLUTION_ONLY_TAG", "INSTRUCTOR_ONLY_TAG", "KEEP_TAG",
    "PLACEHOLDER_MARK",
    "strip_solutions", "lab_structure", "check_lab_structure", "make_student_version", "main",
]

SOLUTION_ONLY_TAG = "solution-only"
#: Cells for the instructor only (never in a student notebook, even if also tagged ``keep-in-student``).
INSTRUCTOR_ONLY_TAG = "instructor-only"
KEEP_TAG = "keep-in-student"
REMOVE_TAG = "remove-cell"
#: The comment that marks the one code cell a student fills in for each exercise.
PLACEHOLDER_MARK = "# your code"
_CHECK_CALL = re.compile(r"""\bsl\.check\(\s*["'](?P<label>[^"']+)["']""")


class SolutionMarkupError(MystMarkupError):
    """A ``{solution-start}`` without its ``{solution-end}`` (or the reverse)."""


class LabStructureError(ValueError):
    """An exercise without exactly one placeholder and one check, in that order."""


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _outside_solutions(text: str, inside: bool, where: str) -> tuple[str, bool]:
    """The parts of a markdown text outside solutions, and whether a solution is still open at its end."""
    lines = text.split("\n")
    kept, cursor = [], 0
    for directive in find_directives(text, where=where):
        name = directive.name
        if not inside:
            kept.extend(lines[cursor:directive.start])
        if name == "solution-start":
            if inside:
                raise SolutionMarkupError(f"{where}: {{solution-start}} inside an open solution")
            inside = True
        elif name == "solution-end":
            if not inside:
                raise SolutionMarkupError(f"{where}: {{solution-end}} without a {{solution-start}}")
            inside = False
        elif not inside and name != "solution":
            kept.extend(lines[directive.start:directive.end + 1])
        cursor = directive.end + 1
    if not inside:
        kept.extend(lines[cursor:])
    return "\n".join(kept), inside


def strip_solutions(notebook, *, bibliography: Bibliography | None = None):
    """Return a copy of a notebook (nbformat node) without solutions, hidden cells and outputs.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        The lab, e.g. from ``jupytext.read("labs/lab01_zipf.md")``.
    bibliography : Bibliography, optional
        Needed only if the lab cites (``{cite:p}``).

    Returns
    -------
    nbformat.NotebookNode
        The student version.  Each markdown cell that opens an exercise
        carries ``metadata["scaling_lab"]["exercises"]``, the exercise labels.

    Raises
    ------
    SolutionMarkupError
        If a solution is opened and never closed, closed without being
        opened, or opened twice.
    scaling_lab.authoring.myst.MystMarkupError
        For an unknown directive or role, or one the student build refuses.
    """
    import nbformat

    out = copy.deepcopy(notebook)
    kept = []
    inside = False
    for index, cell in enumerate(out.cells):
        tags = cell.get("metadata", {}).get("tags", [])
        where = f"cell {index}"
        if SOLUTION_ONLY_TAG in tags or INSTRUCTOR_ONLY_TAG in tags or (REMOVE_TAG in tags and KEEP_TAG not in tags):
            continue
        if cell.get("cell_type") != "markdown":
            if not inside:
                if cell.get("cell_type") == "code":
                    cell.outputs = []
                    cell.execution_count = None
                kept.append(cell)
            continue
        text, inside = _outside_solutions(_source(cell), inside, where)
        if not text.strip():
            continue
        labels = exercise_labels(text, where=where)
        cell.source = render_markdown(text, bibliography, where=where)
        if labels:
            cell.metadata.setdefault("scaling_lab", {})["exercises"] = labels
        if cell.source.strip():
            kept.append(cell)
    if inside:
        raise SolutionMarkupError("a {solution-start} is never closed by {solution-end}")
    out.cells = kept
    nbformat.validate(out)
    return out


def lab_structure(notebook) -> dict[str, dict[str, list[int]]]:
    """For each exercise label: the indices of its placeholder cells and of its check cells.

    Code cells belong to the most recent exercise until that exercise's check
    cell. ``notebook`` is a student version (from :func:`strip_solutions`).
    """
    layout: dict[str, dict[str, list[int]]] = {}
    current = None
    for index, cell in enumerate(notebook.cells):
        labels = cell.get("metadata", {}).get("scaling_lab", {}).get("exercises", [])
        for label in labels:
            layout.setdefault(label, {"placeholders": [], "checks": []})
            current = label
        if cell.get("cell_type") != "code":
            continue
        source = _source(cell)
        for match in _CHECK_CALL.finditer(source):
            layout.setdefault(match.group("label"), {"placeholders": [], "checks": []})["checks"].append(index)
            if match.group("label") == current:
                current = None
        if PLACEHOLDER_MARK in source and current is not None:
            layout[current]["placeholders"].append(index)
    return layout


def check_lab_structure(notebook) -> None:
    """Raise :class:`LabStructureError` unless every exercise has one placeholder, then one check."""
    problems = []
    for label, parts in lab_structure(notebook).items():
        if len(parts["placeholders"]) != 1:
            problems.append(f"{label}: {len(parts['placeholders'])} placeholder cells (marked {PLACEHOLDER_MARK!r})")
        if len(parts["checks"]) != 1:
            problems.append(f"{label}: {len(parts['checks'])} check cells (sl.check({label!r}, ...))")
        if len(parts["placeholders"]) == 1 and len(parts["checks"]) == 1 and parts["checks"][0] < parts["placeholders"][0]:
            problems.append(f"{label}: the check comes before the placeholder")
    if problems:
        raise LabStructureError("; ".join(problems))


def _find_bibliography(source: Path) -> Path | None:
    return find_upwards(source, "book/references.bib")


def make_student_version(source, destination, *, bibliography=None, repository=None) -> Path:
    """Write the student ``.ipynb`` of a lab.

    Parameters
    ----------
    source : str or path
        The lab source, a MyST markdown notebook (or any format jupytext reads).
    destination : str or path
        An output directory (the notebook is written there as
        ``<stem>.ipynb``) or a path ending in ``.ipynb``. Parent folders are
        created.
    bibliography : str or path, optional
        A BibTeX file for citations; default ``book/references.bib`` of the
        repository that holds ``source``, if there is one.
    repository : CourseRepository, optional
        Where the setup cell installs scaling_lab from; default
        :func:`course_repository` of the course that holds ``source``.

    Returns
    -------
    pathlib.Path
        The written notebook.
    """
    import jupytext
    import nbformat

    source = Path(source)
    if not source.is_file():
        raise ValueError(f"source must be an existing file; got {str(source)!r}")
    destination = Path(destination)
    if destination.suffix != ".ipynb":
        destination = destination / f"{source.stem}.ipynb"
    bib_path = Path(bibliography) if bibliography is not None else _find_bibliography(source.resolve())
    bib = Bibliography.from_file(bib_path) if bib_path is not None else None
    notebook = jupytext.read(source)
    student = strip_solutions(notebook, bibliography=bib)
    check_lab_structure(student)
    student = with_setup_cell(student, course_repository(source) if repository is None else repository)
    # jupytext keeps a record of the text format; the student copy is a plain notebook.
    student.metadata.pop("jupytext", None)
    destination.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(student, destination)
    return destination


def main(argv=None) -> int:
    """Command-line entry point (``python -m scaling_lab.authoring.student``)."""
    parser = argparse.ArgumentParser(
        prog="python -m scaling_lab.authoring.student",
        description="Write the student version (no solutions, no outputs) of one or more labs.",
    )
    parser.add_argument("sources", nargs="+", help="lab source files (MyST .md)")
    parser.add_argument("-o", "--output", required=True, help="output directory")
    parser.add_argument("--bib", default=None, help="BibTeX file for citations (default: book/references.bib)")
    args = parser.parse_args(argv)
    for source in args.sources:
        try:
            path = make_student_version(source, args.output, bibliography=args.bib)
        except (ValueError, OSError) as exc:
            print(f"error: {source}: {exc}", file=sys.stderr)
            return 1
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
