"""The bibliography, ``book/references.bib``: it parses, and every key a chapter or a lab cites is in it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bibliography_parses_and_every_cited_key_exists():
    """A syntax error in references.bib or a citation of a missing key is caught before the book builds."""
    from pybtex.database import parse_file

    keys = set(parse_file(str(ROOT / "book" / "references.bib")).entries)
    cited = set()
    for folder in ("book", "labs"):
        for path in (ROOT / folder).glob("*.md"):
            for match in re.finditer(r"\{cite(?::[a-z]+)?\}`([\w.:-]+(?:\s*,\s*[\w.:-]+)*)`", path.read_text(encoding="utf-8")):
                cited.update(key.strip() for key in match.group(1).split(","))
    assert cited <= keys, f"cited but not in book/references.bib: {sorted(cited - keys)}"
