"""Export a lab's checks as an Otter-Grader autograder, for a class graded on Gradescope (``make otter``).

Command line::

    python -m scaling_lab.authoring.otter_export --lab lab01_zipf --out _build/otter --wheel-dir _build/lite_dir/pypi

For each exercise of the lab it writes one Otter test file (exception-based, one point): the test
evaluates the answer's expression, taken from the handed-out notebook's check cell, in the notebook's
final namespace and asks the exercise's checker (:data:`scaling_lab.checks.registry.EXERCISES`) whether
it is correct; a failed test shows the checker's hint. Then ``otter generate`` packs the tests, and the
``scaling_lab`` wheel if one is given (installed on Gradescope from ``/autograder/source/files``), into
``<lab>-autograder.zip``. To try it locally: ``otter run -a <lab>-autograder.zip submission.ipynb`` in an
environment where ``scaling_lab`` is importable.

Otter-Grader is not part of the course's environment: install it apart (``pip install otter-grader``,
in a virtual environment of its own) and pass its ``otter`` command with ``--otter`` (or ``OTTER=`` to
make). Unlike ``make grade``, Otter reads every answer at the end of the notebook, not right after its
check cell, and its time limit and isolation are Gradescope's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scaling_lab.authoring.grade import LabReference, lab_reference
from scaling_lab.authoring.setup_cell import find_upwards
from scaling_lab.checks import registry

__all__ = ["AUTOGRADER_DIR", "otter_test", "write_otter_tests", "export_autograder", "main"]

#: Where Gradescope unpacks an autograder; the zip's extra files land in ``source/files/`` there.
AUTOGRADER_DIR = "/autograder"

_TEST = '''\
OK_FORMAT = False

from otter.test_files import test_case

name = {label!r}
points = 1


@test_case(points=1, hidden=False)
def test_answer(env):
    """{label}: the answer `{expression}`, judged by scaling_lab's checker."""
    from scaling_lab.checks.registry import EXERCISES

    try:
        answer = eval({expression!r}, dict(env))
    except Exception as exc:
        raise AssertionError(f"`{expression}` could not be evaluated: {{type(exc).__name__}}: {{exc}}") from None
    result = EXERCISES[{label!r}].check(answer)
    assert result.correct, str(result)
'''


def otter_test(label: str, expression: str) -> str:
    """The source of the Otter test file of one exercise."""
    if label not in registry.EXERCISES:
        raise ValueError(f"label must name an exercise of a lab; got {label!r}")
    compile(expression, "<answer>", "eval")  # a SyntaxError here, not in the autograder
    return _TEST.format(label=label, expression=expression)


def write_otter_tests(reference: LabReference, folder) -> list[Path]:
    """Write one test file per exercise of ``reference`` into ``folder``; return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for label, expression in reference.expressions.items():
        path = folder / f"{label}.py"
        path.write_text(otter_test(label, expression), encoding="utf-8")
        written.append(path)
    return written


def export_autograder(lab: str, out_dir, *, labs_dir=None, wheel=None, otter="otter") -> Path:
    """Write ``<out_dir>/<lab>-autograder.zip`` with ``otter generate``; return its path.

    Parameters
    ----------
    lab : str
        A lab of :data:`scaling_lab.checks.registry.LABS`, e.g. ``"lab01_zipf"``.
    out_dir : str or path
        Folder for the zip (created).
    labs_dir : str or path, optional
        The labs' sources (default ``labs/`` of the repository that holds this package).
    wheel : str or path, optional
        A ``scaling_lab`` wheel to ship in the zip and install on Gradescope.
    otter : str
        The ``otter`` command (a name on ``PATH`` or a path).

    Raises
    ------
    ValueError
        For an unknown lab or a wheel that is not a file.
    RuntimeError
        If ``otter`` cannot be found, or ``otter generate`` fails (its output is in the message).
    """
    if lab not in registry.LABS:
        raise ValueError(f"lab must be one of {sorted(registry.LABS)}; got {lab!r}")
    if wheel is not None and not Path(wheel).is_file():
        raise ValueError(f"wheel must be a file; got {str(wheel)!r}")
    command = shutil.which(otter)
    if command is None:
        raise RuntimeError(f"otter-grader's command {otter!r} was not found: install otter-grader in an "
                           "environment of its own (pip install otter-grader) and pass its otter command")
    if labs_dir is None:
        found = find_upwards(Path(__file__), "labs/lab01_zipf.md")
        labs_dir = found.parent if found else Path("labs")
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{lab}-autograder.zip"
    with tempfile.TemporaryDirectory(prefix="otter-") as scratch:
        work = Path(scratch)
        write_otter_tests(lab_reference(lab, labs_dir, work / "labs"), work / "tests")
        arguments = ["generate", "-t", "tests", "-o", str(target), "--no-config", "--no-environment"]
        if wheel is not None:
            shutil.copy(wheel, work / Path(wheel).name)
            (work / "requirements.txt").write_text(
                f"{AUTOGRADER_DIR}/source/files/{Path(wheel).name}\n", encoding="utf-8")
            arguments += ["-r", "requirements.txt", Path(wheel).name]
        else:
            arguments.append("--no-requirements")
        done = subprocess.run([command, *arguments], cwd=work, capture_output=True, text=True)
        if done.returncode != 0 or not target.is_file():
            raise RuntimeError(f"otter generate failed ({done.returncode}): {(done.stdout + done.stderr)[-2000:]}")
    return target


def main(argv=None) -> int:
    """Command-line entry point (``python -m scaling_lab.authoring.otter_export``, ``make otter``)."""
    parser = argparse.ArgumentParser(prog="python -m scaling_lab.authoring.otter_export",
                                     description="Export labs' checks as Otter-Grader autograder zips.")
    parser.add_argument("--lab", action="append", default=None,
                        help="a lab (repeat for several; default: every lab)")
    parser.add_argument("--out", default="_build/otter", help="output folder (default: _build/otter)")
    parser.add_argument("--labs", default=None, help="folder of the labs' sources (default: labs/)")
    parser.add_argument("--wheel-dir", default=None, help="folder holding the scaling_lab wheel to ship")
    parser.add_argument("--otter", default=os.environ.get("OTTER", "otter"), help="the otter command")
    args = parser.parse_args(argv)
    wheel = None
    if args.wheel_dir:
        wheels = sorted(Path(args.wheel_dir).glob("scaling_lab-*.whl"))
        wheel = wheels[-1] if wheels else None
    try:
        for lab in args.lab or list(registry.LABS):
            print(f"wrote {export_autograder(lab, args.out, labs_dir=args.labs, wheel=wheel, otter=args.otter)}")
    except (ValueError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
