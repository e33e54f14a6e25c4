"""The pages of the book, read from Jupyter Book's table of contents (``_toc.yml``)."""

from __future__ import annotations

from pathlib import Path

__all__: list[str] = []  # an authoring module: nothing here is re-exported under sl.


def toc_files(toc_path: Path) -> list[str]:
    """Every ``file:`` entry of a jb-book table of contents, root first."""
    import yaml

    toc = yaml.safe_load(Path(toc_path).read_text())
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
    """The file a table-of-contents entry names (``.md`` or ``.ipynb``)."""
    for suffix in (".md", ".ipynb"):
        path = root / f"{name}{suffix}"
        if path.is_file():
            return path
    raise FileNotFoundError(f"_toc.yml names {name!r}, but neither .md nor .ipynb exists")


def is_notebook(path: Path) -> bool:
    """True for an ``.ipynb``, or a MyST markdown notebook (a jupytext header with a kernelspec)."""
    if path.suffix == ".ipynb":
        return True
    head = path.read_text(encoding="utf-8")[:600]
    return head.startswith("---") and "jupytext" in head and "kernelspec" in head
