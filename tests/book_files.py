"""Load a script or Sphinx extension of ``book/`` by its path, for the tests (no ``sys.path`` changes).

The extensions in ``book/_ext`` and the tools in ``book/_tools`` are not a package: Sphinx and
``make`` run them from their folders.  Their logic lives in :mod:`scaling_lab.authoring`; what is
left (Sphinx events, the logo script) is loaded here from its file.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_book_module(relative_path: str):
    """Import ``book/<relative_path>`` as a module of its own and return it."""
    path = ROOT / "book" / relative_path
    spec = importlib.util.spec_from_file_location(f"book_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
