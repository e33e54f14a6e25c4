"""Convert every notebook in the table of contents to .ipynb for nbval.

nbval collects only ``.ipynb`` files, while chapters and labs are MyST
markdown notebooks. This writes ``<out>/<path>.ipynb`` for each MyST notebook
listed in ``_toc.yml`` (plain markdown pages without a jupytext header are
skipped: they have no code to execute) and fails if the table of contents
names a file that does not exist.

With ``--student DIR`` it also copies each student notebook of ``DIR`` into
``<out>/student/`` and appends one cell, ``sl.require_unanswered("<lab>")``:
the untouched student notebook must run to its end with every check saying
"not answered yet" (the copy handed to students has no such cell).

Usage: python -m scaling_lab.authoring.nbtest --toc _toc.yml --out _build/nbtest --student _build/student
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scaling_lab.authoring.toc import is_notebook, resolve, toc_files

__all__: list[str] = []  # an authoring module: nothing here is re-exported under sl.

#: How jupyter-cache reads a MyST page: with myst-nb's reader, as the book build does.
MYST_READER = {"type": "plugin", "name": "myst_nb_md"}
#: The file, beside the converted notebooks, mapping each to the page it came from.
SOURCES = "sources.json"


def read_page(source: Path):
    """A page as the book build reads it: MyST markdown with myst-nb's own reader, so that the cells,
    their metadata and the execution cache's hash are the build's (an ``.ipynb`` as it is)."""
    import nbformat

    if source.suffix != ".md":
        return nbformat.read(source, as_version=4)
    from jupyter_cache.readers import get_reader

    return get_reader(MYST_READER)(str(source))


def unanswered_test_copy(student_notebook: Path):
    """The student notebook with a last cell asserting that every check said "not answered yet"."""
    import nbformat

    notebook = nbformat.read(student_notebook, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(
        f'import scaling_lab as sl\n\nsl.require_unanswered("{student_notebook.stem}")'))
    return notebook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--toc", type=Path, default=Path("_toc.yml"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--student", type=Path, default=None, help="folder of student notebooks to test too")
    args = parser.parse_args(argv)
    import nbformat

    root = args.toc.resolve().parent
    written, sources = 0, {}
    for name in toc_files(args.toc):
        source = resolve(root, name)
        if not is_notebook(source):
            continue
        target = args.out / f"{name}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(read_page(source), target)
        sources[name] = str(source)
        written += 1
    if written == 0:
        print("nbtest: no notebooks found in the table of contents", file=sys.stderr)
        return 1
    if args.student is not None:
        students = sorted(args.student.glob("*.ipynb"))
        if not students:
            print(f"nbtest: no student notebooks in {args.student}", file=sys.stderr)
            return 1
        (args.out / "student").mkdir(parents=True, exist_ok=True)
        for path in students:
            nbformat.write(unanswered_test_copy(path), args.out / "student" / path.name)
            written += 1
    (args.out / SOURCES).write_text(json.dumps(sources, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"nbtest: wrote {written} notebooks to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
