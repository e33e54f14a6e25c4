"""Pack what an instructor hands out and keeps: `make instructor` (python -m scaling_lab.authoring.instructor_pack).

The zip holds, for every lab of `scaling_lab.checks.registry.LABS`:

- `solutions/<lab>.ipynb`: the full lab with its solutions (converted from `labs/<lab>.md`, no outputs,
  starting with the same setup cell as the student version);
- `student/<lab>.ipynb`: the student version to hand out (from `make student`);
- `checks/<lab>.py`: the lab's checkers (expected answers, tolerances, typical mistakes and hints);

and once: the checker core (`checks/core.py`, `checks/spec.py`, `checks/registry.py`), the `scaling_lab`
wheel that installs everything (`pip install scaling_lab-*.whl`), and a README saying what is where.
Nothing here is secret from a grader's point of view; the solutions are what students must not get.
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

ROOT = Path.cwd()  # run from the repository root (make instructor does)
CORE_CHECKS = ("__init__.py", "core.py", "spec.py", "registry.py")

README = """# scaling_lab: instructor pack

For each lab:

{labs}

- `solutions/<lab>.ipynb`: the lab with its solutions, as on the website (run it to see every check say
  "Correct"; its last cell, `sl.require_correct(...)`, fails if one does not).
- `student/<lab>.ipynb`: the version to hand out, with the solutions removed. Its first cell installs
  `scaling_lab` where it is missing (Colab, JupyterLite).
- `checks/<lab>.py`: the checkers: each exercise's expected answer (computed, never typed in), its
  tolerance, and the typical mistakes with their hints.

`{wheel}` installs the package with the checkers (`pip install {wheel}`). The checker core is in
`checks/core.py` and `checks/spec.py`; `checks/registry.py` lists the labs.
"""


def solution_notebook(source: Path, repository):
    """The lab with its solutions as a plain notebook, starting with the setup cell."""
    import jupytext

    from scaling_lab.authoring.setup_cell import with_setup_cell

    notebook = jupytext.read(source)
    notebook.metadata.pop("jupytext", None)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return with_setup_cell(notebook, repository)


def pack(out: Path, student_dir: Path, wheel_dir: Path, root: Path = ROOT) -> list[str]:
    """Write the zip; return the names in it."""
    import nbformat

    from scaling_lab.checks import registry
    from scaling_lab.authoring.setup_cell import course_repository

    repository = course_repository(root)
    wheels = sorted(wheel_dir.glob("scaling_lab-*.whl"))
    if len(wheels) != 1:
        raise FileNotFoundError(f"expected one scaling_lab wheel in {wheel_dir} (make wheel); found {wheels}")
    checks_dir = root / "scaling_lab" / "checks"
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for lab in sorted(registry.LABS):
            student = student_dir / f"{lab}.ipynb"
            if not student.is_file():
                raise FileNotFoundError(f"{student} is missing: run make student")
            archive.writestr(f"solutions/{lab}.ipynb",
                             nbformat.writes(solution_notebook(root / "labs" / f"{lab}.md", repository)))
            archive.write(student, f"student/{lab}.ipynb")
            archive.write(checks_dir / f"{lab}.py", f"checks/{lab}.py")
        for name in CORE_CHECKS:
            archive.write(checks_dir / name, f"checks/{name}")
        archive.write(wheels[0], wheels[0].name)
        labs = "\n".join(f"- `{lab}`" for lab in sorted(registry.LABS))
        archive.writestr("README.md", README.format(labs=labs, wheel=wheels[0].name))
        return archive.namelist()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--student", type=Path, default=ROOT / "_build" / "student")
    parser.add_argument("--wheel-dir", type=Path, default=ROOT / "_build" / "lite_dir" / "pypi")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "instructor" / "scaling_lab_instructor.zip")
    args = parser.parse_args(argv)
    try:
        names = pack(args.out, args.student, args.wheel_dir)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out} ({len(names)} files)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
