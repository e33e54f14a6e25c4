"""Grade a folder of submitted lab notebooks: ``make grade SUBMISSIONS=<folder>``.

Command line::

    python -m scaling_lab.authoring.grade SUBMISSIONS_FOLDER --out _build/grades

Every ``*.ipynb`` under the folder is one submission.  Its lab is recognised from the exercise labels it
holds (or its file name, or ``--lab``), and the lab's student notebook is built afresh from
``labs/<lab>.md`` (:func:`scaling_lab.authoring.student.make_student_version`): its check cells,
``sl.check("<label>", <expression>)``, say which expression is each exercise's answer.

Each submission then runs in a process of its own (:mod:`scaling_lab.authoring.grade_runner`), several at
once, with a time limit per cell and one for the whole notebook, and without network: in a network
namespace with no interface up (``unshare -n``, or ``unshare -rn`` where user namespaces are allowed), and
with Python's sockets refused inside the process in any case.  After the cell that checks each exercise (or,
if that cell was deleted, after its placeholder; or at the end) the worker evaluates the handed-out
expression in the notebook's namespace and sends the value out as plain data.  The verdict comes from the
checkers of this process (:data:`scaling_lab.checks.registry.EXERCISES`), which no student code touched:
replacing ``sl.check`` or rewriting a check cell changes what the notebook printed, never its grade (the
hint column notes it).

Outputs, in ``--out``: ``grades.csv`` (``file, exercise, verdict, hint``: one row per submission and
exercise; the verdicts are listed in :data:`VERDICTS`), ``grades.png`` (:func:`plot_grades`: the score
distribution and the most common mistake per exercise) and ``logs/`` (what each notebook printed,
tracebacks included).  A broken submission (not JSON, a syntax error, a cell that never ends, deleted
cells) gets its verdicts and never stops the run.
"""

from __future__ import annotations

import argparse
import ast
import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scaling_lab.authoring.grade_report import plot_grades, scores, write_csv
from scaling_lab.authoring.setup_cell import find_upwards
from scaling_lab.checks import registry
from scaling_lab.checks.spec import FunctionExercise

__all__ = ["VERDICTS", "Grade", "GradingRun", "LabReference", "lab_reference", "identify_lab", "decode",
           "network_isolation", "grade_folder", "main"]

#: Every verdict a row of grades.csv can carry, and what it means.
VERDICTS = {
    "correct": "the checker accepts the answer",
    "wrong": "the checker rejects the answer; the hint says why",
    "unanswered": "the placeholder ... is still there",
    "missing": "the answer is not defined when its check runs (its cells were deleted, or never assign it)",
    "error": "the answer could not be evaluated: a cell raised, or the notebook's process died",
    "timeout": "a cell, or the whole notebook, ran past its time limit before the answer was computed",
    "unreadable": "the file is not a Jupyter notebook (not JSON, or not nbformat)",
    "unknown lab": "no exercise of any lab was found in the notebook, and --lab was not given",
}
_CHECKED_BY_GRADER = "the grader checked the answer itself"


@dataclass(frozen=True)
class Grade:
    """One row of grades.csv; ``mistake`` is the checker's own hint for a wrong answer (for the figure)."""

    file: str
    exercise: str
    verdict: str
    hint: str = ""
    mistake: str = ""


@dataclass(frozen=True)
class LabReference:
    """A lab as handed out: its exercise labels in order, each answer's expression and check cell."""

    lab: str
    expressions: dict
    check_sources: dict


@dataclass(frozen=True)
class GradingRun:
    """What :func:`grade_folder` did: the grades, the files written, how the network was cut, the time taken."""

    grades: tuple
    csv_path: Path
    figure_path: Path
    network: str
    seconds: float


# ------------------------------------------------------------------------------------ the labs
def _check_calls(source: str):
    """(label, expression) of every ``sl.check("<label>", <expression>)`` in a cell's code."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "check"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "sl" and len(node.args) == 2
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.args[0].value, ast.get_source_segment(source, node.args[1])))
    return found


def lab_reference(lab: str, labs_dir, workdir) -> LabReference:
    """Build ``labs_dir/<lab>.md``'s student notebook into ``workdir`` and read its check cells."""
    import nbformat

    from scaling_lab.authoring.student import make_student_version

    if lab not in registry.LABS:
        raise ValueError(f"lab must be one of {sorted(registry.LABS)}; got {lab!r}")
    notebook = nbformat.read(make_student_version(Path(labs_dir) / f"{lab}.md", Path(workdir) / lab), 4)
    expressions, sources = {}, {}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for label, expression in _check_calls(cell.source):
                expressions[label], sources[label] = expression, cell.source.strip()
    missing = set(registry.LABS[lab].EXERCISES) - set(expressions)
    if missing:
        raise ValueError(f"labs/{lab}.md has no check cell for {sorted(missing)}")
    return LabReference(lab, {k: expressions[k] for k in registry.LABS[lab].EXERCISES}, sources)


def identify_lab(notebook, file_name: str = "") -> str | None:
    """The lab whose exercise labels a submission holds most often (else whose name its file name contains)."""
    from scaling_lab.authoring.student import lab_structure

    labels = set(lab_structure(notebook)) if notebook is not None else set()
    votes = {lab: len(labels & set(module.EXERCISES)) for lab, module in registry.LABS.items()}
    best = max(votes, key=votes.get)
    if votes[best] > 0:
        return best
    return next((lab for lab in registry.LABS if lab in file_name), None)


# ------------------------------------------------------------------------------- one submission
def _read(path: Path):
    """(notebook, None) or (None, why it is unreadable)."""
    import nbformat

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"cannot read the file: {exc}"
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}): not a Jupyter notebook"
    try:
        notebook = nbformat.reads(text, as_version=4)
        cells = [(cell.cell_type, cell.source) for cell in notebook.cells]
    except Exception as exc:  # nbformat raises many kinds on JSON that is not a notebook
        return None, f"JSON, but not a Jupyter notebook: {type(exc).__name__}: {str(exc)[:120]}"
    if not all(isinstance(source, str) for _, source in cells):
        return None, "JSON, but not a Jupyter notebook: a cell's source is not text"
    return notebook, None


def _job(notebook, reference: LabReference, cell_timeout: float, memory_mb):
    """The worker's job, each exercise's cells (a range of cell numbers), and notes on edited check cells."""
    from scaling_lab.authoring.student import lab_structure

    structure = lab_structure(notebook)
    code = [(number, cell.source) for number, cell in enumerate(notebook.cells, 1) if cell.cell_type == "code"]
    position = {number: i for i, (number, _) in enumerate(code)}
    captures, anchors, checks, notes = [], {}, {}, {}
    for label, expression in reference.expressions.items():
        parts = structure.get(label, {"placeholders": [], "checks": []})
        placeholder = parts["placeholders"][-1] + 1 if parts["placeholders"] else None
        check = checks[label] = parts["checks"][-1] + 1 if parts["checks"] else None
        anchor = anchors[label] = check or placeholder
        captures.append({"label": label, "expr": expression, "after": position[anchor] if anchor else -1})
    # An exercise's cells: those after the previous exercise's anchor, up to its own (or to the end).
    cells_of = {}
    for label, anchor in anchors.items():
        end = anchor or len(notebook.cells)
        cells_of[label] = (max((a for a in anchors.values() if a and a < end), default=0), end)
    for label, check in checks.items():
        if check is None:
            notes[label] = f"its check cell was deleted or rewritten; {_CHECKED_BY_GRADER}"
        elif notebook.cells[check - 1].source.strip() != reference.check_sources[label]:
            notes[label] = f"its check cell (cell {check}) was edited; {_CHECKED_BY_GRADER}"
    job = {"cells": [{"number": n, "source": s} for n, s in code], "captures": captures,
           "cell_timeout": cell_timeout, "memory_mb": memory_mb}
    return job, cells_of, notes


def _run(job: dict, workdir: Path, timeout: float, prefix: tuple, log_path: Path):
    """Run the worker on ``job``: its events, whether it was killed for time, its exit code, its last line."""
    import scaling_lab

    workdir.mkdir(parents=True)
    (workdir / "job.json").write_text(json.dumps(job), encoding="utf-8")
    events_path = workdir / "events.jsonl"
    env = dict(os.environ, MPLBACKEND="Agg")
    env.pop("SCALING_LAB_CACHE", None)  # a shared cache would let one notebook write what another reads
    package_root = str(Path(scaling_lab.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    command = [*prefix, sys.executable, "-m", "scaling_lab.authoring.grade_runner", "job.json", "events.jsonl"]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(workdir / "output.txt", "wb") as output:
        process = subprocess.Popen(command, cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=output,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            returncode, killed = process.wait(timeout=timeout), False
        except subprocess.TimeoutExpired:
            returncode, killed = None, True
        try:  # the notebook's process group: also any program it started
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        process.wait()
    text = (workdir / "output.txt").read_bytes()
    log_path.write_bytes(text[-200_000:])
    events = []
    if events_path.exists():
        for line in events_path.read_text(encoding="utf-8").splitlines():
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError:  # the last line, cut by the kill
                break
    return events, killed, returncode, text.decode("utf-8", "replace").strip().splitlines()[-1:]


# ------------------------------------------------------------------------------- the verdicts
_STAND_INS = {"str": "", "bytes": b"", "dict": {}, "set": set(), "bool": False, "bool_": np.False_}


def _class_name(name) -> str:
    """A student's type name, made safe to name a class with (letters, digits and underscores)."""
    return "".join(c for c in str(name) if c.isalnum() or c == "_")[:60] or "object"


def _stand_in(type_name: str, representation: str, is_callable: bool = False):
    """An object of a class with the answer's type name that no checker reads as numbers."""
    attributes = {"__repr__": lambda self: representation}
    if is_callable:
        attributes["__call__"] = lambda self, *args, **kwargs: None
    return type(_class_name(type_name), (), attributes)()


def _replay(calls: list):
    """A function that returns (or raises) what the student's function did on the checker's inputs, in order."""
    recorded = iter(calls)

    def student_function(*args, **kwargs):
        call = next(recorded, None)
        if call is None:
            raise RuntimeError("the grader has no recorded output for this call")
        if "raised" in call:
            raise type(_class_name(call["raised"]), (Exception,), {})(call["message"])
        return decode(call["value"])
    return student_function


def decode(encoded: dict, spec=None):
    """The value a checker should judge for an answer recorded by :func:`grade_runner.encode`."""
    kind = encoded.get("kind") if isinstance(encoded, dict) else None
    if kind not in ("ellipsis", "none", "function", "array", "type", "other", "choice"):
        raise ValueError(f"encoded must be a dict made by grade_runner.encode; got {encoded!r}")
    if kind == "ellipsis":
        return Ellipsis
    if kind == "none":
        return None
    if kind == "function":
        return _replay(encoded["calls"])
    if isinstance(spec, FunctionExercise):  # not a function: the checker names its type
        return _stand_in(encoded["type"], f"<{encoded['type']}>")
    if kind == "array":
        return np.array(encoded["data"], dtype=float).reshape(encoded["shape"])
    if kind == "choice":  # a decision (True/False or a word), judged as it was given
        value = encoded.get("value")
        return value if isinstance(value, (bool, str)) else _stand_in("object", repr(value))
    if kind == "type":
        if encoded["type"] in _STAND_INS:
            return _STAND_INS[encoded["type"]]
        return _stand_in(encoded["type"], f"<{encoded['type']}>", encoded.get("callable", False))
    return _stand_in(encoded["type"], encoded.get("repr", ""))


def _judge(label: str, encoded: dict) -> tuple[str, str, str]:
    spec = registry.EXERCISES[label]
    try:
        result = spec.check(decode(encoded, spec))
    except Exception as exc:  # a checker must not raise; if one does, say so rather than stop the run
        return "error", f"the checker raised {type(exc).__name__}: {exc}", ""
    if result.status == "unanswered":
        return "unanswered", "not answered yet: the placeholder ... is still there", ""
    if result.status == "correct":
        return "correct", "", ""
    return "wrong", result.hint + (f" ({result.message})" if result.message else ""), result.hint


def _grades_of(file: str, reference: LabReference, run, cells_of: dict, notes: dict, timeout: float):
    events, killed, returncode, last_output = run
    answers = {e["label"]: e for e in events if e["event"] == "answer"}
    failed = {e["cell"]: e for e in events if e["event"] == "failed"}
    started = [e["cell"] for e in events if e["event"] == "start"]
    running = f" (cell {started[-1]} was running)" if started else ""
    grades = []
    for label, expression in reference.expressions.items():
        note = [notes[label]] if label in notes else []
        answer = answers.get(label)
        first_cell, last_cell = cells_of[label]
        own_failures = [f for n, f in sorted(failed.items()) if first_cell < n <= last_cell]
        if answer is None and killed:
            verdict, hint, mistake = "timeout", (f"the notebook ran past its time limit of {timeout:g} s"
                                                 f"{running}; this answer was never reached"), ""
        elif answer is None:
            said = f": {last_output[0][:200]}" if last_output else ""
            verdict, hint, mistake = "error", (f"the notebook's process ended (exit code {returncode}){running} "
                                               f"before this answer was reached{said}"), ""
        elif "value" in answer:
            verdict, hint, mistake = _judge(label, answer["value"])
            note += [f"cell {f['cell']}: {f['error']}" for f in own_failures]
        elif own_failures:
            first = own_failures[0]
            verdict = "timeout" if first["timeout"] else "error"
            hint, mistake = f"cell {first['cell']}: {first['error']}", ""
        elif answer["error"].startswith("NameError"):
            earlier = [f"cell {n}: {f['error']}" for n, f in sorted(failed.items())]
            verdict, mistake = "missing", ""
            hint = f"`{expression}` is not defined when its check runs: its cells were deleted or never assign it"
            hint += f" (a cell failed earlier, {earlier[0]})" if earlier else ""
        else:
            verdict, hint, mistake = "error", f"evaluating `{expression}` raised {answer['error']}", ""
        if answer is not None and answer.get("check_replaced"):
            note.append(f"sl.check was replaced in this notebook; {_CHECKED_BY_GRADER}")
        hint = "; ".join([hint] * bool(hint) + note)
        grades.append(Grade(file, label, verdict, hint, mistake))
    return grades


# ------------------------------------------------------------------------------- the whole folder
@functools.cache
def network_isolation(mode: str = "auto") -> tuple[tuple, str]:
    """The command prefix that cuts a worker off the network, and a sentence saying how.

    ``mode`` is ``"auto"`` (a network namespace if ``unshare`` may make one, else the socket guard
    alone), ``"unshare"`` (a namespace, or ``RuntimeError``) or ``"guard"`` (the socket guard alone).
    """
    if mode not in ("auto", "unshare", "guard"):
        raise ValueError(f"mode must be 'auto', 'unshare' or 'guard'; got {mode!r}")
    guard = "Python's sockets refused inside the notebook's process"
    if mode != "guard" and shutil.which("unshare"):
        for prefix in (("unshare", "-n"), ("unshare", "-rn")):
            if subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
                return prefix, f"a network namespace with no interface up (`{' '.join(prefix)}`), and {guard}"
    if mode == "unshare":
        raise RuntimeError("neither `unshare -n` nor `unshare -rn` is permitted here; use network='guard'")
    return (), f"{guard} only (`unshare` cannot make a network namespace here)"


def grade_folder(submissions, out_dir, *, lab=None, labs_dir=None, jobs=None, cell_timeout=120.0,
                 timeout=600.0, network="auto", memory_mb=4096) -> GradingRun:
    """Grade every ``*.ipynb`` under ``submissions``; write grades.csv, grades.png and logs/ to ``out_dir``.

    Parameters
    ----------
    submissions : str or path
        A folder of submitted notebooks (searched recursively; checkpoints are skipped).
    out_dir : str or path
        Where the results go (created).
    lab : str, optional
        The lab of every submission (a stem of ``labs/``); by default each is recognised by its labels.
    labs_dir : str or path, optional
        The labs' sources (default: ``labs/`` of the repository that holds this package).
    jobs : int, optional
        Notebooks run at once (default: the number of CPUs).
    cell_timeout, timeout : float
        Time limits in seconds, > 0: per cell, and per notebook.
    network : {"auto", "unshare", "guard"}
        How the network is cut (:func:`network_isolation`).
    memory_mb : int or None
        The address-space limit of each notebook's process, in MiB (None: no limit).

    Returns
    -------
    GradingRun
    """
    started = time.monotonic()
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise ValueError(f"submissions must be a folder; got {str(submissions)!r}")
    for name, value in (("cell_timeout", cell_timeout), ("timeout", timeout)):
        if not np.isfinite(value) or value <= 0:
            raise ValueError(f"{name} must be a finite number of seconds > 0; got {value!r}")
    for name, value in (("jobs", jobs), ("memory_mb", memory_mb)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            raise ValueError(f"{name} must be a whole number >= 1 (or None); got {value!r}")
    if lab is not None and lab not in registry.LABS:
        raise ValueError(f"lab must be one of {sorted(registry.LABS)}; got {lab!r}")
    if labs_dir is None:
        found = find_upwards(Path(__file__), "labs/lab01_zipf.md")
        labs_dir = found.parent if found else Path("labs")
    prefix, how = network_isolation(network)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in submissions.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    grades: dict[str, list[Grade]] = {}
    with tempfile.TemporaryDirectory(prefix="grade-") as scratch:
        references, pending = {}, {}
        for index, path in enumerate(files):
            name = path.relative_to(submissions).as_posix()
            notebook, unreadable = _read(path)
            which = lab or identify_lab(notebook, path.name)
            if which is None:
                verdict = "unreadable" if unreadable else "unknown lab"
                grades[name] = [Grade(name, "", verdict, unreadable or VERDICTS["unknown lab"])]
                continue
            if which not in references:
                references[which] = lab_reference(which, labs_dir, Path(scratch) / "labs")
            if unreadable:
                grades[name] = [Grade(name, label, "unreadable", unreadable) for label in references[which].expressions]
                continue
            job, cells_of, notes = _job(notebook, references[which], cell_timeout, memory_mb)
            pending[name] = (references[which], job, cells_of, notes, Path(scratch) / f"run{index}")
        with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
            runs = {name: pool.submit(_run, job, workdir, timeout, prefix, out_dir / "logs" / f"{name}.txt")
                    for name, (_, job, _, _, workdir) in pending.items()}
            for name, (reference, _, cells_of, notes, _) in pending.items():
                grades[name] = _grades_of(name, reference, runs[name].result(), cells_of, notes, timeout)
    rows = tuple(g for name in sorted(grades) for g in grades[name])
    csv_path, figure_path = write_csv(rows, out_dir / "grades.csv"), plot_grades(rows, out_dir / "grades.png")
    return GradingRun(rows, csv_path, figure_path, how, time.monotonic() - started)



def main(argv=None) -> int:
    """Command-line entry point (``python -m scaling_lab.authoring.grade``, ``make grade``)."""
    parser = argparse.ArgumentParser(
        prog="python -m scaling_lab.authoring.grade",
        description="Run and grade every submitted lab notebook in a folder: grades.csv and grades.png.")
    parser.add_argument("submissions", help="folder of submitted .ipynb files")
    parser.add_argument("--out", default="_build/grades", help="output folder (default: _build/grades)")
    parser.add_argument("--lab", default=None, help=f"the lab of every submission, one of {sorted(registry.LABS)}")
    parser.add_argument("--labs", default=None, help="folder of the labs' sources (default: labs/)")
    parser.add_argument("--jobs", type=int, default=None, help="notebooks run at once (default: CPUs)")
    parser.add_argument("--cell-timeout", type=float, default=120.0, help="seconds per cell (default 120)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per notebook (default 600)")
    parser.add_argument("--network", choices=("auto", "unshare", "guard"), default="auto",
                        help="cut the network with a namespace (unshare) and a socket guard, or the guard only")
    parser.add_argument("--memory-mb", type=int, default=4096, help="memory limit per notebook (MiB; 0: none)")
    args = parser.parse_args(argv)
    try:
        run = grade_folder(args.submissions, args.out, lab=args.lab, labs_dir=args.labs, jobs=args.jobs,
                           cell_timeout=args.cell_timeout, timeout=args.timeout, network=args.network,
                           memory_mb=args.memory_mb or None)
    except (ValueError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for file, (right, total) in scores(run.grades).items():
        print(f"{right:3d}/{total:<3d} {file}")
    print(f"graded {len(scores(run.grades))} notebooks in {run.seconds:.1f} s; network: {run.network}")
    print(f"wrote {run.csv_path} and {run.figure_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
