"""Convert every notebook in the table of contents to .ipynb for nbval.

nbval collects only ``.ipynb`` files, while chapters and labs are MyST
markdown notebooks. This writes ``<out>/<path>.ipynb`` for each MyST notebook
listed in ``_toc.yml`` (plain markdown pages without a jupytext header are
skipped: they have no code to execute) and fails if the table of contents
names a file that does not exist.

Usage: python tests/notebooks/convert.py --toc _toc.yml --out _build/nbtest
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--toc", type=Path, default=Path("_toc.yml"))
    parser.add_argument("--out", type=Path, required=True)
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
    print(f"convert.py: wrote {written} notebooks to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
