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

Usage: python tests/notebooks/convert.py --toc _toc.yml --out _build/nbtest --student _build/student
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jupytext
import nbformat
import yaml


def toc_files(toc_path: Path) -> list[str]:
    """Every ``file:`` entry of a jb-book table of contents, root first."""
    toc = yaml.safe_load(toc_path.read_text())
    found = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                found.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return found


def resolve(root: Path, name: str) -> Path:
    for suffix in (".md", ".ipynb"):
        path = root / f"{name}{suffix}"
        if path.is_file():
            return path
    raise FileNotFoundError(f"_toc.yml names {name!r}, but neither .md nor .ipynb exists")


def is_notebook(path: Path) -> bool:
    if path.suffix == ".ipynb":
        return True
    head = path.read_text(encoding="utf-8")[:600]
    return head.startswith("---") and "jupytext" in head and "kernelspec" in head


def unanswered_test_copy(student_notebook: Path):
    """The student notebook with a last cell asserting that every check said "not answered yet"."""
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
    root = args.toc.resolve().parent
    written = 0
    for name in toc_files(args.toc):
        source = resolve(root, name)
        if not is_notebook(source):
            continue
        notebook = jupytext.read(source) if source.suffix == ".md" else nbformat.read(source, 4)
        target = args.out / f"{name}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, target)
        written += 1
    if written == 0:
        print("convert.py: no notebooks found in the table of contents", file=sys.stderr)
        return 1
    if args.student is not None:
        students = sorted(args.student.glob("*.ipynb"))
        if not students:
            print(f"convert.py: no student notebooks in {args.student}", file=sys.stderr)
            return 1
        (args.out / "student").mkdir(parents=True, exist_ok=True)
        for path in students:
            nbformat.write(unanswered_test_copy(path), args.out / "student" / path.name)
            written += 1
    print(f"convert.py: wrote {written} notebooks to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
