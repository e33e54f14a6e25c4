"""No notebook is committed with outputs (nor an execution count): the book executes its pages itself, and a
stale output would hide what the code computes now.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def tracked_files(pattern: str) -> list[Path]:
    """Files git tracks (falls back to a glob outside a git checkout)."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", pattern],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout
        return [ROOT / line for line in out.splitlines() if line and (ROOT / line).exists()]
    except (OSError, subprocess.CalledProcessError):
        return [p for p in ROOT.rglob(pattern) if ".venv" not in p.parts and "_build" not in p.parts]


def cells_with_outputs(notebook: dict) -> list[int]:
    """Indices of the cells that carry outputs or an execution count."""
    return [
        index for index, cell in enumerate(notebook.get("cells", []))
        if cell.get("outputs") or cell.get("execution_count") is not None
    ]


def test_no_committed_notebook_has_outputs():
    offenders = []
    for path in tracked_files("*.ipynb"):
        cells = cells_with_outputs(json.loads(path.read_text(encoding="utf-8")))
        offenders += [f"{path.relative_to(ROOT)} cell {index}" for index in cells]
    assert not offenders, f"notebooks committed with outputs: {offenders}"


def test_output_check_can_fail():
    """The check above must flag a notebook with an output, and pass a clean one."""
    dirty = {"cells": [{"cell_type": "markdown", "source": "x"},
                       {"cell_type": "code", "outputs": [{"output_type": "stream"}],
                        "execution_count": 1, "source": "1"}]}
    clean = {"cells": [{"cell_type": "code", "outputs": [], "execution_count": None, "source": "1"}]}
    assert cells_with_outputs(dirty) == [1]
    assert cells_with_outputs(clean) == []
