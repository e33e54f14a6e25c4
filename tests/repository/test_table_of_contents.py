"""The table of contents, ``_toc.yml``: every entry exists, and every chapter (``book/*.md``) and lab
(``labs/*.md``) is in it.
"""

from __future__ import annotations

from pathlib import Path

from scaling_lab.authoring.toc import toc_files

ROOT = Path(__file__).resolve().parents[2]


def toc_entries() -> list[str]:
    return toc_files(ROOT / "_toc.yml")


def test_every_toc_entry_exists():
    for name in toc_entries():
        assert any((ROOT / f"{name}{suffix}").is_file() for suffix in (".md", ".ipynb")), name


def test_every_chapter_and_lab_is_in_the_toc():
    listed = set(toc_entries())
    pages = [p for folder in ("book", "labs") for p in (ROOT / folder).glob("*.md")]
    assert pages, "no pages found in book/ or labs/"
    orphans = [str(p.relative_to(ROOT)) for p in pages if str(p.relative_to(ROOT).with_suffix("")) not in listed]
    assert not orphans, f"pages missing from _toc.yml: {orphans}"
