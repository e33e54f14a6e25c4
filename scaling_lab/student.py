"""Make the student version of a lab from its single source.

A lab is one MyST markdown notebook holding exercises, placeholders, checks
and solutions. The website shows the solutions in dropdowns; students get a
``.ipynb`` without them:

* every cell from the markdown cell that opens a ``{solution-start}``
  directive through the cell that holds the matching ``{solution-end}`` is
  dropped (text in those two cells before the start fence, or after the end
  directive, is kept);
* every cell tagged ``solution-only`` is dropped (e.g. hidden cells that
  assert the solution passes its check);
* everything else (exercise text, ``answer = ...`` placeholders, checker
  cells) is kept, and outputs are cleared;
* book-only markup that plain Jupyter would show raw is rewritten
  (:func:`plain_markdown`): exercise directives become bold headings, and
  cross-reference roles keep their text.

Command line::

    python -m scaling_lab.student labs/lab01_zipf.md -o _build/student
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

__all__ = ["SolutionMarkupError", "plain_markdown", "strip_solutions", "make_student_version", "main"]

SOLUTION_ONLY_TAG = "solution-only"

# An opening fence (``` or :::, three or more) followed by the directive name.
_START = re.compile(r"^[ \t]*(?P<fence>`{3,}|:{3,})[ \t]*\{solution-start\}", re.MULTILINE)
_END = re.compile(r"^[ \t]*(?P<fence>`{3,}|:{3,})[ \t]*\{solution-end\}[^\n]*\n?", re.MULTILINE)


class SolutionMarkupError(ValueError):
    """A ``{solution-start}`` without its ``{solution-end}`` (or the reverse)."""


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _after_end_directive(text: str, match: re.Match) -> str:
    """Text after the ``{solution-end}`` directive, including its closing fence."""
    rest = text[match.end():]
    fence = match.group("fence")
    close = re.match(rf"[ \t]*{re.escape(fence)}[ \t]*\n?", rest)
    return rest[close.end():] if close else rest


_EXERCISE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})[ \t]*\{exercise\}[ \t]*(?P<title>[^\n]*)\n"
    r"(?P<options>(?:[ \t]*:[\w-]+:[^\n]*\n)*)"
    r"(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
# {ref}`text <target>`, {download}`text <path>`, {doc}`...`: keep the text for a plain notebook.
_ROLE_WITH_TEXT = re.compile(r"\{(?:ref|doc|download|numref)\}`(?P<text>[^`<]*?)\s*<[^`>]*>`")
_ROLE_BARE = re.compile(r"\{(?:ref|doc|download|numref)\}`(?P<target>[^`]*)`")
_TARGET = re.compile(r"^\([\w.:-]+\)=[ \t]*\n", re.MULTILINE)  # a MyST label line, e.g. (lab01-zipf)=


def plain_markdown(text: str) -> str:
    """Rewrite book-only MyST markup so it reads well in plain Jupyter.

    An ``{exercise}`` directive becomes a bold "Exercise: title" line
    followed by its text, and cross-reference roles keep only their text
    (``{ref}`Lab 1 <lab01-zipf>``` becomes ``Lab 1``), and label lines such
    as ``(lab01-zipf)=`` are dropped. Math and ordinary markdown are left
    alone.
    """

    def exercise(match: re.Match) -> str:
        title = match.group("title").strip()
        heading = f"**Exercise: {title}**" if title else "**Exercise**"
        return f"{heading}\n\n{match.group('body').strip()}"

    text = _TARGET.sub("", text)
    text = _EXERCISE.sub(exercise, text)
    text = _ROLE_WITH_TEXT.sub(lambda m: m.group("text"), text)
    return _ROLE_BARE.sub(lambda m: f"`{m.group('target')}`", text)


def strip_solutions(notebook):
    """Return a copy of a notebook (nbformat node) without solutions and outputs.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        The lab, e.g. from ``jupytext.read("labs/lab01_zipf.md")``.

    Returns
    -------
    nbformat.NotebookNode
        The student version.

    Raises
    ------
    SolutionMarkupError
        If a solution is opened and never closed, closed without being
        opened, or opened twice.
    """
    import copy

    import nbformat

    out = copy.deepcopy(notebook)
    kept = []
    inside = False
    for index, cell in enumerate(out.cells):
        if SOLUTION_ONLY_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        text = _source(cell) if cell.get("cell_type") == "markdown" else ""
        starts = list(_START.finditer(text))
        ends = list(_END.finditer(text))
        if not inside:
            if ends and (not starts or ends[0].start() < starts[0].start()):
                raise SolutionMarkupError(f"cell {index}: {{solution-end}} without a {{solution-start}}")
            if not starts:
                kept.append(cell)
                continue
            if len(starts) > 1 or (ends and len(ends) > 1):
                raise SolutionMarkupError(f"cell {index}: more than one solution in one markdown cell")
            before = text[: starts[0].start()]
            after = _after_end_directive(text, ends[0]) if ends else ""
            inside = not ends
            remaining = (before.rstrip("\n") + "\n\n" + after.lstrip("\n")).strip("\n")
            if remaining.strip():
                cell.source = remaining
                kept.append(cell)
            continue
        # inside a solution: drop cells until the end directive
        if starts:
            raise SolutionMarkupError(f"cell {index}: {{solution-start}} inside an open solution")
        if ends:
            inside = False
            after = _after_end_directive(text, ends[0]).strip("\n")
            if after.strip():
                cell.source = after
                kept.append(cell)
    if inside:
        raise SolutionMarkupError("a {solution-start} is never closed by {solution-end}")
    for cell in kept:
        if cell.get("cell_type") == "code":
            cell.outputs = []
            cell.execution_count = None
        elif cell.get("cell_type") == "markdown":
            cell.source = plain_markdown(_source(cell))
    out.cells = kept
    nbformat.validate(out)
    return out


def make_student_version(source, destination) -> Path:
    """Write the student ``.ipynb`` of a lab.

    Parameters
    ----------
    source : str or path
        The lab source, a MyST markdown notebook (or any format jupytext reads).
    destination : str or path
        An output directory (the notebook is written there as
        ``<stem>.ipynb``) or a path ending in ``.ipynb``. Parent folders are
        created.

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
    notebook = jupytext.read(source)
    student = strip_solutions(notebook)
    # jupytext keeps a record of the text format; the student copy is a plain notebook.
    student.metadata.pop("jupytext", None)
    destination.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(student, destination)
    return destination


def main(argv=None) -> int:
    """Command-line entry point (``python -m scaling_lab.student``)."""
    parser = argparse.ArgumentParser(
        prog="python -m scaling_lab.student",
        description="Write the student version (no solutions, no outputs) of one or more labs.",
    )
    parser.add_argument("sources", nargs="+", help="lab source files (MyST .md)")
    parser.add_argument("-o", "--output", required=True, help="output directory")
    args = parser.parse_args(argv)
    for source in args.sources:
        try:
            path = make_student_version(source, args.output)
        except (ValueError, OSError) as exc:
            print(f"error: {source}: {exc}", file=sys.stderr)
            return 1
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
